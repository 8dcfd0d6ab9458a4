"""Builders for test data: plain functions with sensible defaults."""

from __future__ import annotations

import io
import itertools
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from articles.models import Article, Author, Photo, PhotoCredit, Section
from articles.roles import EDITOR, WRITER

_counter = itertools.count(1)


def image_bytes(width: int = 64, height: int = 48, fmt: str = "JPEG", color=(200, 80, 40)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), color).save(buffer, fmt)
    return buffer.getvalue()


def image_upload(name: str = "photo.jpg", **kwargs) -> SimpleUploadedFile:
    fmt = kwargs.pop("fmt", "JPEG")
    content_type = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}[fmt]
    return SimpleUploadedFile(name, image_bytes(fmt=fmt, **kwargs), content_type=content_type)


def make_section(name: str | None = None, **kwargs) -> Section:
    n = next(_counter)
    name = name or f"Rubrique {n}"
    kwargs.setdefault("slug", f"rubrique-{n}" if name.startswith("Rubrique") else None)
    if kwargs["slug"] is None:
        from articles.text import slugify

        kwargs["slug"] = slugify(name)
    return Section.objects.create(name=name, **kwargs)


def make_author(name: str | None = None, **kwargs) -> Author:
    return Author.objects.create(name=name or f"Journaliste {next(_counter)}", **kwargs)


def make_credit(text: str = "Jeanne Martin/AFP") -> PhotoCredit:
    return PhotoCredit.from_text(text)


def make_photo(**kwargs) -> Photo:
    """A photo taken in as every picture is (the same default picture every time)."""
    from articles.photos.intake import OnDuplicate, take_in

    credit = kwargs.pop("credit", None) or make_credit()
    kwargs.setdefault("alt_text", "Une place au lever du jour")
    kwargs.setdefault("caption", "La place centrale, mardi matin.")
    image = kwargs.pop("image", None) or image_upload()
    photo = Photo(**kwargs)
    return take_in(
        image, credit=credit, user=None, photo=photo, on_duplicate=OnDuplicate.NEW_COPY
    ).photo


def make_article(**kwargs) -> Article:
    """A published French article unless told otherwise."""
    tags = kwargs.pop("tags", [])
    authors = kwargs.pop("authors", [])
    n = next(_counter)
    kwargs.setdefault("headline", f"Un sommet se prépare à Genève, épisode {n}")
    kwargs.setdefault("standfirst", "Les délégations arrivent ce soir.")
    kwargs.setdefault(
        "body", "<p>Premier paragraphe.</p><h2>Un intertitre</h2><p>Second paragraphe.</p>"
    )
    if "section" not in kwargs:
        kwargs["section"] = make_section()
    kwargs.setdefault("status", Article.Status.PUBLISHED)
    if kwargs["status"] == Article.Status.PUBLISHED:
        kwargs.setdefault("published_at", timezone.now() - timedelta(hours=n))
    article = Article.objects.create(**kwargs)
    if tags:
        article.tags.add(*tags)
    if authors:
        article.authors.add(*authors)
    return article


def make_user(username: str | None = None, role: str | None = None, **kwargs):
    User = get_user_model()
    user = User.objects.create_user(
        username=username or f"user{next(_counter)}",
        password="correct-horse-battery",
        is_staff=role is not None or kwargs.pop("is_staff", False),
        **kwargs,
    )
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


def make_writer(**kwargs):
    return make_user(role=WRITER, **kwargs)


def make_editor(**kwargs):
    return make_user(role=EDITOR, **kwargs)
