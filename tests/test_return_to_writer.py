"""An editor returns an article in review to its writer with a note; the writer's desk shows it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from articles.models import Article, AuditEntry
from tests.factories import make_article
from tests.test_admin import article_data

pytestmark = pytest.mark.django_db


def return_url(article):
    return reverse("admin:articles_article_return", args=[article.pk])


def test_editor_returns_an_article_with_a_note_the_writer_reads_on_the_desk(client, editor, writer):
    article = make_article(status=Article.Status.REVIEW, created_by=writer)
    change_page = reverse("admin:articles_article_change", args=[article.pk])
    client.force_login(editor)
    assert "Return to the writer" in client.get(change_page).content.decode()

    response = client.post(return_url(article), {"return_note": "  Ajoute l’avis du maire.  "})

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    entry = article.audit_entries.get(action=AuditEntry.Action.RETURNED)
    assert entry.details == {"note": "Ajoute l’avis du maire."}
    client.force_login(writer)
    desk = client.get(reverse("admin:index")).content.decode()
    returned = desk[desk.index('id="desk-returned"') :]
    returned = returned[: returned.index("</section>")]
    assert article.headline in returned
    assert "Ajoute l’avis du maire." in returned


def test_writers_cannot_return_and_drafts_are_not_returned(client, editor, writer):
    draft = make_article(status=Article.Status.DRAFT, created_by=writer)
    in_review = make_article(status=Article.Status.REVIEW, created_by=writer)
    client.force_login(writer)
    assert client.post(return_url(in_review), {"return_note": "Non."}).status_code == 403
    assert (
        "Return to the writer"
        not in client.get(
            reverse("admin:articles_article_change", args=[in_review.pk])
        ).content.decode()
    )

    client.force_login(editor)
    client.post(return_url(draft), {"return_note": "Déjà un brouillon."})

    in_review.refresh_from_db()
    assert in_review.status == Article.Status.REVIEW
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.RETURNED).exists()


def test_writer_submits_an_article_as_they_create_it(writer_client):
    response = writer_client.post(
        reverse("admin:articles_article_add"), article_data(status="review")
    )

    assert response.status_code == 302
    article = Article.objects.get(headline="Un nouvel accord sur le climat")
    assert article.status == Article.Status.REVIEW
