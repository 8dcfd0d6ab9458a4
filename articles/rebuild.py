"""
What a restore rebuilds from the data it loaded: the search index (it lives
outside the models, so no dump holds it), the renditions of photos whose
files are missing (an archive of a library kept on object storage has none),
and the page cache, emptied of pages showing what the restore replaced.
"""

from __future__ import annotations

import logging
from contextlib import contextmanager

import reversion
from django.core.files.storage import default_storage
from django.db.models.signals import m2m_changed, post_delete, post_save
from PIL import UnidentifiedImageError

from articles.cache import invalidate_pages
from articles.models import Photo
from articles.photos.renditions import generate_renditions, renditions_are_current
from articles.search import rebuild_index

__all__ = [
    "forget_cached_pages",
    "make_missing_renditions",
    "muted_receivers",
    "rebuild_index",
    "renditions_missing",
    "without_new_versions",
]

logger = logging.getLogger(__name__)


@contextmanager
def without_new_versions():
    """
    Load the archive without recording article versions: the archive holds
    the history. Outside a revision, setting an article's tags or authors
    records a version of its own (articles.models.article), and on PostgreSQL
    that new revision would take an id the archive's revisions still need.
    An open revision managed by hand records nothing and, being empty, is
    never saved. The per-row receivers are muted as well (``muted_receivers``).
    """
    with reversion.create_revision(manage_manually=True), muted_receivers():
        yield


# Signals whose receivers do per-row work a restore redoes once at the end
# (search index, page cache) or must not do at all (versions). pre_save stays:
# it cleans text (articles.models.cleaning).
MUTED_SIGNALS = (post_save, post_delete, m2m_changed)


@contextmanager
def muted_receivers():
    """
    No receiver of ``MUTED_SIGNALS`` runs inside the block. Loading a
    backup of 2,000 articles (11,560 rows) on PostgreSQL took 500 s with them,
    each row re-indexed and bumping page-cache keys, and 83 s without; the end
    of the restore rebuilds the index and forgets cached pages once.
    Restores run in a command, alone in their process.
    """
    saved = []
    for signal in MUTED_SIGNALS:
        with signal.lock:
            saved.append((signal, signal.receivers))
            signal.receivers = []
            signal.sender_receivers_cache.clear()
    try:
        yield
    finally:
        for signal, receivers in saved:
            with signal.lock:
                signal.receivers = receivers
                signal.sender_receivers_cache.clear()


def renditions_missing(photo) -> bool:
    """True when a photo's renditions are out of date or some of their files are gone."""
    if not renditions_are_current(photo):
        return True
    return not all(default_storage.exists(path) for path in photo.renditions.values())


def make_missing_renditions() -> int:
    """Remake the renditions of photos that need them; return how many photos were done."""
    made = 0
    for photo in Photo.objects.exclude(image="").order_by("pk").iterator(chunk_size=200):
        if not renditions_missing(photo):
            continue
        if not default_storage.exists(photo.image.name):
            logger.warning("Photo %s: original %s is missing", photo.pk, photo.image.name)
            continue
        try:
            generate_renditions(photo, force=True)
        except (OSError, UnidentifiedImageError) as error:
            # Pages fall back to the original; `manage.py generate_renditions` retries.
            logger.warning("Could not make renditions of photo %s: %s", photo.pk, error)
            continue
        made += 1
    return made


def forget_cached_pages() -> None:
    """Every cached page becomes stale, in every process (articles.cache)."""
    invalidate_pages()
