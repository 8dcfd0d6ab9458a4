"""
Parser for plain-text article exports (wire desks, older newsroom systems).

The format::

    date 2025-08-07 Photo : Jeanne Martin/AFP

    First paragraph, possibly over several lines.

    A sub-heading

    Another paragraph.

Line 1 holds the date (optionally a time, ``date 2025-08-07 14:30``) and an
optional photo credit; then blocks separated by blank lines. A block that is a
single short line and does not end like a sentence is a sub-heading; anything
else is a paragraph.

This module is pure: no database, no files. ``articles.imports.service`` turns a
``ParsedArticle`` into an ``Article``.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.utils.html import escape
from django.utils.translation import gettext as _

from .items import ExportError

__all__ = ["Block", "ExportError", "ParsedArticle", "decode_export", "parse_export"]

# Export dates are newsroom-local: "2025-08-07" means midnight in Paris.
EXPORT_TIMEZONE = ZoneInfo("Europe/Paris")

# A sub-heading is one line of at most this many characters and words.
MAX_HEADING_CHARS = 120
MAX_HEADING_WORDS = 15
# Characters that end a sentence (or a quotation): such a line is a paragraph.
# A final "?" or ":" may still close a sub-heading ("Une rencontre à trois ?").
SENTENCE_ENDINGS = (".", "!", "…", "»", '"', "”", ";", ",")

# Derived headlines are cut at a word boundary to this many characters.
MAX_DERIVED_HEADLINE_CHARS = 110
MAX_CREDIT_CHARS = 100
# Years outside this range are typing errors, not news.
MIN_YEAR, MAX_YEAR = 1900, 2999

_BOM = "\ufeff"
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# Control characters other than tab; line breaks are already split off.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_DATE_WORD = re.compile(r"date\b", re.IGNORECASE)
_FIRST_LINE = re.compile(
    r"""
    date \s*:?\s*
    (?P<date>[0-9]{4}-[0-9]{1,2}-[0-9]{1,2})
    (?: (?:\s+|T|\s+[àa]\s+) (?P<hour>[0-9]{1,2}) [:hH] (?P<minute>[0-9]{2}) )?
    (?: \s+ photo \s*:\s* (?P<credit>.*?) )?
    \s*
    """,
    re.IGNORECASE | re.VERBOSE,
)
# End of the first sentence: punctuation followed by a space and a capital,
# a digit or an opening quote, or the end of the paragraph.
_SENTENCE_END = re.compile(r"[.!?…](?=\s+[«\"“(0-9A-ZÀ-ÖØ-Þ]|\s*$)")


@dataclass(frozen=True)
class Block:
    kind: str  # "heading" or "paragraph"
    text: str
    line: int  # where the block starts in the file, for messages


@dataclass(frozen=True)
class ParsedArticle:
    name: str
    date: date
    time: time | None
    credit: str
    blocks: tuple[Block, ...]
    encoding: str

    @property
    def headings(self) -> list[str]:
        return [block.text for block in self.blocks if block.kind == "heading"]

    @property
    def paragraphs(self) -> list[str]:
        return [block.text for block in self.blocks if block.kind == "paragraph"]

    @property
    def published_at(self) -> datetime:
        """The file's date and time (midnight by default), aware, in Paris time."""
        return datetime.combine(self.date, self.time or time(0, 0), tzinfo=EXPORT_TIMEZONE)

    @property
    def headline(self) -> str:
        """A provisional headline: the first sentence, cut at a word boundary."""
        paragraphs = self.paragraphs
        first = paragraphs[0] if paragraphs else self.blocks[0].text
        return derive_headline(first)

    @property
    def body_html(self) -> str:
        """Body HTML in which every character of the export is text, never markup."""
        tags = {"heading": "h2", "paragraph": "p"}
        return "\n".join(
            f"<{tags[block.kind]}>{escape(block.text)}</{tags[block.kind]}>"
            for block in self.blocks
        )

    @property
    def import_key(self) -> str:
        """
        Identify "the same story" across re-imports: the date and the first
        paragraph, with spacing, case and Unicode form normalized. A re-sent
        file whose later paragraphs were corrected, or which was re-encoded
        (Windows-1252, CRLF, BOM), therefore finds its article again.
        """
        paragraphs = self.paragraphs
        first = paragraphs[0] if paragraphs else self.blocks[0].text
        normalized = " ".join(unicodedata.normalize("NFC", first).split()).casefold()
        return hashlib.sha256(f"{self.date.isoformat()}\n{normalized}".encode()).hexdigest()


