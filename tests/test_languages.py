"""
Languages (issue 15): articles in any language NEWSROOM_LANGUAGES lists; a
region subtag maps to the site's language; search stems where a stemmer
exists and is accent-insensitive elsewhere; pages speak the article's language.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured, ValidationError

from articles.languages import language_choices, primary_subtag, site_language_for
from articles.search import search
from tests.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def norwegian_too(settings):
    settings.NEWSROOM_LANGUAGES = ["fr", "en", "nb", "pl"]


def found(query: str) -> list:
    return [hit.article for hit in search(query).hits]


def test_region_subtags_map_to_the_sites_language(norwegian_too):
    assert primary_subtag("nb-NO") == "nb"
    assert primary_subtag("fr_CA") == "fr"
    assert site_language_for("nb-NO") == "nb"
    assert site_language_for("de-DE") is None


def test_article_languages_are_those_of_the_setting(norwegian_too):
    assert [code for code, _name in language_choices()] == ["fr", "en", "nb", "pl"]
    article = make_article(language="nb")
    article.full_clean()
    article.language = "de"
    with pytest.raises(ValidationError):
        article.full_clean()


def test_default_setting_offers_french_and_english():
    assert [code for code, _name in language_choices()] == ["fr", "en"]


def test_a_language_code_that_is_not_one_is_refused(settings):
    settings.NEWSROOM_LANGUAGES = ["fr", 'x"; DROP']
    with pytest.raises(ImproperlyConfigured):
        language_choices()


def test_norwegian_articles_are_stemmed_as_norwegian(norwegian_too):
    article = make_article(
        language="nb",
        headline="Forhandlingene fortsetter i Genève",
        body="<p>Partene møttes igjen tirsdag.</p>",
    )
    assert found("forhandling") == [article]


def test_a_language_without_stemmer_is_searched_without_accents(norwegian_too):
    article = make_article(
        language="pl", headline="Żółw wrócił do zoo", body="<p>Zwierzę ma sto lat.</p>"
    )
    assert found("zolw") == [article]
    assert found("Żółw") == [article]


def test_the_article_page_speaks_the_articles_language(client, norwegian_too):
    article = make_article(language="nb", headline="Forhandlingene fortsetter")
    page = client.get(article.get_absolute_url()).content.decode()
    assert '<html lang="nb"' in page


def test_feed_items_say_their_articles_language(client):
    make_article(language="en", headline="Talks resume in Geneva")
    make_article(language="fr", headline="Les négociations reprennent")
    rss = client.get("/flux/").content.decode()
    assert "<dc:language>en</dc:language>" in rss
    assert "<dc:language>fr</dc:language>" in rss
    atom = client.get("/flux/atom/").content.decode()
    assert 'xml:lang="en"' in atom
    assert 'xml:lang="fr"' in atom
