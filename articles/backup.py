"""
Backup and restore: the database and every media file in one ``.tar.gz``.

An archive holds:

- ``manifest.json``: format version, date, database vendor, object counts,
  and the size and SHA-256 of every other member;
- ``data.json``: ``dumpdata --natural-foreign --natural-primary`` of
  everything but what a fresh install rebuilds by itself (content types,
  permissions) and what is not worth keeping (sessions, login attempts);
- ``media/…``: the files under ``MEDIA_ROOT`` (photos and their renditions).

A restore loads the data without recording new article versions (the
archive holds the history itself), then rebuilds what is derived from it: the
search index, which lives outside the models, and the renditions of photos
whose files are missing.

Natural keys make the dump independent of the primary keys of content types
and permissions, so it loads into any freshly migrated database, SQLite or
PostgreSQL (``loaddata`` resets PostgreSQL sequences after loading).
"""

from __future__ import annotations

import datetime
import gzip
import hashlib
import json
import os
import shutil
import tarfile
import tempfile
import zlib
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import django
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.management import call_command
from django.core.serializers import json as json_serializer
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.utils import timezone
from django.utils.timezone import is_aware

from articles.rebuild import (
    forget_cached_pages,
    make_missing_renditions,
    rebuild_index,
    without_new_versions,
)

ARCHIVE_FORMAT = 1
MANIFEST_NAME = "manifest.json"
DATA_NAME = "data.json"
MEDIA_DIR = "media"
# Rebuilt by a fresh install, not worth keeping, or the page cache's state.
EXCLUDED_FROM_DUMP = (
    "contenttypes",
    "auth.permission",
    "sessions",
    "axes",
    "articles.cachekeyversion",
    # Rendered pieces of pages: rebuilt when read (articles.cache.fragments).
    "articles.storedfragment",
)
# Read in chunks of this many bytes when hashing and copying files.
CHUNK_BYTES = 1 << 20


class BackupError(Exception):
    """A backup cannot be written or an archive cannot be restored."""


@dataclass(frozen=True)
class RestoreResult:
    manifest: dict
    objects: int
    media_files: int
    indexed_articles: int = 0
    renditions_made: int = 0


# --- Backup -----------------------------------------------------------------

# Django's JSON serializer, keeping microseconds: the stock encoder cuts times
# to milliseconds, so a restored article would not have exactly its saved
# publication time. ``loaddata`` reads the result with the stock "json" format.
SERIALIZATION_FORMAT = "newsroom-backup-json"


class PreciseJSONEncoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, (datetime.datetime, datetime.time)):
            if isinstance(o, datetime.time) and is_aware(o):
                raise ValueError("JSON can't represent timezone-aware times.")
            text = o.isoformat()
            return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text
        return super().default(o)


class Serializer(json_serializer.Serializer):
    def _init_options(self):
        super()._init_options()
        self.json_kwargs["cls"] = PreciseJSONEncoder


Deserializer = json_serializer.Deserializer


