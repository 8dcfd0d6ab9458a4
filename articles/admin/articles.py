"""
The editorial admin: articles with their publishing workflow, photos and
credits, and the structure (sections, authors, tags, agencies).

Roles are enforced here on the server: writers (no ``articles.publish_article``
permission) can never publish, schedule or unpublish, and can only change the
articles they created or sign, and never someone else's published article.
"""

from __future__ import annotations

import contextlib

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.forms.models import BaseInlineFormSet
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from reversion.admin import VersionAdmin
from taggit.models import Tag as TaggitTag

from articles import history, publishing
from articles.admin import editorial as admin_editorial
from articles.admin import imports as admin_import
from articles.admin import slugs as admin_slugs
from articles.admin.forms import ArticleAdminForm, ScheduleForm
from articles.admin.photos import PhotoAdminExtras, RightsListFilter, UsageOwnership
from articles.admin.review import LiveEditReview, PendingChangesFilter
from articles.editing.notes import ArticleNoteForm
from articles.models import (
    Agency,
    Article,
    ArticleAutosave,
    ArticleNote,
    AuditEntry,
    Author,
    DeletedArticle,
    EditConflict,
    Photo,
    PhotoCredit,
    Section,
    Tag,
)
from articles.publishing.permissions import (
    can_edit_article,
    can_publish,
    edits_need_review,
    owns_article,
)

# We use our own Tag model (articles.Tag); taggit's default one would only
# confuse editors with a second, always empty, "Tags" list.
if admin.site.is_registered(TaggitTag):
    admin.site.unregister(TaggitTag)


# How many times a save that lost the race to another save is merged again.
EDIT_CONFLICT_RETRIES = 3


def can_bin_article(user, article: Article) -> bool:
    """Editors bin any article; writers their own articles that are not published."""
    if user.has_perm("articles.delete_article"):
        return can_edit_article(user, article)
    return (
        user.has_perm("articles.change_article")
        and article.status != Article.Status.PUBLISHED
        and owns_article(user, article)
    )


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


class ArticleNoteFormSet(BaseInlineFormSet):
    def __init__(self, data=None, *args, **kwargs):
        prefix = kwargs.get("prefix") or self.get_default_prefix()
        if data is not None and f"{prefix}-TOTAL_FORMS" not in data:
            # A form opened before the notes existed (or a script posting the
            # article's fields only): the notes are left as they are.
            data = data.copy()
            data[f"{prefix}-TOTAL_FORMS"] = "0"
            data[f"{prefix}-INITIAL_FORMS"] = "0"
        super().__init__(data, *args, **kwargs)


class ArticleNoteInline(admin.StackedInline):
    """Corrections, clarifications and updates, dated, shown at the end of the article."""

    model = ArticleNote
    form = ArticleNoteForm
    formset = ArticleNoteFormSet
    extra = 0
    # loaded_hash: the note as the form was loaded, so a stale save is merged.
    fields = ("kind", "published_at", "text", "loaded_hash")
    verbose_name = _("correction or update")
    verbose_name_plural = _("corrections and updates (shown to readers at the end of the article)")


