"""Agency formats as plug-ins: recognised from the content, mapped to one item shape."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from articles.imports.formats import detect, parse_file
from articles.imports.items import ExportError, Status

SAMPLES = Path(__file__).resolve().parent / "samples"
AGENCY = SAMPLES / "agency"
IPTC = SAMPLES / "iptc"


def parse(path: Path, name: str | None = None):
    return parse_file(path.read_bytes(), name or path.name)


def only(path: Path, name: str | None = None):
    (item,) = parse(path, name)
    return item


@pytest.mark.parametrize(
    ("path", "label"),
    [
        (AGENCY / "ninjs1-pont.json", "ninjs"),
        (AGENCY / "ninjs2-marche.json", "ninjs"),
        (AGENCY / "ninjs3-sommet.json", "ninjs"),
        (AGENCY / "newsml-item-nitf.xml", "NewsML-G2"),
        (AGENCY / "newsml-message.xml", "NewsML-G2"),
        (AGENCY / "bare.nitf", "NITF"),
        (SAMPLES / "sommet.txt", "plain text"),
    ],
)
def test_format_is_recognised_from_the_content_not_the_name(path, label):
    assert detect(path.read_bytes(), "delivery.bin").label == label


def test_a_ninjs_file_named_txt_is_still_read_as_ninjs():
    item = only(AGENCY / "ninjs3-sommet.json", name="story.txt")
    assert item.format == "ninjs"
    assert item.headline == "Les ministres de l’Agriculture réunis à Lyon"


def test_ninjs_1_maps_headline_standfirst_body_byline_tags_credit_and_identity():
    item = only(AGENCY / "ninjs1-pont.json")
    assert item.headline == "Le pont Lafayette rouvre après deux ans de travaux"
    assert item.standfirst.startswith("La circulation reprend lundi")
    assert item.authors == ("Claire Dumas", "Marc Leroy")
    assert item.tags == ("Transports", "Lyon")
    assert item.credit == "AFX"
    assert item.language == "fr-FR"
    assert (item.slugline, item.urgency, item.version) == ("LYON-PONT", 4, 1)
    assert item.uri == "urn:newsroom-test:afx:2025:pont-lyon"


def test_body_keeps_sub_headings_lists_quotes_and_links_without_the_repeated_headline():
    body = only(AGENCY / "ninjs1-pont.json").body_html
    assert "<h1" not in body
    assert "deux ans de travaux</h" not in body  # the headline is not repeated
    assert "<h2>Un chantier hors norme</h2>" in body
    assert "<li>Piétons</li>" in body
    assert "<blockquote>" in body
    assert '<a href="https://www.lyon.fr/pont">' in body


def test_ninjs_2_takes_the_main_headline_the_sub_headline_and_the_rich_body():
    item = only(AGENCY / "ninjs2-marche.json")
    assert item.headline == "Le marché couvert de Nantes s’agrandit"
    assert item.standfirst == "Douze nouveaux producteurs s’installent dès samedi."
    assert "<h3>Du miel et du fromage</h3>" in item.body_html
    assert "Version texte" not in item.body_html
    assert item.tags == ("Commerce", "Nantes")
    assert item.version == 3


def test_ninjs_3_reads_camel_case_fields_and_picture_associations():
    item = only(AGENCY / "ninjs3-sommet.json")
    assert item.standfirst == "Douze pays discutent de l’eau et des prix."
    assert item.published_at == datetime(2025, 3, 14, 8, 0, tzinfo=UTC)
    assert (item.slugline, item.urgency, item.status) == ("AGRI-SOMMET", 3, Status.USABLE)
    (picture,) = item.pictures
    assert picture.filenames[0] == "sommet-photo.png"  # the rendition's file name, never its URL
    assert picture.caption == "Les ministres posent devant l’hôtel de ville de Lyon."
    assert picture.credit == "Jeanne Martin / AFX"
    assert picture.copyright_notice == "© AFX 2025"


def test_ninjs_3_canceled_status_is_read():
    assert only(AGENCY / "ninjs3-sommet-canceled.json").status == Status.CANCELED


@pytest.mark.parametrize(
    "name",
    [
        "ninjs-1.6_004_simple_text_article.json",
        "ninjs-2.2_004_simple_text_article.json",
        "ninjs-3.1_005_complex_text_article.json",
    ],
)
def test_iptc_examples_of_each_major_version_give_the_same_story(name):
    item = only(IPTC / name)
    assert item.headline == "Captain of wrecked cruise ship on trial in Italy"
    assert item.authors == ("Paulo Santalucia", "Frances d'Emilio")
    assert item.paragraphs[0].startswith("GROSSETO, Italy (AP)")


def test_iptc_newsml_g2_example_keeps_guid_version_embargo_and_subjects_in_its_language():
    item = only(IPTC / "LISTING_1_A_NewsML-G2_News_Item.xml")
    assert item.headline == 'Fed to halt QE to avert "bubble"'
    assert item.uri == "urn:newsml:acmenews.com:20161018:US-FINANCE-FED"
    assert item.version == 11
    assert item.embargoed_until == datetime(2018, 10, 23, 12, 0, tzinfo=UTC)
    assert item.tags == ("economy, business and finance", "labour market")
    assert item.authors == ("Meredith Jameson",)
    assert item.credit == "Example Enews LLP"


def test_newsml_g2_with_nitf_inside_maps_body_standfirst_and_french_subject_names():
    item = only(AGENCY / "newsml-item-nitf.xml")
    assert item.headline == "Le port du Havre bat son record de conteneurs"
    assert item.standfirst == "Plus de 300 000 conteneurs en mars, du jamais-vu."
    assert "<h2>Une hausse de 12 %</h2>" in item.body_html
    assert "<em>12 %</em>" in item.body_html
    assert "<blockquote><p>« C’est historique », selon la direction.</p></blockquote>" in (
        item.body_html
    )
    assert "record de conteneurs</h" not in item.body_html
    assert item.tags == ("économie, affaires et finances", "Le Havre")
    assert item.language == "fr-FR"
    assert item.embargoed_until == datetime(2099, 6, 1, 8, 0, tzinfo=UTC)


def test_newsml_g2_message_gives_each_text_item_with_its_packaged_picture():
    velo, tram = parse(AGENCY / "newsml-message.xml")
    assert velo.headline == "Cycle lanes double in Lille"
    assert "<h2>Next steps</h2>" in velo.body_html
    assert "<ol><li>Bridges</li><li>Parking</li></ol>" in velo.body_html
    assert "Cycle lanes double in Lille</h" not in velo.body_html
    (picture,) = velo.pictures
    assert picture.filenames[0] == "velo-lille.png"
    assert picture.credit == "Paul Roy / Nord Wire"
    assert picture.copyright_notice == "© Nord Wire 2025"
    assert tram.pictures == ()
    assert tram.paragraphs == [
        "The new tram line opens on Monday.",
        "It links the station to the stadium.",
    ]
    assert tram.name.endswith("#2")


def test_bare_nitf_maps_head_and_body_and_its_pictures():
    item = only(AGENCY / "bare.nitf")
    assert item.headline == "Harbour seals return to the Somme bay"
    assert item.standfirst == "A record 700 seals counted this spring"
    assert item.authors == ("Lea Martin",)
    assert item.tags == ("wildlife", "Somme")
    assert (item.uri, item.version, item.urgency) == ("urn:newsroom-test:nitf:phoques", 1, 6)
    assert item.slugline == "SOMME-SEALS"
    assert item.credit == "Coast Press"
    assert "Coast Press" not in item.body_html  # the picture's producer is no body text
    assert '<a href="https://example.org/count">low tide</a>' in item.body_html
    (picture,) = item.pictures
    assert picture.filenames == ("seals.png",)
    assert picture.alt_text == "Seals resting on a sandbank"


def test_namespaced_and_plain_newsml_g2_read_alike():
    plain = (
        (AGENCY / "newsml-item-nitf.xml")
        .read_bytes()
        .replace(b' xmlns="http://iptc.org/std/nar/2006-10-01/"', b"")
    )
    assert (
        parse_file(plain, "plain.xml")[0].headline == only(AGENCY / "newsml-item-nitf.xml").headline
    )


def test_unknown_content_is_refused_naming_the_file():
    with pytest.raises(ExportError, match="page.html: .*not one Newsroom reads"):
        parse_file(b"<html><body>Hi</body></html>", "page.html")


def test_xhtml_body_keeps_every_word_whatever_its_markup():
    xhtml = (
        b'<newsItem guid="urn:x:1" version="1"><itemMeta><itemClass qcode="ninat:text"/>'
        b"</itemMeta><contentMeta><headline>Title</headline></contentMeta><contentSet>"
        b'<inlineXML><html xmlns="http://www.w3.org/1999/xhtml"><body>'
        b"<div><span>alpha</span> loose</div><table><tr><td>beta</td><td><b>gamma</b></td></tr>"
        b"</table><ul><li>delta<ul><li>epsilon</li></ul></li></ul><custom>zeta</custom>"
        b"<p>eta <q>theta</q> <a href='https://x.example/'>iota</a></p>"
        b"</body></html></inlineXML></contentSet></newsItem>"
    )
    (item,) = parse_file(xhtml, "words.xml")
    for word in ("alpha", "loose", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta"):
        assert word in item.body_html
    assert '<a href="https://x.example/">iota</a>' in item.body_html


def test_script_in_a_ninjs_body_never_reaches_the_article(db):
    from articles.imports.options import ImportOptions
    from articles.imports.service import import_item
    from tests.factories import make_section

    document = (
        (AGENCY / "ninjs1-pont.json")
        .read_text()
        .replace(
            "<p>Le pont Lafayette, à Lyon",
            "<script>alert(1)</script><p onclick='x()'>Le pont Lafayette, à Lyon",
        )
    )
    (item,) = parse_file(document.encode(), "pont.json")
    article = import_item(item, ImportOptions(section=make_section(slug="monde"))).article
    assert "<script" not in article.body and "onclick" not in article.body
    assert "Le pont Lafayette, à Lyon" in article.body
