"""Costly inputs are bounded: long comparisons are cut and say so, huge bodies are refused."""

from __future__ import annotations

import pytest
from django.urls import reverse

from articles import history
from articles.diffing import MAX_DIFF_CHARS, diff_paragraphs
from articles.editing.limits import BODY_MAX_CHARS
from articles.models import Article, PreviousSlug
from tests.factories import make_article
from tests.test_admin import article_data, change_url

pytestmark = pytest.mark.django_db


def paragraphs(count: int, word: str) -> str:
    return "".join(f"<p>{word} {n} " + "texte " * 40 + "</p>" for n in range(count))


def compare_page(client, article):
    versions = list(history.versions_of(article))
    url = reverse("admin:articles_article_compare", args=[article.pk])
    return client.get(url, {"from": versions[-1].pk, "to": versions[0].pk})


def test_comparing_two_long_and_different_versions_is_cut_and_says_so(editor_client):
    article = make_article(body=paragraphs(3000, "Avant"))
    article.body = paragraphs(3000, "Après")
    article.save()

    page = compare_page(editor_client, article)

    assert page.status_code == 200
    assert "Diff truncated" in page.text
    assert page.text.count("<del>") + page.text.count("<ins>") <= 2 * 1000


def test_a_small_change_in_a_long_article_is_shown_whole_with_the_rest_folded(editor_client):
    article = make_article(body=paragraphs(1000, "Même"))
    article.body = article.body.replace("<p>Même 500 ", "<p>Changé 500 ")
    article.save()

    page = compare_page(editor_client, article)

    assert "<del>Même 500 " in page.text
    assert "<ins>Changé 500 " in page.text
    assert "… 498 unchanged paragraphs …" in page.text
    assert "… 497 unchanged paragraphs …" in page.text
    assert "Diff truncated" not in page.text


def test_the_diff_shows_a_bounded_amount_of_text():
    huge = ["x" * 4000 + str(n) for n in range(2000)]
    diff = diff_paragraphs([], huge)
    assert diff.truncated
    assert len(diff.html) < 2 * MAX_DIFF_CHARS


@pytest.mark.parametrize("body", ["<" * 1_000_000, "<" * (BODY_MAX_CHARS // 2)])
def test_an_oversized_body_is_a_form_error_and_nothing_is_saved(editor_client, body):
    article = make_article(status=Article.Status.DRAFT)
    response = editor_client.post(change_url(article), article_data(article, body=body))
    assert response.status_code == 200
    assert "The body is too long" in str(response.context["adminform"].form.errors["body"])
    assert Article.objects.get(pk=article.pk).body == article.body


def test_a_long_feature_is_well_within_the_limit(editor_client):
    article = make_article(status=Article.Status.DRAFT)
    body = paragraphs(250, "Grand format")  # about 10,000 words
    response = editor_client.post(change_url(article), article_data(article, body=body))
    assert response.status_code == 302
    assert Article.objects.get(pk=article.pk).body.count("<p>") == 250


def test_restoring_a_slug_now_used_by_another_article_keeps_the_current_one(editor_client):
    article = make_article(
        slug="premier-titre", headline="Premier titre", status=Article.Status.DRAFT
    )
    first = history.versions_of(article).first()
    article.slug = "second-titre"
    article.save()
    # The old address was let go, and another article took it.
    PreviousSlug.objects.filter(slug="premier-titre").delete()
    make_article(slug="premier-titre", headline="Un autre article")

    url = reverse("admin:articles_article_restore", args=[article.pk, first.pk])
    response = editor_client.post(url, follow=True)

    assert response.status_code == 200
    assert Article.objects.get(pk=article.pk).slug == "second-titre"
    assert "Left as they are (editors’ fields, or taken since): slug." in response.text