def create_backup(output: Path) -> dict:
    """Write the database and media files to ``output`` (a .tar.gz); return the manifest."""
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="newsroom-backup-") as workdir:
        data_path = Path(workdir) / DATA_NAME
        with consistent_snapshot():
            objects = dump_database(Path(workdir))
        with data_path.open("w", encoding="utf-8") as data:
            json.dump(objects, data, ensure_ascii=False)
        counts = Counter(obj["model"] for obj in objects)
        media = list(media_files(Path(settings.MEDIA_ROOT)))
        manifest = {
            "format": ARCHIVE_FORMAT,
            "created_at": timezone.now().isoformat(),
            "django": django.get_version(),
            "database_vendor": connection.vendor,
            "objects": dict(sorted(counts.items())),
            "files": {
                DATA_NAME: file_entry(data_path),
                **{f"{MEDIA_DIR}/{name}": file_entry(path) for name, path in media},
            },
        }
        manifest_path = Path(workdir) / MANIFEST_NAME
        manifest_path.write_text(json.dumps(manifest, indent=2), encoding="utf-8")

        # Write next to the target, then rename: a failed backup never leaves
        # a truncated archive under the expected name.
        partial = output.with_name(output.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(manifest_path, arcname=MANIFEST_NAME)
            archive.add(data_path, arcname=DATA_NAME)
            for name, path in media:
                archive.add(path, arcname=f"{MEDIA_DIR}/{name}")
        os.replace(partial, output)
    return manifest


def dump_database(workdir: Path) -> list[dict]:
    """Every object to back up, as dumpdata writes them."""
    keyless = [
        model._meta.label
        for model in apps.get_models()
        if not model._meta.proxy
        and has_broken_natural_key(model)
        and model._meta.app_label not in EXCLUDED_FROM_DUMP
        and model._meta.label_lower not in EXCLUDED_FROM_DUMP
    ]
    objects = dumpdata(
        workdir / "natural.json",
        exclude=[*EXCLUDED_FROM_DUMP, *keyless],
        natural_primary=True,
    )
    if keyless:
        # These keep their primary keys; they still point to users, tags
        # and content types by natural key.
        objects += dumpdata(workdir / "keyless.json", labels=keyless, natural_primary=False)
    return objects


def dumpdata(path: Path, *, labels=(), exclude=(), natural_primary: bool) -> list[dict]:
    serializers.register_serializer(SERIALIZATION_FORMAT, __name__)
    call_command(
        "dumpdata",
        *labels,
        format=SERIALIZATION_FORMAT,
        exclude=list(exclude),
        natural_foreign=True,
        natural_primary=natural_primary,
        output=str(path),
        verbosity=0,
    )
    with path.open(encoding="utf-8") as dump:
        return json.load(dump)


def has_broken_natural_key(model) -> bool:
    """
    True for models that inherit ``natural_key()`` without being able to
    compute it: django-taggit's item models (our TaggedArticle) inherit it
    from a base whose ``natural_key_fields`` only some subclasses define.
    Dumped without their primary key, they could not be loaded back.
    """
    if not hasattr(model, "natural_key"):
        return False
    try:
        model().natural_key()
    except (AttributeError, TypeError, ValueError):
        return True
    return False


@contextmanager
def consistent_snapshot():
    """On PostgreSQL, read every table from the same snapshot."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


def media_files(root: Path):
    """Yield (POSIX path relative to ``root``, path) for every regular file under ``root``."""
    if not root.is_dir():
        return
    for directory, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for filename in sorted(filenames):
            path = Path(directory) / filename
            if path.is_symlink() or not path.is_file():
                continue
            yield path.relative_to(root).as_posix(), path


def file_entry(path: Path) -> dict:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for chunk in iter(lambda: stream.read(CHUNK_BYTES), b""):
            digest.update(chunk)
    return {"size": path.stat().st_size, "sha256": digest.hexdigest()}


# --- Restore ----------------------------------------------------------------


def database_has_content() -> bool:
    """True when the database holds users or newsroom content (a fresh install holds neither)."""
    if get_user_model().objects.exists():
        return True
    return any(
        model.objects.exists()
        for model in apps.get_app_config("articles").get_models()
        if model._meta.label_lower not in EXCLUDED_FROM_DUMP
    )


def restore_backup(archive_path: Path, *, force: bool = False) -> RestoreResult:
    """
    Restore an archive made by :func:`create_backup` into this install.

    Refuses a database that already has content unless ``force``, which
    empties it first. The database is loaded in one transaction; the media
    files are only put in place if it succeeded.
    """
    archive_path = Path(archive_path)
    if not archive_path.is_file():
        raise BackupError(f"{archive_path}: no such file.")
    if not force and database_has_content():
        raise BackupError(
            "The database already has users or content: restore into an empty install, "
            "or use --force to replace everything in it."
        )
    media_root = Path(settings.MEDIA_ROOT)
    media_root.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".restore-", dir=media_root.parent) as workdir:
        workdir = Path(workdir)
        manifest = extract_archive(archive_path, workdir)
        with transaction.atomic():
            if force:
                if connection.vendor == "postgresql":
                    # Run pending foreign-key checks now: PostgreSQL cannot
                    # empty a table while some are deferred.
                    with connection.cursor() as cursor:
                        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                call_command("flush", interactive=False, verbosity=0)
            with without_new_versions():
                call_command("loaddata", str(workdir / DATA_NAME), verbosity=0)
            # Inside the transaction: a restore that cannot index its
            # articles leaves the database as it was.
            indexed = rebuild_index()
            # Pages cached before the restore show what it replaced.
            forget_cached_pages()
            media = list(media_files(workdir / MEDIA_DIR))
            for name, path in media:
                target = media_root / name
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.move(path, target)
    return RestoreResult(
        manifest=manifest,
        objects=sum(manifest["objects"].values()),
        media_files=len(media),
        indexed_articles=indexed,
        renditions_made=make_missing_renditions(),
    )


def extract_archive(archive_path: Path, destination: Path) -> dict:
    """
    Check every member of the archive, extract it under ``destination`` and
    return the manifest. Only plain files and folders with relative names
    inside the archive are accepted (no absolute path, ``..``, link or
    device), and each file must match the size and hash in the manifest.
    """
    try:
        with tarfile.open(archive_path, "r:gz") as archive:
            return extract_members(archive, archive_path, destination)
    except (tarfile.TarError, EOFError, zlib.error, gzip.BadGzipFile) as error:
        raise BackupError(f"{archive_path}: not a readable .tar.gz archive ({error}).") from None


def extract_members(archive: tarfile.TarFile, archive_path: Path, destination: Path) -> dict:
    members = archive.getmembers()
    for member in members:
        check_member(member)
    files = {member.name: member for member in members if member.isfile()}
    if MANIFEST_NAME not in files or DATA_NAME not in files:
        raise BackupError(f"{archive_path}: not a Newsroom backup (no manifest or data).")
    manifest = read_manifest(archive.extractfile(files[MANIFEST_NAME]))
    expected = manifest["files"]
    unexpected = sorted(set(files) - set(expected) - {MANIFEST_NAME})
    missing = sorted(set(expected) - set(files))
    if unexpected or missing:
        raise BackupError(
            f"{archive_path}: the archive does not match its manifest "
            f"(unexpected: {unexpected[:5]}, missing: {missing[:5]})."
        )
    for name, entry in expected.items():
        target = destination.joinpath(*PurePosixPath(name).parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        with archive.extractfile(files[name]) as source, target.open("wb") as copy:
            for chunk in iter(lambda: source.read(CHUNK_BYTES), b""):
                digest.update(chunk)
                copy.write(chunk)
        if digest.hexdigest() != entry["sha256"] or target.stat().st_size != entry["size"]:
            raise BackupError(f"{archive_path}: {name} is damaged (checksum mismatch).")
    return manifest


def check_member(member: tarfile.TarInfo) -> None:
    name = member.name
    path = PurePosixPath(name)
    if not (member.isfile() or member.isdir()):
        raise BackupError(f"Refusing archive member {name!r}: only files and folders are allowed.")
    if not name or path.is_absolute() or name.startswith(("/", "\\")) or "\\" in name:
        raise BackupError(f"Refusing archive member {name!r}: absolute or Windows path.")
    if ".." in path.parts or "\x00" in name:
        raise BackupError(f"Refusing archive member {name!r}: it points outside the archive.")
    if member.isfile() and name not in (MANIFEST_NAME, DATA_NAME) and path.parts[0] != MEDIA_DIR:
        raise BackupError(f"Refusing archive member {name!r}: not part of a Newsroom backup.")


def read_manifest(stream) -> dict:
    try:
        manifest = json.load(stream)
    except (ValueError, UnicodeDecodeError):
        raise BackupError("The archive's manifest is not valid JSON.") from None
    if not isinstance(manifest, dict) or manifest.get("format") != ARCHIVE_FORMAT:
        raise BackupError(
            f"Unsupported backup format {manifest.get('format') if isinstance(manifest, dict) else None!r} "
            f"(this version reads format {ARCHIVE_FORMAT})."
        )
    files = manifest.get("files")
    if not isinstance(files, dict) or not all(
        isinstance(entry, dict) and {"size", "sha256"} <= entry.keys() for entry in files.values()
    ):
        raise BackupError("The archive's manifest has no valid file list.")
    for name in files:
        check_member(tarfile.TarInfo(name))
    return manifest
