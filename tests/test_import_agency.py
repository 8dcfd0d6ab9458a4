"""Agency copy end to end: versions, withdrawals, embargoes, pictures, languages, entry points."""

from __future__ import annotations

import json
import re
import shutil
from io import StringIO
from pathlib import Path

import pytest
import reversion
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from articles.imports.items import ExportError
from articles.imports.service import Action, import_export
from articles.models import Article, ArticleRevision, AuditEntry, Photo
from articles.photos.intake import OnDuplicate
from tests.factories import image_bytes, make_editor, make_section, make_writer

SAMPLES = Path(__file__).resolve().parent / "samples"
AGENCY = SAMPLES / "agency"


@pytest.fixture
def section(db):
    return make_section("Monde", slug="monde")


@pytest.fixture
def editor(db):
    return make_editor(username="desk")


def test_ninjs_item_becomes_a_draft_keeping_its_identity_and_metadata(section):
    result = import_export(AGENCY / "ninjs1-pont.json", section=section)
    article = result.article
    assert result.action == Action.CREATED
    assert article.status == Article.Status.DRAFT
    assert article.headline == "Le pont Lafayette rouvre après deux ans de travaux"
    assert article.standfirst.startswith("La circulation reprend lundi")
    assert "<h2>Un chantier hors norme</h2>" in article.body
    assert article.language == "fr"  # fr-FR: the region maps to the site's language
    assert sorted(article.tags.names()) == ["Lyon", "Transports"]
    assert sorted(a.name for a in article.authors.all()) == ["Claire Dumas", "Marc Leroy"]
    assert article.external_uri == "urn:newsroom-test:afx:2025:pont-lyon"
    assert (article.external_version, article.slugline, article.urgency) == (1, "LYON-PONT", 4)


def test_picture_delivered_beside_the_item_enters_the_library_with_caption_credit_and_rights(
    section,
):
    article = import_export(AGENCY / "ninjs3-sommet.json", section=section).article
    photo = article.lead_photo
    assert photo is not None
    assert photo.caption == "Les ministres posent devant l’hôtel de ville de Lyon."
    assert photo.credit.line == "Jeanne Martin/AFX"
    assert photo.copyright_notice == "© AFX 2025"


def test_picture_not_delivered_is_never_fetched_and_is_reported(section, monkeypatch):
    import socket

    def refuse(*args, **kwargs):
        raise AssertionError("fetched a URL")

    monkeypatch.setattr(socket, "create_connection", refuse)
    result = import_export(AGENCY / "bare.nitf", section=section)
    assert result.article.lead_photo is None
    assert any("seals.png" in warning for warning in result.warnings)
    assert not Photo.objects.exists()


def test_same_picture_under_another_credit_stops_the_item_naming_both_credits(section):
    import_export(AGENCY / "ninjs3-sommet.json", section=section)  # sommet-photo.png
    # velo-lille.png is the same picture, credited "Paul Roy / Nord Wire".
    with pytest.raises(ExportError) as refused:
        import_export(AGENCY / "newsml-message.xml", section=section)
    assert "Jeanne Martin/AFX" in str(refused.value)
    assert "Paul Roy" in str(refused.value)
    assert not Article.objects.filter(external_uri__contains="text:velo").exists()
    assert Photo.objects.count() == 1


def test_newer_version_updates_the_same_article_with_a_history_revision(section):
    first = import_export(AGENCY / "ninjs3-sommet.json", section=section).article
    versions = reversion.models.Version.objects.get_for_object(first).count()
    result = import_export(AGENCY / "ninjs3-sommet-v3.json", section=section)
    assert result.action == Action.UPDATED
    assert result.article.pk == first.pk
    first.refresh_from_db()
    assert first.headline == "Les ministres de l’Agriculture trouvent un accord à Lyon"
    assert first.external_version == 3
    assert reversion.models.Version.objects.get_for_object(first).count() > versions
    assert Article.objects.count() == 1


@pytest.mark.parametrize("again", ["ninjs3-sommet-v3.json", "ninjs3-sommet.json"])
def test_same_or_older_version_changes_nothing_and_says_so(section, again):
    import_export(AGENCY / "ninjs3-sommet-v3.json", section=section)
    article = Article.objects.get()
    result = import_export(AGENCY / again, section=section)
    assert result.action == Action.UNCHANGED
    assert Article.objects.get().version == article.version


def test_canceled_item_withdraws_the_live_article_from_readers_with_an_audit_entry(section, editor):
    article = import_export(AGENCY / "ninjs3-sommet-v3.json", section=section).article
    article.standfirst = "Chapô."
    article.status, article.published_at = Article.Status.PUBLISHED, article.created_at
    article.save()
    assert Article.objects.published().filter(pk=article.pk).exists()
    result = import_export(AGENCY / "ninjs3-sommet-canceled.json", section=section, user=editor)
    assert result.action == Action.WITHDRAWN
    assert not Article.objects.published().filter(pk=article.pk).exists()
    assert AuditEntry.objects.filter(
        article=article, action=AuditEntry.Action.UNPUBLISHED, user=editor
    ).exists()


