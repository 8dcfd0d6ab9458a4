"""
The article admin: the form, the list, and the rules around saving.

Roles are enforced here on the server: writers (no ``articles.publish_article``
permission) can never publish, schedule or unpublish, and can only change the
articles they created or sign, and never someone else's published article.
History pages, extra pages and bulk actions are mixins of their own modules.
"""

from __future__ import annotations

import contextlib

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from reversion.admin import VersionAdmin
from taggit.models import Tag as TaggitTag

from articles import publishing
from articles.admin import editorial as admin_editorial
from articles.admin import new_drafts as admin_new_drafts
from articles.admin import slugs as admin_slugs
from articles.admin.article_actions import ArticleListActions
from articles.admin.article_history import ArticleHistoryViews
from articles.admin.article_pages import ArticleExtraPages
from articles.admin.common import SectionListFilter, can_bin_article, thumbnail
from articles.admin.forms import ArticleAdminForm
from articles.admin.live_checks import LiveChecks
from articles.admin.notes import ArticleNoteInline
from articles.admin.outcomes import SaveOutcomeMessages
from articles.admin.review import LiveEditReview, PendingChangesFilter
from articles.models import (
    Article,
    ArticleAutosave,
    ArticleNote,
    Author,
    EditConflict,
)
from articles.publishing.permissions import (
    can_edit_article,
    can_publish,
)

# We use our own Tag model (articles.Tag); taggit's default one would only
# confuse editors with a second, always empty, "Tags" list.
if admin.site.is_registered(TaggitTag):
    admin.site.unregister(TaggitTag)


# How many times a save that lost the race to another save is merged again.
EDIT_CONFLICT_RETRIES = 3


