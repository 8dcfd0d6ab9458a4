"""
An editor sends an article in review back to its writer with a note saying
why: the button beside the Save buttons (admin/articles/article/return_button.html)
posts here; the writer's desk shows the article under "Returned to you" with
the note (articles.admin.desk).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _

from articles import publishing
from articles.models import Article
from articles.publishing.permissions import can_publish

NOTE_MAX_LENGTH = 500


def return_view(request, model_admin, object_id):
    article = get_object_or_404(Article.objects.not_deleted(), pk=unquote(object_id))
    if not can_publish(request.user):
        raise PermissionDenied
    note = request.POST.get("return_note", "").strip()[:NOTE_MAX_LENGTH]
    values = {"article": article.headline}
    try:
        returned = publishing.return_to_writer(article, request.user, note)
    except publishing.PublishingRefused as refusal:
        model_admin.message_user(request, str(refusal), messages.ERROR)
        returned = None
    if returned:
        model_admin.message_user(
            request, _("“%(article)s” was sent back to its writer.") % values, messages.SUCCESS
        )
    elif returned is not None:
        model_admin.message_user(
            request,
            _("“%(article)s” is not awaiting review: nothing was returned.") % values,
            messages.WARNING,
        )
    return HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]))
