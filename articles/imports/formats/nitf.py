"""
Bare NITF (News Industry Text Format) files, and the NITF inside NewsML-G2.

``head/docdata`` gives the identity (``doc-id``), the version (``du-key``),
urgency, dates, status and keywords; ``body.head`` the headline (``hl1``),
sub-headline (``hl2``), by-line and abstract; ``body.content`` the text.
"""

from __future__ import annotations

from xml.etree.ElementTree import Element

from ..items import ParsedItem, ParsedPicture
from . import common
from .xmlsafe import attribute, body_html, child, children, descendants, parse_xml, root_name
from .xmlsafe import text_of as text


class Nitf:
    label = "NITF"

    def sniff(self, data: bytes) -> bool:
        return root_name(data) == "nitf"

    def parse(self, data: bytes, name: str) -> list[ParsedItem]:
        return [item_from_nitf(parse_xml(data, name), name)]


def headline_of(nitf: Element) -> str:
    hedline = next(iter(descendants(nitf, "hedline")), None)
    return text(child(hedline, "hl1")) or text(child(child(nitf, "head"), "title"))


def standfirst_of(nitf: Element) -> str:
    hedline = next(iter(descendants(nitf, "hedline")), None)
    abstract = next(iter(descendants(nitf, "abstract")), None)
    return text(child(hedline, "hl2")) or text(abstract)


def byline_of(nitf: Element) -> tuple[str, ...]:
    names: list[str] = []
    for byline in descendants(nitf, "byline"):
        persons = descendants(byline, "person")
        names += [text(p) for p in persons] if persons else list(common.people(text(byline)))
    return tuple(dict.fromkeys(n for n in names if n))[: common.MAX_AUTHORS]


def content_of(nitf: Element, headline: str) -> str:
    content = next(iter(descendants(nitf, "body.content")), None)
    if content is None:
        content = child(nitf, "body")
    return body_html(content, headline) if content is not None else ""


def pictures_of(nitf: Element) -> tuple[ParsedPicture, ...]:
    pictures = []
    for media in descendants(nitf, "media"):
        if attribute(media, "media-type") not in {"image", "photo", "graphic", ""}:
            continue
        references = children(media, "media-reference")
        names = [common.file_name(attribute(r, "source")) for r in references]
        names = [n for n in names if n]
        if not names:
            continue
        pictures.append(
            ParsedPicture(
                filenames=tuple(dict.fromkeys(names)),
                caption=text(child(media, "media-caption"))[:500],
                credit=text(child(media, "media-producer"))[:100],
                alt_text=next((attribute(r, "alternate-text") for r in references), "")[:255],
            )
        )
    return tuple(pictures)


def item_from_nitf(nitf: Element, name: str) -> ParsedItem:
    docdata = next(iter(descendants(nitf, "docdata")), None)
    headline = headline_of(nitf)
    du_key = child(docdata, "du-key")
    release = common.parse_datetime(attribute(child(docdata, "date.release"), "norm"))
    issued = common.parse_datetime(attribute(child(docdata, "date.issue"), "norm"))
    keywords = [attribute(k, "key") for k in descendants(nitf, "keyword")]
    copyright_ = child(docdata, "doc.copyright")
    return ParsedItem(
        name=name,
        format="NITF",
        headline=headline,
        standfirst=standfirst_of(nitf),
        body_html=content_of(nitf, headline),
        published_at=issued or release,
        authors=byline_of(nitf),
        tags=common.unique_names(keywords),
        credit=(
            text(next(iter(descendants(nitf, "distributor")), None))
            or attribute(copyright_, "holder")
        )[:100],
        language=attribute(nitf, "lang") or attribute(child(nitf, "body"), "lang"),
        slugline=attribute(du_key, "key")[:200],
        urgency=common.urgency(attribute(child(docdata, "urgency"), "ed-urg")),
        uri=attribute(child(docdata, "doc-id"), "id-string")[:500],
        version=common.version(attribute(du_key, "version")),
        status=common.status(attribute(docdata, "management-status")),
        # "Not before": a release time still to come is an embargo.
        embargoed_until=release,
        pictures=pictures_of(nitf),
    )
