"""
Reading agency XML without trusting it: no entity of any kind (billion
laughs, external files or URLs), no file over the size cap, no absurd
nesting, and truncated or malformed files refused with their line.
Then small helpers over namespaced or plain element names, and the
conversion of NITF and XHTML bodies into the article body's HTML.
"""

from __future__ import annotations

import io
import re
from html import unescape
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse
from django.utils.html import escape
from django.utils.translation import gettext as _

from ..items import ExportError

# Agency items are a few hundred kilobytes at most, a newsMessage a few MB.
MAX_XML_BYTES = 8 * 1024 * 1024
# NewsML-G2 with NITF inside nests about 15 deep; 100 is generous.
MAX_XML_DEPTH = 100

_SPACES = re.compile(r"\s+")
_ROOT = re.compile(rb"<(?![?!])(?:[A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)")
_COMMENT = re.compile(rb"<!--.*?-->", re.DOTALL)
_DOCTYPE = re.compile(rb"<!DOCTYPE[^>\[]*(\[.*?\])?\s*>", re.DOTALL)


def root_name(data: bytes) -> str:
    """The local name of the first element of an XML document's first bytes."""
    head = data.removeprefix(b"\xef\xbb\xbf").lstrip()
    if not head.startswith(b"<"):
        return ""
    head = _DOCTYPE.sub(b"", _COMMENT.sub(b"", head))
    match = _ROOT.search(head)
    return match[1].decode("ascii") if match else ""


def parse_xml(data: bytes, name: str) -> Element:
    """The document's root element, or ``ExportError`` saying why not."""
    if len(data) > MAX_XML_BYTES:
        raise ExportError(
            name, None, _("The file is larger than %(max)d MB.") % {"max": MAX_XML_BYTES >> 20}
        )
    depth = 0
    root = None
    try:
        events = iterparse(
            io.BytesIO(data),
            events=("start", "end"),
            forbid_dtd=False,
            forbid_entities=True,
            forbid_external=True,
        )
        for event, element in events:
            if event == "start":
                depth += 1
                if depth > MAX_XML_DEPTH:
                    raise ExportError(
                        name,
                        None,
                        _("The XML is nested more than %(max)d levels deep.")
                        % {"max": MAX_XML_DEPTH},
                    )
            else:
                depth -= 1
                root = element
    except DefusedXmlException:
        raise ExportError(
            name,
            None,
            _("The XML declares entities or external references, which are refused."),
        ) from None
    except ParseError as error:
        line = error.position[0] if error.position else None
        raise ExportError(
            name, line, _("This is not well-formed XML (a truncated file?).")
        ) from None
    if root is None:
        raise ExportError(name, None, _("The file is empty."))
    return root


def local(tag) -> str:
    """``{http://iptc.org/std/nar/2006-10-01/}headline`` -> ``headline``."""
    if not isinstance(tag, str):
        return ""  # comments and processing instructions
    return tag.rsplit("}", 1)[-1]


def children(element: Element | None, name: str) -> list[Element]:
    if element is None:
        return []
    return [child for child in element if local(child.tag) == name]


def child(element: Element | None, name: str) -> Element | None:
    if element is None:
        return None
    return next((c for c in element if local(c.tag) == name), None)


def descendants(element: Element, name: str) -> list[Element]:
    return [node for node in element.iter() if local(node.tag) == name]


def text_of(element: Element | None) -> str:
    """All the text inside, spaces collapsed."""
    if element is None:
        return ""
    return " ".join("".join(element.itertext()).split())


def attribute(element: Element | None, name: str) -> str:
    """An attribute whatever its namespace (``xml:lang`` is ``{...}lang``)."""
    if element is None:
        return ""
    for key, value in element.attrib.items():
        if local(key) == name:
            return value.strip()
    return ""


# --- Bodies ------------------------------------------------------------------

# NITF and XHTML elements and the body element each becomes; others keep only
# their text (no text lost) inside whatever block holds them.
BLOCKS = {
    "p": "p",
    "hl2": "h2",
    "h1": "h2",
    "h2": "h2",
    "h3": "h3",
    "h4": "h3",
    "h5": "h3",
    "h6": "h3",
    "ul": "ul",
    "ol": "ol",
    "li": "li",
    "bq": "blockquote",
    "blockquote": "blockquote",
    "pre": "p",
}
INLINES = {"em": "em", "i": "em", "strong": "strong", "b": "strong", "br": "br"}
# Containers whose children are blocks: unwrapped.
CONTAINERS = {"body", "body.content", "block", "div", "section", "article", "html", "table",
              "tbody", "thead", "tr", "td", "th", "figure", "nitf"}  # fmt: skip
# Parts that are not the story's text.
SKIPPED = {"head", "body.head", "body.end", "media", "media-reference", "media-metadata", "style", "script",
           "title", "caption", "media-caption", "figcaption", "img"}  # fmt: skip


def body_html(element: Element, headline: str = "") -> str:
    """The blocks of a NITF ``body.content`` or an XHTML ``body`` as article HTML."""
    blocks: list[str] = []
    _blocks_of(element, blocks)
    return "\n".join(drop_repeated_headline(blocks, headline))


def _blocks_of(element: Element, blocks: list[str]) -> None:
    loose = escape(" ".join((element.text or "").split()))
    if loose:
        blocks.append(f"<p>{loose}</p>")
    for node in element:
        name = local(node.tag)
        if name in SKIPPED or not name:
            pass
        elif name in CONTAINERS or name not in BLOCKS:
            if name in CONTAINERS:
                _blocks_of(node, blocks)
            else:
                inner = inline_html(node).strip()
                if inner:
                    blocks.append(f"<p>{inner}</p>")
        else:
            tag = BLOCKS[name]
            inner = _list_html(node) if tag in {"ul", "ol", "blockquote"} else inline_html(node)
            if inner.strip():
                blocks.append(f"<{tag}>{inner.strip()}</{tag}>")
        tail = escape(" ".join((node.tail or "").split()))
        if tail:
            blocks.append(f"<p>{tail}</p>")


def _list_html(element: Element) -> str:
    parts: list[str] = []
    _blocks_of(element, parts)
    return "".join(parts)


def inline_html(element: Element) -> str:
    """The element's text with emphasis and links kept, everything else as text."""
    parts = [escape(element.text or "")]
    for node in element:
        name = local(node.tag)
        inner = inline_html(node)
        if name in INLINES:
            tag = INLINES[name]
            parts.append("<br>" if tag == "br" else f"<{tag}>{inner}</{tag}>")
        elif name == "a" and attribute(node, "href"):
            parts.append(f'<a href="{escape(attribute(node, "href"))}">{inner}</a>')
        elif name not in SKIPPED:
            parts.append(inner)
        parts.append(escape(node.tail or ""))
    return _SPACES.sub(" ", "".join(parts))


_TAGS = re.compile(r"<[^>]+>")


def plain(html: str) -> str:
    return " ".join(unescape(_TAGS.sub(" ", html)).split()).casefold()


def drop_repeated_headline(blocks: list[str], headline: str) -> list[str]:
    """Agencies often open the body with the headline again: keep it once, above."""
    if blocks and headline and plain(blocks[0]) == " ".join(headline.split()).casefold():
        return blocks[1:]
    return blocks
