"""
Every XML document the site serves stays well-formed whatever is typed in any
field: text is cleaned when saved (articles.text.clean_text), and feeds,
sitemaps and the news sitemap strip what XML refuses at the output too.
"""

from __future__ import annotations

import unicodedata
from datetime import timedelta

import feedparser
import pytest
from defusedxml import ElementTree
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.models import (
    Agency,
    Article,
    ArticleNote,
    Author,
    Photo,
    PhotoCredit,
    Section,
    Tag,
)
from articles.text import clean_text
from tests.factories import make_article, make_author, make_credit, make_photo, make_section

# Characters XML 1.0 refuses or feed readers choke on, in every kind.
HOSTILE = {
    "nul": "\x00",
    "start-of-heading": "\x01",
    "vertical-tab": "\x0b",
    "form-feed": "\x0c",
    "unit-separator": "\x1f",
    "delete": "\x7f",
    "c1-next-line": "\x85",
    "lone-high-surrogate": "\ud800",
    "lone-low-surrogate": "\udfff",
    "fdd0-noncharacter": "\ufdd0",
    "fffe": "\ufffe",
    "ffff": "\uffff",
    "plane-1-noncharacter": "\U0001fffe",
    "plane-16-noncharacter": "\U0010ffff",
}
# What PostgreSQL can store: NUL and surrogates never reach a column.
STORABLE_HOSTILE = {k: v for k, v in HOSTILE.items() if k not in {"nul"} and "surrogate" not in k}

FEEDS = [
    "/flux/",
    "/flux/atom/",
    "/corrections/flux/",
    "/corrections/flux/atom/",
    "/{section}/flux/",
    "/{section}/flux/atom/",
    "/tag/{tag}/flux/",
    "/tag/{tag}/flux/atom/",
    "/auteur/{author}/flux/",
    "/auteur/{author}/flux/atom/",
]
SITEMAPS = [
    "/sitemap.xml",
    "/sitemap-articles.xml",
    "/sitemap-sections.xml",
    "/sitemap-tags.xml",
    "/sitemap-authors.xml",
    "/news-sitemap.xml",
]


def hostile(text: str, char: str) -> str:
    return f"{text} {char}avant{char}après{char}"


def build_newsroom(char: str) -> Article:
    """One published article with ``char`` in every field a reader or a feed shows."""
    section = make_section(hostile("Économie", char), slug="economie")
    author = make_author(hostile("Jeanne Martin", char))
    credit = make_credit(hostile("Paul Durand", char) + "/AFP")
    photo = make_photo(
        caption=hostile("Le port", char),
        alt_text=hostile("Des grues", char),
        copyright_notice=hostile("© AFP", char),
        credit=credit,
    )
    article = make_article(
        headline=hostile("Les dockers votent la grève", char),
        standfirst=hostile("Le mouvement s’étend", char),
        body=f"<p>{hostile('Premier paragraphe', char)}</p>",
        section=section,
        lead_photo=photo,
        tags=[hostile("Syndicats", char)],
        authors=[author],
    )
    ArticleNote.objects.create(
        article=article,
        kind=ArticleNote.Kind.CORRECTION,
        text=hostile("Une erreur de date", char),
        published_at=timezone.now() - timedelta(minutes=5),
    )
    return article


def xml_urls(article: Article) -> list[str]:
    names = {
        "section": article.section.slug,
        "tag": article.tags.get().slug,
        "author": article.authors.get().slug,
    }
    return [url.format(**names) for url in FEEDS] + SITEMAPS


def assert_well_formed(client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    ElementTree.fromstring(response.content)  # raises on any XML error
    if "flux" in url:
        parsed = feedparser.parse(response.content)
        assert parsed.bozo == 0, (url, parsed.get("bozo_exception"))
        assert parsed.entries, url


TEXT_FIELDS = [
    (Article, ("headline", "standfirst", "body")),
    (Section, ("name",)),
    (Author, ("name",)),
    (Tag, ("name",)),
    (Photo, ("caption", "alt_text", "copyright_notice")),
    (PhotoCredit, ("source",)),
    (Agency, ("name",)),
    (ArticleNote, ("text",)),
]


@pytest.mark.parametrize("char", HOSTILE.values(), ids=HOSTILE.keys())
def test_saved_text_never_keeps_a_character_xml_refuses(db, char):
    build_newsroom(char)
    for model, fields in TEXT_FIELDS:
        for values in model.objects.values_list(*fields):
            for value in values:
                assert char not in value, (model.__name__, value)


@pytest.mark.parametrize("char", HOSTILE.values(), ids=HOSTILE.keys())
def test_every_feed_and_sitemap_stays_well_formed(client, db, char):
    article = build_newsroom(char)
    for url in xml_urls(article):
        assert_well_formed(client, url)


@pytest.mark.parametrize("char", STORABLE_HOSTILE.values(), ids=STORABLE_HOSTILE.keys())
def test_outputs_stay_well_formed_when_the_database_holds_hostile_text(client, db, char):
    # Rows written around save() (an old row, a bulk update, a raw SQL fix):
    # the output strips what saving would have.
    article = build_newsroom("")
    dirty = hostile("Sale", char)
    Article.objects.update(headline=dirty, standfirst=dirty)
    Section.objects.update(name=dirty)
    Author.objects.update(name=dirty)
    Tag.objects.update(name=dirty)
    ArticleNote.objects.update(text=dirty)
    Photo.objects.update(caption=dirty, alt_text=dirty)
    for url in xml_urls(article):
        assert_well_formed(client, url)


def test_names_in_nfc_and_nfd_are_one_tag_one_author_spelling(db):
    nfc, nfd = (unicodedata.normalize(form, "Égypte") for form in ("NFC", "NFD"))
    assert nfc != nfd
    first = make_article(tags=[nfc])
    second = make_article(tags=[nfd])

    assert Tag.objects.count() == 1
    assert set(first.tags.all()) == set(second.tags.all())
    author = make_author(unicodedata.normalize("NFD", "Hélène Dupré"))
    assert author.name == "Hélène Dupré"


# --- Any text at all ---------------------------------------------------------


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=40))
def test_cleaned_text_is_always_valid_xml_and_nfc(text):
    cleaned = clean_text(text)
    assert unicodedata.is_normalized("NFC", cleaned)
    ElementTree.fromstring(f"<a>{escape_xml(cleaned)}</a>".encode())


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    headline=st.text(min_size=1, max_size=60),
    tag=st.text(min_size=1, max_size=30).filter(lambda t: clean_text(" ".join(t.split()))),
)
def test_any_headline_and_tag_leave_the_feeds_well_formed(client, db, headline, tag):
    Article.objects.all().delete()
    article = make_article(headline=headline or "x", tags=[tag])
    for url in (
        "/flux/",
        "/flux/atom/",
        f"/tag/{article.tags.get().slug}/flux/",
        "/news-sitemap.xml",
    ):
        assert_well_formed(client, url)


def escape_xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
