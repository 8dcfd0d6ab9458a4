"""
Pairing an item with the pictures delivered beside it, and the photo step:
every picture enters the library through ``articles.photos.intake.take_in``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.utils.translation import gettext as _

from articles.models import Photo
from articles.photos.intake import DuplicatePhoto, IntakeResult, take_in

from .delivery import Siblings, same_stem_names
from .items import ExportError, ParsedItem, ParsedPicture
from .options import ImportOptions


@dataclass
class PictureFile:
    picture: ParsedPicture
    name: str  # the delivered file's name, for messages
    file: File
    ours: bool = True  # opened here: closed here


def pair_pictures(
    item: ParsedItem, options: ImportOptions, siblings: Siblings
) -> tuple[list[PictureFile], list[str]]:
    """The pictures of ``item`` found beside it, and a warning for each one missing."""
    if options.image not in (None, ""):
        lead = ParsedPicture(filenames=(), credit=item.credit)
        if item.pictures:
            lead = item.pictures[0]
        return [_explicit(options.image, lead, item.name)], []
    if item.format == "text":
        found = siblings.open(same_stem_names(Path(item.name).name))
        if found is None:
            return [], []
        picture = ParsedPicture(filenames=(found[0],), credit=item.credit)
        return [PictureFile(picture, found[0], found[1])], []
    paired, warnings = [], []
    for picture in item.pictures:
        found = siblings.open(picture.filenames)
        if found is None:
            warnings.append(
                _(
                    "The picture %(names)s was not delivered with the item; "
                    "addresses in items are never fetched."
                )
                % {"names": " / ".join(picture.filenames) or "?"}
            )
            continue
        paired.append(PictureFile(picture, found[0], found[1]))
    return paired, warnings


def _explicit(image, picture: ParsedPicture, name: str) -> PictureFile:
    """An image given by the user (``--image``, or a File from a form)."""
    if isinstance(image, File):
        label = Path(image.name or "").name
        return PictureFile(picture, label, image, ours=False)
    path = Path(image)
    if path.is_symlink():
        raise ExportError(
            name, None, _("The image %(image)s is a symbolic link.") % {"image": str(path)}
        )
    if not path.is_file():
        raise ExportError(
            name, None, _("The image %(image)s does not exist.") % {"image": str(path)}
        )
    return PictureFile(picture, str(path), File(path.open("rb"), name=path.name))


def close_all(pictures: list[PictureFile]) -> None:
    for picture in pictures:
        if picture.ours:
            picture.file.close()


def check_credits(item: ParsedItem, pictures: list[PictureFile]) -> None:
    """Every picture needs a credit: its own, or the item's."""
    for picture in pictures:
        if not (picture.picture.credit or item.credit):
            if item.format == "text":
                raise ExportError(
                    item.name,
                    1,
                    _("A picture needs a credit: add “Photo : credit” to the date line."),
                )
            raise ExportError(
                item.name,
                None,
                _("The picture %(image)s has no credit.") % {"image": picture.name},
            )


def take_in_picture(
    item: ParsedItem,
    picture: PictureFile,
    options: ImportOptions,
    *,
    lead: bool,
    dry_run: bool,
) -> IntakeResult:
    """The photo step: one picture into the library, refusals as one line naming the file."""
    caption = (options.caption if lead else "") or picture.picture.caption
    alt_text = (options.alt_text if lead else "") or picture.picture.alt_text
    try:
        result = take_in(
            picture.file,
            credit=picture.picture.credit or item.credit,
            user=options.user,
            caption=caption,
            alt_text=alt_text,
            on_duplicate=options.on_duplicate_photo,
            # The rights notice the item gives the picture.
            photo=Photo(copyright_notice=picture.picture.copyright_notice),
            dry_run=dry_run,
        )
    except DuplicatePhoto as error:
        raise ExportError(item.name, None, " ".join(error.messages)) from None
    except PermissionDenied as error:
        raise ExportError(item.name, None, str(error)) from None
    except ValidationError as error:
        raise ExportError(
            item.name,
            None,
            _("the picture %(image)s was refused: %(reason)s")
            % {"image": picture.name, "reason": " ".join(error.messages)},
        ) from None
    return result
