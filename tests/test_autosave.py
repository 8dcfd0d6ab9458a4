"""Autosave of the article form: a copy per user, no version, restored or discarded."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils import timezone

from articles.history import versions_of
from articles.models import Article, ArticleAutosave
from tests.factories import make_article, make_writer

pytestmark = pytest.mark.django_db


def autosave_url(article):
    return reverse("admin:articles_article_autosave", args=[article.pk])


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def typed(article, **changes) -> dict:
    data = {
        "headline": article.headline,
        "slug": article.slug,
        "standfirst": article.standfirst,
        "body": article.body,
        "section": article.section_id,
        "tags": "Climat",
        "language": "fr",
        "status": article.status,
        "published_at_0": "",
        "published_at_1": "",
        "loaded_version": article.version,
    }
    data.update(changes)
    return data


def test_autosave_keeps_a_copy_without_a_version_or_a_save(editor_client, editor):
    article = make_article(status=Article.Status.DRAFT)
    versions, version = versions_of(article).count(), article.version
    response = editor_client.post(autosave_url(article), typed(article, headline="Titre en cours"))
    assert response.status_code == 200
    article.refresh_from_db()
    assert article.headline != "Titre en cours"
    assert article.version == version
    assert versions_of(article).count() == versions
    saved = ArticleAutosave.objects.get(article=article, user=editor)
    assert saved.data["headline"] == ["Titre en cours"]


def test_a_second_autosave_replaces_the_first(editor_client):
    article = make_article(status=Article.Status.DRAFT)
    editor_client.post(autosave_url(article), typed(article, headline="Un"))
    editor_client.post(autosave_url(article), typed(article, headline="Deux"))
    assert ArticleAutosave.objects.get().data["headline"] == ["Deux"]


def test_writer_cannot_autosave_someone_elses_article(writer_client):
    article = make_article(status=Article.Status.DRAFT, created_by=make_writer())
    assert writer_client.post(autosave_url(article), typed(article)).status_code == 403
    assert not ArticleAutosave.objects.exists()


def test_writer_autosaves_their_own_article(writer_client, writer):
    article = make_article(status=Article.Status.DRAFT, created_by=writer)
    assert writer_client.post(autosave_url(article), typed(article)).status_code == 200


def test_autosave_refuses_get(editor_client):
    article = make_article(status=Article.Status.DRAFT)
    assert editor_client.get(autosave_url(article)).status_code == 405


def test_reopening_the_form_offers_a_newer_autosave(editor_client):
    article = make_article(status=Article.Status.DRAFT)
    editor_client.post(autosave_url(article), typed(article, headline="Titre perdu"))
    html = editor_client.get(change_url(article)).content.decode()
    assert "An unsaved draft from" in html
    assert "?restore_autosave=1" in html


def test_an_autosave_older_than_the_article_is_not_offered(editor_client, editor):
    article = make_article(status=Article.Status.DRAFT)
    ArticleAutosave.objects.create(
        article=article, user=editor, data={"headline": ["Vieux"]},
        saved_at=timezone.now() - timedelta(days=1),
    )  # fmt: skip
    assert "An unsaved draft from" not in editor_client.get(change_url(article)).content.decode()


def test_restore_fills_the_form_with_the_autosaved_values(editor_client):
    article = make_article(status=Article.Status.DRAFT)
    editor_client.post(
        autosave_url(article),
        typed(article, headline="Titre retrouvé", standfirst="Chapô retrouvé"),
    )
    response = editor_client.get(change_url(article) + "?restore_autosave=1")
    form = response.context["adminform"].form
    assert form["headline"].value() == "Titre retrouvé"
    assert form["standfirst"].value() == "Chapô retrouvé"
    article.refresh_from_db()
    assert article.headline != "Titre retrouvé"


def test_discard_deletes_the_autosave(editor_client):
    article = make_article(status=Article.Status.DRAFT)
    editor_client.post(autosave_url(article), typed(article, headline="À jeter"))
    url = reverse("admin:articles_article_discard_autosave", args=[article.pk])
    assert editor_client.post(url).status_code == 302
    assert not ArticleAutosave.objects.exists()


def test_a_normal_save_deletes_the_autosave(editor_client):
    article = make_article(status=Article.Status.DRAFT)
    editor_client.post(autosave_url(article), typed(article, headline="Brouillon"))
    assert (
        editor_client.post(change_url(article), typed(article, headline="Enregistré")).status_code
        == 302
    )
    assert not ArticleAutosave.objects.exists()


def test_the_form_loads_the_autosave_script_from_a_file(editor_client):
    article = make_article(status=Article.Status.DRAFT)
    html = editor_client.get(change_url(article)).content.decode()
    assert "articles/admin/autosave.js" in html
    assert f'data-autosave-url="{autosave_url(article)}"' in html
    assert finders.find("articles/admin/autosave.js")
