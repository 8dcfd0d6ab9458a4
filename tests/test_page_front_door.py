"""
Stored pages are served before any other middleware runs
(articles/cache/middleware.py), with every header they were built with.
"""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

import pytest
from django.contrib.sessions.middleware import SessionMiddleware
from django.utils import timezone

from tests.factories import make_article, make_editor, make_section

SECURITY_HEADERS = (
    "Content-Security-Policy",
    "X-Frame-Options",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
    "Content-Type",
    "ETag",
    "Last-Modified",
)


@pytest.fixture
def article(db):
    return make_article(
        section=make_section("Monde", slug="monde"),
        headline="Le port de Brest rouvre ses quais",
        published_at=timezone.now() - timedelta(hours=1),
    )


def test_a_stored_page_keeps_every_header_it_was_built_with(client, article):
    built = client.get(article.get_absolute_url())
    stored = client.get(article.get_absolute_url())

    assert (built["X-Cache"], stored["X-Cache"]) == ("miss", "hit")
    for header in SECURITY_HEADERS:
        if built.has_header(header):
            assert stored[header] == built[header], header
    assert "Content-Security-Policy" in stored
    assert stored["Cache-Control"] == built["Cache-Control"]
    assert stored.content == built.content


def test_a_stored_page_is_served_before_any_other_middleware_and_without_a_query(
    client, article, django_assert_num_queries
):
    client.get(article.get_absolute_url())

    with (
        mock.patch.object(SessionMiddleware, "process_request") as session,
        django_assert_num_queries(0),
    ):
        response = client.get(article.get_absolute_url())

    assert response["X-Cache"] == "hit"
    session.assert_not_called()


def test_an_editor_with_a_session_is_never_handed_the_stored_copy(client, article):
    client.get(article.get_absolute_url())
    client.force_login(make_editor())

    response = client.get(article.get_absolute_url())

    assert "X-Cache" not in response
    assert "no-store" in response["Cache-Control"]


def test_a_request_with_a_body_goes_through_the_checks(client, article):
    client.get(article.get_absolute_url())

    response = client.generic("GET", article.get_absolute_url(), data=b"x" * 100_000)

    assert response.status_code == 413


def test_a_head_request_gets_the_stored_headers_and_no_body(client, article):
    built = client.get(article.get_absolute_url())

    response = client.head(article.get_absolute_url())

    assert response["X-Cache"] == "hit"
    assert response.content == b""
    assert response["Content-Length"] == str(len(built.content))


def test_a_stored_page_answers_304_to_its_etag_from_the_front_door(client, article):
    first = client.get(article.get_absolute_url())

    again = client.get(article.get_absolute_url(), HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 304
    assert again.content == b""
