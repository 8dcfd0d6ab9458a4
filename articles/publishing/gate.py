"""
The pre-publish gate: what an article must be before readers see it.

``publication_checks`` is the single place that decides (lengths, section,
tags, lead photo, body); the acts in ``articles.publishing.actions`` call it.
"""

from __future__ import annotations

from collections.abc import Iterable
from html.parser import HTMLParser
from typing import NamedTuple
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from articles.models import Article

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
            ngettext(
                "The body has an empty sub-heading.",
                "The body has %(count)d empty sub-headings.",
                scanner.empty_headings,
            )
            % {"count": scanner.empty_headings}
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


class Check(NamedTuple):
    """A rule the article breaks; an editor may publish despite it when ``overridable``."""

    reason: str
    overridable: bool
    # The form field to fix it in ("lead_photo": the photo's own page).
    field: str = ""


def _length_problem(text: str, limit: int, message: str, field: str) -> list[Check]:
    if len(text) > limit:
        return [Check(message % {"length": len(text), "limit": limit}, True, field)]
    return []


def _text_checks(article: Article) -> list[Check]:
    checks: list[Check] = []
    headline = (article.headline or "").strip()
    if not headline:
        checks.append(Check(_("The headline is empty."), False, "headline"))
    checks += _length_problem(
        headline,
        settings.NEWSROOM_HEADLINE_MAX_LENGTH,
        _("The headline is %(length)d characters long (at most %(limit)d)."),
        "headline",
    )
    standfirst = (article.standfirst or "").strip()
    if not standfirst:
        checks.append(Check(_("The standfirst is empty."), True, "standfirst"))
    checks += _length_problem(
        standfirst,
        settings.NEWSROOM_STANDFIRST_MAX_LENGTH,
        _("The standfirst is %(length)d characters long (at most %(limit)d)."),
        "standfirst",
    )
    return checks


def _photo_checks(photo) -> list[Check]:
    checks: list[Check] = []
    if not photo.alt_text.strip():
        checks.append(
            Check(
                _("The lead photo “%(photo)s” has no alternative text.") % {"photo": photo},
                True,
                "lead_photo",
            )
        )
    if not photo.credit_id or not photo.credit.line.strip():
        checks.append(
            Check(
                _("The lead photo “%(photo)s” has no credit.") % {"photo": photo},
                True,
                "lead_photo",
            )
        )
    if photo.rights_end_date and photo.rights_end_date < timezone.localdate():
        checks.append(
            Check(
                _("The usage rights of the lead photo “%(photo)s” ended on %(date)s.")
                % {"photo": photo, "date": photo.rights_end_date},
                False,
                "lead_photo",
            )
        )
    return checks


def publication_checks(article: Article, tags: Iterable[str] | None = None) -> list[Check]:
    """
    Every rule ``article`` breaks. An editor may publish despite the
    overridable ones by giving a reason; an empty headline, a missing section
    or expired photo rights can never be overridden. ``tags``: the names about
    to be saved (a form's, a revision's), else the article's own.
    """
    checks = _text_checks(article)
    if not article.section_id:
        checks.append(Check(_("The article has no section."), False, "section"))
    if tags is None:
        has_tags = bool(article.pk) and article.tagged_items.exists()
    else:
        has_tags = any(str(tag).strip() for tag in tags)
    if not has_tags:
        checks.append(Check(_("The article has no tag."), True, "tags"))
    if article.lead_photo_id:
        checks += _photo_checks(article.lead_photo)
    checks += [Check(problem, True, "body") for problem in body_problems(article.body)]
    return checks


def publication_problems(article: Article, tags: Iterable[str] | None = None) -> list[str]:
    """Reasons ``article`` cannot be published yet (empty: it can)."""
    return [check.reason for check in publication_checks(article, tags)]
