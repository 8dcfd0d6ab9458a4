"""
What a save of the article form did, said in so many words: "“X” was sent
for review", "“X” is scheduled for ...", rather than Django's generic "was
changed successfully". The admin's save_model notes the publishing act that
ran (``request.publishing_act``, an AuditEntry action); the message is built
from it and from the article as saved.
"""

from __future__ import annotations

from django.contrib import messages
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from articles.models import Article, AuditEntry

Action = AuditEntry.Action


def _when(moment) -> str:
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def _after_act(article: Article, act: str) -> str | None:
    """The message of a publishing act, or None for an act this module does not name."""
    values = {"article": article.headline}
    if act == Action.SUBMITTED:
        return _("“%(article)s” was sent for review.") % values
    if act == Action.PUBLISHED:
        return _("“%(article)s” is published: readers see it now.") % values
    if act == Action.SCHEDULED:
        values["date"] = _when(article.published_at)
        if article.is_embargoed:
            return _("“%(article)s” is under embargo until %(date)s, then published.") % values
        return _("“%(article)s” is scheduled: it will be published on %(date)s.") % values
    if act == Action.UNPUBLISHED:
        values["status"] = article.get_status_display().lower()
        return _("“%(article)s” was taken off the site (now: %(status)s).") % values
    if act == Action.RETURNED:
        return _("“%(article)s” was returned to its writer.") % values
    if act == Action.WITHDRAWN:
        return _("“%(article)s” was withdrawn from review: it is a draft again.") % values
    return None


def _plain_save(article: Article) -> str:
    """A save that changed no status: what the article is now."""
    values = {"article": article.headline}
    if article.is_scheduled():
        values["date"] = _when(article.published_at)
        return _("“%(article)s” was saved; it is still scheduled for %(date)s.") % values
    if article.status == Article.Status.PUBLISHED:
        return _("“%(article)s” was updated: readers see the new version.") % values
    if article.status == Article.Status.REVIEW:
        return _("“%(article)s” was saved; it is still awaiting review.") % values
    return _("Draft “%(article)s” saved.") % values


def outcome_message(article: Article, act: str | None) -> str:
    return (act and _after_act(article, act)) or _plain_save(article)


class SaveOutcomeMessages:
    """Mixed into ArticleAdmin: the generic success message of a save says what happened."""

    def _say_outcome(self, request, obj) -> None:
        request.save_outcome = outcome_message(obj, getattr(request, "publishing_act", None))

    def message_user(self, request, message, level=messages.INFO, *args, **kwargs):
        outcome = getattr(request, "save_outcome", None)
        if outcome and level == messages.SUCCESS:
            # Django's "… was added/changed successfully": ours instead, once.
            request.save_outcome = None
            message = outcome
        return super().message_user(request, message, level, *args, **kwargs)

    def response_add(self, request, obj, post_url_continue=None):
        self._say_outcome(request, obj)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        if getattr(request, "staged_revision", None) is None:
            self._say_outcome(request, obj)
        return super().response_change(request, obj)
