"""The slug the article form fills in a real browser is the slug the server makes."""

from __future__ import annotations

import pytest

from articles.text import slugify
from tests.factories import make_editor

pytestmark = pytest.mark.browser

HEADLINE = "Sommet Trump-Poutine : les Européens craignent d’être écartés, l’œuvre de l'été"


def test_typing_a_french_headline_fills_the_servers_ascii_slug(roles, open_session):
    from playwright.sync_api import expect

    make_editor(username="claire")
    editor = open_session("editor")
    editor.log_in("claire")
    editor.goto("/admin/articles/article/add/")

    editor.page.locator("#id_headline").press_sequentially(HEADLINE, delay=5)

    slug = editor.page.locator("#id_slug")
    expect(slug).to_have_value(slugify(HEADLINE))
    assert (
        slug.input_value()
        == "sommet-trump-poutine-les-europeens-craignent-d-etre-ecartes-l-oeuvre-de-l-ete"
    )
    editor.screenshot("slug-filled")
    assert editor.csp_violations() == []
