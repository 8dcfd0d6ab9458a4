"""The public search page, /recherche/, and the admin's article search."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.factories import make_article, make_section

pytestmark = pytest.mark.django_db

SEARCH = reverse("articles:search")


@pytest.fixture(autouse=True)
def english(settings):
    # Assertions read the English msgids, whatever catalogue ships later.
    settings.LANGUAGE_CODE = "en"


def body(text: str) -> str:
    return f"<p>{text}</p>"


def test_search_page_has_a_labelled_search_form(client):
    html = client.get(SEARCH).content.decode()
    assert '<form class="search-page-form" role="search"' in html
    assert 'type="search" name="q"' in html
    assert '<label for="id_q">' in html
    assert '<button type="submit">' in html


def test_english_alias_serves_the_same_page(client):
    make_article(body=body("Les négociations reprennent."))
    response = client.get(reverse("articles:search-alias"), {"q": "négociation"})
    assert response.status_code == 200
    assert "1 result for" in response.content.decode()


def test_results_show_count_headline_and_highlighted_snippet(client):
    article = make_article(
        headline="Reprise des discussions", body=body("Les négociations reprennent à Bruxelles.")
    )
    make_article(body=body("Les négociations ont échoué hier."))
    html = client.get(SEARCH, {"q": "négociation"}).content.decode()
    assert "2 results for “négociation”" in html
    assert article.headline in html
    assert article.get_absolute_url() in html
    assert "<mark>négociations</mark>" in html


def test_results_page_has_a_description_a_canonical_link_and_an_outline(client):
    make_article(headline="Le marathon de Paris", body=body("Le marathon de Paris."))
    html = client.get(SEARCH, {"q": "marathon", "page": "1"}).content.decode()
    assert '<meta name="description" content="Search every article' in html
    assert '<link rel="canonical" href="http://testserver/recherche/">' in html
    # Result headlines sit one level under the page's h1, never skipping a level.
    assert '<h2 class="card-title"><a href="' in html
    assert "<h3" not in html


def test_every_results_page_points_search_engines_to_the_one_search_page(client):
    """
    Results pages are crawlable (Lighthouse's SEO audit wants every page so)
    but each names the query-free search page as its canonical address, so
    engines index one search page, not one thin page per query.
    """
    make_article(body=body("Le marathon de Paris."))
    html = client.get(SEARCH, {"q": "marathon", "page": "1"}).content.decode()
    assert "noindex" not in html
    assert '<link rel="canonical" href="http://testserver/recherche/">' in html
    assert "Disallow: /recherche/" not in client.get("/robots.txt").content.decode()


def test_the_query_is_escaped_on_the_page(client):
    html = client.get(SEARCH, {"q": '<script>alert("x")</script>'}).content.decode()
    assert '<script>alert("x")</script>' not in html
    assert "&lt;script&gt;" in html


def test_no_match_shows_a_friendly_message(client):
    response = client.get(SEARCH, {"q": "zygomatique"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "0 results for “zygomatique”" in html
    assert "No article matches" in html


def test_stop_words_only_shows_a_friendly_message(client):
    make_article(body=body("Le texte de la loi."))
    response = client.get(SEARCH, {"q": "le la de"})
    assert response.status_code == 200
    assert "too common to search for" in response.content.decode()


def test_a_query_of_punctuation_never_fails(client):
    response = client.get(SEARCH, {"q": '"*" NEAR( : - ^'})
    assert response.status_code == 200


def test_a_very_long_query_is_cut_not_refused(client):
    make_article(body=body("La fusion des régions est votée."))
    response = client.get(SEARCH, {"q": "fusion " * 200})
    assert response.status_code == 200
    assert "1 result for" in response.content.decode()


def test_drafts_are_not_found(client):
    make_article(body=body("Un brouillon sur le marathon."), status=Article.Status.DRAFT)
    assert "0 results for" in client.get(SEARCH, {"q": "marathon"}).content.decode()


def test_section_filter_narrows_the_results(client):
    sport = make_section("Sport", slug="sport")
    make_article(section=sport, headline="Le marathon de Paris bat un record")
    make_article(headline="Le marathon budgétaire continue")
    html = client.get(SEARCH, {"q": "marathon", "section": "sport"}).content.decode()
    assert "1 result for" in html
    assert "bat un record" in html


def test_date_filters_narrow_the_results(client):
    make_article(headline="Le marathon d’hier", published_at=timezone.now() - timedelta(days=1))
    make_article(headline="Le marathon d’antan", published_at=timezone.now() - timedelta(days=400))
    since = (timezone.localdate() - timedelta(days=30)).isoformat()
    html = client.get(SEARCH, {"q": "marathon", "from": since}).content.decode()
    assert "1 result for" in html
    assert "hier" in html


@pytest.mark.parametrize(
    "params",
    [
        {"from": "hier"},
        {"to": "2024-13-45"},
        {"from": "99999-01-01"},
        {"section": "nope"},
        {"sort": "random"},
    ],
)
def test_invalid_filters_are_ignored(client, params):
    make_article(headline="Le marathon de Paris")
    response = client.get(SEARCH, {"q": "marathon", **params})
    assert response.status_code == 200
    assert "1 result for" in response.content.decode()


def test_sort_by_date_lists_newest_first(client):
    make_article(
        headline="Marathon : l’ancien record", published_at=timezone.now() - timedelta(days=9)
    )
    make_article(body=body("Un marathon récent."), published_at=timezone.now() - timedelta(hours=1))
    html = client.get(SEARCH, {"q": "marathon", "sort": "date"}).content.decode()
    assert html.index("récent") < html.index("ancien record")


def test_pagination_links_keep_the_query_and_filters(client):
    sport = make_section("Sport", slug="sport")
    for n in range(21):
        make_article(section=sport, headline=f"Marathon, étape {n}")
    html = client.get(SEARCH, {"q": "marathon", "section": "sport"}).content.decode()
    assert 'rel="next" href="/recherche/?q=marathon&amp;section=sport&amp;page=2"' in html
    second = client.get(SEARCH, {"q": "marathon", "section": "sport", "page": "2"})
    assert second.status_code == 200
    assert second.content.decode().count('class="search-snippet"') == 1


@pytest.mark.parametrize("page", ["0", "9", "abc", "-1"])
def test_a_page_out_of_range_is_not_found(client, page):
    make_article(headline="Le marathon de Paris")
    assert client.get(SEARCH, {"q": "marathon", "page": page}).status_code == 404


def test_search_page_queries_stay_flat(client, django_assert_max_num_queries):
    section = make_section("Sport", slug="sport")
    for n in range(25):
        make_article(section=section, headline=f"Marathon, étape {n}", tags=["course"])
    client.get(SEARCH)  # warms the navigation cache like any earlier page view
    with django_assert_max_num_queries(6):
        response = client.get(SEARCH, {"q": "marathon", "section": "sport", "sort": "relevance"})
    assert "25 results for" in response.content.decode()


def test_admin_search_uses_the_full_text_engine(admin_client):
    draft = make_article(
        headline="Brouillon", body=body("Les négociations salariales."), status=Article.Status.DRAFT
    )
    make_article(headline="Autre sujet")
    html = admin_client.get(
        reverse("admin:articles_article_changelist"), {"q": "négociation"}
    ).content.decode()
    assert reverse("admin:articles_article_change", args=[draft.pk]) in html
    assert "Autre sujet" not in html
