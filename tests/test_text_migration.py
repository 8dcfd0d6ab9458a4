"""
Rows saved before text was cleaned on save are cleaned by a data migration:
no character XML refuses, NFC everywhere, and tags that become one are merged.
"""

from __future__ import annotations

import importlib
import unicodedata

from django.apps import apps

from articles.models import Agency, Article, Author, PhotoCredit, Tag
from tests.factories import make_article, make_author, make_credit

migration = importlib.import_module("articles.migrations.0015_clean_saved_text")


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def test_existing_rows_are_cleaned_and_nfd_tags_merged(db):
    first = make_article(tags=["Égypte"])
    second = make_article(tags=["Soudan"])
    both = make_article(tags=["Égypte", "Soudan"])
    # As an old version saved them: the NFD spelling became a tag of its own.
    Tag.objects.filter(name="Soudan").update(name=nfd("Égypte"), slug="egypte-2")
    Article.objects.filter(pk=first.pk).update(
        headline="Le Caire\x01 vote\ufffe", body="<p>x\x0b</p>"
    )
    author = make_author("Hélène")
    Author.objects.filter(pk=author.pk).update(name=nfd("Hélène  Dupré\x1f"))
    credit = make_credit("Jérôme/AFP")
    PhotoCredit.objects.filter(pk=credit.pk).update(
        source=nfd("Jérôme"), normalized=nfd("jérôme/afp")
    )
    Agency.objects.filter(name="AFP").update(name=nfd("AFP\x7f"))

    migration.clean_saved_text(apps, None)

    assert list(Tag.objects.values_list("name", flat=True)) == ["Égypte"]
    egypte = Tag.objects.get()
    for article in (first, second, both):
        assert list(article.tags.all()) == [egypte]
    first.refresh_from_db()
    assert (first.headline, first.body) == ("Le Caire vote", "<p>x</p>")
    assert Author.objects.get(pk=author.pk).name == "Hélène Dupré"
    assert PhotoCredit.objects.get(pk=credit.pk).normalized == "jérôme/afp"
    assert PhotoCredit.from_text("Jérôme/AFP") == credit
    assert Agency.objects.get().name == "AFP"


def test_cleaning_changes_nothing_already_clean(db):
    article = make_article(tags=["Économie"], headline="Un titre propre")
    before = list(Article.objects.values_list("headline", "body", "standfirst"))

    migration.clean_saved_text(apps, None)

    assert list(Article.objects.values_list("headline", "body", "standfirst")) == before
    assert [t.name for t in article.tags.all()] == ["Économie"]
