"""HEAD is answered like GET, without the body, on every public page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import make_article, make_author, make_section

pytestmark = pytest.mark.django_db

# Headers that may differ between two requests for the same page.
PER_REQUEST_HEADERS = {"date", "expires", "x-cache"}


@pytest.fixture
def pages(db):
    monde = make_section("Monde", slug="monde")
    make_section("Europe", slug="europe", parent=monde)
    author = make_author("Léa Marchand", slug="lea-marchand")
    article = make_article(
        headline="Le port rouvre",
        section=monde,
        authors=[author],
        tags=["Océan"],
        published_at=timezone.now() - timedelta(hours=1),
    )
    year, month, day = article.get_absolute_url().split("/")[2:5]
    return {
        "home": "/",
        "section": "/monde/",
        "sub-section": "/monde/europe/",
        "tag": "/tag/ocean/",
        "author": "/auteur/lea-marchand/",
        "article": article.get_absolute_url(),
        "archives": "/archives/",
        "archive": f"/archives/{year}/{month}/",
        "search": "/recherche/?q=port",
        "corrections": "/corrections/",
        "feed": "/flux/",
        "atom feed": "/flux/atom/",
        "section feed": "/monde/flux/",
        "tag feed": "/tag/ocean/flux/",
        "author feed": "/auteur/lea-marchand/flux/",
        "sitemap index": "/sitemap.xml",
        "sitemap": "/sitemap-articles.xml",
        "news sitemap": "/news-sitemap.xml",
        "robots": "/robots.txt",
    }


def headers(response) -> dict[str, str]:
    return {k.lower(): v for k, v in response.items() if k.lower() not in PER_REQUEST_HEADERS}


@pytest.mark.parametrize("warm", [False, True], ids=["computed", "from the cache"])
def test_head_answers_like_get_without_a_body(client, pages, warm):
    for name, url in pages.items():
        if warm:
            client.get(url)

        head = client.head(url)
        get = client.get(url)

        assert head.status_code == 200, name
        assert head.content == b"", name
        assert headers(head) == headers(get), name
        assert int(head["Content-Length"]) == len(get.content), name


def test_head_for_a_logged_in_user_is_answered_too(client, pages, django_user_model):
    client.force_login(django_user_model.objects.create_user("lecteur", password="x" * 20))

    response = client.head(pages["article"])

    assert response.status_code == 200
    assert response.content == b""
