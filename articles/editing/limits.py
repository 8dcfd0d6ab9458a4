"""
Size limits on what an article form accepts, so that no page built from an
article (the article itself, its feeds, its history) costs more than a moment.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy

from articles.sanitizer import sanitize_html

# About 30,000 words of HTML: ten times a long feature, far below what makes
# sanitizing or rendering the body slow (a million characters take seconds).
BODY_MAX_CHARS = 200_000

BODY_TOO_LONG = gettext_lazy(
    "The body is too long: at most %(limit_value)d characters of text and markup are "
    "accepted (it has %(show_value)d). Split it into several articles."
)


def bound_body(field) -> None:
    """Refuse an oversized body before it is sanitized (an ArticleAdminForm hook)."""
    if field is not None:
        field.validators.append(MaxLengthValidator(BODY_MAX_CHARS, message=BODY_TOO_LONG))


def check_body_size(body: str) -> str:
    """The body as it will be stored (sanitizing escapes, so lengthens) stays within the limit too."""
    if len(sanitize_html(body or "")) > BODY_MAX_CHARS:
        raise ValidationError(
            BODY_TOO_LONG,
            code="body_too_long",
            params={"limit_value": BODY_MAX_CHARS, "show_value": len(sanitize_html(body))},
        )
    return body
