"""
The photo side of the admin: the upload form (``photo_upload``), ownership on
every URL, the reuse ledger, rights that expire, the focal-point picker.
"""

from __future__ import annotations

import json
from datetime import timedelta

from django.contrib import admin, messages
from django.contrib.admin.options import IS_POPUP_VAR
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from articles.admin.photo_upload import PhotoUploadForm
from articles.models import Article
from articles.photos.permissions import can_change, can_delete

RIGHTS_WARNING_DAYS = 30


def popup_choice_response(request, photo, templates: list[str]):
    """What the admin answers after adding in a popup: the opener selects ``photo``."""
    from django.template.response import TemplateResponse

    data = json.dumps({"value": str(photo.pk), "obj": str(photo)})
    return TemplateResponse(request, templates, {"popup_response_data": data})


# --- Reuse ledger -----------------------------------------------------------


def articles_using(photo):
    return (
        Article.objects.filter(lead_photo=photo, deleted_at__isnull=True)
        .select_related("section")
        .order_by("-published_at", "-pk")
    )


def ledger_html(photo) -> str:
    if photo is None or photo.pk is None:
        return "—"
    rows = [
        (
            reverse("admin:articles_article_change", args=[article.pk]),
            article.headline,
            article.get_status_display(),
        )
        for article in articles_using(photo)
    ]
    if not rows:
        return _("No article uses this photo yet.")
    return format_html(
        '<ul class="photo-ledger">{}</ul>',
        format_html_join("", '<li><a href="{}">{}</a> ({})</li>', rows),
    )


# --- Rights -----------------------------------------------------------------


def rights_horizon():
    return timezone.localdate() + timedelta(days=RIGHTS_WARNING_DAYS)


