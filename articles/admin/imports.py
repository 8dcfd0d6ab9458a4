"""
The admin's "Importer un texte" page: upload exports, check the preview, confirm.

Step 1 parses the uploaded .txt files and shows what each will become. The
texts travel to step 2 inside a signed (tamper-proof), compressed hidden
field, so nothing is kept on the server but the pictures, which wait in
default storage under ``tmp/imports/`` with random names until the
confirmation (or until they are a day old and the next preview sweeps them).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta
from pathlib import PurePath

from django import forms
from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles.imports.plaintext import ExportError, ParsedArticle, decode_export, parse_export
from articles.imports.service import (
    IMAGE_EXTENSIONS,
    MAX_EXPORT_BYTES,
    Action,
    admin_change_url,
    import_export,
)
from articles.models import Article, Section
from articles.photos.images import validate_image_file

SIGNING_SALT = "articles.admin.imports"
# The preview must be confirmed within this many seconds.
PREVIEW_MAX_AGE = 60 * 60
MAX_FILES = 50
# The texts come back in one form field, within DATA_UPLOAD_MAX_MEMORY_SIZE.
MAX_TOTAL_BYTES = 3 * 1024 * 1024
TMP_FOLDER = "tmp/imports"
STALE_UPLOAD_AGE = timedelta(days=1)
EXTENSION_FOR_FORMAT = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp"}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file input accepting several files; cleans to a list."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            if not data and self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return [super(MultipleFileField, self).clean(item, initial) for item in data]
        cleaned = super().clean(data, initial)
        return [cleaned] if cleaned else []


class ImportForm(forms.Form):
    texts = MultipleFileField(
        label=gettext_lazy("Text files"),
        help_text=gettext_lazy(
            "One or more .txt exports: “date YYYY-MM-DD Photo : credit” on the first line, "
            "then the paragraphs."
        ),
        widget=MultipleFileInput(attrs={"accept": ".txt,text/plain"}),
    )
    images = MultipleFileField(
        label=gettext_lazy("Pictures"),
        required=False,
        help_text=gettext_lazy(
            "Optional. A picture named like a text file (story.txt and story.jpg) becomes "
            "its lead photo. JPEG, PNG or WebP."
        ),
        widget=MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    section = forms.ModelChoiceField(queryset=Section.objects.all(), label=gettext_lazy("Section"))
    language = forms.ChoiceField(
        choices=Article.Language.choices,
        initial=Article.Language.FRENCH,
        label=gettext_lazy("Language"),
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
            if upload.size > MAX_EXPORT_BYTES:
                raise ValidationError(
                    _("%(name)s is larger than %(max)d MB."),
                    params={"name": upload.name, "max": MAX_EXPORT_BYTES >> 20},
                )
        return texts


@dataclass
class Preview:
    name: str
    parsed: ParsedArticle | None = None
    text: str = ""  # the decoded export, re-parsed on confirmation
    error: str = ""
    image: str = ""  # the picture's uploaded name, for display
    stored_image: str = ""  # where it waits in storage
    existing: Article | None = None
    existing_url: str = ""
    index: int = -1  # position among the importable files, names its headline field


def import_view(request, model_admin):
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    can_publish = request.user.has_perm("articles.publish_article")
    if request.method == "POST" and "confirm" in request.POST:
        return confirm(request, model_admin, can_publish)

    form = ImportForm(can_publish=can_publish)
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES, can_publish=can_publish)
        if form.is_valid():
            return preview(request, model_admin, form)
    return render_page(request, model_admin, "admin/articles/import.html", {"form": form})


def preview(request, model_admin, form: ImportForm):
    forget_stale_uploads()
    images = {
        PurePath(upload.name).stem.casefold(): upload for upload in form.cleaned_data["images"]
    }
    previews = [read_upload(upload, images) for upload in form.cleaned_data["texts"]]
    used = {PurePath(p.image).stem.casefold() for p in previews if p.image}
    unused = [upload.name for stem, upload in images.items() if stem not in used]

    parsed = [p for p in previews if p.parsed]
    existing = Article.objects.not_deleted().filter(
        import_key__in=[p.parsed.import_key for p in parsed]
    )
    by_key = {article.import_key: article for article in existing}
    for index, item in enumerate(parsed):
        item.index = index
        item.existing = by_key.get(item.parsed.import_key)
        if item.existing:
            item.existing_url = admin_change_url(item.existing)

    data = form.cleaned_data
    payload = signing.dumps(
        {
            "user": request.user.pk,
            "section": data["section"].pk,
            "language": data["language"],
            "tags": data["tags"],
            "author": data["author"],
            "publish": bool(data.get("publish")),
            "override_reason": data.get("override_reason", ""),
            "files": [{"name": p.name, "text": p.text, "image": p.stored_image} for p in parsed],
        },
        salt=SIGNING_SALT,
        compress=True,
    )
    return render_page(
        request,
        model_admin,
        "admin/articles/import_preview.html",
        {
            "previews": previews,
            "importable": parsed,
            "unused_images": unused,
            "payload": payload,
            "options": data,
            "language_label": Article.Language(data["language"]).label,
        },
    )


def read_upload(upload, images: dict) -> Preview:
    name = PurePath(upload.name).name
    item = Preview(name=name)
    try:
        item.text, _encoding = decode_export(upload.read(), name=name)
        item.parsed = parse_export(item.text, name=name)
    except ExportError as error:
        item.error = str(error)
        return item
    image = images.get(PurePath(name).stem.casefold())
    if image is not None:
        item.image = PurePath(image.name).name
        try:
            validate_image_file(image)
        except ValidationError as error:
            item.parsed = None
            item.error = _("%(name)s: the picture %(image)s was refused: %(reason)s") % {
                "name": name,
                "image": item.image,
                "reason": " ".join(error.messages),
            }
            return item
        if not item.parsed.credit:
            item.parsed = None
            item.error = _("%(name)s: a picture needs a credit on the date line.") % {"name": name}
            return item
        extension = EXTENSION_FOR_FORMAT[image.image_format]
        image.seek(0)
        item.stored_image = default_storage.save(
            f"{TMP_FOLDER}/{uuid.uuid4().hex}{extension}", image
        )
    return item


def confirm(request, model_admin, can_publish: bool):
    try:
        data = signing.loads(
            request.POST.get("payload", ""), salt=SIGNING_SALT, max_age=PREVIEW_MAX_AGE
        )
    except signing.BadSignature:
        messages.error(request, _("The preview has expired. Upload the files again."))
        return HttpResponseRedirect(reverse("admin:articles_article_import"))
    if data.get("user") != request.user.pk:
        raise PermissionDenied
    section = Section.objects.filter(pk=data["section"]).first()
    if section is None:
        messages.error(request, _("The chosen section no longer exists."))
        return HttpResponseRedirect(reverse("admin:articles_article_import"))

    imported, already = [], []
    for index, item in enumerate(data["files"]):
        headline = request.POST.get(f"headline-{index}", "")
        try:
            result = import_one(item, request, section, data, headline, can_publish)
        except ExportError as error:
            messages.error(request, str(error))
            continue
        (already if result.action == Action.EXISTING else imported).append(result)
        for warning in result.warnings:
            messages.warning(request, f"{result.headline}: {warning}")

    if imported:
        messages.success(request, format_html("{} {}", _("Imported:"), links(imported)))
    if already:
        messages.info(
            request,
            format_html("{} {}", _("Already imported, left unchanged:"), links(already)),
        )
    return HttpResponseRedirect(reverse("admin:articles_article_changelist"))


def import_one(item: dict, request, section: Section, data: dict, headline: str, can_publish):
    parsed = parse_export(item["text"], name=item["name"])
    stored = item["image"]
    image = None
    try:
        if stored:
            # Signed by us, but check anyway that it is one of our waiting pictures.
            if not stored.startswith(f"{TMP_FOLDER}/") or ".." in stored:
                raise PermissionDenied
            if not default_storage.exists(stored):
                raise ExportError(
                    item["name"], None, _("The picture is no longer available: upload it again.")
                )
            image = default_storage.open(stored, "rb")
        return import_export(
            parsed,
            section=section,
            headline=headline[:255],
            tags=data["tags"],
            author=data["author"],
            image=image,
            language=data["language"],
            publish=data["publish"] and can_publish,
            override_reason=data.get("override_reason", "") if can_publish else "",
            user=request.user,
        )
    finally:
        if image is not None:
            image.close()
        if stored and stored.startswith(f"{TMP_FOLDER}/"):
            default_storage.delete(stored)


def links(results) -> str:
    return format_html_join(
        ", ",
        '<a href="{}">{}</a>',
        ((admin_change_url(result.article), result.headline) for result in results),
    )


def forget_stale_uploads() -> None:
    """Delete pictures of previews nobody confirmed."""
    try:
        _folders, names = default_storage.listdir(TMP_FOLDER)
    except FileNotFoundError:
        return
    limit = timezone.now() - STALE_UPLOAD_AGE
    for name in names:
        path = f"{TMP_FOLDER}/{name}"
        if default_storage.get_modified_time(path) < limit:
            default_storage.delete(path)


def render_page(request, model_admin, template: str, context: dict):
    opts = model_admin.model._meta
    return TemplateResponse(
        request,
        template,
        {
            **model_admin.admin_site.each_context(request),
            "opts": opts,
            "title": _("Import a text"),
            "has_view_permission": model_admin.has_view_permission(request),
            "image_extensions": ", ".join(IMAGE_EXTENSIONS),
            **context,
        },
    )
