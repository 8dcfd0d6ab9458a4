"""
Drafts, articles in review, scheduled and deleted articles are invisible to
readers on every public surface: one table, every surface, every hidden state.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from tests.factories import make_article, make_author, make_section

pytestmark = pytest.mark.django_db

HIDDEN_HEADLINE = "Ce titre ne doit jamais sortir"


def draft():
    return {"status": Article.Status.DRAFT}


def review():
    return {"status": Article.Status.REVIEW}


def scheduled():
    return {"published_at": timezone.now() + timedelta(days=2)}


def deleted():
    return {"deleted_at": timezone.now() - timedelta(hours=1)}


HIDDEN_STATES = {"draft": draft, "review": review, "scheduled": scheduled, "deleted": deleted}


def archive_urls(article):
    when = timezone.localtime(article.published_at or article.created_at)
    return [
        f"/archives/{when:%Y}/",
        f"/archives/{when:%Y}/{when:%m}/",
        f"/archives/{when:%Y}/{when:%m}/{when:%d}/",
    ]


# Every public surface that lists articles: (name, address given the setup).
SURFACES = {
    "home": lambda s: "/",
    "section": lambda s: "/international/",
    "sub-section": lambda s: "/international/europe/",
    "tag": lambda s: "/tag/ukraine/",
    "author": lambda s: "/auteur/jeanne-dupont/",
    "archive year": lambda s: archive_urls(s["hidden"])[0],
    "archive month": lambda s: archive_urls(s["hidden"])[1],
    "archive day": lambda s: archive_urls(s["hidden"])[2],
    "archive index": lambda s: "/archives/",
    "related block": lambda s: s["visible"].get_absolute_url(),
    "site feed": lambda s: "/flux/",
    "site atom feed": lambda s: "/flux/atom/",
    "section feed": lambda s: "/international/flux/",
    "section atom feed": lambda s: "/international/flux/atom/",
    "tag feed": lambda s: "/tag/ukraine/flux/",
    "tag atom feed": lambda s: "/tag/ukraine/flux/atom/",
    "author feed": lambda s: "/auteur/jeanne-dupont/flux/",
    "author atom feed": lambda s: "/auteur/jeanne-dupont/flux/atom/",
    "article sitemap": lambda s: "/sitemap-articles.xml",
    "news sitemap": lambda s: "/news-sitemap.xml",
}


def build(state: dict, visible_count: int = 9) -> dict:
    world = make_section("International", slug="international")
    europe = make_section("Europe", slug="europe", parent=world)
    author = make_author("Jeanne Dupont")
    # More than the home page's top stories, all sharing tag, author and section.
    visible = [
        make_article(
            section=europe,
            tags=["Ukraine"],
            authors=[author],
            published_at=timezone.now() - timedelta(minutes=n + 1),
        )
        for n in range(visible_count)
    ]
    hidden = make_article(
        section=europe,
        headline=HIDDEN_HEADLINE,
        slug="titre-cache",
        tags=["Ukraine", "Secret"],
        authors=[author],
        published_at=state.pop("published_at", timezone.now() - timedelta(seconds=30)),
        **{key: value for key, value in state.items() if key != "deleted_at"},
    )
    if "deleted_at" in state:
        Article.objects.filter(pk=hidden.pk).update(deleted_at=state["deleted_at"])
    return {"visible": visible[0], "hidden": hidden}


@pytest.mark.parametrize("state", HIDDEN_STATES)
def test_hidden_articles_appear_on_no_public_surface(client, state):
    setup = build(HIDDEN_STATES[state]())

    leaks = []
    for surface, address in SURFACES.items():
        response = client.get(address(setup))
        content = response.content.decode()
        if response.status_code != 200 or HIDDEN_HEADLINE in content or "titre-cache" in content:
            leaks.append((surface, response.status_code))

    assert leaks == []


@pytest.mark.parametrize("state", HIDDEN_STATES)
def test_hidden_article_page_is_not_found_for_readers(client, state):
    setup = build(HIDDEN_STATES[state]())

    assert client.get(setup["hidden"].get_absolute_url()).status_code == 404


@pytest.mark.parametrize("state", HIDDEN_STATES)
def test_hidden_articles_do_not_count_in_page_totals(client, state):
    # Exactly one full page of visible articles: the hidden one would start a second.
    build(HIDDEN_STATES[state](), visible_count=20)

    assert client.get("/tag/ukraine/?page=2").status_code == 404
    assert 'rel="next"' not in client.get("/tag/ukraine/").content.decode()


@pytest.mark.parametrize("state", HIDDEN_STATES)
def test_tags_and_sitemaps_only_know_published_articles(client, state):
    build(HIDDEN_STATES[state]())

    assert "/tag/secret/" not in client.get("/sitemap-tags.xml").content.decode()
    assert client.get("/tag/secret/flux/").status_code == 200
    assert HIDDEN_HEADLINE not in client.get("/tag/secret/").content.decode()
