"""What an import did (or, in a dry run, would do) to each item's article."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy

from articles.models import Article, Photo, PhotoCredit

from .items import ParsedItem


class Action:
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    WITHDRAWN = "withdrawn"
    EXISTING = "existing"  # a re-sent export without a version: --update refreshes it
    WOULD_CREATE = "would create"
    WOULD_UPDATE = "would update"
    WOULD_WITHDRAW = "would withdraw"


ACTION_LABELS = {
    Action.CREATED: gettext_lazy("created"),
    Action.UPDATED: gettext_lazy("updated"),
    Action.UNCHANGED: gettext_lazy("unchanged"),
    Action.WITHDRAWN: gettext_lazy("withdrawn"),
    Action.EXISTING: gettext_lazy("already imported"),
    Action.WOULD_CREATE: gettext_lazy("would create"),
    Action.WOULD_UPDATE: gettext_lazy("would update"),
    Action.WOULD_WITHDRAW: gettext_lazy("would withdraw"),
}
DRY_RUN_ACTIONS = {
    Action.CREATED: Action.WOULD_CREATE,
    Action.UPDATED: Action.WOULD_UPDATE,
    Action.WITHDRAWN: Action.WOULD_WITHDRAW,
}


@dataclass
class ImportResult:
    parsed: ParsedItem
    action: str
    article: Article | None = None
    headline: str = ""
    warnings: list[str] = field(default_factory=list)
    pictures: list[str] = field(default_factory=list)  # delivered files used
    photo: Photo | None = None  # a picture item's photo, when no article was made

    @property
    def action_label(self) -> str:
        return str(ACTION_LABELS[self.action])

    @property
    def url(self) -> str:
        """Public address when published (or scheduled), admin address otherwise."""
        if self.article is not None:
            return article_url(self.article)
        if self.photo is not None:
            return settings.NEWSROOM_BASE_URL + admin_url("photo", self.photo.pk)
        return ""


@dataclass
class ImportCache:
    """What the files of one run share: credits already looked up."""

    credits: dict[str, PhotoCredit] = field(default_factory=dict)


def article_url(article: Article) -> str:
    if article.status == Article.Status.PUBLISHED:
        return settings.NEWSROOM_BASE_URL + article.get_absolute_url()
    return settings.NEWSROOM_BASE_URL + admin_change_url(article)


def admin_change_url(article: Article) -> str:
    return admin_url("article", article.pk)


def admin_url(model: str, pk: int) -> str:
    try:
        return reverse(f"admin:articles_{model}_change", args=[pk])
    except NoReverseMatch:
        # The admin may not be mounted (a command-only deployment).
        return f"/admin/articles/{model}/{pk}/change/"
