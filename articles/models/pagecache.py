"""The page cache's freshness records, kept where every process sees them."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class CacheKeyVersion(models.Model):
    """
    One row per dependency key of the page cache ("article-12", "section-3",
    "home"...): a cached page is served only while the versions it was built
    under are still the current ones. With a process-local cache (locmem://)
    this table is what tells every process that a page changed; with Redis
    the versions live in Redis instead (articles.cache.versions).
    """

    name = models.CharField(_("key"), max_length=100, primary_key=True)
    version = models.BigIntegerField(_("version"), default=0)

    class Meta:
        ordering = ("name",)
        verbose_name = _("page cache key")
        verbose_name_plural = _("page cache keys")

    def __str__(self):
        return f"{self.name} v{self.version}"
