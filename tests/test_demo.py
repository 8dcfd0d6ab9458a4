"""The demo content loaded by ``make run``."""

from __future__ import annotations

import io
from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from articles import publishing
from articles.demo import content as demo
from articles.models import Agency, Article, ArticleNote, Author, Photo, PhotoCredit, Section, Tag
from articles.roles import EDITOR, WRITER

pytestmark = pytest.mark.django_db

MODELS = (Article, ArticleNote, Section, Author, Photo, PhotoCredit, Agency, Tag)


@pytest.fixture(autouse=True)
def small_photos(monkeypatch):
    """Small pictures keep the suite fast; one test checks the real size."""
    monkeypatch.setattr(demo, "PHOTO_SIZE", (160, 90))


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS} | {
        "User": get_user_model().objects.count()
    }


def test_running_it_twice_creates_nothing_the_second_time():
    demo.load_demo(accounts=True)
    first = counts()
    report = demo.load_demo(accounts=True)
    assert counts() == first
    assert report.created == {}


def test_at_least_eight_articles_in_at_least_three_sections():
    demo.load_demo()
    assert Article.objects.count() >= 8
    assert Section.objects.filter(articles__isnull=False).distinct().count() >= 3


def test_one_sub_section_holds_articles():
    demo.load_demo()
    assert Article.objects.filter(section__parent__isnull=False).exists()


def test_every_article_has_a_credited_described_photo_and_three_to_six_tags():
    demo.load_demo()
    for article in Article.objects.select_related("lead_photo__credit"):
        photo = article.lead_photo
        assert photo is not None, article
        assert photo.caption and photo.alt_text and str(photo.credit)
        assert 3 <= article.tags.count() <= 6, article


def test_credits_are_varied_and_reuse_agencies():
    demo.load_demo()
    lines = {str(credit) for credit in PhotoCredit.objects.all()}
    assert {"Jeanne Martin/AFP", "Studio X via REUTERS"} <= lines
    assert Photo.objects.filter(credit__agency__name__iexact="REUTERS").count() >= 2


def test_bodies_have_paragraphs_and_sub_headings():
    demo.load_demo()
    for article in Article.objects.all():
        assert article.body.count("<p>") >= 2, article
        assert "<h2>" in article.body, article


def test_one_article_is_in_english_and_the_rest_in_french():
    demo.load_demo()
    languages = Counter(Article.objects.values_list("language", flat=True))
    assert languages["en"] == 1
    assert languages["fr"] >= 7


def test_one_draft_and_one_scheduled_article_readers_cannot_see():
    demo.load_demo()
    assert Article.objects.filter(status=Article.Status.DRAFT).count() == 1
    scheduled = list(Article.objects.scheduled())
    assert len(scheduled) == 1
    assert scheduled[0].published_at > timezone.now() + timezone.timedelta(days=1)
    assert Article.objects.published().count() == Article.objects.count() - 2


def test_published_demo_articles_pass_the_publication_rules():
    demo.load_demo()
    for article in Article.objects.all():
        assert publishing.publication_problems(article) == [], article


def test_authors_have_bios():
    demo.load_demo()
    assert Author.objects.count() >= 3
    assert not Author.objects.filter(bio="").exists()


def test_photos_are_real_jpegs_of_the_configured_size(monkeypatch):
    monkeypatch.setattr(demo, "PHOTO_SIZE", (1600, 900))
    photo = demo.make_demo_photo(demo.ARTICLES[0])
    with photo.image.open("rb") as file, Image.open(io.BytesIO(file.read())) as image:
        assert image.format == "JPEG"
        assert image.size == (1600, 900)
    assert (photo.width, photo.height) == (1600, 900)


def test_demo_article_pages_are_served(client):
    demo.load_demo()
    article = Article.objects.published().first()
    assert client.get(article.get_absolute_url()).status_code == 200


def test_a_demo_correction_is_shown_on_the_corrections_page(client):
    demo.load_demo()
    note = ArticleNote.objects.get()
    assert note.kind == ArticleNote.Kind.CORRECTION
    assert note.published_at <= timezone.now()
    html = client.get(reverse("articles:corrections")).content.decode()
    assert note.article.get_absolute_url() in html
    assert note.text.split(".")[0] in html


# --- Accounts -------------------------------------------------------------------


def admin_login(client, username: str, password: str) -> bool:
    """Log in through the admin's login page, as a person would."""
    response = client.post(
        reverse("admin:login"), {"username": username, "password": password, "next": "/admin/"}
    )
    return response.status_code == 302 and response.url == "/admin/"


def test_debug_creates_an_editor_login_with_the_printed_password(settings, client):
    settings.DEBUG = True
    report = demo.load_demo()
    assert admin_login(client, demo.EDITOR_USERNAME, demo.DEMO_PASSWORD)
    user = get_user_model().objects.get(username=demo.EDITOR_USERNAME)
    assert user.is_staff and not user.is_superuser
    assert user.groups.filter(name=EDITOR).exists()
    assert (demo.EDITOR_USERNAME, demo.DEMO_PASSWORD, "Editor") in report.accounts


def test_debug_creates_a_writer_who_owns_the_demo_draft(settings, client):
    settings.DEBUG = True
    demo.load_demo()
    writer = get_user_model().objects.get(username=demo.WRITER_USERNAME)
    assert writer.groups.filter(name=WRITER).exists()
    draft = Article.objects.get(status=Article.Status.DRAFT)
    client.force_login(writer)
    response = client.get(reverse("admin:articles_article_change", args=[draft.pk]))
    assert response.context["has_change_permission"] is True


def test_password_is_reset_on_every_run(settings, client):
    settings.DEBUG = True
    demo.load_demo()
    user = get_user_model().objects.get(username=demo.EDITOR_USERNAME)
    user.set_password("something-else-entirely")
    user.save()
    demo.load_demo()
    assert admin_login(client, demo.EDITOR_USERNAME, demo.DEMO_PASSWORD)


def test_without_debug_no_account_is_created(settings):
    settings.DEBUG = False
    report = demo.load_demo()
    assert not get_user_model().objects.exists()
    assert report.accounts_skipped
    assert Article.objects.count() >= 8


# --- Command ----------------------------------------------------------------------


def test_command_prints_the_admin_url_and_login(settings):
    settings.DEBUG = True
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    output = out.getvalue()
    assert f"{settings.NEWSROOM_BASE_URL}/admin/" in output
    assert demo.EDITOR_USERNAME in output
    assert demo.DEMO_PASSWORD in output


def test_command_without_debug_says_no_account_was_made(settings):
    settings.DEBUG = False
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert demo.DEMO_PASSWORD not in out.getvalue()
    assert "createsuperuser" in out.getvalue()
    assert not get_user_model().objects.exists()
