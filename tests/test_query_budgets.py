"""
Every public page runs a fixed number of SQL queries whatever the amount of
content, when it is computed from the database: the cache is emptied first,
so the count includes refilling the navigation and the next scheduled
publication, and the page cache's two reads of its key versions (before and
after building the page). Budgets are the measured counts: any new query fails.

Two counts: built from nothing (every stored piece rendered and stored, in
one statement), and the usual miss, when the page cache misses but the
pieces it is made of are stored (articles.cache.fragments).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article
from articles.site import sitemaps, views
from tests.conftest import clear_cache, forget_pages
from tests.factories import make_article, make_author, make_photo, make_section

pytestmark = pytest.mark.django_db

# Page -> (address, most queries allowed).
BUDGETS = {
    "home": ("/", 15),
    "article": ("{article}", 15),
    "section": ("/monde/", 14),
    "sub-section": ("/monde/europe/", 14),
    "tag": ("/tag/ocean/", 14),
    "author": ("/auteur/lea-marchand/", 14),
    "archives": ("/archives/", 5),
    "archive year": ("/archives/{year}/", 14),
    "archive month": ("/archives/{year}/{month}/", 14),
    "search": ("/recherche/?q=port", 8),
    "search by date": ("/recherche/?q=port&sort=date", 8),
    "feed": ("/flux/", 13),
    "atom feed": ("/flux/atom/", 13),
    "section feed": ("/monde/flux/", 14),
    "tag feed": ("/tag/ocean/flux/", 14),
    "author feed": ("/auteur/lea-marchand/flux/", 14),
    "sitemap index": ("/sitemap.xml", 8),
    "article sitemap": ("/sitemap-articles.xml", 6),
    "news sitemap": ("/news-sitemap.xml", 4),
}


def fill(size: int) -> dict[str, str]:
    """``size`` articles, each with tags, two authors and a photo, across sub-sections."""
    world = make_section("Monde", slug="monde")
    sections = [world, make_section("Europe", slug="europe", parent=world)]
    authors = [make_author("Léa Marchand", slug="lea-marchand"), make_author("Paul Aubert")]
    now = timezone.now()
    article = None
    for n in range(size):
        article = make_article(
            headline=f"Le port de Sète, chapitre {n}",
            section=sections[n % 2],
            tags=["Océan", f"Sujet {n % 5}", f"Série {n}"],
            authors=authors,
            lead_photo=make_photo(caption=f"Le quai numéro {n}"),
            published_at=now - timedelta(hours=n + 1),
        )
    local = timezone.localtime(article.published_at)
    return {
        "article": article.get_absolute_url(),
        "year": f"{local.year}",
        "month": f"{local.month:02d}",
    }


@pytest.mark.parametrize("size", [3, 30])
@pytest.mark.parametrize("page", BUDGETS)
def test_public_pages_stay_within_their_query_budget(
    client, size, page, django_assert_max_num_queries
):
    values = fill(size)
    url, budget = BUDGETS[page]
    clear_cache()

    with django_assert_max_num_queries(budget):
        response = client.get(url.format(**values))

    assert response.status_code == 200


# Page -> most queries when the page cache misses but its pieces are stored.
STORED_PIECES_BUDGETS = {
    "home": 9,
    "article": 5,
    "section": 8,
    "tag": 8,
    "author": 8,
    "feed": 8,
    "tag feed": 8,
}


@pytest.mark.parametrize("size", [3, 30])
@pytest.mark.parametrize("page", STORED_PIECES_BUDGETS)
def test_a_page_cache_miss_reads_stored_pieces_within_a_smaller_budget(
    client, size, page, django_assert_max_num_queries
):
    values = fill(size)
    url = BUDGETS[page][0].format(**values)
    client.get(url)  # renders and stores the pieces
    forget_pages()

    with django_assert_max_num_queries(STORED_PIECES_BUDGETS[page]):
        response = client.get(url)

    assert response.status_code == 200


def test_later_pages_of_the_home_page_stay_within_its_budget(client, django_assert_max_num_queries):
    fill(30)
    clear_cache()

    with django_assert_max_num_queries(15):
        response = client.get("/?page=2")

    assert response.status_code == 200


# --- Deep pages -----------------------------------------------------------------


def sitemap_paths(client, url: str) -> set[str]:
    response = client.get(url)
    assert response.status_code == 200, url
    return set(re.findall(r"<loc>http://testserver([^<]+)</loc>", response.content.decode()))


def test_article_sitemap_pages_cover_every_published_article_once(client, monkeypatch):
    monkeypatch.setattr(sitemaps.ArticleSitemap, "limit", 3)
    section = make_section()
    published = [make_article(section=section) for _ in range(7)]
    make_article(section=section, status=Article.Status.DRAFT)
    published.append(make_article(section=section))

    index = client.get("/sitemap.xml").content.decode()
    pages = re.findall(r"<loc>http://testserver(/sitemap-articles\.xml[^<]*)</loc>", index)
    listed = [sitemap_paths(client, page.replace("&amp;", "&")) for page in pages]

    assert len(pages) == 3
    assert sum(len(paths) for paths in listed) == len(published)
    assert set().union(*listed) == {article.get_absolute_url() for article in published}


def test_a_deep_article_sitemap_page_reads_a_key_range_not_an_offset(client, monkeypatch):
    monkeypatch.setattr(sitemaps.ArticleSitemap, "limit", 2)
    section = make_section()
    articles = [make_article(section=section) for _ in range(9)]

    with CaptureQueriesContext(connection) as queries:
        paths = sitemap_paths(client, "/sitemap-articles.xml?p=5")

    sql = " ".join(query["sql"] for query in queries.captured_queries).upper()
    assert paths == {articles[-1].get_absolute_url()}
    assert "OFFSET" not in sql
    assert "COUNT(" not in sql


def test_a_sitemap_page_past_the_last_one_is_not_found(client):
    make_article()

    assert client.get("/sitemap-articles.xml?p=2").status_code == 404
    assert client.get("/sitemap-articles.xml?p=deux").status_code == 404


def test_lists_page_through_the_newest_articles_and_archives_through_all(client, monkeypatch):
    monkeypatch.setattr(views, "LISTING_DEPTH", 40)
    section = make_section("Monde", slug="monde")
    june = datetime(2024, 6, 15, 12, tzinfo=UTC)
    for n in range(45):
        make_article(section=section, published_at=june - timedelta(minutes=n))

    assert client.get("/monde/?page=2").status_code == 200
    assert client.get("/monde/?page=3").status_code == 404
    assert client.get("/archives/2024/?page=3").status_code == 200
