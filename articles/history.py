"""
Article history: versions, readable (bounded) comparisons, restoring.

Concurrent edits are merged in ``articles.editing.merge``, from these versions.

We use django-reversion rather than django-simple-history:

- a version is one *revision* of several rows, so an article's tag links
  (a custom ``through`` model) and its authors are kept with it, and an admin
  save, its m2m changes and an action land in one revision with one user and
  one comment;
- saves are recorded explicitly (``create_revision``), which works with our
  optimistic locking: the article row is written by a guarded UPDATE that
  signal-based history tables would not see coming;
- it adds no shadow table per model and no migration to the other models,
  and ``VersionAdmin`` wraps the admin's add, change and list views in
  revisions with the request's user.

Its own revert views are replaced by ours (``ArticleAdmin``): comparing and
restoring must go through our ownership and publishing rules.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import reversion
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import formats, timezone
from django.utils.dateparse import parse_datetime
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from reversion.models import Version

from articles.diffing import diff_paragraphs
from articles.models import Article, AuditEntry, Author, Photo, Section, Tag, TaggedArticle
from articles.publishing import check_publishable
from articles.text import unescape_entities

# The fields an editor recognises, in the form's order.
FIELDS = (
    "headline", "slug", "standfirst", "body", "lead_photo", "section", "authors", "tags",
    "language", "status", "published_at", "correction",
)  # fmt: skip
# What a writer's restore leaves alone: only editors publish, schedule, unpublish.
PUBLISHING_FIELDS = ("status", "published_at")
# Characters of a body read to compare it: older versions may predate the
# body size limit, and no comparison may cost more than a moment.
BODY_CHARS_READ = 400_000
# Characters of a body read to show it as plain text rather than compare it.
BODY_PREVIEW_CHARS = 20_000


def label(field: str) -> str:
    if field == "tags":
        return str(Article._meta.get_field("tags").verbose_name)
    return str(Article._meta.get_field(field).verbose_name)


def versions_of(article: Article):
    """The article's versions, newest first, with their revision and user."""
    return Version.objects.get_for_object(article).select_related("revision", "revision__user")


# --- Snapshots ----------------------------------------------------------------


def version_data(version: Version) -> dict:
    """The raw values of the article in ``version``: ids for relations."""
    fields = json.loads(version.serialized_data)[0]["fields"]
    tag_type = ContentType.objects.get_for_model(TaggedArticle)
    tag_ids = []
    for link in version.revision.version_set.filter(content_type=tag_type):
        link_fields = json.loads(link.serialized_data)[0]["fields"]
        if str(link_fields.get("content_object")) == str(version.object_id):
            tag_ids.append(link_fields["tag"])
    fields["tags"] = tag_ids
    published_at = fields.get("published_at")
    fields["published_at"] = parse_datetime(published_at) if published_at else None
    return fields


def current_data(article: Article) -> dict:
    return {
        **{field: getattr(article, field) for field in FIELDS if field not in ("authors", "tags")},
        "section": article.section_id,
        "lead_photo": article.lead_photo_id,
        "authors": list(article.authors.values_list("pk", flat=True)),
        "tags": list(article.tags.values_list("pk", flat=True)),
    }


def _same(field: str, a, b) -> bool:
    if field in ("authors", "tags"):
        return sorted(a or []) == sorted(b or [])
    return (a or None) == (b or None)


def changed_fields(before: dict, after: dict) -> list[str]:
    return [field for field in FIELDS if not _same(field, before.get(field), after.get(field))]


def _related_display(field: str, value) -> str:
    """A relation's value: ids to names (a deleted one says so)."""
    if field == "section":
        section = Section.objects.select_related("parent").filter(pk=value).first()
        return str(section) if section else _("(deleted section #%(id)s)") % {"id": value}
    if field == "lead_photo":
        photo = Photo.objects.filter(pk=value).first()
        return str(photo) if photo else _("(deleted photo #%(id)s)") % {"id": value}
    model = Author if field == "authors" else Tag
    names = dict(model.objects.filter(pk__in=value).values_list("pk", "name"))
    shown = [names.get(pk, f"#{pk}") for pk in value]
    return ", ".join(sorted(shown) if field == "tags" else shown)


