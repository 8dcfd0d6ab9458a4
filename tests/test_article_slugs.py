"""One slug for an article: the server makes it, old addresses keep leading where they led."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, PreviousSlug
from articles.text import slugify
from tests.factories import make_article
from tests.test_admin import ADD, article_data, change_url

pytestmark = pytest.mark.django_db

SLUG_URL = reverse("admin:articles_article_slug")

HEADLINES = (
    "Sommet Trump-Poutine : les Européens craignent d’être écartés",
    "L'œuvre d’Ærø, cœur de la Straße",
    "Путин и Зеленский",
    "Αθήνα: η Ακρόπολη",
    "🎉 La fête 🎉",
)


def address(article: Article, slug: str) -> str:
    local = timezone.localtime(article.published_at)
    return reverse(
        "articles:detail",
        kwargs={
            "section": article.section.slug,
            "year": f"{local.year:04d}",
            "month": f"{local.month:02d}",
            "day": f"{local.day:02d}",
            "slug": slug,
        },
    )


def renamed(headline: str, old: str, new: str) -> Article:
    article = make_article(headline=headline, slug=old)
    article.slug = new
    article.save()
    return article


# --- One slug ------------------------------------------------------------------------


@pytest.mark.parametrize("headline", HEADLINES)
def test_every_slug_is_ascii(headline):
    assert slugify(headline).isascii()


def test_greek_and_cyrillic_are_transliterated():
    assert slugify("Путин и Зеленский") == "putin-i-zelenskiy"
    assert slugify("Αθήνα: η Ακρόπολη") == "athina-i-akropoli"


@pytest.mark.parametrize("headline", HEADLINES)
def test_the_admin_fills_the_slug_the_server_saves(editor_client, headline):
    suggested = editor_client.get(SLUG_URL, {"headline": headline}).json()["slug"]

    editor_client.post(ADD, article_data(headline=headline, slug=""))

    assert Article.objects.get(headline=headline).slug == suggested


def test_the_add_form_no_longer_uses_djangos_urlify(editor_client):
    page = editor_client.get(ADD).text
    assert "#id_slug" not in page  # Django's prepopulated-fields settings
    assert "slug-from-headline.js" in page
    assert f'data-slug-url="{SLUG_URL}"' in page


def test_a_typed_slug_is_written_as_the_server_writes_slugs(editor_client):
    editor_client.post(ADD, article_data(slug="Été-à-Paris"))
    assert Article.objects.get().slug == "ete-a-paris"


# --- Old addresses keep leading where they led -------------------------------------------


def test_a_writer_cannot_take_an_old_address_of_an_editors_article(writer_client, writer):
    editors = renamed("Premier titre", "premier-titre", "nouveau-titre")
    own = make_article(status=Article.Status.DRAFT, created_by=writer, headline="Mon brouillon")

    response = writer_client.post(change_url(own), article_data(own, slug="premier-titre"))

    assert response.status_code == 200
    assert "still leads to it" in str(response.context["adminform"].form.errors["slug"])
    assert Article.objects.get(pk=own.pk).slug != "premier-titre"
    assert PreviousSlug.objects.get(slug="premier-titre").article == editors


def test_no_save_takes_another_articles_old_address():
    renamed("Premier titre", "premier-titre", "nouveau-titre")
    other = make_article(headline="Un autre")
    other.slug = "premier-titre"
    with pytest.raises(ValidationError):
        other.save()


def test_renaming_an_article_never_re_points_another_articles_old_address(writer_client, writer):
    editors = renamed("Premier titre", "premier-titre", "nouveau-titre")
    own = make_article(status=Article.Status.DRAFT, created_by=writer, headline="Mon brouillon")
    # An article that already holds the old address (made before this rule).
    Article.objects.filter(pk=own.pk).update(slug="premier-titre")
    own.refresh_from_db()

    writer_client.post(change_url(own), article_data(own, slug="mon-brouillon"))

    assert Article.objects.get(pk=own.pk).slug == "mon-brouillon"
    assert PreviousSlug.objects.get(slug="premier-titre").article == editors


def test_the_old_address_still_redirects_to_its_article(client):
    editors = renamed("Premier titre", "premier-titre", "nouveau-titre")
    response = client.get(address(editors, "premier-titre"))
    assert response.status_code == 301
    assert response["Location"] == editors.get_absolute_url()


def test_an_article_can_go_back_to_its_own_old_slug(client):
    article = renamed("Premier titre", "premier-titre", "nouveau-titre")
    article.slug = "premier-titre"
    article.save()
    assert client.get(address(article, "premier-titre")).status_code == 200
    assert client.get(address(article, "nouveau-titre"))["Location"] == address(
        article, "premier-titre"
    )
