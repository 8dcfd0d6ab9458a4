"""
Privacy of uploads (issue 12): an upload waiting for confirmation, GPS
position included, is never in public media and is removed when abandoned;
media the app serves itself carry headers that let nothing run.
"""

from __future__ import annotations

import io
import os
import time
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from articles.models import Photo
from articles.photos import pending
from newsroom.media import media_urlpatterns, serve_media

GPS_IFD = 0x8825


def picture_with_gps() -> bytes:
    image = Image.new("RGB", (320, 200), (90, 140, 200))
    exif = image.getexif()
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (48.0, 51.0, 24.0), 3: "E", 4: (2.0, 21.0, 7.0)})
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif, comment=b"home-address-secret")
    return buffer.getvalue()


def files_under(root) -> list[Path]:
    return sorted(p for p in Path(root).rglob("*") if p.is_file())


def photo_form(**overrides) -> dict:
    data = {
        "alt_text": "Un toit de Paris",
        "caption": "",
        "credit": "",
        "new_credit": "",
        "copyright_notice": "",
        "rights_end_date": "",
        "focal_x": "0.5",
        "focal_y": "0.5",
        "pending_upload": "",
        "metadata_checked": "",
        "upload_anyway": "",
    }
    data.update(overrides)
    return data


# --- Uploads waiting for confirmation ----------------------------------------


def test_an_upload_waiting_for_confirmation_is_kept_outside_public_media(editor_client, media_root):
    upload = SimpleUploadedFile("toit.jpg", picture_with_gps(), content_type="image/jpeg")
    # No credit yet: the form comes back, keeping the file for the next submission.
    response = editor_client.post(reverse("admin:articles_photo_add"), photo_form(image=upload))

    assert response.status_code == 200
    assert not Photo.objects.exists()
    assert files_under(media_root) == []
    kept = files_under(pending.directory())
    assert len(kept) == 1
    assert Path(media_root).resolve() not in kept[0].resolve().parents
    assert kept[0].stat().st_mode & 0o077 == 0


def test_the_confirmed_upload_leaves_the_private_folder_and_public_media_has_no_gps(
    editor_client, media_root
):
    upload = SimpleUploadedFile("toit.jpg", picture_with_gps(), content_type="image/jpeg")
    first = editor_client.post(reverse("admin:articles_photo_add"), photo_form(image=upload))
    token = first.context["adminform"].form["pending_upload"].value()

    response = editor_client.post(
        reverse("admin:articles_photo_add"),
        photo_form(pending_upload=token, new_credit="Léa Roux/AFP", metadata_checked="1"),
    )

    assert response.status_code == 302
    assert files_under(pending.directory()) == []
    for path in files_under(media_root):
        data = path.read_bytes()
        assert b"home-address-secret" not in data
        with Image.open(path) as image:
            assert not image.getexif().get_ifd(GPS_IFD)


def test_abandoned_uploads_are_removed_after_a_day(db):
    token = pending.keep(SimpleUploadedFile("a.jpg", picture_with_gps()))
    [kept] = files_under(pending.directory())
    two_days_ago = time.time() - 2 * 24 * 3600
    os.utime(kept, (two_days_ago, two_days_ago))

    assert pending.forget_abandoned() == 1
    assert not kept.exists()
    assert pending.take(token) is None


def test_a_recent_upload_survives_the_sweep(db):
    pending.keep(SimpleUploadedFile("a.jpg", picture_with_gps()))
    assert pending.forget_abandoned() == 0
    assert len(files_under(pending.directory())) == 1


def test_the_private_folder_cannot_be_configured_inside_public_media(settings, media_root):
    settings.NEWSROOM_PENDING_UPLOADS_ROOT = str(Path(media_root) / "tmp")
    with pytest.raises(ImproperlyConfigured):
        pending.directory()


# --- Media served by the app ---------------------------------------------------


@pytest.fixture
def stored_file(media_root):
    path = Path(media_root) / "photos" / "x.svg"
    path.parent.mkdir(parents=True)
    path.write_text('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')
    return "photos/x.svg"


@pytest.mark.urls("tests.media_urls")
def test_media_served_by_the_app_carry_a_policy_that_lets_nothing_run(client, stored_file):
    response = client.get(f"/media/{stored_file}")

    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert policy.startswith("default-src 'none'")
    assert "sandbox" in policy
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_app_serves_media_in_development_only(settings):
    settings.MEDIA_URL = "/media/"
    settings.DEBUG = False
    assert media_urlpatterns() == []
    settings.DEBUG = True
    [pattern] = media_urlpatterns()
    assert pattern.resolve("media/photos/x.jpg").func is serve_media
    settings.MEDIA_URL = "https://cdn.example/media/"
    assert media_urlpatterns() == []


def test_a_full_disk_while_keeping_an_upload_keeps_nothing_and_answers_the_form(
    editor_client, monkeypatch
):
    import errno

    real_open = os.open

    def full_disk_open(path, flags, mode=0o777, **kwargs):
        descriptor = real_open(path, flags, mode, **kwargs)
        if str(path).endswith(".upload"):
            os.close(descriptor)
            raise OSError(errno.ENOSPC, "No space left on device")
        return descriptor

    monkeypatch.setattr(pending.os, "open", full_disk_open)
    upload = SimpleUploadedFile("toit.jpg", picture_with_gps(), content_type="image/jpeg")

    response = editor_client.post(reverse("admin:articles_photo_add"), photo_form(image=upload))

    assert response.status_code == 200
    assert files_under(pending.directory()) == []
    assert not Photo.objects.exists()
