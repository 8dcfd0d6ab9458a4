"""
Length and character limits are form errors (or a 404), never a server error,
on SQLite and PostgreSQL alike; one word is one tag whatever its Unicode form.
"""

from __future__ import annotations

import unicodedata

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from articles.models import Agency, Article, Author, PhotoCredit, Section, Tag
from tests.factories import make_article, make_credit
from tests.test_admin import ADD, article_data

pytestmark = pytest.mark.django_db

TAG_ADD = reverse("admin:articles_tag_add")
SECTION_ADD = reverse("admin:articles_section_add")
AUTHOR_ADD = reverse("admin:articles_author_add")


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


# --- Lengths ------------------------------------------------------------------


@pytest.mark.parametrize("length", [100, 101, 255, 1000])
def test_tag_longer_than_its_column_is_an_error_in_the_article_form(editor_client, length):
    response = editor_client.post(ADD, article_data(tags=f"Climat, {'t' * length}"))

    if length <= 100:
        assert response.status_code == 302
        assert Tag.objects.filter(name="t" * length).exists()
    else:
        assert response.status_code == 200
        assert "A tag has at most 100 characters" in response.content.decode()
        assert not Article.objects.exists()
        assert not Tag.objects.filter(name__startswith="ttt").exists()


def test_tag_longer_than_its_column_is_refused_by_every_write_path(db):
    article = make_article()
    with pytest.raises(ValidationError):
        article.tags.add("t" * 101)
    with pytest.raises(ValidationError):
        article.tags.set(["Climat", "t" * 101])
    assert not Tag.objects.filter(name__startswith="ttt").exists()


@pytest.mark.parametrize(
    ("url", "data", "field", "limit"),
    [
        (TAG_ADD, {"slug": "un-tag"}, "name", 100),
        (TAG_ADD, {"name": "Un tag"}, "slug", 100),
        (SECTION_ADD, {"slug": "rubrique", "position": 0}, "name", 100),
        (SECTION_ADD, {"name": "Rubrique", "position": 0}, "slug", 100),
        (AUTHOR_ADD, {"slug": "auteur"}, "name", 150),
        (AUTHOR_ADD, {"name": "Jeanne"}, "bio", 1000),
    ],
)
def test_every_admin_field_past_its_limit_is_a_form_error(editor_client, url, data, field, limit):
    response = editor_client.post(url, {**data, field: "a" * (limit + 1)})
    assert response.status_code == 200, (url, field)
    assert "at most" in response.content.decode()


@pytest.mark.parametrize("url", [TAG_ADD, SECTION_ADD, AUTHOR_ADD])
def test_nul_in_an_admin_form_is_a_form_error(editor_client, url):
    response = editor_client.post(url, {"name": "Nul\x00part", "slug": "nul", "position": 0})
    assert response.status_code == 200
    assert "Null characters are not allowed" in response.content.decode()


# --- One word, one spelling -----------------------------------------------------


def test_one_word_in_nfc_and_nfd_is_one_tag_and_one_tag_page(client, db):
    first = make_article(tags=["Égypte"])
    second = make_article(tags=[nfd("Égypte")])

    assert Tag.objects.count() == 1
    response = client.get(first.tags.get().get_absolute_url())
    page = response.content.decode()
    assert first.headline in page and second.headline in page


def test_article_form_finds_the_existing_tag_typed_in_nfd(editor_client):
    existing = make_article(tags=["Économie"]).tags.get()
    response = editor_client.post(ADD, article_data(tags=nfd("Économie")))

    assert response.status_code == 302
    assert list(Article.objects.order_by("-pk").first().tags.all()) == [existing]


def test_tag_admin_refuses_an_nfd_copy_of_an_existing_tag(editor_client):
    Tag.objects.create(name="Égypte", slug="egypte")
    response = editor_client.post(TAG_ADD, {"name": nfd("Égypte"), "slug": "egypte-bis"})

    assert response.status_code == 200
    assert "already exists" in response.content.decode()
    assert Tag.objects.count() == 1


def test_names_are_saved_in_nfc(db):
    author = Author.objects.create(name=nfd("Hélène Dupré"))
    section = Section.objects.create(name=nfd("Société"), slug="societe")

    assert author.name == "Hélène Dupré"
    assert Author.objects.get().name == "Hélène Dupré"
    assert Section.objects.get().name == "Société"
    assert section.name == "Société"


def test_a_credit_typed_in_nfd_is_the_existing_credit(db):
    first = make_credit("Jérôme Sessini/MAGNUM")
    again = PhotoCredit.from_text(nfd("Jérôme Sessini/MAGNUM"))
    assert again == first


def test_an_address_in_nfd_redirects_to_its_nfc_form(client, db):
    article = make_article(tags=["Ελλάδα"])
    Tag.objects.update(slug="ελλάδα")  # a slug in a script that keeps its letters
    slug = article.tags.get().slug
    assert slug != nfd(slug)
    response = client.get(nfd(f"/tag/{slug}/"))
    assert response.status_code == 301
    assert response["Location"] == Tag.objects.get().get_absolute_url()
    assert client.get(response["Location"]).status_code == 200


def test_agency_admin_refuses_an_nfd_copy_of_an_existing_agency(editor_client):
    Agency.objects.create(name="Agence Émergence")
    response = editor_client.post(
        reverse("admin:articles_agency_add"), {"name": nfd("Agence Émergence"), "credit_name": ""}
    )
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    assert Agency.objects.count() == 1


def test_author_admin_refuses_an_nfd_copy_of_an_existing_slug(editor_client):
    Author.objects.create(name="Élise", slug="élise")
    response = editor_client.post(AUTHOR_ADD, {"name": "Élise B.", "slug": nfd("élise"), "bio": ""})
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    assert Author.objects.count() == 1


# --- NUL and friends in posted forms ------------------------------------------------


def test_nul_posted_to_the_article_form_is_a_form_error_or_removed(editor_client):
    response = editor_client.post(
        ADD, article_data(headline="Un\x00titre", standfirst="Un\x00chapô", body="<p>x\x00y</p>")
    )
    assert response.status_code == 200
    assert "Null characters are not allowed" in response.content.decode()


def test_nul_posted_to_the_autosave_is_removed_not_a_server_error(editor_client, editor):
    from articles.models import ArticleAutosave

    article = make_article(headline="Titre")
    url = reverse("admin:articles_article_autosave", args=[article.pk])
    response = editor_client.post(url, {"headline": "En\x00cours\ufffe", "loaded_version": 1})

    assert response.status_code < 500
    saved = ArticleAutosave.objects.get(article=article, user=editor)
    assert "\x00" not in str(saved.data) and "\ufffe" not in str(saved.data)
