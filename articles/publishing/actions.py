"""
Every change of an article's status, one function per act.

The admin form, its list and bulk actions, the importer and any later entry
point (an API) call these and nothing else: each one checks the permission
(``articles.publishing.permissions``), runs the pre-publish gate
(``articles.publishing.gate``), records an override with its reason, saves the
article with a version, and writes the audit entry, all in one transaction.
A refusal raises ``PublishingRefused`` listing every reason; a refusal for
lack of permission also leaves a "refused" audit entry an editor can see.

The acts:

- ``submit_for_review``: draft -> in review (its writer or an editor);
- ``withdraw``: in review -> draft, the writer taking their submission back;
- ``return_to_writer``: in review -> draft, an editor sending it back with a note;
- ``publish``: -> published now (or at ``at``), despite the overridable
  checks when an editor gives a reason;
- ``schedule``: -> published at a time in the future;
- ``embargo_until``: scheduled, and readable before by partners through a preview link;
- ``unpublish``: published or scheduled -> draft (or in review).

``change_status`` picks the act a form's status and date mean;
``check_status_change`` is its dry run, for forms that show errors before saving.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from functools import partial

import reversion
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from articles.models import Article, AuditEntry

from .gate import publication_checks
from .permissions import can_edit_article, can_publish, can_submit

Status = Article.Status


class PublishingRefused(ValidationError):
    """
    An act was refused; ``reasons`` lists every reason. ``overridable``: an
    editor could publish anyway by giving a reason. A ``ValidationError``, so
    forms show the reasons as they are.
    """

    def __init__(
        self,
        reasons: Iterable,
        *,
        article: Article | None = None,
        overridable: bool = False,
        permission: bool = False,
    ):
        code = "permission" if permission else "not_publishable"
        errors = [
            reason
            if isinstance(reason, ValidationError)
            else ValidationError(str(reason), code=code)
            for reason in reasons
        ]
        super().__init__(errors)
        self.reasons = [message for error in errors for message in error.messages]
        self.article = article
        self.overridable = overridable
        self.permission = permission

    def __str__(self):
        return " ".join(self.reasons)


# --- Audit -------------------------------------------------------------------


def override_details(reason: str, problems: Iterable) -> dict:
    """What an audit entry keeps of a publication despite the pre-publish gate."""
    return {"override_reason": reason.strip(), "overridden_problems": [str(p) for p in problems]}


def record_refusal(article: Article, user, reasons: Iterable, attempted: dict | None = None):
    """A refused attempt, kept for editors: who tried what, and why it was refused."""
    details = {"reasons": [str(reason) for reason in reasons]}
    if attempted:
        details["attempted"] = {key: str(value) for key, value in attempted.items()}
    return AuditEntry.record(article, AuditEntry.Action.REFUSED, user, details)


def _refuse(article: Article, user, reason: str, attempted: dict) -> None:
    record_refusal(article, user, [reason], attempted)
    raise PublishingRefused([reason], article=article, permission=True)


def _require_publisher(article: Article, user, act: str, attempted: dict | None = None) -> None:
    if not can_publish(user):
        _refuse(
            article,
            user,
            _("Only editors can publish, schedule or unpublish articles."),
            {"act": act, **(attempted or {})},
        )


def save_with_audit(article: Article, user, action: str, details: dict | None = None) -> None:
    """Save the article with a version and its audit entry: they stand or fall together."""
    acting = user if getattr(user, "pk", None) else None
    with transaction.atomic():
        article._acting_user = acting
        if reversion.is_active():
            reversion.set_comment(str(AuditEntry.Action(action).label))
            if acting is not None:
                reversion.set_user(acting)
        article.save()
        AuditEntry.record(article, action, user, details)


# --- The gate ------------------------------------------------------------------


def check_publishable(
    article: Article, user=None, *, override_reason: str = "", tags: Iterable[str] | None = None
) -> list[str]:
    """
    Refuse with every reason the article cannot be published; with an
    override reason (editors only), refuse only for the rules that cannot be
    overridden. Returns the problems overridden.
    """
    reason = (override_reason or "").strip()
    if reason and not can_publish(user):
        _refuse(
            article,
            user,
            _("Only editors can publish despite the checks."),
            {"override_reason": reason},
        )
    checks = publication_checks(article, tags)
    refused = [check.reason for check in checks if not (check.overridable and reason)]
    if refused:
        raise PublishingRefused(
            refused, article=article, overridable=all(check.overridable for check in checks)
        )
    return [check.reason for check in checks]


def _check_publication(
    article: Article,
    user,
    *,
    at: datetime | None,
    embargo: bool,
    override_reason: str,
    tags: Iterable[str] | None,
) -> list[str]:
    attempted = {"published_at": at.isoformat()} if at else {}
    _require_publisher(article, user, "publish", attempted)
    reasons: list[ValidationError] = []
    if embargo and (at or article.published_at or timezone.now()) <= timezone.now():
        reasons.append(
            ValidationError(
                _(
                    "An embargoed article needs a publication date in the future: "
                    "the end of the embargo."
                ),
                code="embargo_needs_future_date",
            )
        )
    try:
        overridden = check_publishable(article, user, override_reason=override_reason, tags=tags)
    except PublishingRefused as refusal:
        raise PublishingRefused(
            reasons + refusal.error_list, article=article, overridable=refusal.overridable
        ) from None
    if reasons:
        raise PublishingRefused(reasons, article=article)
    return overridden


# --- The acts -------------------------------------------------------------------


def publish(
    article: Article,
    user,
    *,
    at: datetime | None = None,
    override_reason: str = "",
    embargo: bool | None = None,
    tags: Iterable[str] | None = None,
) -> str:
    """
    Publish now, or schedule for ``at`` when it is in the future. "Publish
    now" on a scheduled article publishes it now; an article published before
    keeps its original date. With ``override_reason``, an editor publishes
    despite the overridable checks; the reason and the problems are audited.
    ``embargo``: True embargoes until ``at``, False lifts the embargo flag.
    Returns the audit action (published or scheduled).
    """
    overridden = _check_publication(
        article,
        user,
        at=at,
        embargo=bool(embargo),
        override_reason=override_reason,
        tags=tags,
    )
    now = timezone.now()
    article.status = Status.PUBLISHED
    if at is not None:
        article.published_at = at
    elif article.published_at is None or article.published_at > now:
        article.published_at = now
    if embargo is not None:
        article.is_embargoed = embargo
    scheduled = article.published_at > now
    action = AuditEntry.Action.SCHEDULED if scheduled else AuditEntry.Action.PUBLISHED
    details = {"published_at": article.published_at.isoformat()}
    if scheduled and article.is_embargoed:
        details["embargo"] = True
    if overridden:
        details.update(override_details(override_reason, overridden))
    save_with_audit(article, user, action, details)
    return action


def _future(article: Article, user, at: datetime | None, act: str) -> None:
    _require_publisher(article, user, act, {"published_at": at.isoformat()} if at else {})
    if at is None or at <= timezone.now():
        raise PublishingRefused(
            [_("Choose a time in the future, or use “Publish now”.")], article=article
        )


def schedule(article: Article, user, at: datetime, *, override_reason: str = "", tags=None) -> str:
    """Publish at ``at``, a time in the future: the article appears by itself then."""
    _future(article, user, at, "schedule")
    return publish(article, user, at=at, override_reason=override_reason, tags=tags)


def embargo_until(
    article: Article, user, until: datetime, *, override_reason: str = "", tags=None
) -> str:
    """Schedule for ``until`` under embargo: partners may read it before through a preview link."""
    _future(article, user, until, "embargo")
    return publish(
        article, user, at=until, override_reason=override_reason, embargo=True, tags=tags
    )


def unpublish(article: Article, user, *, to: str = Status.DRAFT) -> None:
    """Take a published or scheduled article off the site (back to draft, or in review)."""
    _require_publisher(article, user, "unpublish")
    article.status = to
    save_with_audit(article, user, AuditEntry.Action.UNPUBLISHED)


def submit_for_review(article: Article, user) -> bool:
    """A draft goes to the editors. Returns False (nothing done) for an article that is not a draft."""
    if not can_submit(user, article):
        _refuse(article, user, _("You can only submit your own articles."), {"act": "submit"})
    if article.status != Status.DRAFT:
        return False
    article.status = Status.REVIEW
    save_with_audit(article, user, AuditEntry.Action.SUBMITTED)
    return True


def withdraw(article: Article, user) -> bool:
    """The writer takes their submission back: in review -> draft."""
    if not can_edit_article(user, article):
        _refuse(article, user, _("You can only withdraw your own articles."), {"act": "withdraw"})
    if article.status != Status.REVIEW:
        return False
    article.status = Status.DRAFT
    save_with_audit(article, user, AuditEntry.Action.WITHDRAWN)
    return True


def return_to_writer(article: Article, user, note: str = "") -> bool:
    """An editor sends an article in review back to its writer, with a note."""
    _require_publisher(article, user, "return")
    if article.status != Status.REVIEW:
        return False
    article.status = Status.DRAFT
    save_with_audit(
        article, user, AuditEntry.Action.RETURNED, {"note": note.strip()} if note else {}
    )
    return True


# --- A form's status field ---------------------------------------------------------


def _same_second(a: datetime | None, b: datetime | None) -> bool:
    if a is None or b is None:
        return a is b
    return a.replace(microsecond=0) == b.replace(microsecond=0)


def plan_status_change(
    article: Article,
    user,
    status: str,
    *,
    at: datetime | None = None,
    embargo: bool | None = None,
    override_reason: str = "",
    tags: Iterable[str] | None = None,
) -> Callable[[], object] | None:
    """
    The act that moving ``article`` (as stored) to ``status`` at ``at`` means,
    checked but not done: None when nothing changes, else a function doing it.
    Raises ``PublishingRefused`` with every reason.
    """
    current = article.status
    if status == Status.PUBLISHED:
        republish = current != Status.PUBLISHED or not _same_second(at, article.published_at)
        if not republish and (embargo is None or embargo == article.is_embargoed):
            return None
        options = {"at": at, "embargo": embargo, "override_reason": override_reason, "tags": tags}
        _check_publication(article, user, **{**options, "embargo": bool(embargo)})
        return partial(publish, article, user, **options)
    if current == Status.PUBLISHED:
        _require_publisher(article, user, "unpublish")
        return partial(unpublish, article, user, to=status)
    if status == Status.REVIEW and current == Status.DRAFT:
        if not can_submit(user, article):
            _refuse(article, user, _("You can only submit your own articles."), {"act": "submit"})
        return partial(submit_for_review, article, user)
    if status == Status.DRAFT and current == Status.REVIEW:
        act = return_to_writer if can_publish(user) else withdraw
        return partial(act, article, user)
    return None


def change_status(article: Article, user, status: str, **options) -> bool:
    """Move ``article`` to ``status`` through the act it means; False when nothing changed."""
    act = plan_status_change(article, user, status, **options)
    if act is None:
        return False
    act()
    return True
