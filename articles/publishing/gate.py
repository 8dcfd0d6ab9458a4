"""
The pre-publish gate's checks on the body: empty sub-headings, malformed links.

The rest of the gate (lengths, section, tags, photo) is in
``Article.publication_checks``, the single place that decides.
"""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urlsplit

from django.utils.translation import gettext as _

HEADING_TAGS = frozenset({"h2", "h3"})
LINK_SCHEMES = frozenset({"http", "https", "mailto"})


def link_is_well_formed(href: str) -> bool:
    """An http(s) URL with a host, or a mailto: with an address."""
    href = href.strip()
    if not href or any(character.isspace() for character in href):
        return False
    try:
        parts = urlsplit(href)
        parts.port  # noqa: B018 (raises ValueError on a malformed port)
    except ValueError:
        return False
    if parts.scheme not in LINK_SCHEMES:
        return False
    if parts.scheme == "mailto":
        local, _at, domain = parts.path.partition("@")
        return bool(local) and "." in domain
    host = parts.hostname or ""
    return bool(host) and ("." in host or host == "localhost") and ".." not in host


class _BodyScanner(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.heading: str | None = None
        self.heading_text: list[str] = []
        self.empty_headings = 0
        self.bad_links: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in HEADING_TAGS:
            self.heading, self.heading_text = tag, []
        elif tag == "a":
            href = dict(attrs).get("href")
            if href is None or not link_is_well_formed(href):
                self.bad_links.append(href or "")

    def handle_endtag(self, tag):
        if tag == self.heading:
            if not "".join(self.heading_text).strip():
                self.empty_headings += 1
            self.heading = None

    def handle_data(self, data):
        if self.heading:
            # Non-breaking spaces count as empty too.
            self.heading_text.append(data.replace("\xa0", " "))


def body_problems(body: str) -> list[str]:
    scanner = _BodyScanner()
    scanner.feed(body or "")
    scanner.close()
    problems = []
    if scanner.empty_headings:
        problems.append(
            _("The body has %(count)d empty sub-heading(s).") % {"count": scanner.empty_headings}
        )
    for href in scanner.bad_links:
        if not href.strip():
            # The sanitizer drops addresses it refuses (javascript:, broken ones).
            problems.append(_("A link in the body has no address (or one that was refused)."))
            continue
        problems.append(
            _("The link “%(href)s” in the body is not a well-formed web or e-mail address.")
            % {"href": href}
        )
    return problems
