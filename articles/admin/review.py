"""
Review of live edits in the admin: a writer's save of a published article, or
an editor's "Save without publishing", becomes the article's pending revision
(articles.publishing.revisions); editors see it in the list and on the
article, with a diff against what is live, and publish or reject it.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from articles import history
from articles.admin.editorial import restoring_form
from articles.models import Article, ArticleAutosave, ArticleRevision, Tag
from articles.publishing import PublishingRefused, record_refusal
from articles.publishing import revisions as live_edits
from articles.publishing.permissions import can_edit_article, can_publish, edits_need_review

STAGE_BUTTON = "_stage"
# The list actions only editors are offered.
EDITOR_ACTIONS = ("publish_now", "schedule", "send_back_to_draft")
REVISION_FIELD = "_revision"


def _pending_q():
    return Exists(ArticleRevision.objects.pending().filter(article=OuterRef("pk")))


class PendingChangesFilter(admin.SimpleListFilter):
    title = _("changes awaiting review")
    parameter_name = "pending_changes"

    def lookups(self, request, model_admin):
        return (("yes", _("Awaiting review")),)

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(_pending_q())
        return queryset


def revision_rows(article: Article, revision: ArticleRevision) -> list[history.Row]:
    """The pending changes against what is live, field by field (changed fields only)."""
    live = history.current_data(article)
    staged = {**live, **{k: v for k, v in revision.data.items() if k != "tags"}}
    rows = [row for row in history.compare(live, staged) if row.changed]
    live_tags = sorted(article.tags.names())
    staged_tags = sorted(revision.data.get("tags", live_tags))
    if live_tags != staged_tags:
        rows.append(
            history.Row(
                "tags",
                history.label("tags"),
                ", ".join(live_tags) or "—",
                ", ".join(staged_tags) or "—",
                True,
            )
        )
    return rows


def form_initial(revision: ArticleRevision) -> dict:
    data = revision.data
    initial = {
        k: data[k] for k in ("headline", "slug", "standfirst", "body", "language") if k in data
    }
    initial.update({k: data[k] for k in ("lead_photo", "section", "authors") if k in data})
    if "tags" in data:
        initial["tags"] = ", ".join(f'"{t}"' if "," in t else t for t in data["tags"])
    return initial


class LiveEditReview:
    """ArticleAdmin's part for live edits: staging, the list column and filter, publish/reject."""

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(has_pending_changes=_pending_q())

    @admin.display(description=_("changes awaiting review"), boolean=True)
    def pending_changes(self, obj):
        return getattr(obj, "has_pending_changes", False)

    def changelist_view(self, request, extra_context=None):
        self.record_forged_action(request)
        return super().changelist_view(request, extra_context)

    def record_forged_action(self, request) -> None:
        """
        A publishing list action posted by someone it is not offered to (a
        crafted request): Django refuses it ("No action selected"); the audit
        trail keeps a trace for editors.
        """
        name = request.POST.get("action", "") if request.method == "POST" else ""
        if name not in EDITOR_ACTIONS or can_publish(request.user):
            return
        selected = request.POST.getlist(ACTION_CHECKBOX_NAME)
        reason = _("Only editors can publish, schedule or unpublish articles.")
        for article in Article.objects.filter(pk__in=[pk for pk in selected if pk.isdigit()]):
            record_refusal(article, request.user, [reason], {"action": name})

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # Scheduled changes go live on the way: no cron job needed.
        live_edits.publish_due_changes()
        return super().change_view(request, object_id, form_url, extra_context)

    # --- Saving ---------------------------------------------------------------

    def stage_if_needed(self, request, obj, form, change) -> bool:
        """A writer's save of a published article (or an editor's "Save without publishing") waits."""
        if not change:
            return False
        stored = Article.objects.get(pk=obj.pk)
        staging = edits_need_review(request.user, stored) or (
            STAGE_BUTTON in request.POST and stored.status == Article.Status.PUBLISHED
        )
        if not staging:
            return False
        request.staged_revision = live_edits.stage_changes(stored, request.user, form.cleaned_data)
        return True

    def close_revision_saved_live(self, request, obj) -> None:
        """An editor saved the live article from a form that showed the pending changes."""
        revision = live_edits.pending_revision(obj)
        if revision is not None and request.POST.get(REVISION_FIELD) == str(revision.pk):
            live_edits.close_as_published(revision, request.user)

    def save_related(self, request, form, formsets, change):
        if getattr(request, "staged_revision", None) is not None:
            # Tags and authors wait with the revision; notes are not part of it.
            if any(formset.has_changed() for formset in formsets):
                self.message_user(
                    request,
                    _(
                        "Corrections and updates were not saved with changes awaiting review: "
                        "add them once the changes are published."
                    ),
                    messages.WARNING,
                )
            return
        super().save_related(request, form, formsets, change)

    def construct_change_message(self, request, form, formsets, add=False):
        if getattr(request, "staged_revision", None) is not None:
            return []  # nothing was changed (the notes' formsets were not saved)
        return super().construct_change_message(request, form, formsets, add)

    def log_change(self, request, obj, message):
        if getattr(request, "staged_revision", None) is not None:
            return None
        return super().log_change(request, obj, message)

    def response_change(self, request, obj):
        if getattr(request, "staged_revision", None) is None:
            return super().response_change(request, obj)
        # The changes are kept in the revision now: the autosaved copy is stale.
        ArticleAutosave.objects.filter(article=obj, user=request.user).delete()
        if can_publish(request.user):
            text = _(
                "Your changes to “%(article)s” were saved without publishing: "
                "readers still see the live version."
            )
        else:
            text = _(
                "Your changes to “%(article)s” await an editor’s review: "
                "readers still see the published version."
            )
        text = text % {"article": obj.headline}
        self.message_user(request, text, messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:articles_article_change", args=[obj.pk]))

    # --- The form ---------------------------------------------------------------

    def form_showing_pending_changes(self, request, obj, form):
        if obj is None or request.method != "GET":
            return form
        revision = live_edits.pending_revision(obj)
        if revision is None or not can_edit_article(request.user, obj):
            return form
        request.pending_revision = revision
        return restoring_form(form, form_initial(revision))

    def review_context(self, request, obj) -> dict:
        if obj is None or not obj.pk:
            return {}
        revision = getattr(request, "pending_revision", None) or live_edits.pending_revision(obj)
        if revision is None:
            return {"rejected_revision": live_edits.rejected_for(obj, request.user)}
        return {
            "pending_revision": revision,
            "pending_rows": revision_rows(obj, revision),
            "can_review_changes": can_publish(request.user),
            "can_stage": can_publish(request.user) and obj.status == Article.Status.PUBLISHED,
        }

    # --- Publish or reject -------------------------------------------------------

    def get_urls(self):
        return [
            path(
                "<path:object_id>/changes/<str:verdict>/",
                self.admin_site.admin_view(require_POST(self.review_changes_view)),
                name="articles_article_review_changes",
            ),
            *super().get_urls(),
        ]

    def stage_restored_version(self, request, article: Article, data: dict):
        """A writer restoring a version of a published article: it waits for review too."""
        values = {field: data.get(field) for field in live_edits.REVISION_FIELDS}
        values["tags"] = list(
            Tag.objects.filter(pk__in=data.get("tags") or []).values_list("name", flat=True)
        )
        live_edits.stage_changes(article, request.user, values)
        self.message_user(
            request,
            _(
                "The earlier version awaits an editor’s review: readers still see the published version."
            ),
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]))

    def review_changes_view(self, request, object_id, verdict):
        article = get_object_or_404(Article.objects.not_deleted(), pk=unquote(object_id))
        if not can_publish(request.user) or verdict not in ("publish", "reject", "schedule"):
            raise PermissionDenied
        revision = get_object_or_404(ArticleRevision.objects.pending(), article=article)
        try:
            if verdict == "schedule":
                self._schedule(request, revision)
            elif verdict == "publish":
                live_edits.publish_changes(revision, request.user)
                self.message_user(request, _("The changes are live."), messages.SUCCESS)
            else:
                live_edits.reject_changes(revision, request.user, request.POST.get("note", ""))
                self.message_user(
                    request,
                    _("The changes were rejected; the writer sees it when reopening the article."),
                    messages.SUCCESS,
                )
        except PublishingRefused as refusal:
            self.message_user(
                request,
                _("The changes cannot be published: %(reasons)s") % {"reasons": refusal},
                messages.ERROR,
            )
        return HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]))

    def _schedule(self, request, revision: ArticleRevision) -> None:
        field = forms.DateTimeField(required=True)
        try:
            at = field.clean(request.POST.get("publish_at", ""))
        except forms.ValidationError:
            self.message_user(
                request, _("Give the date and time to publish the changes."), messages.ERROR
            )
            return
        live_edits.schedule_changes(revision, request.user, at)
        self.message_user(
            request, _("The changes will go live at the time you chose."), messages.SUCCESS
        )
