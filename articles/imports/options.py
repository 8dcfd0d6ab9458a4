"""The options of one import run, travelling together from the command or the admin page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from articles.photos.intake import OnDuplicate


@dataclass(frozen=True)
class ImportOptions:
    section: Any = None  # a Section, or its slug
    language: str = ""  # empty: the item's own language, else the site's first
    headline: str = ""  # one file only
    standfirst: str = ""  # one file only
    alt_text: str = ""  # of the lead picture, one file only
    caption: str = ""  # of the lead picture, one file only
    image: Any = None  # plain-text exports: an explicit lead picture (path or File)
    tags: tuple[str, ...] = ()
    author: str = ""
    publish: bool = False
    override_reason: str = ""
    update: bool = False
    dry_run: bool = False
    user: Any = None
    # Same credit: the library's photo; another credit: refused, naming both.
    on_duplicate_photo: str = OnDuplicate.REUSE

    @property
    def single_file_options(self) -> list[str]:
        """The options given that only make sense for one file."""
        given = {
            "--headline": self.headline,
            "--standfirst": self.standfirst,
            "--alt-text": self.alt_text,
            "--caption": self.caption,
            "--image": self.image,
        }
        return [flag for flag, value in given.items() if value]
