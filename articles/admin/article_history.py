"""The article's history pages: versions, comparison, restore (with our rules, not reversion's)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from articles import history
from articles.models import (
    Article,
)
from articles.publishing.permissions import (
    can_publish,
    edits_need_review,
)


class ArticleHistoryViews:
    """Mixed into ArticleAdmin."""

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

    def restore_confirmation(self, request, article: Article, version):
        """What restoring ``version`` would change, and the button that does it."""
        rows = history.compare(history.current_data(article), history.version_data(version))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Restore an earlier version of “%(article)s”?") % {"article": article},
            "opts": self.opts,
            "original": article,
            "version": version,
            "changes": [row for row in rows if row.changed],
            "staged": edits_need_review(request.user, article),
            "kept_for_editors": not can_publish(request.user),
        }
        return TemplateResponse(
            request, "admin/articles/article/restore_confirmation.html", context
        )

    def restore_view(self, request, object_id, version_id):
        article = self._editable_article(request, object_id)
        version = self._version(article, version_id)
        if request.method != "POST":
            # Like a deletion: a page says what would change, a POST restores.
            return self.restore_confirmation(request, article, version)
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
