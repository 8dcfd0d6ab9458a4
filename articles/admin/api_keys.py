"""
Partner keys for the content API (/api/v1/).

An editor creates a key for a partner; the key is shown once, in the message
after saving, and only its SHA-256 is kept. Revoking a key stops it at the
next request: the API looks keys up in the database on every call.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from articles.models import ApiKey


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    list_display = ("name", "prefix", "can_read_embargoed", "status", "created_at", "created_by")
    list_filter = ("can_read_embargoed", ("revoked_at", admin.EmptyFieldListFilter))
    search_fields = ("name", "prefix")
    list_select_related = ("created_by",)
    date_hierarchy = "created_at"
    fields = ("name", "can_read_embargoed", "prefix", "status", "created_at", "created_by")
    readonly_fields = ("prefix", "status", "created_at", "created_by")
    actions = ("revoke_keys",)

    @admin.display(description=_("status"))
    def status(self, obj):
        if obj.pk is None:
            return "—"
        if obj.is_active:
            return _("Active")
        return format_html(
            "<strong>{}</strong>", _("Revoked on %(date)s") % {"date": obj.revoked_at}
        )

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        raw_key = obj.set_new_key()
        obj.created_by = request.user
        super().save_model(request, obj, form, change)
        # The only time the key exists in clear: the partner needs it, we keep its hash.
        self.message_user(
            request,
            format_html(
                "{} <code>{}</code>",
                _("Copy the key now and send it to the partner; it will not be shown again:"),
                raw_key,
            ),
            messages.WARNING,
        )

    @admin.action(permissions=["change"], description=_("Revoke the selected keys"))
    def revoke_keys(self, request, queryset):
        keys = list(queryset.filter(revoked_at__isnull=True))
        for key in keys:
            key.revoke()
        self.message_user(
            request,
            ngettext(
                "%(count)d key revoked: it stops working at once.",
                "%(count)d keys revoked: they stop working at once.",
                len(keys),
            )
            % {"count": len(keys)},
            messages.SUCCESS,
        )
