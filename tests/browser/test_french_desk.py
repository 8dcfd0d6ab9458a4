"""The French admin speaks French where an editor looks: the desk and the body editor's toolbar."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

ENGLISH_TOOLBAR_WORDS = (
    "bold",
    "italic",
    "insert link",
    "paragraph",
    "Heading 2",
    "undo",
    "blockquote",
)


@pytest.fixture
def french_admin(settings):
    settings.LANGUAGE_CODE = "fr"


def log_in_in_french(session, username):
    from playwright.sync_api import expect

    session.goto("/admin/login/")
    session.page.locator("#id_username").fill(username)
    session.page.locator("#id_password").fill("correct-horse-battery")
    session.page.locator("input[type=submit]").click()
    expect(session.page.locator("#logout-form button")).to_be_visible()


def test_body_editor_toolbar_is_in_french(roles, french_admin, open_session):
    from tests.factories import make_editor

    make_editor(username="chef")
    session = open_session("editor")
    log_in_in_french(session, "chef")
    session.goto("/admin/articles/article/add/")
    menubar = session.page.locator(".prose-menubar").first
    menubar.wait_for()
    session.page.wait_for_function(
        "() => [...document.querySelectorAll('.prose-menubar [title]')]"
        ".some(b => b.getAttribute('title') === 'Gras')"
    )
    titles = session.page.eval_on_selector_all(
        ".prose-menubar [title], .prose-menubar [aria-label]",
        "nodes => nodes.flatMap(n => [n.getAttribute('title'), n.getAttribute('aria-label')])",
    )
    # Icons are ligatures of the icon font ("format_bold"): only words a person reads count.
    texts = " | ".join(
        session.page.eval_on_selector_all(
            ".prose-menubar *:not(.material-icons)",
            "nodes => nodes.filter(n => n.children.length === 0).map(n => n.textContent.trim())",
        )
    )
    session.screenshot("article-form-fr")
    assert "Gras" in titles and "Insérer un lien" in titles
    for word in ENGLISH_TOOLBAR_WORDS:
        assert word not in titles, word
        assert word not in texts, word


def test_desk_is_the_start_page_in_french(roles, french_admin, open_session):
    from articles.models import Article
    from tests.factories import make_article, make_editor

    make_editor(username="chef")
    make_article(headline="Une dépêche à relire", status=Article.Status.REVIEW)
    session = open_session("editor")
    log_in_in_french(session, "chef")
    session.goto("/admin/")
    page_text = session.page.locator("#content").inner_text()
    session.screenshot("desk-fr")
    assert "Une dépêche à relire" in page_text
    assert "À relire" in page_text
    assert "To review" not in page_text


def test_article_form_has_the_text_in_front_and_a_sidebar(roles, french_admin, open_session):
    from tests.factories import make_editor

    make_editor(username="chef")
    session = open_session("editor")
    session.page.set_viewport_size({"width": 1440, "height": 1000})
    log_in_in_french(session, "chef")
    session.goto("/admin/articles/article/add/")
    body = session.page.locator(".article-main .prose-editor, .article-main [id=id_body]").first
    status = session.page.locator("#id_status")
    body_box, status_box = body.bounding_box(), status.bounding_box()
    session.screenshot("article-form-wide")
    # Side by side: the status field sits right of the text, within the first screen.
    assert status_box["x"] > body_box["x"] + body_box["width"] - 5
    assert status_box["y"] < 1000


def test_photo_picker_shows_thumbnails_and_credits(roles, french_admin, open_session):
    from playwright.sync_api import expect

    from tests.factories import make_credit, make_editor, make_photo

    make_editor(username="chef")
    make_photo(caption="Le port au petit matin", alt_text="", credit=make_credit("Ana Ruiz/EFE"))
    session = open_session("editor")
    session.page.set_viewport_size({"width": 1440, "height": 1000})
    log_in_in_french(session, "chef")
    session.goto("/admin/articles/article/add/")
    session.page.locator(".field-lead_photo .select2-selection").click()
    session.page.locator(".select2-container--open .select2-search__field").fill("port")
    option = session.page.locator(".select2-results__option .photo-card").first
    expect(option).to_contain_text("EFE")
    expect(option.locator("img")).to_be_visible()
    session.screenshot("photo-picker-open")
    option.click()
    preview = session.page.locator("#lead-photo-preview")
    expect(preview).to_contain_text("Le port au petit matin")
    expect(preview).to_contain_text("EFE")
    expect(preview.locator(".photo-card__alt--missing")).to_be_visible()
