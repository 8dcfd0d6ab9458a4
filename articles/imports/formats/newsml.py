"""
IPTC NewsML-G2: a ``newsItem``, or a ``newsMessage`` whose ``itemSet`` holds
several news items and packages; with or without the namespace. The text is
NITF or XHTML inside ``inlineXML`` (or plain text in ``inlineData``).
Picture items become the pictures of the text item they are packaged or
linked with (or of the only text item of the message); their files must be
delivered beside the message, matched by file name or residref.
"""

from __future__ import annotations

from xml.etree.ElementTree import Element

from django.utils.translation import gettext as _

from ..items import ExportError, ParsedItem, ParsedPicture
from . import common
from .nitf import item_from_nitf
from .xmlsafe import attribute, body_html, child, children, descendants, local, parse_xml
from .xmlsafe import root_name as root_of
from .xmlsafe import text_of as text

ROOTS = {"newsItem", "newsMessage"}
TEXT_CLASSES = {"text", "composite"}
PICTURE_CLASSES = {"picture", "graphic"}


class NewsMLG2:
    label = "NewsML-G2"

    def sniff(self, data: bytes) -> bool:
        return root_of(data) in ROOTS

    def parse(self, data: bytes, name: str) -> list[ParsedItem]:
        root = parse_xml(data, name)
        if local(root.tag) == "newsItem":
            items = [root]
            packages: list[Element] = []
        else:
            item_set = next(iter(descendants(root, "itemSet")), root)
            items = children(item_set, "newsItem")
            packages = children(item_set, "packageItem")
        texts = [i for i in items if item_class(i) in TEXT_CLASSES]
        pictures = {attribute(i, "guid"): i for i in items if item_class(i) in PICTURE_CLASSES}
        if not texts and pictures:
            return [
                picture_item(p, name, n, len(pictures)) for n, p in enumerate(pictures.values(), 1)
            ]
        if not texts:
            raise ExportError(name, None, _("This NewsML-G2 file holds no text item."))
        groups = [
            {attribute(ref, "residref") for ref in descendants(group, "itemRef")}
            for package in packages
            for group in descendants(package, "group")
        ]
        parsed = []
        for number, item in enumerate(texts, start=1):
            label = name if len(texts) == 1 else f"{name} #{number}"
            linked = pictures_linked(item, pictures, groups, only_text=len(texts) == 1)
            parsed.append(item_from_newsml(item, label, linked))
        return parsed


def item_class(item: Element) -> str:
    qcode = attribute(child(child(item, "itemMeta"), "itemClass"), "qcode")
    return qcode.rsplit(":", 1)[-1]


def pictures_linked(
    item: Element, pictures: dict[str, Element], groups: list[set[str]], only_text: bool
) -> list[Element]:
    guid = attribute(item, "guid")
    wanted = {attribute(link, "residref") for link in descendants(item, "link")}
    for group in groups:
        if guid in group:
            wanted |= group
    if only_text and not wanted & pictures.keys():
        return list(pictures.values())
    return [picture for key, picture in pictures.items() if key in wanted]


def language_of(item: Element) -> str:
    language = child(child(item, "contentMeta"), "language")
    return attribute(language, "tag") or attribute(item, "lang")


def names_in(elements: list[Element], language: str) -> list[str]:
    """Each concept's name in the item's language, else its first name."""
    prefix = language.split("-")[0].casefold()
    found = []
    for element in elements:
        names = children(element, "name")
        # Elements without children are falsy: compare with None, never use "or".
        ranked = sorted(names, key=lambda n: _language_rank(attribute(n, "lang"), prefix))
        if ranked:
            found.append(text(ranked[0]))
    return found


def _language_rank(lang: str, prefix: str) -> int:
    if lang.split("-")[0].casefold() == prefix:
        return 0
    return 1 if not lang else 2


def headline_and_standfirst(meta: Element | None) -> tuple[str, str]:
    headlines = children(meta, "headline")
    plain = [h for h in headlines if not attribute(h, "role")]
    main = (plain or headlines or [None])[0]
    subs = [h for h in headlines if h is not main] + children(meta, "subheadline")
    summary = next(
        (
            d
            for d in children(meta, "description")
            if attribute(d, "role").rsplit(":", 1)[-1] in {"summary", "abstract", ""}
        ),
        None,
    )
    return text(main), text(subs[0] if subs else summary)


