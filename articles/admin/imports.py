"""
The admin's import page: upload agency files or text exports, check the preview, confirm.
The preview IS the import pipeline run with ``dry_run``: the same section,
language, credit, picture and permission checks as the command, through
``articles.imports.service``. The files travel to the confirmation inside a
signed (tamper-proof), compressed hidden field; the pictures an item uses
wait outside the public media (``articles.photos.pending``) until then.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, replace
from pathlib import PurePath

from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from articles.admin.import_form import ImportForm
from articles.imports.delivery import IMAGE_EXTENSIONS, UploadedSiblings
from articles.imports.formats import parse_file
from articles.imports.items import ExportError, ParsedItem
from articles.imports.options import ImportOptions
from articles.imports.service import (
    Action,
    ImportCache,
    ImportResult,
    admin_change_url,
    import_item,
)
from articles.models import Article, Section
from articles.photos import pending
from articles.photos.intake import OnDuplicate

SIGNING_SALT = "articles.admin.imports"
# The preview must be confirmed within this many seconds.
PREVIEW_MAX_AGE = 60 * 60
# Actions whose article already exists: the preview links to it.
KNOWN = {Action.EXISTING, Action.UNCHANGED, Action.WOULD_UPDATE, Action.WOULD_WITHDRAW}


@dataclass
class Preview:
    """One item of an uploaded file as the pipeline's dry run sees it (or its error)."""

    name: str
    result: ImportResult | None = None
    error: str = ""
    index: int = -1  # position among the importable items, names its headline field
    existing_url: str = ""

    @property
    def parsed(self) -> ParsedItem | None:
        return self.result.parsed if self.result else None

    @property
    def existing(self) -> Article | None:
        known = self.result and self.result.action in KNOWN
        return self.result.article if known else None

    @property
    def image(self) -> str:
        return ", ".join(self.result.pictures) if self.result else ""


@dataclass
class Upload:
    name: str
    data: bytes


def import_view(request, model_admin):
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    can_publish = request.user.has_perm("articles.publish_article")
    if request.method == "POST" and "confirm" in request.POST:
        return confirm(request, can_publish)

    form = ImportForm(can_publish=can_publish)
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES, can_publish=can_publish)
        if form.is_valid():
            return preview(request, model_admin, form)
    return render_page(request, model_admin, "admin/articles/import.html", {"form": form})


def uploaded_siblings(images) -> UploadedSiblings:
    def opener(upload):
        def open_it():
            # A copy: the pipeline closes what it opened, the upload stays readable.
            upload.seek(0)
            name = PurePath(upload.name).name
            return name, ContentFile(upload.read(), name=name)

        return open_it

    return UploadedSiblings({PurePath(u.name).name.casefold(): opener(u) for u in images})


def pending_siblings(tokens: dict[str, str]) -> UploadedSiblings:
    def opener(name, token):
        def open_it():
            upload = pending.take(token)
            if upload is None:
                raise ExportError(
                    name, None, _("The picture is no longer available: upload it again.")
                )
            return name, upload

        return open_it

    return UploadedSiblings({n.casefold(): opener(n, t) for n, t in tokens.items()})


def preview(request, model_admin, form: ImportForm):
    options = replace(form.import_options(request.user), dry_run=True)
    images = form.cleaned_data["images"]
    siblings = uploaded_siblings(images)
    previews, uploads, used = [], [], set()
    for upload in form.cleaned_data["texts"]:
        name = PurePath(upload.name).name
        item = Upload(name=name, data=upload.read())
        file_previews = dry_run(item, options, siblings)
        previews += file_previews
        results = [p.result for p in file_previews if p.result]
        if results:
            uploads.append(item)
            for result in results:
                used.update(result.pictures)
    by_name = {PurePath(image.name).name: image for image in images}
    # Kept outside the public media until the confirmation.
    tokens = {name: pending.keep(by_name[name]) for name in sorted(used) if name in by_name}
    importable = [p for p in previews if p.result]
    for index, item in enumerate(importable):
        item.index = index
        if item.existing:
            item.existing_url = admin_change_url(item.existing)
    payload = sign_payload(request.user, options, uploads, tokens)
    unused = [name for name in by_name if name not in used]
    return render_page(
        request,
        model_admin,
        "admin/articles/import_preview.html",
        {
            "previews": previews,
            "importable": importable,
            "unused_images": unused,
            "payload": payload,
            "options": form.cleaned_data,
            "language_label": dict(form.fields["language"].choices)[options.language],
        },
    )


