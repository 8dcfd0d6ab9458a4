"""
Full-text search through its public API. The same cases run on SQLite (FTS5)
and on PostgreSQL (tsvector): CI runs the suite on both databases.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from django.core.management import call_command
from django.core.paginator import InvalidPage
from django.db import connection
from django.utils import timezone

from articles.models import Article
from articles.search import MAX_QUERY_LENGTH, filter_articles, index_articles, rebuild_index, search
from articles.search.analysis import parse_query
from articles.search.backends import backend_for
from tests.factories import make_article, make_section

pytestmark = pytest.mark.django_db


def found(query: str, **kwargs) -> list[Article]:
    return [hit.article for hit in search(query, **kwargs).hits]


def body(*paragraphs: str) -> str:
    return "".join(f"<p>{p}</p>" for p in paragraphs)


# --- Language ----------------------------------------------------------------


def test_singular_finds_plural_in_french():
    article = make_article(body=body("Les négociations ont repris mardi soir à huis clos."))
    assert found("négociation") == [article]


def test_rencontre_finds_rencontres():
    article = make_article(body=body("Deux rencontres sont prévues avant la fin du mois."))
    assert found("rencontre") == [article]


def test_oe_ligature_is_found_without_it():
    article = make_article(body=body("Le cœur de la ville bat encore après la crue."))
    assert found("coeur") == [article]


def test_accents_and_capitals_are_optional():
    article = make_article(body=body("Le président des États-Unis est attendu jeudi."))
    assert found("etats-unis") == [article]


def test_accented_query_finds_unaccented_text():
    article = make_article(body=body("Le depute a vote contre le texte."))
    assert found("député") == [article]


def test_a_name_finds_articles_mentioning_it():
    article = make_article(body=body("Vladimir Poutine a reçu son homologue au Kremlin."))
    make_article(body=body("Le Premier ministre a reçu les syndicats à Matignon."))
    assert found("Poutine") == [article]


def test_english_articles_are_stemmed_as_english():
    article = make_article(
        language=Article.Language.ENGLISH,
        headline="Talks resume in Geneva",
        body=body("The negotiations resumed on Tuesday behind closed doors."),
    )
    assert found("negotiation") == [article]


# --- What is searched, and how it ranks --------------------------------------


def test_headline_match_ranks_above_body_match():
    in_body = make_article(
        headline="Un conseil des ministres sans surprise",
        body=body("Le gouvernement évoque aussi la sécheresse dans le Sud."),
        published_at=timezone.now() - timedelta(hours=1),
    )
    in_headline = make_article(
        headline="La sécheresse s’aggrave dans le Sud",
        body=body("Les agriculteurs attendent des aides."),
        published_at=timezone.now() - timedelta(days=3),
    )
    assert found("sécheresse") == [in_headline, in_body]


def test_standfirst_is_searched():
    article = make_article(standfirst="Les viticulteurs redoutent le gel de printemps.")
    assert found("viticulteurs") == [article]


def test_tags_are_searched():
    article = make_article(tags=["Diplomatie"])
    assert found("diplomatie") == [article]


def test_a_tag_removed_no_longer_finds_the_article():
    article = make_article(tags=["Diplomatie"])
    article.tags.remove("Diplomatie")
    assert found("diplomatie") == []


def test_a_renamed_tag_finds_the_article_under_its_new_name():
    article = make_article(tags=["Diplomatie"])
    tag = article.tags.get()
    tag.name = "Ambassades"
    tag.save()
    assert found("ambassades") == [article]


def test_an_edited_headline_is_searchable_at_once():
    article = make_article(headline="Un titre provisoire")
    article.headline = "Les éleveurs manifestent à Rennes"
    article.save()
    assert found("éleveurs") == [article]
    assert found("provisoire") == []


def test_only_published_articles_are_found():
    text = body("Un accord sur la pêche artisanale a été trouvé.")
    published = make_article(body=text)
    make_article(body=text, status=Article.Status.DRAFT)
    make_article(body=text, published_at=timezone.now() + timedelta(hours=2))
    make_article(body=text, deleted_at=timezone.now())
    assert found("pêche") == [published]


def test_a_deleted_article_leaves_the_results():
    article = make_article(body=body("La passerelle piétonne ouvrira en juin."))
    article.delete()
    assert found("passerelle") == []


# --- Query syntax ------------------------------------------------------------


def test_quoted_phrase_needs_the_words_together():
    together = make_article(body=body("Un cessez-le-feu a été signé à l’aube."))
    make_article(body=body("Le feu a cessez de progresser, disent les pompiers."))
    assert found('"cessez le feu"') == [together]


def test_minus_excludes_a_word():
    kept = make_article(body=body("Un sommet se tient à Genève sur le climat."))
    make_article(body=body("Un sommet se tient à Genève sur la Russie."))
    assert found("sommet -Russie") == [kept]


def test_only_stop_words_gives_an_empty_result_not_an_error():
    make_article(body=body("Le texte de la loi est dans les mains du Sénat."))
    results = search("le la les de")
    assert results.count == 0
    assert results.is_blank


def test_only_punctuation_gives_an_empty_result():
    results = search("?! … -- «»")
    assert results.count == 0
    assert results.is_blank


@pytest.mark.parametrize(
    "query",
    [
        'NEAR("a" "b")',
        'col : "x',
        "a AND OR NOT b",
        "*^(){}[]:",
        "'; DROP TABLE x; --",
        '"""',
        "a\x00b",
    ],
)
def test_search_engine_syntax_is_taken_as_words(query):
    make_article(body=body("Un article quelconque sur la météo."))
    assert search(query).count == 0


