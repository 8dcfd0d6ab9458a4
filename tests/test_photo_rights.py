"""Photo credits and rights: credit lines, metadata on upload, duplicates, rights, focal point."""

from __future__ import annotations

import io
import json
import re
import struct
from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from PIL import Image, ImageDraw

from articles.models import Agency, Article, Photo, PhotoCredit
from articles.photos.metadata import distance, perceptual_hash
from articles.photos.renditions import crop_box
from tests.factories import make_article, make_credit, make_photo, make_section

pytestmark = pytest.mark.django_db

PHOTO_ADD = reverse("admin:articles_photo_add")
ARTICLES = reverse("admin:articles_article_changelist")
RIGHTS_EXPIRING = reverse("admin:articles_photo_rights_expiring")
SAMPLES = Path(__file__).resolve().parent / "samples"
NBSP = "\u00a0"
# 48.8584 N, 2.2945 E: where the photographer stood, which must not travel.
GPS = {1: "N", 2: (48.0, 51.0, 30.24), 3: "E", 4: (2.0, 17.0, 40.2)}


@pytest.fixture(autouse=True)
def english_admin(settings):
    # Messages are asserted in English, the language of the msgids.
    settings.LANGUAGE_CODE = "en"


# --- Test pictures --------------------------------------------------------


