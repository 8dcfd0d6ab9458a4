"""Hostile uploads through the admin's photo form: refused, or renamed and re-encoded."""

from __future__ import annotations

import io
import re
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from articles.models import Photo
from tests.factories import image_bytes

pytestmark = pytest.mark.django_db

PHOTO_ADD = reverse("admin:articles_photo_add")
STORED_NAME = re.compile(r"^photos/\d{4}/\d{2}/[0-9a-f]{32}\.(jpg|png|webp)$")
# 37.7749 N, 122.4194 W: a reporter's home, which must not travel with the picture.
GPS = {1: "N", 2: (37.0, 46.0, 29.64), 3: "W", 4: (122.0, 25.0, 9.84)}
XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/'
    b'22-rdf-syntax-ns#"><rdf:Description>home-address-secret</rdf:Description></rdf:RDF>'
    b"</x:xmpmeta>"
)


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def decompression_bomb(size: int = 20_000) -> bytes:
    """A small valid PNG of size×size one-bit pixels, all black: kilobytes that decode to 50 MB."""
    row = b"\x00" + b"\x00" * (size // 8)
    compressor = zlib.compressobj(9)
    data = b"".join(compressor.compress(row) for _ in range(size)) + compressor.flush()
    header = struct.pack(">IIBBBBB", size, size, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", data)
        + png_chunk(b"IEND", b"")
    )


def jpeg_with_metadata() -> bytes:
    image = Image.new("RGB", (60, 40), (30, 120, 200))
    exif = image.getexif()
    exif[0x010F] = "SecretCam"  # Make
    exif[0x0112] = 6  # orientation: rotate 90° to display
    exif.get_ifd(0x8825).update(GPS)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif, xmp=XMP)
    return buffer.getvalue()


JPEG = image_bytes()
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
GIF = image_bytes(fmt="GIF")

# (uploaded name, content, accepted?) — adding a case is one line. Names that
# do not end like an image are refused; those that do get a generated name.
HOSTILE_UPLOADS = [
    ("../../x.py", JPEG, False),
    ("../../x.jpg", JPEG, True),
    ("..\\..\\settings.jpg", JPEG, True),
    ("C:\\x", JPEG, False),
    ("C:\\Windows\\x.jpg", JPEG, True),
    ("/etc/cron.d/x.png", JPEG, True),
    ("photo\x00.php", JPEG, False),
    ("photo.php\x00.jpg", JPEG, True),
    ("a" * 300 + ".jpg", JPEG, True),
    (".htaccess", JPEG, False),
    ("x.jpg.php", JPEG, False),
    ("x.svg", SVG, False),
    ("x.html", HTML, False),
    ("x.jpg", SVG, False),
    ("x.jpg", HTML, False),
    ("x.png", GIF, False),
    ("x.jpg", JPEG[: len(JPEG) // 2], False),
    ("x.jpg", b"", False),
    ("x.jpg", JPEG + b"<script>alert(1)</script>", True),
    ("bomb.png", decompression_bomb(), False),
]


def photo_data(upload) -> dict:
    return {
        "image": upload,
        "alt_text": "Une place au lever du jour",
        "caption": "",
        "credit": "",
        "new_credit": "Jeanne Martin/AFP",
        "copyright_notice": "",
        "rights_end_date": "",
        "focal_x": "0.5",
        "focal_y": "0.5",
        # The same picture is uploaded again and again here: not a duplicate to offer.
        "upload_anyway": "on",
    }


def test_the_bomb_is_small_but_claims_400_megapixels():
    bomb = decompression_bomb()
    assert len(bomb) < 100_000
    assert struct.unpack(">II", bomb[16:24]) == (20_000, 20_000)


def test_hostile_uploads_are_refused_or_stored_under_a_generated_name(editor_client):
    for name, content, accepted in HOSTILE_UPLOADS:
        upload = SimpleUploadedFile(name, content, content_type="image/jpeg")
        response = editor_client.post(PHOTO_ADD, photo_data(upload))
        case = f"{name[:40]!r} ({len(content)} bytes)"
        if accepted:
            assert response.status_code == 302, case
            photo = Photo.objects.order_by("-pk").first()
            assert STORED_NAME.match(photo.image.name), case
            assert b"<script>" not in photo.image.read(), case
            photo.image.close()
        else:
            assert response.status_code == 200, case
            assert response.context["adminform"].form.errors.get("image"), case
    assert Photo.objects.count() == sum(accepted for _name, _content, accepted in HOSTILE_UPLOADS)


def test_the_stored_original_carries_no_exif_gps_or_xmp(editor_client):
    upload = SimpleUploadedFile("portrait.jpg", jpeg_with_metadata(), content_type="image/jpeg")
    assert editor_client.post(PHOTO_ADD, photo_data(upload)).status_code == 302
    photo = Photo.objects.get()
    stored = photo.image.read()
    photo.image.close()
    assert b"SecretCam" not in stored
    assert b"home-address-secret" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == "JPEG"
        assert not image.getexif()
        assert "xmp" not in image.info
        # The orientation was applied to the pixels, not lost.
        assert image.size == (40, 60)
    assert (photo.width, photo.height) == (40, 60)


@pytest.mark.parametrize("fmt", ["PNG", "WEBP"])
def test_png_and_webp_stay_in_their_format_without_exif(editor_client, fmt):
    image = Image.new("RGB", (30, 20), (10, 200, 30))
    exif = image.getexif()
    exif[0x010F] = "SecretCam"
    buffer = io.BytesIO()
    image.save(buffer, fmt, exif=exif)
    upload = SimpleUploadedFile(f"x.{fmt.lower()}", buffer.getvalue(), content_type="image/png")
    assert editor_client.post(PHOTO_ADD, photo_data(upload)).status_code == 302
    photo = Photo.objects.get()
    stored = photo.image.read()
    photo.image.close()
    assert b"SecretCam" not in stored
    with Image.open(io.BytesIO(stored)) as reopened:
        assert reopened.format == fmt


def test_the_original_metadata_reaches_the_hook_before_it_is_stripped(monkeypatch, editor_client):
    from articles.photos import intake

    seen = []
    read = intake.rights_metadata
    monkeypatch.setattr(
        intake, "rights_metadata", lambda metadata: seen.append(metadata) or read(metadata)
    )
    upload = SimpleUploadedFile("portrait.jpg", jpeg_with_metadata(), content_type="image/jpeg")
    editor_client.post(PHOTO_ADD, photo_data(upload))
    assert seen[0].exif[0x010F] == "SecretCam"
    assert b"home-address-secret" in seen[0].xmp
