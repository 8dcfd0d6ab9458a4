"""The admin start page is a desk: each person sees what needs them now."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, ArticleRevision, AuditEntry
from tests.factories import make_article, make_author, make_photo

pytestmark = pytest.mark.django_db

DESK = reverse("admin:index")


def panel(html: str, key: str) -> str:
    start = html.index(f'id="desk-{key}"')
    return html[start : html.index("</section>", start)]


def test_editor_desk_lists_what_waits_for_review(editor_client):
    waiting = make_article(headline="Une dépêche à relire", status=Article.Status.REVIEW)
    make_article(headline="Un brouillon tranquille", status=Article.Status.DRAFT)
    html = editor_client.get(DESK).content.decode()
    assert waiting.headline in panel(html, "review")
    assert "Un brouillon tranquille" not in panel(html, "review")
    assert reverse("admin:articles_article_change", args=[waiting.pk]) in html


def test_editor_desk_lists_changes_to_live_articles(editor_client, writer):
    live = make_article(headline="Le budget voté")
    ArticleRevision.objects.create(
        article=live, data={"headline": "Le budget adopté"}, created_by=writer
    )
    html = editor_client.get(DESK).content.decode()
    assert "Le budget voté" in panel(html, "live-edits")
    assert "writer" in panel(html, "live-edits")


def test_editor_desk_shows_today_embargoes_overdue_and_rights(editor_client):
    now = timezone.now()
    make_article(headline="Tombe dans une heure", published_at=now + timedelta(hours=1))
    make_article(
        headline="Sous embargo jusqu’à demain",
        published_at=now + timedelta(hours=30),
        is_embargoed=True,
    )
    make_article(
        headline="Enquête promise hier",
        status=Article.Status.DRAFT,
        planned_for=now - timedelta(days=1),
    )
    photo = make_photo(rights_end_date=timezone.localdate() + timedelta(days=3))
    html = editor_client.get(DESK).content.decode()
    if timezone.localtime(now + timedelta(hours=1)).date() == timezone.localdate():
        assert "Tombe dans une heure" in panel(html, "today")
    assert "Sous embargo jusqu’à demain" in panel(html, "embargoes")
    assert "Enquête promise hier" in panel(html, "overdue")
    assert reverse("admin:articles_photo_change", args=[photo.pk]) in panel(html, "rights")


def test_empty_panels_say_so(editor_client):
    html = editor_client.get(DESK).content.decode()
    assert "Nothing waits for review." in panel(html, "review")


def test_writer_desk_shows_own_drafts_and_what_came_back(writer_client, writer, editor):
    author = make_author("Claire Dubois", user=writer)
    draft = make_article(headline="Mon brouillon", status=Article.Status.DRAFT, authors=[author])
    returned = make_article(
        headline="Renvoyé pour reprise", status=Article.Status.DRAFT, created_by=writer
    )
    AuditEntry.objects.create(article=returned, action=AuditEntry.Action.RETURNED, user=editor)
    make_article(headline="Le brouillon d’un autre", status=Article.Status.DRAFT)
    html = writer_client.get(DESK).content.decode()
    assert draft.headline in panel(html, "drafts")
    assert returned.headline in panel(html, "returned")
    assert returned.headline not in panel(html, "drafts")
    assert "Le brouillon d’un autre" not in html
    assert 'id="desk-review"' not in html  # an editor's panel


def test_desk_queries_stay_flat(editor_client, django_assert_max_num_queries):
    for n in range(12):
        make_article(headline=f"À relire {n}", status=Article.Status.REVIEW)
    with django_assert_max_num_queries(25):
        editor_client.get(DESK)


def test_a_new_article_is_signed_by_its_writer(writer_client, writer):
    author = make_author("Claire Dubois", user=writer)
    html = writer_client.get(reverse("admin:articles_article_add")).content.decode()
    assert f'<option value="{author.pk}" selected>' in html


def test_french_admin_titles_read_naturally(editor_client, french):
    html = editor_client.get(reverse("admin:articles_article_add")).content.decode()
    assert "Ajout de article" not in html
    assert "Ajouter\u00a0: article" in html


def test_partner_link_comes_with_a_copy_button(editor_client):
    article = make_article(status=Article.Status.DRAFT)
    url = reverse("admin:articles_article_partner_link", args=[article.pk])
    html = editor_client.post(url, {"lifetime": "24"}).content.decode()
    assert 'id="partner-link"' in html
    assert 'data-copy-target="partner-link"' in html
    assert "newsroom-copy.js" in html


def test_photo_picker_answers_with_thumbnail_caption_and_credit(editor_client):
    from tests.factories import make_credit

    photo = make_photo(caption="Le port au petit matin", credit=make_credit("Ana Ruiz/EFE"))
    response = editor_client.get(
        reverse("admin:autocomplete"),
        {
            "term": "port",
            "app_label": "articles",
            "model_name": "article",
            "field_name": "lead_photo",
        },
    )
    (result,) = response.json()["results"]
    assert result["id"] == str(photo.pk)
    assert result["caption"] == "Le port au petit matin"
    assert "EFE" in result["credit"]
    assert result["thumb"] == photo.image.url
    assert "EFE" in result["text"]


def test_article_form_shows_the_chosen_lead_photo(editor_client):
    photo = make_photo(caption="Le port au petit matin", alt_text="Des chalutiers à quai")
    article = make_article(lead_photo=photo)
    html = editor_client.get(
        reverse("admin:articles_article_change", args=[article.pk])
    ).content.decode()
    start = html.index('id="lead-photo-initial"')
    data = json.loads(html[html.index(">", start) + 1 : html.index("</script>", start)])
    assert data["alt"] == "Des chalutiers à quai"
    assert data["caption"] == "Le port au petit matin"
    assert "newsroom-photo-picker.js" in html
