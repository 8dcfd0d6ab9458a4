"""
Two days at the desk, in the French admin, in a real browser:

- an editor writes an article, illustrates it (uploads a photo with its credit
  and alternative text, picks it as lead photo), checks it (sees the
  pre-publish problems, fixes them), publishes it, finds it on the public
  site, then corrects it and sees the correction there;
- a writer writes an article and submits it; an editor returns it with a note;
  the writer finds it back on their desk with the note.

At every step, no English word shows where the editor looks: the visible text
of the page's main content and messages, the names of its buttons and fields.
Locators use roles and French labels, what a person sees; the success
messages' wording is not pinned (the outcome is: status, public page).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from articles.models import Article
from tests.browser.test_french_desk import log_in_in_french
from tests.factories import image_bytes, make_editor, make_section, make_writer

pytestmark = pytest.mark.browser

# Common words of an English admin, matched as whole words (case-insensitive)
# on what a French editor reads. None is a French word, nor in the test data.
ENGLISH_WORDS = (
    "Add",
    "Alternative text",
    "Body",
    "bold",
    "Cancel",
    "Caption",
    "Change",
    "Choose",
    "Clear",
    "Close",
    "Credit",
    "Delete",
    "Draft",
    "Edit",
    "Heading",
    "Headline",
    "History",
    "italic",
    "link",
    "Log out",
    "Paragraph",
    "Preview",
    "Publish",
    "Published",
    "Remove",
    "required",
    "Review",
    "Save",
    "Search",
    "Select",
    "Show",
    "Standfirst",
    "Status",
    "Submit",
    "successfully",
    "This field",
    "Title",
    "Today",
    "Update",
    "Upload",
    "View",
    "Welcome",
    "Writer",
)
ENGLISH = re.compile(r"\b(" + "|".join(map(re.escape, ENGLISH_WORDS)) + r")\b", re.IGNORECASE)

# What a person reads: visible text (icon-font ligatures such as "format_bold"
# are pictures, not words), the names of buttons and fields, placeholders.
READ_TEXT = """(root) => {
  const seen = [];
  const visible = (el) => el && el.checkVisibility({visibilityProperty: true, opacityProperty: true});
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const parent = node.parentElement;
    if (!node.textContent.trim() || !visible(parent)) continue;
    if (parent.closest('.material-icons, script, style, template, [aria-hidden="true"]')) continue;
    seen.push(node.textContent.trim());
  }
  root.querySelectorAll('input, button, select, textarea, a, [role], [title]').forEach((el) => {
    if (!visible(el)) return;
    for (const name of ['title', 'aria-label', 'placeholder']) {
      if (el.getAttribute(name)) seen.push(el.getAttribute(name));
    }
    if (el.matches('input[type=submit], input[type=button]')) seen.push(el.value);
  });
  return seen;
}"""


def english_words(page) -> list[str]:
    """The English words on the page's main content, dialogs and pop-overs included."""
    texts = []
    for root in ("main", "#user-tools", "dialog[open]", ".select2-container--open"):
        for element in page.locator(root).all():
            texts += element.evaluate(READ_TEXT)
    return sorted(
        {f"{m.group(0)!r} in {text[:80]!r}" for text in texts for m in ENGLISH.finditer(text)}
    )


def assert_in_french(page, step: str) -> None:
    found = english_words(page)
    assert not found, f"English on {step}: {found}"


def test_the_checker_finds_english_words_and_only_them(browser):
    context = browser.new_context()
    page = context.new_page()
    page.set_content(
        "<main><h1>Modifier l’article</h1><p>Photo linked? Chapô</p>"
        "<span class='material-icons'>link</span><p hidden>Delete</p>"
        "<button title='Insert link'>+</button><input type=submit value='Save'></main>"
    )
    found = english_words(page)
    context.close()

    assert found == ["'Save' in 'Save'", "'link' in 'Insert link'"]


def choose_autocomplete(page, label: str, text: str) -> None:
    """Pick ``text`` in one of the admin's autocomplete (select2) fields, named by its label."""
    page.get_by_role("combobox", name=re.compile(rf"^{re.escape(label)}")).click()
    page.keyboard.type(text)
    page.get_by_role("option", name=re.compile(re.escape(text))).first.click()


