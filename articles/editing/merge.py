"""
Three-way merge of an article edit made from a stale form.

Two editors open one article; one saves. The other's save is not refused
and does not revert anything: field by field, the value is compared with the
*base* (the version the stale form was loaded from, kept by django-reversion)
and with *theirs* (what is stored now):

- a field only one side changed keeps that side's value;
- a field both changed to different values is a conflict: the editor sees
  both and chooses;
- tags and authors merge as sets: what one side added or removed is added or
  removed, whatever the other side did to other items.

Values are compared in a canonical form (ids for relations, whole seconds for
dates, sanitized HTML for the body), so a form that re-posts a value as it
was loaded never counts as a change. This module knows nothing of the admin.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model
from django.utils.dateparse import parse_datetime

from articles.history import versions_of
from articles.models import Article, Tag, TaggedArticle
from articles.sanitizer import sanitize_html

# The article's editable fields, in the form's order.
MERGED_FIELDS = (
    "headline", "slug", "standfirst", "body", "lead_photo", "section", "authors", "tags",
    "language", "status", "published_at", "is_embargoed", "planned_for",
)  # fmt: skip
# Relations merged item by item rather than as one value.
SET_FIELDS = ("authors", "tags")
FOREIGN_KEYS = ("lead_photo", "section")
DATETIMES = ("published_at", "planned_for")
# How many of an article's latest versions are searched for a form's base.
VERSION_LOOKBACK = 200


@dataclass(frozen=True)
class Merge:
    """The outcome: merged values, where they came from, what needs a choice."""

    values: dict
    theirs: tuple[str, ...] = ()
    conflicts: tuple[str, ...] = ()
    details: dict = field(default_factory=dict)


# --- Canonical values -----------------------------------------------------------


def _pk(value) -> int | None:
    if isinstance(value, Model):
        return value.pk
    if value in (None, ""):
        return None
    return int(value)


def _tag_names(value) -> frozenset[str]:
    names = (getattr(tag, "name", tag) for tag in value or ())
    return frozenset(" ".join(str(name).split()) for name in names if str(name).strip())


def canonical(name: str, value):
    """``value`` of field ``name`` as merging compares it."""
    if name == "tags":
        return _tag_names(value)
    if name == "authors":
        return frozenset(_pk(item) for item in (value or ()))
    if name in FOREIGN_KEYS:
        return _pk(value)
    if name in DATETIMES:
        if isinstance(value, str):
            value = parse_datetime(value)
        return value.replace(microsecond=0) if isinstance(value, datetime) else None
    if name == "is_embargoed":
        return bool(value)
    if name == "body":
        return sanitize_html(value or "")
    return str(value or "").replace("\r\n", "\n").strip()


def _canonical_all(values: dict, names) -> dict:
    return {name: canonical(name, values[name]) for name in names if name in values}


# --- The three sides ----------------------------------------------------------------


def stored_values(article: Article) -> dict:
    """What is stored now (theirs, for a stale form)."""
    values = {name: getattr(article, name) for name in MERGED_FIELDS if name not in SET_FIELDS}
    values.update(
        section=article.section_id,
        lead_photo=article.lead_photo_id,
        authors=list(article.authors.values_list("pk", flat=True)),
        tags=list(article.tags.names()),
    )
    return _canonical_all(values, MERGED_FIELDS)


def base_values(article: Article, number: int) -> dict | None:
    """
    The article as it was at version ``number`` (the one a form was loaded
    from), or None when no stored version holds it: then every field both
    sides hold differently is a conflict, never a silent choice.
    """
    for version in versions_of(article)[:VERSION_LOOKBACK]:
        fields = json.loads(version.serialized_data)[0]["fields"]
        if fields.get("version") == number:
            return _canonical_all({**fields, "tags": _version_tags(version)}, MERGED_FIELDS)
    return None


def _version_tags(version) -> list[str]:
    tag_type = ContentType.objects.get_for_model(TaggedArticle)
    tag_ids = []
    for link in version.revision.version_set.filter(content_type=tag_type):
        link_fields = json.loads(link.serialized_data)[0]["fields"]
        if str(link_fields.get("content_object")) == str(version.object_id):
            tag_ids.append(link_fields["tag"])
    names = dict(Tag.objects.filter(pk__in=tag_ids).values_list("pk", "name"))
    # A tag deleted since: its name is gone, so it cannot be told apart from a change.
    return [names.get(pk, f"#{pk}") for pk in tag_ids]


# --- Merging --------------------------------------------------------------------------


def _merge_set(base: frozenset, theirs: frozenset, yours: frozenset, casefold: bool):
    def key(item):
        return item.casefold() if casefold else item

    spelling = {key(item): item for item in (*theirs, *yours)}
    b, t, y = ({key(i) for i in side} for side in (base, theirs, yours))
    merged = (t | (y - b)) - (b - y)
    return frozenset(spelling[k] for k in merged)


def merge(base: dict | None, theirs: dict, yours: dict) -> Merge:
    """
    Merge ``yours`` (the stale form's canonical values) into ``theirs`` (what
    is stored), given ``base``; fields absent from ``yours`` are not the
    form's and keep their stored value.
    """
    values, taken, conflicts = {}, [], []
    for name in MERGED_FIELDS:
        if name not in yours:
            continue
        mine, stored = yours[name], theirs.get(name)
        original = base.get(name) if base is not None else None
        if mine == stored:
            values[name] = mine
        elif base is not None and name in SET_FIELDS:
            values[name] = _merge_set(original, stored, mine, casefold=name == "tags")
            if stored != original:
                taken.append(name)
        elif base is not None and mine == original:
            values[name] = stored
            taken.append(name)
        elif base is not None and stored == original:
            values[name] = mine
        else:
            values[name] = mine
            conflicts.append(name)
    return Merge(values, tuple(taken), tuple(conflicts))
