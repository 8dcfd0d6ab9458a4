"""
Photo renditions: a few widths in WebP and JPEG, made once per photo with Pillow.

Renditions are generated when a photo's image is saved (see ``articles.signals``)
or by ``manage.py generate_renditions`` for older photos. Page views only read
``Photo.renditions``: they never open an image.
"""

from __future__ import annotations

import io
import logging
import re
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

logger = logging.getLogger(__name__)

# Widths in pixels; never larger than the original picture.
RENDITION_WIDTHS = (480, 800, 1200, 1600)
# Encoder qualities (0-100): visually clean at a fraction of the original's weight.
WEBP_QUALITY = 80
JPEG_QUALITY = 82
FORMATS = {"webp": ("WEBP", "image/webp"), "jpg": ("JPEG", "image/jpeg")}
# Other aspect ratios, cropped around the photo's focal point: 16:9 for link
# previews (og:image), 1:1 and 4:5 for social networks and search results.
# Name: (ratio, largest size in pixels); a smaller original gives a smaller crop.
CROPS = {"16:9": (1200, 675), "1:1": (1080, 1080), "4:5": (1080, 1350)}


def crop_key(ratio: str) -> str:
    width, height = CROPS[ratio]
    return f"{width}x{height}.jpg"


def focal_tag(photo) -> str:
    """The focal point in rendition names: moving it makes the crops out of date."""
    return f"f{round(photo.focal_x * 1000):04d}{round(photo.focal_y * 1000):04d}"


def crop_box(
    width: int, height: int, ratio_width: int, ratio_height: int, focal_x: float, focal_y: float
) -> tuple[int, int, int, int]:
    """
    The largest ``ratio_width``:``ratio_height`` box inside a ``width`` x ``height``
    picture, centred on the focal point as far as the edges allow.
    """
    if width * ratio_height > height * ratio_width:
        box_height = height
        box_width = max(1, min(width, round(height * ratio_width / ratio_height)))
    else:
        box_width = width
        box_height = max(1, min(height, round(width * ratio_height / ratio_width)))
    left = round(focal_x * width - box_width / 2)
    top = round(focal_y * height - box_height / 2)
    left = min(max(left, 0), width - box_width)
    top = min(max(top, 0), height - box_height)
    return left, top, left + box_width, top + box_height


def target_widths(original_width: int) -> list[int]:
    """The rendition widths for a picture ``original_width`` pixels wide."""
    widths = [width for width in RENDITION_WIDTHS if width <= original_width]
    return widths or [original_width]


def source_key(photo) -> str:
    """Identifies the current image, so a new upload gets new rendition files."""
    return (photo.content_hash or photo.image.name.replace("/", "_"))[:12]


def renditions_are_current(photo) -> bool:
    key = source_key(photo)
    renditions = photo.renditions or {}
    crops = f"/{key}-{focal_tag(photo)}-"
    return (
        bool(renditions)
        and all(f"/{key}-" in path for path in renditions.values())
        and all(crops in renditions.get(crop_key(ratio), "") for ratio in CROPS)
    )


def generate_renditions(
    photo, *, force: bool = False, written: list[str] | None = None
) -> dict[str, str]:
    """
    Write the renditions of ``photo`` to default storage and record their paths
    in ``photo.renditions`` (saved with an UPDATE, so no signal runs again).

    If writing fails half-way (a full disk), the files this call wrote are
    deleted before the error goes on; ``written`` collects the paths of a
    successful call, for a caller whose transaction may still roll back.
    """
    mine: list[str] = []
    try:
        renditions = _write_renditions(photo, force, mine)
    except BaseException:
        for path in mine:
            _delete_quietly(path)
        raise
    if written is not None:
        written.extend(mine)
    return renditions


def _delete_quietly(path: str) -> None:
    try:
        if default_storage.exists(path):
            default_storage.delete(path)
    except OSError:
        pass


def _save(path: str, data: bytes, mine: list[str], force: bool) -> str:
    if default_storage.exists(path):
        if not force:
            # Same source key, size and focal point: the same picture. Keeping it
            # means a failure half-way never costs a rendition pages still use.
            return path
        default_storage.delete(path)
    # Counted before writing: a file cut short by a full disk is deleted too.
    mine.append(path)
    saved = default_storage.save(path, ContentFile(data))
    mine[-1] = saved
    return saved


def _write_renditions(photo, force: bool, mine: list[str]) -> dict[str, str]:
    from PIL import Image, ImageOps

    if not photo.image:
        return {}
    if not force and renditions_are_current(photo):
        return photo.renditions
    renditions: dict[str, str] = {}
    photo.image.open("rb")
    try:
        with Image.open(photo.image) as original:
            # Apply the EXIF orientation to the pixels: the EXIF block itself is
            # dropped below, so the rotation would otherwise be lost.
            image = ImageOps.exif_transpose(original)
            if image.mode not in ("RGB", "L"):
                image = image.convert("RGB")
            renditions.update(_write_widths(photo, image, mine, force))
            renditions.update(_write_crops(photo, image, mine, force))
    finally:
        photo.image.close()
    old_paths = set((photo.renditions or {}).values()) - set(renditions.values())
    for path in old_paths:
        # A photo sharing another's file starts with the other's renditions:
        # those are not this photo's to delete.
        if path.startswith(f"renditions/{photo.pk}/"):
            default_storage.delete(path)
    type(photo).objects.filter(pk=photo.pk).update(renditions=renditions)
    photo.renditions = renditions
    return renditions


