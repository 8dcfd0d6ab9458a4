"""Every status change goes through articles.publishing: permission, checks, override, audit."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from articles import publishing
from articles.models import Article, AuditEntry
from tests.factories import make_article, make_editor, make_writer
from tests.test_admin import article_data, change_url

pytestmark = pytest.mark.django_db


def draft(**kwargs) -> Article:
    kwargs.setdefault("tags", ["Genève"])
    return make_article(status=Article.Status.DRAFT, **kwargs)


def last_action(article) -> str:
    return AuditEntry.objects.filter(article=article).first().action


def test_publish_puts_the_article_online_and_audits_it():
    editor, article = make_editor(), draft()
    assert publishing.publish(article, editor) == AuditEntry.Action.PUBLISHED
    assert article in Article.objects.published()
    assert last_action(article) == AuditEntry.Action.PUBLISHED


def test_schedule_keeps_it_hidden_until_its_time():
    at = timezone.now() + timedelta(hours=2)
    article = draft()
    publishing.schedule(article, make_editor(), at)
    assert article not in Article.objects.published()
    assert article in Article.objects.scheduled()
    assert last_action(article) == AuditEntry.Action.SCHEDULED


def test_schedule_in_the_past_is_refused():
    with pytest.raises(publishing.PublishingRefused):
        publishing.schedule(draft(), make_editor(), timezone.now() - timedelta(hours=1))


def test_embargo_schedules_under_embargo():
    article = draft()
    publishing.embargo_until(article, make_editor(), timezone.now() + timedelta(days=1))
    article.refresh_from_db()
    assert article.is_embargoed and article.is_scheduled()
    assert AuditEntry.objects.filter(article=article).first().details["embargo"] is True


def test_unpublish_takes_it_offline():
    article = make_article()
    publishing.unpublish(article, make_editor())
    assert article not in Article.objects.published()
    assert last_action(article) == AuditEntry.Action.UNPUBLISHED


def test_submit_withdraw_and_return_to_writer():
    writer = make_writer()
    article = draft(created_by=writer)
    assert publishing.submit_for_review(article, writer)
    assert article.status == Article.Status.REVIEW
    assert publishing.withdraw(article, writer)
    assert article.status == Article.Status.DRAFT
    assert last_action(article) == AuditEntry.Action.WITHDRAWN
    publishing.submit_for_review(article, writer)
    assert publishing.return_to_writer(article, make_editor(), "Sourcer le chiffre")
    assert article.status == Article.Status.DRAFT
    entry = AuditEntry.objects.filter(article=article).first()
    assert entry.action == AuditEntry.Action.RETURNED
    assert entry.details["note"] == "Sourcer le chiffre"


def test_a_refusal_lists_every_reason():
    article = draft(standfirst="", tags=[], headline="")
    with pytest.raises(publishing.PublishingRefused) as refusal:
        publishing.publish(article, make_editor())
    assert set(refusal.value.reasons) >= {
        "The headline is empty.",
        "The standfirst is empty.",
        "The article has no tag.",
    }
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT


def test_an_override_reason_publishes_despite_overridable_checks_and_is_audited():
    article = draft(standfirst="")
    publishing.publish(article, make_editor(), override_reason="Alerte")
    entry = AuditEntry.objects.filter(article=article).first()
    assert entry.details["override_reason"] == "Alerte"
    assert entry.details["overridden_problems"] == ["The standfirst is empty."]


@pytest.mark.parametrize(
    "act",
    [
        lambda a, u: publishing.publish(a, u),
        lambda a, u: publishing.schedule(a, u, timezone.now() + timedelta(days=1)),
        lambda a, u: publishing.embargo_until(a, u, timezone.now() + timedelta(days=1)),
        lambda a, u: publishing.unpublish(a, u),
        lambda a, u: publishing.return_to_writer(a, u),
    ],
)
def test_a_writer_is_refused_every_editors_act_and_the_attempt_is_audited(act):
    writer = make_writer()
    article = draft(created_by=writer)
    with pytest.raises(publishing.PublishingRefused) as refusal:
        act(article, writer)
    assert refusal.value.permission
    entry = AuditEntry.objects.get(article=article)
    assert entry.action == AuditEntry.Action.REFUSED
    assert entry.user == writer


def test_a_writer_forging_an_override_through_the_admin_is_refused_and_audited(
    writer_client, writer
):
    article = draft(created_by=writer, standfirst="")
    data = article_data(article, publish_override="on", override_reason="Je publie quand même")
    response = writer_client.post(change_url(article), data)
    assert response.status_code == 200
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    entry = AuditEntry.objects.get(article=article, action=AuditEntry.Action.REFUSED)
    assert entry.details["attempted"]["override_reason"] == "Je publie quand même"


def test_a_writer_forging_published_through_the_admin_is_refused_and_audited(writer_client, writer):
    article = draft(created_by=writer)
    response = writer_client.post(change_url(article), article_data(article, status="published"))
    assert response.status_code == 200
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    assert AuditEntry.objects.filter(article=article, action=AuditEntry.Action.REFUSED).exists()


def test_editors_see_refused_attempts_in_the_audit_trail(client, writer):
    article = draft(created_by=writer)
    client.force_login(writer)
    client.post(change_url(article), article_data(article, status="published"))
    client.force_login(make_editor())
    from django.urls import reverse

    page = client.get(reverse("admin:articles_auditentry_changelist") + "?action=refused")
    assert article.headline in page.content.decode()


def test_the_content_model_does_not_import_publishing():
    import pathlib

    source = pathlib.Path("articles/models/article.py").read_text()
    assert "import" not in "".join(line for line in source.splitlines() if "publishing" in line)


def test_a_writer_posting_a_publishing_list_action_is_refused_and_audited(writer_client, writer):
    from tests.test_admin import action

    article = draft(created_by=writer)
    action(writer_client, "publish_now", [article])
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    entry = AuditEntry.objects.get(article=article, action=AuditEntry.Action.REFUSED)
    assert entry.details["attempted"]["action"] == "publish_now"
