"""
The newsroom in a real browser: an editor writes, illustrates and publishes an
article that readers then find; a writer cannot publish; two editors' edits
never silently overwrite each other; the Content-Security-Policy breaks nothing.

Locators use roles, labels and names (what a person sees), not markup details,
except for the two widgets without accessible names: Django's autocomplete
(Select2) and the rich-text editor's block-type dropdown.
"""

from __future__ import annotations

import re

import feedparser
import pytest
from playwright.sync_api import expect

from articles.models import Article
from tests.factories import image_bytes, make_article, make_editor, make_section, make_writer

pytestmark = pytest.mark.browser


def choose_autocomplete(page, label: str, text: str) -> None:
    """Pick ``text`` in one of the admin's autocomplete (Select2) fields."""
    # The <select> itself: Select2's box is named by the same label (accessibility).
    select = page.locator("select").and_(page.get_by_label(re.compile(rf"^{re.escape(label)}\b")))
    select.locator("xpath=following-sibling::span[contains(@class, 'select2')][1]").click()
    # Select2 puts the focus in its search box, as for a person.
    page.keyboard.type(text)
    page.get_by_role("option", name=text, exact=True).click()


def write_in_editor(page, paragraphs: list[str], subheading: str) -> None:
    """
    Type into the rich-text editor: the first paragraph, a sub-heading made
    with the block-type menu (Heading 2), then the other paragraphs.
    """
    editor = page.locator(".ProseMirror[contenteditable='true']")
    editor.click()
    page.keyboard.type(paragraphs[0])
    page.keyboard.press("Enter")
    page.keyboard.type(subheading)
    # The block-type dropdown shows the current type (a button named
    # "paragraph"); its wrapper is what opens the list of types.
    page.locator(".prose-menubar__selected").click()
    page.get_by_role("button", name="Heading 2").click()
    page.keyboard.press("End")
    for paragraph in paragraphs[1:]:
        page.keyboard.press("Enter")
        page.keyboard.type(paragraph)
    expect(editor.get_by_role("heading", level=2, name=subheading)).to_be_visible()


def save_button(page):
    return page.get_by_role("button", name="Save", exact=True)


# --- The editor's day -------------------------------------------------------


def test_editor_publishes_an_illustrated_article_that_readers_then_find(roles, open_session):
    section = make_section("Vignobles", slug="vignobles")
    make_editor(username="claire")
    headline = "Les vendanges commencent en août dans le Jura"
    subheading = "Un été sans pluie"
    credit = "Lucie Bernard/AFP"
    alt_text = "Des grappes de raisin dans une caisse en plastique"

    editor = open_session("editor")
    page = editor.page
    editor.log_in("claire")
    editor.goto("/admin/articles/article/add/")
    page.get_by_label("Headline").fill(headline)
    page.get_by_label("Standfirst").fill("La chaleur avance la récolte de trois semaines.")
    write_in_editor(
        page,
        [
            "Les premiers coupeurs sont entrés dans les vignes lundi matin.",
            "Les vignerons attendent une petite récolte, mais de belle qualité.",
        ],
        subheading,
    )

    # The lead photo is uploaded without leaving the article: "+" opens a pop-up.
    with page.expect_popup() as popup_info:
        page.get_by_title("Add another photo").click()
    popup = popup_info.value
    popup.get_by_label("Image").set_input_files(
        files=[{"name": "vendanges.jpg", "mimeType": "image/jpeg", "buffer": image_bytes(800, 500)}]
    )
    popup.get_by_label("Alternative text").fill(alt_text)
    popup.get_by_label("Caption").fill("Dans une vigne près d’Arbois, lundi.")
    popup.get_by_label("or a new credit").fill(credit)
    editor.screenshot("photo-popup", page=popup)
    with popup.expect_event("close"):
        save_button(popup).click()
    expect(
        page.get_by_role("combobox", name="Dans une vigne près d’Arbois, lundi.")
    ).to_be_visible()

    choose_autocomplete(page, "Section", "Vignobles")
    page.get_by_label("Tags").fill("Vendanges, Jura, climat")
    page.get_by_label("Status").select_option(label="Published")
    editor.screenshot("article-form-filled")
    save_button(page).click()
    expect(page.get_by_text("is published: readers see it now.")).to_be_visible()
    editor.screenshot("article-saved")
    assert editor.csp_violations() == []

    article = Article.objects.get(headline=headline)
    assert article.is_published()
    assert f"<h2>{subheading}</h2>" in article.body
    assert article.section == section
    assert sorted(article.tags.names()) == ["Jura", "Vendanges", "climat"]
    assert article.lead_photo.alt_text == alt_text
    assert str(article.lead_photo.credit) == credit

    reader = open_session("reader")
    page = reader.page
    reader.goto("/")
    reader.screenshot("home")
    page.get_by_role("link", name=headline).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(headline)
    expect(page.get_by_role("heading", level=2, name=subheading)).to_be_visible()
    expect(page.get_by_role("img", name=alt_text)).to_be_visible()
    expect(page.get_by_role("figure")).to_contain_text(credit)
    reader.screenshot("article")

    # The article page speaks the article's language: names below are data, not UI text.
    page.get_by_role("link", name="Vignobles", exact=True).first.click()
    expect(page.get_by_role("link", name=headline)).to_be_visible()
    reader.screenshot("section")
    page.go_back()

    page.get_by_role("link", name="Vendanges", exact=True).click()
    expect(page.get_by_role("link", name=headline)).to_be_visible()
    reader.screenshot("tag")

    search_box = page.get_by_role("search").get_by_role("searchbox")
    search_box.fill("vendanges")
    search_box.press("Enter")
    expect(page.get_by_role("main").get_by_role("link", name=headline)).to_be_visible()
    reader.screenshot("search")

    feed = feedparser.parse(page.request.get(reader.base_url + "/flux/").body())
    assert headline in [entry.title for entry in feed.entries]
    assert reader.csp_violations() == []


