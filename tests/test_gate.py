"""The pre-publish gate: every failing rule is refused with its reason; editors may override with a reason."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from articles import publishing
from articles.models import Article, AuditEntry
from articles.publishing.gate import link_is_well_formed
from tests.factories import make_article, make_editor, make_photo, make_writer

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:articles_article_changelist")


def ready(**kwargs) -> Article:
    kwargs.setdefault("tags", ["Climat"])
    return make_article(status=Article.Status.DRAFT, **kwargs)


def problems_of(article: Article) -> list[str]:
    return [str(problem) for problem in publishing.publication_problems(article)]


def test_a_complete_article_passes_the_gate():
    assert problems_of(ready(lead_photo=make_photo())) == []


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"headline": "T" * 111}, "The headline is 111 characters long (at most 110)."),
        ({"standfirst": "S" * 301}, "The standfirst is 301 characters long (at most 300)."),
        ({"standfirst": "   "}, "The standfirst is empty."),
        ({"tags": []}, "The article has no tag."),
        ({"body": "<p>Texte</p><h2> </h2>"}, "The body has an empty sub-heading."),
        ({"body": "<h3>\xa0</h3><p>Texte</p><h2></h2>"}, "The body has 2 empty sub-headings."),
        (
            {"body": '<p><a href="http:/example.org">lien</a></p>'},
            "The link “http:/example.org” in the body is not a well-formed web or e-mail address.",
        ),
        (
            {"body": '<p><a href="javascript:alert(1)">lien</a></p>'},
            "A link in the body has no address (or one that was refused).",
        ),
    ],
)
def test_each_failing_rule_is_refused_with_its_message(changes, message):
    article = ready(**changes)
    with pytest.raises(ValidationError) as error:
        publishing.publish(article, make_editor())
    assert message in error.value.messages
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT


def test_lead_photo_needs_alt_text():
    article = ready(lead_photo=make_photo(alt_text=""))
    assert any("has no alternative text" in p for p in problems_of(article))


def test_every_reason_is_listed_at_once():
    article = ready(headline="T" * 120, standfirst="", tags=[], body="<h2></h2>")
    assert len(problems_of(article)) == 4


def test_limits_come_from_the_settings(settings):
    settings.NEWSROOM_HEADLINE_MAX_LENGTH = 20
    assert "The headline is 25 characters long (at most 20)." in problems_of(
        ready(headline="Un titre de vingt-cinq ca")
    )


@pytest.mark.parametrize(
    ("href", "good"),
    [
        ("https://www.example.org/page?x=1", True),
        ("http://localhost:8000/", True),
        ("mailto:redaction@example.org", True),
        ("http://", False),
        ("https://exa mple.org", False),
        ("ftp://example.org/file", False),
        ("https://example..org/", False),
        ("https://a", False),
        ("/relative/path", False),
        ("mailto:personne", False),
        ("https://example.org:99999/", False),
    ],
)
def test_links_must_be_well_formed_web_or_mail_addresses(href, good):
    assert link_is_well_formed(href) is good


def test_override_with_a_reason_publishes_and_is_recorded():
    editor = make_editor()
    article = ready(standfirst="", tags=[])
    publishing.publish(article, editor, override_reason="Urgence : alerte à compléter")
    assert article.is_published()
    entry = AuditEntry.objects.get(article=article, action=AuditEntry.Action.PUBLISHED)
    assert entry.details["override_reason"] == "Urgence : alerte à compléter"
    assert "The standfirst is empty." in entry.details["overridden_problems"]


def test_expired_rights_cannot_be_overridden():
    photo = make_photo(rights_end_date=timezone.localdate() - timedelta(days=1))
    article = ready(lead_photo=photo)
    with pytest.raises(ValidationError):
        publishing.publish(article, make_editor(), override_reason="On prend le risque")
    assert not Article.objects.published().exists()


def test_writer_cannot_publish_even_with_an_override_reason():
    with pytest.raises(publishing.PublishingRefused):
        publishing.publish(ready(standfirst=""), make_writer(), override_reason="S’il vous plaît")


# --- In the admin -------------------------------------------------------------------


def form_data(article: Article, **overrides) -> dict:
    data = {
        "headline": article.headline,
        "slug": article.slug,
        "standfirst": article.standfirst,
        "body": article.body,
        "lead_photo": "",
        "section": article.section_id,
        "tags": ", ".join(article.tags.names()),
        "language": "fr",
        "status": "published",
        "published_at_0": "",
        "published_at_1": "",
        "loaded_version": article.version,
        "notes-TOTAL_FORMS": "0",
        "notes-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def test_form_lists_every_failure_under_status(editor_client):
    article = ready(standfirst="", tags=[])
    response = editor_client.post(change_url(article), form_data(article, tags=""))
    errors = response.context["adminform"].form.errors["status"]
    assert "The standfirst is empty." in errors
    assert "The article has no tag." in errors


def test_form_override_with_reason_publishes_and_audit_shows_it(editor_client):
    article = ready(standfirst="")
    data = form_data(article, publish_override="on", override_reason="Alerte : le chapô suit")
    assert editor_client.post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    assert article.is_published()
    entry = AuditEntry.objects.get(article=article)
    assert entry.details["override_reason"] == "Alerte : le chapô suit"
    audit_page = editor_client.get(reverse("admin:articles_auditentry_change", args=[entry.pk]))
    assert "Alerte : le chapô suit" in audit_page.content.decode()


def test_form_override_without_reason_is_refused(editor_client):
    article = ready(standfirst="")
    response = editor_client.post(change_url(article), form_data(article, publish_override="on"))
    assert response.context["adminform"].form.has_error("override_reason")
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT


def test_writers_get_no_override_fields(writer_client, writer):
    article = ready(created_by=writer, standfirst="")
    form = writer_client.get(change_url(article)).context["adminform"].form
    assert "publish_override" not in form.fields
    assert "override_reason" not in form.fields


def bulk(client, articles, **extra):
    data = {"action": "publish_now", "_selected_action": [a.pk for a in articles], **extra}
    return client.post(CHANGELIST, data)


def test_bulk_publish_lists_problems_per_article_and_publishes_nothing(editor_client):
    good, bad = ready(), ready(headline="Sans chapô", standfirst="")
    response = bulk(editor_client, [good, bad])
    assert "The standfirst is empty." in response.content.decode()
    assert "Publish despite the checks" in response.content.decode()
    assert not Article.objects.published().exists()


def test_bulk_override_with_a_reason_publishes_all_and_records_it(editor_client):
    good, bad = ready(), ready(standfirst="")
    bulk(editor_client, [good, bad], override="1", override_reason="Bouclage, chapô ensuite")
    assert Article.objects.published().count() == 2
    entry = AuditEntry.objects.get(article=bad)
    assert entry.details["override_reason"] == "Bouclage, chapô ensuite"


def test_bulk_override_without_a_reason_is_refused(editor_client):
    bad = ready(standfirst="")
    bulk(editor_client, [bad], override="1", override_reason="  ")
    assert not Article.objects.published().exists()