class RightsListFilter(admin.SimpleListFilter):
    title = _("usage rights")
    parameter_name = "rights"

    def lookups(self, request, model_admin):
        return [
            ("soon", _("Expire within 30 days")),
            ("expired", _("Expired")),
            ("limited", _("Have an end date")),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "soon":
            return queryset.filter(
                rights_end_date__gte=today, rights_end_date__lte=rights_horizon()
            )
        if self.value() == "expired":
            return queryset.filter(rights_end_date__lt=today)
        if self.value() == "limited":
            return queryset.filter(rights_end_date__isnull=False)
        return queryset


def articles_with_expiring_rights():
    """Published articles whose lead photo's rights end within 30 days, or already ended."""
    return (
        Article.objects.published()
        .filter(lead_photo__rights_end_date__lte=rights_horizon())
        .select_related("lead_photo", "section")
        .order_by("lead_photo__rights_end_date", "-published_at")
    )


# --- Focal point ------------------------------------------------------------


def focal_point_picker(photo) -> str:
    """The picture to click on; static/articles/admin/focal-point.js moves the fields."""
    if photo is None or not photo.image:
        return _("Save the photo first, then click on it to choose its focal point.")
    return format_html(
        '<div class="focal-picker" data-focal-picker data-x="{}" data-y="{}">'
        '<img src="{}" alt="{}" width="{}" height="{}" draggable="false">'
        '<span class="focal-marker" aria-hidden="true"></span></div>'
        '<p class="help">{}</p>',
        photo.focal_x,
        photo.focal_y,
        photo.image.url,
        photo.alt_text,
        photo.width,
        photo.height,
        _(
            "Click on the picture to set the point that every crop keeps in view "
            "(16:9, 1:1, 4:5), then save. Without JavaScript, type the values below "
            "(0 = left or top, 1 = right or bottom)."
        ),
    )


# --- Ownership ----------------------------------------------------------------


class UsageOwnership:
    """
    Mixed into the admins of photos, credits, agencies and tags: the ownership
    rules (articles.photos.permissions) on every URL. A change view the user
    may not change turns read-only and refuses a POST; delete, bulk delete and
    the "+"/pencil popups go through the same checks.
    """

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or can_change(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or can_delete(request.user, obj))

    def delete_queryset(self, request, queryset):
        # The bulk action only asks the model-wide permission.
        if not all(can_delete(request.user, obj) for obj in queryset):
            raise PermissionDenied
        super().delete_queryset(request, queryset)


# --- The photo admin's additions ---------------------------------------------


class PhotoAdminExtras(UsageOwnership):
    """Mixed into PhotoAdmin (articles.admin.articles): everything above, wired into the admin."""

    form = PhotoUploadForm
    change_list_template = "admin/articles/photo/change_list.html"
    upload_fields = ("pending_upload", "metadata_checked", "upload_anyway", "duplicate_choice")

    class Media:
        js = ["articles/admin/focal-point.js"]
        css = {"all": ["articles/admin/photos.css"]}

    def get_fieldsets(self, request, obj=None):
        fieldsets = [(name, dict(options)) for name, options in super().get_fieldsets(request, obj)]
        first = fieldsets[0][1]
        if obj is None:
            first["fields"] = (*first["fields"], *self.upload_fields)
            return fieldsets
        if not self.has_change_permission(request, obj):
            # Read-only: "or a new credit" is a choice to make, not a value to show.
            first["fields"] = tuple(name for name in first["fields"] if name != "new_credit")
        for _name, options in fieldsets:
            fields = tuple(options["fields"])
            if "focal_x" in fields:
                options["fields"] = ("focal_point", *fields)
                # The picker is the point of this fieldset on an existing photo.
                options["classes"] = ()
        fieldsets.append((_("Reuse"), {"fields": ("used_by",)}))
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        readonly = tuple(super().get_readonly_fields(request, obj))
        return (*readonly, "used_by", "focal_point") if obj is not None else readonly

    @admin.display(description=_("used by"))
    def used_by(self, obj):
        return ledger_html(obj)

    @admin.display(description=_("focal point"))
    def focal_point(self, obj):
        return focal_point_picker(obj)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        popup = IS_POPUP_VAR in request.GET or IS_POPUP_VAR in request.POST
        return type(form.__name__, (form,), {"popup": popup, "user": request.user})

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        form = context.get("adminform") and context["adminform"].form
        notice = form.prefill_notice() if hasattr(form, "prefill_notice") else ""
        if notice:
            # Good news, not an error: a notice above the form (the "+" popup too).
            self.message_user(request, notice, messages.INFO)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_urls(self):
        from django.urls import path

        return [
            path(
                "<path:object_id>/choose/",
                self.admin_site.admin_view(self.choose_view),
                name="articles_photo_choose",
            ),
            path(
                "rights-expiring/",
                self.admin_site.admin_view(self.rights_expiring_view),
                name="articles_photo_rights_expiring",
            ),
            *super().get_urls(),
        ]

    def choose_view(self, request, object_id):
        """From the duplicate message in the article form's popup: hand this photo back."""
        from django.core.exceptions import PermissionDenied
        from django.http import HttpResponseRedirect
        from django.shortcuts import get_object_or_404

        photo = get_object_or_404(self.model, pk=object_id)
        if not self.has_view_permission(request, photo):
            raise PermissionDenied
        if IS_POPUP_VAR not in request.GET:
            return HttpResponseRedirect(reverse("admin:articles_photo_change", args=[photo.pk]))
        opts = self.opts
        return popup_choice_response(
            request,
            photo,
            self.popup_response_template
            or [
                f"admin/{opts.app_label}/{opts.model_name}/popup_response.html",
                f"admin/{opts.app_label}/popup_response.html",
                "admin/popup_response.html",
            ],
        )

    def rights_expiring_view(self, request):
        from django.core.exceptions import PermissionDenied
        from django.template.response import TemplateResponse

        if not self.has_view_permission(request):
            raise PermissionDenied
        today = timezone.localdate()
        rows = [
            {
                "article": article,
                "photo": article.lead_photo,
                "expired": article.lead_photo.rights_end_date < today,
                "article_url": reverse("admin:articles_article_change", args=[article.pk]),
                "photo_url": reverse("admin:articles_photo_change", args=[article.lead_photo_id]),
            }
            for article in articles_with_expiring_rights()
        ]
        context = {
            **self.admin_site.each_context(request),
            "title": _("Published articles whose photo rights expire within 30 days"),
            "opts": self.opts,
            "rows": rows,
            "days": RIGHTS_WARNING_DAYS,
        }
        return TemplateResponse(request, "admin/articles/photo/rights_expiring.html", context)
