"""
The public content API (/api/v1/): what it lists, filters and pages; partner
keys; HTTP behaviour (ETag/304, caching, CORS, rate limits, problem+json);
flat query counts.
"""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import ApiKey, Article
from tests.api_helpers import key_headers
from tests.factories import make_article, make_author, make_photo, make_section

pytestmark = pytest.mark.django_db

ARTICLES = "/api/v1/articles/"


def get_json(client, url, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200, response.content
    return response.json()


def headlines(payload) -> list[str]:
    return [item["headline"] for item in payload["results"]]


def embargoed_article(**kwargs) -> Article:
    kwargs.setdefault("headline", "Sous embargo jusqu’à demain")
    kwargs.setdefault("published_at", timezone.now() + timedelta(hours=12))
    return make_article(is_embargoed=True, **kwargs)


# --- What it lists ------------------------------------------------------------------


def test_articles_are_listed_newest_first(client):
    make_article(headline="Hier", published_at=timezone.now() - timedelta(days=1))
    make_article(headline="Ce matin", published_at=timezone.now() - timedelta(hours=2))
    assert headlines(get_json(client, ARTICLES)) == ["Ce matin", "Hier"]


def test_drafts_scheduled_embargoed_and_binned_articles_are_not_listed(client):
    make_article(headline="En ligne")
    make_article(headline="Brouillon", status=Article.Status.DRAFT)
    make_article(headline="Programmé", published_at=timezone.now() + timedelta(hours=3))
    embargoed_article()
    make_article(headline="À la corbeille", deleted_at=timezone.now())
    assert headlines(get_json(client, ARTICLES)) == ["En ligne"]


def test_an_unpublished_article_is_not_found_by_id(client):
    draft = make_article(status=Article.Status.DRAFT)
    embargoed = embargoed_article()
    for article in (draft, embargoed):
        assert client.get(f"{ARTICLES}{article.pk}/").status_code == 404
        assert client.get(f"{ARTICLES}{article.pk}/ninjs/").status_code == 404


def test_article_detail_has_the_body_and_links(client):
    photo = make_photo()
    article = make_article(
        body="<p>Le texte intégral.</p>",
        tags=["Océan"],
        authors=[make_author("Léa Marchand")],
        lead_photo=photo,
    )
    data = get_json(client, f"{ARTICLES}{article.pk}/")
    assert data["body"] == "<p>Le texte intégral.</p>"
    assert data["url"] == "http://testserver" + article.get_absolute_url()
    assert [tag["name"] for tag in data["tags"]] == ["Océan"]
    assert [author["name"] for author in data["authors"]] == ["Léa Marchand"]
    assert data["lead_photo"]["credit"] == "Jeanne Martin/AFP"
    assert data["lead_photo"]["renditions"], "renditions are listed"
    assert data["embargoed_until"] is None


def test_filters_by_section_tag_author_and_language(client):
    world = make_section("Monde", slug="monde")
    europe = make_section("Europe", slug="europe", parent=world)
    lea = make_author("Léa Marchand", slug="lea-marchand")
    make_article(headline="Europe", section=europe, tags=["Océan"], authors=[lea])
    make_article(headline="Ailleurs", language="en")
    assert headlines(get_json(client, ARTICLES + "?section=monde")) == ["Europe"]
    assert headlines(get_json(client, ARTICLES + "?tag=ocean")) == ["Europe"]
    assert headlines(get_json(client, ARTICLES + "?author=lea-marchand")) == ["Europe"]
    assert headlines(get_json(client, ARTICLES + "?language=en-GB")) == ["Ailleurs"]
    assert headlines(get_json(client, ARTICLES + "?section=inconnue")) == []


def test_updated_since_lists_only_later_changes(client):
    old = make_article(headline="Ancien")
    Article.objects.filter(pk=old.pk).update(updated_at=timezone.now() - timedelta(days=2))
    make_article(headline="Récent")
    since = (timezone.now() - timedelta(days=1)).isoformat()
    assert headlines(get_json(client, ARTICLES, data={"updated_since": since})) == ["Récent"]


def test_cursor_pages_through_every_article_once(client):
    same_time = timezone.now() - timedelta(hours=1)
    for n in range(5):
        make_article(headline=f"Article {n}", published_at=same_time)
    seen, url = [], ARTICLES + "?limit=2"
    while url:
        page = get_json(client, url)
        seen += headlines(page)
        url = page["next"]
    assert sorted(seen) == [f"Article {n}" for n in range(5)]
    assert len(seen) == 5


def test_sections_tags_and_authors_are_listed(client):
    make_article(tags=["Océan"], authors=[make_author("Léa Marchand")])
    make_article(status=Article.Status.DRAFT, tags=["Secret"], authors=[make_author("Caché")])
    assert get_json(client, "/api/v1/sections/")
    assert [tag["name"] for tag in get_json(client, "/api/v1/tags/")["results"]] == ["Océan"]
    authors = get_json(client, "/api/v1/authors/")["results"]
    assert [author["name"] for author in authors] == ["Léa Marchand"]


# --- Partner keys -----------------------------------------------------------------------


def test_keys_are_stored_only_as_their_sha256():
    key, raw_key = ApiKey.issue("Radio Nord")
    stored = ApiKey.objects.get(pk=key.pk)
    assert raw_key not in {stored.key_hash, stored.prefix, stored.name}
    assert stored.key_hash == __import__("hashlib").sha256(raw_key.encode()).hexdigest()
    assert raw_key.startswith(stored.prefix)


def test_a_key_with_the_embargo_right_lists_embargoed_articles_with_their_time(client):
    make_article(headline="En ligne")
    embargoed = embargoed_article()
    _key, raw_key = ApiKey.issue("Agence partenaire", can_read_embargoed=True)
    data = get_json(client, ARTICLES, **key_headers(raw_key))
    assert headlines(data) == ["Sous embargo jusqu’à demain", "En ligne"]
    until = data["results"][0]["embargoed_until"]
    assert until is not None
    assert Article.objects.get(pk=embargoed.pk).published_at.isoformat().startswith(until[:19])
    assert get_json(client, f"{ARTICLES}{embargoed.pk}/", **key_headers(raw_key))["headline"]


def test_embargoed_answers_are_private_to_the_key(client):
    embargoed_article()
    _key, raw_key = ApiKey.issue("Agence partenaire", can_read_embargoed=True)
    response = client.get(ARTICLES, **key_headers(raw_key))
    assert "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]
    # The anonymous answer, cached afterwards, still hides it.
    assert headlines(get_json(client, ARTICLES)) == []


def test_a_key_without_the_embargo_right_sees_what_readers_see(client):
    embargoed_article()
    _key, raw_key = ApiKey.issue("Radio Nord")
    assert headlines(get_json(client, ARTICLES, **key_headers(raw_key))) == []


def test_a_key_works_as_a_bearer_token(client):
    embargoed_article()
    _key, raw_key = ApiKey.issue("Agence partenaire", can_read_embargoed=True)
    data = get_json(client, ARTICLES, HTTP_AUTHORIZATION=f"Bearer {raw_key}")
    assert len(data["results"]) == 1


def test_a_revoked_key_stops_at_once(client):
    make_article()
    key, raw_key = ApiKey.issue("Radio Nord", can_read_embargoed=True)
    assert client.get(ARTICLES, **key_headers(raw_key)).status_code == 200
    key.revoke()
    response = client.get(ARTICLES, **key_headers(raw_key))
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"


def test_an_unknown_key_is_refused(client):
    response = client.get(ARTICLES, **key_headers("nwr_not-a-real-key"))
    assert response.status_code == 401
    assert response.json()["status"] == 401


# --- HTTP --------------------------------------------------------------------------------


def test_unchanged_answer_is_a_304_for_its_etag(client):
    make_article()
    first = client.get(ARTICLES)
    assert first["ETag"]
    again = client.get(ARTICLES, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""


def test_a_keyed_embargo_answer_is_a_304_for_its_etag(client):
    embargoed_article()
    _key, raw_key = ApiKey.issue("Agence partenaire", can_read_embargoed=True)
    first = client.get(ARTICLES, **key_headers(raw_key))
    again = client.get(ARTICLES, HTTP_IF_NONE_MATCH=first["ETag"], **key_headers(raw_key))
    assert again.status_code == 304


def test_an_edit_changes_the_answer_and_its_etag_at_once(client):
    article = make_article(headline="Avant")
    first = client.get(f"{ARTICLES}{article.pk}/")
    article.headline = "Après"
    article.save()
    second = client.get(f"{ARTICLES}{article.pk}/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert second.status_code == 200
    assert second.json()["headline"] == "Après"


def test_public_answers_are_cacheable_like_the_pages(client):
    make_article()
    cache_control = client.get(ARTICLES)["Cache-Control"]
    assert "public" in cache_control
    assert "max-age=" in cache_control


def test_cors_allows_any_origin_to_read(client):
    response = client.get(ARTICLES, HTTP_ORIGIN="https://partner.example")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response["Access-Control-Expose-Headers"]


def test_cors_preflight_allows_the_key_header(client):
    response = client.options(
        ARTICLES,
        HTTP_ORIGIN="https://partner.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="x-api-key",
    )
    assert response.status_code == 204
    assert "X-Api-Key" in response["Access-Control-Allow-Headers"]
    assert "GET" in response["Access-Control-Allow-Methods"]
    assert response["Access-Control-Allow-Origin"] == "*"


def test_head_answers_like_get_without_a_body(client):
    make_article()
    _key, raw_key = ApiKey.issue("Agence partenaire", can_read_embargoed=True)
    for headers in ({}, key_headers(raw_key)):
        response = client.head(ARTICLES, **headers)
        assert response.status_code == 200
        assert response.content == b""
        assert int(response["Content-Length"]) > 0
        assert response["ETag"]


def test_writing_is_refused_as_a_problem(client):
    response = client.post(ARTICLES, data={})
    assert response.status_code == 405
    assert response["Content-Type"] == "application/problem+json"
    assert "GET" in response["Allow"]


def test_too_many_requests_from_one_address_get_429_with_retry_after(client, settings):
    settings.NEWSROOM_API_RATE_LIMIT_PER_ADDRESS = 3
    statuses = [client.get(ARTICLES).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = client.get(ARTICLES)
    assert response["Content-Type"] == "application/problem+json"
    assert 1 <= int(response["Retry-After"]) <= 60


def test_a_key_is_counted_apart_from_its_address(client, settings):
    settings.NEWSROOM_API_RATE_LIMIT_PER_ADDRESS = 1
    settings.NEWSROOM_API_RATE_LIMIT_PER_KEY = 2
    _key, raw_key = ApiKey.issue("Radio Nord")
    assert client.get(ARTICLES).status_code == 200
    assert client.get(ARTICLES).status_code == 429
    keyed = [client.get(ARTICLES, **key_headers(raw_key)).status_code for _ in range(3)]
    assert keyed == [200, 200, 429]


@pytest.mark.parametrize(
    "query",
    [
        "?cursor=not-a-cursor!",
        "?cursor=OTk5OTk5OTk5OTk5OTk5OTk5OTk5OTk5Ojk5OTk5OTk5OTk5OTk5OTk5OTk5OTk",
        "?cursor=MTo5OTk5OTk5OTk5OTk5OTk5OTk5OTk5OTk5OQ",
        "?updated_since=yesterday",
        "?updated_since=0001-01-01T00:00:00%2B14:00",
        "?updated_since=99999999999999999999999",
        "?limit=0",
        "?limit=100000000000000000000000000",
        "?language=f%C3%A9",
        "?section=a%20b",
    ],
)
def test_bad_parameters_are_a_400_problem_never_a_500(client, query):
    make_article()
    response = client.get(ARTICLES + query)
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == 400
    assert problem["title"]


@pytest.mark.parametrize("query", ["?section=%00", "?tag=ab%00cd", "?cursor=AA", "%00/"])
def test_nul_bytes_are_a_400_never_a_500(client, query):
    # The site-wide RefuseNulMiddleware answers first for a NUL in the address
    # (plain text); a NUL hidden in a cursor reaches the API, which says 400 too.
    make_article()
    assert client.get(ARTICLES + query).status_code == 400


@pytest.mark.parametrize("path", ["abc/", "0/", "-1/", f"{2**64}/", "99999/ninjs/"])
def test_bad_or_unknown_article_ids_are_problems(client, path):
    response = client.get(ARTICLES + path)
    assert response.status_code in {400, 404}
    assert response["Content-Type"] == "application/problem+json"


def test_unknown_address_under_the_api_is_a_404_problem(client):
    response = client.get("/api/v1/nothing-here/")
    assert response.status_code == 404
    assert json.loads(response.content)["status"] == 404


# --- Flat query counts -----------------------------------------------------------------


def populate(count: int) -> None:
    section = make_section()
    photo = make_photo()
    for n in range(count):
        make_article(
            section=section,
            lead_photo=photo,
            tags=[f"Sujet {n}", "Commun"],
            authors=[make_author(), make_author()],
        )


def page_cache_queries(client) -> int:
    """What the page cache itself costs a missed page (its own bookkeeping, not ours)."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/api/v1/").status_code == 200
    return len(queries)


@pytest.mark.parametrize("count", [2, 15])
@pytest.mark.parametrize(
    ("url", "queries"),
    [(ARTICLES, 3), (ARTICLES + "?tag=commun", 3), ("/api/v1/tags/", 1), ("/api/v1/authors/", 1)],
)
def test_list_queries_do_not_grow_with_content(
    client, django_assert_num_queries, count, url, queries
):
    # Articles: the page, its authors, its tags (sections and photos are joined).
    populate(count)
    client.get("/api/v1/sections/")  # warms what the page cache looks up once per change
    overhead = page_cache_queries(client)
    with django_assert_num_queries(overhead + queries):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("count", [2, 15])
def test_keyed_detail_queries_do_not_grow_with_content(client, django_assert_num_queries, count):
    populate(count)
    article = Article.objects.first()
    _key, raw_key = ApiKey.issue("Agence partenaire", can_read_embargoed=True)
    # Key lookup, the article, its authors, its tags; never cached, so no cache bookkeeping.
    with django_assert_num_queries(4):
        assert (
            client.get(f"{ARTICLES}{article.pk}/ninjs/", **key_headers(raw_key)).status_code == 200
        )
