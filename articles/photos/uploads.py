"""
Uploaded originals are re-encoded before they are stored.

Decoding the picture and encoding the pixels again, in the same format, drops
whatever rode along with them: EXIF (with GPS positions and camera serial
numbers), XMP, IPTC, comments, trailing bytes of a polyglot file. The
orientation is applied to the pixels first, so nothing depends on EXIF later.
Only the colour profile is kept: without it colours shift.

Rights metadata (copyright, credit in IPTC/XMP) is read *before* stripping and
handed to ``Photo.use_original_metadata``: issue 8 fills the credit from it.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from PIL import Image, ImageOps

# Visually lossless for news photos, and smaller than most camera originals.
JPEG_QUALITY = 90
WEBP_QUALITY = 90


@dataclass
class OriginalMetadata:
    """What the original carried, read before it is stripped."""

    exif: dict = field(default_factory=dict)
    xmp: bytes | str | None = None
    iptc: dict | None = None


def read_metadata(image: Image.Image) -> OriginalMetadata:
    from PIL import IptcImagePlugin

    iptc = None
    if image.format == "JPEG":
        iptc = IptcImagePlugin.getiptcinfo(image)
    return OriginalMetadata(
        exif=dict(image.getexif()),
        xmp=image.info.get("xmp") or image.info.get("XML:com.adobe.xmp"),
        iptc=iptc,
    )


def reencode(file, image_format: str) -> tuple[ContentFile, OriginalMetadata]:
    """The picture in ``file`` encoded again without metadata, and that metadata."""
    file.seek(0)
    with warnings.catch_warnings():
        # The validator already enforced the pixel limit.
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        with Image.open(file) as original:
            metadata = read_metadata(original)
            icc_profile = original.info.get("icc_profile")
            image = ImageOps.exif_transpose(original)
    options: dict = {}
    if icc_profile:
        options["icc_profile"] = icc_profile
    if image_format == "JPEG":
        if image.mode not in ("RGB", "L", "CMYK"):
            image = image.convert("RGB")
        options.update(quality=JPEG_QUALITY, optimize=True)
    elif image_format == "WEBP":
        options.update(quality=WEBP_QUALITY)
    elif image_format == "PNG":
        options.update(optimize=True)
    # Pillow keeps decoded metadata in image.info; start from a clean slate so
    # that no encoder finds EXIF or XMP to write back.
    image.info = {}
    buffer = io.BytesIO()
    image.save(buffer, image_format, **options)
    file.seek(0)
    return ContentFile(buffer.getvalue()), metadata
