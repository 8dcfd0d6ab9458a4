"""
File formats as plug-ins: each recognises its files from their content
(``sniff``) and turns them into ``ParsedItem`` objects (``parse``). The
pipeline asks the registry, never the file name.

A new format is a module with a class following ``Format``, added to
``FORMATS`` (the order matters: plain text, the most lenient, comes last).
"""

from __future__ import annotations

from typing import Protocol

from django.utils.translation import gettext as _

from ..items import ExportError, ParsedItem
from .newsml import NewsMLG2
from .ninjs import Ninjs
from .nitf import Nitf
from .plaintext import PlainText


class Format(Protocol):
    label: str

    def sniff(self, data: bytes) -> bool:
        """Whether ``data`` (the first bytes of a file are enough) is in this format."""

    def parse(self, data: bytes, name: str) -> list[ParsedItem]:
        """The items of the file; raise ``ExportError`` naming ``name`` otherwise."""


FORMATS: list[Format] = [Ninjs(), NewsMLG2(), Nitf(), PlainText()]
# Enough of a file to recognise it: comments or an XML declaration come first.
SNIFF_BYTES = 4096


def detect(data: bytes, name: str) -> Format:
    head = data[:SNIFF_BYTES]
    for candidate in FORMATS:
        if candidate.sniff(head):
            return candidate
    raise ExportError(name, None, _("The format of this file is not one Newsroom reads."))


def parse_file(data: bytes, name: str) -> list[ParsedItem]:
    """Recognise the format of ``data`` and return its items."""
    return detect(data, name).parse(data, name)


__all__ = ["FORMATS", "Format", "detect", "parse_file"]