def test_story_in_the_bin_is_not_brought_back_by_a_new_version_and_a_cancel_is_harmless(
    section,
):
    article = import_export(AGENCY / "ninjs3-sommet.json", section=section).article
    Article.objects.filter(pk=article.pk).update(deleted_at=article.created_at)
    with pytest.raises(ExportError, match="bin"):
        import_export(AGENCY / "ninjs3-sommet-v3.json", section=section)
    cancel = import_export(AGENCY / "ninjs3-sommet-canceled.json", section=section)
    assert cancel.action == Action.UNCHANGED


def test_canceled_item_marks_its_draft_withdrawn_in_the_audit_trail(section):
    article = import_export(AGENCY / "ninjs3-sommet-v3.json", section=section).article
    result = import_export(AGENCY / "ninjs3-sommet-canceled.json", section=section)
    assert result.action == Action.WITHDRAWN
    entry = AuditEntry.objects.get(article=article, action=AuditEntry.Action.UNPUBLISHED)
    assert entry.details["agency_status"] == "canceled"


def test_only_an_editor_can_take_a_live_article_down_for_a_canceled_item(section):
    article = import_export(AGENCY / "ninjs3-sommet-v3.json", section=section).article
    Article.objects.filter(pk=article.pk).update(
        status=Article.Status.PUBLISHED, published_at=article.created_at
    )
    with pytest.raises(ExportError, match="editors"):
        import_export(AGENCY / "ninjs3-sommet-canceled.json", section=section, user=make_writer())
    assert Article.objects.published().filter(pk=article.pk).exists()


def test_new_version_of_a_live_article_imported_by_a_writer_waits_for_review(section):
    writer = make_writer()
    article = import_export(AGENCY / "ninjs3-sommet.json", section=section, user=writer).article
    Article.objects.filter(pk=article.pk).update(
        status=Article.Status.PUBLISHED, published_at=article.created_at
    )
    result = import_export(AGENCY / "ninjs3-sommet-v3.json", section=section, user=writer)
    assert result.action == Action.UPDATED
    assert any("review" in warning for warning in result.warnings)
    article.refresh_from_db()
    assert article.headline == "Les ministres de l’Agriculture réunis à Lyon"  # readers' text
    revision = ArticleRevision.objects.pending().get(article=article)
    assert revision.data["headline"] == "Les ministres de l’Agriculture trouvent un accord à Lyon"
    assert article.external_version == 3
    again = import_export(AGENCY / "ninjs3-sommet-v3.json", section=section, user=writer)
    assert again.action == Action.UNCHANGED


def test_embargo_in_the_item_is_honoured_like_an_editors(section, editor):
    result = import_export(
        AGENCY / "newsml-item-nitf.xml",
        section=section,
        user=editor,
        publish=True,
        tags=("Économie",),
    )
    article = result.article
    assert article.is_embargoed
    assert article.published_at.year == 2099
    assert article.is_scheduled()
    assert not Article.objects.published().filter(pk=article.pk).exists()


def test_embargoed_draft_keeps_its_embargo_time_for_the_editor(section):
    article = import_export(AGENCY / "newsml-item-nitf.xml", section=section).article
    assert article.status == Article.Status.DRAFT
    assert article.is_embargoed and article.published_at.year == 2099


def test_new_version_moves_the_embargo_of_a_scheduled_article(section, editor, tmp_path):
    import_export(
        AGENCY / "newsml-item-nitf.xml", section=section, user=editor, publish=True, tags=("Port",)
    )
    later = (AGENCY / "newsml-item-nitf.xml").read_text()
    later = later.replace('version="5"', 'version="6"').replace("2099-06-01", "2099-07-01")
    (tmp_path / "v6.xml").write_text(later)
    result = import_export(tmp_path / "v6.xml", section=section, user=editor)
    assert result.action == Action.UPDATED
    article = Article.objects.get()
    assert (article.published_at.month, article.is_embargoed) == (7, True)
    assert article.is_scheduled()


def test_new_version_without_embargo_lifts_the_embargo_of_a_draft(section, tmp_path):
    import_export(AGENCY / "newsml-item-nitf.xml", section=section)
    lifted = (AGENCY / "newsml-item-nitf.xml").read_text().replace('version="5"', 'version="6"')
    lifted = lifted.replace("<embargoed>2099-06-01T08:00:00Z</embargoed>", "")
    (tmp_path / "v6.xml").write_text(lifted)
    import_export(tmp_path / "v6.xml", section=section)
    article = Article.objects.get()
    assert not article.is_embargoed and article.published_at is None


