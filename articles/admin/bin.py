"""The bin of deleted articles, and the audit trail."""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db import transaction
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from articles.models import (
    AuditEntry,
    DeletedArticle,
)
from articles.publishing.permissions import (
    can_publish,
)


@admin.register(DeletedArticle)
class DeletedArticleAdmin(admin.ModelAdmin):
    """The bin: editors restore articles from it, or delete them for good."""

    list_display = ("headline", "section", "status", "deleted_at")
    list_select_related = ("section", "section__parent")
    search_fields = ("headline",)
    date_hierarchy = "deleted_at"
    actions = ("restore", "purge")
    fields = ("headline", "section", "status", "published_at", "deleted_at")
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).filter(deleted_at__isnull=False)

    def has_module_permission(self, request):
        return can_publish(request.user)

    def has_view_permission(self, request, obj=None):
        return can_publish(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return can_publish(request.user) and request.user.has_perm("articles.delete_article")

    def has_restore_permission(self, request):
        return can_publish(request.user)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    @admin.action(permissions=["restore"], description=_("Restore"))
    def restore(self, request, queryset):
        with transaction.atomic():
            articles = list(queryset)
            for article in articles:
                article.restore_from_bin(user=request.user)
        self.message_user(
            request,
            ngettext("%(count)d article restored.", "%(count)d articles restored.", len(articles))
            % {"count": len(articles)},
            messages.SUCCESS,
        )

    @admin.action(permissions=["delete"], description=_("Delete for good…"))
    def purge(self, request, queryset):
        if request.POST.get("post") != "yes":
            context = {
                **self.admin_site.each_context(request),
                "title": _("Delete for good"),
                "opts": self.opts,
                "articles": queryset,
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            }
            return TemplateResponse(request, "admin/articles/deletedarticle/purge.html", context)
        self.delete_queryset(request, queryset)
        self.message_user(
            request, _("The selected articles were deleted for good."), messages.SUCCESS
        )
        return None

    def delete_model(self, request, obj):
        obj.purge(user=request.user)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for article in queryset:
                article.purge(user=request.user)


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """The audit trail, read-only for everyone."""

    list_display = ("at", "action", "article_link", "user")
    list_filter = ("action", ("user", admin.RelatedOnlyFieldListFilter), "at")
    list_select_related = ("user", "article")
    search_fields = ("headline",)
    date_hierarchy = "at"
    fields = ("at", "action", "headline", "article", "user", "details")
    readonly_fields = fields

    def lookup_allowed(self, lookup, value, request=None):
        # The article page links here filtered on that article.
        return lookup == "article__id__exact" or super().lookup_allowed(lookup, value, request)

    @admin.display(description=_("article"), ordering="headline")
    def article_link(self, obj):
        if obj.article_id is None or obj.article.deleted_at is not None:
            return obj.headline
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:articles_article_change", args=[obj.article_id]),
            obj.headline,
        )

    def has_module_permission(self, request):
        return can_publish(request.user)

    def has_view_permission(self, request, obj=None):
        return can_publish(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
