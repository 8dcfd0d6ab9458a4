"""
The page cache: warm pages without SQL, every change readers could see shown
at once on every affected page, conditional GET, headers for a CDN.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils import timezone
from django.utils.http import http_date

from articles import publishing
from articles.cache import pages as page_cache
from articles.cache import versions as page_versions
from articles.models import Article
from tests.factories import (
    make_article,
    make_author,
    make_editor,
    make_photo,
    make_section,
    make_user,
)

pytestmark = pytest.mark.django_db

HEADLINE = "Les pêcheurs de Zanzibar face à la marée"


@pytest.fixture
def clock(monkeypatch):
    """A clock the test moves by hand; everything that asks timezone.now() sees it."""

    class Clock:
        now = datetime.now(UTC).replace(microsecond=0)

        def set(self, moment):
            self.now = moment

    fake = Clock()
    monkeypatch.setattr(timezone, "now", lambda: fake.now)
    return fake


@pytest.fixture
def world(db):
    section = make_section("Monde", slug="monde")
    author = make_author("Léa Marchand", slug="lea-marchand")
    return {"section": section, "author": author}


def story(world, **kwargs) -> Article:
    kwargs.setdefault("headline", HEADLINE)
    kwargs.setdefault("published_at", timezone.now() - timedelta(hours=1))
    kwargs.setdefault("tags", ["Océan"])
    return make_article(section=world["section"], authors=[world["author"]], **kwargs)


def listing_pages(article: Article) -> dict[str, str]:
    """Every public page that lists ``article`` while it is published."""
    year = timezone.localtime(article.published_at or timezone.now()).year
    return {
        "home": "/",
        "section": "/monde/",
        "tag": "/tag/ocean/",
        "author": "/auteur/lea-marchand/",
        "archive": f"/archives/{year}/",
        "feed": "/flux/",
        "section feed": "/monde/flux/atom/",
        "tag feed": "/tag/ocean/flux/",
        "author feed": "/auteur/lea-marchand/flux/",
        "sitemap": "/sitemap-articles.xml",
        "news sitemap": "/news-sitemap.xml",
        "search": "/recherche/?q=zanzibar",
    }


def pages_showing(client, urls: dict[str, str], text: str) -> set[str]:
    shown = set()
    for name, url in urls.items():
        response = client.get(url)
        if response.status_code == 200 and text in response.content.decode():
            shown.add(name)
    return shown


def article_is_shown(client, article: Article) -> bool:
    return client.get(article.get_absolute_url()).status_code == 200


def warm(client, urls) -> None:
    for url in urls:
        client.get(url)


# --- Warm pages cost no SQL but the read of their key versions --------------


def warm_page_queries() -> int:
    """
    Key versions in the database are read once per request, unless this
    process may remember them (SQLite: articles/cache/memo.py); in Redis they
    cost no query.
    """
    from articles.cache.memo import memo

    in_database = isinstance(page_versions.store(), page_versions.DatabaseVersions)
    return 1 if in_database and memo.token_path() is None else 0


def every_public_page(world) -> dict[str, str]:
    article = story(world)
    make_section("Europe", slug="europe", parent=world["section"])
    year, month, day = article.get_absolute_url().split("/")[2:5]
    return {
        **listing_pages(article),
        "sub-section": "/monde/europe/",
        "archives": "/archives/",
        "archive month": f"/archives/{year}/{month}/",
        "archive day": f"/archives/{year}/{month}/{day}/",
        "article": article.get_absolute_url(),
        "rss": "/flux/",
        "atom": "/flux/atom/",
        "sitemap index": "/sitemap.xml",
        "sitemap of sections": "/sitemap-sections.xml",
        "robots": "/robots.txt",
        "empty search": "/recherche/",
    }


def test_a_warm_cache_serves_every_public_page_with_one_read_of_its_versions(
    client, world, django_assert_num_queries
):
    pages = every_public_page(world)
    first = {name: client.get(url) for name, url in pages.items()}
    assert {name for name, response in first.items() if response.status_code != 200} == set()

    for name, url in pages.items():
        with django_assert_num_queries(warm_page_queries()):
            response = client.get(url)
        assert response.status_code == 200, name
        assert response.content == first[name].content, name


def test_a_warm_cache_serves_old_article_addresses_as_redirects_without_building_them(
    client, world, django_assert_num_queries
):
    article = story(world, slug="ancien-titre")
    old_url = article.get_absolute_url()
    article.slug = "nouveau-titre"
    article.save()
    client.get(old_url)

    with django_assert_num_queries(warm_page_queries()):
        response = client.get(old_url)

    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()


def test_pages_are_cached_per_query_string_and_host(client, world):
    for n in range(25):
        story(world, headline=f"Dépêche {n}", published_at=timezone.now() - timedelta(hours=n))

    first = client.get("/monde/")
    second = client.get("/monde/?page=2")
    other_host = client.get("/flux/", HTTP_HOST="localhost")
    feed = client.get("/flux/")

    assert "Dépêche 0" in first.content.decode()
    assert "Dépêche 0" not in second.content.decode()
    assert b"http://localhost/" in other_host.content
    assert b"http://testserver/" in feed.content
    assert b"http://localhost/" not in feed.content


def test_missing_pages_are_not_cached(client, world):
    article = story(world, status=Article.Status.DRAFT, published_at=timezone.now())
    assert client.get(article.get_absolute_url()).status_code == 404

    # update() sends no signal: only a page that was never cached can show it.
    Article.objects.filter(pk=article.pk).update(status=Article.Status.PUBLISHED)

    assert client.get(article.get_absolute_url()).status_code == 200


def test_responses_setting_a_cookie_are_not_cached(db):
    calls = []

    @page_cache.cache_public_page
    def view(request):
        calls.append(request)
        response = HttpResponse("bonjour")
        response.set_cookie("suivi", "1")
        return response

    def get():
        request = RequestFactory().get("/bonjour/")
        request.user = type("Anonymous", (), {"is_authenticated": False})()
        return view(request)

    get()
    response = get()

    assert len(calls) == 2
    assert "public" not in response.get("Cache-Control", "")


# --- Logged-in users ----------------------------------------------------------


def test_logged_in_users_never_get_the_cached_page(client, world):
    article = story(world)
    anonymous = client.get("/").content.decode()
    Article.objects.filter(pk=article.pk).update(headline="Titre corrigé à la main")
    client.force_login(make_user(is_staff=True))

    response = client.get("/")

    assert HEADLINE in anonymous
    assert "Titre corrigé à la main" in response.content.decode()


def test_pages_seen_by_logged_in_users_are_not_stored_for_readers(client, world):
    article = story(world, status=Article.Status.DRAFT, published_at=None)
    staff = client
    staff.force_login(make_editor())
    preview = staff.get(article.get_absolute_url())
    staff.logout()

    reader = staff.get(article.get_absolute_url())

    assert preview.status_code == 200
    assert reader.status_code == 404


@pytest.mark.parametrize("url", ["/", "/monde/", "/flux/", "/sitemap.xml", "article"])
def test_logged_in_users_get_private_uncacheable_pages(client, world, url):
    article = story(world)
    client.force_login(make_user(is_staff=True))

    response = client.get(article.get_absolute_url() if url == "article" else url)

    directives = {d.strip() for d in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= directives
    assert "public" not in directives
    assert "Cookie" in response["Vary"]


# --- Headers for a CDN --------------------------------------------------------


@pytest.mark.parametrize("url", ["/", "/monde/", "/flux/", "/sitemap.xml", "/robots.txt"])
def test_anonymous_pages_may_be_kept_a_minute_by_shared_caches(client, world, url):
    story(world)

    for response in (client.get(url), client.get(url)):  # computed, then from the cache
        directives = {d.strip() for d in response["Cache-Control"].split(",")}
        assert directives == {"public", "max-age=60", "stale-while-revalidate=300"}
        assert "Cookie" in response["Vary"]


def test_shared_caches_are_told_to_drop_pages_when_a_scheduled_article_appears(
    client, world, clock
):
    story(world, published_at=clock.now + timedelta(seconds=90))
    clock.set(clock.now + timedelta(seconds=45))

    directives = {d.strip() for d in client.get("/").get("Cache-Control").split(",")}

    assert directives == {"public", "max-age=45", "stale-while-revalidate=0"}


# --- Conditional GET ----------------------------------------------------------


@pytest.mark.parametrize("url", ["article", "/flux/", "/monde/flux/atom/"])
def test_articles_and_feeds_answer_304_to_a_matching_etag(
    client, world, url, django_assert_num_queries
):
    article = story(world)
    url = article.get_absolute_url() if url == "article" else url
    first = client.get(url)
    assert first["ETag"]

    with django_assert_num_queries(warm_page_queries()):
        again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]


@pytest.mark.parametrize("url", ["article", "/flux/"])
def test_articles_and_feeds_answer_304_when_not_modified_since(client, world, url):
    article = story(world)
    url = article.get_absolute_url() if url == "article" else url
    first = client.get(url)

    again = client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])

    assert again.status_code == 304


def test_article_last_modified_is_its_latest_edit(client, world):
    article = story(world)

    response = client.get(article.get_absolute_url())

    assert response["Last-Modified"] == http_date(article.updated_at.timestamp())


@pytest.mark.parametrize("url", ["article", "/flux/"])
def test_etag_changes_when_the_article_changes(client, world, url):
    article = story(world)
    url = article.get_absolute_url() if url == "article" else url
    before = client.get(url)["ETag"]
    article.headline = "La marée est passée"
    article.save()

    response = client.get(url, HTTP_IF_NONE_MATCH=before)

    assert response.status_code == 200
    assert response["ETag"] != before
    assert "La marée est passée" in response.content.decode()


# --- Every change shows at once on every affected page -----------------------


def test_publishing_shows_the_article_everywhere_at_once(client, world):
    article = story(world, status=Article.Status.DRAFT, published_at=None)
    pages = listing_pages(article)
    assert pages_showing(client, pages, HEADLINE) == set()  # now cached without it
    assert not article_is_shown(client, article)

    publishing.publish(article, None)

    assert pages_showing(client, pages, article.get_absolute_url()) == set(pages)
    assert article_is_shown(client, article)


def test_editing_a_headline_shows_everywhere_at_once(client, world):
    article = story(world)
    pages = listing_pages(article) | {"article": article.get_absolute_url()}
    pages.pop("sitemap")  # lists addresses, not headlines
    assert pages_showing(client, pages, HEADLINE) == set(pages)

    article.headline = "Zanzibar : la marée recule enfin"
    article.save()

    assert pages_showing(client, pages, "Zanzibar : la marée recule enfin") == set(pages)
    assert pages_showing(client, pages, HEADLINE) == set()


@pytest.mark.parametrize("removal", ["unpublish", "soft delete", "delete"])
def test_removing_an_article_hides_it_everywhere_at_once(client, world, removal):
    article = story(world)
    url = article.get_absolute_url()
    pages = listing_pages(article)
    assert pages_showing(client, pages, url) == set(pages)
    assert article_is_shown(client, article)

    if removal == "unpublish":
        publishing.unpublish(article, None)
    elif removal == "soft delete":
        article.deleted_at = timezone.now()
        article.save()
    else:
        article.delete()

    assert pages_showing(client, pages, url) == set()
    assert pages_showing(client, pages, HEADLINE) == set()
    assert client.get(url).status_code == 404


def test_a_scheduled_article_appears_everywhere_when_its_time_comes(client, world, clock):
    noon = clock.now + timedelta(hours=1)
    article = story(world, published_at=noon)
    pages = listing_pages(article)
    clock.set(noon - timedelta(minutes=1))
    assert pages_showing(client, pages, HEADLINE) == set()
    assert not article_is_shown(client, article)

    clock.set(noon)

    assert pages_showing(client, pages, article.get_absolute_url()) == set(pages)
    assert article_is_shown(client, article)


def test_the_second_scheduled_article_appears_too(client, world, clock):
    first = story(
        world, headline="Premier rendez-vous", published_at=clock.now + timedelta(hours=1)
    )
    story(world, headline="Second rendez-vous", published_at=clock.now + timedelta(hours=2))
    clock.set(first.published_at)
    assert "Premier rendez-vous" in client.get("/").content.decode()

    clock.set(clock.now + timedelta(hours=1))

    assert "Second rendez-vous" in client.get("/").content.decode()


def test_tagging_an_article_shows_on_the_tag_page_its_feed_and_the_article(client, world):
    story(world, headline="Déjà sur le sujet", tags=["Marée"])
    article = story(world)
    tag_pages = {"tag": "/tag/maree/", "tag feed": "/tag/maree/flux/"}
    assert pages_showing(client, tag_pages, HEADLINE) == set()
    assert "Marée" not in client.get(article.get_absolute_url()).content.decode()

    article.tags.add("Marée")

    assert pages_showing(client, tag_pages, HEADLINE) == set(tag_pages)
    assert "Marée" in client.get(article.get_absolute_url()).content.decode()


def test_adding_an_author_shows_on_the_author_page(client, world):
    article = story(world)
    other = make_author("Paul Aubert", slug="paul-aubert")
    assert HEADLINE not in client.get("/auteur/paul-aubert/").content.decode()

    article.authors.add(other)

    assert HEADLINE in client.get("/auteur/paul-aubert/").content.decode()


@pytest.mark.parametrize(
    "change",
    [
        "section",
        "author",
        "tag",
        "photo",
        "credit",
    ],
)
def test_editing_what_an_article_shows_updates_its_pages(client, world, change):
    photo = make_photo(caption="Le port au petit matin")
    article = story(world, lead_photo=photo)
    url = article.get_absolute_url()
    client.get(url)

    if change == "section":
        world["section"].name = "Le Monde entier"
        world["section"].save()
        expected = "Le Monde entier"
    elif change == "author":
        world["author"].name = "Léa Marchand-Roux"
        world["author"].save()
        expected = "Léa Marchand-Roux"
    elif change == "tag":
        tag = article.tags.get()
        tag.name = "Océan Indien"
        tag.save()
        expected = "Océan Indien"
    elif change == "photo":
        photo.caption = "Le port à la tombée du jour"
        photo.save()
        expected = "Le port à la tombée du jour"
    else:
        photo.credit.source = "Marc Oliveira"
        photo.credit.save()
        expected = "Marc Oliveira"

    assert expected in client.get(url).content.decode()


# --- Versions and the schedule ---------------------------------------------------


def test_a_page_built_during_a_transaction_is_dropped_when_it_commits(
    client, world, django_capture_on_commit_callbacks
):
    article = story(world)
    url = article.get_absolute_url()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        article.headline = "La marée monte encore"
        article.save()
        # What a reader on another connection would store meanwhile: the
        # old page, under the versions current while the rows are uncommitted.
        client.get(url)
        key = page_cache.page_key(RequestFactory().get(url))
        status, content, headers, dependencies, expires = cache.get(key)
        old_page = (status, content.replace(b"encore", b"hier"), headers, dependencies, expires)
        cache.set(key, old_page)
        assert "La marée monte hier" in client.get(url).content.decode()

    assert "La marée monte encore" in client.get(url).content.decode()


def test_a_page_built_while_something_changed_is_served_but_not_kept(client, world):
    article = story(world)
    url = article.get_absolute_url()
    real_read = page_versions.read
    reads = []

    def read_during_a_publication(names):
        reads.append(names)
        if len(reads) == 2:  # after building: someone published meanwhile
            page_versions.bump(["home"])
        return real_read(names)

    page_versions_read = page_versions.read
    page_versions.read = read_during_a_publication
    try:
        response = client.get(url)
    finally:
        page_versions.read = page_versions_read

    assert response.status_code == 200
    assert cache.get(page_cache.page_key(RequestFactory().get(url))) is None


def test_the_next_scheduled_publication_is_read_once_per_schedule(
    db, world, django_assert_num_queries
):
    story(world, published_at=timezone.now() + timedelta(days=1))
    page_cache.read_before_building(page_cache.now_timestamp())

    with django_assert_num_queries(warm_page_queries()):  # the versions only, if in the database
        _versions, upcoming = page_cache.read_before_building(page_cache.now_timestamp())

    assert upcoming is not None
