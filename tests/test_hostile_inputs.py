"""
Hostile requests, table-driven in the style of Django's own security tests:
each table lists attacks that must all be refused; adding a case is one line.
"""

from __future__ import annotations

from urllib.parse import urlencode, urljoin, urlsplit

import pytest

from articles.models import Article
from tests.factories import make_article, make_section

PASSWORD = "correct-horse-battery"  # what tests.factories.make_user sets

# Places a login or logout could send the browser to that are not this site.
OFF_SITE_NEXT = [
    "//evil.example",
    "///evil.example",
    "https:evil.example",
    "https://evil.example/",
    "http://testserver@evil.example/",
    "//testserver@evil.example",
    "https://testserver.evil.example/",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "\\\\evil.example",
    "\\/evil.example",
    "/\\evil.example",
    " //evil.example",
    "\t//evil.example",
    "%2F%2Fevil.example",
    "/%09/evil.example",
]

# Query parameters a reader could add hoping to see unpublished articles.
DRAFT_PEEKING_PARAMS = [
    {"status": "draft"},
    {"status": Article.Status.REVIEW},
    {"status__in": "draft,review,published"},
    {"preview": "1"},
    {"preview": "true", "token": "x"},
    {"draft": "1"},
    {"author__username": "writer"},
    {"published_at__gte": "2000-01-01"},
    {"deleted_at__isnull": "False"},
    {"pk__gt": "0"},
    {"o": "-status"},
    {"ordering": "status"},
]

LONG = "x" * 10_000
# Query strings that must never turn a public page into a server error.
ABSURD_QUERY_STRINGS = [
    "q=" + LONG,
    "a=" + LONG,
    LONG,
    "page=" + "9" * 10_000,
    "page=999999",
    "page=-1",
    "page=0",
    "page=abc",
    "page=1e9",
    "page=%00",
    "q=%00%ff%fe",
    "q=" + "%F0%9F%92%A9" * 2_000,
    "&".join(f"f{n}=1" for n in range(2_000)),  # more fields than Django accepts
    "q[]=1&q[]=2",
    "q=%27%22%3C%3E",
]

# Host headers a request could carry to poison absolute links or caches.
FOREIGN_HOSTS = [
    "evil.example",
    "testserver.evil.example",
    "evil.example:80",
    "testserver@evil.example",
]


def assert_stays_on_site(response) -> None:
    if response.status_code not in (301, 302, 303, 307, 308):
        return
    location = response["Location"]
    # Resolve it as a browser would: backslashes are slashes, tabs and
    # newlines are dropped, a relative URL stays on the current site.
    as_browser = "".join(ch for ch in location if ch not in "\t\n\r").replace("\\", "/")
    resolved = urlsplit(urljoin("http://testserver/admin/", as_browser))
    assert resolved.scheme in ("http", "https"), location
    assert resolved.netloc == "testserver", location


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def public_pages(db):
    section = make_section("Économie", slug="economie")
    article = make_article(section=section, tags=["Budget"])
    return [
        "/",
        section.get_absolute_url(),
        article.get_absolute_url(),
        "/tag/budget/",
        "/recherche/",
        "/flux/",
        "/archives/",
    ]


def test_login_never_redirects_off_site(client, editor):
    for target in OFF_SITE_NEXT:
        client.logout()
        response = client.post(
            "/admin/login/?" + urlencode({"next": target}),
            {"username": "editor", "password": PASSWORD, "next": target},
        )
        assert response.status_code == 302, target
        assert_stays_on_site(response)


def test_login_with_a_refused_next_lands_on_the_admin_index(client, editor):
    response = client.post(
        "/admin/login/", {"username": "editor", "password": PASSWORD, "next": "//evil.example"}
    )
    assert response["Location"] == "/admin/"


def test_logout_never_redirects_off_site(client, editor):
    for target in OFF_SITE_NEXT:
        client.force_login(editor)
        response = client.post("/admin/logout/", {"next": target})
        assert response.status_code in (200, 302), target
        assert_stays_on_site(response)


def test_login_page_for_a_logged_in_editor_never_redirects_off_site(editor_client):
    for target in OFF_SITE_NEXT:
        response = editor_client.get("/admin/login/?" + urlencode({"next": target}))
        assert_stays_on_site(response)


def test_query_parameters_never_reveal_unpublished_articles(client, db):
    section = make_section("Société", slug="societe")
    make_article(section=section, headline="Un article publié ce matin")
    hidden = [
        make_article(
            section=section, status=Article.Status.DRAFT, headline="Brouillon secret sur le budget"
        ),
        make_article(
            section=section, status=Article.Status.REVIEW, headline="Relecture secrète du budget"
        ),
    ]
    for params in DRAFT_PEEKING_PARAMS:
        for url in ("/", section.get_absolute_url()):
            response = client.get(url, params)
            page = response.content.decode()
            assert response.status_code == 200, (url, params)
            for article in hidden:
                assert article.headline not in page, (url, params)


def test_absurd_query_strings_never_cause_a_server_error(client, public_pages):
    for url in public_pages:
        for query in ABSURD_QUERY_STRINGS:
            response = client.get(f"{url}?{query}")
            assert response.status_code < 500, (url, query[:40], response.status_code)


def test_foreign_host_headers_are_refused(client, db):
    for host in FOREIGN_HOSTS:
        response = client.get("/", headers={"host": host})
        assert response.status_code == 400, host