def sign_payload(user, options: ImportOptions, uploads: list[Upload], tokens: dict) -> str:
    """What the confirmation needs, signed: the options, the files, the waiting pictures."""
    chosen = {
        "section": options.section.pk,
        "language": options.language,
        "tags": list(options.tags),
        "author": options.author,
        "publish": options.publish,
        "override_reason": options.override_reason,
        "photo_credit": options.on_duplicate_photo,
    }
    files = [{"name": u.name, "data": base64.b64encode(u.data).decode()} for u in uploads]
    data = {"user": user.pk, "options": chosen, "files": files, "pictures": tokens}
    return signing.dumps(data, salt=SIGNING_SALT, compress=True)


def dry_run(upload: Upload, options: ImportOptions, siblings) -> list[Preview]:
    try:
        items = parse_file(upload.data, upload.name)
    except ExportError as error:
        return [Preview(name=upload.name, error=str(error))]
    previews = []
    for item in items:
        try:
            previews.append(Preview(item.name, result=import_item(item, options, siblings)))
        except ExportError as error:
            previews.append(Preview(item.name, error=str(error)))
    return previews


def confirm(request, can_publish: bool):
    try:
        data = signing.loads(
            request.POST.get("payload", ""), salt=SIGNING_SALT, max_age=PREVIEW_MAX_AGE
        )
    except signing.BadSignature:
        messages.error(request, _("The preview has expired. Upload the files again."))
        return HttpResponseRedirect(reverse("admin:articles_article_import"))
    if data.get("user") != request.user.pk:
        raise PermissionDenied
    saved = data["options"]
    section = Section.objects.filter(pk=saved["section"]).first()
    if section is None:
        messages.error(request, _("The chosen section no longer exists."))
        return HttpResponseRedirect(reverse("admin:articles_article_import"))
    options = ImportOptions(
        section=section,
        language=saved["language"],
        tags=tuple(saved["tags"]),
        author=saved["author"],
        publish=saved["publish"] and can_publish,
        override_reason=saved["override_reason"] if can_publish else "",
        on_duplicate_photo=saved.get("photo_credit", OnDuplicate.REUSE),
        user=request.user,
    )
    outcomes = import_files(request, data, options)
    report(request, outcomes)
    return HttpResponseRedirect(reverse("admin:articles_article_changelist"))


def import_files(request, data: dict, options: ImportOptions) -> list:
    outcomes, index, cache = [], 0, ImportCache()
    siblings = pending_siblings(data.get("pictures", {}))
    for upload in data["files"]:
        try:
            items = parse_file(base64.b64decode(upload["data"]), upload["name"])
        except ExportError as error:
            outcomes.append(error)
            continue
        for item in items:
            headline = " ".join(request.POST.get(f"headline-{index}", "").split())
            index += 1
            chosen = replace(options, headline=headline if headline != item.headline else "")
            try:
                outcomes.append(import_item(item, chosen, siblings, cache))
            except ExportError as error:
                outcomes.append(error)
    for token in data.get("pictures", {}).values():
        pending.discard(token)
    return outcomes


def report(request, outcomes: list) -> None:
    imported, already = [], []
    for outcome in outcomes:
        if isinstance(outcome, ExportError):
            messages.error(request, str(outcome))
            continue
        unchanged = outcome.action in {Action.EXISTING, Action.UNCHANGED}
        (already if unchanged else imported).append(outcome)
        for warning in outcome.warnings:
            messages.warning(request, f"{outcome.headline}: {warning}")
    if imported:
        messages.success(request, format_html("{} {}", _("Imported:"), links(imported)))
    if already:
        messages.info(
            request,
            format_html("{} {}", _("Already imported, left unchanged:"), links(already)),
        )


def links(results) -> str:
    return format_html_join(
        ", ",
        '<a href="{}">{}</a>',
        ((admin_change_url(r.article), r.headline) for r in results if r.article is not None),
    )


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