def decode_export(data: bytes, name: str = "") -> tuple[str, str]:
    """
    Return (text, encoding): UTF-8 (with or without a byte-order mark), else
    Windows-1252, the encoding of the older systems that still send exports.

    A file that is UTF-8 but for a stray byte is refused naming the line:
    decoding it all as Windows-1252 would turn every accent into mojibake.
    """
    if b"\x00" in data:
        raise ExportError(name, None, _("This is a binary file, not a text export."))
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as error:
        bad_line = data.count(b"\n", 0, error.start) + 1
        if b"\n" not in data[: error.start]:
            bad_line = data.count(b"\r", 0, error.start) + 1
    if _has_utf8_sequences(data):
        raise ExportError(
            name,
            bad_line,
            _(
                "This line is not valid UTF-8 while the rest of the file is: "
                "correct it or save the file again as UTF-8."
            ),
        )
    # Five bytes have no character in Windows-1252: a file holding them is not
    # an old newsroom export; the replacement character keeps the rest readable.
    return data.decode("cp1252", errors="replace"), "windows-1252"


# A lead byte followed by the right number of continuation bytes: UTF-8 accents.
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)


def _has_utf8_sequences(data: bytes) -> bool:
    """
    True when the bytes hold UTF-8 sequences of accented letters. Windows-1252
    text almost never does: "Ã©" ("é" read wrongly) is not French.
    """
    return _UTF8_SEQUENCE.search(data) is not None


def parse_export(text: str | bytes, *, name: str = "") -> ParsedArticle:
    """Parse one export; raise ``ExportError`` naming the file and line otherwise."""
    encoding = "utf-8"
    if isinstance(text, bytes | bytearray | memoryview):
        text, encoding = decode_export(bytes(text), name)
    elif "\x00" in text:
        raise ExportError(name, None, _("This is a binary file, not a text export."))
    # Lone surrogates cannot be stored: make them visible replacement characters.
    text = text.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
    lines = [
        _CONTROL.sub("", line).replace("\t", " ").rstrip()
        for line in _LINE_BREAK.split(text.removeprefix(_BOM))
    ]

    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        raise ExportError(name, None, _("The file is empty."))
    article_date, article_time, credit = _parse_first_line(lines[first].strip(), name, first + 1)
    blocks = _parse_blocks(lines, start=first + 1)
    if not blocks:
        raise ExportError(name, None, _("The file has a date line but no text."))
    return ParsedArticle(
        name=name,
        date=article_date,
        time=article_time,
        credit=credit,
        blocks=tuple(blocks),
        encoding=encoding,
    )


def _parse_first_line(line: str, name: str, number: int) -> tuple[date, time | None, str]:
    if not _DATE_WORD.match(line):
        raise ExportError(
            name,
            number,
            _("The first line must start with the date: “date YYYY-MM-DD”."),
        )
    match = _FIRST_LINE.fullmatch(line)
    if match is None:
        raise ExportError(
            name,
            number,
            _(
                "The date line should read “date YYYY-MM-DD”, optionally followed by "
                "“Photo : credit”."
            ),
        )
    year, month, day = (int(part) for part in match["date"].split("-"))
    try:
        article_date = date(year, month, day)
    except ValueError:
        article_date = None
    if article_date is None or not MIN_YEAR <= year <= MAX_YEAR:
        raise ExportError(
            name, number, _("The date %(date)s does not exist.") % {"date": match["date"]}
        )
    article_time = None
    if match["hour"] is not None:
        try:
            article_time = time(int(match["hour"]), int(match["minute"]))
        except ValueError:
            raise ExportError(
                name,
                number,
                _("The time %(time)s does not exist.")
                % {"time": f"{match['hour']}:{match['minute']}"},
            ) from None
    credit = " ".join((match["credit"] or "").split())
    if len(credit) > MAX_CREDIT_CHARS:
        raise ExportError(
            name,
            number,
            _("The photo credit is longer than %(max)d characters.") % {"max": MAX_CREDIT_CHARS},
        )
    return article_date, article_time, credit


def _parse_blocks(lines: list[str], start: int) -> list[Block]:
    blocks: list[Block] = []
    current: list[str] = []
    current_start = 0
    for index in range(start, len(lines) + 1):
        line = lines[index].strip() if index < len(lines) else ""
        if line:
            if not current:
                current_start = index + 1
            current.append(line)
            continue
        if current:
            text = " ".join(current)
            kind = "heading" if len(current) == 1 and is_heading(text) else "paragraph"
            blocks.append(Block(kind=kind, text=text, line=current_start))
            current = []
    return blocks


def is_heading(line: str) -> bool:
    """A short line that does not end like a sentence: "Une rencontre à trois ?"."""
    return (
        len(line) <= MAX_HEADING_CHARS
        and len(line.split()) <= MAX_HEADING_WORDS
        and not line.endswith(SENTENCE_ENDINGS)
    )


def derive_headline(paragraph: str, max_chars: int = MAX_DERIVED_HEADLINE_CHARS) -> str:
    """The paragraph's first sentence without its final full stop, cut to ``max_chars``."""
    match = _SENTENCE_END.search(paragraph)
    sentence = paragraph[: match.end()] if match else paragraph
    sentence = sentence.strip().removesuffix(".").strip()
    if len(sentence) <= max_chars:
        return sentence
    cut = sentence[: max_chars - 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:–—-") + "…"
