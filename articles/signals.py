"""Signal handlers: photo renditions, the navigation cache and the page cache."""

from __future__ import annotations

import logging

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from PIL import UnidentifiedImageError

from articles.cache import invalidate_pages
from articles.models import (
    Agency,
    Article,
    ArticleNote,
    Author,
    Photo,
    PhotoCredit,
    PreviousSlug,
    Section,
    Tag,
    TaggedArticle,
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


# Everything a public page shows comes from these models: any change makes
# every cached page unreachable (articles.cache). Photo receivers run after the
# renditions one above, which is connected first.
PAGE_CONTENT_MODELS = (
    Article,
    ArticleNote,
    Section,
    Author,
    Tag,
    TaggedArticle,
    Photo,
    PhotoCredit,
    Agency,
    PreviousSlug,
)


def content_changed(sender, using=None, **kwargs):
    invalidate_pages(using)


def content_relations_changed(sender, action, using=None, **kwargs):
    if action in {"post_add", "post_remove", "post_clear"}:
        invalidate_pages(using)


for model in PAGE_CONTENT_MODELS:
    post_save.connect(content_changed, sender=model, dispatch_uid=f"pages_{model.__name__}_save")
    post_delete.connect(
        content_changed, sender=model, dispatch_uid=f"pages_{model.__name__}_delete"
    )
for through in (TaggedArticle, Article.authors.through):
    m2m_changed.connect(
        content_relations_changed, sender=through, dispatch_uid=f"pages_{through.__name__}_m2m"
    )