def test_long_queries_are_cut_not_refused():
    article = make_article(body=body("La fusion des deux régions est votée."))
    results = search("fusion " + "région " * 100)
    assert results.hits[0].article == article
    assert len(results.query) <= MAX_QUERY_LENGTH


def test_query_is_cut_at_200_characters():
    assert len(parse_query("x" * 500).text) == 200


# --- Filters, sorting, pages -------------------------------------------------


def test_section_filter_includes_subsections():
    world = make_section("Monde", slug="monde")
    europe = make_section("Europe", slug="europe", parent=world)
    sport = make_section("Sport", slug="sport")
    text = body("Les inondations ont coupé plusieurs routes.")
    in_world = make_article(section=world, body=text)
    in_europe = make_article(section=europe, body=text)
    make_article(section=sport, body=text)
    assert set(found("inondations", section=world)) == {in_world, in_europe}


def test_date_range_filter_is_inclusive():
    tz = timezone.get_current_timezone()
    text = body("Le budget rectificatif est présenté.")
    before = make_article(body=text, published_at=datetime(2024, 3, 9, 23, 30, tzinfo=tz))
    first_day = make_article(body=text, published_at=datetime(2024, 3, 10, 0, 15, tzinfo=tz))
    last_day = make_article(body=text, published_at=datetime(2024, 3, 12, 23, 45, tzinfo=tz))
    after = make_article(body=text, published_at=datetime(2024, 3, 13, 0, 5, tzinfo=tz))
    results = found("budget", date_from=date(2024, 3, 10), date_to=date(2024, 3, 12))
    assert set(results) == {first_day, last_day}
    assert before not in results and after not in results


def test_sort_by_date_puts_newest_first():
    old = make_article(headline="Grève à la SNCF", published_at=timezone.now() - timedelta(days=10))
    new = make_article(
        body=body("Une grève est annoncée."), published_at=timezone.now() - timedelta(hours=1)
    )
    assert found("grève", sort="date") == [new, old]
    assert found("grève", sort="relevance") == [old, new]


def test_results_are_paginated_with_a_total_count():
    for n in range(5):
        make_article(body=body(f"Le marathon de Paris, édition {n}."))
    first = search("marathon", per_page=2)
    last = search("marathon", per_page=2, page=3)
    assert first.count == 5
    assert len(first.hits) == 2
    assert len(last.hits) == 1
    assert {h.article for h in first.hits}.isdisjoint({h.article for h in last.hits})


