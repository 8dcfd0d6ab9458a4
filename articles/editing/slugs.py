"""An article's slug: made by the server's one slug function, never another article's old address."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from articles.models import Article
from articles.models.slugs import unique_slug
from articles.text import slugify

# A longer headline makes no different slug (slugs are cut at 80 characters).
HEADLINE_CHARS_READ = 300


def suggested_slug(headline: str, article_pk=None) -> str:
    """The slug a save would give an article with this headline and no slug typed."""
    headline = (headline or "")[:HEADLINE_CHARS_READ]
    if not headline.strip():
        return ""
    return unique_slug(Article, headline, exclude_pk=article_pk)


def clean_slug(article: Article, value: str) -> str:
    """
    A typed slug, as the server writes slugs (ASCII, lower case); refused when
    it is an old address of another article, which must keep leading there.
    """
    value = (value or "").strip()
    if not value or value == article.slug:
        # Empty: made from the headline on save. Unchanged: an older slug stays valid.
        return value
    slug = slugify(value, max_length=Article._meta.get_field("slug").max_length)
    if not slug:
        raise ValidationError(
            _("A slug needs letters or digits (a to z, 0 to 9)."), code="slug_without_letters"
        )
    if Article.slug_leads_elsewhere(slug, article.pk):
        raise ValidationError(
            _(
                "“%(slug)s” is an old address of another article and still leads to it: "
                "choose another slug."
            ),
            code="slug_leads_elsewhere",
            params={"slug": slug},
        )
    return slug
