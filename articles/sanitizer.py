"""
Server-side HTML sanitizing for article bodies.

Whatever the editor widget (or a forged POST) sends, the stored body only
holds the structure a news story needs.
"""

from __future__ import annotations

import nh3

from articles.text import clean_text

ALLOWED_TAGS = frozenset(
    {"p", "h2", "h3", "strong", "b", "em", "i", "a", "ul", "ol", "li", "blockquote", "br"}
)
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_URL_SCHEMES = frozenset({"http", "https", "mailto"})

_cleaner = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
    url_schemes=set(ALLOWED_URL_SCHEMES),
    link_rel="noopener noreferrer",
    strip_comments=True,
)


def sanitize_html(html: str) -> str:
    """Return ``html`` with everything outside the allow-list removed."""
    # Characters XML refuses go first: a lone surrogate cannot even reach nh3.
    cleaned = _cleaner.clean(clean_text(html or "")).strip()
    # An editor that was emptied leaves "<p></p>": store an empty body instead.
    if cleaned in {"<p></p>", "<p><br></p>"}:
        return ""
    return cleaned
