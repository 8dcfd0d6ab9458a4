"""The admin's "Importer un texte" page: upload, preview, confirm."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles.admin.imports import SIGNING_SALT
from articles.models import Article, Photo, PhotoCredit
from articles.photos import pending
from tests.factories import make_section, make_user

SAMPLES = Path(__file__).resolve().parent / "samples"
URL = "admin:articles_article_import"


@pytest.fixture
def section(db):
    return make_section("Économie", slug="economie")


def upload(name: str, folder: Path = SAMPLES) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, (folder / name).read_bytes(), content_type="text/plain")


def picture(name: str, folder: Path = SAMPLES) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, (folder / name).read_bytes(), content_type="image/jpeg")


def preview(client, section, texts, images=(), **options):
    data = {
        "texts": texts,
        "images": list(images),
        "section": section.pk,
        "language": "fr",
    }
    data.update(options)
    return client.post(reverse(URL), data)


def payload_of(response) -> str:
    return unescape(re.search(r'name="payload" value="([^"]+)"', response.content.decode())[1])


def confirm(client, response, **fields):
    return client.post(
        reverse(URL), {"confirm": "1", "payload": payload_of(response), **fields}, follow=True
    )


def test_page_uses_the_admin_layout_with_breadcrumbs(writer_client, section):
    response = writer_client.get(reverse(URL))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="breadcrumbs"' in html
    assert reverse("admin:articles_article_changelist") in html
    assert 'type="file" name="texts" accept=".txt,.json,.xml' in html
    assert " multiple" in html


def test_page_is_refused_to_staff_without_add_permission(client, section):
    client.force_login(make_user(is_staff=True))
    assert client.get(reverse(URL)).status_code == 403


def test_page_sends_anonymous_visitors_to_the_login(client, db):
    response = client.get(reverse(URL))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_preview_shows_headline_date_credit_sub_headings_and_counts(editor_client, section):
    response = preview(editor_client, section, [upload("sommet.txt")])
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="Les ministres de l’Agriculture de douze pays' in html
    assert "Jeanne Martin / AFP" in html
    assert "<h2>Un calendrier serré</h2>" in html
    assert "<h2>Quelles suites pour les agriculteurs ?</h2>" in html
    assert "<span>4</span>" in html  # paragraphs
    assert "2025" in html
    assert not Article.objects.exists()
    assert not PhotoCredit.objects.exists()


def test_preview_names_each_broken_file_and_its_problem(editor_client, section):
    response = preview(
        editor_client,
        section,
        [upload("impossible_date.txt"), upload("binary.txt"), upload("time.txt")],
    )
    html = response.content.decode()
    assert "impossible_date.txt, line 1: The date 2025-13-45 does not exist." in html
    assert "binary.txt: This is a binary file" in html
    assert "Import 1 file" in html


def test_upload_preview_confirm_creates_the_draft_with_h2s_credit_and_photo(editor_client, section):
    batch = SAMPLES / "batch"
    response = preview(
        editor_client,
        section,
        [upload("01-marche.txt", batch), upload("02-port.txt", batch)],
        images=[picture("01-marche.jpg", batch)],
        tags="Nantes, commerce",
        author="Inès Garnier",
    )
    done = confirm(editor_client, response)
    assert done.redirect_chain[-1][0] == reverse("admin:articles_article_changelist")
    market = Article.objects.get(headline__startswith="Le marché couvert")
    assert market.status == Article.Status.DRAFT
    assert "<h2>Des étals plus nombreux</h2>" in market.body
    assert market.lead_photo.credit.line == "Hugo Petit/AFP"
    assert set(market.tags.names()) == {"commerce", "Nantes"}
    assert market.authors.get().name == "Inès Garnier"
    assert Article.objects.count() == 2
    html = done.content.decode()
    assert f'<a href="{reverse("admin:articles_article_change", args=[market.pk])}">' in html
    assert "alternative text" in html


def test_edited_headline_is_used(editor_client, section):
    response = preview(editor_client, section, [upload("sommet.txt")])
    confirm(editor_client, response, **{"headline-0": "L’eau, enjeu du sommet de Lyon"})
    assert Article.objects.get().headline == "L’eau, enjeu du sommet de Lyon"


def test_confirming_twice_does_not_duplicate(editor_client, section):
    response = preview(editor_client, section, [upload("sommet.txt")])
    confirm(editor_client, response)
    again = confirm(editor_client, response)
    assert Article.objects.count() == 1
    assert "Already imported" in again.content.decode()


def test_preview_warns_about_a_file_imported_before(editor_client, section):
    confirm(editor_client, preview(editor_client, section, [upload("sommet.txt")]))
    html = preview(editor_client, section, [upload("sommet.txt")]).content.decode()
    assert "Already imported as" in html


def test_bad_picture_is_reported_on_its_text_file(editor_client, section):
    bad = SimpleUploadedFile("sommet.jpg", b"not a picture", content_type="image/jpeg")
    response = preview(editor_client, section, [upload("sommet.txt")], images=[bad])
    assert "the picture sommet.jpg was refused" in response.content.decode()
    assert "Import 1 file" not in response.content.decode()


def test_waiting_picture_is_kept_outside_public_media_and_removed_after_confirmation(
    editor_client, section, media_root
):
    batch = SAMPLES / "batch"
    response = preview(
        editor_client,
        section,
        [upload("01-marche.txt", batch)],
        images=[picture("01-marche.jpg", batch)],
    )
    assert not [path for path in Path(media_root).rglob("*") if path.is_file()]
    assert list(pending.directory().glob("*.upload"))
    confirm(editor_client, response)
    assert not list(pending.directory().glob("*.upload"))
    assert Photo.objects.count() == 1


def test_tampered_payload_is_refused(editor_client, section):
    response = editor_client.post(
        reverse(URL), {"confirm": "1", "payload": "forged:payload"}, follow=True
    )
    assert "expired" in response.content.decode()
    assert not Article.objects.exists()


def test_payload_of_another_user_is_refused(editor_client, section):
    payload = signing.dumps(
        {"user": 999, "section": section.pk, "files": []}, salt=SIGNING_SALT, compress=True
    )
    response = editor_client.post(reverse(URL), {"confirm": "1", "payload": payload})
    assert response.status_code == 403


def test_writer_imports_as_draft_only(writer_client, section):
    form = writer_client.get(reverse(URL)).content.decode()
    assert 'name="publish"' not in form
    response = preview(writer_client, section, [upload("time.txt")], publish="on")
    confirm(writer_client, response)
    assert Article.objects.get().status == Article.Status.DRAFT


def test_publishing_an_import_failing_the_checks_is_refused_with_the_reasons(
    editor_client, section
):
    response = preview(editor_client, section, [upload("time.txt")], publish="on")
    html = confirm(editor_client, response).content.decode()
    assert "The standfirst is empty." in html
    assert not Article.objects.published().exists()


def test_editor_can_publish_at_the_files_date(editor_client, section):
    response = preview(
        editor_client,
        section,
        [upload("time.txt")],
        publish="on",
        tags="Société",
        override_reason="Dépêche sans chapô",
    )
    confirm(editor_client, response)
    article = Article.objects.get()
    assert article.is_published()
    assert article.published_at.isoformat() == "2025-03-18T06:45:00+00:00"
