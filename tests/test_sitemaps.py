"""sitemap.xml (index), its sections, news-sitemap.xml: read back with an XML parser."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.utils import timezone

from articles.site import sitemaps
from tests.factories import make_article, make_author, make_section

pytestmark = pytest.mark.django_db

NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}


def xml(client, url) -> ET.Element:
    response = client.get(url)
    assert response.status_code == 200, url
    assert "xml" in response["Content-Type"]
    return ET.fromstring(response.content)


def sitemap_locations(client) -> set[str]:
    """Every URL listed by the sitemaps the index points to."""
    index = xml(client, "/sitemap.xml")
    assert index.tag == f"{{{NS['sm']}}}sitemapindex"
    locations = set()
    for loc in index.findall("sm:sitemap/sm:loc", NS):
        parts = urlsplit(loc.text)
        page = xml(client, parts.path + (f"?{parts.query}" if parts.query else ""))
        locations |= {urlsplit(url.text).path for url in page.findall("sm:url/sm:loc", NS)}
    return locations


def test_sitemap_index_covers_articles_sections_tags_and_authors(client):
    world = make_section("International", slug="international")
    europe = make_section("Europe", slug="europe", parent=world)
    author = make_author("Jeanne Dupont")
    article = make_article(section=europe, tags=["Ukraine"], authors=[author])

    locations = sitemap_locations(client)

    assert {
        article.get_absolute_url(),
        "/international/",
        "/international/europe/",
        "/tag/ukraine/",
        "/auteur/jeanne-dupont/",
    } <= locations


def test_sitemap_leaves_out_sections_tags_and_authors_without_published_articles(client):
    make_section("Vide", slug="vide")
    make_author("Personne", slug="personne")
    from articles.models import Article

    make_article(
        section=make_section("Brouillons", slug="brouillons"),
        status=Article.Status.DRAFT,
        tags=["Secret"],
        authors=[make_author("Discret", slug="discret")],
    )

    locations = sitemap_locations(client)

    assert not locations & {
        "/vide/",
        "/brouillons/",
        "/tag/secret/",
        "/auteur/personne/",
        "/auteur/discret/",
    }


def test_article_sitemap_is_split_into_pages_past_its_limit(client, monkeypatch):
    monkeypatch.setattr(sitemaps.ArticleSitemap, "limit", 2)
    section = make_section()
    articles = [make_article(section=section) for _ in range(5)]

    index = xml(client, "/sitemap.xml")
    article_maps = [
        loc.text for loc in index.findall("sm:sitemap/sm:loc", NS) if "articles" in loc.text
    ]

    assert len(article_maps) == 3
    assert sitemap_locations(client) >= {article.get_absolute_url() for article in articles}


def test_article_sitemap_gives_last_modification_dates(client):
    make_article()

    page = xml(client, "/sitemap-articles.xml")

    assert page.find("sm:url/sm:lastmod", NS).text


def test_news_sitemap_lists_articles_of_the_last_48_hours(client):
    now = timezone.now()
    recent = make_article(
        headline="Récent & <important>", language="en", published_at=now - timedelta(hours=3)
    )
    make_article(headline="Trop ancien", published_at=now - timedelta(hours=49))

    root = xml(client, "/news-sitemap.xml")

    urls = root.findall("sm:url", NS)
    assert len(urls) == 1
    url = urls[0]
    assert url.find("sm:loc", NS).text == "http://testserver" + recent.get_absolute_url()
    assert url.find("news:news/news:publication/news:name", NS).text == "Newsroom"
    assert url.find("news:news/news:publication/news:language", NS).text == "en"
    assert url.find("news:news/news:title", NS).text == "Récent & <important>"
    published = url.find("news:news/news:publication_date", NS).text
    assert published == timezone.localtime(recent.published_at).isoformat(timespec="seconds")


def test_news_sitemap_is_valid_when_empty(client):
    root = xml(client, "/news-sitemap.xml")

    assert root.findall("sm:url", NS) == []
