"""
What the commands an operator runs have in common: they speak the site's
language (``settings.LANGUAGE_CODE``), whatever language is active when they
are called (a command run from code, a test, or a thread that served a
request in another language), and count things in words.
"""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import translation
from django.utils.translation import ngettext


class SiteLanguageCommand(BaseCommand):
    """A command whose output, warnings and errors are in the site's language."""

    def execute(self, *args, **options):
        with translation.override(settings.LANGUAGE_CODE):
            return super().execute(*args, **options)


def counted(kind: str, count: int) -> str:
    """“3 articles”, “1 rubrique”: a count of one kind of thing, in words."""
    phrases = {
        "accounts": ngettext("%(count)d account", "%(count)d accounts", count),
        "articles": ngettext("%(count)d article", "%(count)d articles", count),
        "authors": ngettext("%(count)d author", "%(count)d authors", count),
        "corrections": ngettext("%(count)d correction", "%(count)d corrections", count),
        "media files": ngettext("%(count)d media file", "%(count)d media files", count),
        "objects": ngettext("%(count)d object", "%(count)d objects", count),
        "photos": ngettext("%(count)d photo", "%(count)d photos", count),
        "sections": ngettext("%(count)d section", "%(count)d sections", count),
        "tags": ngettext("%(count)d tag", "%(count)d tags", count),
    }
    return phrases.get(kind, f"%(count)d {kind}") % {"count": count}
