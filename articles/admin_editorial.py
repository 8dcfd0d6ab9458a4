"""
Admin pages of the editorial tools: partner preview links for embargoed
articles, the editorial calendar and the autosave endpoint.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from .embargo import PREVIEW_LIFETIMES_HOURS, UNTIL_EMBARGO, expiry_for, preview_url
from .models import Article


class PreviewLinkForm(forms.Form):
    lifetime = forms.TypedChoiceField(
        label=_("The link works for"),
        choices=list(PREVIEW_LIFETIMES_HOURS.items()),
        coerce=int,
        initial=72,
    )

    def __init__(self, *args, article: Article, **kwargs):
        super().__init__(*args, **kwargs)
        self.article = article

    def clean_lifetime(self):
        hours = self.cleaned_data["lifetime"]
        if hours == UNTIL_EMBARGO and not self.article.is_scheduled():
            raise forms.ValidationError(
                _("This article has no embargo or scheduled time: choose a duration."),
                code="no_embargo",
            )
        return hours


def partner_link_view(request, model_admin, article: Article):
    """GET: choose a lifetime; POST: show the signed link to copy."""
    if not model_admin.has_publish_permission(request):
        raise PermissionDenied
    form = PreviewLinkForm(request.POST or None, article=article)
    link = expires_at = None
    if request.method == "POST" and form.is_valid():
        expires_at = expiry_for(article, form.cleaned_data["lifetime"])
        link = request.build_absolute_uri(preview_url(article, expires_at))
    context = {
        **model_admin.admin_site.each_context(request),
        "title": _("Partner preview link: %(article)s") % {"article": article},
        "opts": model_admin.opts,
        "original": article,
        "form": form,
        "link": link,
        "expires_at": expires_at,
        "expires_label": formats.date_format(timezone.localtime(expires_at), "DATETIME_FORMAT")
        if expires_at
        else "",
    }
    response = TemplateResponse(request, "admin/articles/article/partner_link.html", context)
    response["Cache-Control"] = "private, no-store"
    return response
