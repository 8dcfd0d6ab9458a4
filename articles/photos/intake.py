"""
Photo intake: the one way a picture enters the library.

``take_in`` is called by every entry point (the admin's upload form and the
article's "+" popup, the importer, the demo content, later the API). It
validates the file, reads its rights metadata (IPTC/XMP) before re-encoding
strips it with EXIF and GPS, hashes it, looks for the same picture in the
library, stores the clean original and its renditions, and checks that the
user may do all this. Either everything is written (row, original,
renditions) or nothing is: files written before a failure are deleted, and a
full disk is a form error, not a 500.

A picture already in the library is never silently re-credited: what happens
is the caller's explicit choice (``OnDuplicate``).
"""

from __future__ import annotations

import errno
import hashlib
import warnings
from dataclasses import dataclass, field
from enum import StrEnum

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from PIL import Image

from articles.models import Photo, PhotoCredit
from articles.photos.images import validate_image_file
from articles.photos.metadata import (
    RightsMetadata,
    find_duplicate,
    perceptual_hash_of_file,
    rights_metadata,
)
from articles.photos.permissions import can_change
from articles.photos.renditions import generate_renditions
from articles.photos.uploads import reencode


class OnDuplicate(StrEnum):
    """What to do when the picture is already in the library (same bytes or same picture)."""

    # Any copy is refused: the admin's first answer, which then offers the choices.
    ASK = "ask"
    # Same credit: the existing photo. Another credit: refused (``DuplicatePhoto``),
    # nothing written. The importer's default.
    REFUSE = "refuse"
    REUSE = "refuse"  # the same rule, under its first name
    # The existing photo, whatever its credit: the caller knowingly prints the
    # library's credit.
    KEEP = "keep"
    # Same credit: the existing photo. Another credit: a new photo row sharing
    # the stored file, printing the new credit.
    NEW_CREDIT = "new"
    # Store it again as an independent photo, whatever the credit.
    NEW_COPY = "copy"


class DuplicatePhoto(ValidationError):
    """The picture is already in the library (``existing``), maybe under another credit."""

    def __init__(self, existing: Photo, credit_line: str):
        self.existing = existing
        self.existing_credit = existing.credit.line
        self.new_credit = credit_line
        self.same_credit = credit_line == self.existing_credit
        params = {
            "photo": str(existing),
            "id": existing.pk,
            "existing": self.existing_credit,
            "new": credit_line,
        }
        if self.same_credit:
            message = _("This picture is already in the library: photo %(id)s “%(photo)s”.")
            code = "duplicate_photo"
        else:
            message = _(
                "This picture is already in the library as photo %(id)s “%(photo)s”, "
                "credited “%(existing)s”; this one is credited “%(new)s”."
            )
            code = "duplicate_credit"
        super().__init__(message, code=code, params=params)


@dataclass(frozen=True)
class IntakeResult:
    photo: Photo | None  # None only for a dry run that would create a photo
    created: bool  # False: an existing photo was handed back
    duplicate_of: Photo | None = None
    metadata: RightsMetadata = field(default_factory=RightsMetadata)
    # Every file written (original, renditions): a caller whose own
    # transaction rolls back afterwards deletes them.
    written: tuple[str, ...] = ()


@dataclass
class _Picture:
    """The uploaded file, read once: clean bytes, hashes, what it said about itself."""

    image_format: str
    content_hash: str
    perceptual_hash: str
    width: int
    height: int
    clean: object
    rights: RightsMetadata


STORAGE_FULL_MESSAGE = _(
    "The media disk is full: the photo was not saved, and nothing of it was kept. "
    "Tell the technical team, then try again."
)


def take_in(
    file,
    *,
    credit: PhotoCredit | str | None,
    user,
    caption: str = "",
    alt_text: str = "",
    on_duplicate: OnDuplicate | str = OnDuplicate.ASK,
    photo: Photo | None = None,
    fill_from_metadata: bool = True,
    dry_run: bool = False,
) -> IntakeResult:
    """
    Take the picture in ``file`` into the library and return the photo.

    ``credit`` is a credit or its printed line ("Ludovic Marin / AFP"); None
    keeps ``photo.credit`` or, failing that, uses the file's own IPTC/XMP
    credit. ``photo`` is an unsaved photo carrying the form's other fields, or
    an existing photo whose image is replaced. ``user`` is the acting user
    (None for the system: commands, demo data). Blank caption and copyright
    are filled from the file's metadata unless ``fill_from_metadata`` is off.
    ``dry_run`` checks everything, writes nothing, and returns the metadata.

    Raises ``ValidationError`` (a bad file, no credit, a full disk),
    ``DuplicatePhoto`` (see ``OnDuplicate``) or ``PermissionDenied``.
    """
    on_duplicate = OnDuplicate(on_duplicate)
    photo = photo if photo is not None else Photo()
    replacing = photo.pk is not None
    _check_permission(user, photo)
    validate_image_file(file)
    picture = _read(file)
    if caption:
        photo.caption = caption
    if alt_text:
        photo.alt_text = alt_text
    if fill_from_metadata:
        _fill_blanks(photo, picture.rights)

    # One transaction: a refusal or a failure leaves no credit, row or file behind.
    with transaction.atomic():
        credit = _resolve_credit(credit, photo, picture.rights, fill_from_metadata)
        existing = None
        if not replacing and on_duplicate != OnDuplicate.NEW_COPY:
            existing = find_duplicate(picture.content_hash, picture.perceptual_hash)
        handed_back = _existing_to_use(existing, credit, on_duplicate)
        if dry_run:
            # The credit may have been created to compare it: undo that.
            transaction.set_rollback(True)
        if handed_back is not None:
            return IntakeResult(
                handed_back, created=False, duplicate_of=existing, metadata=picture.rights
            )
        if dry_run:
            return IntakeResult(
                photo if replacing else None,
                created=not replacing,
                duplicate_of=existing,
                metadata=picture.rights,
            )
        photo.credit = credit
        if user is not None and not replacing:
            photo.uploaded_by = user
        if existing is not None:
            return _share_file(photo, existing, picture)
        return _store(photo, picture, file)


