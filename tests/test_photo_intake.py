"""Photo intake: one way in for every picture, and no silent re-crediting."""

from __future__ import annotations

import errno
import io
from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from PIL import Image, ImageDraw

from articles.models import Article, Photo, PhotoCredit
from articles.photos.intake import DuplicatePhoto, OnDuplicate, take_in
from tests.factories import make_article, make_section

FIRST_CREDIT = "Ludovic Marin / AFP"
SECOND_CREDIT = "Jane Doe/Associated Press"


def picture_bytes(seed: int = 1) -> bytes:
    """A picture with shapes (a perceptual hash needs some detail)."""
    image = Image.new("RGB", (640, 427), (30 * seed % 255, 90, 150))
    draw = ImageDraw.Draw(image)
    for n in range(6):
        x = (n * 97 + seed * 31) % 560
        draw.rectangle([x, 40 + n * 50, x + 80, 120 + n * 40], fill=(250, 240 - n * 30, 20 * n))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def export(folder: Path, stem: str, credit: str, text: str, picture: bytes) -> Path:
    path = folder / f"{stem}.txt"
    path.write_text(f"date 2025-06-02 Photo : {credit}\n\n{text}\n", encoding="utf-8")
    (folder / f"{stem}.jpg").write_bytes(picture)
    return path


def run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_article", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def media_files(root: Path) -> list[Path]:
    return sorted(p for p in Path(root).rglob("*") if p.is_file())


@pytest.fixture
def section(db):
    return make_section("Politique", slug="politique")


@pytest.fixture
def two_exports(tmp_path):
    """Two exports of the same picture file, credited differently."""
    folder = tmp_path / "exports"
    folder.mkdir()
    picture = picture_bytes()
    first = export(
        folder,
        "elysee-lundi",
        FIRST_CREDIT,
        "Le président a reçu les maires des communes inondées à l’Élysée lundi soir.",
        picture,
    )
    second = export(
        folder,
        "elysee-mardi",
        SECOND_CREDIT,
        "Au lendemain de la réunion, les maires réclament un fonds d’urgence.",
        picture,
    )
    return first, second


# --- The seam of issue 11, through the command --------------------------------


def test_a_known_picture_under_another_credit_stops_the_import_naming_both_credits(
    section, two_exports, media_root
):
    first, second = two_exports
    run(first, "--section", "politique")
    files_before = media_files(media_root)

    with pytest.raises(CommandError):
        run(second, "--section", "politique")

    assert Article.objects.count() == 1
    assert Photo.objects.count() == 1
    assert not PhotoCredit.objects.filter(normalized__contains="jane doe").exists()
    assert media_files(media_root) == files_before


def test_the_refusal_is_one_line_naming_both_credits_and_the_existing_photo(section, two_exports):
    first, second = two_exports
    run(first, "--section", "politique")
    photo = Photo.objects.get()
    err = StringIO()

    with pytest.raises(CommandError):
        call_command(
            "import_article", str(second), "--section", "politique", stdout=StringIO(), stderr=err
        )

    lines = err.getvalue().strip().splitlines()
    assert len(lines) == 1
    assert "Ludovic Marin/AFP" in lines[0]
    assert SECOND_CREDIT in lines[0]
    assert f"photo {photo.pk}" in lines[0]
    assert "elysee-mardi.txt" in lines[0]


def test_when_asked_the_second_article_prints_its_own_export_credit(section, two_exports, client):
    first, second = two_exports
    run(first, "--section", "politique", "--publish", "--publish-despite-checks", "Dépêche")
    run(second, "--section", "politique", "--publish", "--publish-despite-checks", "Dépêche",
        "--photo-credit=new")  # fmt: skip

    lundi = Article.objects.get(body__contains="inondées")
    mardi = Article.objects.get(body__contains="fonds d’urgence")
    assert lundi.lead_photo.credit_line == "Ludovic Marin/AFP"
    assert mardi.lead_photo.credit_line == SECOND_CREDIT
    # One stored picture, two credits.
    assert lundi.lead_photo.image.name == mardi.lead_photo.image.name
    page = client.get(mardi.get_absolute_url()).content.decode()
    assert SECOND_CREDIT in page
    assert "Ludovic Marin" not in page
    assert "Ludovic Marin/AFP" in client.get(lundi.get_absolute_url()).content.decode()