def save_and_continue(page):
    page.get_by_role("button", name="Enregistrer et continuer les modifications").click()


def write_body(page, paragraphs: list[str], subheading: str) -> None:
    """Type the body: a paragraph, a sub-heading from the block-type menu, a paragraph with a link."""
    editor = page.get_by_role("textbox", name=re.compile("^Texte"))
    editor.click()
    page.keyboard.type(paragraphs[0])
    page.keyboard.press("Enter")
    page.keyboard.type(subheading)
    # The block-type dropdown's wrapper, not its button, opens the list of types.
    page.locator(".prose-menubar__selected").click()
    page.get_by_role("button", name="Intertitre 2").click()
    page.keyboard.press("End")
    page.keyboard.press("Enter")
    page.keyboard.type(paragraphs[1])
    expect(editor.get_by_role("heading", level=2, name=subheading)).to_be_visible()
    # A link on the last word, through the toolbar's dialog.
    page.keyboard.press("Shift+Control+ArrowLeft")
    page.get_by_role("button", name="Insérer un lien").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible()
    assert_in_french(page, "the body editor's link dialog")
    dialog.get_by_role("textbox").first.fill("https://www.sete.fr/")
    dialog.get_by_role("button").filter(has_not_text=re.compile("Annuler")).last.click()
    expect(editor.get_by_role("link")).to_have_count(1)


# --- The editor: write, illustrate, check, publish, correct -----------------


def test_editor_writes_illustrates_checks_publishes_and_corrects(roles, french_admin, open_session):
    make_section("Littoral", slug="littoral")
    make_editor(username="chef")
    headline = "Le port de Sète inaugure son nouveau quai"
    subheading = "Trois ans de travaux"
    alt_text = "Un cargo amarré le long d’un quai neuf"
    credit = "Inès Garcia/Midi Libre"
    session = open_session("editor")
    page = session.page
    log_in_in_french(session, "chef")
    assert_in_french(page, "the desk")

    # Write.
    page.get_by_role("link", name="Écrire un article").click()
    expect(page.get_by_role("textbox", name=re.compile("^Texte"))).to_be_visible()
    assert_in_french(page, "the new article form")
    page.get_by_label("Titre").fill(headline)
    page.get_by_label("Chapô").fill("Le chantier s’achève avec six mois d’avance.")
    write_body(
        page,
        ["Le quai H a accueilli son premier navire lundi.", "La mairie salue le port de Sète"],
        subheading,
    )

    # Illustrate: a new photo, uploaded without leaving the article.
    with page.expect_popup() as popup_info:
        page.get_by_title(re.compile("^Ajouter .*photo")).click()
    popup = popup_info.value
    expect(popup.get_by_label("Image")).to_be_attached()
    assert_in_french(popup, "the photo upload pop-up")
    popup.get_by_label("Image").set_input_files(
        files=[{"name": "quai.jpg", "mimeType": "image/jpeg", "buffer": image_bytes(800, 500)}]
    )
    popup.get_by_label("Texte alternatif").fill(alt_text)
    popup.get_by_label("Légende").fill("Le nouveau quai, lundi matin.")
    popup.get_by_label("ou un nouveau crédit").fill(credit)
    with popup.expect_event("close"):
        popup.get_by_role("button", name="Enregistrer", exact=True).click()
    preview = page.locator("#lead-photo-preview")
    expect(preview).to_contain_text("Le nouveau quai, lundi matin.")
    expect(preview).to_contain_text(alt_text)
    choose_autocomplete(page, "Rubrique", "Littoral")
    save_and_continue(page)
    expect(page.locator(".messagelist .success")).to_be_visible()
    assert_in_french(page, "the saved draft")

    # Check: ask to publish; the problem (no tag) is listed, linked to its field.
    page.get_by_label("Statut").select_option(label="Publié")
    save_and_continue(page)
    problems = page.locator("#prepublish-problems")
    expect(problems).to_be_visible()
    assert_in_french(page, "the pre-publish problems")
    session.screenshot("problems")
    problems.get_by_role("link", name=re.compile("mot-clé")).click()
    expect(page.get_by_label("Mots-clés")).to_be_focused()
    page.get_by_label("Mots-clés").fill("Sète, ports")
    page.get_by_label("Statut").select_option(label="Publié")
    save_and_continue(page)
    expect(page.locator("#prepublish-problems")).to_have_count(0)
    expect(page.locator(".messagelist .success")).to_be_visible()
    assert_in_french(page, "the published article's form")
    article = Article.objects.get(headline=headline)
    assert article.is_published()

    # The reader's page.
    reader = session.context.new_page()
    reader.goto(session.base_url + article.get_absolute_url())
    expect(reader.get_by_role("heading", level=1)).to_have_text(headline)
    expect(reader.get_by_role("img", name=alt_text)).to_be_visible()
    expect(reader.get_by_role("figure")).to_contain_text(credit)
    expect(reader.get_by_role("link", name="Sète", exact=True).first).to_be_visible()

    # Correct: a dated correction note, shown to readers.
    page.get_by_role("button", name=re.compile("^Ajouter.*(correction|mise à jour)", re.I)).click()
    note = page.locator(".inline-related:not(.empty-form)").last
    note.get_by_label("Type").select_option(label="Correction")
    note.get_by_label("Texte").fill("Le quai mesure 300 mètres, et non 250.")
    assert_in_french(page, "the form with a correction")
    save_and_continue(page)
    expect(page.locator(".messagelist .success")).to_be_visible()
    assert_in_french(page, "the corrected article's form")
    reader.reload()
    expect(reader.get_by_text("Le quai mesure 300 mètres, et non 250.")).to_be_visible()
    # The history, one click away, and the list of articles.
    page.get_by_role("link", name="Historique").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(headline)
    assert_in_french(page, "the article's history")
    page.goto(session.base_url + "/admin/articles/article/")
    expect(page.get_by_role("link", name=headline)).to_be_visible()
    assert_in_french(page, "the list of articles")
    assert session.csp_violations() == []


