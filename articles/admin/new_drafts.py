"""
Autosave of a new article, before its first save.

The add form carries a key of its own (``draft_key``, a hidden input). The
autosave endpoint keeps the typed form under that key, per user, without
creating an article: nothing appears in lists or on the desk, no slug is
taken, no version is made. Saving the form creates the one article and drops
the kept copy; opening "Add article" again offers the kept copies back
(restore, or discard), and a restored form keeps its key, so that autosaving
and saving it go on with the same copy. Two add forms open side by side keep
two copies: neither overwrites the other.
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseBadRequest, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from articles.admin.editorial import autosave_data, initial_from_autosave, kept_message
from articles.models import ArticleAutosave

DRAFT_KEY = "draft_key"
# The kept copies offered when "Add article" opens: the most recent ones.
OFFERED = 5


def draft_key(data) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(data.get(DRAFT_KEY) or ""))
    except ValueError:
        return None


def new_drafts(user):
    """The user's kept copies of new articles, newest first."""
    return ArticleAutosave.objects.filter(user=user, article__isnull=True).order_by("-saved_at")


def autosave_new_view(model_admin, request):
    """POST: keep the add form as typed under its key; answers when it was kept."""
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    key = draft_key(request.POST)
    if key is None:
        return HttpResponseBadRequest("draft_key")
    kept, _created = ArticleAutosave.objects.update_or_create(
        user=request.user,
        draft_key=key,
        article=None,
        defaults={"data": autosave_data(request.POST), "saved_at": timezone.now()},
    )
    return JsonResponse(
        {"saved_at": kept.saved_at.isoformat(), "message": kept_message(kept.saved_at)}
    )


def discard_new_view(model_admin, request, key):
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    new_drafts(request.user).filter(draft_key=key).delete()
    model_admin.message_user(request, _("The unsaved draft was discarded."), messages.INFO)
    return HttpResponseRedirect(reverse("admin:articles_article_add"))


def restored(request):
    """The kept copy the add form was asked to show (?restore_draft=<key>), or None."""
    key = draft_key({DRAFT_KEY: request.GET.get("restore_draft")})
    return new_drafts(request.user).filter(draft_key=key).first() if key else None


def add_form_context(request) -> dict:
    """The add form's key (kept across a redisplay or a restore) and the copies to offer."""
    kept = getattr(request, "autosave_restored", None)
    key = (kept.draft_key if kept else None) or draft_key(request.POST) or uuid.uuid4()
    offered = [] if kept else list(new_drafts(request.user).exclude(draft_key=key)[:OFFERED])
    return {"draft_key": key, "new_drafts": offered}


def forget(request) -> None:
    """The new article is saved: its kept copy is not needed any more."""
    key = draft_key(request.POST)
    if key is not None:
        new_drafts(request.user).filter(draft_key=key).delete()


def restoring_form(request, form_class):
    """The add form showing the kept copy asked for (``?restore_draft=``), if it is there."""
    from articles.models import Article

    kept = restored(request)
    if kept is None:
        return form_class
    values = initial_from_autosave(form_class, kept, Article())
    values.pop("loaded_version", None)

    class RestoredForm(form_class):
        def __init__(self, *args, **kwargs):
            # What was typed wins over the defaults of a new article (its byline...).
            kwargs["initial"] = {**(kwargs.get("initial") or {}), **values}
            super().__init__(*args, **kwargs)

    RestoredForm.__name__ = form_class.__name__
    request.autosave_restored = kept
    return RestoredForm
