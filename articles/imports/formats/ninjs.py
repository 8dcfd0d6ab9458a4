"""
IPTC ninjs, versions 1.x (``headline``, ``body_html``, ``byline``, lower-case
keys), 2.x (``headlines``/``bodies``/``descriptions`` arrays) and 3.x
(camelCase: ``versionCreated``, ``contentType``, ``embargoedUntil``). One
reader for all three: each field is looked up under every spelling.
"""

from __future__ import annotations

import json
import re

from django.utils.translation import gettext as _

from ..items import ExportError, ParsedItem, ParsedPicture
from . import common
from .xmlsafe import drop_repeated_headline

MAX_JSON_BYTES = 8 * 1024 * 1024
MAX_JSON_DEPTH = 40
# Keys only a news item has; a JSON file with none of them is something else.
NEWS_KEYS = {"headline", "headlines", "bodies", "body_html", "body_text", "versioncreated",
             "versionCreated", "byline", "by", "associations", "pubstatus", "pubStatus"}  # fmt: skip
PICTURE_TYPES = {"picture", "graphic"}
RICH_TYPES = ("html", "xhtml", "richtext")
_HEADING_TAG = re.compile(r"<(/?)h([1-6])\b", re.IGNORECASE)
_BLOCK = re.compile(r"<(p|h[1-6])\b[^>]*>.*?</\1>", re.IGNORECASE | re.DOTALL)


class Ninjs:
    label = "ninjs"

    def sniff(self, data: bytes) -> bool:
        return data.removeprefix(b"\xef\xbb\xbf").lstrip().startswith(b"{")

    def parse(self, data: bytes, name: str) -> list[ParsedItem]:
        return [item_from_ninjs(load(data, name), name)]


def load(data: bytes, name: str) -> dict:
    if len(data) > MAX_JSON_BYTES:
        raise ExportError(
            name, None, _("The file is larger than %(max)d MB.") % {"max": MAX_JSON_BYTES >> 20}
        )
    try:
        document = json.loads(data.removeprefix(b"\xef\xbb\xbf").decode("utf-8"))
    except UnicodeDecodeError:
        raise ExportError(name, None, _("JSON must be UTF-8.")) from None
    except json.JSONDecodeError as error:
        raise ExportError(
            name, error.lineno, _("This is not valid JSON (a truncated file?).")
        ) from None
    except (RecursionError, ValueError):
        raise ExportError(name, None, _("This JSON is nested too deeply or too large.")) from None
    if not isinstance(document, dict) or not _looks_like_news(document):
        raise ExportError(name, None, _("This JSON is not a ninjs news item."))
    if _depth(document) > MAX_JSON_DEPTH:
        raise ExportError(name, None, _("This JSON is nested too deeply or too large."))
    return document


def _looks_like_news(document: dict) -> bool:
    return isinstance(document.get("uri"), str) and bool(NEWS_KEYS & document.keys())


def _depth(value, level: int = 0) -> int:
    if level > MAX_JSON_DEPTH:
        return level
    if isinstance(value, dict):
        return max((_depth(v, level + 1) for v in value.values()), default=level)
    if isinstance(value, list):
        return max((_depth(v, level + 1) for v in value), default=level)
    return level


def get(document: dict, *keys: str):
    """The first of ``keys`` present: the same field across the three versions."""
    for key in keys:
        if document.get(key) not in (None, "", [], {}):
            return document[key]
    return None


def text(value) -> str:
    return " ".join(value.split()) if isinstance(value, str) else ""


def by_role(entries, roles: tuple[str, ...]) -> str:
    """
    From a 2.x/3.x array of {role, value}: the first entry of the first role
    found; the role "" stands for any entry.
    """
    if not isinstance(entries, list):
        return ""
    entries = [e for e in entries if isinstance(e, dict) and isinstance(e.get("value"), str)]
    for role in roles:
        for entry in entries:
            if role == "" or str(entry.get("role", "")).rsplit(":", 1)[-1].casefold() == role:
                return entry["value"]
    return ""


def headline_of(document: dict) -> str:
    return text(get(document, "headline", "headline_main")) or text(
        by_role(document.get("headlines"), ("main", "simple", ""))
    )


def standfirst_of(document: dict) -> str:
    sub = by_role(document.get("headlines"), ("sub", "subheadline", "subtitle"))
    if sub:
        return text(sub)
    described = get(document, "description_text", "description_summary", "description_main")
    if described:
        return text(described)
    html = get(document, "description_html")
    if html:
        return text(re.sub(r"<[^>]+>", " ", html))
    return text(by_role(document.get("descriptions"), ("summary", "abstract", "main", "")))