@admin.register(Article)
class ArticleAdmin(
    SaveOutcomeMessages,
    LiveChecks,
    ArticleHistoryViews,
    ArticleExtraPages,
    ArticleListActions,
    LiveEditReview,
    VersionAdmin,
):
    form = ArticleAdminForm
    # Our own templates (import link, preview, audit), not reversion's.
    change_list_template = None
    object_history_template = "admin/articles/article/object_history.html"
    list_display = (
        "headline", "section", "state", "pending_changes", "published_at", "byline", "photo",
    )  # fmt: skip
    list_filter = (
        "status",
        PendingChangesFilter,
        ("section", SectionListFilter),
        "tags",
        "authors",
        "published_at",
    )
    search_fields = ("headline", "standfirst", "body")
    date_hierarchy = "published_at"
    list_select_related = ("section", "section__parent", "lead_photo")
    autocomplete_fields = ("section", "authors", "lead_photo")
    # No prepopulated_fields: Django's URLify makes other slugs than the
    # server; the slug input asks the server instead (admin_slugs).
    actions = ("publish_now", "schedule", "send_back_to_draft", "submit_for_review", "move_to_bin")
    fieldsets = (
        (None, {"fields": ("headline", "slug", "standfirst", "loaded_version")}),
        (_("Text"), {"fields": ("body",)}),
        # "sidebar" fieldsets sit beside the text on wide screens (change_form.html).
        (_("Illustration"), {"fields": ("lead_photo",), "classes": ("sidebar",)}),
        (
            _("Filing"),
            {"fields": ("section", "authors", "tags", "language"), "classes": ("sidebar",)},
        ),
        (
            _("Publication"),
            {
                "classes": ("sidebar",),
                "fields": (
                    "status",
                    "published_at",
                    "is_embargoed",
                    "planned_for",
                    "publish_override",
                    "override_reason",
                ),  # fmt: skip
            },
        ),
    )
    inlines = (ArticleNoteInline,)

    def create_revision(self, request):
        # Pages that only read need no revision (nor its savepoint queries).
        if request.method in ("GET", "HEAD"):
            return contextlib.nullcontext()
        return super().create_revision(request)

    def get_queryset(self, request):
        # Binned articles live in the bin (DeletedArticleAdmin), not here.
        return super().get_queryset(request).not_deleted().prefetch_related("authors")

    def get_search_results(self, request, queryset, search_term):
        # The site's full-text engine (stems, accents, tags), drafts included.
        from articles.search import filter_articles

        if not search_term.strip():
            return queryset, False
        return filter_articles(queryset, search_term), False

    @admin.display(description=_("status"), ordering="status")
    def state(self, obj):
        if obj.is_scheduled():
            return _("Embargoed") if obj.is_embargoed else _("Scheduled")
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
        # "Delete" moves to the bin: editors for any article, writers for
        # their own unpublished ones. Purging is the bin's business.
        if obj is None:
            return request.user.has_perm("articles.delete_article") or (
                request.user.has_perm("articles.change_article")
            )
        return can_bin_article(request.user, obj)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not can_publish(request.user):
            readonly.append("published_at")
            if obj is not None and obj.status == Article.Status.PUBLISHED:
                # A writer's own published article: they may fix the text,
                # not take it offline.
                readonly.append("status")
        return readonly

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if can_publish(request.user):
            return fieldsets
        # Only editors may publish despite the pre-publish checks.
        editor_only = {"publish_override", "override_reason"}
        return [
            (name, {**options, "fields": [f for f in options["fields"] if f not in editor_only]})
            for name, options in fieldsets
        ]

    def get_changeform_initial_data(self, request):
        """A new article is signed by its writer's own author profile, when they have one."""
        initial = super().get_changeform_initial_data(request)
        if "authors" not in initial:
            own = Author.objects.filter(user=request.user).values_list("pk", flat=True)
            if own:
                initial["authors"] = list(own)
        return initial

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.can_publish = can_publish(request.user)
        form.acting_user = request.user
        form = self.form_showing_pending_changes(request, obj, form)
        admin_slugs.use_server_slug(form, obj)
        if obj is not None and request.method == "GET" and request.GET.get("restore_autosave"):
            autosave = admin_editorial.pending_autosave(request, obj)
            if autosave is not None:
                initial = admin_editorial.initial_from_autosave(form, autosave, obj)
                form = admin_editorial.restoring_form(form, initial)
                request.autosave_restored = autosave
        if obj is None and request.method == "GET" and request.GET.get("restore_draft"):
            form = admin_new_drafts.restoring_form(request, form)
        return form

    def save_model(self, request, obj, form, change):
        if self.stage_if_needed(request, obj, form, change):
            return  # a live edit waiting for review: readers keep the published text
        if not change:
            obj.created_by = request.user
        status_change = getattr(form, "status_change", None)
        if status_change:
            # The text is saved as the article stood; the publishing act then
            # moves it (permission, checks, override, audit: articles.publishing).
            stored = Article.objects.filter(pk=obj.pk).values_list(
                "status", "published_at", "is_embargoed"
            )
            obj.status, obj.published_at, obj.is_embargoed = (change and stored.first()) or (
                Article.Status.DRAFT,
                None,
                False,
            )
        loaded = form.cleaned_data.get("loaded_version")
        if change and loaded:
            # The UPDATE succeeds only if nobody saved since the form was loaded.
            obj.version = loaded
        super().save_model(request, obj, form, change)
        if form.merged_from_theirs:
            fields = ", ".join(str(form.fields[n].label) for n in form.merged_from_theirs)
            self.message_user(
                request,
                _("Changes saved meanwhile by someone else were kept: %(fields)s.")
                % {"fields": fields},
                messages.INFO,
            )
        if status_change and publishing.change_status(obj, request.user, **status_change):
            # What the act was, for the message that says so (admin.outcomes).
            latest = obj.audit_entries.order_by("-pk").values_list("action", flat=True)
            request.publishing_act = latest.first()
        if change:
            self.close_revision_saved_live(request, obj)
        # Saved for real: the autosaved copy is stale.
        ArticleAutosave.objects.filter(article=obj, user=request.user).delete()
        if not change:
            admin_new_drafts.forget(request)

    def save_formset(self, request, form, formset, change):
        if formset.model is ArticleNote:
            for note in formset.save(commit=False):
                if note.created_by_id is None:
                    note.created_by = request.user
                note.save()
            for note in formset.deleted_objects:
                note.delete()
            return
        super().save_formset(request, form, formset, change)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "POST" and "_saveasnew" in request.POST and not self.save_as:
            # No "Save as new" is offered: asking for it would copy an article
            # the user may only read (Django would treat the POST as an add).
            raise PermissionDenied
        for _attempt in range(EDIT_CONFLICT_RETRIES):
            try:
                return super().change_view(request, object_id, form_url, extra_context)
            except EditConflict:
                # Someone saved between the form's merge and our UPDATE (ours
                # was rolled back): merge again with what they saved.
                continue
        return super().change_view(request, object_id, form_url, extra_context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context.update(self.review_context(request, obj))
        if obj is not None and obj.pk and can_publish(request.user):
            context["audit_entries"] = obj.audit_entries.select_related("user")[:10]
            context["audit_url"] = (
                reverse("admin:articles_auditentry_changelist") + f"?article__id__exact={obj.pk}"
            )
        context["has_publish_permission"] = can_publish(request.user)
        if add:
            context.update(admin_new_drafts.add_form_context(request))
            context["autosave_restored"] = getattr(request, "autosave_restored", None)
        if obj is not None and obj.pk:
            context["autosave_restored"] = getattr(request, "autosave_restored", None)
            if context["autosave_restored"] is None and request.method == "GET":
                context["autosave"] = admin_editorial.pending_autosave(request, obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    # --- Bin ----------------------------------------------------------------

    def get_actions(self, request):
        actions = super().get_actions(request)
        # Deleting is moving to the bin (our own action), never a hard delete.
        actions.pop("delete_selected", None)
        return actions

    def delete_model(self, request, obj):
        obj.move_to_bin(user=request.user)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for article in queryset:
                article.move_to_bin(user=request.user)

    def get_deleted_objects(self, objs, request):
        # Nothing is deleted: the article alone goes to the bin, links intact.
        refused = {str(obj) for obj in objs if not can_bin_article(request.user, obj)}
        return [str(obj) for obj in objs], {}, refused, []

    def response_delete(self, request, obj_display, obj_id):
        self.message_user(
            request,
            _("“%(article)s” was moved to the bin; an editor can restore it from there.")
            % {"article": obj_display},
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:articles_article_changelist"))

    @admin.action(permissions=["delete"], description=_("Move to the bin"))
    def move_to_bin(self, request, queryset):
        articles = list(queryset.prefetch_related("authors"))
        refused = [a for a in articles if not can_bin_article(request.user, a)]
        if refused:
            for article in refused:
                self.message_user(
                    request,
                    _("“%(article)s”: you can only move your own unpublished articles to the bin.")
                    % {"article": article},
                    messages.ERROR,
                )
            self.message_user(request, _("Nothing was moved to the bin."), messages.ERROR)
            return
        self.delete_queryset(request, queryset.filter(pk__in=[a.pk for a in articles]))
        self.message_user(
            request,
            ngettext(
                "%(count)d article moved to the bin.",
                "%(count)d articles moved to the bin.",
                len(articles),
            )
            % {"count": len(articles)},
            messages.SUCCESS,
        )
