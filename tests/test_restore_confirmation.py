"""Restoring a version asks first, like a deletion: GET shows what would change, POST restores."""

from __future__ import annotations

import pytest
from django.test import Client

from articles.models import AuditEntry
from tests.test_history import compare_url, edited_twice, editor_session, restore_url, versions

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english_admin(settings):
    settings.LANGUAGE_CODE = "en"


def test_get_shows_what_would_change_and_changes_nothing(editor_client):
    article = edited_twice(editor_client)
    count, version = len(versions(article)), article.version

    response = editor_client.get(restore_url(article, versions(article)[-1]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "What will change: 1 field" in html
    assert "<del>Titre corrigé</del>" in html
    assert "<ins>Titre d’origine</ins>" in html
    assert 'method="post"' in html and "Yes, restore this version" in html
    article.refresh_from_db()
    assert article.headline == "Titre corrigé"
    assert article.version == version
    assert len(versions(article)) == count
    assert not AuditEntry.objects.filter(article=article, action="reverted").exists()


def test_post_with_the_csrf_token_of_the_confirmation_page_restores():
    from tests.factories import make_editor

    client = Client(enforce_csrf_checks=True)
    client.force_login(make_editor())
    article = edited_twice(editor_session(), tags=["climat"])
    url = restore_url(article, versions(article)[-1])

    assert client.post(url).status_code == 403  # no token: refused
    page = client.get(url)
    token = page.context["csrf_token"]
    response = client.post(url, {"csrfmiddlewaretoken": str(token)})

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.headline == "Titre d’origine"


def test_the_compare_page_links_to_the_confirmation_instead_of_restoring(editor_client):
    article = edited_twice(editor_client)
    html = editor_client.get(compare_url(article)).content.decode()
    old = versions(article)[-1]
    assert f'href="{restore_url(article, old)}"' in html
    assert f'action="{restore_url(article, old)}"' not in html


def test_a_version_equal_to_the_article_says_nothing_would_change(editor_client):
    article = edited_twice(editor_client)
    response = editor_client.get(restore_url(article, versions(article)[0]))
    assert "restoring it changes nothing" in response.content.decode()


def test_the_confirmation_reads_in_french(editor_client, settings):
    settings.LANGUAGE_CODE = "fr"
    article = edited_twice(editor_client)
    response = editor_client.get(
        restore_url(article, versions(article)[-1]), HTTP_ACCEPT_LANGUAGE="fr"
    )
    html = response.content.decode()
    assert "Ce qui changera\u00a0: 1 champ" in html
    assert "Oui, restaurer cette version" in html


def test_a_writer_cannot_open_the_confirmation_of_someone_elses_article(writer_client):
    article = edited_twice(editor_session())
    assert writer_client.get(restore_url(article, versions(article)[-1])).status_code == 403
