"""
The photo picker: the admin's autocomplete answers for photos carry a
thumbnail, the caption and the credit, so an editor chooses a picture by
seeing it rather than by reading "Photo 10" (static/admin/newsroom-photo-picker.js
draws them, and shows the chosen photo under the field).
"""

from __future__ import annotations

from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.utils.translation import gettext as _

from articles.models import Photo


def describe_photo(photo: Photo) -> dict:
    """What the picker shows of a photo: every value plain text, escaped by the script."""
    credit = photo.credit_line if photo.credit_id else ""
    return {
        "text": " — ".join(part for part in (str(photo), credit) if part),
        "thumb": photo.image.url if photo.image else "",
        "alt": photo.alt_text,
        "caption": photo.caption,
        "credit": credit,
        "no_alt": _("No alternative text yet") if not photo.alt_text.strip() else "",
    }


class PickerAutocompleteJsonView(AutocompleteJsonView):
    def get_queryset(self):
        queryset = super().get_queryset()
        if queryset.model is Photo:
            queryset = queryset.select_related("credit", "credit__agency")
        return queryset

    def serialize_result(self, obj, to_field_name):
        result = super().serialize_result(obj, to_field_name)
        if isinstance(obj, Photo):
            result.update(describe_photo(obj))
        return result
