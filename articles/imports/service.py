"""
Turn parsed text exports into articles: one file, one transaction.

Used by the ``import_article`` command and the admin's "Importer un texte"
page; both only gather options and report the ``ImportResult``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import reversion
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles.imports.plaintext import ExportError, ParsedArticle, parse_export
from articles.models import Article, Author, Photo, PhotoCredit, Section, normalize_credit
from articles.photos.images import validate_image_file
from articles.photos.intake import DuplicatePhoto, OnDuplicate, take_in

# Exports are a few kilobytes; anything much larger is not a story.
MAX_EXPORT_BYTES = 2 * 1024 * 1024
IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png", ".webp")


class Action:
    CREATED = "created"
    UPDATED = "updated"
    EXISTING = "existing"
    WOULD_CREATE = "would create"
    WOULD_UPDATE = "would update"


ACTION_LABELS = {
    Action.CREATED: gettext_lazy("created"),
    Action.UPDATED: gettext_lazy("updated"),
    Action.EXISTING: gettext_lazy("already imported"),
    Action.WOULD_CREATE: gettext_lazy("would create"),
    Action.WOULD_UPDATE: gettext_lazy("would update"),
}


@dataclass
class ImportResult:
    parsed: ParsedArticle
    action: str
    article: Article | None = None
    headline: str = ""
    warnings: list[str] = field(default_factory=list)

    @property
    def action_label(self) -> str:
        return str(ACTION_LABELS[self.action])

    @property
    def url(self) -> str:
        """Public address when published (or scheduled), admin address for a draft."""
        if self.article is None:
            return ""
        return article_url(self.article)


def article_url(article: Article) -> str:
    if article.status == Article.Status.PUBLISHED:
        return settings.NEWSROOM_BASE_URL + article.get_absolute_url()
    return settings.NEWSROOM_BASE_URL + admin_change_url(article)


def admin_change_url(article: Article) -> str:
    try:
        return reverse("admin:articles_article_change", args=[article.pk])
    except NoReverseMatch:
        # The admin may not be mounted (a command-only deployment).
        return f"/admin/articles/article/{article.pk}/change/"


def read_export(path: Path) -> ParsedArticle:
    """Read and parse one export file, refusing anything but a plain regular file."""
    name = str(path)
    if path.is_symlink():
        raise ExportError(name, None, _("Symbolic links are refused."))
    if not path.is_file():
        raise ExportError(name, None, _("No such file."))
    if path.stat().st_size > MAX_EXPORT_BYTES:
        raise ExportError(
            name, None, _("The file is larger than %(max)d MB.") % {"max": MAX_EXPORT_BYTES >> 20}
        )
    return parse_export(path.read_bytes(), name=name)


def image_beside(path: Path) -> Path | None:
    """The picture with the same stem next to an export: story.txt + story.jpg."""
    for extension in IMAGE_EXTENSIONS:
        for candidate in (path.with_suffix(extension), path.with_suffix(extension.upper())):
            if candidate.is_file() and not candidate.is_symlink():
                return candidate
    return None


def collect_paths(arguments: list[str]) -> tuple[list[Path], list[ExportError]]:
    """
    The text files to read: the files given, and the *.txt directly inside the
    directories given, sorted. A relative path such as ../exports/story.txt
    is the user's own choice; inside a directory, symbolic links (which could
    point anywhere) are refused, so the command reads only what it was pointed at.
    """
    paths: list[Path] = []
    failures: list[ExportError] = []
    for argument in arguments:
        path = Path(argument)
        if path.is_symlink():
            failures.append(ExportError(argument, None, _("Symbolic links are refused.")))
        elif path.is_dir():
            for entry in sorted(path.iterdir()):
                if entry.suffix.lower() != ".txt":
                    continue
                if entry.is_symlink():
                    failures.append(ExportError(str(entry), None, _("Symbolic links are refused.")))
                elif entry.is_file():
                    paths.append(entry)
        elif path.is_file():
            paths.append(path)
        else:
            failures.append(ExportError(argument, None, _("No such file or directory.")))
    return paths, failures


def split_tags(text: str | Iterable[str] | None) -> list[str]:
    """ "Ukraine, russie, ukraine" -> ["Ukraine", "russie"] (first spelling wins)."""
    if not text:
        return []
    parts = text.split(",") if isinstance(text, str) else text
    seen: dict[str, str] = {}
    for part in parts:
        name = " ".join(part.split())[:100]
        if name and name.casefold() not in seen:
            seen[name.casefold()] = name
    return list(seen.values())


def import_export(
    source: Path | str | ParsedArticle,
    *,
    section: Section | str,
    headline: str = "",
    tags: str | Iterable[str] | None = None,
    author: str = "",
    image: Path | str | File | None = None,
    language: str = Article.Language.FRENCH,
    publish: bool = False,
    override_reason: str = "",
    update: bool = False,
    dry_run: bool = False,
    user=None,
    credits: dict[str, PhotoCredit] | None = None,
    on_duplicate_photo: str = OnDuplicate.REFUSE,
) -> ImportResult:
    """
    Create (or, with ``update``, refresh) the article of one export. Raises
    ``ExportError`` naming the file; then nothing of that file is written.

    ``credits`` is an optional cache shared by the files of one batch, so that
    a thousand files with the same credit do not look it up a thousand times.
    """
    parsed = source if isinstance(source, ParsedArticle) else read_export(Path(source))
    name = parsed.name
    section = _resolve_section(section, name)
    if language not in Article.Language.values:
        raise ExportError(
            name, None, _("Unknown language “%(language)s”.") % {"language": language}
        )
    given_headline = " ".join((headline or "").split())
    headline = given_headline or parsed.headline
    if len(headline) > Article._meta.get_field("headline").max_length:
        raise ExportError(name, None, _("The headline is too long."))
    image_file, image_hash = _open_image(image, name)
    try:
        if image_file is not None and not parsed.credit:
            raise ExportError(
                name, 1, _("A picture needs a credit: add “Photo : credit” to the date line.")
            )
        if publish:
            try:
                Article.check_can_publish(user)
            except PermissionDenied as error:
                raise ExportError(name, None, str(error)) from None

        existing = (
            Article.objects.not_deleted()
            .filter(import_key=parsed.import_key)
            .select_related("section")
            .order_by("-pk")
            .first()
        )
        if dry_run:
            action = Action.WOULD_CREATE if existing is None else Action.WOULD_UPDATE
            if existing is not None and not update:
                action = Action.EXISTING
            return ImportResult(parsed=parsed, action=action, article=existing, headline=headline)
        if existing is not None and not update:
            return ImportResult(
                parsed=parsed, action=Action.EXISTING, article=existing, headline=existing.headline
            )

        stored_names: list[str] = []
        try:
            # One revision for the whole import (article, tags, byline), by its user.
            with transaction.atomic(), reversion.create_revision(atomic=False):
                reversion.set_user(user if getattr(user, "pk", None) else None)
                result = _write(
                    parsed,
                    existing,
                    section=section,
                    headline=headline,
                    headline_given=bool(given_headline),
                    tags=split_tags(tags),
                    author=" ".join((author or "").split()),
                    image_file=image_file,
                    image_hash=image_hash,
                    language=language,
                    publish=publish,
                    override_reason=override_reason,
                    user=user,
                    stored_names=stored_names,
                    credits={} if credits is None else credits,
                    on_duplicate_photo=on_duplicate_photo,
                )
        except BaseException:
            # The rows are rolled back; the picture already stored must go too.
            for stored in stored_names:
                Photo._meta.get_field("image").storage.delete(stored)
            raise
    finally:
        # A picture we opened ourselves is ours to close, whatever happened.
        if image_file is not None and isinstance(image, Path | str):
            image_file.close()
    return result


def _write(
    parsed: ParsedArticle,
    article: Article | None,
    *,
    section: Section,
    headline: str,
    headline_given: bool,
    tags: list[str],
    author: str,
    image_file: File | None,
    image_hash: str,
    language: str,
    publish: bool,
    user,
    override_reason: str = "",
    stored_names: list[str],
    credits: dict[str, PhotoCredit],
    on_duplicate_photo: str = OnDuplicate.REFUSE,
) -> ImportResult:
    warnings: list[str] = []
    credit = None
    if parsed.credit:
        key = normalize_credit(parsed.credit)
        credit = credits.get(key)
        if credit is None:
            credit = PhotoCredit.from_text(parsed.credit)
            # Remember it only once it is committed: a rolled-back file must
            # not hand a phantom credit to the next one.
            transaction.on_commit(lambda: credits.setdefault(key, credit))
    photo = None
    if image_file is not None:
        photo = _take_in_picture(parsed, image_file, credit, user, on_duplicate_photo, stored_names)
        if not photo.alt_text.strip():
            warnings.append(
                _("The lead photo has no alternative text yet: write it before publishing.")
            )
    elif credit is not None:
        warnings.append(
            _(
                "The credit “%(credit)s” has no picture yet: add a lead photo and choose "
                "this credit."
            )
            % {"credit": credit.line}
        )

    if article is None:
        action = Action.CREATED
        article = Article(
            headline=headline,
            section=section,
            language=language,
            status=Article.Status.DRAFT,
            created_by=user if getattr(user, "pk", None) else None,
            import_key=parsed.import_key,
        )
    else:
        action = Action.UPDATED
        # The editor may have rewritten the provisional headline: keep theirs.
        if headline_given:
            article.headline = headline
    article.body = parsed.body_html
    if article.status != Article.Status.PUBLISHED:
        article.published_at = parsed.published_at
    if photo is not None:
        article.lead_photo = photo
    article.save()

    if tags:
        article.tags.add(*tags)
    if author:
        byline = Author.objects.filter(name__iexact=author).first() or Author.objects.create(
            name=author
        )
        article.authors.add(byline)

    if publish and article.status != Article.Status.PUBLISHED:
        try:
            article.publish(user=user, at=parsed.published_at, override_reason=override_reason)
        except ValidationError as error:
            raise ExportError(
                parsed.name,
                None,
                _("Cannot be published: %(reasons)s")
                % {"reasons": " ".join(str(message) for message in error.messages)},
            ) from None
    return ImportResult(
        parsed=parsed, action=action, article=article, headline=article.headline, warnings=warnings
    )


def _take_in_picture(parsed, image_file, credit, user, on_duplicate, stored_names) -> Photo:
    """The photo step: articles.photos.intake, the one way a picture enters the library."""
    try:
        intake = take_in(
            image_file,
            credit=credit,
            user=user if getattr(user, "pk", None) else None,
            on_duplicate=on_duplicate,
        )
    except DuplicatePhoto as duplicate:
        raise ExportError(parsed.name, None, " ".join(duplicate.messages)) from None
    except (ValidationError, PermissionDenied) as error:
        reason = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
        raise ExportError(parsed.name, None, reason) from None
    stored_names.extend(intake.written)
    return intake.photo


def _resolve_section(section: Section | str, name: str) -> Section:
    if isinstance(section, Section):
        return section
    found = Section.objects.filter(slug=section).first() if section else None
    if found is None:
        raise ExportError(name, None, _("Unknown section “%(slug)s”.") % {"slug": section})
    return found


def _open_image(image: Path | str | File | None, name: str) -> tuple[File | None, str]:
    """Validate the picture and return it open, with the SHA-256 of its bytes."""
    if image is None or image == "":
        return None, ""
    if isinstance(image, File):
        image_file = image
        label = Path(image.name or "").name
    else:
        path = Path(image)
        label = str(path)
        if path.is_symlink():
            raise ExportError(
                name, None, _("The image %(image)s is a symbolic link.") % {"image": label}
            )
        if not path.is_file():
            raise ExportError(
                name, None, _("The image %(image)s does not exist.") % {"image": label}
            )
        image_file = File(path.open("rb"), name=path.name)
    try:
        validate_image_file(image_file)
    except ValidationError as error:
        if not isinstance(image, File):
            image_file.close()
        raise ExportError(
            name,
            None,
            _("The image %(image)s was refused: %(reason)s")
            % {"image": label, "reason": " ".join(error.messages)},
        ) from None
    digest = hashlib.sha256()
    image_file.seek(0)
    for chunk in iter(lambda: image_file.read(1 << 16), b""):
        digest.update(chunk)
    image_file.seek(0)
    return image_file, digest.hexdigest()
