"""
Corrections and updates (article notes) in a stale article form: merged too.

Notes are rows of their own, outside the article's versions, so each note
form carries a fingerprint of the note as it was loaded (``loaded_hash``).
On save: nobody else changed the note, the editor's text is saved; someone
else changed it and this editor did not, theirs is kept; both changed it,
the note form says so and nothing is saved.
"""

from __future__ import annotations

import hashlib
import json

from django import forms
from django.utils.translation import gettext as _

from articles.editing.local_time import LocalSplitDateTimeField, remember_loaded
from articles.models import ArticleNote

NOTE_FIELDS = ("kind", "published_at", "text")


def note_hash(values: dict) -> str:
    """A fingerprint of a note's values (dates to the second, in any time zone)."""
    published_at = values.get("published_at")
    if published_at is not None:
        published_at = int(published_at.timestamp())  # whole seconds, whatever the zone
    text = str(values.get("text") or "").replace("\r\n", "\n").strip()
    payload = json.dumps([values.get("kind") or "", published_at, text])
    return hashlib.sha256(payload.encode()).hexdigest()


def stored_note(note: ArticleNote) -> dict:
    return {name: getattr(note, name) for name in NOTE_FIELDS}


class ArticleNoteForm(forms.ModelForm):
    loaded_hash = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    class Meta:
        model = ArticleNote
        fields = NOTE_FIELDS
        # A note dated in the hour that happens twice can be saved again.
        field_classes = {"published_at": LocalSplitDateTimeField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        remember_loaded(self, "published_at")
        if self.instance.pk:
            self.fields["loaded_hash"].initial = note_hash(stored_note(self.instance))

    def clean(self):
        cleaned_data = super().clean()
        base = cleaned_data.get("loaded_hash")
        if not self.instance.pk or not base or any(n not in cleaned_data for n in NOTE_FIELDS):
            return cleaned_data
        stored = stored_note(self.instance)  # still the row: the form's values come later
        if note_hash(stored) == base or note_hash(cleaned_data) == note_hash(stored):
            return cleaned_data
        if note_hash(cleaned_data) == base:
            # Only someone else changed this note: theirs stays.
            cleaned_data.update(stored)
            return cleaned_data
        raise forms.ValidationError(
            _(
                "Someone else changed this note while you were editing it; it now reads: "
                "“%(text)s”. Nothing was saved: bring your change into their text, then save."
            ),
            code="note_conflict",
            params={"text": stored["text"]},
        )
