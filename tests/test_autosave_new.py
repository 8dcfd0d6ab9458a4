"""
Autosave before the first save: a new article's form is kept under its own
key, per user, without creating an article; saving it creates one article and
drops the copy; "Add article" offers the copy back.
"""

from __future__ import annotations

import re
import uuid

import pytest
from django.test import Client
from django.urls import reverse

from articles.models import Article, ArticleAutosave
from tests.factories import make_article, make_user
from tests.test_admin import ADD, article_data
from tests.test_history import editor_session

pytestmark = pytest.mark.django_db

AUTOSAVE_NEW = reverse("admin:articles_article_autosave_new")


@pytest.fixture(autouse=True)
def english_admin(settings):
    settings.LANGUAGE_CODE = "en"


def typed(key, **changes) -> dict:
    return {
        **article_data(headline="Un accord en cours d’écriture"),
        "draft_key": str(key),
        **changes,
    }


def test_a_new_article_is_kept_without_creating_an_article(editor_client, editor):
    key = uuid.uuid4()
    response = editor_client.post(AUTOSAVE_NEW, typed(key))

    assert response.status_code == 200
    assert re.fullmatch(
        r"Draft kept at \d\d:\d\d \(not published, not saved as a version\)\.",
        response.json()["message"],
    )
    assert not Article.objects.exists()
    kept = ArticleAutosave.objects.get(user=editor, draft_key=key)
    assert kept.article is None
    assert kept.headline() == "Un accord en cours d’écriture"


def test_the_status_line_reads_like_a_french_clock(editor_client, settings):
    settings.LANGUAGE_CODE = "fr"
    response = editor_client.post(AUTOSAVE_NEW, typed(uuid.uuid4()), HTTP_ACCEPT_LANGUAGE="fr")
    assert re.fullmatch(
        r"Brouillon enregistré à \d{1,2} h \d\d \(ni publié, ni enregistré comme version\)\.",
        response.json()["message"],
    )


def test_each_autosave_of_a_form_replaces_its_copy_and_two_forms_keep_two(editor_client):
    first, second = uuid.uuid4(), uuid.uuid4()
    editor_client.post(AUTOSAVE_NEW, typed(first, headline="Un"))
    editor_client.post(AUTOSAVE_NEW, typed(first, headline="Deux"))
    editor_client.post(AUTOSAVE_NEW, typed(second, headline="Autre onglet"))
    assert sorted(kept.headline() for kept in ArticleAutosave.objects.all()) == [
        "Autre onglet",
        "Deux",
    ]


def test_saving_the_form_creates_one_article_and_drops_the_copy(editor_client):
    key = uuid.uuid4()
    editor_client.post(AUTOSAVE_NEW, typed(key))
    editor_client.post(AUTOSAVE_NEW, typed(key))

    response = editor_client.post(ADD, typed(key))

    assert response.status_code == 302
    assert Article.objects.get().headline == "Un accord en cours d’écriture"
    assert not ArticleAutosave.objects.exists()


def test_the_add_form_offers_the_copy_back_and_restores_it_under_the_same_key(editor_client):
    key = uuid.uuid4()
    editor_client.post(AUTOSAVE_NEW, typed(key, standfirst="Un chapô gardé."))

    offer = editor_client.get(ADD).content.decode()
    assert "An unsaved new article from" in offer
    assert "“Un accord en cours d’écriture”" in offer
    assert f'href="?restore_draft={key}"' in offer

    restored = editor_client.get(f"{ADD}?restore_draft={key}")
    html = restored.content.decode()
    form = restored.context["adminform"].form
    assert form["headline"].value() == "Un accord en cours d’écriture"
    assert form["standfirst"].value() == "Un chapô gardé."
    assert f'name="draft_key" value="{key}"' in html
    assert "The form shows the draft autosaved at" in html

    editor_client.post(ADD, typed(key, standfirst="Un chapô gardé."))
    assert Article.objects.count() == 1
    assert not ArticleAutosave.objects.exists()


def test_a_fresh_add_form_has_a_key_of_its_own(editor_client):
    first = editor_client.get(ADD).context["draft_key"]
    second = editor_client.get(ADD).context["draft_key"]
    assert first != second


def test_discarding_drops_the_copy(editor_client):
    key = uuid.uuid4()
    editor_client.post(AUTOSAVE_NEW, typed(key))
    url = reverse("admin:articles_article_discard_new_draft", args=[key])
    assert editor_client.post(url).status_code == 302
    assert not ArticleAutosave.objects.exists()


def test_nobody_restores_or_discards_another_users_copy(editor_client):
    key = uuid.uuid4()
    editor_session().post(AUTOSAVE_NEW, typed(key))

    form = editor_client.get(f"{ADD}?restore_draft={key}").context["adminform"].form
    assert form["headline"].value() != "Un accord en cours d’écriture"
    editor_client.post(reverse("admin:articles_article_discard_new_draft", args=[key]))
    assert ArticleAutosave.objects.count() == 1


def test_the_endpoint_wants_a_key_a_post_and_the_right_to_add(editor_client):
    assert editor_client.post(AUTOSAVE_NEW, article_data()).status_code == 400
    assert editor_client.get(AUTOSAVE_NEW).status_code == 405
    client = Client()
    client.force_login(make_user(is_staff=True))
    assert client.post(AUTOSAVE_NEW, typed(uuid.uuid4())).status_code == 403
    assert not ArticleAutosave.objects.exists()


def test_the_add_form_loads_the_autosave_script_with_its_endpoint(editor_client):
    html = editor_client.get(ADD).content.decode()
    assert f'data-autosave-url="{AUTOSAVE_NEW}"' in html


def test_an_existing_articles_autosave_says_when_too(editor_client):
    article = make_article(status=Article.Status.DRAFT)
    url = reverse("admin:articles_article_autosave", args=[article.pk])
    response = editor_client.post(url, article_data(article, headline="Titre en cours"))
    assert response.json()["message"].startswith("Draft kept at ")
