"""The article form puts the text in front and publication and filing beside it."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_text_in_front_and_publication_in_the_sidebar(editor_client):
    html = editor_client.get(reverse("admin:articles_article_add")).content.decode()
    main = html[html.index('class="article-main"') : html.index('class="article-side"')]
    side = html[html.index('class="article-side"') :]
    for field in ("id_headline", "id_standfirst", "id_body"):
        assert f'id="{field}"' in main
    for field in ("id_status", "id_section", "id_lead_photo", "id_tags", "id_language"):
        assert f'id="{field}"' in side
        assert f'id="{field}"' not in main
    # The sidebar stays inside the form, before its buttons.
    assert html.index('class="article-side"') < html.index('name="_save"')


def test_refused_publication_lists_its_problems_atop_the_form_linked_to_fields(editor_client):
    from articles.models import Article
    from tests.factories import make_article, make_photo
    from tests.test_admin import article_data

    photo = make_photo(alt_text="")
    article = make_article(status=Article.Status.DRAFT, standfirst="", lead_photo=photo)
    data = article_data(article, status="published", standfirst="", tags="")
    response = editor_client.post(reverse("admin:articles_article_change", args=[article.pk]), data)
    html = response.content.decode()
    top = html[html.index('id="prepublish-problems"') : html.index('class="article-layout"')]
    assert "3 problems stop the publication" in top
    assert 'href="#id_standfirst"' in top
    assert 'href="#id_tags"' in top
    assert f'href="{reverse("admin:articles_photo_change", args=[photo.pk])}"' in top
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT


def test_sidebar_lists_the_checks_before_anyone_presses_publish(editor_client):
    from articles.models import Article
    from tests.factories import make_article

    draft = make_article(status=Article.Status.DRAFT, standfirst="")
    html = editor_client.get(
        reverse("admin:articles_article_change", args=[draft.pk])
    ).content.decode()
    side = html[html.index('class="article-side"') :]
    assert 'id="prepublish-checklist"' in side
    assert "The standfirst is empty." in side
    ready = make_article(status=Article.Status.DRAFT, tags=["Climat"])
    html = editor_client.get(
        reverse("admin:articles_article_change", args=[ready.pk])
    ).content.decode()
    assert "Ready to publish" in html
