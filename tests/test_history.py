"""Article history: every save keeps a version; editors compare and restore them."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from reversion.models import Version

from articles import history
from articles.models import Article, AuditEntry
from tests.factories import make_article, make_author, make_editor, make_writer
from tests.test_admin import action, article_data, change_url

pytestmark = pytest.mark.django_db

HOSTILE_HEADLINE = "<img src=x onerror=alert(1)>"


def history_url(article):
    return reverse("admin:articles_article_history", args=[article.pk])


def compare_url(article, old=None, new=None):
    url = reverse("admin:articles_article_compare", args=[article.pk])
    if old and new:
        url += f"?from={old.pk}&to={new.pk}"
    return url


def restore_url(article, version):
    return reverse("admin:articles_article_restore", args=[article.pk, version.pk])


def editor_session() -> Client:
    """An editor's browser, separate from the writer's (the fixtures share one client)."""
    client = Client()
    client.force_login(make_editor())
    return client


def versions(article):
    return list(Version.objects.get_for_object(article))


def edited_twice(client, **first):
    """An article saved through the admin twice: old headline, then a new one."""
    article = make_article(headline="Titre d’origine", **first)
    client.post(change_url(article), article_data(article, headline="Titre corrigé"))
    article.refresh_from_db()
    return article


# --- Versions are kept --------------------------------------------------------------


def test_an_admin_save_keeps_a_version_with_its_user_and_what_changed(editor_client, editor):
    article = make_article(headline="Titre d’origine")
    editor_client.post(change_url(article), article_data(article, headline="Titre corrigé"))
    latest = versions(article)[0]
    assert latest.field_dict["headline"] == "Titre corrigé"
    assert latest.revision.user == editor
    assert "Headline" in latest.revision.comment


def test_saves_outside_the_admin_keep_a_version_too():
    article = make_article(headline="Importé", status=Article.Status.DRAFT)
    article.headline = "Importé puis corrigé"
    article.save()
    assert [v.field_dict["headline"] for v in versions(article)] == [
        "Importé puis corrigé",
        "Importé",
    ]


def test_publishing_from_the_list_keeps_a_version_by_the_editor(editor_client, editor):
    article = make_article(tags=["Climat"], status=Article.Status.DRAFT)
    action(editor_client, "publish_now", [article])
    latest = versions(article)[0]
    assert latest.field_dict["status"] == "published"
    assert latest.revision.user == editor


def test_a_version_holds_the_tags_and_the_authors(editor_client):
    author = make_author(name="Inès Garnier")
    article = make_article(tags=["climat"], authors=[author])
    editor_client.post(change_url(article), article_data(article, tags="climat, énergie"))
    data = history.version_data(versions(article)[0])
    assert history.display("tags", data["tags"]) == "climat, énergie"
    assert history.display("authors", data["authors"]) == "Inès Garnier"


# --- History and comparison pages ----------------------------------------------------


def test_the_history_page_lists_the_versions(editor_client):
    article = edited_twice(editor_client)
    response = editor_client.get(history_url(article))
    assert response.status_code == 200
    assert [v.pk for v in response.context["versions"]] == [v.pk for v in versions(article)]


def test_comparing_two_versions_shows_the_changed_fields(editor_client):
    article = edited_twice(editor_client)
    new, old = versions(article)[:2]
    response = editor_client.get(compare_url(article, old, new))
    rows = {row.field: row for row in response.context["rows"]}
    assert rows["headline"].changed
    assert not rows["section"].changed
    assert "<del>Titre d’origine</del>" in response.text
    assert "<ins>Titre corrigé</ins>" in response.text


def test_the_body_diff_marks_removed_and_added_paragraphs(editor_client):
    article = make_article(body="<p>Premier.</p><p>Ancien second.</p>")
    editor_client.post(
        change_url(article), article_data(article, body="<p>Premier.</p><p>Nouveau second.</p>")
    )
    response = editor_client.get(compare_url(article))
    assert "<p>Premier.</p>" in response.text
    assert "<p><del>Ancien second.</del></p>" in response.text
    assert "<p><ins>Nouveau second.</ins></p>" in response.text


def test_a_writers_hostile_headline_is_escaped_in_history_and_diff(writer_client, writer):
    article = make_article(created_by=writer, status=Article.Status.DRAFT)
    writer_client.post(change_url(article), article_data(article, headline=HOSTILE_HEADLINE))
    writer_client.post(
        change_url(article),
        article_data(article, headline=HOSTILE_HEADLINE, body=f"<p>{HOSTILE_HEADLINE}x</p>"),
    )
    for url in (history_url(article), compare_url(article)):
        response = writer_client.get(url)
        assert response.status_code == 200
        assert HOSTILE_HEADLINE not in response.text
        assert "&lt;img src=x onerror=alert(1)&gt;" in response.text


@pytest.mark.parametrize("page", ["history", "compare", "restore"])
def test_writers_get_403_on_the_history_of_articles_they_may_not_edit(writer_client, page):
    article = edited_twice(editor_session(), created_by=make_writer())
    urls = {
        "history": history_url(article),
        "compare": compare_url(article),
        "restore": restore_url(article, versions(article)[-1]),
    }
    method = writer_client.post if page == "restore" else writer_client.get
    assert method(urls[page]).status_code == 403
    assert Article.objects.get(pk=article.pk).headline == "Titre corrigé"


def test_reversions_own_revert_views_are_not_exposed(editor_client):
    article = edited_twice(editor_client)
    url = f"{change_url(article)}history/{versions(article)[-1].pk}/"
    response = editor_client.get(url)
    assert response.status_code in (302, 404)
    assert "revert" not in response.text.lower()


def test_a_version_of_another_article_is_not_found(editor_client):
    article, other = edited_twice(editor_client), edited_twice(editor_client)
    response = editor_client.post(restore_url(article, versions(other)[0]))
    assert response.status_code == 404


# --- Restoring ------------------------------------------------------------------------


def test_restoring_brings_back_an_earlier_version_as_a_new_one(editor_client, editor):
    author = make_author()
    article = make_article(headline="Titre d’origine", tags=["climat"], authors=[author])
    editor_client.post(
        change_url(article),
        article_data(article, headline="Titre corrigé", tags="énergie", authors=[]),
    )
    before_edit = versions(article)[1]
    count = len(versions(article))
    response = editor_client.post(restore_url(article, before_edit))
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.headline == "Titre d’origine"
    assert [t.name for t in article.tags.all()] == ["climat"]
    assert list(article.authors.all()) == [author]
    assert len(versions(article)) == count + 1
    assert versions(article)[0].revision.user == editor
    assert AuditEntry.objects.filter(article=article, action="reverted", user=editor).exists()


def test_a_writer_cannot_restore_their_article_into_published(writer_client, writer):
    article = make_article(created_by=writer, headline="En ligne")
    assert article.is_published()
    editor_session().post(change_url(article), article_data(article, status="draft"))
    published_version = versions(article)[-1]
    assert published_version.field_dict["status"] == "published"

    writer_client.post(restore_url(article, published_version))
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    assert not article.is_published()
