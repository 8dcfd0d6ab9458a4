"""
Dates shown and posted in local time, and the hour that happens twice.

A form shows a date as local day and time, without its UTC offset. The night
clocks go back (in Paris, the last Sunday of October) 02:00-02:59 happens
twice, and Django refuses such a time as ambiguous. So an article (or a
note) dated in that hour could never be saved again: its own date, posted
back unchanged, was refused, and whatever else the editor changed (taking it
offline, say) did not take.

The field knows the value it was loaded with (``loaded``): an ambiguous time
that reads as that value is that value. A newly typed ambiguous time is still
refused, as Django does: which of the two hours was meant cannot be guessed.
"""

from __future__ import annotations

from datetime import datetime

from django import forms
from django.utils import timezone


class LocalSplitDateTimeField(forms.SplitDateTimeField):
    """A split date and time that round-trips a stored value in the repeated hour."""

    loaded: datetime | None = None

    def compress(self, data_list):
        try:
            return super().compress(data_list)
        except forms.ValidationError as error:
            if error.code != "ambiguous_timezone" or self.loaded is None:
                raise
            naive = datetime.combine(*data_list)
            for fold in (0, 1):
                aware = timezone.make_aware(naive.replace(fold=fold))
                # Whole seconds, compared as instants (an aware datetime in the
                # repeated hour never equals one of another zone, see PEP 495).
                if int(aware.timestamp()) == int(self.loaded.timestamp()):
                    return aware
            raise


def remember_loaded(form: forms.BaseForm, *names: str) -> None:
    """Tell the form's local-time fields the values the form was loaded with."""
    for name in names:
        field = form.fields.get(name)
        if isinstance(field, LocalSplitDateTimeField):
            field.loaded = getattr(form.instance, name, None)
