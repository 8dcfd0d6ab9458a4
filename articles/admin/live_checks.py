"""
The pre-publish checks, live: as the editor types, the article form posts its
fields (static/articles/admin/prepublish-live.js) to a small JSON endpoint
that runs the gate (articles.publishing.gate) on them, saving nothing, and
answers with the sidebar's checklist and the problems list atop the form,
rendered from the same templates as the page: every word comes from the
server, translated and plural-aware.
"""

from __future__ import annotations

import copy

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.template.loader import render_to_string
from django.urls import path
from django.views.decorators.http import require_POST
from taggit.utils import parse_tags

from articles.admin.forms import problems_to_fix
from articles.models import Article, Photo, Section
from articles.publishing.gate import publication_checks
from articles.publishing.permissions import can_publish


def _related_id(data, name: str) -> int | None:
    value = str(data.get(name) or "")
    return int(value) if value.isdigit() and len(value) < 19 else None


def candidate_from(data, article: Article) -> Article:
    """``article`` (or a new one) with the typed text, section and photo: never saved."""
    candidate = copy.copy(article)
    for name in ("headline", "standfirst", "body"):
        if name in data:
            setattr(candidate, name, str(data.get(name) or ""))
    if "section" in data:
        section = Section.objects.filter(pk=_related_id(data, "section")).first()
        candidate.section = section
    if "lead_photo" in data:
        photo = (
            Photo.objects.select_related("credit", "credit__agency")
            .filter(pk=_related_id(data, "lead_photo"))
            .first()
        )
        candidate.lead_photo = photo
    return candidate


class LiveChecks:
    """Mixed into ArticleAdmin: the ``checks/`` endpoint."""

    def get_urls(self):
        return [
            path(
                "checks/",
                self.admin_site.admin_view(require_POST(self.live_checks_view)),
                name="articles_article_checks",
            ),
            *super().get_urls(),
        ]

    def live_checks_view(self, request):
        """POST: the gate's verdict on the typed form, as HTML fragments; nothing saved."""
        article = self._checked_article(request)
        candidate = candidate_from(request.POST, article)
        tags = parse_tags(request.POST.get("tags", "")) if "tags" in request.POST else None
        checks = publication_checks(candidate, tags)
        checklist = render_to_string(
            "admin/articles/article/prepublish_checklist.html",
            {"checklist": {"checks": checks}, "live": True},
            request=request,
        )
        problems = ""
        if checks:
            links = problems_to_fix(candidate, tags, [check.reason for check in checks])
            problems = render_to_string(
                "admin/articles/article/prepublish_problems.html",
                {
                    "problems": links,
                    "adminform": {"form": {"can_publish": can_publish(request.user)}},
                },
                request=request,
            )
        return JsonResponse({"count": len(checks), "checklist": checklist, "problems": problems})

    def _checked_article(self, request) -> Article:
        """The article the form edits (``_article``), or a new one; the user may edit it."""
        article_id = request.POST.get("_article")
        if not article_id:
            if not self.has_add_permission(request):
                raise PermissionDenied
            return Article()
        pk = _related_id({"pk": unquote(article_id)}, "pk")
        article = Article.objects.not_deleted().filter(pk=pk).first()
        if article is None:
            raise Http404
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        return article
