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


class StoredFragment(models.Model):
    """
    A piece of a public page rendered once and reused until what it shows
    changes (articles.cache.fragments): an article's text, its head, its
    related stories, a listing card. It records the versions of the keys it
    depends on, like a cached page, and the build (templates, code, settings)
    that rendered it; it lives in the database, so it survives a restart and
    serves every process even with no cache at all. Derived data: deleting
    rows only costs a rebuild.
    """

    key = models.CharField(_("key"), max_length=190, primary_key=True)
    article_id = models.IntegerField(_("article"), null=True, db_index=True)
    html = models.TextField(_("HTML"))
    data = models.JSONField(_("data"), default=dict)
    dependencies = models.JSONField(_("dependencies"), default=dict)
    build = models.CharField(_("build"), max_length=32)
    expires_at = models.FloatField(_("expires at"), null=True)

    class Meta:
        verbose_name = _("stored page fragment")
        verbose_name_plural = _("stored page fragments")

    def __str__(self):
        return self.key
