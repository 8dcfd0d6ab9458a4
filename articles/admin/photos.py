"""
The photo side of the admin: upload checks (metadata to confirm, duplicates),
the reuse ledger, rights that expire, the focal-point picker.

The upload form works in two steps when it has something to say: the
picture's IPTC/XMP credit, caption and copyright fill the blank fields and the
form comes back for the editor to check them ("nothing is saved yet"); a
picture already in the library is refused with a link to the existing photo,
unless "Upload anyway as a new photo" is ticked. The chosen file is kept
between the two steps (``pending_uploads``), so it is never chosen twice.
"""

from __future__ import annotations

import json
from datetime import timedelta

from django import forms
from django.contrib import admin
from django.contrib.admin.options import IS_POPUP_VAR, TO_FIELD_VAR
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from articles.admin.forms import PhotoAdminForm
from articles.models import Article
from articles.photos import pending as pending_uploads
from articles.photos.intake import DuplicatePhoto, OnDuplicate, take_in
from articles.photos.permissions import can_change, can_delete

RIGHTS_WARNING_DAYS = 30

DUPLICATE_CHOICES = (
    (
        OnDuplicate.NEW_CREDIT.value,
        _("Print my credit: save a new photo with my credit, sharing the same file"),
    ),
    (OnDuplicate.NEW_COPY.value, _("Upload anyway as a new photo")),
)


