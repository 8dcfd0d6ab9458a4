"""
After a save, the article form says what happened ("“X” was sent for review"),
never Django's generic "was added/changed successfully".
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.messages import SUCCESS
from django.utils import timezone

from articles.models import Article
from tests.factories import make_article
from tests.test_admin import ADD, article_data, change_url

pytestmark = pytest.mark.django_db

HEADLINE = "Un nouvel accord sur le climat"


@pytest.fixture(autouse=True)
def english_admin(settings):
    settings.LANGUAGE_CODE = "en"


def said(client, url, data, **headers) -> list[str]:
    response = client.post(url, data, follow=True, **headers)
    assert response.redirect_chain, response.context["adminform"].form.errors
    texts = [str(m) for m in response.context["messages"] if m.level == SUCCESS]
    assert not any("successfully" in text or "avec succès" in text for text in texts)
    return texts


def draft(**kwargs) -> Article:
    return make_article(headline=HEADLINE, status=Article.Status.DRAFT, tags=["Climat"], **kwargs)


def test_adding_a_draft_says_the_draft_was_saved(editor_client):
    assert said(editor_client, ADD, article_data()) == [f"Draft “{HEADLINE}” saved."]


def test_submitting_for_review_says_so(writer_client, writer):
    article = draft(created_by=writer)
    messages = said(writer_client, change_url(article), article_data(article, status="review"))
    assert messages == [f"“{HEADLINE}” was sent for review."]


def test_submitting_for_review_says_so_in_french(writer_client, writer, settings):
    settings.LANGUAGE_CODE = "fr"
    article = draft(created_by=writer)
    messages = said(
        writer_client,
        change_url(article),
        article_data(article, status="review"),
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    assert messages == [f"Article «\u00a0{HEADLINE}\u00a0» envoyé en relecture."]


def test_publishing_says_readers_see_it(editor_client):
    article = draft()
    messages = said(editor_client, change_url(article), article_data(article, status="published"))
    assert messages == [f"“{HEADLINE}” is published: readers see it now."]


def test_scheduling_says_when(editor_client):
    article = draft()
    at = timezone.localtime(timezone.now() + timedelta(days=2)).replace(second=0, microsecond=0)
    data = article_data(
        article,
        status="published",
        published_at_0=at.strftime("%Y-%m-%d"),
        published_at_1=at.strftime("%H:%M:%S"),
    )
    [message] = said(editor_client, change_url(article), data)
    assert message.startswith(f"“{HEADLINE}” is scheduled: it will be published on ")
    assert str(at.year) in message


def test_returning_to_the_writer_says_so(editor_client, writer):
    article = draft(created_by=writer)
    article.status = Article.Status.REVIEW
    article.save()
    messages = said(editor_client, change_url(article), article_data(article, status="draft"))
    assert messages == [f"“{HEADLINE}” was returned to its writer."]


def test_withdrawing_says_so(writer_client, writer):
    article = draft(created_by=writer)
    article.status = Article.Status.REVIEW
    article.save()
    messages = said(writer_client, change_url(article), article_data(article, status="draft"))
    assert messages == [f"“{HEADLINE}” was withdrawn from review: it is a draft again."]


def test_unpublishing_says_it_left_the_site(editor_client):
    article = make_article(headline=HEADLINE, tags=["Climat"])
    messages = said(editor_client, change_url(article), article_data(article, status="draft"))
    assert messages == [f"“{HEADLINE}” was taken off the site (now: draft)."]


def test_updating_a_published_article_says_readers_see_the_new_version(editor_client):
    article = make_article(headline=HEADLINE, tags=["Climat"])
    messages = said(
        editor_client, change_url(article), article_data(article, standfirst="Autre chapô.")
    )
    assert messages == [f"“{HEADLINE}” was updated: readers see the new version."]


def test_a_writers_live_edit_says_it_awaits_review(writer_client, writer):
    article = make_article(headline=HEADLINE, tags=["Climat"], created_by=writer)
    messages = said(
        writer_client, change_url(article), article_data(article, standfirst="Autre chapô.")
    )
    assert messages == [
        f"Your changes to “{HEADLINE}” await an editor’s review: "
        "readers still see the published version."
    ]


def test_saving_a_draft_again_says_the_draft_was_saved(editor_client):
    article = draft()
    messages = said(
        editor_client, change_url(article), article_data(article, standfirst="Autre chapô.")
    )
    assert messages == [f"Draft “{HEADLINE}” saved."]