def test_the_same_picture_under_the_same_credit_reuses_the_photo(section, tmp_path):
    folder = tmp_path / "exports"
    folder.mkdir()
    picture = picture_bytes(2)
    export(folder, "a", FIRST_CREDIT, "Premier texte sur la réunion des maires.", picture)
    export(folder, "b", "Ludovic  Marin/AFP", "Second texte sur la réunion des maires.", picture)

    run(folder, "--section", "politique")

    assert Article.objects.count() == 2
    assert Photo.objects.count() == 1


# --- The function ---------------------------------------------------------------


def upload(data: bytes, name: str = "photo.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="image/jpeg")


def test_intake_refuses_another_credit_and_writes_nothing(db, media_root):
    existing = take_in(upload(picture_bytes(3)), credit=FIRST_CREDIT, user=None).photo
    files_before = media_files(media_root)

    with pytest.raises(DuplicatePhoto) as refused:
        take_in(
            upload(picture_bytes(3)),
            credit=SECOND_CREDIT,
            user=None,
            on_duplicate=OnDuplicate.REFUSE,
        )

    assert refused.value.existing == existing
    assert refused.value.existing_credit == "Ludovic Marin/AFP"
    assert refused.value.new_credit == SECOND_CREDIT
    assert Photo.objects.count() == 1
    assert PhotoCredit.objects.count() == 1
    assert media_files(media_root) == files_before


def test_keep_hands_back_the_library_photo_with_its_own_credit(db):
    existing = take_in(upload(picture_bytes(3)), credit=FIRST_CREDIT, user=None).photo
    result = take_in(
        upload(picture_bytes(3)), credit=SECOND_CREDIT, user=None, on_duplicate=OnDuplicate.KEEP
    )
    assert result.photo == existing and not result.created
    assert Photo.objects.get().credit_line == "Ludovic Marin/AFP"


def test_a_dry_run_writes_nothing_but_reports_the_metadata(db, media_root):
    result = take_in(upload(picture_bytes(4)), credit=FIRST_CREDIT, user=None, dry_run=True)
    assert result.photo is None and result.created
    assert not Photo.objects.exists() and not PhotoCredit.objects.exists()
    assert media_files(media_root) == []


def test_a_writer_without_the_right_to_add_photos_is_refused(db, django_user_model):
    from django.core.exceptions import PermissionDenied

    nobody = django_user_model.objects.create_user("lecteur", password="x", is_staff=True)
    with pytest.raises(PermissionDenied):
        take_in(upload(picture_bytes(5)), credit=FIRST_CREDIT, user=nobody)
    assert not Photo.objects.exists()


# --- A full disk ------------------------------------------------------------------


@pytest.fixture
def disk_fills_up(monkeypatch):
    """The n-th file written is cut short by a full disk, as the real one would be."""
    real_save = FileSystemStorage._save
    state = {"calls": 0, "fail_at": 3}

    def save(self, name, content):
        state["calls"] += 1
        if state["calls"] == state["fail_at"]:
            path = Path(self.path(name))
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(b"")  # the empty file a full disk leaves behind
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_save(self, name, content)

    monkeypatch.setattr(FileSystemStorage, "_save", save)
    return state


def test_a_full_disk_is_a_clear_error_and_leaves_no_row_and_no_file(db, media_root, disk_fills_up):
    # Call 1 is the original, 2 the first rendition, 3 the second rendition.
    with pytest.raises(ValidationError) as refused:
        take_in(upload(picture_bytes(6)), credit=FIRST_CREDIT, user=None)

    assert refused.value.code == "storage_full"
    assert not Photo.objects.exists()
    assert media_files(media_root) == []


def test_a_full_disk_while_storing_the_original_leaves_no_empty_original(
    db, media_root, disk_fills_up
):
    disk_fills_up["fail_at"] = 1
    with pytest.raises(ValidationError):
        take_in(upload(picture_bytes(6)), credit=FIRST_CREDIT, user=None)
    assert not Photo.objects.exists()
    assert media_files(media_root) == []


def test_the_admin_upload_shows_a_full_disk_as_a_form_error(
    editor_client, media_root, disk_fills_up
):
    response = editor_client.post(
        reverse("admin:articles_photo_add"),
        {
            "image": upload(picture_bytes(7)),
            "alt_text": "Des maires devant l’Élysée",
            "caption": "",
            "credit": "",
            "new_credit": FIRST_CREDIT,
            "copyright_notice": "",
            "rights_end_date": "",
            "focal_x": "0.5",
            "focal_y": "0.5",
            "pending_upload": "",
            "metadata_checked": "1",
            "upload_anyway": "",
        },
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.has_error("__all__", "storage_full")
    assert "disk is full" in response.content.decode()
    assert not Photo.objects.exists()
    assert media_files(media_root) == []


def test_a_full_disk_while_replacing_an_image_keeps_the_old_one(db, media_root, disk_fills_up):
    disk_fills_up["fail_at"] = 10_000
    photo = take_in(upload(picture_bytes(8)), credit=FIRST_CREDIT, user=None).photo
    files_before = media_files(media_root)
    disk_fills_up["fail_at"] = disk_fills_up["calls"] + 2

    with pytest.raises(ValidationError):
        take_in(upload(picture_bytes(9)), credit=None, user=None, photo=photo)

    photo.refresh_from_db()
    assert media_files(media_root) == files_before
    assert Path(media_root, photo.image.name).stat().st_size > 0
    assert all(Path(media_root, path).exists() for path in photo.renditions.values())


def test_an_article_page_keeps_working_after_a_refused_upload(
    db, client, media_root, disk_fills_up
):
    disk_fills_up["fail_at"] = 10_000
    photo = take_in(upload(picture_bytes(8)), credit=FIRST_CREDIT, user=None).photo
    article = make_article(lead_photo=photo)
    disk_fills_up["fail_at"] = disk_fills_up["calls"] + 1
    with pytest.raises(ValidationError):
        take_in(upload(picture_bytes(10)), credit=FIRST_CREDIT, user=None)
    assert client.get(article.get_absolute_url()).status_code == 200


# --- The admin offers the same choice ------------------------------------------


def admin_form(**overrides) -> dict:
    data = {
        "alt_text": "Des maires devant l’Élysée",
        "caption": "",
        "credit": "",
        "new_credit": "",
        "copyright_notice": "",
        "rights_end_date": "",
        "focal_x": "0.5",
        "focal_y": "0.5",
        "pending_upload": "",
        "metadata_checked": "1",
        "upload_anyway": "",
        "duplicate_choice": "",
    }
    data.update(overrides)
    return data


def test_the_admin_lists_both_credits_and_offers_a_choice(editor_client):
    existing = take_in(upload(picture_bytes(11)), credit=FIRST_CREDIT, user=None).photo

    response = editor_client.post(
        reverse("admin:articles_photo_add"),
        admin_form(image=upload(picture_bytes(11)), new_credit=SECOND_CREDIT),
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.has_error("__all__", "duplicate_photo")
    page = response.content.decode()
    assert "Ludovic Marin/AFP" in page
    assert SECOND_CREDIT in page
    assert 'name="duplicate_choice" value="new"' in page
    assert reverse("admin:articles_photo_change", args=[existing.pk]) in page
    assert Photo.objects.count() == 1


def test_choosing_my_credit_in_the_admin_adds_a_photo_sharing_the_file(editor_client):
    existing = take_in(upload(picture_bytes(12)), credit=FIRST_CREDIT, user=None).photo
    first = editor_client.post(
        reverse("admin:articles_photo_add"),
        admin_form(image=upload(picture_bytes(12)), new_credit=SECOND_CREDIT),
    )
    token = first.context["adminform"].form["pending_upload"].value()

    response = editor_client.post(
        reverse("admin:articles_photo_add"),
        admin_form(pending_upload=token, new_credit=SECOND_CREDIT, duplicate_choice="new"),
    )

    assert response.status_code == 302
    added = Photo.objects.exclude(pk=existing.pk).get()
    assert added.credit_line == SECOND_CREDIT
    assert added.image.name == existing.image.name
    existing.refresh_from_db()
    assert existing.credit_line == "Ludovic Marin/AFP"


def test_a_full_disk_while_remaking_crops_keeps_every_rendition_pages_use(
    db, media_root, disk_fills_up
):
    disk_fills_up["fail_at"] = 10_000
    photo = take_in(upload(picture_bytes(13)), credit=FIRST_CREDIT, user=None).photo
    before = dict(photo.renditions)
    disk_fills_up["fail_at"] = disk_fills_up["calls"] + 1

    photo.focal_x = 0.9
    photo.save()  # the new crops fail; the photo keeps what it had

    photo.refresh_from_db()
    assert photo.renditions == before
    assert all(Path(media_root, path).stat().st_size > 0 for path in before.values())
