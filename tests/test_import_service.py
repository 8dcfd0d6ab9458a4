"""Turning exports into articles (articles.imports.service)."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from articles.imports.delivery import collect_paths
from articles.imports.plaintext import ExportError, parse_export
from articles.imports.service import Action, import_export
from articles.models import Article, Author, Photo, PhotoCredit
from articles.publishing import actions as publishing
from tests.factories import image_bytes, make_author, make_credit, make_section, make_writer

SAMPLES = Path(__file__).resolve().parent / "samples"
SEED = Path(__file__).resolve().parents[2] / "shared" / "seed-article.txt"
PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture
def section(db):
    return make_section("International", slug="international")


def counts() -> tuple[int, ...]:
    return tuple(model.objects.count() for model in (Article, Photo, PhotoCredit, Author))


# --- Creating the article -------------------------------------------------------


def test_import_creates_a_draft_with_h2_sub_headings_and_paragraphs(section):
    result = import_export(SAMPLES / "sommet.txt", section="international")
    article = result.article
    assert result.action == Action.CREATED
    assert article.status == Article.Status.DRAFT
    assert article.section == section
    assert article.body.count("<h2>") == 2
    assert article.body.count("<p>") == 4
    assert "<h2>Quelles suites pour les agriculteurs ?</h2>" in article.body


def test_import_dates_the_article_at_midnight_in_paris(section):
    article = import_export(SAMPLES / "sommet.txt", section=section).article
    assert article.published_at == datetime(2025, 3, 14, tzinfo=PARIS)


def test_import_uses_the_time_given_on_the_date_line(section):
    article = import_export(SAMPLES / "time.txt", section=section).article
    assert article.published_at == datetime(2025, 3, 18, 7, 45, tzinfo=PARIS)


def test_import_derives_a_provisional_headline_from_the_first_sentence(section):
    article = import_export(SAMPLES / "sommet.txt", section=section).article
    assert article.headline.startswith("Les ministres de l’Agriculture de douze pays")
    assert article.slug.startswith("les-ministres-de-l-agriculture")


def test_headline_option_replaces_the_derived_headline(section):
    result = import_export(SAMPLES / "sommet.txt", section=section, headline="L’eau à Lyon")
    assert result.article.headline == "L’eau à Lyon"


def test_import_sets_language_tags_and_author(section):
    make_author("Claire Dubois")
    article = import_export(
        SAMPLES / "sommet.txt",
        section=section,
        language="en",
        tags="Agriculture, eau, agriculture",
        author="claire dubois",
    ).article
    assert article.language == "en"
    assert sorted(tag.name for tag in article.tags.all()) == ["Agriculture", "eau"]
    assert [author.name for author in article.authors.all()] == ["Claire Dubois"]
    assert Author.objects.count() == 1


def test_unknown_author_is_created(section):
    article = import_export(SAMPLES / "sommet.txt", section=section, author="Marc Leroy").article
    assert article.authors.get().name == "Marc Leroy"


def test_tags_reuse_existing_tags_whatever_their_case(section):
    first = import_export(SAMPLES / "sommet.txt", section=section, tags="Ukraine").article
    second = import_export(SAMPLES / "time.txt", section=section, tags="ukraine").article
    assert first.tags.get() == second.tags.get()


def test_unknown_section_fails_naming_the_section_and_writes_nothing(db):
    before = counts()
    with pytest.raises(ExportError) as caught:
        import_export(SAMPLES / "sommet.txt", section="nowhere")
    assert "nowhere" in str(caught.value)
    assert "sommet.txt" in str(caught.value)
    assert counts() == before


def test_body_keeps_markup_from_the_text_as_text(section):
    article = import_export(SAMPLES / "injection.txt", section=section).article
    assert "<script>" not in article.body
    assert "&lt;script&gt;" in article.body
    assert "<img" not in article.body
    assert "&amp;" in article.body


def test_article_page_shows_markup_from_the_text_literally(section, editor_client):
    article = import_export(SAMPLES / "injection.txt", section=section).article
    response = editor_client.get(article.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "&lt;script&gt;alert(" in html
    assert "<script>alert(" not in html
    assert "<img src=x" not in html


# --- Credits and pictures -------------------------------------------------------


def test_credit_without_picture_is_created_and_warned_about(section):
    result = import_export(SAMPLES / "sommet.txt", section=section)
    assert PhotoCredit.objects.get().line == "Jeanne Martin/AFP"
    assert result.article.lead_photo is None
    assert any("no picture yet" in warning for warning in result.warnings)


def test_credit_reuses_an_existing_credit_whatever_its_case_and_spacing(section):
    existing = make_credit("jeanne martin/afp")
    import_export(SAMPLES / "sommet.txt", section=section)
    assert list(PhotoCredit.objects.all()) == [existing]


def test_image_becomes_the_lead_photo_with_the_files_credit(section):
    result = import_export(SAMPLES / "sommet.txt", section=section, image=SAMPLES / "photo.png")
    photo = result.article.lead_photo
    assert photo.credit.line == "Jeanne Martin/AFP"
    assert photo.alt_text == ""
    assert photo.image.name.endswith(".png")
    assert any("alternative text" in warning for warning in result.warnings)


def test_uploaded_image_is_accepted_too(section):
    upload = SimpleUploadedFile("lyon.jpg", image_bytes(), content_type="image/jpeg")
    article = import_export(SAMPLES / "sommet.txt", section=section, image=upload).article
    assert article.lead_photo.width == 64


def test_bad_image_fails_the_file_and_writes_nothing(section):
    before = counts()
    with pytest.raises(ExportError, match="not_an_image.jpg"):
        import_export(SAMPLES / "sommet.txt", section=section, image=SAMPLES / "not_an_image.jpg")
    assert counts() == before


def test_image_for_a_file_without_credit_is_refused(section):
    with pytest.raises(ExportError, match="credit"):
        import_export(SAMPLES / "injection.txt", section=section, image=SAMPLES / "photo.png")
    assert not Photo.objects.exists()


def test_failure_after_storing_the_picture_removes_it(section, media_root, monkeypatch):
    def broken_publish(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(publishing, "publish", broken_publish)
    with pytest.raises(RuntimeError):
        import_export(
            SAMPLES / "sommet.txt", section=section, image=SAMPLES / "photo.png", publish=True
        )
    assert not Photo.objects.exists()
    assert not list(Path(media_root).glob("photos/**/*.png"))


# --- Publishing ---------------------------------------------------------------------


# Exports carry no standfirst: publishing them needs the gate's override.
OVERRIDE = {"tags": "Agriculture", "override_reason": "Dépêche sans chapô, validée au téléphone"}


def test_publish_publishes_at_the_files_date(section):
    article = import_export(
        SAMPLES / "sommet.txt", section=section, publish=True, **OVERRIDE
    ).article
    article.refresh_from_db()
    assert article.is_published()
    assert article.published_at == datetime(2025, 3, 14, tzinfo=PARIS)


def test_publish_with_a_future_date_schedules(section):
    article = import_export(
        SAMPLES / "future.txt", section=section, publish=True, **OVERRIDE
    ).article
    assert article.is_scheduled()
    assert article not in Article.objects.published()


def test_publish_refused_by_publication_rules_fails_with_the_reasons(section):
    before = counts()
    with pytest.raises(ExportError, match="alternative text"):
        import_export(
            SAMPLES / "sommet.txt", section=section, image=SAMPLES / "photo.png", publish=True
        )
    assert counts() == before


def test_publish_refused_by_the_gate_lists_every_reason(section):
    with pytest.raises(ExportError) as error:
        import_export(SAMPLES / "sommet.txt", section=section, publish=True)
    assert "The standfirst is empty." in str(error.value)
    assert "The article has no tag." in str(error.value)
    assert not Article.objects.exists()


def test_writer_cannot_publish_through_the_importer(section):
    with pytest.raises(ExportError):
        import_export(SAMPLES / "sommet.txt", section=section, publish=True, user=make_writer())
    assert not Article.objects.exists()


def test_result_url_is_the_admin_page_for_a_draft_and_the_public_page_once_published(
    section, settings
):
    settings.NEWSROOM_BASE_URL = "https://news.example"
    draft = import_export(SAMPLES / "sommet.txt", section=section)
    published = import_export(SAMPLES / "time.txt", section=section, publish=True, **OVERRIDE)
    assert draft.url == f"https://news.example/admin/articles/article/{draft.article.pk}/change/"
    assert published.url == "https://news.example" + published.article.get_absolute_url()


# --- Re-import ------------------------------------------------------------------------


def test_reimport_reports_the_existing_article_without_a_duplicate(section):
    first = import_export(SAMPLES / "sommet.txt", section=section).article
    again = import_export(SAMPLES / "sommet.txt", section=section)
    assert again.action == Action.EXISTING
    assert again.article == first
    assert Article.objects.count() == 1


def test_reimport_of_the_same_story_re_encoded_is_still_recognised(section, tmp_path):
    original = (SAMPLES / "sommet.txt").read_text()
    copy = tmp_path / "sommet-windows.txt"
    copy.write_bytes(original.replace("\n", "\r\n").encode("cp1252"))
    first = import_export(SAMPLES / "sommet.txt", section=section).article
    assert import_export(copy, section=section).article == first


def test_reimport_with_update_refreshes_the_body_and_keeps_the_editors_headline(section, tmp_path):
    article = import_export(SAMPLES / "sommet.txt", section=section).article
    article.headline = "Titre choisi par la rédaction"
    article.save()
    corrected = tmp_path / "sommet.txt"
    corrected.write_text(
        (SAMPLES / "sommet.txt").read_text().replace("d’ici l’été", "avant l’automne")
    )
    result = import_export(corrected, section=section, update=True)
    article.refresh_from_db()
    assert result.action == Action.UPDATED
    assert "avant l’automne" in article.body
    assert article.headline == "Titre choisi par la rédaction"
    assert Article.objects.count() == 1


# --- Dry run ------------------------------------------------------------------------


def test_dry_run_reports_and_writes_nothing(section):
    before = counts()
    result = import_export(
        SAMPLES / "sommet.txt",
        section=section,
        image=SAMPLES / "photo.png",
        tags="Eau",
        author="Marc Leroy",
        dry_run=True,
    )
    assert result.action == Action.WOULD_CREATE
    assert result.headline.startswith("Les ministres")
    assert counts() == before
    assert not Article.tags.through.objects.exists()


# --- Paths ---------------------------------------------------------------------------


def test_directory_gives_its_txt_files_sorted():
    paths, failures = collect_paths([str(SAMPLES / "batch")])
    assert [path.name for path in paths] == ["01-marche.txt", "02-port.txt", "03-vide.txt"]
    assert failures == []


def test_symbolic_links_are_refused_but_dot_dot_paths_given_by_the_user_work(tmp_path):
    target = tmp_path / "real.txt"
    shutil.copy(SAMPLES / "sommet.txt", target)
    (tmp_path / "link.txt").symlink_to(target)
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "inside.txt").symlink_to(target)
    paths, failures = collect_paths(
        [str(tmp_path / "link.txt"), str(folder), f"{folder}/../real.txt"]
    )
    assert paths == [Path(f"{folder}/../real.txt")]
    assert len(failures) == 2


def test_reading_a_symbolic_link_directly_is_refused(section, tmp_path):
    (tmp_path / "link.txt").symlink_to(SAMPLES / "sommet.txt")
    with pytest.raises(ExportError, match="Symbolic"):
        import_export(tmp_path / "link.txt", section=section)


# --- Seed and performance -------------------------------------------------------------


@pytest.mark.skipif(not SEED.exists(), reason="../shared/seed-article.txt is not present")
def test_seed_export_imports_with_its_sub_headings_paragraphs_credit_and_date(
    section, editor_client
):
    result = import_export(SEED, section=section, image=SAMPLES / "photo.png")
    article = result.article
    assert article.body.count("<h2>") == 3
    assert article.body.count("<p>") == 7
    assert "’" in article.body
    assert "« " in article.body and " »" in article.body
    assert timezone_date(article.published_at) == "2025-08-07"
    page = editor_client.get(article.get_absolute_url()).content.decode()
    assert "Sputnik/Kremlin via REUTERS" in page


def timezone_date(value: datetime) -> str:
    return value.astimezone(PARIS).date().isoformat()


def test_parsed_export_can_be_imported_directly(section):
    parsed = parse_export((SAMPLES / "time.txt").read_bytes(), name="upload.txt")
    assert import_export(parsed, section=section).action == Action.CREATED


# Credit, slug, insert, tags, byline, the search index, the history revision
# and the page cache's generation bumps on each link added (tags, by-line):
# the same handful whatever the length (a query per paragraph would make
# hundreds). Measured: 62 on SQLite, 53 on PostgreSQL, for 1 or 300 paragraphs.
QUERIES_PER_FILE = 64


@pytest.mark.parametrize("paragraphs", [1, 300])
def test_queries_per_file_do_not_grow_with_its_length(
    section, paragraphs, django_assert_max_num_queries
):
    make_credit("Jeanne Martin/AFP")
    make_author("Marc Leroy")
    import_export(SAMPLES / "time.txt", section=section, tags="Eau, Lyon")
    text = "date 2025-03-14 Photo : Jeanne Martin / AFP\n\n" + "\n\n".join(
        f"Paragraphe numéro {n}, assez long pour ne pas être un intertitre.\n\nIntertitre {n}"
        for n in range(paragraphs)
    )
    parsed = parse_export(text, name="long.txt")
    with django_assert_max_num_queries(QUERIES_PER_FILE):
        import_export(parsed, section=section, tags="Eau, Lyon", author="Marc Leroy")


def test_credit_cache_of_a_batch_only_remembers_committed_credits(
    section, django_capture_on_commit_callbacks
):
    credits = {}
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ExportError):
        import_export(
            SAMPLES / "sommet.txt",
            section=section,
            image=SAMPLES / "photo.png",
            publish=True,
            credits=credits,
        )
    assert credits == {}
    with django_capture_on_commit_callbacks(execute=True):
        import_export(SAMPLES / "sommet.txt", section=section, credits=credits)
    assert list(credits.values()) == [PhotoCredit.objects.get()]
