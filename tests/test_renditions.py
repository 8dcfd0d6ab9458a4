"""Photo renditions: made once with Pillow, without EXIF, read by pages without Pillow."""

from __future__ import annotations

import io
from unittest import mock

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from PIL import ExifTags, Image

from articles.models import Photo
from articles.photos.intake import take_in
from articles.photos.renditions import generate_renditions
from tests.factories import image_upload, make_article, make_photo

pytestmark = pytest.mark.django_db

# The focal-point crops (16:9, 1:1, 4:5) made beside the widths.
CROP_KEYS = ["1080x1080.jpg", "1080x1350.jpg", "1200x675.jpg"]


def open_rendition(photo, name):
    with default_storage.open(photo.renditions[name], "rb") as file:
        data = file.read()
    return data, Image.open(io.BytesIO(data))


def jpeg_with_exif(width=200, height=100, orientation=1, gps=True) -> SimpleUploadedFile:
    image = Image.new("RGB", (width, height), (30, 120, 200))
    # A red left half, to see where the rotation puts it.
    image.paste((220, 20, 20), (0, 0, width // 2, height))
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "CameraMaker"
    exif[ExifTags.Base.Orientation] = orientation
    if gps:
        exif[ExifTags.Base.GPSInfo] = {
            ExifTags.GPS.GPSLatitudeRef: "N",
            ExifTags.GPS.GPSLatitude: (48.0, 51.0, 24.0),
            ExifTags.GPS.GPSLongitudeRef: "E",
            ExifTags.GPS.GPSLongitude: (2.0, 21.0, 7.0),
        }
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    return SimpleUploadedFile("camera.jpg", buffer.getvalue(), content_type="image/jpeg")


def test_saving_a_photo_makes_webp_and_jpeg_renditions_never_wider_than_the_original():
    photo = make_photo(image=image_upload(width=1000, height=500))

    assert sorted(photo.renditions) == CROP_KEYS + ["480.jpg", "480.webp", "800.jpg", "800.webp"]
    data, image = open_rendition(photo, "800.webp")
    assert image.format == "WEBP"
    assert image.size == (800, 400)
    _data, image = open_rendition(photo, "480.jpg")
    assert image.format == "JPEG"
    assert image.size == (480, 240)
    assert Photo.objects.get(pk=photo.pk).renditions == photo.renditions


def test_a_photo_narrower_than_every_width_gets_one_rendition_at_its_own_size():
    photo = make_photo(image=image_upload(width=300, height=200))

    assert sorted(photo.renditions) == CROP_KEYS + ["300.jpg", "300.webp"]
    assert open_rendition(photo, "300.jpg")[1].size == (300, 200)


def test_renditions_do_not_carry_exif_or_gps_data():
    upload = jpeg_with_exif()
    assert Image.open(io.BytesIO(upload.read())).getexif().get(ExifTags.Base.GPSInfo)
    upload.seek(0)

    photo = make_photo(image=upload)

    for name in photo.renditions:
        data, image = open_rendition(photo, name)
        assert dict(image.getexif()) == {}
        assert b"CameraMaker" not in data
        assert b"Exif\x00\x00" not in data


def test_renditions_apply_the_exif_orientation_to_the_pixels():
    # Orientation 6: the camera was turned; viewers rotate 90° clockwise.
    photo = make_photo(image=jpeg_with_exif(width=200, height=100, orientation=6, gps=False))

    _data, image = open_rendition(photo, "100.jpg")
    assert image.size == (100, 200)
    red, _green, _blue = image.convert("RGB").getpixel((50, 20))
    assert red > 150  # the red left half is now on top


def test_renditions_are_made_once_not_at_every_save():
    photo = make_photo(image=image_upload(width=500, height=300))
    before = dict(photo.renditions)

    with mock.patch("PIL.Image.open", side_effect=AssertionError("Pillow ran again")):
        photo.caption = "Une autre légende"
        photo.save()

    assert photo.renditions == before


def test_a_new_image_replaces_the_renditions_and_removes_the_old_files():
    photo = make_photo(image=image_upload(width=500, height=300))
    old_paths = list(photo.renditions.values())

    take_in(
        image_upload(width=900, height=300, color=(10, 10, 10)), credit=None, user=None, photo=photo
    )

    assert sorted(photo.renditions) == CROP_KEYS + ["480.jpg", "480.webp", "800.jpg", "800.webp"]
    assert not any(default_storage.exists(path) for path in old_paths)


def test_generate_renditions_command_catches_up_photos_without_renditions():
    photo = make_photo(image=image_upload(width=600, height=400))
    Photo.objects.filter(pk=photo.pk).update(renditions={})

    out = io.StringIO()
    call_command("generate_renditions", stdout=out)

    photo.refresh_from_db()
    assert sorted(photo.renditions) == CROP_KEYS + ["480.jpg", "480.webp"]
    assert "1 photo" in out.getvalue()


def test_generate_renditions_dry_run_changes_nothing():
    photo = make_photo()
    Photo.objects.filter(pk=photo.pk).update(renditions={})

    call_command("generate_renditions", "--dry-run", stdout=io.StringIO())

    photo.refresh_from_db()
    assert photo.renditions == {}


def test_article_page_never_runs_pillow(client):
    photo = make_photo(image=image_upload(width=1300, height=650))
    article = make_article(lead_photo=photo)

    with mock.patch("PIL.Image.open", side_effect=AssertionError("Pillow ran in a page view")):
        response = client.get(article.get_absolute_url())
        home = client.get("/")

    assert response.status_code == 200
    assert home.status_code == 200
    html = response.content.decode()
    assert default_storage.url(photo.renditions["1200.webp"]) + " 1200w" in html


def test_lead_photo_is_a_picture_with_webp_source_and_sized_jpeg_img(client):
    photo = make_photo(image=image_upload(width=1700, height=850))
    article = make_article(lead_photo=photo)

    html = client.get(article.get_absolute_url()).content.decode()

    assert '<source type="image/webp" srcset="' in html
    for width in (480, 800, 1200, 1600):
        assert default_storage.url(photo.renditions[f"{width}.webp"]) + f" {width}w" in html
        assert default_storage.url(photo.renditions[f"{width}.jpg"]) + f" {width}w" in html
    assert 'width="800" height="400"' in html
    assert 'loading="eager" fetchpriority="high"' in html


def test_page_falls_back_to_the_original_image_when_renditions_are_missing(client):
    photo = make_photo()
    Photo.objects.filter(pk=photo.pk).update(renditions={})
    article = make_article(lead_photo=photo)

    html = client.get(article.get_absolute_url()).content.decode()

    assert f'src="{photo.image.url}"' in html
    assert 'width="64" height="48"' in html


def test_generate_renditions_can_be_forced():
    photo = make_photo(image=image_upload(width=500, height=300))
    first = dict(photo.renditions)

    generate_renditions(photo, force=True)

    assert photo.renditions.keys() == first.keys()
    assert all(default_storage.exists(path) for path in photo.renditions.values())
