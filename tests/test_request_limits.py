"""
Hostile requests refused before any view or database sees them: request bodies
larger than the address can use (never written to disk) and NUL bytes in the
address (PostgreSQL would refuse them with a server error).
"""

from __future__ import annotations

import pytest
from django.core.files import uploadedfile
from django.test import Client

from tests.factories import make_article, make_section

MEGABYTE = 1024 * 1024


@pytest.fixture
def spooled_files(monkeypatch):
    """Every temporary upload file Django creates while the test runs."""
    created = []
    original_init = uploadedfile.TemporaryUploadedFile.__init__

    def recording_init(self, *args, **kwargs):
        original_init(self, *args, **kwargs)
        created.append(self.temporary_file_path())

    monkeypatch.setattr(uploadedfile.TemporaryUploadedFile, "__init__", recording_init)
    return created


@pytest.fixture
def csrf_client():
    # As in production: the CSRF check reads POST data, which spools uploads to disk.
    return Client(enforce_csrf_checks=True)


def multipart_post(client, url, file_bytes: int, **extra):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("big.bin", b"x" * file_bytes, "application/octet-stream")
    return client.post(url, {"q": "budget", "file": upload}, **extra)


def test_big_upload_to_the_search_page_is_refused_without_a_temporary_file(
    csrf_client, db, settings, spooled_files
):
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 16 * 1024
    response = multipart_post(csrf_client, "/recherche/", 200 * 1024)

    assert response.status_code == 413
    assert spooled_files == []


def test_announced_size_is_enough_to_refuse_a_body_never_read(csrf_client, db, spooled_files):
    # 200 MB announced, 5 bytes sent: refused on the announcement alone.
    response = csrf_client.generic(
        "POST",
        "/recherche/",
        b"q=abc",
        content_type="application/x-www-form-urlencoded",
        CONTENT_LENGTH=str(200 * MEGABYTE),
    )
    assert response.status_code == 413
    assert b"at most" in response.content
    assert spooled_files == []


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
@pytest.mark.parametrize("url", ["/", "/recherche/", "/tag/budget/", "/flux/", "/sitemap.xml"])
def test_every_public_address_refuses_large_bodies(csrf_client, db, method, url):
    response = csrf_client.generic(
        method, url, b"x" * 10, content_type="text/plain", CONTENT_LENGTH=str(MEGABYTE)
    )
    assert response.status_code == 413, (method, url)


def test_chunked_body_without_length_is_refused(csrf_client, db, spooled_files):
    response = csrf_client.generic(
        "POST",
        "/recherche/",
        b"",
        content_type="multipart/form-data; boundary=xyz",
        HTTP_TRANSFER_ENCODING="chunked",
    )
    assert response.status_code == 413
    assert spooled_files == []


def test_invalid_content_length_is_a_bad_request(csrf_client, db):
    for length in ("-1", "abc", "1e9"):
        response = csrf_client.generic(
            "POST", "/recherche/", b"q", content_type="text/plain", CONTENT_LENGTH=length
        )
        assert response.status_code == 400, length


def test_small_public_post_still_reaches_the_view(client, db):
    # The search page answers GET only: a small POST gets its usual 405, not 413.
    assert client.post("/recherche/", {"q": "budget"}).status_code == 405


def test_anonymous_upload_to_the_admin_login_gets_the_public_limit(csrf_client, db, spooled_files):
    response = multipart_post(csrf_client, "/admin/login/", MEGABYTE)
    assert response.status_code == 413
    assert spooled_files == []


def test_staff_may_upload_up_to_the_upload_limit_in_the_admin(editor_client, settings):
    settings.NEWSROOM_MAX_UPLOAD_BYTES = 2 * MEGABYTE
    settings.NEWSROOM_MAX_ADMIN_BODY_BYTES = 3 * MEGABYTE
    response = multipart_post(editor_client, "/admin/articles/photo/add/", MEGABYTE)
    assert response.status_code != 413


def test_staff_uploads_above_the_admin_limit_are_refused(editor_client, settings, spooled_files):
    settings.NEWSROOM_MAX_ADMIN_BODY_BYTES = MEGABYTE
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 16 * 1024
    response = multipart_post(editor_client, "/admin/articles/photo/add/", 2 * MEGABYTE)
    assert response.status_code == 413
    assert spooled_files == []


# --- NUL bytes in addresses ---------------------------------------------------


@pytest.fixture
def site_pages(db):
    section = make_section("Économie", slug="economie")
    article = make_article(section=section, tags=["Budget"])
    return {
        "section": section.get_absolute_url(),
        "article": article.get_absolute_url(),
    }


NUL_PATHS = [
    "/tag/%00/",
    "/tag/budget%00/",
    "/tag/%00/flux/",
    "/tag/%00/flux/atom/",
    "/auteur/%00/",
    "/auteur/%00/flux/",
    "/economie/%00/",
    "/%00/",
    "/%00/flux/",
    "/economie/2024/01/01/%00/",
    "/apercu/%00/",
    "/sitemap-%00.xml",
    "/admin/articles/article/%00/change/",
    "/admin/articles/tag/%00/change/",
]


def test_nul_in_any_path_is_refused(client, site_pages):
    for path in NUL_PATHS:
        response = client.get(path)
        assert response.status_code in (400, 404), (path, response.status_code)


def test_nul_in_the_query_of_any_page_is_refused(client, site_pages):
    pages = ["/", "/recherche/", "/tag/budget/", "/flux/", "/archives/", "/sitemap.xml"]
    pages += list(site_pages.values())
    for page in pages:
        for query in ("q=%00", "page=%00", "x%00=1", "q=abc%00def", "sort=%00&q=a"):
            response = client.get(f"{page}?{query}")
            assert response.status_code == 400, (page, query, response.status_code)


def test_nul_in_an_admin_search_is_refused(editor_client):
    for url in (
        "/admin/articles/article/",
        "/admin/articles/tag/",
        "/admin/articles/author/",
        "/admin/articles/photo/",
    ):
        response = editor_client.get(url + "?q=%00")
        assert response.status_code == 400, url


@pytest.mark.parametrize("url", ["/", "/admin/", "/recherche/?q=budget"])
def test_a_cookie_holding_nul_is_ignored_not_a_server_error(client, site_pages, url):
    # Unquoted, "\000" is a NUL: the session lookup would fail on PostgreSQL.
    response = client.get(url, HTTP_COOKIE='sessionid="abcdefgh\\000ijkl"; theme=light')
    assert response.status_code in (200, 302)


@pytest.mark.parametrize("query", ["tag=%00", "cursor=a%00b"])
def test_api_refusals_before_any_view_are_problem_documents(client, query):
    response = client.get(f"/api/v1/articles/?{query}")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 400


def test_api_request_too_large_is_a_problem_document(client):
    response = client.generic(
        "POST",
        "/api/v1/articles/",
        b"x",
        CONTENT_TYPE="application/json",
        CONTENT_LENGTH="99999999",
    )
    assert response.status_code == 413
    assert response["Content-Type"] == "application/problem+json"
