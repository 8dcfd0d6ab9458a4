"""
Listing cards from stored fragments: a list page reads its articles' rows
(address, date, section) and their cards in one query each; a card is
rendered only when its article, photo, section or authors changed.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from articles.cache import article_key, depends_on
from articles.cache.fragments import Built, Fragments, fragment_key
from articles.models import Article

CARD_TEMPLATE = "articles/includes/card.html"


class Listed:
    """An article a page shows only through its stored card: its id is all it needs."""

    __slots__ = ("pk",)

    def __init__(self, pk: int):
        self.pk = pk

    def __eq__(self, other):
        return getattr(other, "pk", None) == self.pk

    def __hash__(self):
        return hash(self.pk)


def listed(ids: Iterable[int]) -> list[Listed]:
    return [Listed(pk) for pk in ids]


class StoredCards(Fragments):
    """The stored cards of every article a page lists, for the ``card`` tag."""

    def __init__(self, articles: Iterable[Article]):
        super().__init__(articles={article.pk for article in articles}, kind="card")
        self.full: dict[int, Article] | None = None

    def full_article(self, pk: int) -> Article:
        """A card to build: every listed article is read at once, with what cards show."""
        if self.full is None:
            rows = Article.objects.for_listing().filter(pk__in=self.articles)
            self.full = {article.pk: article for article in rows}
        return self.full.get(pk) or Article.objects.for_listing().get(pk=pk)


def stored_cards(articles: Iterable[Article]) -> StoredCards:
    return StoredCards(articles)


def card_html(stored: StoredCards | None, article: Article, **options) -> SafeString:
    """One card: stored, or rendered now (and stored when the page has ``stored``)."""
    if stored is None:
        return mark_safe(render_to_string(CARD_TEMPLATE, {"article": article, **options}))  # noqa: S308
    shown = "".join(str(int(bool(options.get(name)))) for name in sorted(options))
    key = fragment_key(
        "card", article.pk, f"{options.get('variant') or 'plain'}{options.get('level') or 3}{shown}"
    )

    def build() -> Built:
        depends_on(article_key(article.pk))
        full = stored.full_article(article.pk)
        return Built(render_to_string(CARD_TEMPLATE, {"article": full, **options}))

    html, _data = stored.get(key, build, article.pk)
    return html
