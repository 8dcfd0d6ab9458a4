"""Reader pages: home, sections, tags, authors, archives, pagination, errors, robots.txt."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from django.test import RequestFactory

from articles.site.views import server_error
from tests.factories import make_article, make_author, make_photo, make_section

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return response.content.decode()


def headlines(response) -> list[str]:
    return re.findall(r'class="card-title"><a href="[^"]+">([^<]+)</a>', text(response))


# --- Home -------------------------------------------------------------------------


def test_home_shows_the_newest_article_as_lead_story_then_the_latest(client):
    section = make_section("International", slug="international")
    now = datetime.now(UTC)
    make_article(section=section, headline="Hier", published_at=now - timedelta(days=1))
    make_article(section=section, headline="À la une", published_at=now - timedelta(minutes=5))
    make_article(section=section, headline="Ce matin", published_at=now - timedelta(hours=3))

    response = client.get("/")

    html = text(response)
    lead = html[html.index('class="lead"') : html.index('class="latest"')]
    assert "À la une" in lead
    assert headlines(response)[:3] == ["À la une", "Ce matin", "Hier"]


def test_home_has_a_block_per_section_with_its_sub_sections(client):
    world = make_section("International", slug="international", position=1)
    europe = make_section("Europe", slug="europe", parent=world)
    culture = make_section("Culture", slug="culture", position=2)
    make_section("Vide", slug="vide", position=3)
    # Newer stories fill the lead and the latest-news rail, which the blocks do not repeat.
    politics = make_section("Politique", slug="politique", position=4)
    for _ in range(7):
        make_article(section=politics)
    make_article(section=europe, headline="Bruxelles tranche")
    make_article(section=culture, headline="Un festival s’ouvre")

    html = text(client.get("/"))

    assert 'id="block-international"' in html
    assert 'id="block-culture"' in html
    assert 'id="block-vide"' not in html
    block = html[html.index('id="block-international"') : html.index('id="block-culture"')]
    assert "Bruxelles tranche" in block


def test_home_more_news_is_paginated(client):
    section = make_section()
    for _ in range(35):
        make_article(section=section)

    first = client.get("/")
    second = client.get("/?page=2")

    assert 'href="/?page=2"' in text(first)
    assert second.status_code == 200
    assert len(headlines(second)) == 8  # 35 - 7 at the top - 20 on page one
    assert "<title>Newsroom – page 2</title>" in text(second)


def test_home_without_articles_says_so(client):
    response = client.get("/")

    assert response.status_code == 200
    assert 'class="empty"' in text(response)


# --- Lists ------------------------------------------------------------------------


def test_section_page_lists_its_articles_and_sub_sections_newest_first(client):
    world = make_section("International", slug="international")
    europe = make_section("Europe", slug="europe", parent=world)
    now = datetime.now(UTC)
    make_article(section=world, headline="Ancien", published_at=now - timedelta(days=2))
    make_article(section=europe, headline="Récent", published_at=now - timedelta(hours=1))
    make_article(section=make_section(), headline="Ailleurs")

    response = client.get("/international/")

    assert headlines(response) == ["Récent", "Ancien"]
    assert '<a href="/international/europe/">Europe</a>' in text(response)


def test_sub_section_page_lists_only_its_articles(client):
    world = make_section("International", slug="international")
    europe = make_section("Europe", slug="europe", parent=world)
    make_article(section=world, headline="Monde")
    make_article(section=europe, headline="Europe seulement")

    response = client.get("/international/europe/")

    assert response.status_code == 200
    assert headlines(response) == ["Europe seulement"]


def test_sub_section_under_its_bare_slug_redirects_to_its_address(client):
    world = make_section("International", slug="international")
    make_section("Europe", slug="europe", parent=world)

    response = client.get("/europe/")

    assert response.status_code == 301
    assert response["Location"] == "/international/europe/"


def test_sub_section_under_the_wrong_parent_is_redirected(client):
    world = make_section("International", slug="international")
    make_section("Culture", slug="culture")
    make_section("Europe", slug="europe", parent=world)

    assert client.get("/culture/europe/")["Location"] == "/international/europe/"


def test_unknown_section_is_not_found(client):
    assert client.get("/nulle-part/").status_code == 404


def test_tag_page_lists_the_tagged_articles(client):
    make_article(headline="Sur l’Ukraine", tags=["Ukraine"])
    make_article(headline="Autre chose", tags=["Climat"])

    response = client.get("/tag/ukraine/")

    assert headlines(response) == ["Sur l’Ukraine"]
    assert '<link rel="alternate" type="application/rss+xml"' in text(response)
    assert 'href="/tag/ukraine/flux/"' in text(response)


def test_author_page_lists_the_author_articles_and_bio(client):
    author = make_author("Jeanne Dupont", bio="Correspondante à Kyiv.")
    make_article(headline="Son reportage", authors=[author])
    make_article(headline="Celui d’un autre", authors=[make_author()])

    response = client.get(author.get_absolute_url())

    assert headlines(response) == ["Son reportage"]
    assert "Correspondante à Kyiv." in text(response)
    assert 'href="/auteur/jeanne-dupont/flux/"' in text(response)


@pytest.mark.parametrize("url", ["/rubrique-vide/", "/tag/vide/", "/auteur/personne/"])
def test_empty_lists_say_there_is_nothing_yet(client, url):
    from articles.models import Tag

    make_section("Rubrique vide", slug="rubrique-vide")
    Tag.objects.create(name="Vide", slug="vide")
    make_author("Personne", slug="personne")

    response = client.get(url)

    assert response.status_code == 200
    assert 'class="empty"' in text(response)


# --- Date archives ----------------------------------------------------------------


def test_archives_follow_the_paris_calendar(client):
    section = make_section()
    # 22:30 UTC on 31 July is 00:30 on 1 August in Paris.
    make_article(
        section=section,
        headline="Début août",
        published_at=datetime(2025, 7, 31, 22, 30, tzinfo=UTC),
    )
    make_article(
        section=section,
        headline="Fin juillet",
        published_at=datetime(2025, 7, 31, 21, 30, tzinfo=UTC),
    )

    assert headlines(client.get("/archives/2025/08/01/")) == ["Début août"]
    assert headlines(client.get("/archives/2025/07/")) == ["Fin juillet"]
    assert headlines(client.get("/archives/2025/")) == ["Début août", "Fin juillet"]


def test_archive_pages_link_down_to_months_and_days(client):
    make_article(published_at=datetime(2025, 8, 7, 10, 0, tzinfo=UTC))

    assert 'href="/archives/2025/"' in text(client.get("/archives/"))
    assert 'href="/archives/2025/08/"' in text(client.get("/archives/2025/"))
    assert 'href="/archives/2025/08/07/"' in text(client.get("/archives/2025/08/"))


@pytest.mark.parametrize(
    "url", ["/archives/2025/13/", "/archives/2025/02/30/", "/archives/0/", "/archives/99999/"]
)
def test_impossible_archive_dates_are_not_found(client, url):
    assert client.get(url).status_code == 404


def test_empty_archive_period_says_so(client):
    response = client.get("/archives/1999/")

    assert response.status_code == 200
    assert 'class="empty"' in text(response)


# --- Pagination -------------------------------------------------------------------


@pytest.fixture
def crowded_section():
    section = make_section("International", slug="international")
    for _ in range(25):
        make_article(section=section)
    return section


def test_second_page_shows_the_rest(client, crowded_section):
    response = client.get("/international/?page=2")

    assert response.status_code == 200
    assert len(headlines(response)) == 5
    assert "<title>International – page 2 – Newsroom</title>" in text(response)
    assert '<link rel="canonical" href="http://testserver/international/?page=2">' in text(response)


@pytest.mark.parametrize("page", ["abc", "-1", "0", "999999", "1.5", "99999999999999999999", "%00"])
def test_bad_page_numbers_are_refused_never_a_server_error(client, crowded_section, page):
    # A NUL byte is refused before any view (400); other bad numbers are pages that do not exist.
    expected = 400 if page == "%00" else 404
    for url in ("/international/", "/", "/archives/2025/"):
        assert client.get(f"{url}?page={page}").status_code == expected


# --- Every page -------------------------------------------------------------------


class LinkCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.links.append(href)


def crawl(client, start="/", limit=200) -> dict[str, str]:
    """Follow links on the site from ``start``: {path: html} of every page reached."""
    seen, queue, pages = {start}, [start], {}
    while queue and len(pages) < limit:
        path = queue.pop(0)
        response = client.get(path)
        assert response.status_code == 200, path
        pages[path] = text(response)
        collector = LinkCollector()
        collector.feed(pages[path])
        for href in collector.links:
            parts = urlsplit(urljoin(path, href))
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if parts.netloc or not target.startswith("/") or "/flux/" in target:
                continue
            if target.startswith(("/recherche/", "/static/", "/media/")):
                continue
            if target not in seen:
                seen.add(target)
                queue.append(target)
    return pages


@pytest.fixture
def small_site():
    world = make_section("International", slug="international", position=1)
    europe = make_section("Europe", slug="europe", parent=world)
    culture = make_section("Culture", slug="culture", position=2)
    author = make_author("Jeanne Dupont")
    articles = [
        make_article(section=europe, tags=["Ukraine"], authors=[author], lead_photo=make_photo()),
        make_article(section=culture, tags=["Cinéma"], authors=[make_author("Paul Martin")]),
        make_article(section=world, published_at=datetime(2024, 3, 1, 9, 0, tzinfo=UTC)),
    ]
    return {"sections": [world, europe, culture], "author": author, "articles": articles}


def test_every_page_is_reachable_by_clicking_from_the_home_page(client, small_site):
    pages = crawl(client)

    expected = [article.get_absolute_url() for article in small_site["articles"]]
    expected += [section.get_absolute_url() for section in small_site["sections"]]
    expected += ["/tag/ukraine/", "/tag/cinema/", small_site["author"].get_absolute_url()]
    expected += ["/archives/", "/archives/2024/", "/archives/2024/03/", "/archives/2024/03/01/"]
    assert set(expected) <= set(pages)


def test_every_page_has_a_unique_title_a_description_and_a_canonical_link(client, small_site):
    pages = crawl(client)

    titles = {}
    for path, html in pages.items():
        assert re.search(r'<meta name="description" content="[^"]+">', html), path
        assert re.search(r'<link rel="canonical" href="http://testserver/[^"]*">', html), path
        assert html.count("<h1") == 1, path
        assert re.search(r'<html lang="(fr|en)">', html), path
        title = re.search(r"<title>(.*?)</title>", html).group(1)
        assert title not in titles, (path, titles.get(title))
        titles[title] = path


def test_every_image_has_alt_text_and_dimensions(client, small_site):
    for path, html in crawl(client).items():
        for img in re.findall(r"<img [^>]+>", html):
            assert 'alt="' in img, path
            assert re.search(r'width="\d+" height="\d+"', img), path


def test_pages_have_landmarks_a_skip_link_and_no_inline_script(client, small_site):
    for path, html in crawl(client).items():
        for landmark in ("<header", "<nav", "<main", "<footer"):
            assert landmark in html, (path, landmark)
        assert 'class="skip-link" href="#contenu"' in html
        scripts = re.findall(r"<script([^>]*)>", html)
        assert all('type="application/ld+json"' in attrs for attrs in scripts), path
        assert " style=" not in html and " onclick=" not in html, path


def test_article_page_without_photos_weighs_under_50_kilobytes(client):
    from django.contrib.staticfiles import finders

    section = make_section()
    article = make_article(section=section, body="<p>" + "Un paragraphe de texte. " * 300 + "</p>")
    html = client.get(article.get_absolute_url()).content
    stylesheets = re.findall(rb'<link rel="stylesheet" href="/static/([^"]+)"', html)
    weight = len(html) + sum(
        Path(finders.find(name.decode())).stat().st_size for name in stylesheets
    )

    assert weight < 50_000


# --- Queries ----------------------------------------------------------------------


def fill(size: int):
    sections = [make_section() for _ in range(size)]
    author = make_author("Jeanne Dupont", slug="jeanne")
    for section in sections:
        make_section(parent=section)
        for _ in range(size * 3):
            make_article(
                section=section,
                tags=["Ukraine", "Russie"],
                authors=[author, make_author()],
                lead_photo=make_photo(),
            )
    return sections


@pytest.mark.parametrize("size", [2, 5])
def test_home_runs_a_fixed_number_of_queries(client, size, django_assert_max_num_queries):
    fill(size)

    # Built from nothing: the lists, then every card rendered and stored at once.
    with django_assert_max_num_queries(15):
        assert client.get("/").status_code == 200
    with django_assert_max_num_queries(15):
        assert client.get("/?page=2").status_code in (200, 404)


@pytest.mark.parametrize("size", [2, 5])
def test_lists_run_a_fixed_number_of_queries(client, size, django_assert_max_num_queries):
    sections = fill(size)
    year = datetime.now().year
    for url in [
        sections[0].get_absolute_url(),
        "/tag/ukraine/",
        "/auteur/jeanne/",
        f"/archives/{year}/",
        "/archives/",
    ]:
        # Two read key versions; five render and store the cards (articles.cache).
        with django_assert_max_num_queries(14):
            assert client.get(url).status_code == 200, url


# --- Errors and robots.txt ---------------------------------------------------------


def test_not_found_page_is_in_the_site_design(client):
    make_section("International", slug="international")

    response = client.get("/nulle-part/plus-loin/encore/")

    assert response.status_code == 404
    html = text(response)
    assert 'class="site-header"' in html
    assert '<a href="/international/"' in html
    assert "<h1>" in html


def test_server_error_page_needs_no_database(django_assert_num_queries):
    request = RequestFactory().get("/")

    with django_assert_num_queries(0):
        response = server_error(request)

    assert response.status_code == 500
    assert 'class="site-header"' in response.content.decode()
    assert "Newsroom" in response.content.decode()


def test_robots_txt_points_to_the_sitemaps(client):
    response = client.get("/robots.txt")

    assert response["Content-Type"].startswith("text/plain")
    body = text(response)
    assert "Sitemap: http://testserver/sitemap.xml" in body
    assert "Sitemap: http://testserver/news-sitemap.xml" in body
    assert "Disallow: /admin/" in body


def test_headings_never_skip_a_level(client, small_site):
    for path, html in crawl(client).items():
        levels = [int(level) for level in re.findall(r"<h([1-6])", html)]
        assert levels[0] == 1, path
        for previous, current in zip(levels, levels[1:], strict=False):
            assert current <= previous + 1, (path, levels)
