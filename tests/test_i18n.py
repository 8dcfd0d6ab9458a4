"""The French catalogue: complete, faithful to its placeholders, typeset the French
way, and actually what readers and editors see on the site and in the admin."""

from __future__ import annotations

import gettext as gettext_module
import os
import re
import tempfile
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import trans_real

from articles.models import Article
from tests.factories import make_article, make_author, make_photo, make_section

PO_PATH = Path(settings.BASE_DIR) / "locale" / "fr" / "LC_MESSAGES" / "django.po"
MO_PATH = PO_PATH.with_suffix(".mo")

# %(name)s, %(count)d, %s, %d... (not %%), and {name} / {0} for str.format strings.
PLACEHOLDER = re.compile(
    r"%\(\w+\)[#0 +-]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]|%[#0 +-]*\d*[sdif]|\{\w*\}"
)
NBSP, NARROW_NBSP = "\u00a0", "\u202f"


def read_catalogue():
    with PO_PATH.open("rb") as po:
        return read_po(po, locale="fr")


def messages():
    """Every real entry of the catalogue (not the header)."""
    return [message for message in read_catalogue() if message.id]


def forms(message):
    """(English, French) pairs: one per plural form, singular against msgstr[0]."""
    if message.pluralizable:
        english = list(message.id)
        return list(
            zip(
                [english[0]] + [english[1]] * (len(message.string) - 1), message.string, strict=True
            )
        )
    return [(message.id, message.string)]


@pytest.fixture(scope="module", autouse=True)
def compiled_catalogue():
    """The site reads the compiled .mo (gitignored, built by `make messages`): build it
    here too when it is missing or older than the .po, then drop Django's cached
    translations so the pages below are served from this catalogue."""
    if not MO_PATH.exists() or MO_PATH.stat().st_mtime < PO_PATH.stat().st_mtime:
        catalogue = read_catalogue()
        # Parallel workers may race: each writes its own file, then an atomic rename.
        fd, tmp = tempfile.mkstemp(dir=MO_PATH.parent, suffix=".mo.tmp")
        with os.fdopen(fd, "wb") as mo:
            write_mo(mo, catalogue)
        os.replace(tmp, MO_PATH)
    gettext_module._translations.clear()
    trans_real._translations = {}
    trans_real._default = None
    trans_real._active = trans_real.Local()
    yield


# --- The catalogue itself ------------------------------------------------------------


def test_catalogue_has_no_untranslated_entry():
    untranslated = [
        message.id
        for message in messages()
        if not all(
            string.strip()
            for string in (message.string if message.pluralizable else [message.string])
        )
    ]
    assert untranslated == []


def test_catalogue_has_no_fuzzy_entry():
    catalogue = read_catalogue()
    assert not catalogue.fuzzy, "the header is still marked fuzzy"
    assert [message.id for message in catalogue if message.id and message.fuzzy] == []


def test_plural_entries_have_both_french_forms():
    catalogue = read_catalogue()
    assert catalogue.num_plurals == 2
    assert catalogue.plural_expr.replace(" ", "") in ("(n>1)", "n>1")
    assert [m.id for m in messages() if m.pluralizable and len(m.string) != 2] == []


def test_every_translation_keeps_the_placeholders_of_its_english_text():
    mismatched = [
        (english, french)
        for message in messages()
        for english, french in forms(message)
        if Counter(PLACEHOLDER.findall(english)) != Counter(PLACEHOLDER.findall(french))
        # French singular serves n = 0 and 1: it may drop the count the English singular lacks.
        and not (message.pluralizable and english == list(message.id)[0])
    ]
    assert mismatched == []


def test_singular_forms_keep_the_placeholders_of_the_english_singular():
    mismatched = [
        (list(m.id)[0], m.string[0])
        for m in messages()
        if m.pluralizable
        and set(PLACEHOLDER.findall(list(m.id)[0])) - set(PLACEHOLDER.findall(m.string[0]))
    ]
    assert mismatched == []


def test_french_strings_follow_french_typography():
    """No-break space before : ; ! ?, guillemets with no-break spaces inside,
    typographic apostrophe; no English curly quotes left."""
    faults = []
    for message in messages():
        for _english, french in forms(message):
            if re.search(r"(?<=\S)[;!?](?=\s|$)", french) or re.search(r"(?<=\S):(?=\s|$)", french):
                faults.append(("no space before : ; ! ?", french))
            if re.search(r" [:;!?]", french):
                faults.append(("breaking space before : ; ! ?", french))
            if re.search(r"« |«(?![\u00a0\u202f])| »|(?<![\u00a0\u202f])»", french):
                faults.append(("guillemets without no-break spaces", french))
            if "'" in french:
                faults.append(("straight apostrophe", french))
            if re.search("[“”]", french):
                faults.append(("English quotation marks", french))
    assert faults == []


