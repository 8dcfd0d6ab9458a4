"""Signal handlers: photo renditions, the navigation cache and the page cache."""

from __future__ import annotations

import logging

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from PIL import UnidentifiedImageError

from articles.cache.invalidation import connect as connect_page_cache
from articles.models import (
    Photo,
    Section,
)
from articles.photos.renditions import generate_renditions, renditions_are_current
from articles.site.navigation import forget_navigation

logger = logging.getLogger(__name__)


@receiver(post_save, sender=Photo, dispatch_uid="articles_photo_renditions")
def make_photo_renditions(sender, instance, raw=False, **kwargs):
    # Fixtures (raw) load rows without files; the command catches them up later.
    # Photo intake makes its own renditions and undoes everything if that fails.
    if raw or not instance.image or getattr(instance, "_renditions_by_intake", False):
        return
    if renditions_are_current(instance):
        return
    try:
        generate_renditions(instance)
    except (OSError, UnidentifiedImageError) as error:
        # The photo is saved anyway: pages fall back to the original image and
        # `manage.py generate_renditions` retries.
        logger.warning("Could not make renditions of photo %s: %s", instance.pk, error)


@receiver(post_save, sender=Section, dispatch_uid="articles_section_nav_save")
@receiver(post_delete, sender=Section, dispatch_uid="articles_section_nav_delete")
def section_changed(sender, **kwargs):
    forget_navigation()


# Each change refreshes the cached pages that show it (articles.cache.invalidation).
# Photo receivers run after the renditions one above, which is connected first.
connect_page_cache()