def _existing_to_use(
    existing: Photo | None, credit: PhotoCredit, on_duplicate: OnDuplicate
) -> Photo | None:
    """The library photo to hand back instead of a new one, or None; refusals raise."""
    if existing is None:
        return None
    same_credit = existing.credit_id == credit.pk
    if on_duplicate == OnDuplicate.ASK or (on_duplicate == OnDuplicate.REFUSE and not same_credit):
        raise DuplicatePhoto(existing, credit.line)
    if same_credit or on_duplicate == OnDuplicate.KEEP:
        return existing
    return None


def _check_permission(user, photo: Photo) -> None:
    if user is None:
        return
    if photo.pk is None:
        if not user.has_perm("articles.add_photo"):
            raise PermissionDenied(_("You may not add photos."))
    elif not can_change(user, photo):
        raise PermissionDenied(
            _("This photo is used by articles that are not only your own drafts: ask an editor.")
        )


def _read(file) -> _Picture:
    digest = hashlib.sha256()
    file.seek(0)
    for chunk in iter(lambda: file.read(1 << 16), b""):
        digest.update(chunk)
    file.seek(0)
    image_format = getattr(file, "image_format", None)
    clean, metadata = reencode(file, image_format)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        with Image.open(clean) as image:
            width, height = image.size
    return _Picture(
        image_format=image_format,
        # The original's hash: re-imports of the same file find it.
        content_hash=digest.hexdigest(),
        perceptual_hash=perceptual_hash_of_file(clean),
        width=width,
        height=height,
        clean=clean,
        rights=rights_metadata(metadata),
    )


def _fill_blanks(photo: Photo, rights: RightsMetadata) -> None:
    if not photo.caption.strip() and rights.caption:
        photo.caption = rights.caption[:500]
    if not photo.copyright_notice.strip() and rights.copyright:
        photo.copyright_notice = rights.copyright[:300]


def _resolve_credit(
    credit: PhotoCredit | str | None, photo: Photo, rights: RightsMetadata, use_metadata: bool
) -> PhotoCredit:
    if isinstance(credit, PhotoCredit):
        return credit
    text = " ".join((credit or "").split())
    if not text and photo.credit_id is not None:
        return photo.credit
    if not text and use_metadata:
        text = rights.credit_line[:300]
    if not text:
        raise ValidationError(
            _("Choose a credit or type a new one: every photo needs one."),
            code="credit_required",
        )
    return PhotoCredit.from_text(text)


def _share_file(photo: Photo, existing: Photo, picture: _Picture) -> IntakeResult:
    """A new row for the same picture under another credit: no file is written."""
    photo.image = existing.image.name
    photo.width, photo.height = existing.width, existing.height
    photo.content_hash = existing.content_hash or picture.content_hash
    photo.perceptual_hash = existing.perceptual_hash or picture.perceptual_hash
    photo.focal_x, photo.focal_y = existing.focal_x, existing.focal_y
    # Same file, same focal point: the existing renditions are this photo's too.
    photo.renditions = dict(existing.renditions or {})
    photo.save()
    return IntakeResult(photo, created=True, duplicate_of=existing, metadata=picture.rights)


def _store(photo: Photo, picture: _Picture, file) -> IntakeResult:
    field_ = Photo._meta.get_field("image")
    storage = field_.storage
    photo._image_format = picture.image_format
    name = field_.generate_filename(photo, getattr(file, "name", None) or "photo")
    old_renditions = dict(photo.renditions or {})
    written: list[str] = []
    try:
        with transaction.atomic():
            # Counted before saving: a half-written file must be deleted too.
            written.append(name)
            stored = storage.save(name, picture.clean, max_length=field_.max_length)
            written[-1] = stored
            photo.width, photo.height = picture.width, picture.height
            photo.image = stored
            photo.content_hash = picture.content_hash
            photo.perceptual_hash = picture.perceptual_hash
            photo.renditions = {}
            # The post_save signal would make renditions and swallow a failure;
            # here a failure must undo the whole intake.
            photo._renditions_by_intake = True
            photo.save()
            renditions = generate_renditions(photo, force=True, written=written)
    except BaseException as error:
        for path in written:
            _delete_quietly(storage, path)
        photo.renditions = old_renditions
        if isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EDQUOT):
            raise ValidationError(STORAGE_FULL_MESSAGE, code="storage_full") from error
        raise
    finally:
        photo._renditions_by_intake = False
    # The replaced image's renditions (another source key) are no longer used.
    for path in set(old_renditions.values()) - set(renditions.values()):
        # Not those of a photo whose file (and renditions) this one shared.
        if path.startswith(f"renditions/{photo.pk}/"):
            _delete_quietly(storage, path)
    return IntakeResult(photo, created=True, metadata=picture.rights, written=tuple(written))


def _delete_quietly(storage, path: str) -> None:
    try:
        if storage.exists(path):
            storage.delete(path)
    except OSError:
        pass
