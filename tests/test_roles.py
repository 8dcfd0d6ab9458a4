"""Writers and editors, enforced by the server on every admin URL."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, AuditEntry, Author
from tests.factories import make_article, make_author, make_writer
from tests.test_admin import ADD, CHANGELIST, action, article_data, change_url

pytestmark = pytest.mark.django_db


def own_draft(writer, **kwargs) -> Article:
    kwargs.setdefault("status", Article.Status.DRAFT)
    return make_article(created_by=writer, **kwargs)


def status_choices(response) -> list[str]:
    return [value for value, _label in response.context["adminform"].form.fields["status"].choices]


# --- What a writer may do ---------------------------------------------------


def test_writer_sees_every_article_in_the_list(writer_client):
    mine = make_article(status=Article.Status.DRAFT)
    theirs = make_article()
    response = writer_client.get(CHANGELIST)
    assert response.status_code == 200
    assert {mine, theirs} <= set(response.context["cl"].result_list)


def test_writer_creates_a_draft_that_is_theirs(writer_client, writer):
    response = writer_client.post(ADD, article_data())
    assert response.status_code == 302
    article = Article.objects.get()
    assert article.status == Article.Status.DRAFT
    assert article.created_by == writer


def test_writer_may_only_choose_draft_or_review(writer_client):
    assert status_choices(writer_client.get(ADD)) == ["draft", "review"]


def test_editor_may_choose_published(editor_client):
    assert "published" in status_choices(editor_client.get(ADD))


def test_writer_submits_their_draft_for_review_from_the_form(writer_client, writer):
    article = own_draft(writer)
    response = writer_client.post(change_url(article), article_data(article, status="review"))
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Article.Status.REVIEW


def test_writer_edits_an_article_they_sign(writer_client, writer):
    author = make_author("Claire Dubois", user=writer)
    article = make_article(status=Article.Status.REVIEW, authors=[author])
    data = article_data(article, headline="Titre corrigé par l’autrice")
    assert writer_client.post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    assert article.headline == "Titre corrigé par l’autrice"


def test_writer_submit_for_review_action_works_on_their_drafts(writer_client, writer):
    article = own_draft(writer)
    action(writer_client, "submit_for_review", [article])
    article.refresh_from_db()
    assert article.status == Article.Status.REVIEW


def test_writer_can_upload_a_photo(writer_client):
    assert writer_client.get(reverse("admin:articles_photo_add")).status_code == 200


# --- What a writer may not do ----------------------------------------------


def test_writer_forging_published_on_a_new_article_creates_nothing(writer_client):
    past = timezone.localtime(timezone.now() - timedelta(hours=1))
    data = article_data(
        status="published",
        published_at_0=past.strftime("%Y-%m-%d"),
        published_at_1=past.strftime("%H:%M:%S"),
    )
    response = writer_client.post(ADD, data)
    assert response.status_code == 200
    assert response.context["adminform"].form.has_error("status")
    assert not Article.objects.exists()


def test_writer_forging_published_on_their_draft_leaves_it_unchanged(writer_client, writer):
    article = own_draft(writer, headline="Brouillon du matin")
    data = article_data(article, status="published", headline="Titre modifié")
    response = writer_client.post(change_url(article), data)
    assert response.status_code == 200
    assert response.context["adminform"].form.has_error("status")
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    assert article.headline == "Brouillon du matin"
    assert article not in Article.objects.published()


def test_writer_forging_a_publication_date_is_refused_and_audited(writer_client, writer):
    article = own_draft(writer)
    future = timezone.localtime(timezone.now() + timedelta(days=1))
    data = article_data(
        article,
        status="review",
        published_at_0=future.strftime("%Y-%m-%d"),
        published_at_1=future.strftime("%H:%M:%S"),
    )
    response = writer_client.post(change_url(article), data)
    assert response.status_code == 200
    article.refresh_from_db()
    assert article.published_at is None
    assert article.status == Article.Status.DRAFT
    refusal = AuditEntry.objects.get(article=article, action=AuditEntry.Action.REFUSED)
    assert refusal.user == writer
    assert "published_at" in refusal.details["attempted"]


@pytest.mark.parametrize("name", ["publish_now", "schedule", "send_back_to_draft"])
def test_writer_is_not_offered_publishing_actions(writer_client, name):
    make_article()
    actions = writer_client.get(CHANGELIST).context["action_form"].fields["action"].choices
    assert name not in [value for value, _label in actions]


def test_writer_posting_publish_now_changes_nothing(writer_client, writer):
    article = own_draft(writer)
    action(writer_client, "publish_now", [article])
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT


def test_writer_posting_schedule_changes_nothing(writer_client, writer):
    article = own_draft(writer)
    at = timezone.localtime(timezone.now() + timedelta(days=2))
    writer_client.post(
        CHANGELIST,
        {
            "action": "schedule",
            "_selected_action": [article.pk],
            "publish_at": at.strftime("%Y-%m-%dT%H:%M"),
            "apply": "1",
        },
    )
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    assert article.published_at is None


def test_writer_posting_send_back_to_draft_changes_nothing(writer_client):
    article = make_article()
    action(writer_client, "send_back_to_draft", [article])
    article.refresh_from_db()
    assert article.is_published()


def test_writer_cannot_change_someone_elses_published_article(writer_client):
    article = make_article(headline="Article d’un collègue", created_by=make_writer())
    response = writer_client.post(change_url(article), article_data(article, headline="Piraté"))
    assert response.status_code == 403
    article.refresh_from_db()
    assert article.headline == "Article d’un collègue"


def test_writer_cannot_change_someone_elses_draft(writer_client):
    article = make_article(status=Article.Status.DRAFT, created_by=make_writer())
    response = writer_client.post(change_url(article), article_data(article, headline="Piraté"))
    assert response.status_code == 403
    article.refresh_from_db()
    assert article.headline != "Piraté"


def test_writer_opening_someone_elses_article_gets_a_read_only_page(writer_client):
    article = make_article(created_by=make_writer())
    response = writer_client.get(change_url(article))
    assert response.status_code == 200
    assert response.context["has_change_permission"] is False
    assert 'name="_save"' not in response.content.decode()


def test_writer_cannot_submit_someone_elses_draft(writer_client):
    article = make_article(status=Article.Status.DRAFT, created_by=make_writer())
    action(writer_client, "submit_for_review", [article])
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT


def test_writer_cannot_unpublish_their_own_published_article_from_the_form(writer_client, writer):
    article = make_article(created_by=writer, headline="Mon article en ligne")
    data = article_data(article, status="draft", headline="Mon article en ligne, corrigé")
    assert writer_client.post(change_url(article), data).status_code == 200
    article.refresh_from_db()
    assert article.headline == "Mon article en ligne"
    assert article.is_published()
    refusal = AuditEntry.objects.get(article=article, action=AuditEntry.Action.REFUSED)
    assert refusal.details["attempted"]["status"] == "draft"


def test_writer_cannot_delete_someone_elses_article(writer_client):
    article = make_article(created_by=make_writer(), status=Article.Status.DRAFT)
    url = reverse("admin:articles_article_delete", args=[article.pk])
    assert writer_client.post(url, {"post": "yes"}).status_code == 403
    article.refresh_from_db()
    assert article.deleted_at is None


def test_writer_cannot_manage_sections(writer_client):
    assert writer_client.get(reverse("admin:articles_section_add")).status_code == 403


# --- Editors ------------------------------------------------------------------


def test_editor_changes_anyones_article(editor_client):
    article = make_article(created_by=make_writer(), status=Article.Status.REVIEW, tags=["Climat"])
    data = article_data(article, headline="Relu et corrigé", status="published")
    assert editor_client.post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    assert article.headline == "Relu et corrigé"
    assert article.is_published()


@pytest.mark.parametrize("model", ["section", "author", "tag", "photo", "photocredit", "agency"])
def test_editor_manages_all_content(editor_client, model):
    assert editor_client.get(reverse(f"admin:articles_{model}_add")).status_code == 200
    assert editor_client.get(reverse(f"admin:articles_{model}_changelist")).status_code == 200


def test_editor_deletes_an_article(editor_client):
    article = make_article()
    url = reverse("admin:articles_article_delete", args=[article.pk])
    assert editor_client.post(url, {"post": "yes"}).status_code == 302
    # Deleting is moving to the bin (tests/test_bin.py): the row stays, restorable.
    assert Article.objects.get(pk=article.pk).deleted_at is not None


def test_editor_links_an_author_to_a_login(editor_client, writer):
    response = editor_client.post(
        reverse("admin:articles_author_add"),
        {"name": "Léo Marchand", "slug": "leo-marchand", "bio": "", "user": writer.pk},
    )
    assert response.status_code == 302
    assert Author.objects.get(slug="leo-marchand").user == writer


# --- Neither manages users --------------------------------------------------


@pytest.mark.parametrize("role", ["writer", "editor"])
@pytest.mark.parametrize(
    "url_name", ["admin:auth_user_changelist", "admin:auth_group_changelist", "admin:auth_user_add"]
)
def test_no_role_manages_users_or_groups(client, request, role, url_name):
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse(url_name)).status_code == 403


@pytest.mark.parametrize("status", [Article.Status.DRAFT, Article.Status.REVIEW])
def test_writer_gets_403_on_the_preview_of_someone_elses_unpublished_article(client, status):
    from tests.factories import make_article, make_writer

    other = make_writer(username="autre")
    article = make_article(status=status, published_at=None, created_by=other)
    client.force_login(make_writer(username="curieux"))

    assert client.get(article.get_absolute_url()).status_code == 403


def test_writer_previews_their_own_draft(client):
    from tests.factories import make_article, make_writer

    writer = make_writer(username="autrice")
    article = make_article(status=Article.Status.DRAFT, published_at=None, created_by=writer)
    client.force_login(writer)

    response = client.get(article.get_absolute_url())

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_staff_without_article_permissions_cannot_preview(client):
    from tests.factories import make_article, make_user

    article = make_article(status=Article.Status.DRAFT, published_at=None)
    client.force_login(make_user(username="stagiaire", is_staff=True))

    assert client.get(article.get_absolute_url()).status_code == 403
