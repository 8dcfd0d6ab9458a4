"""
The API's ninjs: every article, whatever it holds, is valid against IPTC's
ninjs 3.1 schema (a local copy; its GeoJSON reference resolved locally),
and carries what a partner needs: URI, version, dates, headline, standfirst,
body, by-line, subjects, language, the lead picture with credit and renditions.
"""

from __future__ import annotations

from datetime import UTC, timedelta
from urllib.parse import urlsplit

import pytest
from django.utils import timezone

from articles.models import ApiKey, Article
from tests.api_helpers import key_headers, ninjs_validator
from tests.factories import make_article, make_author, make_credit, make_photo

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def validator():
    return ninjs_validator()


def varied_articles() -> list[Article]:
    agency_photo = make_photo(credit=make_credit("Sputnik/Kremlin via REUTERS"), caption="")
    return [
        make_article(
            tags=["Océan", "Zanzibar"],
            authors=[make_author("Léa Marchand"), make_author("Tom Smith")],
            lead_photo=make_photo(),
        ),
        make_article(standfirst="", body="", language="en"),
        make_article(lead_photo=agency_photo, tags=["Économie"]),
        make_article(
            is_embargoed=True,
            published_at=timezone.now() + timedelta(hours=6),
            body="<ul><li>un</li></ul><blockquote><p>cité</p></blockquote>",
        ),
    ]


def addresses(value):
    """Every "uri" and "href" in a ninjs item (the schema's "format": "uri")."""
    if isinstance(value, dict):
        for name, inner in value.items():
            if name in {"uri", "href", "schema"} and isinstance(inner, str):
                yield inner
            else:
                yield from addresses(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from addresses(inner)


def ninjs_of(client, article, raw_key):
    response = client.get(f"/api/v1/articles/{article.pk}/ninjs/", **key_headers(raw_key))
    assert response.status_code == 200, response.content
    return response.json()


def test_every_article_is_valid_ninjs_3_1(client, validator):
    articles = varied_articles()
    _key, raw_key = ApiKey.issue("Agence", can_read_embargoed=True)
    for article in articles:
        item = ninjs_of(client, article, raw_key)
        errors = [error.message for error in validator.iter_errors(item)]
        assert errors == [], (article.headline, errors)
        # jsonschema checks "format": "uri" only with an extra package: check here.
        for address in addresses(item):
            parts = urlsplit(address)
            assert parts.scheme in {"http", "https"} and parts.netloc, address
            assert address.isascii(), address


def test_the_schema_check_is_real(validator):
    # A wrong item fails: the copy of the schema is the one in use.
    assert not validator.is_valid({"uri": "x", "headlines": "not a list"})
    assert not validator.is_valid({"headlines": []})


def test_ninjs_carries_the_article(client):
    photo = make_photo(caption="La place, mardi.", alt_text="Une place au lever du jour")
    article = make_article(
        headline="Les pêcheurs face à la marée",
        standfirst="Ils partent avant l’aube.",
        body="<p>Le texte.</p>",
        tags=["Océan"],
        authors=[make_author("Léa Marchand")],
        lead_photo=photo,
    )
    item = client.get(f"/api/v1/articles/{article.pk}/ninjs/").json()
    assert item["uri"].endswith(f"/api/v1/articles/{article.pk}/")
    assert item["version"] == str(Article.objects.get(pk=article.pk).version)
    assert item["headlines"][0]["value"] == "Les pêcheurs face à la marée"
    assert item["descriptions"][0]["value"] == "Ils partent avant l’aube."
    assert item["bodies"][0] == {
        "role": "main",
        "contentType": "text/html",
        "charCount": 9,
        "wordCount": 2,
        "value": "<p>Le texte.</p>",
    }
    assert item["by"] == "Léa Marchand"
    assert [subject["name"] for subject in item["subjects"]] == ["Océan"]
    assert item["language"] == "fr"
    assert item["versionCreated"].endswith("Z")
    assert "embargoedUntil" not in item
    picture = item["associations"][0]
    assert picture["type"] == "picture"
    assert picture["by"] == "Jeanne Martin/AFP"
    assert picture["copyrightNotice"] == "© AFP"
    names = {rendition["name"] for rendition in picture["renditions"]}
    assert "original" in names and "16:9" in names


def test_embargoed_ninjs_says_until_when(client):
    at = (timezone.now() + timedelta(hours=6)).replace(microsecond=0)
    article = make_article(is_embargoed=True, published_at=at)
    _key, raw_key = ApiKey.issue("Agence", can_read_embargoed=True)
    item = ninjs_of(client, article, raw_key)
    assert item["embargoedUntil"] == at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