@pytest.mark.parametrize("page", [0, 4, "deux"])
def test_a_page_that_does_not_exist_is_refused(page):
    make_article(body=body("Le marathon de Paris."))
    with pytest.raises(InvalidPage):
        search("marathon", page=page, per_page=1)


# --- Snippets ----------------------------------------------------------------


def test_snippet_highlights_the_matching_words():
    make_article(body=body("Hier soir, les négociations salariales ont échoué."))
    snippet = search("négociation").hits[0].snippet
    assert "<mark>négociations</mark>" in snippet


def test_snippet_escapes_the_article_text():
    make_article(
        body=body("Selon AT&amp;T, le pirate a glissé &lt;script&gt;alert(1)&lt;/script&gt; ici.")
    )
    snippet = search("pirate").hits[0].snippet
    assert "<script>" not in snippet
    assert "AT&amp;T" in snippet
    assert "<mark>pirate</mark>" in snippet


# --- Index maintenance and the admin -----------------------------------------


def _forget_index(article: Article) -> None:
    """Empty an article's index entry behind the signals' back."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE articles_article SET search_vector = NULL WHERE id = %s", [article.pk]
            )
    else:
        backend_for().delete([article.pk])


def test_rebuild_index_restores_missing_entries_and_reports_progress():
    articles = [make_article(body=body("Le tramway arrive en ville.")) for _ in range(3)]
    for article in articles:
        _forget_index(article)
    assert found("tramway") == []
    progress = []
    total = rebuild_index(batch_size=2, progress=lambda done, total: progress.append((done, total)))
    assert total == 3
    assert progress == [(2, 3), (3, 3)]
    assert set(found("tramway")) == set(articles)


def test_rebuild_search_index_command_reports_progress():
    article = make_article(body=body("Le tramway arrive en ville."))
    _forget_index(article)
    from io import StringIO

    out = StringIO()
    call_command("rebuild_search_index", stdout=out)
    assert "1/1" in out.getvalue()
    assert found("tramway") == [article]


def test_index_articles_is_idempotent():
    article = make_article(body=body("Le tramway arrive en ville."))
    index_articles([article.pk])
    index_articles([article.pk])
    assert found("tramway") == [article]


def test_admin_filter_finds_drafts_too():
    draft = make_article(
        body=body("Brouillon sur la réforme des retraites."), status=Article.Status.DRAFT
    )
    published = make_article(body=body("La réforme des retraites est adoptée."))
    assert set(filter_articles(Article.objects.all(), "retraite")) == {draft, published}


def test_admin_filter_with_only_stop_words_finds_nothing():
    make_article()
    assert list(filter_articles(Article.objects.all(), "le la")) == []


# --- Bounded work on common words --------------------------------------------


def test_counting_stops_at_the_cap_and_keeps_the_most_recent_matches(monkeypatch):
    monkeypatch.setattr("articles.search.MAX_COUNT", 2)
    now = timezone.now()
    oldest, middle, newest = (
        make_article(
            headline=f"Budget {n}",
            body=body("Le budget est voté."),
            published_at=now - timedelta(days=n),
        )
        for n in (3, 2, 1)
    )
    results = search("budget")
    assert (results.count, results.is_capped) == (2, True)
    assert {hit.article for hit in results.hits} == {newest, middle}


def test_a_count_under_the_cap_is_exact(monkeypatch):
    monkeypatch.setattr("articles.search.MAX_COUNT", 2)
    make_article(body=body("Le budget est voté."))
    results = search("budget")
    assert (results.count, results.is_capped) == (1, False)


def test_the_page_says_more_than_the_cap(client, monkeypatch):
    monkeypatch.setattr("articles.search.MAX_COUNT", 2)
    for _ in range(3):
        make_article(body=body("Le budget est voté."))
    html = client.get("/recherche/", {"q": "budget"}).content.decode()
    assert "More than 2 results for “budget”" in html
