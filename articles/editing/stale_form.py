"""
The article form's side of merging: the version lock and the merge of a
stale form, called from the form's ``clean()`` (one hook, see
``ArticleAdminForm``).

The form carries the version it was loaded from (``loaded_version``). A
change form posted without it, or with one that never existed, is refused: the
lock is not optional. A stale form is merged (``articles.editing.merge``); the
fields both sides changed come back side by side, with a choice per field
(``merge_choice_<field>``, "theirs" or "yours") listed in ``merge_fields``.
The form that comes back carries the merged values and the current version,
so saving it again never reverts what someone else saved.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace

from django import forms
from django.forms.widgets import CheckboxInput, MultiWidget
from django.utils import formats, timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from taggit.utils import edit_string_for_tags

from articles import history
from articles.editing.merge import MERGED_FIELDS, base_values, canonical, merge, stored_values
from articles.models import Article, Author, Photo, Section

CHOICES = ("theirs", "yours")
# Fields whose two versions are also shown as a paragraph diff.
DIFFED_FIELDS = ("body", "standfirst")


@dataclass(frozen=True)
class ConflictRow:
    """A field both sides changed, as the editor sees it."""

    name: str
    label: str
    theirs: str
    yours: str
    choice: str
    diff: SafeString | None = None


def check_version_and_merge(form: forms.ModelForm, cleaned_data: dict) -> None:
    """The hook: refuse a missing or unknown version, merge a stale form."""
    article = form.instance
    if not article.pk or not _has_valid_version(form, cleaned_data.get("loaded_version")):
        return
    loaded = cleaned_data["loaded_version"]
    names = [n for n in MERGED_FIELDS if n in form.fields and n in cleaned_data]
    yours = {name: canonical(name, cleaned_data[name]) for name in names}
    stale = loaded != article.version
    theirs = stored_values(article)
    base = base_values(article, loaded) if stale else theirs
    if not _apply_choices(form, yours, base if base is not None else theirs, names):
        return
    result = merge(base, theirs, yours)
    _take_merged_values(form, cleaned_data, names, result.values)
    form.merged_from_theirs = result.theirs
    if result.conflicts:
        form.merge_conflicts = [_row(form, n, theirs[n], yours[n]) for n in result.conflicts]
        form.add_error(
            None, forms.ValidationError(_conflict_message(article), code="edit_conflict")
        )


def _has_valid_version(form, loaded: int | None) -> bool:
    if loaded is not None and loaded <= form.instance.version:
        return True
    form.add_error(
        None,
        forms.ValidationError(
            _(
                "This form does not say which version of the article it was opened "
                "from, so saving it could overwrite someone else’s changes. Nothing "
                "was saved: open the article again and redo your changes."
            ),
            code="missing_version",
        ),
    )
    return False


def _take_merged_values(form, cleaned_data: dict, names: list[str], values: dict) -> None:
    """The merged values go to the save and to the page shown again."""
    for name in names:
        if values[name] != canonical(name, cleaned_data[name]):
            cleaned_data[name] = _cleaned_value(name, values[name])
            _write_data(form, name, values[name])
    if all(name in cleaned_data for name in MERGED_FIELDS if name in form.fields):
        # The form now holds the merged article: it is no longer stale.
        cleaned_data["loaded_version"] = form.instance.version
        _write_data(form, "loaded_version", form.instance.version)


def _apply_choices(form, yours: dict, shown: dict, names: list[str]) -> bool:
    """Take the editor's choices (theirs: the value they were shown); False when one is missing."""
    asked = [n for n in form.data.get(form.add_prefix("merge_fields"), "").split(",") if n in names]
    missing = []
    for name in asked:
        choice = form.data.get(form.add_prefix(f"merge_choice_{name}"))
        if choice == "theirs":
            yours[name] = shown[name]
        elif choice != "yours":
            missing.append(name)
    if missing:
        form.merge_conflicts = [_row(form, n, shown[n], yours[n]) for n in missing]
        form.add_error(
            None,
            forms.ValidationError(
                _("Choose which version to keep for: %(fields)s.")
                % {"fields": ", ".join(str(form.fields[n].label) for n in missing)},
                code="merge_choice_required",
            ),
        )
        return False
    return True


def _conflict_message(article: Article) -> str:
    latest = history.versions_of(article).first()
    who, when = _("someone else"), ""
    if latest is not None:
        user = latest.revision.user
        if user is not None:
            who = user.get_full_name() or user.get_username()
        when = formats.date_format(
            timezone.localtime(latest.revision.date_created), "DATETIME_FORMAT"
        )
    return _(
        "%(user)s saved this article on %(date)s while you were editing it. Their changes "
        "and yours are combined in the form below, except where you both changed the same "
        "field: choose which version to keep for each, then save. Nothing was saved yet."
    ) % {"user": who, "date": when}


# --- Values between the form and the merge ------------------------------------------


def _cleaned_value(name: str, value):
    """A canonical value as the form's ``cleaned_data`` holds it."""
    if name == "section":
        return Section.objects.filter(pk=value).first()
    if name == "lead_photo":
        return Photo.objects.filter(pk=value).first() if value else None
    if name == "authors":
        return Author.objects.filter(pk__in=value)
    if name == "tags":
        return sorted(value)
    return value


def _write_data(form, name: str, value) -> None:
    """Put ``value`` in the form's data, so that the page shown again holds it."""
    if not form.is_bound:
        return
    if not getattr(form, "_merge_data_copied", False):
        form.data = form.data.copy()
        form._merge_data_copied = True
    for key, posted in _posted_values(form, name, value).items():
        if isinstance(posted, list) and hasattr(form.data, "setlist"):
            form.data.setlist(key, posted)
        else:
            form.data[key] = posted


def _posted_values(form, name: str, value) -> dict:
    """What a browser would post for ``value`` in field ``name``: {data key: value}."""
    key = form.add_prefix(name)
    widget = form.fields[name].widget
    if name == "tags":
        return {key: edit_string_for_tags([SimpleNamespace(name=n) for n in sorted(value)])}
    if name == "authors":
        return {key: [str(pk) for pk in sorted(value)]}
    if isinstance(widget, CheckboxInput):
        return {key: "on" if value else ""}
    if isinstance(widget, MultiWidget):
        parts = zip(widget.widgets_names, widget.widgets, widget.decompress(value), strict=True)
        return {
            key + suffix: part_widget.format_value(part) or ""
            for suffix, part_widget, part in parts
        }
    return {key: "" if value is None else str(value)}


def display(name: str, value) -> str:
    """A canonical value as plain text (templates escape it)."""
    if name == "tags":
        return ", ".join(sorted(value)) or "—"
    if name == "authors":
        return history.display("authors", sorted(value))
    if name == "is_embargoed":
        return _("yes") if value else _("no")
    if name == "planned_for":
        name = "published_at"
    return history.display(name, value)


def _row(form, name: str, theirs, yours) -> ConflictRow:
    diff = None
    if name in DIFFED_FIELDS:
        lines = history.body_lines if name == "body" else str.splitlines
        diff = history.diff_lines(lines(theirs or ""), lines(yours or ""))
    choice = form.data.get(form.add_prefix(f"merge_choice_{name}"), "")
    return ConflictRow(
        name=name,
        label=str(form.fields[name].label or name),
        theirs=display(name, theirs),
        yours=display(name, yours),
        choice=choice if choice in CHOICES else "",
        diff=diff,
    )
