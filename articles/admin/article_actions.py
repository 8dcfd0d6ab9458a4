"""The article list's bulk actions; each calls the publishing acts."""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db import transaction
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from articles import publishing
from articles.admin.common import local_datetime
from articles.admin.forms import ScheduleForm


class ArticleListActions:
    """Mixed into ArticleAdmin."""

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
                    % {"count": scheduled, "date": local_datetime(at)},
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
