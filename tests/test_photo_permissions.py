"""
Photos, credits, agencies and tags belong to the articles that use them: a
writer changes only what nothing but their own unpublished work uses; an
editor changes everything (issue 12, permissions).
"""

from __future__ import annotations

import io

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image, ImageDraw

from articles.models import Agency, Article, Photo, PhotoCredit, Tag
from tests.factories import make_article, make_credit, make_photo


def picture(seed: int) -> SimpleUploadedFile:
    image = Image.new("RGB", (600, 400), (40 * seed % 255, 120, 60))
    draw = ImageDraw.Draw(image)
    for n in range(5):
        draw.ellipse([n * 90 + seed * 7, 50 + n * 30, n * 90 + 120, 200 + n * 30], fill="white")
    buffer = io.BytesIO()
    image.save(buffer, "JPEG")
    return SimpleUploadedFile(f"p{seed}.jpg", buffer.getvalue(), content_type="image/jpeg")


def change_url(obj) -> str:
    return reverse(f"admin:articles_{obj._meta.model_name}_change", args=[obj.pk])


def photo_post(photo: Photo, **overrides) -> dict:
    data = {
        "alt_text": photo.alt_text,
        "caption": photo.caption,
        "credit": str(photo.credit_id),
        "new_credit": "",
        "copyright_notice": "",
        "rights_end_date": "",
        "focal_x": "0.5",
        "focal_y": "0.5",
    }
    data.update(overrides)
    return data


def grant(user, *codenames: str) -> None:
    """Rights a site might give writers: ownership must still hold."""
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))


@pytest.fixture
def editors_published_photo(editor):
    photo = make_photo(image=picture(1), caption="Le conseil municipal, lundi")
    article = make_article(lead_photo=photo, created_by=editor)
    return photo, article


# --- Photos -------------------------------------------------------------------


def test_a_writer_cannot_replace_the_image_of_an_editors_published_photo(
    writer_client, editors_published_photo, client
):
    photo, article = editors_published_photo
    before = client.get(article.get_absolute_url()).content.decode()
    old_image, old_renditions = photo.image.name, dict(photo.renditions)

    response = writer_client.post(
        change_url(photo), photo_post(photo, image=picture(2), new_credit="Faux Nom/AFP")
    )

    assert response.status_code == 403
    photo.refresh_from_db()
    assert photo.image.name == old_image
    assert photo.renditions == old_renditions
    assert photo.credit_line == "Jeanne Martin/AFP"
    writer_client.logout()
    assert client.get(article.get_absolute_url()).content.decode() == before


def test_a_writer_sees_an_editors_published_photo_read_only(writer_client, editors_published_photo):
    photo, _article = editors_published_photo
    response = writer_client.get(change_url(photo))
    assert response.status_code == 200
    assert 'type="file"' not in response.content.decode()
    assert not response.context["has_change_permission"]


def test_a_writer_cannot_change_the_caption_of_a_photo_another_writer_uses(writer_client, writer):
    from tests.factories import make_writer

    colleague = make_writer(username="collegue")
    photo = make_photo(image=picture(3))
    make_article(lead_photo=photo, created_by=colleague, status=Article.Status.DRAFT)

    response = writer_client.post(change_url(photo), photo_post(photo, caption="Autre légende"))

    assert response.status_code == 403
    photo.refresh_from_db()
    assert photo.caption != "Autre légende"


def test_a_writer_can_edit_and_replace_the_photo_of_their_own_draft(writer_client, writer):
    photo = make_photo(image=picture(4))
    make_article(lead_photo=photo, created_by=writer, status=Article.Status.DRAFT)
    old_image = photo.image.name

    response = writer_client.post(
        change_url(photo), photo_post(photo, caption="Ma légende", image=picture(5))
    )

    assert response.status_code == 302
    photo.refresh_from_db()
    assert photo.caption == "Ma légende"
    assert photo.image.name != old_image
    assert photo.renditions


def test_a_writer_can_edit_a_photo_they_uploaded_that_nothing_uses_yet(writer_client, writer):
    photo = make_photo(image=picture(6), uploaded_by=writer)
    response = writer_client.post(change_url(photo), photo_post(photo, alt_text="Un quai"))
    assert response.status_code == 302
    photo.refresh_from_db()
    assert photo.alt_text == "Un quai"


