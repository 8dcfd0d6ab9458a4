"""
What arrives: a file's bytes and name, and the files delivered beside it
(pictures), whether on disk (the command, the drop folder) or uploaded
(the admin page). Reading is capped and refuses symbolic links; a picture
is looked up only by a bare file name, never by a path or a URL.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import Protocol

from django.core.files import File
from django.utils.translation import gettext as _

from .items import ExportError

# Items and messages are a few hundred kilobytes; anything larger is not news.
MAX_FILE_BYTES = 8 * 1024 * 1024
IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png", ".webp")
# In a directory, the files worth reading (the format is then told from the
# content): text exports, ninjs, NewsML-G2 and NITF as agencies name them.
ITEM_EXTENSIONS = (".txt", ".json", ".ninjs", ".xml", ".nitf", ".newsml", ".g2")


class Siblings(Protocol):
    def open(self, filenames: Iterable[str]) -> tuple[str, File] | None:
        """The first of ``filenames`` delivered, as (its name, an open file)."""


@dataclass
class FolderSiblings:
    """Pictures in the folder of a file on disk."""

    folder: Path

    def open(self, filenames: Iterable[str]) -> tuple[str, File] | None:
        try:
            present = {entry.name.casefold(): entry for entry in self.folder.iterdir()}
        except OSError:
            return None
        for filename in filenames:
            entry = present.get(PurePath(filename).name.casefold())
            if entry is not None and entry.is_file() and not entry.is_symlink():
                return entry.name, File(entry.open("rb"), name=entry.name)
        return None


@dataclass
class UploadedSiblings:
    """Pictures uploaded with the files (the admin page): name -> a way to open it."""

    files: dict[str, object] = field(default_factory=dict)  # casefolded name -> opener

    def open(self, filenames: Iterable[str]) -> tuple[str, File] | None:
        for filename in filenames:
            opener = self.files.get(PurePath(filename).name.casefold())
            if opener is not None:
                name, file = opener()
                return name, file
        return None


class NoSiblings:
    def open(self, filenames: Iterable[str]) -> tuple[str, File] | None:
        return None


@dataclass(frozen=True)
class Delivery:
    name: str  # as the user gave it: shown in every message about the file
    data: bytes
    siblings: Siblings = field(default_factory=NoSiblings)


def same_stem_names(name: str) -> list[str]:
    """story.txt -> story.jpg, story.JPG, ... : a plain-text export's picture."""
    stem = PurePath(name).stem
    return [stem + ext for extension in IMAGE_EXTENSIONS for ext in (extension, extension.upper())]


def read_delivery(path: Path, name: str | None = None) -> Delivery:
    """Read one file on disk, refusing anything but a plain regular file under the cap."""
    name = name or str(path)
    if path.is_symlink():
        raise ExportError(name, None, _("Symbolic links are refused."))
    if not path.is_file():
        raise ExportError(name, None, _("No such file."))
    if path.stat().st_size > MAX_FILE_BYTES:
        raise ExportError(
            name, None, _("The file is larger than %(max)d MB.") % {"max": MAX_FILE_BYTES >> 20}
        )
    with path.open("rb") as file:
        # Read one byte more than allowed: a file growing meanwhile is caught too.
        data = file.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise ExportError(
            name, None, _("The file is larger than %(max)d MB.") % {"max": MAX_FILE_BYTES >> 20}
        )
    return Delivery(name=name, data=data, siblings=FolderSiblings(path.parent))


def is_item_file(path: Path) -> bool:
    return path.suffix.lower() in ITEM_EXTENSIONS and not path.name.startswith(".")


def collect_paths(arguments: list[str]) -> tuple[list[Path], list[ExportError]]:
    """
    The files to read: the files given, and the item files directly inside the
    directories given (by extension; the content then tells the format),
    sorted. A relative path such as ../exports/story.txt is the user's own
    choice; inside a directory, symbolic links (which could point anywhere)
    are refused, so the command reads only what it was pointed at.
    """
    paths: list[Path] = []
    failures: list[ExportError] = []
    for argument in arguments:
        path = Path(argument)
        if path.is_symlink():
            failures.append(ExportError(argument, None, _("Symbolic links are refused.")))
        elif path.is_dir():
            for entry in sorted(path.iterdir()):
                if not is_item_file(entry):
                    continue
                if entry.is_symlink():
                    failures.append(ExportError(str(entry), None, _("Symbolic links are refused.")))
                elif entry.is_file():
                    paths.append(entry)
        elif path.is_file():
            paths.append(path)
        else:
            failures.append(ExportError(argument, None, _("No such file or directory.")))
    return paths, failures