# --- Roles ------------------------------------------------------------------


def test_writer_is_offered_no_published_status(roles, open_session):
    make_writer(username="marc")
    writer = open_session("writer")
    writer.log_in("marc")
    writer.goto("/admin/articles/article/add/")

    status = writer.page.get_by_label("Status")
    expect(status.get_by_role("option", name="Draft")).to_be_attached()
    expect(status.get_by_role("option", name="In review")).to_be_attached()
    expect(status.get_by_role("option", name="Published")).to_have_count(0)
    writer.screenshot("add-form")


def test_writer_cannot_publish_from_the_article_list_even_by_forging_the_action(
    roles, open_session
):
    marc = make_writer(username="marc")
    article = make_article(
        headline="Le marché couvert rouvre samedi", status=Article.Status.DRAFT, created_by=marc
    )
    writer = open_session("writer")
    page = writer.page
    writer.log_in("marc")
    writer.goto("/admin/articles/article/")

    action = page.get_by_label(re.compile(r"^Action"))
    expect(action.get_by_role("option", name="Submit for review")).to_be_attached()
    expect(action.get_by_role("option", name="Publish now")).to_have_count(0)

    # A writer who edits the page to add the action back is refused by the server.
    action.evaluate("select => select.add(new Option('Publish now', 'publish_now', true, true))")
    page.get_by_role("checkbox", name=article.headline).check()
    page.get_by_role("button", name="Go").click()
    expect(page.get_by_text("No action selected")).to_be_visible()
    writer.screenshot("forged-action-refused")
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT


# --- Concurrent edits -------------------------------------------------------


def test_second_editor_saving_a_stale_form_is_merged_and_nothing_is_lost(roles, open_session):
    make_editor(username="claire")
    make_editor(username="paul")
    article = make_article(
        headline="Le tramway arrive à Besançon", standfirst="Une ligne de plus en 2026."
    )
    change_url = f"/admin/articles/article/{article.pk}/change/"

    first = open_session("first-editor")
    second = open_session("second-editor")
    first.log_in("claire")
    second.log_in("paul")
    first.goto(change_url)
    second.goto(change_url)

    first.page.get_by_label("Headline").fill("Le tramway arrive à Besançon en septembre")
    save_button(first.page).click()
    expect(first.page.get_by_text("was updated: readers see the new version.")).to_be_visible()

    # The second editor's form still shows the old headline; they change the standfirst.
    second.page.get_by_label("Standfirst").fill("Une deuxième ligne dès la rentrée.")
    save_button(second.page).click()

    # Merged, field by field: the colleague's headline stays, the new standfirst is saved,
    # and a message names what the colleague had changed.
    expect(second.page.locator(".messagelist").first).to_be_visible()
    second.screenshot("merged")
    article.refresh_from_db()
    assert article.headline == "Le tramway arrive à Besançon en septembre"
    assert article.standfirst == "Une deuxième ligne dès la rentrée."


# --- Content-Security-Policy ------------------------------------------------


def test_home_page_and_article_form_break_no_content_security_rule(roles, open_session):
    make_article(headline="La piscine municipale ferme pour travaux")
    make_editor(username="claire")

    reader = open_session("reader")
    reader.goto("/")
    expect(
        reader.page.get_by_role("link", name="La piscine municipale ferme pour travaux").first
    ).to_be_visible()
    assert reader.csp_violations() == []

    editor = open_session("editor")
    editor.log_in("claire")
    editor.goto("/admin/articles/article/add/")
    # The rich-text editor is a module script: it only appears if the policy let it run.
    expect(editor.page.locator(".ProseMirror[contenteditable='true']")).to_be_visible()
    editor.screenshot("article-form")
    assert editor.csp_violations() == []
