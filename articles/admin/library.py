"""The photo library: photos, credits and agencies."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from articles.admin.common import thumbnail
from articles.admin.photos import PhotoAdminExtras, RightsListFilter, UsageOwnership
from articles.models import (
    Agency,
    Photo,
    PhotoCredit,
)

# --- Photos and credits -----------------------------------------------------


@admin.register(Photo)
class PhotoAdmin(PhotoAdminExtras, admin.ModelAdmin):
    list_display = ("preview", "__str__", "credit", "has_alt_text", "dimensions", "uploaded_at")
    list_display_links = ("preview", "__str__")
    list_filter = (
        ("credit__agency", admin.RelatedOnlyFieldListFilter),
        RightsListFilter,
        "uploaded_at",
    )
    list_select_related = ("credit", "credit__agency")
    search_fields = ("caption", "alt_text", "credit__source", "credit__agency__name")
    autocomplete_fields = ("credit",)
    date_hierarchy = "uploaded_at"
    fieldsets = (
        (None, {"fields": ("image", "alt_text", "caption", "credit", "new_credit")}),
        (
            _("Rights and framing"),
            {
                "fields": ("copyright_notice", "rights_end_date", "focal_x", "focal_y"),
                "classes": ("collapse",),
            },
        ),
    )

    @admin.display(description=_("preview"))
    def preview(self, obj):
        return thumbnail(obj, width=120)

    @admin.display(description=_("alternative text"), boolean=True)
    def has_alt_text(self, obj):
        return bool(obj.alt_text.strip())

    @admin.display(description=_("size"))
    def dimensions(self, obj):
        return f"{obj.width} × {obj.height}"

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(PhotoCredit)
class PhotoCreditAdmin(UsageOwnership, admin.ModelAdmin):
    list_display = ("__str__", "source", "agency", "via", "photo_count")
    list_filter = (("agency", admin.RelatedOnlyFieldListFilter), "via")
    list_select_related = ("agency",)
    search_fields = ("source", "agency__name", "agency__credit_name", "normalized")
    autocomplete_fields = ("agency",)
    fields = ("source", "agency", "via")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(photo_total=Count("photos"))

    @admin.display(description=_("photos"), ordering="photo_total")
    def photo_count(self, obj):
        return obj.photo_total


@admin.register(Agency)
class AgencyAdmin(UsageOwnership, admin.ModelAdmin):
    list_display = ("name", "credit_name")
    search_fields = ("name", "credit_name")
