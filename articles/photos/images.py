"""Validation of uploaded images: the content decides, never the file name."""

from __future__ import annotations

import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

ALLOWED_FORMATS = frozenset({"JPEG", "PNG", "WEBP"})


def validate_image_file(file) -> None:
    """
    Refuse anything that is not a complete JPEG, PNG or WebP within the
    configured size and pixel limits. Sets ``file.image_format``.
    """
    if getattr(file, "_committed", False) is True:
        # Already stored, so checked when uploaded: saving a photo's other
        # fields must not open it again (the admin may have closed it).
        return
    size = getattr(file, "size", None)
    if size is not None and size > settings.NEWSROOM_MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("The file is too large (%(size)s); the limit is %(limit)s."),
            code="file_too_large",
            params={
                "size": filesizeformat(size),
                "limit": filesizeformat(settings.NEWSROOM_MAX_UPLOAD_BYTES),
            },
        )
    if size == 0:
        raise ValidationError(_("The file is empty."), code="empty_file")
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(file) as image:
                image_format = image.format
                width, height = image.size
                if image_format not in ALLOWED_FORMATS:
                    raise ValidationError(
                        _("Only JPEG, PNG and WebP images are accepted."), code="invalid_format"
                    )
                if width * height > settings.NEWSROOM_MAX_IMAGE_PIXELS:
                    raise _too_many_pixels(width * height)
                # verify() checks the structure; load() proves the data is complete.
                image.verify()
            file.seek(0)
            with Image.open(file) as image:
                image.load()
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_many_pixels(None) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError(
            _("The file is not a valid JPEG, PNG or WebP image, or it is damaged."),
            code="invalid_image",
        ) from None
    finally:
        file.seek(position)
    file.image_format = image_format


def _too_many_pixels(pixels: int | None) -> ValidationError:
    return ValidationError(
        _("The image is too large (%(pixels)s megapixels); the limit is %(limit)s megapixels."),
        code="too_many_pixels",
        params={
            "pixels": f"{pixels / 1e6:.0f}" if pixels else "?",
            "limit": f"{settings.NEWSROOM_MAX_IMAGE_PIXELS / 1e6:.0f}",
        },
    )