# --- The writer: write, submit, see it returned -----------------------------


def test_writer_submits_and_finds_the_article_returned_with_the_note(
    roles, french_admin, open_session
):
    make_section("Littoral", slug="littoral")
    make_writer(username="plume")
    make_editor(username="chef")
    headline = "La criée de Sète rouvre samedi"
    note = "Il manque l’avis des pêcheurs : appelle le comité."
    writer = open_session("writer")
    page = writer.page
    log_in_in_french(writer, "plume")
    assert_in_french(page, "the writer's desk")

    page.get_by_role("link", name="Écrire un article").click()
    page.get_by_label("Titre").fill(headline)
    page.get_by_label("Chapô").fill("Après huit mois de travaux, la halle rouvre aux acheteurs.")
    page.get_by_role("textbox", name=re.compile("^Texte")).click()
    page.keyboard.type("Les premiers bateaux déchargeront dès cinq heures.")
    choose_autocomplete(page, "Rubrique", "Littoral")
    page.get_by_label("Mots-clés").fill("Sète, pêche")
    assert_in_french(page, "the writer's new article form")
    page.get_by_label("Statut").select_option(label="En relecture")
    save_and_continue(page)
    expect(page.locator(".messagelist .success")).to_be_visible()
    assert_in_french(page, "the submitted article's form")
    assert Article.objects.get(headline=headline).status == Article.Status.REVIEW

    editor = open_session("editor")
    log_in_in_french(editor, "chef")
    editor.page.locator("#desk-review").get_by_role("link", name=headline).click()
    editor.page.get_by_label("Note pour le rédacteur").fill(note)
    assert_in_french(editor.page, "the article to review")
    editor.page.get_by_role("button", name="Renvoyer au rédacteur").click()
    expect(editor.page.locator(".messagelist .success")).to_be_visible()
    assert_in_french(editor.page, "the returned article's form")
    assert Article.objects.get(headline=headline).status == Article.Status.DRAFT

    writer.goto("/admin/")
    returned = page.locator("#desk-returned")
    expect(returned.get_by_role("link", name=headline)).to_be_visible()
    expect(returned).to_contain_text(note)
    assert_in_french(page, "the writer's desk with the returned article")
    writer.screenshot("returned")


@pytest.fixture
def french_admin(settings):
    settings.LANGUAGE_CODE = "fr"
