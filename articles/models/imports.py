"""Claims of the drop folder: which runner takes which delivered file."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportClaim(models.Model):
    """
    One row per delivered file (its folder, name and content hash). Inserting
    the row is the claim: the unique key lets exactly one of several app
    servers polling the same folder take a file; a claim left unfinished by a
    runner that died is taken over once it is stale.
    """

    key = models.CharField(_("file key"), max_length=64, unique=True)
    name = models.CharField(_("file name"), max_length=255)
    runner = models.CharField(_("runner"), max_length=64)
    claimed_at = models.DateTimeField(_("claimed at"))
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=500, blank=True)

    class Meta:
        ordering = ["-claimed_at"]
        verbose_name = _("import claim")
        verbose_name_plural = _("import claims")

    def __str__(self):
        return self.name