def test_item_in_a_language_the_site_does_not_publish_is_refused_naming_it(section, tmp_path):
    german = (AGENCY / "ninjs2-marche.json").read_text().replace('"fr"', '"de-DE"')
    (tmp_path / "de.json").write_text(german)
    with pytest.raises(ExportError, match="de-DE"):
        import_export(tmp_path / "de.json", section=section)
    assert not Article.objects.exists()


def test_region_subtag_maps_to_the_sites_language(section, settings):
    settings.NEWSROOM_LANGUAGES = ["fr", "en"]
    article = import_export(
        SAMPLES / "iptc" / "LISTING_1_A_NewsML-G2_News_Item.xml", section=section
    ).article
    assert article.language == "en"  # en-GB


def test_newsml_message_imports_each_text_item(section):
    call_command(
        "import_article", str(AGENCY / "newsml-message.xml"), "--section=monde", stdout=StringIO()
    )
    velo = Article.objects.get(external_uri="urn:newsml:newsroom-test:text:velo")
    assert velo.lead_photo.caption == "Cyclists ride on the new lane along the Deûle."
    assert Article.objects.filter(external_uri="urn:newsml:newsroom-test:text:tram").exists()


# --- The command ---------------------------------------------------------------


def run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_article", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_command_reports_created_unchanged_updated_and_withdrawn(section, tmp_path):
    out, _ = run(AGENCY / "ninjs3-sommet.json", "--section", "monde")
    assert out.startswith(f"[1/1] {AGENCY / 'ninjs3-sommet.json'}: http")
    assert out.splitlines()[0].endswith("(created)")
    assert (
        run(AGENCY / "ninjs3-sommet.json", "--section", "monde")[0]
        .splitlines()[0]
        .endswith("(unchanged)")
    )
    assert (
        run(AGENCY / "ninjs3-sommet-v3.json", "--section", "monde")[0]
        .rstrip()
        .endswith("(updated)")
    )
    assert (
        run(AGENCY / "ninjs3-sommet-canceled.json", "--section", "monde")[0]
        .rstrip()
        .endswith("(withdrawn)")
    )


def test_desk_publishes_an_export_in_one_command_that_passes_the_checks(section, settings):
    settings.NEWSROOM_BASE_URL = "https://news.example"
    out, err = run(
        SAMPLES / "sommet.txt", "--section", "monde", "--publish", "--tags", "Agriculture",
        "--headline", "Les ministres de l’Agriculture réunis à Lyon",
        "--standfirst", "Douze pays discutent de l’eau et des prix.",
        "--image", SAMPLES / "photo.png",
        "--alt-text", "Les ministres devant l’hôtel de ville",
        "--caption", "Les ministres à Lyon.",
    )  # fmt: skip
    article = Article.objects.get()
    assert article.is_published()
    assert article.lead_photo.alt_text == "Les ministres devant l’hôtel de ville"
    assert article.lead_photo.caption == "Les ministres à Lyon."
    assert not AuditEntry.objects.filter(details__has_key="override_reason").exists()
    assert out.rstrip().endswith("(created)")
    assert err == ""


def test_alt_text_without_a_picture_is_reported(section):
    out, _err = run(SAMPLES / "time.txt", "--section", "monde", "--alt-text", "Un pont")
    assert "no picture for the alternative text" in out


def test_single_file_options_refuse_several_files(section):
    with pytest.raises(CommandError, match="--standfirst.*single file"):
        run(SAMPLES / "sommet.txt", SAMPLES / "time.txt", "--section", "monde", "--standfirst", "x")


def test_single_file_options_refuse_a_message_of_several_stories(section):
    with pytest.raises(CommandError):
        run(AGENCY / "newsml-message.xml", "--section", "monde", "--caption", "x")
    assert not Article.objects.exists()