def _write_widths(photo, image, mine: list[str], force: bool) -> dict[str, str]:
    from PIL import Image

    key = source_key(photo)
    renditions = {}
    for width in target_widths(image.width):
        height = max(1, round(image.height * width / image.width))
        resized = (
            image
            if width == image.width
            else image.resize((width, height), Image.Resampling.LANCZOS)
        )
        for extension, (pil_format, _mime) in FORMATS.items():
            buffer = io.BytesIO()
            # No exif= argument: EXIF, GPS and maker notes are not copied.
            quality = WEBP_QUALITY if pil_format == "WEBP" else JPEG_QUALITY
            options = {"optimize": True, "progressive": True} if pil_format == "JPEG" else {}
            resized.save(buffer, pil_format, quality=quality, **options)
            # The size is in the name: an EXIF rotation may swap the
            # original's width and height, and pages must not guess.
            path = f"renditions/{photo.pk}/{key}-{width}x{height}.{extension}"
            renditions[f"{width}.{extension}"] = _save(path, buffer.getvalue(), mine, force)
    return renditions


def _write_crops(photo, image, mine: list[str], force: bool) -> dict[str, str]:
    from PIL import Image

    key = source_key(photo)
    renditions = {}
    for ratio, (max_width, _max_height) in CROPS.items():
        ratio_width, ratio_height = (int(n) for n in ratio.split(":"))
        box = crop_box(
            image.width, image.height, ratio_width, ratio_height, photo.focal_x, photo.focal_y
        )
        cropped = image.crop(box)
        if cropped.width > max_width:
            size = (max_width, max(1, round(cropped.height * max_width / cropped.width)))
            cropped = cropped.resize(size, Image.Resampling.LANCZOS)
        buffer = io.BytesIO()
        cropped.save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
        path = (
            f"renditions/{photo.pk}/{key}-{focal_tag(photo)}-"
            f"{ratio.replace(':', 'by')}-{cropped.width}x{cropped.height}.jpg"
        )
        renditions[crop_key(ratio)] = _save(path, buffer.getvalue(), mine, force)
    return renditions


@dataclass(frozen=True)
class Rendition:
    url: str
    width: int
    height: int


_SIZE_IN_NAME = re.compile(r"-(\d+)x(\d+)\.\w+$")


def _height_for(photo, width: int, path: str) -> int:
    match = _SIZE_IN_NAME.search(path)
    if match:
        return int(match.group(2))
    if not photo.width:
        return 0
    return max(1, round(photo.height * width / photo.width))


def renditions_of(photo, extension: str) -> list[Rendition]:
    """The stored renditions of one format, narrowest first (no Pillow, no I/O)."""
    found = []
    for name, path in (photo.renditions or {}).items():
        width, _dot, ext = name.partition(".")
        if ext == extension and width.isdigit():
            found.append(
                Rendition(
                    default_storage.url(path), int(width), _height_for(photo, int(width), path)
                )
            )
    return sorted(found, key=lambda rendition: rendition.width)


def srcset(renditions: list[Rendition]) -> str:
    return ", ".join(f"{rendition.url} {rendition.width}w" for rendition in renditions)


def cropped(photo, ratio: str) -> Rendition | None:
    """The rendition of ``photo`` cropped to ``ratio`` ("16:9", "1:1", "4:5") around its focal point."""
    path = (photo.renditions or {}).get(crop_key(ratio))
    if not path:
        return None
    match = _SIZE_IN_NAME.search(path)
    width, height = (int(match.group(1)), int(match.group(2))) if match else (0, 0)
    return Rendition(default_storage.url(path), width, height)


def best_jpeg(photo, max_width: int = 1200) -> Rendition:
    """The widest JPEG not over ``max_width``, for feeds and social cards; else the original."""
    jpegs = [r for r in renditions_of(photo, "jpg") if r.width <= max_width]
    if jpegs:
        return jpegs[-1]
    return Rendition(photo.image.url, photo.width, photo.height)


def picture_context(photo, *, sizes: str, lead: bool = False) -> dict:
    """What the <picture> fragment needs: srcsets, fallback, dimensions."""
    webp = renditions_of(photo, "webp")
    jpeg = renditions_of(photo, "jpg")
    if jpeg:
        fallback = next((r for r in jpeg if r.width >= 800), jpeg[-1])
    else:
        fallback = Rendition(photo.image.url, photo.width, photo.height)
    return {
        "photo": photo,
        "webp_srcset": srcset(webp),
        "jpeg_srcset": srcset(jpeg),
        "src": fallback.url,
        "width": fallback.width or photo.width,
        "height": fallback.height or photo.height,
        "sizes": sizes,
        "lead": lead,
    }


def enclosure_length(photo) -> int:
    """Byte size of the feed enclosure: cheap on local disk, else 0 (allowed by readers)."""
    from django.core.files.storage import FileSystemStorage

    rendition = best_jpeg(photo, 800)
    jpegs = {r.url: path for path, r in _paths_by_rendition(photo)}
    path = jpegs.get(rendition.url)
    if path and isinstance(default_storage, FileSystemStorage):
        try:
            return default_storage.size(path)
        except OSError:
            return 0
    return 0


def _paths_by_rendition(photo):
    for name, path in (photo.renditions or {}).items():
        width, _dot, ext = name.partition(".")
        if ext == "jpg" and width.isdigit():
            yield path, Rendition(default_storage.url(path), int(width), 0)
