"""The import page's upload form: files, pictures and the options of the run."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles.imports.delivery import MAX_FILE_BYTES
from articles.imports.options import ImportOptions
from articles.imports.service import site_languages, split_tags
from articles.models import Article, Section
from articles.photos.intake import OnDuplicate

MAX_FILES = 50
# The files come back in one form field, within DATA_UPLOAD_MAX_MEMORY_SIZE.
MAX_TOTAL_BYTES = 3 * 1024 * 1024
ACCEPTED_FILES = ".txt,.json,.xml,.nitf,text/plain,application/json,application/xml"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file input accepting several files; cleans to a list."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            if not data and self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return [super(MultipleFileField, self).clean(item, initial) for item in data]
        cleaned = super().clean(data, initial)
        return [cleaned] if cleaned else []


class ImportForm(forms.Form):
    texts = MultipleFileField(
        label=gettext_lazy("Files"),
        help_text=gettext_lazy(
            "Agency files (ninjs, NewsML-G2, NITF) or .txt exports (“date YYYY-MM-DD Photo : "
            "credit” on the first line, then the paragraphs). The format is recognised from "
            "the content."
        ),
        widget=MultipleFileInput(attrs={"accept": ACCEPTED_FILES}),
    )
    images = MultipleFileField(
        label=gettext_lazy("Pictures"),
        required=False,
        help_text=gettext_lazy(
            "Optional. A picture named like a text file (story.txt and story.jpg), or named "
            "in an agency item, becomes its photo. JPEG, PNG or WebP."
        ),
        widget=MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    section = forms.ModelChoiceField(queryset=Section.objects.all(), label=gettext_lazy("Section"))
    language = forms.ChoiceField(
        label=gettext_lazy("Language"),
        help_text=gettext_lazy("For files that do not state their own language."),
    )
    tags = forms.CharField(
        required=False,
        label=gettext_lazy("Tags"),
        help_text=gettext_lazy("Separated by commas: Ukraine, Russie."),
    )
    author = forms.CharField(
        required=False,
        max_length=150,
        label=gettext_lazy("Author"),
        help_text=gettext_lazy("Created if the name is new."),
    )
    publish = forms.BooleanField(
        required=False,
        label=gettext_lazy("Publish at the file’s date"),
        help_text=gettext_lazy(
            "Otherwise the articles are saved as drafts. A date in the future schedules them."
        ),
    )
    photo_credit = forms.ChoiceField(
        label=gettext_lazy("A picture already in the library under another credit"),
        choices=[
            (OnDuplicate.REUSE.value, gettext_lazy("Stop that file, naming both credits")),
            (OnDuplicate.NEW_CREDIT.value, gettext_lazy("Print this file’s own credit")),
        ],
        initial=OnDuplicate.REUSE.value,
        required=False,
    )
    override_reason = forms.CharField(
        required=False,
        max_length=500,
        label=gettext_lazy("Publish despite the checks, because"),
        help_text=gettext_lazy(
            "Exported texts have no standfirst: to publish them anyway, give a reason "
            "(kept in the audit trail). Empty: articles failing the checks are not published."
        ),
    )

    def __init__(self, *args, can_publish: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(Article.Language.choices)
        choices = [(code, labels.get(code, code)) for code in site_languages()]
        self.fields["language"].choices = choices
        self.fields["language"].initial = choices[0][0]
        if not can_publish:
            del self.fields["publish"]
            del self.fields["override_reason"]

    def clean_texts(self):
        texts = self.cleaned_data["texts"]
        if len(texts) > MAX_FILES:
            raise ValidationError(
                _("Import at most %(max)d files at a time."), params={"max": MAX_FILES}
            )
        if sum(upload.size for upload in texts) > MAX_TOTAL_BYTES:
            raise ValidationError(
                _("Import at most %(max)d MB of text at a time."),
                params={"max": MAX_TOTAL_BYTES >> 20},
            )
        for upload in texts:
            if upload.size > MAX_FILE_BYTES:
                raise ValidationError(
                    _("%(name)s is larger than %(max)d MB."),
                    params={"name": upload.name, "max": MAX_FILE_BYTES >> 20},
                )
        return texts

    def import_options(self, user) -> ImportOptions:
        data = self.cleaned_data
        return ImportOptions(
            section=data["section"],
            language=data["language"],
            tags=tuple(split_tags(data["tags"])),
            author=" ".join(data["author"].split()),
            publish=bool(data.get("publish")),
            override_reason=data.get("override_reason", ""),
            on_duplicate_photo=data.get("photo_credit") or OnDuplicate.REUSE,
            user=user,
        )
