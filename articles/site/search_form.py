"""The public search form: every parameter optional, a bad one simply ignored."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from articles.search.analysis import cut_query
from articles.site.navigation import all_sections

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search for"),
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    section = forms.ChoiceField(label=_("Section"), required=False)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[("relevance", _("Relevance")), ("date", _("Date, newest first"))],
    )
    # "from" and "to" are Python keywords: declared below, by name.

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.sections = {section.slug: section for section in all_sections()}
        self.fields["section"].choices = [("", _("All sections"))] + [
            (section.slug, str(section)) for section in self.sections.values()
        ]

    def clean_q(self):
        # Cut, never refuse: a pasted paragraph still searches.
        return cut_query(self.cleaned_data["q"])

    def search_arguments(self) -> dict:
        """Arguments for articles.search.search(), from the fields that are valid."""
        self.is_valid()
        data = self.cleaned_data
        return {
            "query": data.get("q", ""),
            "section": self.sections.get(data.get("section") or ""),
            "date_from": data.get("from"),
            "date_to": data.get("to"),
            "sort": data.get("sort") or "relevance",
        }

    def filter_count(self) -> int:
        """How many filters narrow the results (a section, a date, sorting by date)."""
        data = getattr(self, "cleaned_data", None) or {}
        narrowing = (data.get("section"), data.get("from"), data.get("to"))
        return sum(1 for value in narrowing if value) + (data.get("sort") == "date")


SearchForm.base_fields["from"] = forms.DateField(
    label=_("From"), required=False, widget=DATE_INPUT, input_formats=["%Y-%m-%d", "%d/%m/%Y"]
)
SearchForm.base_fields["to"] = forms.DateField(
    label=_("To"), required=False, widget=DATE_INPUT, input_formats=["%Y-%m-%d", "%d/%m/%Y"]
)
