"""Photos and their credits: agencies, structured credit lines, the photo library."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..text import clean_text

# --- Credits and photos -----------------------------------------------------


class Agency(models.Model):
    name = models.CharField(_("name"), max_length=100, help_text=_("E.g. Reuters."))
    credit_name = models.CharField(
        _("credit form"),
        max_length=50,
        blank=True,
        help_text=_("How the agency is written in credit lines, e.g. REUTERS or AFP."),
    )
    licence_terms = models.TextField(_("licence terms"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        constraints = [
            models.UniqueConstraint(Lower("name"), name="agency_unique_name_ci"),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        # Before the uniqueness check: the name as it will be saved (NFC), so
        # "Agence Émergence" typed with a combining accent is the existing one.
        self.name = " ".join(clean_text(self.name).split())

    @property
    def credit(self) -> str:
        return self.credit_name or self.name

    @classmethod
    def for_name(cls, name: str) -> Agency:
        """Return the agency written ``name`` in any case, creating it if needed."""
        name = " ".join(clean_text(name).split())
        agency = cls.objects.filter(Q(name__iexact=name) | Q(credit_name__iexact=name)).first()
        if agency is None:
            agency = cls.objects.create(name=name, credit_name=name if name.isupper() else "")
        return agency


def normalize_credit(text: str) -> str:
    # As saved (articles.models.cleaning): NFC, no invalid character.
    return " ".join(clean_text(text).split()).casefold()


class PhotoCredit(models.Model):
    """Who made a picture and who distributes it: "Sputnik/Kremlin via REUTERS"."""

    source = models.CharField(
        _("photographer or source"),
        max_length=200,
        blank=True,
        help_text=_("E.g. Jane Doe, or Sputnik/Kremlin."),
    )
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="credits",
    )
    via = models.BooleanField(
        _("distributed by the agency"),
        default=True,
        help_text=_(
            "Checked: “Source via AGENCY” (the agency distributes someone else’s picture). "
            "Unchecked: “Photographer/AGENCY” (the photographer works for the agency)."
        ),
    )
    normalized = models.CharField(max_length=300, unique=True, editable=False)

    class Meta:
        ordering = ["normalized"]
        verbose_name = _("photo credit")
        verbose_name_plural = _("photo credits")

    def __str__(self):
        return self.line

    def save(self, *args, **kwargs):
        self.source = " ".join(self.source.split())
        self.normalized = normalize_credit(self.line)
        super().save(*args, **kwargs)

    @property
    def line(self) -> str:
        source = " ".join(self.source.split())
        if not self.agency_id:
            return source
        agency = self.agency.credit
        if not source:
            return agency
        return f"{source} via {agency}" if self.via else f"{source}/{agency}"

    def line_for(self, language: str | None = None) -> str:
        """The printed credit in the house style of ``language``: "Photo : X" (fr), "Photo: X" (en)."""
        from django.utils import translation

        language = (language or translation.get_language() or "fr")[:2]
        with translation.override(language):
            label = str(_("Photo"))
        # French puts a non-breaking space before a colon.
        colon = "\u00a0:" if language == "fr" else ":"
        return f"{label}{colon} {self.line}"

    def clean(self):
        super().clean()
        if not self.source.strip() and not self.agency_id:
            raise ValidationError(_("A credit needs a photographer, a source or an agency."))
        self.normalized = normalize_credit(self.line)
        duplicate = PhotoCredit.objects.filter(normalized=self.normalized).exclude(pk=self.pk)
        if duplicate.exists():
            raise ValidationError(
                _("The credit “%(credit)s” already exists: choose it instead."),
                code="duplicate_credit",
                params={"credit": self.line},
            )

    @classmethod
    def matching(cls, text: str) -> PhotoCredit | None:
        """
        The existing credit written ``text``, whatever its case, spacing or
        Unicode form ("jane  DOE / ap" finds "Jane Doe/AP"); None, nothing created.
        """
        text = " ".join((text or "").split())
        if not text:
            return None
        tight = "/".join(part.strip() for part in text.split("/"))
        existing = cls.objects.filter(
            normalized__in={normalize_credit(text), normalize_credit(tight)}
        ).first()
        if existing is not None:
            return existing
        # "Jane Doe / Associated Press" is the line "Jane Doe/AP" when the agency is known.
        source, agency_name, via = split_credit(text)
        if not agency_name:
            return None
        agency = Agency.objects.filter(
            Q(name__iexact=agency_name) | Q(credit_name__iexact=agency_name)
        ).first()
        name = agency.credit if agency else agency_name
        line = f"{source} via {name}" if via else f"{source}/{name}"
        existing = cls.objects.filter(normalized=normalize_credit(line)).first()
        return existing

    @classmethod
    def from_text(cls, text: str) -> PhotoCredit:
        """
        Return the credit written ``text`` ("Sputnik/Kremlin via REUTERS",
        "Ludovic Marin / AFP"), reusing an existing one whatever its spacing or case.
        """
        text = " ".join(text.split())
        if not text:
            raise ValueError("empty credit")
        existing = cls.objects.filter(normalized=normalize_credit(text)).first()
        if existing:
            return existing
        source, agency_name, via = split_credit(text)
        with transaction.atomic():
            agency = Agency.for_name(agency_name) if agency_name else None
            credit = cls(source=source, agency=agency, via=via)
            existing = cls.objects.filter(normalized=normalize_credit(credit.line)).first()
            if existing:
                return existing
            credit.save()
        return credit


def split_credit(text: str) -> tuple[str, str, bool]:
    """
    Split a credit line into (source, agency, via).

    "Sputnik/Kremlin via REUTERS" -> ("Sputnik/Kremlin", "REUTERS", True);
    "Ludovic Marin / AFP" -> ("Ludovic Marin", "AFP", False) when the last part
    looks like an agency (all capitals or a known agency); anything else is a
    plain source.
    """
    text = " ".join(text.split())
    lowered = text.lower()
    if " via " in lowered:
        index = lowered.rindex(" via ")
        return text[:index].strip(), text[index + 5 :].strip(), True
    if "/" in text:
        source, _sep, last = text.rpartition("/")
        last = last.strip()
        known = Agency.objects.filter(Q(name__iexact=last) | Q(credit_name__iexact=last)).exists()
        if source.strip() and last and (known or (last.isupper() and len(last) <= 20)):
            return source.strip(), last, False
    return text, "", True


def photo_upload_to(instance: Photo, filename: str) -> str:
    # Never trust the uploaded name: it may hold "..", a NUL byte or a path.
    extension = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}.get(
        getattr(instance, "_image_format", ""), "jpg"
    )
    return f"photos/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{extension}"


class Photo(models.Model):
    image = models.ImageField(
        _("image"),
        upload_to=photo_upload_to,
        width_field="width",
        height_field="height",
        # Checked, re-encoded and hashed by articles.photos.intake.take_in,
        # the only way a picture enters the library.
        help_text=_("JPEG, PNG or WebP."),
    )
    width = models.PositiveIntegerField(_("width"), editable=False, default=0)
    height = models.PositiveIntegerField(_("height"), editable=False, default=0)
    alt_text = models.CharField(
        _("alternative text"),
        max_length=300,
        blank=True,
        help_text=_(
            "Describes the picture for readers who cannot see it. "
            "Required before an article using the photo can be published."
        ),
    )
    caption = models.CharField(_("caption"), max_length=500, blank=True)
    credit = models.ForeignKey(
        PhotoCredit,
        verbose_name=_("credit"),
        on_delete=models.PROTECT,
        related_name="photos",
    )
    copyright_notice = models.CharField(_("copyright notice"), max_length=300, blank=True)
    rights_end_date = models.DateField(
        _("usage rights end"),
        null=True,
        blank=True,
        help_text=_("After this date, articles using the photo cannot be published."),
    )
    focal_x = models.FloatField(
        _("focal point (horizontal)"),
        default=0.5,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
    )
    focal_y = models.FloatField(
        _("focal point (vertical)"),
        default=0.5,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
    )
    content_hash = models.CharField(
        _("content hash"), max_length=64, blank=True, db_index=True, editable=False
    )
    perceptual_hash = models.CharField(
        _("perceptual hash"), max_length=16, blank=True, db_index=True, editable=False
    )
    # Stored renditions, e.g. {"800.webp": "renditions/ab/…-800.webp"}: page
    # views read this, they never run Pillow.
    renditions = models.JSONField(_("renditions"), default=dict, blank=True, editable=False)
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        constraints = [
            models.CheckConstraint(
                condition=Q(focal_x__gte=0, focal_x__lte=1, focal_y__gte=0, focal_y__lte=1),
                name="photo_focal_point_in_image",
            ),
        ]

    def __str__(self):
        return self.caption or self.alt_text or _("Photo %(id)s") % {"id": self.pk}

    @property
    def credit_line(self) -> str:
        return self.credit.line

    def credit_line_for(self, language: str | None = None) -> str:
        return self.credit.line_for(language)

    @property
    def copyright_line(self) -> str:
        """The copyright notice, or "© AGENCY" (or "© source") when none was given."""
        if self.copyright_notice.strip():
            return self.copyright_notice.strip()
        credit = self.credit
        owner = credit.agency.credit if credit.agency_id else credit.source
        return f"© {owner}" if owner else ""
