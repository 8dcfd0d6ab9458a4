"""
What a photo tells about itself: IPTC/XMP rights fields and a perceptual hash.

Agencies and photographers write the credit, caption and copyright into the
file (IPTC "IIM" fields, or their XMP equivalents). ``suggestions`` turns them
into the values of our photo form, for the editor to check before saving.

``perceptual_hash`` is a 64-bit difference hash (dHash): the picture shrunk to
9 × 8 grey pixels, one bit per pair of neighbours (is the left one brighter?).
A resized or recompressed copy keeps nearly the same bits; another picture
does not. Two hashes at most ``SAME_IMAGE_DISTANCE`` bits apart are the same
image.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps

# IPTC IIM dataset numbers (record 2, "application").
IPTC_BYLINE = (2, 80)
IPTC_CREDIT = (2, 110)
IPTC_SOURCE = (2, 115)
IPTC_COPYRIGHT = (2, 116)
IPTC_CAPTION = (2, 120)

XMP_NAMESPACES = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "photoshop": "http://ns.adobe.com/photoshop/1.0/",
}

SAME_IMAGE_DISTANCE = 6
# A hash with almost every bit equal comes from a featureless picture (a flat
# colour, a plain gradient): all such pictures look alike to dHash, so they are
# only ever matched by their exact bytes.
MIN_DISTINCT_BITS = 4


@dataclass
class RightsMetadata:
    byline: str = ""
    credit: str = ""
    source: str = ""
    copyright: str = ""
    caption: str = ""

    @property
    def credit_line(self) -> str:
        """ "Jane Doe/AP" from By-line and Credit; whichever exists alone otherwise."""
        byline, credit = self.byline, self.credit or self.source
        if byline and credit and byline.casefold() != credit.casefold():
            return f"{byline}/{credit}"
        return byline or credit


def _text(value) -> str:
    if isinstance(value, list):
        value = value[0] if value else b""
    if isinstance(value, bytes):
        try:
            value = value.decode("utf-8")
        except UnicodeDecodeError:
            value = value.decode("latin-1")
    return " ".join(str(value or "").replace("\x00", "").split())


def _xmp_values(root, namespace: str, name: str) -> list[str]:
    """The values of one XMP property, written as an attribute or as an element."""
    tag = f"{{{XMP_NAMESPACES[namespace]}}}{name}"
    li = f"{{{XMP_NAMESPACES['rdf']}}}li"
    values = []
    for description in root.iter(f"{{{XMP_NAMESPACES['rdf']}}}Description"):
        if tag in description.attrib:
            values.append(description.attrib[tag])
    for element in root.iter(tag):
        items = [item.text or "" for item in element.iter(li)]
        values.extend(items or [element.text or ""])
    return [_text(value) for value in values if _text(value)]


def read_xmp(xmp) -> RightsMetadata:
    from defusedxml import ElementTree

    if not xmp:
        return RightsMetadata()
    if isinstance(xmp, str):
        xmp = xmp.encode("utf-8")
    # The packet may be wrapped in <?xpacket?> processing instructions and padding.
    start = xmp.find(b"<x:xmpmeta")
    end = xmp.rfind(b"</x:xmpmeta>")
    if start >= 0 and end > start:
        xmp = xmp[start : end + len(b"</x:xmpmeta>")]
    try:
        root = ElementTree.fromstring(xmp)
    except Exception:  # noqa: BLE001 (malformed or hostile XML: no metadata)
        return RightsMetadata()

    def first(namespace, name):
        values = _xmp_values(root, namespace, name)
        return values[0] if values else ""

    return RightsMetadata(
        byline=", ".join(_xmp_values(root, "dc", "creator")),
        credit=first("photoshop", "Credit"),
        source=first("photoshop", "Source"),
        copyright=first("dc", "rights"),
        caption=first("dc", "description"),
    )


def read_iptc(iptc: dict | None) -> RightsMetadata:
    if not iptc:
        return RightsMetadata()
    bylines = iptc.get(IPTC_BYLINE) or b""
    if isinstance(bylines, list):
        byline = ", ".join(filter(None, (_text(value) for value in bylines)))
    else:
        byline = _text(bylines)
    return RightsMetadata(
        byline=byline,
        credit=_text(iptc.get(IPTC_CREDIT)),
        source=_text(iptc.get(IPTC_SOURCE)),
        copyright=_text(iptc.get(IPTC_COPYRIGHT)),
        caption=_text(iptc.get(IPTC_CAPTION)),
    )


def rights_metadata(original) -> RightsMetadata:
    """IPTC first (what agencies fill), XMP for whatever IPTC leaves empty."""
    iptc, xmp = read_iptc(original.iptc), read_xmp(original.xmp)
    return RightsMetadata(
        **{
            name: getattr(iptc, name) or getattr(xmp, name)
            for name in ("byline", "credit", "source", "copyright", "caption")
        }
    )


def read_file_metadata(file) -> RightsMetadata:
    """The rights metadata of an uploaded image file (the file is left at 0)."""
    from articles.photos.uploads import read_metadata

    file.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(file) as image:
                return rights_metadata(read_metadata(image))
    except Exception:  # noqa: BLE001 (unreadable metadata is no reason to refuse a picture)
        return RightsMetadata()
    finally:
        file.seek(0)


# --- Perceptual hash --------------------------------------------------------


def perceptual_hash(image: Image.Image) -> str:
    """dHash of a Pillow image: 16 hexadecimal digits."""
    image = ImageOps.exif_transpose(image)
    grey = image.convert("L").resize((9, 8), Image.Resampling.LANCZOS)
    pixels = list(grey.get_flattened_data())
    bits = 0
    for row in range(8):
        for column in range(8):
            left, right = pixels[row * 9 + column], pixels[row * 9 + column + 1]
            bits = (bits << 1) | (left > right)
    return f"{bits:016x}"


def perceptual_hash_of_file(file) -> str:
    file.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(file) as image:
                return perceptual_hash(image)
    finally:
        file.seek(0)


def distance(first: str, second: str) -> int:
    return (int(first, 16) ^ int(second, 16)).bit_count()


def is_distinctive(value: str) -> bool:
    if len(value) != 16:
        return False
    bits = int(value, 16).bit_count()
    return MIN_DISTINCT_BITS <= bits <= 64 - MIN_DISTINCT_BITS


def same_image(first: str, second: str) -> bool:
    return (
        is_distinctive(first)
        and is_distinctive(second)
        and distance(first, second) <= SAME_IMAGE_DISTANCE
    )


def find_duplicate(content_hash: str, phash: str, exclude_pk=None):
    """An existing photo with the same bytes, or else the same picture; or None."""
    from articles.models import Photo

    photos = Photo.objects.exclude(pk=exclude_pk) if exclude_pk else Photo.objects.all()
    if content_hash:
        same_bytes = photos.filter(content_hash=content_hash).order_by("pk").first()
        if same_bytes:
            return same_bytes
    if not is_distinctive(phash or ""):
        return None
    # 16 characters per photo: a scan stays cheap for tens of thousands of photos.
    candidates = photos.exclude(perceptual_hash="").values_list("pk", "perceptual_hash")
    best = None
    for pk, other in candidates.iterator(chunk_size=2000):
        if same_image(phash, other):
            gap = distance(phash, other)
            if best is None or gap < best[0]:
                best = (gap, pk)
    return photos.filter(pk=best[1]).first() if best else None


def backfill_perceptual_hashes() -> int:
    """Hash the photos stored before perceptual hashes existed; returns how many."""
    from articles.models import Photo

    done = 0
    for photo in (
        Photo.objects.filter(perceptual_hash="").exclude(image="").iterator(chunk_size=200)
    ):
        try:
            with photo.image.open("rb") as file:
                value = perceptual_hash_of_file(file)
        except (OSError, ValueError, Image.UnidentifiedImageError):
            continue
        Photo.objects.filter(pk=photo.pk).update(perceptual_hash=value)
        done += 1
    return done