def test_newsroom_vocabulary_is_used_for_the_key_terms():
    translations = {m.id: m.string for m in messages() if not m.pluralizable}
    expected = {
        "section": "rubrique",
        "standfirst": "chapô",
        "headline": "titre",
        "lead photo": "photo à la une",
        "caption": "légende",
        "credit": "crédit",
        "alternative text": "texte alternatif",
        "tags": "mots-clés",
        "bin": "corbeille",
        "Draft": "Brouillon",
        "In review": "En relecture",
        "Published": "Publié",
        "Scheduled": "Programmé",
        "Publish now": "Publier maintenant",
        "Send back to draft": "Renvoyer en brouillon",
        "Submit for review": "Soumettre à la relecture",
        "Sub-headings": "Intertitres",
    }
    assert {english: translations.get(english) for english in expected} == expected


# --- What readers and editors see ------------------------------------------------------


@pytest.fixture
def published(db):
    section = make_section("Planète")
    author = make_author("Jeanne Martin")
    photo = make_photo()
    lead = make_article(
        section=section,
        authors=[author],
        lead_photo=photo,
        tags=["climat"],
        published_at=timezone.now() - timedelta(minutes=5),
    )
    others = [make_article(section=section, authors=[author]) for _ in range(3)]
    return lead, others


def test_home_page_reads_in_french(client, french, published):
    page = client.get("/").content.decode()

    for words in (
        "Aller au contenu",
        "Rechercher sur le site",
        "À la une",
        "Dernières informations",
        "Flux RSS",
    ):
        assert words in page
    for words in ("Skip to content", "Search the site", "Top stories", "Latest news", "RSS feed"):
        assert words not in page


def test_article_page_reads_in_french(client, french, published):
    lead, _ = published
    page = client.get(lead.get_absolute_url()).content.decode()

    assert "Par <a" in page
    assert "Publié le" in page
    assert "minute de lecture" in page
    assert f"Photo{NBSP}: Jeanne Martin/AFP" in page
    assert "Thèmes" in page
    assert 'aria-label="Fil d’Ariane"' in page
    for words in (
        "Published on",
        "minute read",
        ">Topics<",
        "Read also",
        'aria-label="Breadcrumb"',
    ):
        assert words not in page


def test_search_page_reads_in_french(client, french, published):
    page = client.get(reverse("articles:search"), {"q": "Genève"}).content.decode()

    for words in ("Affiner", "Toutes les rubriques", "Trier par", "Pertinence", "résultats pour"):
        assert words in page
    for words in ("Refine", "All sections", "Sort by", "results for"):
        assert words not in page


def test_admin_article_list_reads_in_french(editor_client, french, published):
    make_article(status=Article.Status.PUBLISHED, published_at=timezone.now() + timedelta(days=1))
    page = editor_client.get(reverse("admin:articles_article_changelist")).content.decode()

    for words in (
        "Publier maintenant",
        "Programmer la publication…",
        "Renvoyer en brouillon",
        "Soumettre à la relecture",
        "Mettre à la corbeille",
        "Rubrique",
        "Statut",
        "Programmé",
        "Publié",
    ):
        assert words in page
    for words in (
        "Publish now",
        "Send back to draft",
        "Submit for review",
        "Move to the bin",
        "Scheduled",
    ):
        assert words not in page


def test_admin_article_form_uses_newsroom_vocabulary(editor_client, french, published):
    lead, _ = published
    url = reverse("admin:articles_article_change", args=[lead.pk])
    page = editor_client.get(url).content.decode()

    for words in (
        "Titre",
        "Chapô",
        "Photo à la une",
        "Rubrique",
        "Mots-clés",
        "Classement",
        "Journal des actions",
    ):
        assert words in page
    for words in ("Standfirst", "Lead photo", "Filing", "Audit trail"):
        assert words not in page


def test_article_form_tells_editors_what_the_language_does_not_a_setting(
    editor_client, french, published
):
    lead, _ = published
    page = editor_client.get(reverse("admin:articles_article_change", args=[lead.pk]))
    text = page.content.decode()

    assert "Langue de l’article\u00a0: sa page affiche les dates" in text
    assert "NEWSROOM_LANGUAGES" not in text and "réglage" not in text


def test_every_field_label_of_a_change_message_is_translated(french):
    """History and the admin's change messages name fields by their capitalised label."""
    from django.apps import apps
    from django.utils import translation
    from django.utils.text import capfirst

    untranslated = []
    with translation.override(None):
        labels = {
            capfirst(str(field.verbose_name))
            for model in apps.get_app_config("articles").get_models()
            for field in model._meta.get_fields()
            if getattr(field, "editable", False) and getattr(field, "verbose_name", None)
        }
    for label in sorted(labels):
        if (
            translation.gettext(label) == label
            and label.lower() != translation.gettext(label.lower()).lower()
        ):
            untranslated.append(label)
    assert untranslated == []


def test_history_names_changed_fields_in_french(french):
    import json

    from django.contrib.admin.models import LogEntry
    from django.utils import translation

    entry = LogEntry(change_message=json.dumps([{"changed": {"fields": ["Standfirst", "Body"]}}]))
    with translation.override("fr"):
        message = entry.get_change_message()
    assert "Chapô" in message and "Texte" in message
    assert "Standfirst" not in message and "Body" not in message
