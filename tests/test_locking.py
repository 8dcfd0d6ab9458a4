"""No lost updates: a stale copy of an article can never overwrite a newer save."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.db.models import F
from django.test import Client
from django.test.utils import CaptureQueriesContext

from articles import publishing
from articles.admin.articles import ArticleAdmin
from articles.models import Article, EditConflict
from tests.factories import make_article, make_editor
from tests.test_admin import article_data, change_url

pytestmark = pytest.mark.django_db


def loaded_version(response) -> str:
    """The hidden version field as the browser received it."""
    match = re.search(r'<input type="hidden" name="loaded_version" value="(\d+)"', response.text)
    assert match, "the change form carries no loaded_version"
    return match.group(1)


def editor_session(username: str) -> Client:
    client = Client()
    client.force_login(make_editor(username=username, first_name=username.title()))
    return client


# --- The model ----------------------------------------------------------------


def test_every_save_increments_the_version():
    article = make_article(status=Article.Status.DRAFT)
    assert article.version == 1
    article.headline = "Deuxième titre"
    article.save()
    publishing.unpublish(article, None)
    assert Article.objects.get(pk=article.pk).version == article.version == 3


def test_a_stale_copy_cannot_overwrite_a_newer_save():
    article = make_article(headline="Titre d’origine")
    first, second = Article.objects.get(pk=article.pk), Article.objects.get(pk=article.pk)
    first.headline = "Titre de la première"
    first.save()
    second.headline = "Titre de la seconde"
    with pytest.raises(EditConflict):
        second.save()
    assert Article.objects.get(pk=article.pk).headline == "Titre de la première"


def test_the_check_and_the_increment_are_one_update():
    article = make_article()
    article.headline = "Mon titre"
    with CaptureQueriesContext(connection) as queries:
        article.save()
    updates = [q["sql"] for q in queries if q["sql"].startswith('UPDATE "articles_article"')]
    assert len(updates) == 1
    set_part, where_part = updates[0].split(" WHERE ")
    assert '"version" = ("articles_article"."version" + 1)' in set_part
    assert '"version" = 1' in where_part


def test_a_save_after_someone_elses_update_is_refused():
    article = make_article()
    # Someone else's UPDATE lands between our load and our save.
    Article.objects.filter(pk=article.pk).update(version=F("version") + 1, headline="Autre")
    article.headline = "Mon titre"
    with pytest.raises(EditConflict):
        article.save()
    assert Article.objects.get(pk=article.pk).headline == "Autre"


# --- Two editors in the admin ------------------------------------------------------


def test_the_change_form_carries_the_version_it_was_loaded_with(editor_client):
    article = make_article()
    article.save()
    assert loaded_version(editor_client.get(change_url(article))) == "2"


def test_second_editors_stale_save_is_merged_and_keeps_both_texts():
    article = make_article(headline="Un sommet se prépare", standfirst="Chapô d’origine.")
    alice, bruno = editor_session("alice"), editor_session("bruno")
    alice_version = loaded_version(alice.get(change_url(article)))
    bruno_version = loaded_version(bruno.get(change_url(article)))

    response = alice.post(
        change_url(article),
        article_data(article, headline="Le sommet s’ouvre", loaded_version=alice_version),
    )
    assert response.status_code == 302

    response = bruno.post(
        change_url(article),
        article_data(
            article,
            standfirst="Le chapô réécrit par Bruno, à ne pas perdre.",
            loaded_version=bruno_version,
        ),
    )
    assert response.status_code == 302
    stored = Article.objects.get(pk=article.pk)
    assert stored.headline == "Le sommet s’ouvre"
    assert stored.standfirst == "Le chapô réécrit par Bruno, à ne pas perdre."


def test_a_clash_is_shown_with_who_saved_and_keeps_the_editors_text():
    article = make_article(headline="Un sommet se prépare", standfirst="Chapô d’origine.")
    alice, bruno = editor_session("alice"), editor_session("bruno")
    alice_version = loaded_version(alice.get(change_url(article)))
    bruno_version = loaded_version(bruno.get(change_url(article)))
    alice.post(
        change_url(article),
        article_data(article, standfirst="Le chapô d’Alice.", loaded_version=alice_version),
    )

    response = bruno.post(
        change_url(article),
        article_data(article, standfirst="Le chapô de Bruno.", loaded_version=bruno_version),
    )

    assert response.status_code == 200
    errors = " ".join(response.context["adminform"].form.non_field_errors())
    assert "Nothing was saved yet" in errors
    assert "Alice" in errors  # who saved it
    assert "Le chapô de Bruno." in response.text
    assert Article.objects.get(pk=article.pk).standfirst == "Le chapô d’Alice."


def test_a_save_racing_past_the_form_check_is_merged_again_not_lost(monkeypatch):
    article = make_article(headline="Un sommet se prépare")
    bruno = editor_session("bruno")
    bruno_version = loaded_version(bruno.get(change_url(article)))
    original_save_model = ArticleAdmin.save_model
    races = []

    def someone_saves_first(self, request, obj, form, change):
        # Another editor's save lands after Bruno's form was merged: the
        # UPDATE finds a newer version, and the whole save is done again.
        races.append(obj.version)
        Article.objects.filter(pk=obj.pk).update(version=F("version") + 1)
        monkeypatch.setattr(ArticleAdmin, "save_model", original_save_model)
        original_save_model(self, request, obj, form, change)

    monkeypatch.setattr(ArticleAdmin, "save_model", someone_saves_first)
    response = bruno.post(
        change_url(article),
        article_data(article, standfirst="Le chapô de Bruno", loaded_version=bruno_version),
    )
    assert races
    assert response.status_code == 302
    assert Article.objects.get(pk=article.pk).standfirst == "Le chapô de Bruno"
