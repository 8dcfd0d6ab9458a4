"""Read-only means no write of any kind: a writer on someone else's article."""

from __future__ import annotations

import pytest
from django.urls import reverse
from reversion.models import Version

from articles.models import Article, ArticleAutosave
from tests.factories import make_article
from tests.test_admin import article_data, change_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def editors_draft(editor):
    article = make_article(
        status=Article.Status.DRAFT, created_by=editor, headline="Le brouillon de l’éditeur"
    )
    article.headline = "Le brouillon de l’éditeur, revu"
    article.save()
    return article


def test_the_writer_sees_a_read_only_page(writer_client, editors_draft):
    page = writer_client.get(change_url(editors_draft))
    assert page.status_code == 200
    assert 'name="_save"' not in page.text


def test_save_as_new_on_a_read_only_article_makes_no_copy(writer_client, editors_draft):
    data = article_data(editors_draft, headline="Ma copie", _saveasnew="Save as new")
    response = writer_client.post(change_url(editors_draft), data)
    assert response.status_code == 403
    assert Article.objects.count() == 1


def test_save_as_new_is_not_offered_so_nobody_may_ask_for_it(editor_client, editors_draft):
    data = article_data(editors_draft, headline="Une copie", _saveasnew="Save as new")
    assert editor_client.post(change_url(editors_draft), data).status_code == 403
    assert Article.objects.count() == 1


def test_posting_the_read_only_form_changes_nothing(writer_client, editors_draft):
    data = article_data(editors_draft, headline="Réécrit par un autre")
    data.update({"notes-TOTAL_FORMS": "1", "notes-INITIAL_FORMS": "0", "notes-0-text": "Note"})
    assert writer_client.post(change_url(editors_draft), data).status_code == 403
    stored = Article.objects.get(pk=editors_draft.pk)
    assert stored.headline == "Le brouillon de l’éditeur, revu"
    assert not stored.notes.exists()


def test_autosave_of_a_read_only_article_keeps_nothing(writer_client, editors_draft):
    url = reverse("admin:articles_article_autosave", args=[editors_draft.pk])
    assert writer_client.post(url, {"headline": "Copie"}).status_code == 403
    assert not ArticleAutosave.objects.exists()


def test_restoring_a_version_of_a_read_only_article_is_refused(writer_client, editors_draft):
    first = Version.objects.get_for_object(editors_draft).last()
    url = reverse("admin:articles_article_restore", args=[editors_draft.pk, first.pk])
    assert writer_client.post(url).status_code == 403
    assert Article.objects.get(pk=editors_draft.pk).headline == "Le brouillon de l’éditeur, revu"


def test_deleting_a_read_only_article_is_refused(writer_client, editors_draft):
    url = reverse("admin:articles_article_delete", args=[editors_draft.pk])
    assert writer_client.post(url, {"post": "yes"}).status_code == 403
    assert Article.objects.get(pk=editors_draft.pk).deleted_at is None
