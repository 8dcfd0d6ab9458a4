"""The site's structure: sections, authors and topic tags."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from articles.admin.photos import UsageOwnership
from articles.models import (
    Author,
    Section,
    Tag,
)

# --- Structure --------------------------------------------------------------


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ("__str__", "slug", "position", "parent")
    list_editable = ("position",)
    list_select_related = ("parent",)
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    fields = ("name", "slug", "parent", "position", "description")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("parent")

    def get_changelist_form(self, request, **kwargs):
        """The list's position boxes, each named after its section (they have no label)."""
        base = super().get_changelist_form(request, **kwargs)

        class PositionForm(base):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                self.fields["position"].widget.attrs["aria-label"] = _(
                    "Position of “%(section)s”"
                ) % {"section": self.instance}

        return PositionForm

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "parent":
            # One level of sub-sections: only top-level sections can be parents.
            kwargs["queryset"] = Section.objects.filter(parent=None)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "user")
    list_select_related = ("user",)
    search_fields = ("name", "slug", "bio")
    prepopulated_fields = {"slug": ("name",)}
    fields = ("name", "slug", "bio", "user")


@admin.register(Tag)
class TagAdmin(UsageOwnership, admin.ModelAdmin):
    list_display = ("name", "slug", "article_count")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    fields = ("name", "slug")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_total=Count("tagged_articles"))

    @admin.display(description=_("articles"), ordering="article_total")
    def article_count(self, obj):
        return obj.article_total
