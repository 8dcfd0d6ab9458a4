"""
Text helpers shared by models, the importer and search: slugs, plain text, and
the cleaning every text field gets on save (``clean_text``).
"""

from __future__ import annotations

import re
import unicodedata

from django.db import models
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

# Characters no text needs and XML 1.0 refuses or feed readers choke on: C0
# controls but tab, newline and carriage return; DEL and the C1 controls;
# lone surrogates; the non-characters (U+FDD0-U+FDEF and the last two code
# points of every plane, U+FFFE and U+FFFF among them).
_XML_INVALID = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]"
)
# Those beyond the first plane are looked for separately: in one character
# class with the others they make the search about ten times slower.
_PLANE_NONCHARACTERS = tuple(
    chr(plane * 0x10000 + last) for plane in range(1, 17) for last in (0xFFFE, 0xFFFF)
)
_DROP_PLANE_NONCHARACTERS = dict.fromkeys(map(ord, _PLANE_NONCHARACTERS))


def strip_xml_invalid(text: str) -> str:
    """``text`` without the characters an XML document or a feed reader refuses."""
    text = _XML_INVALID.sub("", text or "")
    if any(char in text for char in _PLANE_NONCHARACTERS):
        text = text.translate(_DROP_PLANE_NONCHARACTERS)
    return text


def clean_text(text: str) -> str:
    """
    What every text field holds once saved: no XML-invalid character, and
    Unicode in NFC, so "é" typed as one character or as "e" + accent is the
    same name, the same tag, the same search term.
    """
    if not text:
        return text
    text = strip_xml_invalid(text)
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text


def clean_text_fields(instance) -> None:
    """
    Apply ``clean_text`` to every text column of a model instance, and to the
    strings inside JSON columns (PostgreSQL refuses NUL in ``jsonb``, and an
    autosaved form keeps whatever was posted). Called on save.
    """
    for field in instance._meta.concrete_fields:
        if isinstance(field, models.CharField | models.TextField):
            clean = clean_text
        elif isinstance(field, models.JSONField):
            clean = clean_json
        else:
            continue
        value = getattr(instance, field.attname)
        cleaned = clean(value)
        if cleaned is not value and cleaned != value:
            setattr(instance, field.attname, cleaned)


def clean_json(value):
    """``value`` with ``clean_text`` applied to every string in it, keys included."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        return {clean_json(key): clean_json(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [clean_json(item) for item in value]
    return value


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