def body_of(document: dict, headline: str) -> str:
    html = get(document, "body_html", "body_xhtml", "body_richtext")
    if html is None:
        bodies = [b for b in document.get("bodies") or [] if isinstance(b, dict)]
        rich = [b for b in bodies if any(t in _content_type(b) for t in RICH_TYPES)]
        if rich:
            html = rich[0].get("value")
        elif bodies:
            return _plain_body(bodies[0].get("value"), headline)
        else:
            return _plain_body(get(document, "body_text", "body_main"), headline)
    html = html if isinstance(html, str) else ""
    # h1 is the page's headline; deeper levels fold into the body's h3.
    html = _HEADING_TAG.sub(lambda m: f"<{m[1]}h{2 if m[2] in '12' else 3}", html)
    blocks = [match.group(0) for match in _BLOCK.finditer(html)][:1]
    if blocks and not drop_repeated_headline(blocks, headline):
        html = html.replace(blocks[0], "", 1)
    return html.strip()


def _content_type(body: dict) -> str:
    return str(body.get("contentType") or body.get("contenttype") or "").casefold()


def _plain_body(value, headline: str) -> str:
    html = common.text_to_html(value if isinstance(value, str) else "")
    return "\n".join(drop_repeated_headline(html.split("\n"), headline))


def tags_of(document: dict) -> tuple[str, ...]:
    subjects = get(document, "subjects", "subject") or []
    names = [s.get("name") for s in subjects if isinstance(s, dict)]
    keywords = document.get("keywords") or []
    names += [k for k in keywords if isinstance(k, str)]
    return common.unique_names(names)


def credit_of(document: dict) -> str:
    sources = get(document, "infoSources", "infosources", "infosource") or []
    source_names = [s.get("name") for s in sources if isinstance(s, dict)]
    for candidate in (
        get(document, "creditline", "creditLine"),
        get(document, "copyrightHolder", "copyrightholder"),
        *source_names,
    ):
        if text(candidate):
            return text(candidate)[:100]
    return ""


def pictures_of(document: dict) -> tuple[ParsedPicture, ...]:
    associations = document.get("associations") or []
    if isinstance(associations, dict):  # 1.x: {"name": item}
        associations = list(associations.values())
    pictures = []
    for association in associations:
        if not isinstance(association, dict):
            continue
        if str(association.get("type", "")).casefold() not in PICTURE_TYPES:
            continue
        renditions = association.get("renditions") or []
        if isinstance(renditions, dict):
            renditions = list(renditions.values())
        names = [common.file_name(r.get("href")) for r in renditions if isinstance(r, dict)]
        names += [common.file_name(association.get("uri"))]
        pictures.append(
            ParsedPicture(
                filenames=tuple(dict.fromkeys(n for n in names if n)),
                caption=(
                    standfirst_of(association)
                    or text(by_role(association.get("descriptions"), ("caption", "")))
                    or headline_of(association)
                )[:500],
                credit=credit_of(association) or text(get(association, "by", "byline"))[:100],
                copyright_notice=text(get(association, "copyrightNotice", "copyrightnotice"))[:300],
            )
        )
    return tuple(pictures)


def item_from_ninjs(document: dict, name: str) -> ParsedItem:
    if str(document.get("type", "")).casefold() in PICTURE_TYPES:
        (picture,) = pictures_of({"associations": [document]})
        return ParsedItem(
            name=name,
            format="ninjs",
            kind="picture",
            headline=headline_of(document) or (picture.filenames or ("?",))[0],
            body_html="",
            credit=picture.credit,
            uri=text(document.get("uri"))[:500],
            pictures=(picture,),
        )
    headline = headline_of(document)
    published = common.parse_datetime(
        get(document, "firstCreated", "firstcreated", "versionCreated", "versioncreated")
    )
    return ParsedItem(
        name=name,
        format="ninjs",
        headline=headline,
        standfirst=standfirst_of(document),
        body_html=body_of(document, headline),
        published_at=published,
        authors=common.people(text(get(document, "by", "byline"))),
        tags=tags_of(document),
        credit=credit_of(document),
        language=text(document.get("language")),
        slugline=text(document.get("slugline"))[:200],
        urgency=common.urgency(document.get("urgency")),
        uri=text(document.get("uri"))[:500],
        version=common.version(document.get("version")),
        status=common.status(get(document, "pubStatus", "pubstatus")),
        embargoed_until=common.parse_datetime(get(document, "embargoedUntil", "embargoed")),
        pictures=pictures_of(document),
    )
