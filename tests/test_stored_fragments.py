"""
Stored pieces of public pages (articles.cache.fragments): a page cache miss
reuses them, and readers never see one that is out of date.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from unittest import mock

import pytest
from django.db import OperationalError
from django.utils import timezone

from articles.cache import fragments
from articles.models import Article, StoredFragment
from tests.conftest import forget_pages
from tests.factories import make_article, make_author, make_editor, make_photo, make_section

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock(monkeypatch):
    class Clock:
        now = datetime.now(UTC).replace(microsecond=0)

    fake = Clock()
    monkeypatch.setattr(timezone, "now", lambda: fake.now)
    return fake


@pytest.fixture
def article(db):
    return make_article(
        section=make_section("Monde", slug="monde"),
        headline="La criée de Lorient bat un record",
        standfirst="Onze tonnes de sardines en une matinée.",
        authors=[make_author("Léa Marchand", slug="lea-marchand")],
        lead_photo=make_photo(caption="Les casiers sur le quai"),
        tags=["Pêche"],
        published_at=timezone.now() - timedelta(hours=2),
    )


PAGES = ("/", "/monde/", "/tag/peche/", "/auteur/lea-marchand/", "/flux/")


def test_a_miss_reuses_the_pieces_stored_by_the_first_reader(client, article):
    first = {url: client.get(url).content for url in (*PAGES, article.get_absolute_url())}
    stored = set(StoredFragment.objects.values_list("key", flat=True))
    forget_pages()

    again = {url: client.get(url).content for url in first}

    assert any(key.startswith("card:") for key in stored)
    assert any(key.startswith("article-main:") for key in stored)
    assert any(key.startswith("feed-") for key in stored)
    assert again == first


def test_an_edit_rebuilds_every_piece_that_shows_the_article(client, article):
    urls = (*PAGES, article.get_absolute_url())
    for url in urls:
        client.get(url)

    article.headline = "La criée de Lorient bat son record de 1998"
    article.save()
    article.lead_photo.caption = "Les casiers bleus sur le quai"
    article.lead_photo.save()
    forget_pages()  # only the stored pieces are left to be stale

    for url in urls:
        html = client.get(url).content.decode()
        assert "bat son record de 1998" in html, url
    assert "Les casiers bleus" in client.get(article.get_absolute_url()).content.decode()


def test_pieces_rendered_by_other_code_or_settings_are_not_reused(client, article, settings):
    client.get(article.get_absolute_url())
    settings.MEDIA_URL = "https://images.example.test/media/"
    forget_pages()

    html = client.get(article.get_absolute_url()).content.decode()

    assert "https://images.example.test/media/" in html


def test_a_correction_dated_later_appears_at_its_time_without_a_save(client, article, clock):
    article.notes.create(
        text="Il s’agissait de onze tonnes.", published_at=clock.now + timedelta(hours=1)
    )
    assert "onze tonnes." not in client.get(article.get_absolute_url()).content.decode()

    clock.now += timedelta(hours=2)
    forget_pages()

    html = client.get(article.get_absolute_url()).content.decode()
    assert "onze tonnes." in html.split("</head>")[1]  # the text
    assert "onze tonnes." in html.split("</head>")[0]  # its JSON-LD


def test_a_piece_that_cannot_be_stored_still_serves_the_page(client, article):
    with mock.patch.object(
        StoredFragment.objects, "bulk_create", side_effect=OperationalError("database is locked")
    ):
        response = client.get(article.get_absolute_url())

    assert response.status_code == 200
    assert "La criée de Lorient" in response.content.decode()
    assert not StoredFragment.objects.exists()


def test_editors_pages_are_built_from_the_database_as_it_is(client, article):
    client.get("/monde/")  # stores the cards
    Article.objects.filter(pk=article.pk).update(headline="Titre corrigé sans signal")
    client.force_login(make_editor())

    html = client.get("/monde/").content.decode()

    assert "Titre corrigé sans signal" in html


def test_forgetting_the_pieces_only_costs_a_rebuild(client, article):
    before = client.get(article.get_absolute_url()).content
    fragments.forget()
    forget_pages()

    assert client.get(article.get_absolute_url()).content == before


def test_backups_leave_the_stored_pieces_out(client, article, tmp_path):
    from articles.backup import dump_database

    client.get(article.get_absolute_url())
    assert StoredFragment.objects.exists()

    objects = dump_database(tmp_path)

    assert {"articles.article"} <= {item["model"] for item in objects}
    assert not [item for item in objects if item["model"] == "articles.storedfragment"]


def test_an_article_deleted_for_good_takes_its_stored_pieces_with_it(client, article):
    client.get(article.get_absolute_url())
    client.get("/monde/")
    assert StoredFragment.objects.filter(article_id=article.pk).exists()

    Article.objects.get(pk=article.pk).delete()

    assert not StoredFragment.objects.filter(article_id=article.pk).exists()
