"""Dated corrections, clarifications and updates: article page, JSON-LD, feeds, corrections page."""

from __future__ import annotations

import importlib
import json
import re
from datetime import timedelta

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, ArticleNote
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def json_ld_article(html: str) -> dict:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return next(d for d in map(json.loads, blocks) if d["@type"] == "NewsArticle")


def test_notes_are_shown_at_the_end_of_the_article_with_kind_and_date(client):
    article = make_article()
    article.notes.create(kind=ArticleNote.Kind.CORRECTION, text="Le maire s’appelle Martin.")
    article.notes.create(kind=ArticleNote.Kind.UPDATE, text="Le conseil a voté à 21 h.")
    html = client.get(article.get_absolute_url()).content.decode()
    body_end = html.index('class="article-body"')
    # (the JSON-LD in <head> carries the texts too)
    assert html.rindex("Le maire s’appelle Martin.") > body_end
    assert 'class="note note-correction"' in html
    assert 'class="note note-update"' in html
    assert html.rindex("Le maire") < html.rindex("Le conseil")


def test_note_text_is_escaped(client):
    article = make_article()
    article.notes.create(text="<script>alert(1)</script>")
    html = client.get(article.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in html


def test_notes_dated_in_the_future_are_not_shown_yet(client):
    article = make_article()
    article.notes.create(text="Pas encore", published_at=timezone.now() + timedelta(hours=1))
    assert "Pas encore" not in client.get(article.get_absolute_url()).content.decode()


def test_json_ld_carries_correction_comments_and_date_modified_moves(client):
    article = make_article(published_at=timezone.now() - timedelta(days=3))
    when = timezone.now() - timedelta(hours=2)
    article.notes.create(text="Chiffre corrigé : 12 et non 21.", published_at=when)
    Article.objects.filter(pk=article.pk).update(updated_at=article.published_at)
    html = client.get(article.get_absolute_url()).content.decode()
    data = json_ld_article(html)
    assert data["correction"] == [
        {
            "@type": "CorrectionComment",
            "text": "Chiffre corrigé : 12 et non 21.",
            "datePublished": timezone.localtime(when).isoformat(timespec="seconds"),
        }
    ]
    assert data["dateModified"] == timezone.localtime(when).isoformat(timespec="seconds")
    assert 'class="updated"' in html


def test_feed_item_description_includes_the_notes(client):
    article = make_article(standfirst="Le chapô.")
    article.notes.create(kind=ArticleNote.Kind.CLARIFICATION, text="Précision sur le lieu.")
    rss = client.get("/flux/").content.decode()
    assert "Le chapô." in rss
    # The item speaks its article's language: a French article's note is a "Précision".
    assert "Précision (" in rss
    assert "Précision sur le lieu." in rss


def test_corrections_page_lists_corrections_newest_first_with_links(client):
    old = make_article(headline="Ancien article")
    new = make_article(headline="Nouvel article")
    old.notes.create(text="Première correction", published_at=timezone.now() - timedelta(days=2))
    new.notes.create(text="Seconde correction", published_at=timezone.now() - timedelta(hours=1))
    new.notes.create(kind=ArticleNote.Kind.UPDATE, text="Simple mise à jour")
    html = client.get("/corrections/").content.decode()
    assert html.index("Seconde correction") < html.index("Première correction")
    assert "Simple mise à jour" not in html
    assert f'href="{new.get_absolute_url()}#note-' in html


def test_corrections_of_unpublished_articles_stay_hidden(client):
    draft = make_article(status=Article.Status.DRAFT)
    scheduled = make_article(published_at=timezone.now() + timedelta(days=1))
    draft.notes.create(text="Correction d’un brouillon")
    scheduled.notes.create(text="Correction programmée")
    for address in ("/corrections/", "/corrections/flux/", "/corrections/flux/atom/"):
        content = client.get(address).content.decode()
        assert "Correction d’un brouillon" not in content
        assert "Correction programmée" not in content


def test_corrections_page_is_paginated(client):
    article = make_article()
    ArticleNote.objects.bulk_create(
        ArticleNote(article=article, text=f"Correction {n}") for n in range(21)
    )
    assert client.get("/corrections/?page=2").status_code == 200
    assert client.get("/corrections/?page=3").status_code == 404


def test_corrections_feeds_list_corrections(client):
    article = make_article(headline="Le budget voté")
    article.notes.create(text="Le montant était faux.")
    rss = client.get("/corrections/flux/")
    atom = client.get("/corrections/flux/atom/")
    assert rss["Content-Type"].startswith("application/rss+xml")
    assert atom["Content-Type"].startswith("application/atom+xml")
    for response in (rss, atom):
        assert "Le montant était faux." in response.content.decode()
        assert "Le budget voté" in response.content.decode()


def test_footer_links_to_the_corrections_page(client):
    assert 'href="/corrections/"' in client.get("/").content.decode()


def test_a_new_note_reaches_a_cached_article_page(client):
    article = make_article()
    client.get(article.get_absolute_url())
    article.notes.create(text="Ajout après mise en cache")
    assert "Ajout après mise en cache" in client.get(article.get_absolute_url()).content.decode()


def test_editor_adds_a_note_in_the_article_form(editor_client, editor):
    article = make_article(tags=["Climat"])
    local = timezone.localtime(article.published_at)
    data = {
        "headline": article.headline,
        "slug": article.slug,
        "standfirst": article.standfirst,
        "body": article.body,
        "section": article.section_id,
        "tags": "Climat",
        "language": "fr",
        "status": "published",
        "published_at_0": local.strftime("%Y-%m-%d"),
        "published_at_1": local.strftime("%H:%M:%S"),
        "loaded_version": article.version,
        "notes-TOTAL_FORMS": "1",
        "notes-INITIAL_FORMS": "0",
        "notes-0-kind": "correction",
        "notes-0-published_at_0": local.strftime("%Y-%m-%d"),
        "notes-0-published_at_1": "12:00:00",
        "notes-0-text": "Le prénom était mal orthographié.",
    }
    url = reverse("admin:articles_article_change", args=[article.pk])
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    note = article.notes.get()
    assert note.text == "Le prénom était mal orthographié."
    assert note.created_by == editor


def test_old_correction_text_migrates_to_a_note_and_back():
    migration = importlib.import_module("articles.migrations.0006_move_corrections_to_notes")
    article = make_article()
    Article.objects.filter(pk=article.pk).update(correction="Ancienne correction")
    migration.corrections_to_notes(apps, None)
    assert article.notes.get().text == "Ancienne correction"
    assert Article.objects.get(pk=article.pk).correction == ""
    migration.notes_to_corrections(apps, None)
    assert Article.objects.get(pk=article.pk).correction == "Ancienne correction"
    assert not article.notes.exists()


def test_notes_kind_is_checked_by_the_database():
    from django.db import IntegrityError

    article = make_article()
    with pytest.raises(IntegrityError):
        ArticleNote.objects.create(article=article, kind="rumour", text="x")
