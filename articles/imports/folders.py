"""
Where a drop folder lives: a directory on disk, or a prefix of a Django
storage (``STORAGES`` alias, e.g. an S3-compatible bucket through
django-storages). The drop folder only lists, reads, moves and writes
through this interface, so both behave the same.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import InvalidStorageError, storages
from django.utils import timezone
from django.utils.translation import gettext as _

from .delivery import MAX_FILE_BYTES, FolderSiblings, is_item_file
from .items import ExportError

STORAGE_SCHEME = "storage://"


class LocalFolder:
    def __init__(self, path: str | Path):
        self.path = Path(path)
        if not self.path.is_dir() or self.path.is_symlink():
            raise ExportError(str(path), None, _("This is not a folder."))

    @property
    def identity(self) -> str:
        return str(self.path.resolve())

    def names(self) -> list[str]:
        return sorted(
            p.name
            for p in self.path.iterdir()
            if is_item_file(p) and p.is_file() and not p.is_symlink()
        )

    def exists(self, name: str) -> bool:
        return (self.path / name).is_file()

    def read(self, name: str) -> bytes:
        with (self.path / name).open("rb") as file:
            return file.read(MAX_FILE_BYTES + 1)

    def siblings(self):
        return FolderSiblings(self.path)

    def move(self, name: str, sub: str) -> str:
        """Into ``sub/`` under the same name, or a dated one if it is taken."""
        (self.path / sub).mkdir(exist_ok=True)
        target = self.path / sub / name
        if target.exists():
            target = target.with_name(dated(name))
        with contextlib.suppress(FileNotFoundError):  # another runner moved it first
            (self.path / name).replace(target)
        return f"{sub}/{target.name}"

    def write_text(self, name: str, text: str) -> None:
        (self.path / name).write_text(text, "utf-8")


class StorageFolder:
    """``storage://ALIAS/prefix``: the files directly under ``prefix`` in that storage."""

    def __init__(self, address: str):
        alias, _slash, prefix = address.removeprefix(STORAGE_SCHEME).partition("/")
        try:
            self.storage = storages[alias]
        except InvalidStorageError:
            raise ExportError(address, None, _("No such storage in STORAGES.")) from None
        self.alias, self.prefix = alias, prefix.strip("/")

    @property
    def identity(self) -> str:
        return f"{STORAGE_SCHEME}{self.alias}/{self.prefix}"

    def _name(self, name: str) -> str:
        return str(PurePosixPath(self.prefix, name)) if self.prefix else name

    def names(self) -> list[str]:
        try:
            _folders, files = self.storage.listdir(self.prefix)
        except FileNotFoundError:
            return []
        return sorted(name for name in files if is_item_file(Path(name)))

    def exists(self, name: str) -> bool:
        return self.storage.exists(self._name(name))

    def read(self, name: str) -> bytes:
        with self.storage.open(self._name(name), "rb") as file:
            return file.read(MAX_FILE_BYTES + 1)

    def siblings(self):
        return StorageSiblings(self)

    def move(self, name: str, sub: str) -> str:
        target = f"{sub}/{name}"
        if self.storage.exists(self._name(target)):
            target = f"{sub}/{dated(name)}"
        try:
            with self.storage.open(self._name(name), "rb") as file:
                self.storage.save(self._name(target), file)
        except FileNotFoundError:
            return target  # another runner moved it first
        self.storage.delete(self._name(name))
        return target

    def write_text(self, name: str, text: str) -> None:
        self.storage.save(self._name(name), ContentFile(text.encode("utf-8")))


class StorageSiblings:
    def __init__(self, folder: StorageFolder):
        self.folder = folder

    def open(self, filenames: Iterable[str]) -> tuple[str, File] | None:
        for filename in filenames:
            name = PurePosixPath(filename).name
            if name and self.folder.exists(name):
                file = self.folder.storage.open(self.folder._name(name), "rb")
                return name, File(file, name=name)
        return None


def dated(name: str) -> str:
    stem, dot, suffix = name.rpartition(".")
    stamp = timezone.now().strftime("%Y%m%dT%H%M%S%f")
    return f"{stem}.{stamp}.{suffix}" if dot else f"{name}.{stamp}"


def open_folder(address: str) -> LocalFolder | StorageFolder:
    if address.startswith(STORAGE_SCHEME):
        return StorageFolder(address)
    return LocalFolder(address)