def scene(width=320, height=240, seed=0) -> Image.Image:
    """A picture with shapes, so that its perceptual hash is not flat."""
    image = Image.new("RGB", (width, height), (240, 235, 220))
    draw = ImageDraw.Draw(image)
    for i in range(6):
        x = (37 * (i + seed) * 7) % width
        y = (53 * (i + 2 * seed) * 5) % height
        colour = ((60 * i + 90 * seed) % 255, (40 * i) % 255, (200 - 30 * i) % 255)
        draw.rectangle([x, y, x + width // 4, y + height // 3], fill=colour)
    draw.ellipse([width // 3, height // 4, width // 2, height // 2], fill=(10, 10, 10))
    return image


def jpeg(image: Image.Image, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", **options)
    return buffer.getvalue()


def iptc_segment(fields: dict[tuple[int, int], str]) -> bytes:
    """An APP13 "Photoshop 3.0" segment holding IPTC IIM datasets (resource 0x0404)."""
    iim = b"".join(
        b"\x1c" + bytes([record, dataset]) + struct.pack(">H", len(value.encode())) + value.encode()
        for (record, dataset), value in fields.items()
    )
    # UTF-8 declared in the envelope record (1:90), as agencies do.
    iim = b"\x1c\x01\x5a\x00\x03\x1b\x25\x47" + iim
    if len(iim) % 2:
        iim += b"\x00"
    resource = b"8BIM" + struct.pack(">H", 0x0404) + b"\x00\x00" + struct.pack(">I", len(iim)) + iim
    payload = b"Photoshop 3.0\x00" + resource
    return b"\xff\xed" + struct.pack(">H", len(payload) + 2) + payload


def with_iptc(data: bytes, fields: dict[tuple[int, int], str]) -> bytes:
    assert data[:2] == b"\xff\xd8"
    return data[:2] + iptc_segment(fields) + data[2:]


def xmp_packet(creator="", credit="", rights="", description="") -> bytes:
    return (
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
        'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        f'xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" photoshop:Credit="{credit}">'
        f"<dc:creator><rdf:Seq><rdf:li>{creator}</rdf:li></rdf:Seq></dc:creator>"
        f'<dc:rights><rdf:Alt><rdf:li xml:lang="x-default">{rights}</rdf:li></rdf:Alt></dc:rights>'
        f'<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{description}</rdf:li></rdf:Alt>'
        "</dc:description></rdf:Description></rdf:RDF></x:xmpmeta>"
    ).encode()


def agency_jpeg() -> bytes:
    """A news agency picture: GPS in EXIF, credit, caption and copyright in IPTC."""
    image = scene(seed=3)
    exif = image.getexif()
    exif[0x010F] = "SecretCam"
    exif.get_ifd(0x8825).update(GPS)
    data = jpeg(image, exif=exif)
    return with_iptc(
        data,
        {
            (2, 80): "Jane Doe",
            (2, 110): "AP",
            (2, 115): "Associated Press",
            (2, 116): "© 2025 The Associated Press",
            (2, 120): "Des pêcheurs rentrent au port à l’aube.",
        },
    )


def upload(data: bytes, name="agence.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="image/jpeg")


def photo_form(image, **overrides) -> dict:
    data = {
        "image": image,
        "alt_text": "Des bateaux de pêche au port",
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
    return {key: value for key, value in data.items() if value is not None}


def form_of(response):
    return response.context["adminform"].form


def resubmit(client, response, **overrides):
    """Post the re-displayed form again, as the browser does (without the file)."""
    form = form_of(response)
    data = {name: form[name].value() for name in photo_form(None) if name != "image"}
    data = {key: "" if value is None else value for key, value in data.items()}
    data["metadata_checked"] = "1" if data["metadata_checked"] in (True, "1", "True") else ""
    data["upload_anyway"] = "on" if overrides.pop("upload_anyway", False) else ""
    data.update(overrides)
    return client.post(PHOTO_ADD, data)


# --- Credit lines -----------------------------------------------------------


def test_credit_line_follows_the_house_style_of_each_language():
    via = make_credit("Sputnik/Kremlin via REUTERS")
    staff = make_credit("Jane Doe/AP")
    assert via.line_for("fr") == f"Photo{NBSP}: Sputnik/Kremlin via REUTERS"
    assert staff.line_for("en") == "Photo: Jane Doe/AP"


def test_article_page_prints_the_credit_in_the_article_language_not_the_site_language(client):
    photo = make_photo(credit=make_credit("Jane Doe/AP"))
    english = make_article(language="en", lead_photo=photo)
    french = make_article(language="fr", lead_photo=photo)
    assert "Photo: Jane Doe/AP" in client.get(english.get_absolute_url()).content.decode()
    assert f"Photo{NBSP}: Jane Doe/AP" in client.get(french.get_absolute_url()).content.decode()


def test_a_credit_typed_with_the_agency_in_another_case_reuses_the_agency(editor_client):
    reuters = Agency.objects.create(name="Reuters", credit_name="REUTERS")
    response = editor_client.post(
        PHOTO_ADD, photo_form(upload(jpeg(scene())), new_credit="Sputnik/Kremlin via reuters")
    )
    assert response.status_code == 302
    credit = Photo.objects.get().credit
    assert credit.agency == reuters
    assert credit.line == "Sputnik/Kremlin via REUTERS"
    assert Agency.objects.count() == 1


def test_the_agency_list_refuses_the_same_agency_in_another_case(editor_client):
    Agency.objects.create(name="Reuters", credit_name="REUTERS")
    response = editor_client.post(
        reverse("admin:articles_agency_add"),
        {"name": "REUTERS", "credit_name": "", "licence_terms": ""},
    )
    assert response.status_code == 200
    assert Agency.objects.count() == 1


def test_the_credit_admin_form_builds_the_line_from_an_agency_chosen_in_the_list(editor_client):
    afp = Agency.objects.create(name="Agence France-Presse", credit_name="AFP")
    response = editor_client.post(
        reverse("admin:articles_photocredit_add"),
        {"source": "Ludovic  Marin", "agency": afp.pk},
    )
    assert response.status_code == 302
    assert PhotoCredit.objects.get().line == "Ludovic Marin/AFP"


# --- Metadata on upload -----------------------------------------------------


def test_upload_with_iptc_comes_back_pre_filled_and_saves_nothing_yet(editor_client):
    response = editor_client.post(PHOTO_ADD, photo_form(upload(agency_jpeg())))

    assert response.status_code == 200
    form = form_of(response)
    assert not form.errors
    notices = [(m.level_tag, str(m)) for m in get_messages(response.wsgi_request)]
    assert notices == [
        (
            "info",
            "Filled in from the picture’s own information (IPTC/XMP): the credit, the caption, "
            "the copyright notice. Check them, then save: nothing is saved yet.",
        )
    ]
    assert form["new_credit"].value() == "Jane Doe/AP"
    assert form["caption"].value() == "Des pêcheurs rentrent au port à l’aube."
    assert form["copyright_notice"].value() == "© 2025 The Associated Press"
    assert not Photo.objects.exists()


def test_confirming_the_pre_filled_form_saves_without_choosing_the_file_again(editor_client):
    first = editor_client.post(PHOTO_ADD, photo_form(upload(agency_jpeg())))

    response = resubmit(editor_client, first)

    assert response.status_code == 302
    photo = Photo.objects.get()
    assert photo.credit.line == "Jane Doe/AP"
    assert photo.caption == "Des pêcheurs rentrent au port à l’aube."
    assert photo.copyright_notice == "© 2025 The Associated Press"
    assert (photo.width, photo.height) == (320, 240)


def test_the_stored_and_served_files_carry_no_gps_exif_or_iptc(editor_client):
    first = editor_client.post(PHOTO_ADD, photo_form(upload(agency_jpeg())))
    resubmit(editor_client, first)
    photo = Photo.objects.get()

    from django.core.files.storage import default_storage

    for path in [photo.image.name, *photo.renditions.values()]:
        with default_storage.open(path, "rb") as file:
            data = file.read()
        assert b"SecretCam" not in data, path
        assert b"Photoshop 3.0" not in data, path
        assert b"Associated Press" not in data, path
        with Image.open(io.BytesIO(data)) as image:
            assert not image.getexif(), path


def test_an_editor_may_empty_a_pre_filled_field_before_saving(editor_client):
    first = editor_client.post(PHOTO_ADD, photo_form(upload(agency_jpeg())))

    resubmit(editor_client, first, caption="", new_credit="Jane Doe/AP")

    assert Photo.objects.get().caption == ""


def test_xmp_fills_the_credit_caption_and_copyright_too(editor_client):
    data = jpeg(
        scene(seed=5),
        xmp=xmp_packet(
            creator="Léa Roux",
            credit="AFP",
            rights="© AFP 2025",
            description="La digue sous les vagues",
        ),
    )
    response = editor_client.post(PHOTO_ADD, photo_form(upload(data)))
    form = form_of(response)
    assert form["new_credit"].value() == "Léa Roux/AFP"
    assert form["caption"].value() == "La digue sous les vagues"
    assert form["copyright_notice"].value() == "© AFP 2025"


def test_fields_the_editor_filled_are_not_replaced_by_the_metadata(editor_client):
    response = editor_client.post(
        PHOTO_ADD,
        photo_form(upload(agency_jpeg()), caption="Notre légende", new_credit="Jeanne Martin/AFP"),
    )
    form = form_of(response)
    assert form["caption"].value() == "Notre légende"
    assert form["new_credit"].value() == "Jeanne Martin/AFP"
    assert form["copyright_notice"].value() == "© 2025 The Associated Press"


def test_a_form_shown_again_for_a_missing_credit_keeps_the_chosen_file(editor_client):
    first = editor_client.post(PHOTO_ADD, photo_form(upload(jpeg(scene(seed=8)), "plage.jpg")))
    assert form_of(first).has_error("credit", "required")
    assert "“plage.jpg” is kept" in first.content.decode()

    response = resubmit(editor_client, first, new_credit="Jeanne Martin/AFP")

    assert response.status_code == 302
    assert Photo.objects.get().width == 320


def test_a_forged_pending_upload_token_gives_nothing(editor_client):
    data = photo_form(None, new_credit="Jeanne Martin/AFP", pending_upload="../x:abc")
    response = editor_client.post(PHOTO_ADD, data)
    assert form_of(response).has_error("image", "required")
    assert not Photo.objects.exists()


def test_importer_keeps_the_caption_and_copyright_of_the_picture():
    photo = make_photo(image=upload(agency_jpeg()), caption="", copyright_notice="")
    assert photo.caption == "Des pêcheurs rentrent au port à l’aube."
    assert photo.copyright_notice == "© 2025 The Associated Press"


# --- Duplicates -------------------------------------------------------------


def test_perceptual_hash_sees_a_resized_recompressed_copy_as_the_same_picture():
    original = scene(640, 480, seed=1)
    copy = Image.open(io.BytesIO(jpeg(original.resize((320, 240)), quality=40)))
    other = scene(640, 480, seed=2)
    assert len(perceptual_hash(original)) == 16
    assert distance(perceptual_hash(original), perceptual_hash(copy)) <= 6
    assert distance(perceptual_hash(original), perceptual_hash(other)) > 6


def test_a_byte_identical_upload_is_refused_with_a_link_to_the_existing_photo(editor_client):
    data = jpeg(scene(seed=1))
    existing = make_photo(image=upload(data), caption="Le port, lundi")

    response = editor_client.post(PHOTO_ADD, photo_form(upload(data), new_credit="X/AFP"))

    assert response.status_code == 200
    assert form_of(response).has_error("__all__", "duplicate_photo")
    content = response.content.decode()
    assert reverse("admin:articles_photo_change", args=[existing.pk]) in content
    assert "Le port, lundi" in content
    assert "Upload anyway as a new photo" in content
    assert Photo.objects.count() == 1


def test_a_resized_copy_of_an_existing_photo_is_refused_too(editor_client):
    existing = make_photo(image=upload(jpeg(scene(800, 600, seed=4))))
    copy = jpeg(scene(800, 600, seed=4).resize((400, 300)), quality=50)

    response = editor_client.post(PHOTO_ADD, photo_form(upload(copy), new_credit="X/AFP"))

    assert form_of(response).has_error("__all__", "duplicate_photo")
    assert reverse("admin:articles_photo_change", args=[existing.pk]) in response.content.decode()
    assert Photo.objects.count() == 1


def test_a_different_picture_is_not_taken_for_a_duplicate(editor_client):
    make_photo(image=upload(jpeg(scene(seed=4))))
    response = editor_client.post(
        PHOTO_ADD, photo_form(upload(jpeg(scene(seed=9))), new_credit="X/AFP")
    )
    assert response.status_code == 302
    assert Photo.objects.count() == 2


def test_upload_anyway_saves_the_duplicate_as_a_new_photo(editor_client):
    data = jpeg(scene(seed=1))
    make_photo(image=upload(data))
    first = editor_client.post(PHOTO_ADD, photo_form(upload(data), new_credit="X/AFP"))

    response = resubmit(editor_client, first, upload_anyway=True)

    assert response.status_code == 302
    assert Photo.objects.count() == 2


def test_in_the_article_popup_the_duplicate_can_be_chosen_instead(editor_client):
    data = jpeg(scene(seed=1))
    existing = make_photo(image=upload(data))
    response = editor_client.post(
        f"{PHOTO_ADD}?_to_field=id&_popup=1",
        {**photo_form(upload(data), new_credit="X/AFP"), "_popup": "1", "_to_field": "id"},
    )
    choose = reverse("admin:articles_photo_choose", args=[existing.pk])
    match = re.search(rf'href="({re.escape(choose)}[^"]*)"', response.content.decode())
    assert match and "_popup=1" in match.group(1)

    chosen = editor_client.get(match.group(1).replace("&amp;", "&"))

    assert "admin/popup_response.html" in [t.name for t in chosen.templates]
    assert json.loads(chosen.context["popup_response_data"])["value"] == str(existing.pk)


def test_generate_renditions_fills_missing_perceptual_hashes():
    photo = make_photo(image=upload(jpeg(scene(seed=6))))
    expected = photo.perceptual_hash
    Photo.objects.filter(pk=photo.pk).update(perceptual_hash="")
    call_command("generate_renditions", stdout=StringIO())
    assert Photo.objects.get(pk=photo.pk).perceptual_hash == expected != ""


# --- Reuse ledger -----------------------------------------------------------


def test_photo_page_lists_the_articles_that_use_it_with_links(editor_client):
    photo = make_photo()
    used = make_article(lead_photo=photo, headline="Les pêcheurs <b>inquiets</b>")
    make_article(headline="Un autre sujet")
    content = editor_client.get(reverse("admin:articles_photo_change", args=[photo.pk])).content
    content = content.decode()
    assert reverse("admin:articles_article_change", args=[used.pk]) in content
    assert "Les pêcheurs &lt;b&gt;inquiets&lt;/b&gt;" in content
    assert "Un autre sujet" not in content


# --- Rights -----------------------------------------------------------------


def expired_photo(**kwargs):
    kwargs.setdefault("caption", "Le stade vide")
    return make_photo(rights_end_date=timezone.localdate() - timedelta(days=1), **kwargs)


def test_publish_action_refuses_an_article_whose_photo_rights_ended(editor_client):
    article = make_article(status=Article.Status.DRAFT, lead_photo=expired_photo())
    response = editor_client.post(
        ARTICLES, {"action": "publish_now", "_selected_action": [article.pk]}, follow=True
    )
    # Reported either as messages or on a page listing every problem.
    texts = [str(m) for m in get_messages(response.wsgi_request)] + [response.content.decode()]
    assert any("“Le stade vide”" in text for text in texts)
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT


def test_article_form_refuses_publishing_with_a_photo_whose_rights_ended(editor_client):
    photo = expired_photo()
    article = make_article(status=Article.Status.DRAFT, lead_photo=photo, tags=["Sport"])
    change = reverse("admin:articles_article_change", args=[article.pk])
    form = editor_client.get(change).context["adminform"].form
    data = {}
    for name in form.fields:
        value = form[name].value()
        if isinstance(value, list | tuple):
            data[name] = [str(v) for v in value]
        elif name == "published_at":
            data["published_at_0"] = ""
            data["published_at_1"] = ""
        elif value is not None:
            data[name] = value
    data["tags"] = "Sport"
    data["status"] = Article.Status.PUBLISHED
    response = editor_client.post(change, data)
    assert response.status_code == 200
    assert "Le stade vide" in response.content.decode()
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT


def test_importer_refuses_to_publish_with_a_photo_whose_rights_ended(tmp_path):
    make_section("Société", slug="societe")
    expired_photo(image=upload((SAMPLES / "photo.png").read_bytes(), "photo.png"))
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_article", str(SAMPLES / "time.txt"), "--section", "societe", "--publish",
            "--image", str(SAMPLES / "photo.png"), stdout=out, stderr=err,
        )  # fmt: skip
    assert "“Le stade vide”" in out.getvalue() + err.getvalue()
    assert not Article.objects.published().exists()


def test_rights_expiring_page_lists_published_articles_whose_photo_rights_end_soon(editor_client):
    today = timezone.localdate()
    soon = make_article(
        headline="Finale sous la pluie",
        lead_photo=make_photo(rights_end_date=today + timedelta(10)),
    )
    ended = make_article(headline="Match d’hier", lead_photo=expired_photo())
    make_article(headline="Loin", lead_photo=make_photo(rights_end_date=today + timedelta(60)))
    make_article(headline="Sans date", lead_photo=make_photo())
    make_article(
        headline="Brouillon",
        status=Article.Status.DRAFT,
        lead_photo=make_photo(rights_end_date=today + timedelta(5)),
    )

    response = editor_client.get(RIGHTS_EXPIRING)

    assert [row["article"] for row in response.context["rows"]] == [ended, soon]
    content = response.content.decode()
    assert "Finale sous la pluie" in content and "Match d’hier" in content
    assert "Loin" not in content and "Brouillon" not in content
    assert reverse("admin:articles_article_change", args=[soon.pk]) in content


def test_photo_list_links_to_the_rights_page_and_filters_by_rights(editor_client):
    today = timezone.localdate()
    soon = make_photo(rights_end_date=today + timedelta(days=3))
    make_photo(rights_end_date=today + timedelta(days=90))
    make_photo()
    url = reverse("admin:articles_photo_changelist")
    response = editor_client.get(url, {"rights": "soon"})
    assert list(response.context["cl"].result_list) == [soon]
    assert RIGHTS_EXPIRING in response.content.decode()


def test_writers_without_photo_access_cannot_see_the_rights_page(client):
    from tests.factories import make_user

    client.force_login(make_user(is_staff=True))
    assert client.get(RIGHTS_EXPIRING).status_code == 403


# --- JSON-LD and social images ----------------------------------------------


def json_ld_article(html: str) -> dict:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return next(b for b in map(json.loads, blocks) if b.get("@type") == "NewsArticle")


def test_json_ld_images_carry_the_credit_and_the_copyright_notice(client):
    photo = make_photo(
        image=upload(jpeg(scene(1600, 900))),
        credit=make_credit("Sputnik/Kremlin via REUTERS"),
        copyright_notice="© Sputnik 2025",
    )
    article = make_article(lead_photo=photo)
    news = json_ld_article(client.get(article.get_absolute_url()).content.decode())
    images = news["image"]
    assert {image["creditText"] for image in images} == {"Sputnik/Kremlin via REUTERS"}
    assert {image["copyrightNotice"] for image in images} == {"© Sputnik 2025"}
    sizes = {(image["width"], image["height"]) for image in images}
    assert {(1200, 675), (900, 900)} <= sizes


def test_without_a_notice_the_copyright_names_the_agency(client):
    article = make_article(lead_photo=make_photo(credit=make_credit("Jane Doe/AP")))
    news = json_ld_article(client.get(article.get_absolute_url()).content.decode())
    assert news["image"][0]["copyrightNotice"] == "© AP"


def test_link_previews_use_the_16_9_crop(client):
    article = make_article(lead_photo=make_photo(image=upload(jpeg(scene(1000, 1000)))))
    html = client.get(article.get_absolute_url()).content.decode()
    assert '<meta property="og:image:height" content="562">' in html
    og = re.search(r'<meta property="og:image" content="([^"]+)">', html).group(1)
    twitter = re.search(r'<meta name="twitter:image" content="([^"]+)">', html).group(1)
    assert og == twitter and "16by9" in og


# --- Focal point ------------------------------------------------------------


def test_crop_box_keeps_a_focal_point_at_the_right_edge_in_view():
    assert crop_box(1000, 500, 1, 1, 1.0, 0.5) == (500, 0, 1000, 500)
    assert crop_box(1000, 500, 1, 1, 0.0, 0.5) == (0, 0, 500, 500)
    assert crop_box(1000, 500, 1, 1, 0.5, 0.5) == (250, 0, 750, 500)
    assert crop_box(1000, 1000, 16, 9, 0.5, 0.0) == (0, 0, 1000, 562)


def red_and_blue(width=1000, height=500) -> bytes:
    image = Image.new("RGB", (width, height), (220, 20, 20))
    image.paste((20, 20, 220), (width // 2, 0, width, height))
    return jpeg(image, quality=95)


def crop_colour(photo, key: str):
    from django.core.files.storage import default_storage

    with default_storage.open(photo.renditions[key], "rb") as file:
        image = Image.open(io.BytesIO(file.read())).convert("RGB")
    return image.resize((1, 1)).getpixel((0, 0))


def test_square_crop_of_a_photo_focused_on_the_right_shows_the_right_side():
    photo = make_photo(image=upload(red_and_blue()), focal_x=1.0, focal_y=0.5)
    red, _green, blue = crop_colour(photo, "1080x1080.jpg")
    assert blue > 180 and red < 60


def test_moving_the_focal_point_in_the_admin_remakes_the_crops(editor_client):
    photo = make_photo(image=upload(red_and_blue()))
    before = photo.renditions["1080x1080.jpg"]
    change = reverse("admin:articles_photo_change", args=[photo.pk])
    response = editor_client.post(
        change,
        {
            "alt_text": photo.alt_text,
            "caption": photo.caption,
            "credit": photo.credit_id,
            "new_credit": "",
            "copyright_notice": "",
            "rights_end_date": "",
            "focal_x": "0",
            "focal_y": "0.5",
        },
    )
    assert response.status_code == 302
    photo.refresh_from_db()
    assert photo.renditions["1080x1080.jpg"] != before
    red, _green, blue = crop_colour(photo, "1080x1080.jpg")
    assert red > 180 and blue < 60


def test_photo_change_form_offers_the_focal_picker_without_inline_script(editor_client):
    photo = make_photo()
    content = editor_client.get(reverse("admin:articles_photo_change", args=[photo.pk])).content
    content = content.decode()
    assert "data-focal-picker" in content
    assert "articles/admin/focal-point.js" in content
    assert 'name="focal_x"' in content and 'name="focal_y"' in content
    assert not re.search(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", content)