class PhotoUploadForm(PhotoAdminForm):
    """The photo form, with the checks of a new upload (see the module docstring)."""

    # Set per request by PhotoAdmin.get_form: links then stay in the popup,
    # and the intake knows who takes the picture in.
    popup = False
    user = None

    pending_upload = forms.CharField(required=False, widget=forms.HiddenInput)
    metadata_checked = forms.BooleanField(required=False, widget=forms.HiddenInput)
    upload_anyway = forms.BooleanField(
        label=_("Upload anyway as a new photo"),
        required=False,
        # Shown as a checkbox only when the picture is already in the library.
        widget=forms.HiddenInput,
    )
    duplicate_choice = forms.ChoiceField(
        label=_("The picture is already in the library under another credit"),
        choices=(("", "—"), *DUPLICATE_CHOICES),
        required=False,
        # Shown as radio buttons only when the credits differ.
        widget=forms.HiddenInput,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.duplicate = None
        self.kept_upload = None
        self.kept_now = False
        token = self.data.get(self.add_prefix("pending_upload")) if self.is_bound else None
        if token and "image" in self.fields and not self.files.get(self.add_prefix("image")):
            self.kept_upload = pending_uploads.take(token)
            if self.kept_upload is not None:
                self._say_kept(self.kept_upload)

    def _say_kept(self, upload) -> None:
        # The browser must not insist on a file: the kept one is used.
        self.fields["image"].required = False
        self.fields["image"].help_text = _(
            "“%(name)s” is kept from your previous submission: choose a file only to replace it."
        ) % {"name": upload.name}
        # A bound field copies the help text when first used: update it too.
        self["image"].help_text = self.fields["image"].help_text

    def _show_again(self, values: dict, upload) -> None:
        """Show the form again with ``values`` and the upload kept for the next submission."""
        data = self.data.copy()
        for name, value in values.items():
            data[self.add_prefix(name)] = value
        if upload is not None and self.kept_upload is not upload and not self.kept_now:
            data[self.add_prefix("pending_upload")] = pending_uploads.keep(upload)
            self.kept_now = True
            self._say_kept(upload)
        self.data = data

    def _new_upload(self, cleaned_data):
        """The picture chosen now or kept from the previous submission, if any."""
        if "image" not in self.fields:
            return None
        upload = cleaned_data.get("image")
        if isinstance(upload, UploadedFile):
            return upload
        if self.instance.pk is None and self.kept_upload is not None:
            cleaned_data["image"] = self.kept_upload
            return self.kept_upload
        return None

    def on_duplicate(self) -> OnDuplicate:
        if self.cleaned_data.get("upload_anyway"):
            return OnDuplicate.NEW_COPY
        return OnDuplicate(self.cleaned_data.get("duplicate_choice") or OnDuplicate.ASK)

    def credit_given(self):
        return self.cleaned_data.get("new_credit") or self.cleaned_data.get("credit")

    def clean(self):
        cleaned_data = super().clean()
        upload = self._new_upload(cleaned_data)
        if self.instance.pk is not None or upload is None or "image" in self.errors:
            return cleaned_data
        try:
            # Everything the intake checks, nothing written: duplicates first,
            # then the metadata for the editor to confirm.
            checked = take_in(
                upload,
                credit=self.credit_given(),
                user=self.user,
                on_duplicate=self.on_duplicate(),
                dry_run=True,
            )
        except DuplicatePhoto as duplicate:
            self._refuse_duplicate(duplicate, upload)
        except forms.ValidationError as error:
            if error.code != "credit_required":
                self.add_error("image", error)
            return cleaned_data
        if not cleaned_data.get("metadata_checked"):
            self._suggest_metadata(cleaned_data, checked.metadata, upload)
        return cleaned_data

    def _refuse_duplicate(self, duplicate: DuplicatePhoto, upload) -> None:
        self.duplicate = duplicate.existing
        if duplicate.same_credit:
            self.fields["upload_anyway"].widget = forms.CheckboxInput()
        else:
            self.fields["duplicate_choice"].widget = forms.RadioSelect()
            self.fields["duplicate_choice"].choices = DUPLICATE_CHOICES
        self._show_again({}, upload)
        raise forms.ValidationError(self.duplicate_message(duplicate), code="duplicate_photo")

    def _suggest_metadata(self, cleaned_data, rights, upload) -> None:
        suggested = {}
        if not cleaned_data.get("caption", "").strip() and rights.caption:
            suggested["caption"] = rights.caption[:500]
        if not cleaned_data.get("copyright_notice", "").strip() and rights.copyright:
            suggested["copyright_notice"] = rights.copyright[:300]
        if not self.credit_given() and rights.credit_line:
            suggested["new_credit"] = rights.credit_line[:300]
        if suggested:
            self._show_again({**suggested, "metadata_checked": "1"}, upload)
            raise forms.ValidationError(
                _(
                    "Pre-filled from the photo’s metadata: check the credit, caption "
                    "and copyright, then save. Nothing is saved yet."
                ),
                code="prefilled_from_metadata",
            )

    def _post_clean(self):
        super()._post_clean()
        upload = self._new_upload(self.cleaned_data)
        if upload is not None and not self.errors:
            self._take_in(upload)
        # Shown again for any other reason (a missing credit...): keep the file too.
        if self.errors and upload is not None and self.instance.pk is None:
            self._show_again({}, upload)

    def _take_in(self, upload) -> None:
        # The intake writes here, while the form can still say what went wrong
        # (a full disk, a duplicate that appeared meanwhile): the admin's save
        # afterwards only saves the row again.
        try:
            result = take_in(
                upload,
                credit=self.credit_given(),
                user=self.user,
                photo=self.instance,
                on_duplicate=self.on_duplicate(),
                # The form offered the metadata already: a field left blank stays blank.
                fill_from_metadata=False,
            )
        except DuplicatePhoto as duplicate:
            try:
                self._refuse_duplicate(duplicate, upload)
            except forms.ValidationError as error:
                self.add_error(None, error)
            return
        except forms.ValidationError as error:
            self.add_error(None if error.code == "storage_full" else "image", error)
            return
        except PermissionDenied as error:
            self.add_error(None, forms.ValidationError(str(error), code="permission_denied"))
            return
        self.instance = result.photo

    def duplicate_message(self, duplicate: DuplicatePhoto):
        photo = duplicate.existing
        if self.popup:
            url = reverse("admin:articles_photo_choose", args=[photo.pk])
            url += "?" + urlencode({IS_POPUP_VAR: 1, TO_FIELD_VAR: "id"})
            action = _("Use the existing photo")
        else:
            url = reverse("admin:articles_photo_change", args=[photo.pk])
            action = _("Open the existing photo")
        if duplicate.same_credit:
            what = _("This picture is already in the library: “%(photo)s”.") % {"photo": photo}
            then = _("Or tick “Upload anyway as a new photo” and save again.")
        else:
            what = _(
                "This picture is already in the library: “%(photo)s”, credited "
                "“%(existing)s”. You gave the credit “%(new)s”."
            ) % {"photo": photo, "existing": duplicate.existing_credit, "new": duplicate.new_credit}
            then = _(
                "Its credit is not changed. Use it as it is, or choose below how your "
                "credit is printed, and save again."
            )
        return format_html('{} <a href="{}">{}</a>. {}', what, url, action, then)

    def save(self, commit=True):
        if self.instance.pk is None:
            # No new picture reached the intake: nothing to save.
            raise ValueError("A new photo is saved by the intake only.")
        photo = super().save(commit)
        token = self.data.get(self.add_prefix("pending_upload"))
        if token:
            pending_uploads.discard(token)
        return photo


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
