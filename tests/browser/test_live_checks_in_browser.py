"""The pre-publish checklist follows the editor's typing, before anyone presses publish."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_typing_the_missing_standfirst_updates_the_checklist(roles, open_session):
    from playwright.sync_api import expect

    from articles.models import Article
    from tests.factories import make_article, make_editor

    make_editor(username="chef")
    article = make_article(status=Article.Status.DRAFT, standfirst="", tags=["Climat"])
    session = open_session("editor")
    session.log_in("chef")
    session.goto(f"/admin/articles/article/{article.pk}/change/")
    checklist = session.page.locator("#prepublish-checklist")
    expect(checklist).to_contain_text("The standfirst is empty.")
    expect(checklist).to_contain_text("One thing to fix before publishing")

    session.page.locator("#id_standfirst").fill("Les délégations arrivent ce soir.")

    expect(checklist).to_contain_text("Ready to publish: every check passes.")
    expect(checklist).not_to_contain_text("The standfirst is empty.")

    session.page.locator("#id_headline").fill("")
    expect(checklist).to_contain_text("The headline is empty.")
    session.screenshot("live-checklist")
    assert session.csp_violations() == []
    article.refresh_from_db()
    assert article.standfirst == ""  # checking saved nothing
