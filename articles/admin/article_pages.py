"""The article admin's extra pages: import, calendar, autosave, slug, partner link, review."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from articles.admin import editorial as admin_editorial
from articles.admin import imports as admin_import
from articles.admin import new_drafts as admin_new_drafts
from articles.admin import returning as admin_returning
from articles.admin import slugs as admin_slugs
from articles.models import (
    ArticleAutosave,
)


class ArticleExtraPages:
    """Mixed into ArticleAdmin: its URLs and the small views behind them."""

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
            # Before "<path:object_id>/...": a new article's form has no id yet.
            path(
                "add/autosave/",
                self.admin_site.admin_view(require_POST(self.autosave_new_view)),
                name="articles_article_autosave_new",
            ),
            path(
                "add/autosave/<uuid:key>/discard/",
                self.admin_site.admin_view(require_POST(self.discard_new_draft_view)),
                name="articles_article_discard_new_draft",
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
                "<path:object_id>/return/",
                self.admin_site.admin_view(require_POST(self.return_view)),
                name="articles_article_return",
            ),
            path(
                "<path:object_id>/history/compare/",
                self.admin_site.admin_view(self.compare_view),
                name="articles_article_compare",
            ),
            path(
                "<path:object_id>/history/<int:version_id>/restore/",
                # GET asks for confirmation, POST restores (article_history).
                self.admin_site.admin_view(self.restore_view),
                name="articles_article_restore",
            ),
            *(url for url in super().get_urls() if url.name not in reversion_views),
        ]

    def autosave_view(self, request, object_id):
        article = self._editable_article(request, object_id)
        return admin_editorial.store_autosave(request, article)

    def autosave_new_view(self, request):
        return admin_new_drafts.autosave_new_view(self, request)

    def discard_new_draft_view(self, request, key):
        return admin_new_drafts.discard_new_view(self, request, key)

    def discard_autosave_view(self, request, object_id):
        article = self._editable_article(request, object_id)
        ArticleAutosave.objects.filter(article=article, user=request.user).delete()
        self.message_user(request, _("The unsaved draft was discarded."), messages.INFO)
        return HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]))

    def return_view(self, request, object_id):
        return admin_returning.return_view(request, self, object_id)

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
