"""
The picture's own IPTC/XMP credit and caption are good news: a notice (not an
error) above the form, the fields filled, the library's credit chosen when it
is the same one, in the photo library and in the article's "+" popup alike.
"""

from __future__ import annotations

import pytest
from django.contrib.admin.options import IS_POPUP_VAR
from django.contrib.messages import get_messages

from articles.models import Agency, Photo, PhotoCredit
from tests.factories import make_photo
from tests.test_photo_rights import (
    PHOTO_ADD,
    agency_jpeg,
    form_of,
    jpeg,
    photo_form,
    resubmit,
    scene,
    upload,
    xmp_packet,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english_admin(settings):
    settings.LANGUAGE_CODE = "en"


def notices(response):
    return [(m.level_tag, str(m)) for m in get_messages(response.wsgi_request)]


def test_the_prefill_is_a_notice_not_an_error_and_saves_nothing(editor_client):
    response = editor_client.post(PHOTO_ADD, photo_form(upload(agency_jpeg())))

    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="errornote"' not in html
    assert "errorlist" not in html
    assert '<li class="info">Filled in from the picture’s own information' in html
    assert not Photo.objects.exists()


def test_the_matching_library_credit_is_chosen_whatever_its_case_and_spacing(editor_client):
    existing = PhotoCredit.from_text("jane  DOE/ap")
    response = editor_client.post(PHOTO_ADD, photo_form(upload(agency_jpeg())))

    form = form_of(response)
    assert str(form["credit"].value()) == str(existing.pk)
    assert form["new_credit"].value() == ""
    # The autocomplete select shows the chosen credit.
    assert f'<option value="{existing.pk}" selected>' in response.content.decode()
    assert "is already in the library: it is chosen in the list" in notices(response)[0][1]

    saved = resubmit(editor_client, response)

    assert saved.status_code == 302
    assert Photo.objects.get().credit == existing
    assert PhotoCredit.objects.count() == 1


def test_a_credit_written_in_another_unicode_form_or_with_spaces_around_the_slash_matches():
    existing = PhotoCredit.from_text("Léa Roux/AFP")
    decomposed = "Le\u0301a  roux / afp"
    assert PhotoCredit.matching(decomposed) == existing
    Agency.objects.create(name="Associated Press", credit_name="AP")
    ap = PhotoCredit.from_text("Jane Doe/AP")
    assert PhotoCredit.matching("Jane Doe / Associated Press") == ap
    assert PhotoCredit.matching("Jane Doe/Reuters") is None
    assert PhotoCredit.objects.count() == 2


def test_without_a_matching_credit_the_new_credit_is_typed_in(editor_client):
    PhotoCredit.from_text("Jane Roe/AP")
    response = editor_client.post(PHOTO_ADD, photo_form(upload(agency_jpeg())))
    form = form_of(response)
    assert not form["credit"].value()
    assert form["new_credit"].value() == "Jane Doe/AP"


def test_the_popup_of_the_article_form_shows_the_same_notice(editor_client):
    response = editor_client.post(
        f"{PHOTO_ADD}?{IS_POPUP_VAR}=1", {**photo_form(upload(agency_jpeg())), IS_POPUP_VAR: "1"}
    )
    assert response.status_code == 200
    assert notices(response)[0][0] == "info"
    assert '<li class="info">Filled in from the picture’s own information' in response.text
    assert "errornote" not in response.text
    assert not Photo.objects.exists()


def test_the_prefill_is_french_in_the_french_admin(editor_client, settings):
    settings.LANGUAGE_CODE = "fr"
    PhotoCredit.from_text("Jane Doe/AP")
    response = editor_client.post(
        PHOTO_ADD, photo_form(upload(agency_jpeg())), HTTP_ACCEPT_LANGUAGE="fr"
    )
    text = notices(response)[0][1]
    assert text.startswith("Rempli d’après les informations de la photo (IPTC/XMP)")
    assert "le crédit, la légende, la mention de copyright" in text
    assert "déjà dans la photothèque" in text


def test_a_duplicate_under_another_credit_is_still_refused_before_any_prefill(editor_client):
    data = jpeg(scene(seed=4), xmp=xmp_packet("Léa Roux", "AFP", "© AFP", "La digue"))
    make_photo(image=upload(data), credit=PhotoCredit.from_text("Studio X/REUTERS"))

    response = editor_client.post(PHOTO_ADD, photo_form(upload(data), new_credit="Léa Roux/AFP"))

    assert form_of(response).has_error("__all__", "duplicate_photo")
    assert Photo.objects.count() == 1
