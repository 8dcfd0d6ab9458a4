"""
The fronts: the home page runs each story once, with a latest-news rail that
gives times; section, topic and author pages open on a lead story with its
picture; dates without a time show none; the search page's filters fold away.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.staticfiles import finders
from django.utils import timezone

from articles.models import Article, ArticleNote
from articles.publishing.embargo import preview_url
from tests.factories import make_article, make_author, make_photo, make_section

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")


def text(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def between(html: str, start: str, end: str) -> str:
    begin = html.index(start)
    return html[begin : html.index(end, begin)]


def card_links(html: str) -> list[str]:
    return re.findall(r'class="card-title"><a href="([^"]+)"', html)


# --- Home -------------------------------------------------------------------------


def test_home_runs_each_story_once(client):
    sections = [make_section(position=n) for n in range(4)]
    articles = [
        make_article(section=sections[n % 4], lead_photo=make_photo() if n % 3 == 0 else None)
        for n in range(30)
    ]

    links = card_links(text(client.get("/")))

    assert len(links) == len(set(links))
    assert {article.get_absolute_url() for article in articles[:7]} <= set(links)


def test_home_section_rows_skip_the_stories_already_on_top_and_stay_full(client):
    busy = make_section("International", slug="international", position=1)
    articles = [make_article(section=busy) for _ in range(12)]

    html = text(client.get("/"))

    row = between(html, 'id="block-international"', "</section>")
    # The 7 newest lead or make the rail; the row shows the next 4.
    assert card_links(row) == [article.get_absolute_url() for article in articles[7:11]]
    assert 'class="card-grid card-grid--4"' in row


def test_a_section_with_one_story_gets_a_row_of_its_own_shape(client):
    front = make_section("Une", slug="une", position=1)
    for _ in range(7):
        make_article(section=front)
    lone = make_section("Sciences", slug="sciences", position=2)
    make_article(section=lone, headline="Une comète passe", lead_photo=make_photo())

    row = between(text(client.get("/")), 'id="block-sciences"', "</section>")

    assert 'class="card-grid card-grid--1"' in row
    assert "Une comète passe" in row


def test_latest_news_rail_is_an_aside_giving_each_story_its_time(client, monkeypatch, french):
    afternoon = datetime(2026, 3, 10, 15, 0, tzinfo=PARIS)
    monkeypatch.setattr(timezone, "now", lambda: afternoon)
    section = make_section()
    make_article(section=section, published_at=afternoon - timedelta(minutes=5))
    make_article(
        section=section,
        headline="Le marché ouvre",
        published_at=afternoon.replace(hour=14, minute=30),
    )
    make_article(
        section=section,
        headline="La veille",
        published_at=datetime(2026, 3, 9, 9, 15, tzinfo=PARIS),
    )

    rail = between(text(client.get("/")), '<aside class="latest"', "</aside>")

    assert '<time datetime="2026-03-10T14:30:00+01:00">14 h 30</time>' in rail
    assert '<time datetime="2026-03-09T09:15:00+01:00">9 mars</time>' in rail
    assert rail.index("Le marché ouvre") < rail.index("La veille")


# --- Section, topic and author pages ------------------------------------------------


@pytest.mark.parametrize("page", ["section", "tag", "author"])
def test_list_pages_lead_with_the_newest_story_and_its_picture(client, page):
    section = make_section("Sciences", slug="sciences")
    author = make_author("Léa Marchand", slug="lea-marchand")
    newest, *older = [
        make_article(section=section, tags=["Océan"], authors=[author], lead_photo=make_photo())
        for _ in range(4)
    ]
    url = {"section": "/sciences/", "tag": "/tag/ocean/", "author": "/auteur/lea-marchand/"}[page]

    html = text(client.get(url))

    lead = between(html, 'class="listing-lead"', "</article>")
    assert card_links(lead) == [newest.get_absolute_url()]
    assert "<picture>" in lead and 'fetchpriority="high"' in lead
    cards = between(html, 'class="card-grid listing-grid"', "</ul>")
    assert card_links(cards) == [article.get_absolute_url() for article in older]
    assert cards.count("<picture>") == len(older)


def test_later_pages_of_a_list_have_no_lead_and_keep_pagination(client):
    section = make_section("Sciences", slug="sciences")
    for _ in range(25):
        make_article(section=section)

    first, second = text(client.get("/sciences/")), text(client.get("/sciences/?page=2"))

    assert 'class="listing-lead"' in first and 'rel="next"' in first
    assert 'class="listing-lead"' not in second
    assert len(card_links(second)) == 5


# --- Dates ---------------------------------------------------------------------------


def test_an_article_dated_by_day_shows_its_date_without_a_time(client):
    article = make_article(published_at=datetime(2025, 8, 7, 0, 0, tzinfo=PARIS))

    byline = between(text(client.get(article.get_absolute_url())), 'class="published"', "</span>")

    assert '<time datetime="2025-08-07">7 août 2025</time>' in byline
    assert "0 h 00" not in byline


def test_cards_of_an_article_dated_by_day_give_the_day_alone(client):
    make_article(headline="Daté du jour", published_at=datetime(2025, 8, 7, 0, 0, tzinfo=PARIS))

    card = between(text(client.get("/")), 'class="card card--lead"', "</article>")

    assert '<time datetime="2025-08-07">7 août 2025</time>' in card


def test_an_article_with_a_time_keeps_it(client):
    article = make_article(published_at=datetime(2025, 8, 7, 14, 30, tzinfo=PARIS))

    byline = between(text(client.get(article.get_absolute_url())), 'class="published"', "</span>")

    assert "7 août 2025 à 14 h 30" in byline


def test_partner_preview_says_nothing_of_updates_before_publication(client):
    article = make_article(
        is_embargoed=True, published_at=timezone.now() + timedelta(hours=6), headline="Sous embargo"
    )
    ArticleNote.objects.create(
        article=article, kind=ArticleNote.Kind.UPDATE, text="Chiffres précisés."
    )
    assert article.status == Article.Status.PUBLISHED and not article.is_published()

    html = text(client.get(preview_url(article, article.published_at)))

    assert "Sous embargo" in html
    assert 'class="updated"' not in html


# --- Header, favicon, search ------------------------------------------------------------


def test_header_offers_a_search_button_beside_the_box(client):
    html = text(client.get("/"))

    header = between(html, '<header class="site-header">', "</header>")
    assert '<a class="search-button" href="/recherche/">' in header


def test_pages_link_an_svg_favicon_and_a_png_fallback_from_static(client):
    html = text(client.get("/"))

    icons = re.findall(r'<link rel="icon" href="/static/([^"]+)"', html)
    assert icons == ["img/favicon.svg", "img/favicon.png"]
    assert all(finders.find(icon) for icon in icons)


def test_search_filters_fold_into_a_details_block_that_counts_them(client):
    section = make_section("Sciences", slug="sciences")
    make_article(section=section, headline="Le port de Sète")

    plain = text(client.get("/recherche/", {"q": "port"}))
    filtered = text(client.get("/recherche/", {"q": "port", "section": "sciences", "sort": "date"}))

    filters = between(plain, '<details class="search-filters">', "</details>")
    assert 'name="section"' in filters and 'name="from"' in filters
    assert "<summary>Refine</summary>" in filters
    assert '<span class="filters-count">(2 filters on)</span>' in filtered
    assert plain.index("</details>") < plain.index("Le port de Sète")
