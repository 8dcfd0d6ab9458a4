"""Live edits are reviewed: changes to a published article wait for an editor."""

from __future__ import annotations

import pytest
from django.urls import reverse

from articles.models import Article, ArticleRevision, AuditEntry
from articles.publishing import revisions as live_edits
from tests.factories import make_article, make_author
from tests.test_admin import CHANGELIST, article_data, change_url

pytestmark = pytest.mark.django_db


def signed_by(writer, **kwargs) -> Article:
    """A published article the writer signs (through their author profile)."""
    article = make_article(headline="Le sommet s’ouvre à Genève", tags=["Diplomatie"], **kwargs)
    article.authors.add(make_author(user=writer))
    return article


def review_url(article, verdict):
    return reverse("admin:articles_article_review_changes", args=[article.pk, verdict])


def test_a_writers_headline_edit_of_a_published_article_waits_for_an_editor(client, writer, editor):
    article = signed_by(writer)
    client.force_login(writer)
    data = article_data(article, headline="Le sommet s’ouvre enfin à Genève")
    data.pop("status")  # read-only for a writer on a published article
    assert client.post(change_url(article), data).status_code == 302

    article.refresh_from_db()
    assert article.headline == "Le sommet s’ouvre à Genève"
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Le sommet s’ouvre à Genève" in page
    assert "enfin" not in page
    # The writer reopening the form sees their pending version.
    form = client.get(change_url(article)).context["adminform"].form
    assert form.initial["headline"] == "Le sommet s’ouvre enfin à Genève"

    client.force_login(editor)
    listing = client.get(CHANGELIST + "?pending_changes=yes")
    assert list(listing.context["cl"].result_list) == [article]
    change_page = client.get(change_url(article)).content.decode()
    assert "Changes awaiting review" in change_page
    assert "Le sommet s’ouvre enfin à Genève" in change_page

    assert client.post(review_url(article, "publish")).status_code == 302
    article.refresh_from_db()
    assert article.headline == "Le sommet s’ouvre enfin à Genève"
    assert "enfin" in client.get(article.get_absolute_url()).content.decode()
    assert AuditEntry.objects.filter(
        article=article, action=AuditEntry.Action.CHANGES_PUBLISHED, user=editor
    ).exists()
    assert not ArticleRevision.objects.pending().exists()


def test_publishing_the_changes_makes_a_new_version(writer, editor):
    from articles.history import versions_of

    article = signed_by(writer)
    before = versions_of(article).count()
    revision = live_edits.stage_changes(article, writer, {"standfirst": "Un chapô revu."})
    live_edits.publish_changes(revision, editor)
    assert versions_of(article).count() == before + 1
    assert versions_of(article).first().revision.user == editor


def test_an_editor_rejects_the_changes_and_the_writer_is_told(client, writer, editor):
    article = signed_by(writer)
    live_edits.stage_changes(article, writer, {"headline": "Titre racoleur"})
    client.force_login(editor)
    response = client.post(review_url(article, "reject"), {"note": "Trop racoleur"}, follow=True)
    assert "rejected" in response.content.decode()
    article.refresh_from_db()
    assert article.headline == "Le sommet s’ouvre à Genève"
    entry = AuditEntry.objects.get(article=article, action=AuditEntry.Action.CHANGES_REJECTED)
    assert entry.details["note"] == "Trop racoleur"
    assert ArticleRevision.objects.get().status == ArticleRevision.Status.REJECTED


def test_writers_cannot_publish_their_own_changes(client, writer):
    article = signed_by(writer)
    live_edits.stage_changes(article, writer, {"headline": "Titre non relu"})
    client.force_login(writer)
    assert client.post(review_url(article, "publish")).status_code == 403
    article.refresh_from_db()
    assert article.headline == "Le sommet s’ouvre à Genève"


def test_an_editor_saves_without_publishing_and_publishes_later(client, editor):
    article = make_article(headline="Avant relecture", tags=["Genève"])
    client.force_login(editor)
    data = article_data(article, headline="Après relecture", _stage="1")
    assert client.post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    assert article.headline == "Avant relecture"
    assert ArticleRevision.objects.pending().get().data["headline"] == "Après relecture"

    client.post(review_url(article, "publish"))
    article.refresh_from_db()
    assert article.headline == "Après relecture"