def credit_of(item: Element) -> str:
    meta = child(item, "contentMeta")
    rights = child(item, "rightsInfo")
    candidates = [
        text(child(meta, "creditline")),
        text(child(child(rights, "copyrightHolder"), "name")),
        *(text(child(s, "name")) for s in children(meta, "infoSource")),
        text(child(child(child(item, "itemMeta"), "provider"), "name")),
    ]
    return next((c for c in candidates if c), "")[:100]


def body_of(item: Element, headline: str) -> tuple[str, Element | None]:
    """The body HTML, and the NITF document when the text is NITF."""
    content_set = child(item, "contentSet")
    for inline in children(content_set, "inlineXML"):
        nitf = next((e for e in inline.iter() if local(e.tag) == "nitf"), None)
        if nitf is not None:
            return "", nitf
        body = next((e for e in inline.iter() if local(e.tag) in {"body", "body.content"}), None)
        return body_html(body if body is not None else inline, headline), None
    data = child(content_set, "inlineData")
    return common.text_to_html("".join(data.itertext()) if data is not None else ""), None


def picture_from(item: Element) -> ParsedPicture:
    meta = child(item, "contentMeta")
    rights = child(item, "rightsInfo")
    names = [common.file_name(attribute(r, "href")) for r in descendants(item, "remoteContent")]
    names += [
        common.file_name(attribute(r, "residref")) for r in descendants(item, "remoteContent")
    ]
    names.append(common.file_name(attribute(item, "guid")))
    captions = [d for d in children(meta, "description") if "caption" in attribute(d, "role")]
    return ParsedPicture(
        filenames=tuple(dict.fromkeys(n for n in names if n)),
        caption=text(captions[0] if captions else child(meta, "headline"))[:500],
        credit=credit_of(item),
        copyright_notice=text(child(rights, "copyrightNotice"))[:300],
    )


def picture_item(item: Element, name: str, number: int, count: int) -> ParsedItem:
    """A picture delivered on its own: it goes to the photo library."""
    picture = picture_from(item)
    return ParsedItem(
        name=name if count == 1 else f"{name} #{number}",
        format="NewsML-G2",
        kind="picture",
        headline=text(child(child(item, "contentMeta"), "headline")) or picture.filenames[0],
        body_html="",
        credit=picture.credit,
        uri=attribute(item, "guid")[:500],
        pictures=(picture,),
    )


def item_from_newsml(item: Element, name: str, pictures: list[Element]) -> ParsedItem:
    item_meta = child(item, "itemMeta")
    meta = child(item, "contentMeta")
    headline, standfirst = headline_and_standfirst(meta)
    body, nitf = body_of(item, headline)
    # Inline NITF fills what the NewsML-G2 metadata leaves out.
    inner = item_from_nitf(nitf, name) if nitf is not None else ParsedItem(name, "", "", "")
    headline = headline or inner.headline
    if nitf is not None:
        body = body_of_nitf(nitf, headline)
    language = language_of(item) or inner.language
    subjects = names_in(children(meta, "subject"), language)
    keywords = [text(k) for k in children(meta, "keyword")]
    creators = [text(child(c, "name")) for c in children(meta, "creator")]
    return ParsedItem(
        name=name,
        format="NewsML-G2",
        headline=headline,
        standfirst=standfirst or inner.standfirst,
        body_html=body,
        published_at=common.parse_datetime(text(child(item_meta, "firstCreated")))
        or common.parse_datetime(text(child(item_meta, "versionCreated"))),
        authors=tuple(c for c in creators if c) or inner.authors,
        tags=common.unique_names(subjects + keywords),
        credit=credit_of(item),
        language=language,
        slugline=text(child(meta, "slugline"))[:200],
        urgency=common.urgency(text(child(meta, "urgency"))),
        uri=attribute(item, "guid")[:500],
        version=common.version(attribute(item, "version")),
        status=common.status(attribute(child(item_meta, "pubStatus"), "qcode")),
        embargoed_until=common.parse_datetime(text(child(item_meta, "embargoed"))),
        pictures=tuple(picture_from(p) for p in pictures) + inner.pictures,
    )


def body_of_nitf(nitf: Element, headline: str) -> str:
    content = next(iter(descendants(nitf, "body.content")), None)
    return body_html(content, headline) if content is not None else ""
