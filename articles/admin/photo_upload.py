"""
The photo upload form: every new or replaced picture goes through the photo
intake (``articles.photos.intake.take_in``) from here.

The form works in two steps when it has something to say: the picture's
IPTC/XMP credit, caption and copyright fill the blank fields (an existing
credit of the same spelling is chosen in the list) and the form comes back
with a notice, not an error, for the editor to check them; a picture
already in the library is refused with a link to the existing photo, with
"Upload anyway as a new photo" to tick, or, when it came with another credit,
both credits and a choice (print my credit on a new photo sharing the file,
or upload anyway); the library photo's credit is never changed. The chosen
file is kept between the steps outside public media (``articles.photos.pending``),
so it is never chosen twice.
"""

from __future__ import annotations

from django import forms
from django.contrib.admin.options import IS_POPUP_VAR, TO_FIELD_VAR
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from articles.admin.forms import PhotoAdminForm
from articles.models import PhotoCredit
from articles.photos import pending as pending_uploads
from articles.photos.intake import DuplicatePhoto, OnDuplicate, take_in

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
        self.prefilled = ()
        self.matched_credit = None
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
            token = pending_uploads.keep(upload)
            data[self.add_prefix("pending_upload")] = token
            self.kept_now = True
            if token:
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
        if cleaned_data.get("metadata_checked"):
            # Nothing left to suggest: the intake itself (_post_clean) checks
            # the rest, and the picture is decoded once, not twice.
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
        """
        Fill the blank fields from the picture's IPTC/XMP and show the form again
        with a notice (not an error): the editor checks them, then saves.
        """
        suggested = {}
        if not cleaned_data.get("caption", "").strip() and rights.caption:
            suggested["caption"] = rights.caption[:500]
        if not cleaned_data.get("copyright_notice", "").strip() and rights.copyright:
            suggested["copyright_notice"] = rights.copyright[:300]
        if not self.credit_given() and rights.credit_line:
            existing = PhotoCredit.matching(rights.credit_line)
            if existing is not None:
                # The library's credit, chosen in the list: no second spelling of it.
                suggested.update(credit=existing.pk, new_credit="")
                self.matched_credit = existing
            else:
                suggested["new_credit"] = rights.credit_line[:300]
        if suggested:
            self._show_again({**suggested, "metadata_checked": "1"}, upload)
            self.prefilled = tuple(suggested)
            if "credit" in suggested or "new_credit" in suggested:
                # "Every photo needs a credit": the picture gave one.
                self._errors.pop("credit", None)

    def prefill_notice(self) -> str:
        """What the metadata filled in, for the notice above the form ("" if nothing)."""
        if not self.prefilled:
            return ""
        parts = {
            "credit": _("the credit"),
            "new_credit": _("the credit"),
            "caption": _("the caption"),
            "copyright_notice": _("the copyright notice"),
        }
        filled = [name for name in parts if name in self.prefilled]
        if "credit" in filled:
            filled.remove("new_credit")  # emptied, the chosen credit is the one
        notice = _(
            "Filled in from the picture’s own information (IPTC/XMP): %(fields)s. "
            "Check them, then save: nothing is saved yet."
        ) % {"fields": ", ".join(str(parts[name]) for name in filled)}
        if self.matched_credit is not None:
            notice += " " + _(
                "The credit “%(credit)s” is already in the library: it is chosen in the list."
            ) % {"credit": self.matched_credit}
        return notice

    def is_valid(self):
        # Filled in from the metadata: valid, but shown again to be checked first.
        return super().is_valid() and not self.prefilled

    def _post_clean(self):
        super()._post_clean()
        upload = self._new_upload(self.cleaned_data)
        if upload is not None and not self.errors and not self.prefilled:
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