def test_staged_tags_wait_with_the_revision(writer):
    article = signed_by(writer)
    live_edits.stage_changes(article, writer, {"tags": ["Diplomatie", "Suisse"]})
    assert sorted(article.tags.names()) == ["Diplomatie"]


def test_changes_that_fail_the_checks_are_not_published(writer, editor):
    from articles.publishing import PublishingRefused

    article = signed_by(writer)
    revision = live_edits.stage_changes(article, writer, {"standfirst": "", "tags": []})
    with pytest.raises(PublishingRefused) as refusal:
        live_edits.publish_changes(revision, editor)
    assert "The standfirst is empty." in refusal.value.reasons
    assert "The article has no tag." in refusal.value.reasons
    article.refresh_from_db()
    assert article.standfirst


def test_the_writer_sees_the_rejection_and_its_note_when_reopening(client, writer, editor):
    article = signed_by(writer)
    revision = live_edits.stage_changes(article, writer, {"headline": "Titre racoleur"})
    live_edits.reject_changes(revision, editor, "Trop racoleur")
    client.force_login(writer)
    page = client.get(change_url(article)).content.decode()
    assert "Your changes were rejected" in page
    assert "Trop racoleur" in page


def test_a_writer_restoring_an_old_version_of_a_published_article_waits_for_review(client, writer):
    from articles.history import versions_of

    article = signed_by(writer)
    old = versions_of(article).first()
    article.headline = "Titre corrigé par l’édition"
    article.save()
    client.force_login(writer)
    url = reverse("admin:articles_article_restore", args=[article.pk, old.pk])
    assert client.post(url).status_code == 302
    article.refresh_from_db()
    assert article.headline == "Titre corrigé par l’édition"
    assert ArticleRevision.objects.pending().get().data["headline"] == "Le sommet s’ouvre à Genève"


def test_scheduled_changes_go_live_when_their_time_has_come(client, writer, editor):
    from datetime import timedelta

    from django.utils import timezone

    article = signed_by(writer)
    revision = live_edits.stage_changes(article, writer, {"headline": "Titre de demain"})
    client.force_login(editor)
    at = timezone.localtime(timezone.now() + timedelta(hours=1))
    client.post(review_url(article, "schedule"), {"publish_at": at.strftime("%Y-%m-%dT%H:%M")})
    revision.refresh_from_db()
    assert revision.publish_at is not None
    assert live_edits.publish_due_changes() == 0
    article.refresh_from_db()
    assert article.headline == "Le sommet s’ouvre à Genève"

    assert live_edits.publish_due_changes(now=timezone.now() + timedelta(hours=2)) == 1
    article.refresh_from_db()
    assert article.headline == "Titre de demain"


def test_opening_an_article_in_the_admin_applies_changes_whose_time_has_passed(
    client, writer, editor
):
    from datetime import timedelta

    from django.utils import timezone

    article = signed_by(writer)
    revision = live_edits.stage_changes(article, writer, {"headline": "Titre programmé"})
    ArticleRevision.objects.filter(pk=revision.pk).update(
        publish_at=timezone.now() - timedelta(minutes=1), reviewed_by=editor
    )
    client.force_login(editor)
    client.get(change_url(make_article()))
    article.refresh_from_db()
    assert article.headline == "Titre programmé"


def test_the_command_publishes_due_changes(writer, editor):
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    article = signed_by(writer)
    revision = live_edits.stage_changes(article, writer, {"headline": "Titre de la nuit"})
    ArticleRevision.objects.filter(pk=revision.pk).update(
        publish_at=timezone.now() - timedelta(minutes=1), reviewed_by=editor
    )
    call_command("publish_due_changes")
    article.refresh_from_db()
    assert article.headline == "Titre de la nuit"


def test_an_editor_saving_the_form_that_shows_the_changes_publishes_them(client, writer, editor):
    article = signed_by(writer)
    revision = live_edits.stage_changes(article, writer, {"headline": "Titre du rédacteur"})
    client.force_login(editor)
    data = article_data(article, headline="Titre du rédacteur, relu", _revision=str(revision.pk))
    assert client.post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    revision.refresh_from_db()
    assert article.headline == "Titre du rédacteur, relu"
    assert revision.status == ArticleRevision.Status.PUBLISHED
