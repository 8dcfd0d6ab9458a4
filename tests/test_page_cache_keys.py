"""
A publication refreshes only the pages it changes; responses name the keys
they depend on (for a CDN); a CDN purge hook gets the keys of each change;
with the default process-local cache, a change made by another process
reaches the running server at once.
"""

from __future__ import annotations

import os
import urllib.request
from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone

from articles.cache import invalidate_pages
from articles.models import Article
from tests.factories import make_article, make_author, make_section
from tests.test_multiprocess import (
    free_port,
    manage,
    scratch_database_url,  # noqa: F401 (fixture)
    start_server,
    stop,
    wait_until_up,
)

pytestmark = pytest.mark.django_db

purged: list[list[str]] = []


def record_purge(keys: list[str]) -> None:
    """The CDN purge hook of these tests (NEWSROOM_CDN_PURGE)."""
    purged.append(keys)


@pytest.fixture
def desk(db):
    monde = make_section("Monde", slug="monde")
    sport = make_section("Sport", slug="sport")
    europe = make_section("Europe", slug="europe", parent=monde)
    lea = make_author("Léa Marchand", slug="lea-marchand")
    paul = make_author("Paul Aubert", slug="paul-aubert")
    hour_ago = timezone.now() - timedelta(hours=1)
    match = make_article(
        headline="Le match de la saison",
        section=sport,
        authors=[paul],
        tags=["Football"],
        published_at=hour_ago,
    )
    summit = make_article(
        headline="Sommet à Bruxelles",
        section=europe,
        authors=[lea],
        tags=["Diplomatie"],
        published_at=hour_ago,
    )
    return {"monde": monde, "sport": sport, "europe": europe, "lea": lea, "match": match,
            "summit": summit}  # fmt: skip


def served_from_cache(client, url: str, django_assert_max_num_queries) -> bool:
    """A cached page costs at most the read of its key versions."""
    try:
        with django_assert_max_num_queries(1):
            client.get(url)
    except pytest.fail.Exception:
        return False
    return True


def publish_draft(desk, **kwargs) -> Article:
    draft = make_article(
        headline="Nouvelles sanctions",
        section=desk["europe"],
        authors=[desk["lea"]],
        tags=["Diplomatie"],
        status=Article.Status.DRAFT,
        published_at=None,
        **kwargs,
    )
    draft.status = Article.Status.PUBLISHED
    draft.published_at = timezone.now() - timedelta(minutes=1)
    draft.save()
    return draft


# --- Only what changed ----------------------------------------------------------


def test_publishing_in_one_section_leaves_another_sections_article_cached(
    client, desk, django_assert_max_num_queries
):
    pages = {
        "sport article": desk["match"].get_absolute_url(),
        "sport": "/sport/",
        "football": "/tag/football/",
        "home": "/",
        "diplomatie": "/tag/diplomatie/",
        "monde": "/monde/",
        "europe": "/monde/europe/",
        "author": "/auteur/lea-marchand/",
    }
    for url in pages.values():
        client.get(url)

    publish_draft(desk)

    cached = {
        name for name, url in pages.items()
        if served_from_cache(client, url, django_assert_max_num_queries)
    }  # fmt: skip
    assert cached == {"sport article", "sport", "football"}


def test_the_tag_page_and_the_home_page_show_the_new_article(client, desk):
    client.get("/")
    client.get("/tag/diplomatie/")

    publish_draft(desk)

    assert "Nouvelles sanctions" in client.get("/").content.decode()
    assert "Nouvelles sanctions" in client.get("/tag/diplomatie/").content.decode()
    assert "Nouvelles sanctions" in client.get("/monde/").content.decode()


def test_editing_an_article_refreshes_the_pages_listing_it_as_related(client, desk):
    summit = desk["summit"]
    other = make_article(
        headline="Réunion à Luxembourg",
        section=desk["europe"],
        tags=["Diplomatie"],
        published_at=timezone.now() - timedelta(hours=2),
    )
    assert "Réunion à Luxembourg" in client.get(summit.get_absolute_url()).content.decode()

    other.headline = "Réunion reportée à Luxembourg"
    other.save()

    assert "Réunion reportée à Luxembourg" in client.get(summit.get_absolute_url()).content.decode()


def test_moving_an_article_to_another_section_refreshes_the_old_section(client, desk):
    assert "Sommet à Bruxelles" in client.get("/monde/europe/").content.decode()

    desk["summit"].section = desk["sport"]
    desk["summit"].save()

    assert "Sommet à Bruxelles" not in client.get("/monde/europe/").content.decode()
    assert "Sommet à Bruxelles" in client.get("/sport/").content.decode()


def test_saving_a_draft_leaves_every_public_page_cached(
    client, desk, django_assert_max_num_queries
):
    draft = make_article(section=desk["sport"], status=Article.Status.DRAFT, published_at=None)
    urls = ["/", "/sport/", desk["match"].get_absolute_url(), "/flux/"]
    for url in urls:
        client.get(url)

    draft.headline = "Brouillon retouché"
    draft.save()

    assert all(served_from_cache(client, url, django_assert_max_num_queries) for url in urls)


# --- Keys in the response, for a CDN ---------------------------------------------


def keys_of(response) -> set[str]:
    return set(response["Surrogate-Key"].split())


