"""
The editorial admin: articles with their publishing workflow, photos and
credits, and the structure (sections, authors, tags, agencies).

Roles are enforced here on the server: writers (no ``articles.publish_article``
permission) can never publish, schedule or unpublish, and can only change the
articles they created or sign, and never someone else's published article.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from taggit.models import Tag as TaggitTag

from . import admin_import
from .forms import ArticleAdminForm, PhotoAdminForm, ScheduleForm
from .models import Agency, Article, Author, Photo, PhotoCredit, Section, Tag

PUBLISH_PERMISSION = "articles.publish_article"

# We use our own Tag model (articles.Tag); taggit's default one would only
# confuse editors with a second, always empty, "Tags" list.
if admin.site.is_registered(TaggitTag):
    admin.site.unregister(TaggitTag)


def can_publish(user) -> bool:
    return user.has_perm(PUBLISH_PERMISSION)


def owns_article(user, article: Article) -> bool:
    """The user created the article, or signs it through their author profile."""
    if article.created_by_id is not None and article.created_by_id == user.pk:
        return True
    return article.pk is not None and article.authors.filter(user_id=user.pk).exists()


def can_edit_article(user, article: Article) -> bool:
    """Editors change everything; writers only their own articles."""
    if can_publish(user):
        return True
    return owns_article(user, article)


def thumbnail(photo: Photo | None, width: int = 80) -> str:
    """An <img> for admin lists, every value escaped."""
    if photo is None or not photo.image:
        return ""
    return format_html(
        '<img src="{}" alt="{}" width="{}" loading="lazy">',
        photo.image.url,
        photo.alt_text,
        width,
    )


class SectionListFilter(admin.RelatedFieldListFilter):
    """Section choices in one query (a sub-section's name includes its parent's)."""

    def field_choices(self, field, request, model_admin):
        sections = Section.objects.select_related("parent")
        return [(section.pk, str(section)) for section in sections]


# --- Articles ---------------------------------------------------------------


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleAdminForm
    list_display = ("headline", "section", "state", "published_at", "byline", "photo")
    list_filter = (
        "status",
        ("section", SectionListFilter),
        "tags",
        "authors",
        "published_at",
    )
    search_fields = ("headline", "standfirst", "body")
    date_hierarchy = "published_at"
    list_select_related = ("section", "section__parent", "lead_photo")
    autocomplete_fields = ("section", "authors", "lead_photo")
    prepopulated_fields = {"slug": ("headline",)}
    actions = ("publish_now", "schedule", "send_back_to_draft", "submit_for_review")
    fieldsets = (
        (None, {"fields": ("headline", "slug", "standfirst")}),
        (_("Text"), {"fields": ("body",)}),
        (_("Illustration"), {"fields": ("lead_photo",)}),
        (_("Filing"), {"fields": ("section", "authors", "tags", "language")}),
        (_("Publication"), {"fields": ("status", "published_at")}),
        (
            _("Correction"),
            {"fields": ("correction",), "classes": ("collapse",)},
        ),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("authors")

    def get_search_results(self, request, queryset, search_term):
        # The site's full-text engine (stems, accents, tags), drafts included.
        from .search import filter_articles

        if not search_term.strip():
            return queryset, False
        return filter_articles(queryset, search_term), False

    @admin.display(description=_("status"), ordering="status")
    def state(self, obj):
        if obj.is_scheduled():
            return _("Scheduled")
        return obj.get_status_display()

    @admin.display(description=_("authors"))
    def byline(self, obj):
        return ", ".join(author.name for author in obj.authors.all())

    @admin.display(description=_("photo"))
    def photo(self, obj):
        return thumbnail(obj.lead_photo)

    def view_on_site(self, obj):
        # Drafts and scheduled articles get a "Preview" link instead (change_form.html).
        return obj.get_absolute_url() if obj.is_published() else None

    # --- Permissions ------------------------------------------------------

    def has_publish_permission(self, request):
        return can_publish(request.user)

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or can_edit_article(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        if not super().has_delete_permission(request, obj):
            return False
        return obj is None or can_edit_article(request.user, obj)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not can_publish(request.user):
            readonly.append("published_at")
            if obj is not None and obj.status == Article.Status.PUBLISHED:
                # A writer's own published article: they may fix the text,
                # not take it offline.
                readonly.append("status")
        return readonly

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.can_publish = can_publish(request.user)
        return form

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        if obj.status == Article.Status.PUBLISHED and not can_publish(request.user):
            previous = Article.objects.filter(pk=obj.pk).values_list("status", flat=True).first()
            if previous != Article.Status.PUBLISHED:
                raise PermissionDenied
        super().save_model(request, obj, form, change)

    # --- Extra pages ------------------------------------------------------

    def get_urls(self):
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="articles_article_import",
            ),
            *super().get_urls(),
        ]

    def import_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        return admin_import.import_view(request, self)

    # --- Actions ----------------------------------------------------------

    @admin.action(permissions=["publish"], description=_("Publish now"))
    def publish_now(self, request, queryset):
        published = self._publish_all(request, queryset)
        if published:
            self.message_user(
                request,
                ngettext("%(count)d article published.", "%(count)d articles published.", published)
                % {"count": published},
                messages.SUCCESS,
            )

    @admin.action(permissions=["publish"], description=_("Schedule publication…"))
    def schedule(self, request, queryset):
        form = ScheduleForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            at = form.cleaned_data["publish_at"]
            scheduled = self._publish_all(request, queryset, at=at)
            if scheduled:
                self.message_user(
                    request,
                    ngettext(
                        "%(count)d article scheduled for %(date)s.",
                        "%(count)d articles scheduled for %(date)s.",
                        scheduled,
                    )
                    % {"count": scheduled, "date": _local_datetime(at)},
                    messages.SUCCESS,
                )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Schedule publication"),
            "opts": self.opts,
            "form": form,
            "articles": queryset,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "admin/articles/article/schedule.html", context)

    @admin.action(permissions=["publish"], description=_("Send back to draft"))
    def send_back_to_draft(self, request, queryset):
        with transaction.atomic():
            articles = list(queryset)
            for article in articles:
                article.unpublish(user=request.user)
        self.message_user(
            request,
            ngettext(
                "%(count)d article sent back to draft.",
                "%(count)d articles sent back to draft.",
                len(articles),
            )
            % {"count": len(articles)},
            messages.SUCCESS,
        )

    @admin.action(permissions=["change"], description=_("Submit for review"))
    def submit_for_review(self, request, queryset):
        articles = list(queryset.prefetch_related("authors"))
        refused = [a for a in articles if not can_edit_article(request.user, a)]
        if refused:
            for article in refused:
                self.message_user(
                    request,
                    _("“%(article)s”: you can only submit your own articles.")
                    % {"article": article},
                    messages.ERROR,
                )
            self.message_user(request, _("Nothing was submitted."), messages.ERROR)
            return
        drafts = [a for a in articles if a.status == Article.Status.DRAFT]
        with transaction.atomic():
            for article in drafts:
                article.submit_for_review()
        self.message_user(
            request,
            ngettext(
                "%(count)d article submitted for review.",
                "%(count)d articles submitted for review.",
                len(drafts),
            )
            % {"count": len(drafts)},
            messages.SUCCESS,
        )
        if len(drafts) < len(articles):
            self.message_user(
                request,
                _("Articles that were not drafts were left as they were."),
                messages.INFO,
            )

    def _publish_all(self, request, queryset, at=None) -> int:
        """
        Publish (or schedule, with ``at``) every article, or none: when one
        cannot be published, nothing changes and each reason is reported.
        """
        failures = []
        with transaction.atomic():
            articles = list(queryset.select_related("lead_photo"))
            for article in articles:
                try:
                    article.publish(user=request.user, at=at)
                except ValidationError as error:
                    failures.append((article, error.messages))
            if failures:
                transaction.set_rollback(True)
        if not failures:
            return len(articles)
        for article, reasons in failures:
            self.message_user(
                request,
                _("“%(article)s” cannot be published: %(reasons)s")
                % {"article": article, "reasons": " ".join(reasons)},
                messages.ERROR,
            )
        self.message_user(
            request,
            _("Nothing was changed: fix the articles above, or unselect them."),
            messages.ERROR,
        )
        return 0


def _local_datetime(value) -> str:
    return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")


# --- Photos and credits -----------------------------------------------------


@admin.register(Photo)
class PhotoAdmin(admin.ModelAdmin):
    form = PhotoAdminForm
    list_display = ("preview", "__str__", "credit", "has_alt_text", "dimensions", "uploaded_at")
    list_display_links = ("preview", "__str__")
    list_filter = (("credit__agency", admin.RelatedOnlyFieldListFilter), "uploaded_at")
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
class PhotoCreditAdmin(admin.ModelAdmin):
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
class AgencyAdmin(admin.ModelAdmin):
    list_display = ("name", "credit_name")
    search_fields = ("name", "credit_name")


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
class TagAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "article_count")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    fields = ("name", "slug")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_total=Count("tagged_articles"))

    @admin.display(description=_("articles"), ordering="article_total")
    def article_count(self, obj):
        return obj.article_total
