"""The one definition of what readers may see: the article's QuerySet."""

from __future__ import annotations

from datetime import datetime

from django.db import models
from django.db.models import Q
from django.utils import timezone


class ArticleQuerySet(models.QuerySet):
    """The single definition of what readers may see."""

    def published_q(self, now: datetime | None = None, prefix: str = "") -> Q:
        return Q(
            **{
                f"{prefix}status": self.model.Status.PUBLISHED,
                f"{prefix}published_at__lte": now or timezone.now(),
                f"{prefix}deleted_at__isnull": True,
            }
        )

    def published(self, now: datetime | None = None):
        return self.filter(self.published_q(now))

    def scheduled(self, now: datetime | None = None):
        return self.filter(
            status=self.model.Status.PUBLISHED,
            published_at__gt=now or timezone.now(),
            deleted_at__isnull=True,
        )

    def not_deleted(self):
        return self.filter(deleted_at__isnull=True)

    def for_listing(self):
        return self.select_related(
            "section", "section__parent", "lead_photo", "lead_photo__credit__agency"
        ).prefetch_related("authors")

    def for_cards(self):
        """What a list needs around its stored cards (articles.site.cards): address and date."""
        return self.select_related("section", "section__parent").defer(
            "body", "correction", "standfirst"
        )

    def newest_first(self):
        return self.order_by("-published_at", "-pk")


class ArticleManager(models.Manager.from_queryset(ArticleQuerySet)):
    pass
