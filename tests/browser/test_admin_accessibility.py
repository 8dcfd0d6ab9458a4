"""
The desk's pages in a real browser: axe-core finds no accessibility violation
of serious or critical impact on the admin's desk (start page), article list
and article form (new, and an illustrated article whose pre-publish problems
are shown), for an editor and for a writer, on a desktop screen and a phone
in dark mode; an editor's calendar, photo library and sections too.

The admin is served in French, as the newsroom uses it. axe-core is the
vendored copy the reader pages' test uses (tests/browser/test_reader_pages.py).
"""

from __future__ import annotations

from functools import partial
from types import SimpleNamespace

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import TIMEOUT_MS
from tests.browser.test_french_desk import log_in_in_french
from tests.browser.test_reader_pages import DESKTOP, PHONE, axe_violations

pytestmark = pytest.mark.browser


@pytest.fixture
def french_admin(settings):
    settings.LANGUAGE_CODE = "fr"


@pytest.fixture
def desk(roles, french_admin):
    """An editor, a writer, and articles that fill the desk's panels and the list."""
    from articles.models import Article, ArticleNote
    from tests.factories import make_article, make_editor, make_photo, make_section, make_writer

    make_editor(username="chef")
    writer = make_writer(username="plume")
    section = make_section("Économie", slug="economie")
    ready = make_article(headline="Le port de Sète s’agrandit", section=section, tags=["Ports"])
    make_article(headline="Une dépêche à relire", section=section, status=Article.Status.REVIEW)
    # An illustrated draft that breaks checks: its photo has no alternative
    # text and it has no tag, so the form lists problems.
    draft = make_article(
        headline="La criée rouvre ses portes",
        section=section,
        status=Article.Status.DRAFT,
        created_by=writer,
        lead_photo=make_photo(alt_text="", caption="La criée, à l’aube."),
    )
    # A correction: the form shows it inline, with its link to the public page.
    ArticleNote.objects.create(article=draft, text="Le port a rouvert mardi, non lundi.")
    return {"draft": draft, "ready": ready}


def violations_on(page, where: str) -> list[dict]:
    """axe's serious and critical violations on ``page``: none is excused."""
    return [{**violation, "page": where} for violation in axe_violations(page)]


def describe(found: list[dict]) -> str:
    return "\n".join(
        f"{v['page']}: {v['id']} ({v['impact']}) {v['help']}: {v['nodes']}" for v in found
    )


def check_admin_pages(browser, base_url: str, username: str, desk: dict, can_publish: bool):
    """Every admin page the issue names, on both screens; the violations found."""
    found = []
    logged_in = None
    for screen, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        context = browser.new_context(
            viewport=viewport,
            # The phone in dark mode: Django's dark theme and ours.
            color_scheme="dark" if screen == "phone" else "light",
            is_mobile=screen == "phone",
            has_touch=screen == "phone",
            # axe is evaluated as a script; the admin's CSP rightly refuses inline ones.
            bypass_csp=True,
            storage_state=logged_in,
        )
        context.set_default_timeout(TIMEOUT_MS)
        page = context.new_page()
        if logged_in is None:
            goto = partial(lambda page, path: page.goto(base_url + path), page)
            log_in_in_french(SimpleNamespace(page=page, goto=goto), username)
            logged_in = context.storage_state()
        pages = [
            ("desk", "/admin/"),
            ("list", "/admin/articles/article/"),
            ("add form", "/admin/articles/article/add/"),
            # Last: the problems are asked for from it.
            ("change form", f"/admin/articles/article/{desk['draft'].pk}/change/"),
        ]
        if can_publish:
            # An editor's other pages: a published article's form (every check
            # passes), the calendar, the photo library, the sections.
            pages[:0] = [
                ("ready article's form", f"/admin/articles/article/{desk['ready'].pk}/change/"),
                ("calendar", "/admin/articles/article/calendar/"),
                ("photo list", "/admin/articles/photo/"),
                ("section list", "/admin/articles/section/"),
            ]
        for name, path in pages:
            page.goto(base_url + path)
            if "form" in name:
                expect(page.locator(".ProseMirror[contenteditable='true']")).to_be_visible()
            found += violations_on(page, f"{username} {screen} {name}")
        if can_publish:
            # Ask to publish the illustrated draft: the problems are listed atop the form.
            page.locator("#id_status").select_option("published")
            page.locator("input[name=_continue]").click()
            expect(page.locator("#prepublish-problems")).to_be_visible()
            found += violations_on(page, f"{username} {screen} form with problems")
        context.close()
    return found


def test_editor_admin_pages_have_no_serious_accessibility_violation(desk, browser, live_server):
    found = check_admin_pages(browser, live_server.url, "chef", desk, True)

    assert found == [], describe(found)


def test_writer_admin_pages_have_no_serious_accessibility_violation(desk, browser, live_server):
    found = check_admin_pages(browser, live_server.url, "plume", desk, False)

    assert found == [], describe(found)
