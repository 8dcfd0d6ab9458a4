"""Audit trail and atomic publishing: who did what, and nothing half done."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles import publishing
from articles.models import Article, AuditEntry
from tests.factories import make_article, make_editor, make_photo
from tests.test_admin import action, article_data, change_url

pytestmark = pytest.mark.django_db

AUDIT_LIST = reverse("admin:articles_auditentry_changelist")


def entries(article) -> list[tuple[str, str | None]]:
    return [
        (e.action, e.user.username if e.user else None)
        for e in AuditEntry.objects.filter(article=article).order_by("pk")
    ]


# --- What is recorded -----------------------------------------------------------------


def test_publishing_scheduling_and_unpublishing_from_the_list_are_recorded(editor_client):
    article = make_article(tags=["Climat"], status=Article.Status.DRAFT)
    action(editor_client, "publish_now", [article])
    action(editor_client, "send_back_to_draft", [article])
    later = timezone.localtime() + timedelta(days=1)
    action(
        editor_client, "schedule", [article], apply="1", publish_at=later.strftime("%Y-%m-%dT%H:%M")
    )
    assert entries(article) == [
        ("published", "editor"),
        ("unpublished", "editor"),
        ("scheduled", "editor"),
    ]


def test_submitting_for_review_is_recorded(writer_client, writer):
    article = make_article(created_by=writer, status=Article.Status.DRAFT)
    action(writer_client, "submit_for_review", [article])
    assert entries(article) == [("submitted", "writer")]


def test_publishing_through_the_form_is_recorded(editor_client):
    article = make_article(tags=["Climat"], status=Article.Status.DRAFT)
    editor_client.post(change_url(article), article_data(article, status="published"))
    assert entries(article) == [("published", "editor")]


def test_a_text_edit_is_not_an_audit_event(editor_client):
    article = make_article()
    editor_client.post(change_url(article), article_data(article, headline="Titre corrigé"))
    assert entries(article) == []


def test_an_entry_keeps_the_headline_after_the_article_is_purged():
    article = make_article(headline="Un titre disparu")
    article.purge(user=make_editor())
    entry = AuditEntry.objects.get(action="purged")
    assert entry.article is None
    assert entry.headline == "Un titre disparu"


# --- In the admin -------------------------------------------------------------------------


def test_editors_see_the_audit_trail_filtered_by_action(editor_client):
    published, binned = make_article(), make_article()
    publishing.unpublish(published, make_editor())
    binned.move_to_bin()
    response = editor_client.get(AUDIT_LIST, {"action__exact": "unpublished"})
    assert response.status_code == 200
    assert [e.article for e in response.context["cl"].result_list] == [published]


def test_the_article_page_shows_its_audit_entries(editor_client):
    article = make_article(tags=["Climat"], status=Article.Status.DRAFT)
    action(editor_client, "publish_now", [article])
    response = editor_client.get(change_url(article))
    assert [e.action for e in response.context["audit_entries"]] == ["published"]
    assert f"{AUDIT_LIST}?article__id__exact={article.pk}" in response.text
    filtered = editor_client.get(AUDIT_LIST, {"article__id__exact": article.pk})
    assert filtered.context["cl"].result_count == 1


def test_nobody_adds_changes_or_deletes_audit_entries(admin_client):
    article = make_article()
    publishing.unpublish(article, None)
    entry = AuditEntry.objects.get()
    change = reverse("admin:articles_auditentry_change", args=[entry.pk])
    delete = reverse("admin:articles_auditentry_delete", args=[entry.pk])
    assert admin_client.get(reverse("admin:articles_auditentry_add")).status_code == 403
    assert admin_client.post(change, {"action": "published", "headline": "x"}).status_code == 403
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    entry.refresh_from_db()
    assert entry.action == "unpublished"


def test_writers_do_not_see_the_audit_trail(writer_client):
    assert writer_client.get(AUDIT_LIST).status_code == 403


def test_a_writers_headline_is_escaped_in_the_audit_list(editor_client):
    article = make_article(headline="<script>alert(1)</script>")
    publishing.unpublish(article, None)
    response = editor_client.get(AUDIT_LIST)
    assert "<script>alert(1)</script>" not in response.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text


# --- Atomic publishing -------------------------------------------------------------------


def test_a_bulk_publish_failing_on_the_second_article_changes_nothing(editor_client, monkeypatch):
    drafts = [make_article(tags=["Climat"], status=Article.Status.DRAFT) for _ in range(3)]
    saves = []
    original_save = Article.save

    def failing_save(self, *args, **kwargs):
        saves.append(self.pk)
        if len(saves) == 2:
            raise RuntimeError("disk full")
        original_save(self, *args, **kwargs)

    monkeypatch.setattr(Article, "save", failing_save)
    client = Client(raise_request_exception=False)
    client.force_login(make_editor())
    data = {"action": "publish_now", "index": "0", "_selected_action": [a.pk for a in drafts]}
    assert client.post(reverse("admin:articles_article_changelist"), data).status_code == 500
    assert not Article.objects.filter(status=Article.Status.PUBLISHED).exists()
    assert not AuditEntry.objects.exists()


def test_a_failing_audit_write_undoes_the_publication(monkeypatch):
    article = make_article(tags=["Climat"], status=Article.Status.DRAFT)

    def broken_record(*args, **kwargs):
        raise RuntimeError("audit table unavailable")

    monkeypatch.setattr(AuditEntry, "record", broken_record)
    with pytest.raises(RuntimeError):
        publishing.publish(article, make_editor())
    assert Article.objects.get(pk=article.pk).status == Article.Status.DRAFT


def test_one_unpublishable_article_keeps_the_whole_batch_unpublished(editor_client):
    ready = make_article(tags=["Climat"], status=Article.Status.DRAFT)
    no_alt = make_article(
        tags=["Climat"], status=Article.Status.DRAFT, lead_photo=make_photo(alt_text="")
    )
    action(editor_client, "publish_now", [ready, no_alt])
    assert not Article.objects.filter(status=Article.Status.PUBLISHED).exists()
    assert not AuditEntry.objects.exists()


def test_a_failing_restore_from_the_bin_restores_nothing(editor_client, monkeypatch):
    binned = [make_article(), make_article()]
    for article in binned:
        article.move_to_bin()
    calls = []
    original = Article.restore_from_bin

    def failing_restore(self, user=None):
        calls.append(self.pk)
        original(self, user)
        if len(calls) == 2:
            raise RuntimeError("crash")

    monkeypatch.setattr(Article, "restore_from_bin", failing_restore)
    client = Client(raise_request_exception=False)
    client.force_login(make_editor())
    data = {"action": "restore", "index": "0", "_selected_action": [a.pk for a in binned]}
    client.post(reverse("admin:articles_deletedarticle_changelist"), data)
    assert Article.objects.filter(deleted_at__isnull=True).count() == 0
