"""
Every text field of every newsroom model is cleaned when saved: no character
XML refuses (feeds and sitemaps stay well-formed whatever is typed or
imported), Unicode in NFC (one spelling per name). See ``articles.text.clean_text``.

A ``pre_save`` receiver rather than a line in each ``save()``: it also covers
models added later, and rows loaded by ``loaddata`` (a restored backup).
"""

from __future__ import annotations

from django.db.models.signals import pre_save
from django.dispatch import receiver

from ..text import clean_text_fields

CLEANED_APPS = frozenset({"articles"})


@receiver(pre_save, dispatch_uid="articles_clean_text_fields")
def clean_text_on_save(sender, instance, **kwargs):
    if sender._meta.app_label in CLEANED_APPS:
        clean_text_fields(instance)
