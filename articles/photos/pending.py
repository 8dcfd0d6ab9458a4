"""
Uploads kept between two submissions of the photo form.

When the form is shown again (metadata to check, a possible duplicate, a
missing field), browsers cannot send the chosen file a second time. The file
is kept here, outside the public media, under a random name; the form carries
a signed token for it, valid for a day. The file is removed once the photo is
saved, and files older than a day are removed whenever a new one is kept.
"""

from __future__ import annotations

import time
import uuid
from pathlib import Path

from django.conf import settings
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile

SALT = "articles.pending_upload"
MAX_AGE_SECONDS = 24 * 3600


def directory() -> Path:
    configured = getattr(settings, "NEWSROOM_PENDING_UPLOADS_ROOT", None)
    path = Path(configured) if configured else Path(settings.MEDIA_ROOT).parent / "pending-uploads"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _forget_old_files(folder: Path) -> None:
    limit = time.time() - MAX_AGE_SECONDS
    for old in folder.glob("*.upload"):
        try:
            if old.stat().st_mtime < limit:
                old.unlink()
        except OSError:
            pass


def keep(upload) -> str:
    """Store ``upload`` and return the token that gives it back."""
    folder = directory()
    _forget_old_files(folder)
    name = f"{uuid.uuid4().hex}.upload"
    upload.seek(0)
    with open(folder / name, "wb") as stored:
        for chunk in upload.chunks() if hasattr(upload, "chunks") else [upload.read()]:
            stored.write(chunk)
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
