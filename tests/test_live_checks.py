"""
The pre-publish checks, live: a JSON endpoint runs the gate on the typed,
unsaved form and answers with the checklist and the problems list, saving nothing.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Article, AuditEntry
from articles.publishing.gate import publication_problems
from tests.factories import (
    make_article,
    make_editor,
    make_photo,
    make_section,
    make_user,
    make_writer,
)
from tests.test_admin import article_data

pytestmark = pytest.mark.django_db

CHECKS = reverse("admin:articles_article_checks")


@pytest.fixture(autouse=True)
def english_admin(settings):
    settings.LANGUAGE_CODE = "en"


def typed(article=None, **changes) -> dict:
    data = article_data(article, **changes)
    data["_article"] = article.pk if article else ""
    return data


def test_the_checklist_follows_the_typed_form_not_the_saved_article(editor_client):
    article = make_article(status=Article.Status.DRAFT, tags=["Climat"])
    saved = editor_client.post(CHECKS, typed(article)).json()
    assert saved["count"] == 0
    assert "Ready to publish" in saved["checklist"]

    answer = editor_client.post(CHECKS, typed(article, standfirst="", tags="")).json()

    assert answer["count"] == 2
    assert "2 things to fix before publishing:" in answer["checklist"]
    assert "The standfirst is empty." in answer["checklist"]
    assert "The article has no tag." in answer["checklist"]
    assert 'href="#id_standfirst"' in answer["problems"]


def test_the_messages_are_the_gates_own(editor_client):
    photo = make_photo(alt_text="")
    article = make_article(status=Article.Status.DRAFT)
    data = typed(article, headline="", body="<h2> </h2><h3></h3>", lead_photo=photo.pk, tags="")
    answer = editor_client.post(CHECKS, data).json()

    candidate = Article(headline="", standfirst=article.standfirst, body=data["body"])
    candidate.section, candidate.lead_photo = article.section, photo
    expected = publication_problems(candidate, tags=[])
    assert "The body has 2 empty sub-headings." in expected
    assert answer["count"] == len(expected) == 4
    for reason in expected:
        escaped = reason.replace("“", "&ldquo;").replace("”", "&rdquo;")
        assert reason in answer["checklist"] or escaped in answer["checklist"], reason
    photo_url = reverse("admin:articles_photo_change", args=[photo.pk])
    assert f'href="{photo_url}"' in answer["problems"]


def test_a_new_article_is_checked_too(editor_client):
    data = typed(standfirst="", section=make_section().pk)
    answer = editor_client.post(CHECKS, data).json()
    assert "The standfirst is empty." in answer["checklist"]
    assert "The article has no section." not in answer["checklist"]


def test_checking_writes_nothing(editor_client):
    article = make_article(status=Article.Status.DRAFT, tags=["Climat"])
    before = (article.version, article.headline, article.updated_at)
    audits, articles = AuditEntry.objects.count(), Article.objects.count()

    with CaptureQueriesContext(connection) as queries:
        response = editor_client.post(CHECKS, typed(article, headline="", tags="Autre"))

    assert response.status_code == 200
    writes = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
        and "django_session" not in q["sql"]
    ]
    assert writes == []
    article.refresh_from_db()
    assert (article.version, article.headline, article.updated_at) == before
    assert AuditEntry.objects.count() == audits and Article.objects.count() == articles


def test_staff_only_post_only_with_csrf_and_the_right_to_edit(editor_client, writer_client):
    article = make_article(status=Article.Status.DRAFT, created_by=make_writer())
    assert Client().post(CHECKS, typed(article)).status_code == 302  # to the login page
    no_rights = Client()
    no_rights.force_login(make_user(is_staff=True))
    assert no_rights.post(CHECKS, typed()).status_code == 403
    # A writer checks their own articles, not someone else's.
    assert writer_client.post(CHECKS, typed(article)).status_code == 403
    assert editor_client.get(CHECKS).status_code == 405
    assert editor_client.post(CHECKS, {**typed(), "_article": "999999"}).status_code == 404

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(make_editor())
    assert strict.post(CHECKS, typed(article)).status_code == 403


def test_the_answer_is_french_and_plural_aware_in_the_french_admin(editor_client, settings):
    settings.LANGUAGE_CODE = "fr"
    article = make_article(status=Article.Status.DRAFT)
    one = editor_client.post(CHECKS, typed(article, tags=""), HTTP_ACCEPT_LANGUAGE="fr").json()[
        "checklist"
    ]
    two = editor_client.post(
        CHECKS, typed(article, tags="", standfirst=""), HTTP_ACCEPT_LANGUAGE="fr"
    ).json()["checklist"]
    assert "Une chose à corriger avant de publier\u00a0:" in one
    assert "L’article n’a aucun mot-clé." in one
    assert "2 choses à corriger avant de publier\u00a0:" in two
    assert "Le chapô est vide." in two


def test_the_form_carries_the_endpoint_and_its_script(editor_client):
    html = editor_client.get(reverse("admin:articles_article_add")).content.decode()
    assert f'data-checks-url="{CHECKS}"' in html
    assert "articles/admin/prepublish-live.js" in html
    assert "The headline is empty." in html  # a new article's checklist, before any typing