def test_once_the_article_is_published_its_photo_is_the_editors_to_change(writer_client, writer):
    photo = make_photo(image=picture(7))
    make_article(lead_photo=photo, created_by=writer)  # published
    response = writer_client.post(change_url(photo), photo_post(photo, alt_text="Changé"))
    assert response.status_code == 403


def test_an_editor_changes_any_photo(editor_client, editors_published_photo):
    photo, _article = editors_published_photo
    response = editor_client.post(change_url(photo), photo_post(photo, alt_text="Revu"))
    assert response.status_code == 302
    photo.refresh_from_db()
    assert photo.alt_text == "Revu"


def test_a_writer_given_delete_rights_still_cannot_delete_others_photos(
    writer_client, writer, editors_published_photo
):
    grant(writer, "delete_photo")
    photo, _article = editors_published_photo

    single = writer_client.post(
        reverse("admin:articles_photo_delete", args=[photo.pk]), {"post": "yes"}
    )
    bulk = writer_client.post(
        reverse("admin:articles_photo_changelist"),
        {"action": "delete_selected", "_selected_action": [photo.pk], "post": "yes"},
    )

    assert single.status_code == 403
    assert bulk.status_code in (302, 403)
    assert Photo.objects.filter(pk=photo.pk).exists()


# --- Credits, agencies, tags --------------------------------------------------


def test_a_writer_cannot_rename_a_credit_used_by_an_editors_article(
    writer_client, writer, editors_published_photo
):
    grant(writer, "change_photocredit")
    photo, _article = editors_published_photo
    credit = photo.credit

    response = writer_client.post(
        change_url(credit), {"source": "Faux Nom", "agency": str(credit.agency_id), "via": ""}
    )

    assert response.status_code == 403
    credit.refresh_from_db()
    assert credit.line == "Jeanne Martin/AFP"


def test_a_writer_cannot_rename_an_agency_used_by_an_editors_article(
    writer_client, writer, editors_published_photo
):
    grant(writer, "change_agency")
    agency = editors_published_photo[0].credit.agency

    response = writer_client.post(
        change_url(agency), {"name": "Agence inventée", "credit_name": "XX"}
    )

    assert response.status_code == 403
    assert Agency.objects.get(pk=agency.pk).name == "AFP"


def test_a_writer_cannot_rename_a_tag_used_by_others_articles(writer_client, writer, editor):
    grant(writer, "change_tag")
    article = make_article(created_by=editor, tags=["Municipales"])
    tag = article.tags.get()

    response = writer_client.post(change_url(tag), {"name": "Canular", "slug": "canular"})

    assert response.status_code == 403
    assert Tag.objects.get(pk=tag.pk).name == "Municipales"


def test_a_writer_may_fix_a_credit_only_their_own_draft_uses(writer_client, writer):
    grant(writer, "change_photocredit")
    credit = make_credit("Jean Dupond/AFP")
    photo = make_photo(image=picture(8), credit=credit)
    make_article(lead_photo=photo, created_by=writer, status=Article.Status.DRAFT)

    response = writer_client.post(
        change_url(credit), {"source": "Jean Dupont", "agency": str(credit.agency_id), "via": ""}
    )

    assert response.status_code == 302
    assert PhotoCredit.objects.get(pk=credit.pk).line == "Jean Dupont/AFP"


def test_an_editor_renames_any_tag(editor_client, writer):
    article = make_article(created_by=writer, tags=["Municipales"])
    tag = article.tags.get()
    response = editor_client.post(change_url(tag), {"name": "Élections municipales", "slug": "em"})
    assert response.status_code == 302
    assert Tag.objects.get(pk=tag.pk).name == "Élections municipales"


def test_the_intake_itself_refuses_a_writer_replacing_an_editors_published_photo(
    writer, editors_published_photo
):
    from django.core.exceptions import PermissionDenied

    from articles.photos.intake import take_in

    photo, _article = editors_published_photo
    old_image = photo.image.name

    with pytest.raises(PermissionDenied):
        take_in(picture(9), credit="Faux Nom/AFP", user=writer, photo=photo)

    photo.refresh_from_db()
    assert photo.image.name == old_image
    assert photo.credit_line == "Jeanne Martin/AFP"
