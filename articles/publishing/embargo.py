"""
Partner preview links for embargoed (and other unpublished) articles.

A link carries the article's id and its expiry time, signed with the site's
secret key: nothing is stored, and a forged, altered or expired link opens
nothing. The expiry is inside the signed value because each link has its
own lifetime, chosen by the editor.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.core import signing
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

PREVIEW_SALT = "articles.partner-preview"
# The lifetimes an editor may choose, in hours (0: until the embargo ends).
UNTIL_EMBARGO = 0
PREVIEW_LIFETIMES_HOURS = {
    24: _("24 hours"),
    72: _("3 days"),
    168: _("7 days"),
    UNTIL_EMBARGO: _("Until the embargo ends"),
}


class InvalidPreviewLink(Exception):
    """Forged, altered or expired."""


@dataclass(frozen=True)
class PreviewLink:
    article_id: int
    expires_at: datetime


def expiry_for(article, hours: int, now: datetime | None = None) -> datetime:
    now = now or timezone.now()
    if hours == UNTIL_EMBARGO:
        if article.published_at is None or article.published_at <= now:
            raise ValueError("the article has no embargo time in the future")
        return article.published_at
    return now + timedelta(hours=hours)


def make_token(article, expires_at: datetime) -> str:
    signer = signing.TimestampSigner(salt=PREVIEW_SALT)
    return signer.sign_object({"a": article.pk, "e": int(expires_at.timestamp())})


def preview_url(article, expires_at: datetime) -> str:
    return reverse("articles:partner-preview", kwargs={"token": make_token(article, expires_at)})


def read_token(token: str, now: datetime | None = None) -> PreviewLink:
    signer = signing.TimestampSigner(salt=PREVIEW_SALT)
    try:
        value = signer.unsign_object(token)
        article_id, expires = int(value["a"]), int(value["e"])
    except (signing.BadSignature, KeyError, TypeError, ValueError) as error:
        raise InvalidPreviewLink from error
    now = now or timezone.now()
    if now.timestamp() >= expires:
        raise InvalidPreviewLink
    return PreviewLink(article_id, datetime.fromtimestamp(expires, tz=UTC))
