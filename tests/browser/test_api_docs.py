"""
The content API's documentation page works in a real browser under the
site's strict Content-Security-Policy, with every file from our own origin
(no CDN).
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.factories import make_article

pytestmark = pytest.mark.browser


def test_api_docs_render_from_our_origin_without_csp_violation(open_session, transactional_db):
    make_article(headline="Un article pour la documentation")
    session = open_session("partner")
    requested = []
    session.page.on("request", lambda request: requested.append(request.url))
    session.goto("/api/v1/docs/")
    expect(session.page.get_by_text("Newsroom content API").first).to_be_visible()
    # The operations come from the OpenAPI document, fetched by the page's script.
    expect(session.page.get_by_text("/api/v1/articles/", exact=True).first).to_be_visible()
    session.screenshot("api-docs")
    assert session.csp_violations() == []
    origin = urlsplit(session.base_url).netloc
    foreign = [url for url in requested if urlsplit(url).scheme in {"http", "https"}]
    assert [url for url in foreign if urlsplit(url).netloc != origin] == []
