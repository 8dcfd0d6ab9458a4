"""Deleting is soft: articles go to a bin, editors restore them or purge them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from articles.models import Article, AuditEntry
from tests.factories import make_article, make_writer
from tests.test_admin import CHANGELIST, action

pytestmark = pytest.mark.django_db

BIN = reverse("admin:articles_deletedarticle_changelist")


def delete_url(article):
    return reverse("admin:articles_article_delete", args=[article.pk])


def bin_action(client, name, articles, **extra):
    data = {"action": name, "index": "0", "_selected_action": [a.pk for a in articles], **extra}
    return client.post(BIN, data, follow=True)


def is_binned(article) -> bool:
    return Article.objects.get(pk=article.pk).deleted_at is not None


# --- Moving to the bin ------------------------------------------------------------


def test_deleting_in_the_admin_moves_the_article_to_the_bin(editor_client, editor):
    article = make_article()
    response = editor_client.post(delete_url(article), {"post": "yes"}, follow=True)
    assert is_binned(article)
    assert "moved to the bin" in response.text
    assert AuditEntry.objects.get(article=article).action == "binned"


def test_the_delete_page_does_not_announce_related_deletions(editor_client):
    article = make_article(tags=["climat"])
    response = editor_client.get(delete_url(article))
    assert response.status_code == 200
    assert "tagged article" not in response.text.lower()


def test_binned_articles_leave_the_public_site_and_the_article_list(client, editor_client):
    article = make_article()
    url = article.get_absolute_url()
    assert client.get(url).status_code == 200
    article.move_to_bin()
    assert client.get(url).status_code == 404
    assert article not in editor_client.get(CHANGELIST).context["cl"].result_list


def test_bulk_moving_to_the_bin(editor_client):
    articles = [make_article(), make_article()]
    action(editor_client, "move_to_bin", articles)
    assert all(is_binned(article) for article in articles)


def test_the_hard_delete_action_is_not_offered(editor_client):
    response = editor_client.get(CHANGELIST)
    choices = [name for name, _label in response.context["action_form"].fields["action"].choices]
    assert "delete_selected" not in choices
    assert "move_to_bin" in choices


def test_a_writer_moves_their_own_draft_to_the_bin(writer_client, writer):
    article = make_article(created_by=writer, status=Article.Status.DRAFT)
    assert writer_client.post(delete_url(article), {"post": "yes"}).status_code == 302
    assert is_binned(article)


@pytest.mark.parametrize(
    "case",
    ["someone_elses_draft", "own_published_article"],
)
def test_writers_cannot_bin_other_articles(writer_client, writer, case):
    if case == "someone_elses_draft":
        article = make_article(created_by=make_writer(), status=Article.Status.DRAFT)
    else:
        article = make_article(created_by=writer)
    assert writer_client.post(delete_url(article), {"post": "yes"}).status_code == 403
    action(writer_client, "move_to_bin", [article])
    assert not is_binned(article)


# --- The bin ----------------------------------------------------------------------


def test_editors_see_binned_articles_in_the_bin(editor_client):
    kept, binned = make_article(), make_article()
    binned.move_to_bin()
    assert [a.pk for a in editor_client.get(BIN).context["cl"].result_list] == [binned.pk]
    assert kept.deleted_at is None


def test_editors_restore_from_the_bin(editor_client, editor):
    article = make_article()
    article.move_to_bin()
    bin_action(editor_client, "restore", [article])
    assert not is_binned(article)
    assert Article.objects.published().filter(pk=article.pk).exists()
    assert AuditEntry.objects.filter(article=article, action="unbinned", user=editor).exists()


def test_purging_asks_for_confirmation_then_deletes_for_good(editor_client, editor):
    article = make_article(headline="À supprimer pour de bon")
    article.move_to_bin()
    confirmation = bin_action(editor_client, "purge", [article])
    assert "cannot be undone" in confirmation.text
    assert Article.objects.filter(pk=article.pk).exists()

    bin_action(editor_client, "purge", [article], post="yes")
    assert not Article.objects.filter(pk=article.pk).exists()
    entry = AuditEntry.objects.get(action="purged")
    assert (entry.headline, entry.user) == ("À supprimer pour de bon", editor)


def test_writers_have_no_bin(writer_client, writer):
    article = make_article(created_by=writer, status=Article.Status.DRAFT)
    article.move_to_bin()
    assert writer_client.get(BIN).status_code == 403
    bin_action(writer_client, "purge", [article], post="yes")
    bin_action(writer_client, "restore", [article])
    assert is_binned(article)


def test_the_bin_cannot_add_or_edit_articles(admin_client):
    article = make_article()
    article.move_to_bin()
    assert admin_client.get(reverse("admin:articles_deletedarticle_add")).status_code == 403
    change = reverse("admin:articles_deletedarticle_change", args=[article.pk])
    admin_client.post(change, {"headline": "Changé"})
    assert Article.objects.get(pk=article.pk).headline != "Changé"
