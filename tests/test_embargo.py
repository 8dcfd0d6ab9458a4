"""
Embargo: a scheduled article flagged as embargoed. Before its time nothing
of it reaches a public surface; partners read it through a signed, expiring
link; at its time it appears by itself.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from articles.publishing.embargo import (
    InvalidPreviewLink,
    expiry_for,
    make_token,
    preview_url,
    read_token,
)
from tests.factories import make_article
from tests.test_visibility import HIDDEN_HEADLINE, SURFACES, build

pytestmark = pytest.mark.django_db

EMBARGO_HOURS = 6

# Beyond the surfaces every hidden state is checked on: search and corrections.
EXTRA_SURFACES = {
    "search": lambda s: "/recherche/?q=jamais+sortir",
    "corrections page": lambda s: "/corrections/",
    "corrections feed": lambda s: "/corrections/flux/",
    "tag sitemap": lambda s: "/sitemap-tags.xml",
}
ALL_SURFACES = {**SURFACES, **EXTRA_SURFACES}


def embargoed_world():
    setup = build(
        {"published_at": timezone.now() + timedelta(hours=EMBARGO_HOURS), "is_embargoed": True}
    )
    setup["hidden"].notes.create(text="Correction sous embargo")
    return setup


def leaks(client, setup) -> list:
    found = []
    for surface, address in ALL_SURFACES.items():
        response = client.get(address(setup))
        content = response.content.decode()
        if HIDDEN_HEADLINE in content or "titre-cache" in content or "sous embargo" in content:
            found.append(surface)
    return found


def test_embargoed_article_reaches_no_public_surface_before_its_time(client):
    setup = embargoed_world()
    assert leaks(client, setup) == []
    assert client.get(setup["hidden"].get_absolute_url()).status_code == 404


def test_embargoed_article_appears_everywhere_by_itself_at_its_time(client, monkeypatch):
    setup = embargoed_world()
    client.get("/")  # a page cached before the embargo ends
    later = timezone.now() + timedelta(hours=EMBARGO_HOURS, minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert setup["hidden"].is_published()
    assert HIDDEN_HEADLINE in client.get("/").content.decode()
    assert HIDDEN_HEADLINE in client.get("/flux/").content.decode()
    assert "titre-cache" in client.get("/sitemap-articles.xml").content.decode()
    assert "sous embargo" in client.get("/corrections/").content.decode()
    assert client.get(setup["hidden"].get_absolute_url()).status_code == 200


def test_embargoed_article_is_not_in_the_related_block_nor_its_json_ld(client):
    setup = embargoed_world()
    html = client.get(setup["visible"].get_absolute_url()).content.decode()
    assert HIDDEN_HEADLINE not in html


# --- Partner preview links ---------------------------------------------------------


def embargoed(**kwargs) -> Article:
    return make_article(
        headline="Résultats trimestriels sous embargo",
        published_at=timezone.now() + timedelta(hours=EMBARGO_HOURS),
        is_embargoed=True,
        **kwargs,
    )


def test_partner_link_shows_the_embargoed_article_privately(client):
    article = embargoed()
    url = preview_url(article, timezone.now() + timedelta(hours=24))
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Résultats trimestriels sous embargo" in html
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_partner_link_is_never_served_from_the_page_cache(client):
    article = embargoed()
    url = preview_url(article, timezone.now() + timedelta(hours=24))
    client.get(url)
    Article.objects.filter(pk=article.pk).update(headline="Titre revu")
    assert "Titre revu" in client.get(url).content.decode()


def test_expired_partner_link_is_not_found(client, monkeypatch):
    article = embargoed()
    url = preview_url(article, timezone.now() + timedelta(hours=1))
    later = timezone.now() + timedelta(hours=2)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert client.get(url).status_code == 404


def test_forged_or_altered_partner_link_is_not_found(client):
    article = embargoed()
    token = make_token(article, timezone.now() + timedelta(hours=24))
    other = make_article(status=Article.Status.DRAFT)
    forged = signing.TimestampSigner(salt="another-salt").sign_object(
        {"a": other.pk, "e": 2_000_000_000}
    )
    for bad in (token[:-2] + "xx", forged, "nimportequoi"):
        assert client.get(reverse("articles:partner-preview", args=[bad])).status_code == 404


def test_link_until_the_embargo_expires_at_the_embargo_time():
    article = embargoed()
    assert expiry_for(article, 0) == article.published_at
    link = read_token(make_token(article, expiry_for(article, 0)))
    assert link.article_id == article.pk
    with pytest.raises(InvalidPreviewLink):
        read_token(make_token(article, expiry_for(article, 0)), now=article.published_at)


def test_partner_link_leads_to_the_public_page_once_published(client):
    article = make_article()
    url = preview_url(article, timezone.now() + timedelta(hours=24))
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == article.get_absolute_url()


# --- In the admin -------------------------------------------------------------------


def link_page(article):
    return reverse("admin:articles_article_partner_link", args=[article.pk])


def test_editor_creates_a_partner_link_from_the_change_page(editor_client):
    article = embargoed(tags=["Bourse"])
    change = editor_client.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert link_page(article) in change.content.decode()
    response = editor_client.post(link_page(article), {"lifetime": "0"})
    link = response.context["link"]
    assert "/apercu/" in link
    editor_client.logout()
    assert editor_client.get(link).status_code == 200


def test_until_embargo_is_refused_for_an_article_without_embargo_time(editor_client):
    article = make_article(status=Article.Status.DRAFT)
    response = editor_client.post(link_page(article), {"lifetime": "0"})
    assert response.context["link"] is None
    assert response.context["form"].has_error("lifetime", "no_embargo")


def test_writers_cannot_create_partner_links(writer_client, writer):
    article = embargoed(created_by=writer)
    assert writer_client.post(link_page(article), {"lifetime": "24"}).status_code == 403


def test_embargo_needs_a_future_publication_date_in_the_form(editor_client):
    article = make_article(status=Article.Status.DRAFT, tags=["Bourse"])
    past = timezone.localtime(timezone.now() - timedelta(hours=1))
    data = {
        "headline": article.headline,
        "slug": article.slug,
        "standfirst": article.standfirst,
        "body": article.body,
        "section": article.section_id,
        "tags": "Bourse",
        "language": "fr",
        "status": "published",
        "is_embargoed": "on",
        "published_at_0": past.strftime("%Y-%m-%d"),
        "published_at_1": past.strftime("%H:%M:%S"),
        "loaded_version": article.version,
    }
    response = editor_client.post(reverse("admin:articles_article_change", args=[article.pk]), data)
    assert response.context["adminform"].form.has_error("published_at", "embargo_needs_future_date")


def test_embargoed_articles_are_labelled_in_the_list(editor_client):
    embargoed()
    html = editor_client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert "Embargoed" in html or "Sous embargo" in html
