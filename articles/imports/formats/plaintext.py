"""The plain-text export (``date YYYY-MM-DD Photo : credit``, then paragraphs) as a plug-in."""

from __future__ import annotations

from ..items import ParsedItem
from ..plaintext import ParsedArticle, parse_export

# First bytes of files that are markup or JSON, not a text export.
_STRUCTURED_STARTS = (b"<", b"{", b"[")


class PlainText:
    label = "plain text"

    def sniff(self, data: bytes) -> bool:
        # The lenient last resort: any text that is not markup or JSON. Its
        # parser then says precisely what is wrong with the first line.
        return not data.removeprefix(b"\xef\xbb\xbf").lstrip().startswith(_STRUCTURED_STARTS)

    def parse(self, data: bytes, name: str) -> list[ParsedItem]:
        return [item_from_export(parse_export(data, name=name))]


def item_from_export(parsed: ParsedArticle) -> ParsedItem:
    return ParsedItem(
        name=parsed.name,
        format="text",
        headline=parsed.headline,
        headline_derived=True,
        body_html=parsed.body_html,
        published_at=parsed.published_at,
        credit=parsed.credit,
        import_key=parsed.import_key,
    )