def test_directory_reads_agency_files_by_their_content(section, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(AGENCY / "ninjs1-pont.json", folder / "a.txt")  # ninjs, whatever its name
    shutil.copy(AGENCY / "bare.nitf", folder / "b.nitf")
    run(folder, "--section", "monde")
    assert Article.objects.count() == 2


# --- The admin page ---------------------------------------------------------------


def test_admin_import_page_previews_and_imports_ninjs_with_its_picture(editor_client, section):
    data = {
        "texts": [SimpleUploadedFile("sommet.json", (AGENCY / "ninjs3-sommet.json").read_bytes())],
        "images": [
            SimpleUploadedFile("sommet-photo.png", (AGENCY / "sommet-photo.png").read_bytes())
        ],
        "section": section.pk,
        "language": "fr",
    }
    response = editor_client.post(reverse("admin:articles_article_import"), data)
    html = response.content.decode()
    assert "Les ministres de l’Agriculture réunis à Lyon" in html
    assert "Would create" in html
    assert "sommet-photo.png" in html
    assert not Article.objects.exists()
    payload = re.search(r'name="payload" value="([^"]+)"', html)[1]
    editor_client.post(
        reverse("admin:articles_article_import"), {"confirm": "1", "payload": payload}
    )
    article = Article.objects.get()
    assert article.external_uri == "urn:newsroom-test:afx:2025:sommet-agriculture"
    assert article.lead_photo.credit.line == "Jeanne Martin/AFX"


def test_admin_refuses_a_headline_too_long_to_store_instead_of_cutting_it(editor_client, section):
    upload = SimpleUploadedFile("sommet.txt", (SAMPLES / "sommet.txt").read_bytes())
    data = {"texts": [upload], "section": section.pk, "language": "fr"}
    html = editor_client.post(reverse("admin:articles_article_import"), data).content.decode()
    payload = re.search(r'name="payload" value="([^"]+)"', html)[1]
    response = editor_client.post(
        reverse("admin:articles_article_import"),
        {"confirm": "1", "payload": payload, "headline-0": "L" * 300},
        follow=True,
    )
    assert "300 characters long; at most 255" in response.content.decode()
    assert not Article.objects.exists()


# --- Picture items on their own --------------------------------------------------


def test_picture_item_alone_enters_the_photo_library_with_caption_credit_and_rights(
    section, tmp_path
):
    shutil.copy(SAMPLES / "iptc" / "LISTING_3_Photo_in_NewsML-G2.xml", tmp_path / "photo.xml")
    (tmp_path / "GYI0062134533.jpg").write_bytes(image_bytes())
    out, _err = run(tmp_path / "photo.xml", "--section", "monde")
    photo = Photo.objects.get()
    assert photo.caption.startswith("A general view of part of downtown")
    assert photo.credit.line == "Getty Images"
    assert photo.copyright_notice.startswith("Copyright 2010 Getty Images")
    assert not Article.objects.exists()
    assert f"/admin/articles/photo/{photo.pk}/change/ (created)" in out


def test_picture_item_whose_file_was_not_delivered_is_refused_without_fetching(section):
    with pytest.raises(CommandError):
        run(SAMPLES / "iptc" / "LISTING_3_Photo_in_NewsML-G2.xml", "--section", "monde")
    assert not Photo.objects.exists()


def test_admin_preview_says_an_agency_headline_is_too_long_to_store(editor_client, section):
    document = json.loads((AGENCY / "ninjs2-marche.json").read_text())
    document["headlines"][0]["value"] = "Nantes " * 50
    upload = SimpleUploadedFile("long.json", json.dumps(document).encode())
    data = {"texts": [upload], "section": section.pk, "language": "fr"}
    html = editor_client.post(reverse("admin:articles_article_import"), data).content.decode()
    assert "349 characters long; at most 255" in html
    assert 'name="confirm"' not in html


def test_admin_preview_warns_of_a_headline_longer_than_the_publishing_limit(editor_client, section):
    document = json.loads((AGENCY / "ninjs2-marche.json").read_text())
    document["headlines"][0]["value"] = "Nantes " * 20
    upload = SimpleUploadedFile("long.json", json.dumps(document).encode())
    data = {"texts": [upload], "section": section.pk, "language": "fr"}
    html = editor_client.post(reverse("admin:articles_article_import"), data).content.decode()
    assert "139 characters long (at most 110 to publish)" in html


def test_admin_import_offers_to_print_the_new_credit_of_a_known_picture(editor_client, section):
    import_export(AGENCY / "ninjs3-sommet.json", section=section)  # credited Jeanne Martin/AFX
    data = {
        "texts": [SimpleUploadedFile("velo.xml", (AGENCY / "newsml-message.xml").read_bytes())],
        "images": [SimpleUploadedFile("velo-lille.png", (AGENCY / "velo-lille.png").read_bytes())],
        "section": section.pk,
        "language": "fr",
        "photo_credit": OnDuplicate.NEW_CREDIT.value,
    }
    html = editor_client.post(reverse("admin:articles_article_import"), data).content.decode()
    payload = re.search(r'name="payload" value="([^"]+)"', html)[1]
    editor_client.post(
        reverse("admin:articles_article_import"), {"confirm": "1", "payload": payload}
    )
    velo = Article.objects.get(external_uri="urn:newsml:newsroom-test:text:velo")
    assert "Paul Roy" in velo.lead_photo.credit.line
    sommet = Article.objects.get(external_uri__contains="sommet")
    assert sommet.lead_photo.credit.line == "Jeanne Martin/AFX"