def display(field: str, value) -> str:
    """A field's value as plain text (templates escape it)."""
    if value in (None, "", []):
        return "—"
    if field in ("section", "lead_photo", "authors", "tags"):
        return _related_display(field, value)
    choices = {"status": Article.Status, "language": Article.Language}.get(field)
    if choices is not None:
        return str(choices(value).label) if value in choices.values else value
    if field == "published_at":
        return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")
    if field == "body":
        # Shown as a preview (an unchanged body, one side of a merge choice).
        return "\n".join(body_lines(value[:BODY_PREVIEW_CHARS]))
    return str(value)


# --- Comparing ------------------------------------------------------------------


def body_lines(html: str) -> list[str]:
    """The body as plain-text paragraphs: one line per block element (read up to a bound)."""
    import re

    blocks = re.split(r"</(?:p|h[1-6]|li|blockquote)>|<br\s*/?>", (html or "")[:BODY_CHARS_READ])
    lines = []
    for block in blocks:
        text = unescape_entities(re.sub(r"<[^>]*>", " ", block))
        text = " ".join(text.split())
        if text:
            lines.append(text)
    return lines


def diff_lines(old: list[str], new: list[str]) -> SafeString:
    """Paragraph by paragraph, removed in <del>, added in <ins>; bounded (articles.diffing)."""
    return diff_paragraphs(old, new).html


@dataclass
class Row:
    field: str
    label: str
    old: str
    new: str
    changed: bool
    diff: SafeString | None = None
    # The diff leaves something out (see articles.diffing); the page says so.
    truncated: bool = False


def compare(old: dict, new: dict) -> list[Row]:
    rows = []
    for field in FIELDS:
        a, b = old.get(field), new.get(field)
        changed = not _same(field, a, b)
        if changed and field in ("body", "standfirst", "correction"):
            # The page shows the diff alone: each text is read once, for it.
            row = Row(field, label(field), "", "", changed)
            lines = body_lines if field == "body" else lambda text: (text or "").splitlines()
            cut = max(len(a or ""), len(b or "")) > BODY_CHARS_READ
            diff = diff_paragraphs(lines(a), lines(b), cut=cut)
            row.diff, row.truncated = diff.html, diff.truncated
        else:
            row = Row(field, label(field), display(field, a), display(field, b), changed)
        rows.append(row)
    return rows


# --- Restoring ----------------------------------------------------------------------


def _slug_taken_since(article: Article, slug: str) -> bool:
    """Another article has this address now (live, or as an old one redirecting there)."""
    return slug != article.slug and (
        Article.objects.filter(slug=slug).exclude(pk=article.pk).exists()
        or Article.slug_leads_elsewhere(slug, article.pk)
    )


def restore(article: Article, version: Version, user, can_publish: bool) -> list[str]:
    """
    Bring ``article`` back to ``version`` as a new version; return the fields
    that were left as they are. Without the publish permission, the status
    and publication date are never restored: a writer cannot publish this way.
    """
    data = version_data(version)
    kept = []
    if not can_publish:
        kept = [f for f in PUBLISHING_FIELDS if not _same(f, data[f], getattr(article, f))]
        for field in PUBLISHING_FIELDS:
            data[field] = getattr(article, field)
    if _slug_taken_since(article, data.get("slug") or ""):
        data["slug"] = article.slug
        kept.append("slug")
    for field in ("headline", "slug", "standfirst", "body", "language", "correction"):
        setattr(article, field, data.get(field) or "")
    article.status = data["status"]
    article.published_at = data["published_at"]
    if Section.objects.filter(pk=data["section"]).exists():
        article.section_id = data["section"]
    else:
        kept.append("section")
    photo = data.get("lead_photo")
    article.lead_photo_id = photo if photo and Photo.objects.filter(pk=photo).exists() else None
    if article.status == Article.Status.PUBLISHED:
        check_publishable(article, user)
    saved_on = formats.date_format(
        timezone.localtime(version.revision.date_created), "DATETIME_FORMAT"
    )
    with transaction.atomic(), reversion.create_revision():
        reversion.set_user(user)
        reversion.set_comment(_("Restored the version of %(date)s.") % {"date": saved_on})
        article.save()
        article.authors.set(Author.objects.filter(pk__in=data.get("authors") or []))
        article.tags.set(list(Tag.objects.filter(pk__in=data["tags"])))
        AuditEntry.record(
            article,
            AuditEntry.Action.REVERTED,
            user,
            {"version": version.pk, "saved_at": version.revision.date_created.isoformat()},
        )
    return kept
