"""
What every format plug-in hands to the pipeline: ``ParsedItem`` and its
pictures, and the one error type naming the file (and the line when known).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import datetime

from django.utils.translation import gettext as _


class ExportError(Exception):
    """A file that cannot be imported: names the file, the line and the problem."""

    def __init__(self, name: str, line: int | None, message: str):
        self.name = name
        self.line = line
        self.message = message
        super().__init__(str(self))

    def __str__(self):
        where = self.name or _("(text)")
        if self.line:
            where = _("%(name)s, line %(line)d") % {"name": where, "line": self.line}
        return f"{where}: {self.message}"


class Status:
    """An agency item's publication status (NewsML-G2 ``pubStatus``, ninjs ``pubstatus``)."""

    USABLE = "usable"
    WITHHELD = "withheld"
    CANCELED = "canceled"


@dataclass(frozen=True)
class ParsedPicture:
    """A picture an item announces; its file must be delivered beside the item."""

    filenames: tuple[str, ...]  # candidate names: residref, rendition file names
    caption: str = ""
    credit: str = ""
    copyright_notice: str = ""
    alt_text: str = ""


_HEADING = re.compile(r"<h[23][^>]*>(.*?)</h[23]>", re.DOTALL | re.IGNORECASE)
_PARAGRAPH = re.compile(r"<p[^>]*>(.*?)</p>", re.DOTALL | re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class ParsedItem:
    """One story of a delivered file, whatever its format."""

    name: str  # the file, and the item within it when a file holds several
    format: str
    headline: str
    body_html: str
    published_at: datetime | None = None
    headline_derived: bool = False  # guessed from the text (plain-text exports)
    standfirst: str = ""
    authors: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    credit: str = ""
    language: str = ""  # as the item gives it: "en-GB", "nb-NO", ""
    slugline: str = ""
    urgency: int | None = None
    uri: str = ""
    version: int | None = None
    status: str = Status.USABLE
    embargoed_until: datetime | None = None
    pictures: tuple[ParsedPicture, ...] = ()
    import_key: str = ""  # plain-text exports: "the same story" without a URI
    warnings: tuple[str, ...] = field(default=())
    kind: str = "text"  # or "picture": a picture item alone, for the photo library

    @property
    def headings(self) -> list[str]:
        return [_TAG.sub("", text).strip() for text in _HEADING.findall(self.body_html)]

    @property
    def paragraphs(self) -> list[str]:
        return [_TAG.sub("", text).strip() for text in _PARAGRAPH.findall(self.body_html)]

    @property
    def story_key(self) -> str:
        """Plain-text exports carry their key; agency items without a URI get one."""
        if self.import_key:
            return self.import_key
        when = self.published_at.isoformat() if self.published_at else ""
        text = f"{self.format}\n{when}\n{' '.join(self.headline.split()).casefold()}"
        return hashlib.sha256(text.encode()).hexdigest()