@admin.register(Article)
class ArticleAdmin(LiveEditReview, VersionAdmin):
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
                )  # fmt: skip
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
        if status_change:
            publishing.change_status(obj, request.user, **status_change)
        if change:
            self.close_revision_saved_live(request, obj)
        # Saved for real: the autosaved copy is stale.
        ArticleAutosave.objects.filter(article=obj, user=request.user).delete()

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

    # --- History --------------------------------------------------------------

    def _editable_article(self, request, object_id) -> Article:
        article = get_object_or_404(Article.objects.not_deleted(), pk=unquote(object_id))
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        return article

    def _version(self, article: Article, version_id):
        try:
            return history.versions_of(article).get(pk=int(version_id))
        except (TypeError, ValueError, history.Version.DoesNotExist):
            raise Http404(_("No such version of this article.")) from None

    def history_view(self, request, object_id, extra_context=None):
        article = self._editable_article(request, object_id)
        context = {
            **self.admin_site.each_context(request),
            "title": _("History: %(article)s") % {"article": article},
            "opts": self.opts,
            "original": article,
            "versions": list(history.versions_of(article)),
            "audit_entries": article.audit_entries.select_related("user")[:50],
        }
        return TemplateResponse(request, self.object_history_template, context)

    def compare_view(self, request, object_id):
        article = self._editable_article(request, object_id)
        versions = history.versions_of(article)
        new = self._version(article, request.GET.get("to")) if request.GET.get("to") else None
        new = new or versions.first()
        if new is None:
            raise Http404(_("This article has no saved versions yet."))
        old = self._version(article, request.GET.get("from")) if request.GET.get("from") else None
        old = old or versions.filter(pk__lt=new.pk).first() or new
        if old.pk > new.pk:
            old, new = new, old
        context = {
            **self.admin_site.each_context(request),
            "title": _("Compare versions: %(article)s") % {"article": article},
            "opts": self.opts,
            "original": article,
            "old": old,
            "new": new,
            "rows": history.compare(history.version_data(old), history.version_data(new)),
            "can_restore": True,
        }
        return TemplateResponse(request, "admin/articles/article/compare.html", context)

    def restore_view(self, request, object_id, version_id):
        article = self._editable_article(request, object_id)
        version = self._version(article, version_id)
        if edits_need_review(request.user, article):
            return self.stage_restored_version(request, article, history.version_data(version))
        history_url = reverse("admin:articles_article_history", args=[article.pk])
        try:
            kept = history.restore(article, version, request.user, can_publish(request.user))
        except ValidationError as error:
            self.message_user(
                request,
                _("This version cannot be restored: %(reasons)s")
                % {"reasons": " ".join(error.messages)},
                messages.ERROR,
            )
            return HttpResponseRedirect(history_url)
        self.message_user(request, _("The earlier version was restored."), messages.SUCCESS)
        if kept:
            self.message_user(
                request,
                _("Left as they are (editors’ fields, or taken since): %(fields)s.")
                % {"fields": ", ".join(history.label(field) for field in kept)},
                messages.WARNING,
            )
        return HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]))

    # --- Extra pages ------------------------------------------------------

    def get_urls(self):
        # reversion's revert and recover views would bypass our rules: ours replace them.
        reversion_views = (
            "articles_article_revision",
            "articles_article_recover",
            "articles_article_recoverlist",
        )
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="articles_article_import",
            ),
            path(
                "calendar/",
                self.admin_site.admin_view(self.calendar_view),
                name="articles_article_calendar",
            ),
            path(
                "slug/",
                self.admin_site.admin_view(self.slug_view),
                name="articles_article_slug",
            ),
            path(
                "<path:object_id>/autosave/",
                self.admin_site.admin_view(require_POST(self.autosave_view)),
                name="articles_article_autosave",
            ),
            path(
                "<path:object_id>/autosave/discard/",
                self.admin_site.admin_view(require_POST(self.discard_autosave_view)),
                name="articles_article_discard_autosave",
            ),
            path(
                "<path:object_id>/partner-link/",
                self.admin_site.admin_view(self.partner_link_view),
                name="articles_article_partner_link",
            ),
            path(
                "<path:object_id>/history/compare/",
                self.admin_site.admin_view(self.compare_view),
                name="articles_article_compare",
            ),
            path(
                "<path:object_id>/history/<int:version_id>/restore/",
                self.admin_site.admin_view(require_POST(self.restore_view)),
                name="articles_article_restore",
            ),
            *(url for url in super().get_urls() if url.name not in reversion_views),
        ]

    def autosave_view(self, request, object_id):
        article = self._editable_article(request, object_id)
        return admin_editorial.store_autosave(request, article)

    def discard_autosave_view(self, request, object_id):
        article = self._editable_article(request, object_id)
        ArticleAutosave.objects.filter(article=article, user=request.user).delete()
        self.message_user(request, _("The unsaved draft was discarded."), messages.INFO)
        return HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]))

    def slug_view(self, request):
        return admin_slugs.slug_view(request, self)

    def calendar_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        return admin_editorial.calendar_view(request, self)

    def partner_link_view(self, request, object_id):
        article = self._editable_article(request, object_id)
        return admin_editorial.partner_link_view(request, self, article)

    def import_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        return admin_import.import_view(request, self)

    # --- Actions ----------------------------------------------------------

    @admin.action(permissions=["publish"], description=_("Publish now"))
    def publish_now(self, request, queryset):
        override = "override" in request.POST
        reason = request.POST.get("override_reason", "").strip() if override else ""
        if override and not reason:
            self.message_user(
                request,
                _("Say why the articles are published despite the checks."),
                messages.ERROR,
            )
        published = len(queryset.values_list("pk", flat=True))
        failures = self._publish_all(request, queryset, override_reason=reason, report=False)
        if failures:
            # Every problem of every article, and the override with a reason.
            context = {
                **self.admin_site.each_context(request),
                "title": _("These articles cannot be published yet"),
                "opts": self.opts,
                "failures": failures,
                "articles": queryset,
                "can_override": all(overridable for _a, _r, overridable in failures),
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            }
            return TemplateResponse(
                request, "admin/articles/article/publish_problems.html", context
            )
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
                publishing.unpublish(article, request.user)
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
        submitted = 0
        try:
            with transaction.atomic():
                for article in articles:
                    submitted += publishing.submit_for_review(article, request.user)
        except publishing.PublishingRefused as refusal:
            self.message_user(
                request,
                _("“%(article)s”: %(reasons)s") % {"article": refusal.article, "reasons": refusal},
                messages.ERROR,
            )
            self.message_user(request, _("Nothing was submitted."), messages.ERROR)
            return
        self.message_user(
            request,
            ngettext(
                "%(count)d article submitted for review.",
                "%(count)d articles submitted for review.",
                submitted,
            )
            % {"count": submitted},
            messages.SUCCESS,
        )
        if submitted < len(articles):
            self.message_user(
                request,
                _("Articles that were not drafts were left as they were."),
                messages.INFO,
            )

    def _publish_all(self, request, queryset, at=None, override_reason="", report=True):
        """
        Publish (or schedule, with ``at``) every article, or none: when one
        cannot be published, nothing changes and each reason is reported
        (``report=False``: returned as (article, reasons, overridable) instead).
        """
        act = publishing.schedule if at is not None else publishing.publish
        options = {"override_reason": override_reason}
        if at is not None:
            options["at"] = at
        failures = []
        with transaction.atomic():
            articles = list(queryset.select_related("lead_photo", "lead_photo__credit"))
            for article in articles:
                try:
                    act(article, request.user, **options)
                except publishing.PublishingRefused as refusal:
                    failures.append((article, refusal.reasons, refusal.overridable))
            if failures:
                transaction.set_rollback(True)
        if not report:
            return failures
        if not failures:
            return len(articles)
        for article, reasons, _overridable in failures:
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
