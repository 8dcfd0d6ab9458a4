"""Corrections and updates, edited inline on the article form."""

from __future__ import annotations

from django.contrib import admin
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from articles.editing.notes import ArticleNoteForm
from articles.models import (
    ArticleNote,
)


class ArticleNoteFormSet(BaseInlineFormSet):
    def __init__(self, data=None, *args, **kwargs):
        prefix = kwargs.get("prefix") or self.get_default_prefix()
        if data is not None and f"{prefix}-TOTAL_FORMS" not in data:
            # A form opened before the notes existed (or a script posting the
            # article's fields only): the notes are left as they are.
            data = data.copy()
            data[f"{prefix}-TOTAL_FORMS"] = "0"
            data[f"{prefix}-INITIAL_FORMS"] = "0"
        super().__init__(data, *args, **kwargs)


class ArticleNoteInline(admin.StackedInline):
    """Corrections, clarifications and updates, dated, shown at the end of the article."""

    model = ArticleNote
    form = ArticleNoteForm
    formset = ArticleNoteFormSet
    extra = 0
    # loaded_hash: the note as the form was loaded, so a stale save is merged.
    fields = ("kind", "published_at", "text", "loaded_hash")
    verbose_name = _("correction or update")
    verbose_name_plural = _("corrections and updates (shown to readers at the end of the article)")
