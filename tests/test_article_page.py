"""The article page: address, markup, dates, photo, related articles, metadata, preview."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from articles.cache import invalidate_pages
from articles.models import Article
from tests.factories import (
    make_article,
    make_author,
    make_credit,
    make_editor,
    make_photo,
    make_section,
    make_user,
)

pytestmark = pytest.mark.django_db

AUGUST_7_AT_14_30_PARIS = datetime(2025, 8, 7, 12, 30, tzinfo=UTC)


@pytest.fixture
def section():
    return make_section("International", slug="international")


def json_ld_blocks(html: str) -> list[dict]:
    scripts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [json.loads(script) for script in scripts]


def meta_content(html: str, key: str) -> list[str]:
    return re.findall(rf'<meta (?:property|name)="{re.escape(key)}" content="([^"]*)">', html)


# --- Address -------------------------------------------------------------------


def test_article_address_holds_section_and_paris_date(section):
    # 23:30 UTC on 6 August is already 7 August in Paris.
    article = make_article(
        section=section, slug="sommet", published_at=datetime(2025, 8, 6, 23, 30, tzinfo=UTC)
    )

    assert article.get_absolute_url() == "/international/2025/08/07/sommet/"


def test_article_page_is_served_at_its_address(client, section):
    article = make_article(section=section, headline="Le sommet de Genève s’ouvre")

    response = client.get(article.get_absolute_url())

    assert response.status_code == 200
    assert "<h1>Le sommet de Genève s’ouvre</h1>" in response.content.decode()


@pytest.mark.parametrize(
    "wrong_url",
    [
        "/international/2025/08/08/sommet/",
        "/international/2024/8/7/sommet/",
        "/economie/2025/08/07/sommet/",
    ],
)
def test_wrong_date_or_section_redirects_permanently_to_the_article(client, section, wrong_url):
    make_section("Économie", slug="economie")
    make_article(section=section, slug="sommet", published_at=AUGUST_7_AT_14_30_PARIS)

    response = client.get(wrong_url)

    assert response.status_code == 301
    assert response["Location"] == "/international/2025/08/07/sommet/"


def test_old_slug_redirects_permanently_to_the_new_address(client, section):
    article = make_article(
        section=section, slug="ancien-titre", published_at=AUGUST_7_AT_14_30_PARIS
    )
    article.slug = "nouveau-titre"
    article.save()

    response = client.get("/international/2025/08/07/ancien-titre/")

    assert response.status_code == 301
    assert response["Location"] == "/international/2025/08/07/nouveau-titre/"


def test_unknown_slug_is_not_found(client, section):
    assert client.get("/international/2025/08/07/nulle-part/").status_code == 404


def test_impossible_date_in_an_article_address_is_not_a_server_error(client, section):
    make_article(section=section, slug="sommet", published_at=AUGUST_7_AT_14_30_PARIS)

    assert client.get("/international/2025/13/45/sommet/").status_code == 301
    assert client.get("/international/2025/08/07/absent/").status_code == 404


# --- Markup ---------------------------------------------------------------------


def test_article_page_shows_kicker_headline_standfirst_byline_and_body(client, section):
    authors = [make_author("Jeanne Dupont"), make_author("Paul Martin")]
    article = make_article(
        section=section,
        headline="Le sommet s’ouvre",
        standfirst="Trois jours de négociations.",
        body="<p>Premier paragraphe.</p><h2>Les enjeux</h2><p>Suite.</p>",
        authors=authors,
    )

    html = client.get(article.get_absolute_url()).content.decode()

    assert '<a class="kicker" href="/international/">International</a>' in html
    assert '<p class="standfirst">Trois jours de négociations.</p>' in html
    assert f'<a rel="author" href="{authors[0].get_absolute_url()}">Jeanne Dupont</a>' in html
    assert f'<a rel="author" href="{authors[1].get_absolute_url()}">Paul Martin</a>' in html
    assert "<h2>Les enjeux</h2>" in html
    assert 'class="reading-time"' in html


def test_french_article_dates_are_written_the_french_way(client, section):
    article = make_article(section=section, language="fr", published_at=AUGUST_7_AT_14_30_PARIS)

    html = client.get(article.get_absolute_url()).content.decode()

    assert '<html lang="fr">' in html
    assert "7 août 2025 à 14 h 30" in html
    assert 'datetime="2025-08-07T14:30:00+02:00"' in html


def test_english_article_dates_are_written_the_english_way(client, section):
    article = make_article(section=section, language="en", published_at=AUGUST_7_AT_14_30_PARIS)

    html = client.get(article.get_absolute_url()).content.decode()

    assert '<html lang="en">' in html
    assert "7 August 2025 at 14:30" in html


def test_update_date_is_shown_only_when_the_article_changed_after_publication(client, section):
    article = make_article(section=section, published_at=AUGUST_7_AT_14_30_PARIS)
    Article.objects.filter(pk=article.pk).update(
        created_at=AUGUST_7_AT_14_30_PARIS - timedelta(days=1),
        updated_at=AUGUST_7_AT_14_30_PARIS + timedelta(minutes=1),
    )
    assert 'class="updated"' not in client.get(article.get_absolute_url()).content.decode()

    Article.objects.filter(pk=article.pk).update(
        updated_at=AUGUST_7_AT_14_30_PARIS + timedelta(hours=2)
    )
    invalidate_pages()  # update() sends no signal to clear the page cache
    html = client.get(article.get_absolute_url()).content.decode()

    assert 'class="updated"' in html
    assert "7 août 2025 à 16 h 30" in html


def test_back_dated_article_entered_later_is_not_shown_as_updated(client, section):
    # An imported story dated 7 August but entered into Newsroom today.
    article = make_article(section=section, published_at=AUGUST_7_AT_14_30_PARIS)

    html = client.get(article.get_absolute_url()).content.decode()

    assert 'class="updated"' not in html


def test_lead_photo_is_a_figure_with_caption_and_french_credit_line(client, section):
    photo = make_photo(
        credit=make_credit("Sputnik/Kremlin via REUTERS"),
        caption="Le président, mardi à Moscou.",
        alt_text="Deux hommes se serrent la main",
    )
    article = make_article(section=section, lead_photo=photo)

    html = client.get(article.get_absolute_url()).content.decode()

    figure = html[html.index('<figure class="lead-photo">') : html.index("</figure>")]
    assert "<picture>" in figure
    assert 'alt="Deux hommes se serrent la main"' in figure
    assert "<figcaption>" in figure
    assert "Le président, mardi à Moscou." in figure
    assert "Photo\u00a0: Sputnik/Kremlin via REUTERS" in figure


def test_english_article_credit_line_has_no_space_before_the_colon(client, section):
    photo = make_photo(credit=make_credit("Sputnik/Kremlin via REUTERS"))
    article = make_article(section=section, lead_photo=photo, language="en")

    html = client.get(article.get_absolute_url()).content.decode()

    assert "Photo: Sputnik/Kremlin via REUTERS" in html


def test_correction_note_and_tags_are_shown(client, section):
    article = make_article(section=section, tags=["Ukraine", "Diplomatie"])
    article.notes.create(text="Une date erronée a été corrigée.")

    html = client.get(article.get_absolute_url()).content.decode()

    assert "Une date erronée a été corrigée." in html
    assert '<a rel="tag" href="/tag/ukraine/">Ukraine</a>' in html
    assert '<a rel="tag" href="/tag/diplomatie/">Diplomatie</a>' in html


def test_headline_markup_is_escaped(client, section):
    article = make_article(section=section, headline="<b>Gras</b> & co")

    html = client.get(article.get_absolute_url()).content.decode()

    assert "<h1>&lt;b&gt;Gras&lt;/b&gt; &amp; co</h1>" in html


# --- Related articles ------------------------------------------------------------


def related_headlines(client, article) -> list[str]:
    html = client.get(article.get_absolute_url()).content.decode()
    if 'class="related"' not in html:
        return []
    block = html[html.index('class="related"') :]
    return re.findall(r'class="card-title"><a href="[^"]+">([^<]+)</a>', block)


def test_related_articles_prefer_shared_tags_then_the_same_section(client, section):
    other = make_section("Culture", slug="culture")
    article = make_article(section=section, tags=["Ukraine", "Russie"])
    make_article(section=other, headline="Deux tags en commun", tags=["Ukraine", "Russie"])
    make_article(section=other, headline="Un tag en commun", tags=["Russie"])
    make_article(section=section, headline="Même rubrique")
    make_article(section=other, headline="Sans rapport")

    assert related_headlines(client, article) == [
        "Deux tags en commun",
        "Un tag en commun",
        "Même rubrique",
    ]


def test_related_articles_are_at_most_five_and_never_the_article_itself(client, section):
    article = make_article(section=section, tags=["Ukraine"])
    for _ in range(7):
        make_article(section=section, tags=["Ukraine"])

    headlines = related_headlines(client, article)

    assert len(headlines) == 5
    assert article.headline not in headlines


def test_related_articles_leave_out_unpublished_ones(client, section):
    article = make_article(section=section, tags=["Ukraine"])
    make_article(
        section=section, headline="Brouillon", status=Article.Status.DRAFT, tags=["Ukraine"]
    )
    make_article(
        section=section,
        headline="Programmé",
        published_at=timezone.now() + timedelta(hours=2),
        tags=["Ukraine"],
    )

    assert related_headlines(client, article) == []


# --- Metadata ---------------------------------------------------------------------


def test_json_ld_stays_valid_with_quotes_script_end_and_emoji_in_the_headline(client, section):
    headline = 'Il a dit "non" </script><script>alert(1)</script> 🎉 & après'
    article = make_article(section=section, headline=headline, tags=["Ukraine"])

    html = client.get(article.get_absolute_url()).content.decode()

    news, breadcrumbs = json_ld_blocks(html)
    assert news["headline"] == headline
    assert breadcrumbs["itemListElement"][-1]["name"] == headline
    assert "<script>alert(1)" not in html


def test_json_ld_news_article_describes_the_article(client, section):
    author = make_author("Jeanne Dupont")
    photo = make_photo()
    article = make_article(
        section=section,
        standfirst="Trois jours de négociations.",
        authors=[author],
        tags=["Ukraine", "Diplomatie"],
        lead_photo=photo,
        published_at=AUGUST_7_AT_14_30_PARIS,
    )

    news, breadcrumbs = json_ld_blocks(client.get(article.get_absolute_url()).content.decode())

    url = "http://testserver" + article.get_absolute_url()
    assert news["@type"] == "NewsArticle"
    assert news["description"] == "Trois jours de négociations."
    assert news["datePublished"] == "2025-08-07T14:30:00+02:00"
    assert datetime.fromisoformat(news["dateModified"]).utcoffset() is not None
    assert news["author"] == [
        {
            "@type": "Person",
            "name": "Jeanne Dupont",
            "url": "http://testserver/auteur/jeanne-dupont/",
        }
    ]
    assert news["publisher"]["name"]
    assert news["publisher"]["logo"]["@type"] == "ImageObject"
    assert news["publisher"]["logo"]["width"] == 600
    assert news["image"][0]["width"] == 64
    assert news["image"][0]["height"] == 48
    assert news["image"][0]["url"].startswith("http://testserver/media/renditions/")
    assert news["articleSection"] == "International"
    assert sorted(news["keywords"]) == ["Diplomatie", "Ukraine"]
    assert news["inLanguage"] == "fr"
    assert news["mainEntityOfPage"]["@id"] == url
    assert breadcrumbs["@type"] == "BreadcrumbList"
    assert [item["item"] for item in breadcrumbs["itemListElement"]] == [
        "http://testserver/",
        "http://testserver/international/",
        url,
    ]


def test_opengraph_and_twitter_tags_describe_the_article(client, section):
    article = make_article(
        section=section,
        headline="Le sommet s’ouvre",
        tags=["Ukraine", "Russie"],
        lead_photo=make_photo(),
        published_at=AUGUST_7_AT_14_30_PARIS,
    )

    html = client.get(article.get_absolute_url()).content.decode()

    assert meta_content(html, "og:type") == ["article"]
    assert meta_content(html, "og:title") == ["Le sommet s’ouvre"]
    assert meta_content(html, "og:url") == ["http://testserver" + article.get_absolute_url()]
    assert meta_content(html, "og:locale") == ["fr_FR"]
    # The 16:9 crop of the 64 x 48 picture.
    assert meta_content(html, "og:image:width") == ["64"]
    assert meta_content(html, "og:image:height") == ["36"]
    assert meta_content(html, "article:published_time") == ["2025-08-07T14:30:00+02:00"]
    assert len(meta_content(html, "article:modified_time")) == 1
    assert meta_content(html, "article:section") == ["International"]
    assert sorted(meta_content(html, "article:tag")) == ["Russie", "Ukraine"]
    assert meta_content(html, "twitter:card") == ["summary_large_image"]
    assert meta_content(html, "description") == ["Les délégations arrivent ce soir."]
    assert f'<link rel="canonical" href="http://testserver{article.get_absolute_url()}">' in html


def test_article_page_links_to_its_section_feed(client, section):
    article = make_article(section=section)

    html = client.get(article.get_absolute_url()).content.decode()

    assert '<link rel="alternate" type="application/rss+xml"' in html
    assert 'href="/international/flux/"' in html


# --- Preview ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "state",
    [
        {"status": Article.Status.DRAFT},
        {"status": Article.Status.REVIEW},
        {"published_at": datetime(2099, 1, 1, tzinfo=UTC)},
    ],
    ids=["draft", "review", "scheduled"],
)
def test_editors_preview_unpublished_articles_and_the_response_is_never_cached(
    client, section, state
):
    article = make_article(section=section, headline="Pas encore publié", **state)
    assert client.get(article.get_absolute_url()).status_code == 404

    client.force_login(make_editor())
    response = client.get(article.get_absolute_url())

    assert response.status_code == 200
    assert "Pas encore publié" in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert 'class="preview-banner"' in response.content.decode()


def test_published_article_page_is_not_marked_private(client, section):
    article = make_article(section=section)

    response = client.get(article.get_absolute_url())

    assert "no-store" not in response.get("Cache-Control", "")


def test_soft_deleted_article_is_gone_even_for_staff(client, section):
    article = make_article(section=section)
    Article.objects.filter(pk=article.pk).update(deleted_at=timezone.now())
    client.force_login(make_user(is_staff=True))

    assert client.get(article.get_absolute_url()).status_code == 404


# --- Queries ---------------------------------------------------------------------


@pytest.mark.parametrize("size", [1, 6])
def test_article_page_runs_a_fixed_number_of_queries(
    client, section, size, django_assert_max_num_queries
):
    tags = [f"Sujet {n}" for n in range(size)]
    article = make_article(
        section=section,
        tags=tags,
        authors=[make_author() for _ in range(size)],
        lead_photo=make_photo(),
    )
    for _ in range(size * 2):
        make_article(section=section, tags=tags[:1], lead_photo=make_photo())

    # Built from nothing: the page's pieces rendered, then stored in one statement.
    with django_assert_max_num_queries(15):
        response = client.get(article.get_absolute_url())

    assert response.status_code == 200


def test_article_in_a_sub_section_links_to_its_parent_section_feed(client):
    world = make_section("International", slug="international")
    article = make_article(section=make_section("Europe", slug="europe", parent=world))

    html = client.get(article.get_absolute_url()).content.decode()

    assert 'href="/international/flux/"' in html
    assert client.get("/international/flux/").status_code == 200