@pytest.mark.parametrize("cached", [False, True])
def test_responses_name_the_keys_they_depend_on(client, desk, cached):
    summit, sport = desk["summit"], desk["sport"]
    tag = summit.tags.get()
    related = make_article(section=desk["europe"], tags=["Diplomatie"])
    if cached:
        for url in (summit.get_absolute_url(), "/sport/", "/", "/tag/diplomatie/flux/"):
            client.get(url)

    article = client.get(summit.get_absolute_url())
    section = client.get("/sport/")
    home = client.get("/")
    tag_feed = client.get("/tag/diplomatie/flux/")

    assert keys_of(article) == {f"article-{summit.pk}", f"article-{related.pk}", "nav"}
    # Lists also name each article whose stored card or feed entry they show.
    assert lists_of(keys_of(section)) == {f"section-{sport.pk}", "nav"}
    assert lists_of(keys_of(home)) == {"home", "nav"}
    assert lists_of(keys_of(tag_feed)) == {f"tag-{tag.pk}", "nav"}
    assert f"article-{summit.pk}" in keys_of(tag_feed)
    assert set(article["Cache-Tag"].split(",")) == keys_of(article)


def lists_of(keys: set[str]) -> set[str]:
    return {key for key in keys if not key.startswith("article-")}


# --- The CDN purge hook -------------------------------------------------------------


def test_a_publication_purges_its_keys_at_the_cdn(
    desk, settings, django_capture_on_commit_callbacks
):
    settings.NEWSROOM_CDN_PURGE = "tests.test_page_cache_keys.record_purge"
    purged.clear()

    with django_capture_on_commit_callbacks(execute=True):
        article = publish_draft(desk)

    keys = set().union(*purged)
    tag = article.tags.get()
    expected = {
        f"article-{article.pk}",
        f"section-{desk['europe'].pk}",
        f"section-{desk['monde'].pk}",
        f"tag-{tag.pk}",
        f"author-{desk['lea'].pk}",
        "home",
        "feed",
        "sitemap",
    }
    assert expected <= keys
    assert f"section-{desk['sport'].pk}" not in keys


def test_a_cdn_purge_url_receives_the_keys_as_json(
    desk, settings, django_capture_on_commit_callbacks
):
    settings.NEWSROOM_CDN_PURGE = "https://purge.example.test/newsroom"
    with (
        mock.patch.object(urllib.request, "urlopen") as urlopen,
        django_capture_on_commit_callbacks(execute=True),
    ):
        desk["match"].headline = "Le match est reporté"
        desk["match"].save()

    request = urlopen.call_args.args[0]
    assert request.full_url == "https://purge.example.test/newsroom"
    assert f'"article-{desk["match"].pk}"'.encode() in request.data


def test_a_failing_cdn_never_fails_the_publication(
    desk, settings, django_capture_on_commit_callbacks
):
    settings.NEWSROOM_CDN_PURGE = "https://purge.example.test/newsroom"
    with (
        mock.patch.object(urllib.request, "urlopen", side_effect=OSError("refused")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        article = publish_draft(desk)

    assert article.is_published()


# --- Another process, the default local cache ------------------------------------------

PUBLISH_FROM_ANOTHER_TERMINAL = """
from django.utils import timezone
from articles.models import Article
article = Article.objects.get(headline="Le chalutier rentre au port")
article.status = "published"
article.published_at = timezone.now()
article.save()
"""

SETUP = """
from django.utils import timezone
from articles.models import Article, Section
section = Section.objects.create(name="Port", slug="port")
Article.objects.create(headline="Le marché aux poissons rouvre", section=section,
    status="published", published_at=timezone.now())
Article.objects.create(headline="Le chalutier rentre au port", section=section)
"""


def test_a_publication_from_another_process_reaches_a_server_with_a_local_cache(
    scratch_database_url,  # noqa: F811 (fixture)
    tmp_path,
):
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
        "DATABASE_URL": scratch_database_url,
        "CACHE_URL": "locmem://",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "DJANGO_DEBUG": "1",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
    }
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "shell", "-c", SETUP)
    port, log = free_port(), tmp_path / "server.log"
    server = start_server(env, port, log)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base, server, log)
        for _ in range(2):  # the second one from the server's cache
            with urllib.request.urlopen(f"{base}/port/", timeout=30) as response:
                page = response.read().decode()
        assert "Le chalutier rentre au port" not in page

        manage(env, "shell", "-c", PUBLISH_FROM_ANOTHER_TERMINAL)

        with urllib.request.urlopen(f"{base}/port/", timeout=30) as response:
            assert "Le chalutier rentre au port" in response.read().decode()
    finally:
        stop(server)


def test_responses_say_whether_they_came_from_the_cache(client, desk):
    url = desk["match"].get_absolute_url()

    assert client.get(url)["X-Cache"] == "miss"
    assert client.get(url)["X-Cache"] == "hit"


def test_invalidating_without_keys_refreshes_every_page(client, desk):
    """What a restore or a rebuild does (articles.rebuild): rows changed without signals."""
    url = desk["match"].get_absolute_url()
    client.get(url)
    client.get("/sport/")
    Article.objects.filter(pk=desk["match"].pk).update(headline="Le match restauré")

    invalidate_pages()

    assert "Le match restauré" in client.get(url).content.decode()
    assert "Le match restauré" in client.get("/sport/").content.decode()
