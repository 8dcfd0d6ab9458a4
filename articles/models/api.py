"""Partner keys for the public content API: stored hashed, revocable at once."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Every key starts with this, so a key pasted into a ticket or a log is recognisable.
API_KEY_PREFIX = "nwr_"
# Random bytes per key (256 bits): guessing one is hopeless, so a plain hash is enough.
API_KEY_BYTES = 32
# How many characters of a key the admin keeps in clear to tell keys apart.
API_KEY_SHOWN_CHARS = 8


def hash_api_key(raw_key: str) -> str:
    """The SHA-256 of a key, the only form in which it is stored."""
    return hashlib.sha256(raw_key.encode("utf-8", "surrogatepass")).hexdigest()


class ApiKeyQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class ApiKey(models.Model):
    """A partner's key to the content API; the key itself is shown once, at creation."""

    name = models.CharField(
        _("partner"),
        max_length=150,
        help_text=_("Who uses this key, e.g. “Radio Nord, web team”."),
    )
    can_read_embargoed = models.BooleanField(
        _("may read embargoed articles"),
        default=False,
        help_text=_(
            "The API then also lists articles under embargo, marked with the time the "
            "embargo ends. Only for partners bound by the embargo."
        ),
    )
    prefix = models.CharField(_("key starts with"), max_length=20, editable=False)
    key_hash = models.CharField(_("key hash (SHA-256)"), max_length=64, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True, editable=False)

    objects = ApiKeyQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")
        constraints = [
            models.UniqueConstraint(fields=["key_hash"], name="apikey_unique_hash"),
        ]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    @classmethod
    def issue(cls, name: str, *, can_read_embargoed: bool = False, user=None) -> tuple[ApiKey, str]:
        """Create a key; returns it with the raw key, which is never stored and never shown again."""
        key = cls(name=name, can_read_embargoed=can_read_embargoed)
        raw_key = key.set_new_key()
        key.created_by = user if getattr(user, "pk", None) else None
        key.save()
        return key, raw_key

    def set_new_key(self) -> str:
        raw_key = API_KEY_PREFIX + secrets.token_urlsafe(API_KEY_BYTES)
        self.prefix = raw_key[: len(API_KEY_PREFIX) + API_KEY_SHOWN_CHARS]
        self.key_hash = hash_api_key(raw_key)
        return raw_key

    @classmethod
    def find_active(cls, raw_key: str) -> ApiKey | None:
        """The active key written ``raw_key``: one indexed query, so a revocation counts at once."""
        if not raw_key.startswith(API_KEY_PREFIX) or len(raw_key) > 200:
            return None
        return cls.objects.active().filter(key_hash=hash_api_key(raw_key)).first()

    def revoke(self) -> None:
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at"])
