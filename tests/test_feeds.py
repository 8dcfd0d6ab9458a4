"""RSS and Atom feeds, read back with feedparser as a feed reader would."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import feedparser
import pytest

from tests.factories import make_article, make_author, make_photo, make_section

pytestmark = pytest.mark.django_db

FEEDS = ["/flux/", "/flux/atom/"]


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


@pytest.fixture
def article():
    section = make_section("International", slug="international")
    return make_article(
        section=section,
        headline="Le sommet s’ouvre à Genève",
        standfirst="Trois jours de négociations.",
        authors=[make_author("Jeanne Dupont"), make_author("Paul Martin")],
        tags=["Ukraine", "Diplomatie"],
        lead_photo=make_photo(),
        published_at=datetime(2025, 8, 7, 12, 30, tzinfo=UTC),
    )


@pytest.mark.parametrize("url", FEEDS)
def test_site_feed_items_carry_everything_a_reader_shows(client, article, url):
    feed = parse(client, url)

    (entry,) = feed.entries
    assert entry.title == "Le sommet s’ouvre à Genève"
    assert entry.link == "http://testserver" + article.get_absolute_url()
    assert entry.summary == "Trois jours de négociations."
    assert entry.author == "Jeanne Dupont, Paul Martin"
    assert sorted(tag.term for tag in entry.tags) == ["Diplomatie", "Ukraine"]
    assert entry.published_parsed[:5] == (2025, 8, 7, 12, 30)
    enclosure = entry.enclosures[0]
    assert enclosure.href.startswith("http://testserver/media/renditions/")
    assert enclosure.type == "image/jpeg"


@pytest.mark.parametrize("url", FEEDS)
def test_item_ids_are_absolute_urls_as_validators_require(client, article, url):
    # RSS guids are permalinks by default and Atom ids are IRIs: a bare path fails both.
    (entry,) = parse(client, url).entries
    assert entry.id == "http://testserver" + article.get_absolute_url()


def test_rss_feed_is_rss_2_and_atom_feed_is_atom(client, article):
    assert parse(client, "/flux/").version == "rss20"
    assert parse(client, "/flux/atom/").version == "atom10"


def test_enclosure_length_is_the_file_size(client, article):
    from django.core.files.storage import default_storage

    entry = parse(client, "/flux/").entries[0]

    path = article.lead_photo.renditions["64.jpg"]
    assert int(entry.enclosures[0].length) == default_storage.size(path)


def test_feed_lists_newest_first(client):
    now = datetime.now(UTC)
    make_article(headline="Ancien", published_at=now - timedelta(days=1))
    make_article(headline="Récent", published_at=now - timedelta(minutes=1))

    assert [entry.title for entry in parse(client, "/flux/").entries] == ["Récent", "Ancien"]


@pytest.mark.parametrize("suffix", ["flux/", "flux/atom/"])
def test_section_feed_holds_the_section_and_its_sub_sections(client, suffix):
    world = make_section("International", slug="international")
    europe = make_section("Europe", slug="europe", parent=world)
    make_article(section=world, headline="Monde")
    make_article(section=europe, headline="Europe")
    make_article(section=make_section(), headline="Ailleurs")

    titles = {entry.title for entry in parse(client, f"/international/{suffix}").entries}

    assert titles == {"Monde", "Europe"}


@pytest.mark.parametrize("suffix", ["flux/", "flux/atom/"])
def test_tag_feed_holds_only_tagged_articles(client, suffix):
    make_article(headline="Sur l’Ukraine", tags=["Ukraine"])
    make_article(headline="Autre", tags=["Climat"])

    assert [entry.title for entry in parse(client, f"/tag/ukraine/{suffix}").entries] == [
        "Sur l’Ukraine"
    ]


@pytest.mark.parametrize("suffix", ["flux/", "flux/atom/"])
def test_author_feed_holds_only_the_author_articles(client, suffix):
    author = make_author("Jeanne Dupont")
    make_article(headline="Son article", authors=[author])
    make_article(headline="Autre")

    assert [entry.title for entry in parse(client, f"/auteur/jeanne-dupont/{suffix}").entries] == [
        "Son article"
    ]


@pytest.mark.parametrize(
    "url", ["/inconnue/flux/", "/tag/inconnu/flux/", "/auteur/personne/flux/atom/"]
)
def test_feed_of_something_unknown_is_not_found(client, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("url", FEEDS)
def test_control_characters_in_a_headline_do_not_break_the_feed(client, url):
    make_article(
        headline="Dépêche\x0b urgente\x1f", standfirst="Texte\x01 collé", tags=["Alerte\x08"]
    )

    entry = parse(client, url).entries[0]

    assert entry.title == "Dépêche urgente"
    assert entry.summary == "Texte collé"


@pytest.mark.parametrize("size", [1, 6])
@pytest.mark.parametrize(
    "url", ["/flux/", "/tag/ukraine/flux/atom/", "/auteur/jeanne/flux/", "/rubrique/flux/"]
)
def test_feeds_run_a_fixed_number_of_queries(client, size, url, django_assert_max_num_queries):
    section = make_section("Rubrique", slug="rubrique")
    author = make_author("Jeanne", slug="jeanne")
    for _ in range(size * 3):
        make_article(
            section=section,
            tags=["Ukraine", "Russie"],
            authors=[author, make_author()],
            lead_photo=make_photo(),
        )

    # Built from nothing: two read key versions; four read the items' tags,
    # authors and notes and store what the feed says of them (feed_items).
    with django_assert_max_num_queries(14):
        assert client.get(url).status_code == 200
