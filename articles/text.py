"""Text helpers shared by models, the importer and search: slugs and plain text."""

from __future__ import annotations

import re
import unicodedata

from django.utils.html import strip_tags
from django.utils.text import slugify as django_slugify

from articles.translit import TO_LATIN

# Letters NFKD does not decompose into an ASCII base letter.
_TRANSLITERATION = str.maketrans(
    {
        "œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss", "ẞ": "SS",
        "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ł": "l", "Ł": "L",
        "þ": "th", "Þ": "TH", "ð": "d", "Ð": "D", "ı": "i",
        "’": "-", "'": "-",
    }
)  # fmt: skip

MAX_SLUG_LENGTH = 80


def slugify(value: str, max_length: int = MAX_SLUG_LENGTH) -> str:
    """
    Return an ASCII slug, cut at a word boundary: "États-Unis" -> "etats-unis",
    "cœur" -> "coeur", "Путин" -> "putin", "Αθήνα" -> "athina"; letters of other
    scripts and emoji are left out, so "" when nothing Latin remains. The one
    slug function: the admin's slug field is filled from it too.
    """
    value = unicodedata.normalize("NFC", str(value or "")).translate(_TRANSLITERATION)
    # Composed letters first ("й" is "y", not "и" with a breve), then the
    # accented Greek ones, once decomposed ("ά" is "α" with a tonos).
    value = unicodedata.normalize("NFD", value.lower().translate(TO_LATIN)).translate(TO_LATIN)
    slug = django_slugify(value)
    slug = re.sub(r"-{2,}", "-", slug).strip("-_")
    if len(slug) > max_length:
        slug = slug[:max_length]
        if "-" in slug:
            slug = slug.rsplit("-", 1)[0]
        slug = slug.strip("-_")
    return slug


def html_to_text(html: str) -> str:
    """Plain text of sanitized body HTML, block elements separated by spaces."""
    text = re.sub(r"</(p|h2|h3|li|blockquote)>", " ", html or "")
    text = strip_tags(text)
    return re.sub(r"\s+", " ", unescape_entities(text)).strip()


def unescape_entities(text: str) -> str:
    import html

    return html.unescape(text)


WORDS_PER_MINUTE = 230


def reading_minutes(html: str) -> int:
    """Reading time in whole minutes (at least one)."""
    words = len(html_to_text(html).split())
    return max(1, round(words / WORDS_PER_MINUTE))
