"""Small conversions shared by the agency formats: dates, names, plain text."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from django.utils.html import escape

from ..items import Status

# A by-line names several people: "Paulo Santalucia and Frances d'Emilio".
_PEOPLE_SEPARATORS = re.compile(r"\s*(?:,|;|&|\band\b|\bet\b|\bund\b|\bog\b|\boch\b)\s*")
_BY_PREFIX = re.compile(r"^(?:by|par|von|av|de)\s+", re.IGNORECASE)
# ISO 8601 basic form used by NITF: 20250314T101500+0100
_BASIC = re.compile(
    r"(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})?(?:[.,]\d+)?)?(Z|[+-]\d{2}:?\d{2})?$"
)
MAX_TAGS = 20
MAX_AUTHORS = 10
STATUSES = {Status.USABLE, Status.WITHHELD, Status.CANCELED}


def parse_datetime(value: object) -> datetime | None:
    """An ISO 8601 date-time, extended or basic; without a zone it is UTC."""
    if not isinstance(value, str) or not value.strip():
        return None
    value = value.strip()
    try:
        moment = datetime.fromisoformat(value.replace("z", "Z"))
    except ValueError:
        match = _BASIC.match(value)
        if match is None:
            return None
        year, month, day, hour, minute, second, zone = match.groups()
        zone = (zone or "+00:00").replace("Z", "+00:00")
        if ":" not in zone:
            zone = f"{zone[:3]}:{zone[3:]}"
        text = f"{year}-{month}-{day}T{hour or '00'}:{minute or '00'}:{second or '00'}{zone}"
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def people(byline: str) -> tuple[str, ...]:
    """ "By Paulo Santalucia and Frances d'Emilio" -> the two names."""
    byline = _BY_PREFIX.sub("", " ".join((byline or "").split()))
    names = [name.strip() for name in _PEOPLE_SEPARATORS.split(byline) if name and name.strip()]
    return tuple(dict.fromkeys(name[:150] for name in names))[:MAX_AUTHORS]


def unique_names(names) -> tuple[str, ...]:
    """Names once each (first spelling wins), at most ``MAX_TAGS``."""
    seen: dict[str, str] = {}
    for name in names:
        name = " ".join(str(name or "").split())
        if name and name.casefold() not in seen:
            seen[name.casefold()] = name
    return tuple(seen.values())[:MAX_TAGS]


def urgency(value: object) -> int | None:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if 1 <= number <= 9 else None


def version(value: object) -> int | None:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if number >= 0 else None


def status(value: object) -> str:
    """ "stat:canceled", "canceled", "Withheld" -> the status; anything else is usable."""
    text = str(value or "").rsplit(":", 1)[-1].strip().casefold()
    return text if text in STATUSES else Status.USABLE


def text_to_html(text: str) -> str:
    """Plain text: blank lines (or, failing those, line breaks) separate paragraphs."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    blocks = re.split(r"\n\s*\n", text) if "\n\n" in text else text.split("\n")
    return "\n".join(f"<p>{escape(' '.join(b.split()))}</p>" for b in blocks if b.strip())


def file_name(reference: object) -> str:
    """The last segment of an href or residref: never a path, never fetched."""
    text = str(reference or "").strip().replace("\\", "/")
    text = text.split("?", 1)[0].split("#", 1)[0]
    name = text.rsplit("/", 1)[-1].rsplit(":", 1)[-1]
    return "" if name in {"", ".", ".."} else name
