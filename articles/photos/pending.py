"""
Uploads kept between two submissions of the photo form.

When the form is shown again (metadata to check, a possible duplicate, a
missing field), browsers cannot send the chosen file a second time. The file
is kept here, outside the public media, under a random name; the form carries
a signed token for it, valid for a day. The file is removed once the photo is
saved, and files older than a day are removed whenever a new one is kept.
"""

from __future__ import annotations

import logging
import os
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.core import signing
from django.core.exceptions import ImproperlyConfigured
from django.core.files.uploadedfile import SimpleUploadedFile

logger = logging.getLogger(__name__)

SALT = "articles.pending_upload"
MAX_AGE_SECONDS = 24 * 3600


def directory() -> Path:
    """The private folder: never under MEDIA_ROOT, whatever is served from there."""
    configured = getattr(settings, "NEWSROOM_PENDING_UPLOADS_ROOT", None)
    media = Path(settings.MEDIA_ROOT).resolve()
    path = Path(configured) if configured else media.parent / "pending-uploads"
    path = path.resolve()
    if path == media or media in path.parents:
        # A kept upload still has its GPS position: it must not be public.
        raise ImproperlyConfigured("NEWSROOM_PENDING_UPLOADS_ROOT must be outside MEDIA_ROOT.")
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def forget_abandoned(now: float | None = None) -> int:
    """Delete kept uploads older than a day (never confirmed); returns how many."""
    limit = (time.time() if now is None else now) - MAX_AGE_SECONDS
    removed = 0
    for old in directory().glob("*.upload"):
        try:
            if old.stat().st_mtime < limit:
                old.unlink()
                removed += 1
        except OSError:
            pass
    return removed


def keep(upload) -> str:
    """
    Store ``upload`` and return the token that gives it back; an empty token
    when it cannot be stored (a full disk): the file is then simply not kept,
    and the user chooses it again, rather than meeting an error page.
    """
    forget_abandoned()
    path = directory() / f"{uuid.uuid4().hex}.upload"
    name = path.name
    upload.seek(0)
    try:
        # Readable by the app's user only.
        with open(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as stored:
            for chunk in upload.chunks() if hasattr(upload, "chunks") else [upload.read()]:
                stored.write(chunk)
    except OSError as error:
        path.unlink(missing_ok=True)
        logger.warning("Could not keep an upload for the next submission: %s", error)
        return ""
    finally:
        upload.seek(0)
    content_type = getattr(upload, "content_type", None) or "application/octet-stream"
    return signing.dumps({"file": name, "name": upload.name, "type": content_type}, salt=SALT)


def _path(token: str) -> tuple[Path, dict] | None:
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE_SECONDS)
    except signing.BadSignature:
        return None
    path = directory() / Path(str(data.get("file", ""))).name
    if not path.name.endswith(".upload") or not path.is_file():
        return None
    return path, data


def take(token: str) -> SimpleUploadedFile | None:
    """The upload kept under ``token``, or None if the token is bad, old or used."""
    found = _path(token) if token else None
    if found is None:
        return None
    path, data = found
    return SimpleUploadedFile(str(data.get("name") or "photo"), path.read_bytes(), data.get("type"))


def discard(token: str) -> None:
    found = _path(token) if token else None
    if found is not None:
        found[0].unlink(missing_ok=True)
