"""
Demo content for a fresh install: ``load_demo()`` creates a handful of
articles (our own text), with sections, authors, generated photos and tags,
plus, in development only, an editor and a writer account.

Idempotent: everything is looked up by a stable key (slugs, usernames) and
only created when missing, so running it twice changes nothing, and an
article edited in the admin is never overwritten.
"""

from __future__ import annotations

import hashlib
import io
import random
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageChops, ImageDraw, ImageFilter

from articles.models import Article, ArticleNote, Author, Photo, Section
from articles.photos.intake import OnDuplicate, take_in
from articles.roles import EDITOR, WRITER

from .stories import ARTICLES, AUTHORS, SECTIONS, DemoArticle

PHOTO_SIZE = (1600, 900)  # pixels, 16:9
PHOTO_QUALITY = 85  # JPEG quality

# Development logins, printed by the command; never created when DEBUG is off.
DEMO_PASSWORD = "newsroom-demo"
EDITOR_USERNAME = "editeur"
WRITER_USERNAME = "redacteur"
WRITER_AUTHOR_SLUG = "claire-dubois"


@dataclass
class DemoReport:
    created: dict[str, int] = field(default_factory=dict)
    accounts: list[tuple[str, str, str]] = field(default_factory=list)  # username, password, role
    accounts_skipped: bool = False
    admin_url: str = ""

    def count(self, kind: str) -> None:
        self.created[kind] = self.created.get(kind, 0) + 1


def load_demo(*, accounts: bool | None = None) -> DemoReport:
    """
    Create whatever demo content is missing. Demo accounts are made only
    when ``accounts`` is true, which defaults to ``settings.DEBUG``.
    """
    if accounts is None:
        accounts = settings.DEBUG
    report = DemoReport(admin_url=settings.NEWSROOM_BASE_URL + reverse("admin:index"))
    with transaction.atomic():
        sections = ensure_sections(report)
        authors = ensure_authors(report)
        users = ensure_accounts(report, authors) if accounts else {}
        report.accounts_skipped = not accounts
        for demo in ARTICLES:
            ensure_article(demo, sections, authors, users, report)
    return report


def ensure_sections(report: DemoReport) -> dict[str, Section]:
    sections: dict[str, Section] = {}
    for slug, name, parent, position, description in SECTIONS:
        section, created = Section.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "position": position,
                "description": description,
                "parent": sections.get(parent) if parent else None,
            },
        )
        if created:
            report.count("sections")
        sections[slug] = section
    return sections


def ensure_authors(report: DemoReport) -> dict[str, Author]:
    authors: dict[str, Author] = {}
    for slug, name, bio in AUTHORS:
        author, created = Author.objects.get_or_create(
            slug=slug, defaults={"name": name, "bio": bio}
        )
        if created:
            report.count("authors")
        authors[slug] = author
    return authors


def ensure_accounts(report: DemoReport, authors: dict[str, Author]) -> dict[str, object]:
    """The development logins, with a known password reset on every run."""
    User = get_user_model()
    users = {}
    for username, role, label in (
        (EDITOR_USERNAME, EDITOR, _("Editor")),
        (WRITER_USERNAME, WRITER, _("Writer")),
    ):
        user, created = User.objects.get_or_create(username=username)
        user.is_staff = True
        user.is_active = True
        user.set_password(DEMO_PASSWORD)
        user.save()
        user.groups.add(Group.objects.get(name=role))
        if created:
            report.count("accounts")
        report.accounts.append((username, DEMO_PASSWORD, label))
        users[username] = user
    # The writer signs as Claire Dubois, so the draft below is theirs to edit.
    author = authors[WRITER_AUTHOR_SLUG]
    if author.user_id is None and not Author.objects.filter(user=users[WRITER_USERNAME]).exists():
        author.user = users[WRITER_USERNAME]
        author.save(update_fields=["user"])
    return users


def ensure_article(
    demo: DemoArticle,
    sections: dict[str, Section],
    authors: dict[str, Author],
    users: dict[str, object],
    report: DemoReport,
) -> Article:
    article = Article.objects.filter(slug=demo.slug).first()
    if article is None:
        published_at = None
        if demo.status == Article.Status.PUBLISHED:
            published_at = timezone.now() - timedelta(hours=demo.hours_ago)
        creator = users.get(
            WRITER_USERNAME if demo.status == Article.Status.DRAFT else EDITOR_USERNAME
        )
        article = Article.objects.create(
            slug=demo.slug,
            headline=demo.headline,
            standfirst=demo.standfirst,
            body=" ".join(demo.body.split()),
            section=sections[demo.section],
            language=demo.language,
            status=demo.status,
            published_at=published_at,
            created_by=creator,
        )
        article.authors.set([authors[slug] for slug in demo.authors])
        article.tags.add(*demo.tags)
        report.count("articles")
    if article.lead_photo_id is None:
        article.lead_photo = make_demo_photo(demo)
        article.save(update_fields=["lead_photo", "updated_at"])
        report.count("photos")
    if demo.correction and article.published_at and not article.notes.exists():
        ArticleNote.objects.create(
            article=article,
            kind=ArticleNote.Kind.CORRECTION,
            text=demo.correction,
            published_at=min(article.published_at + timedelta(hours=1), timezone.now()),
        )
        report.count("corrections")
    return article


def make_demo_photo(demo: DemoArticle) -> Photo:
    image = demo_image_bytes(demo.slug, demo.palette, size=PHOTO_SIZE)
    # Through the intake like any picture; each demo picture is its own, even
    # if two generated ones happen to look alike.
    return take_in(
        ContentFile(image, name=f"{demo.slug}.jpg"),
        credit=demo.credit,
        caption=demo.caption,
        alt_text=demo.alt_text,
        user=None,
        on_duplicate=OnDuplicate.NEW_COPY,
    ).photo


def demo_image_bytes(
    key: str,
    palette: tuple[tuple[int, int, int], tuple[int, int, int]],
    size: tuple[int, int],
) -> bytes:
    """A soft diagonal gradient with blurred shapes: same key, same picture."""
    rng = random.Random(hashlib.sha256(key.encode()).digest())
    # Drawn at a quarter of the size, then enlarged: the shapes are blurred anyway.
    width, height = max(size[0] // 4, 1), max(size[1] // 4, 1)
    small = (width, height)
    vertical = Image.linear_gradient("L").resize(small)
    horizontal = Image.linear_gradient("L").rotate(90).resize(small)
    mask = ImageChops.add(vertical, horizontal, scale=2)
    if rng.random() < 0.5:
        mask = mask.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    picture = Image.composite(
        Image.new("RGBA", small, (*palette[0], 255)),
        Image.new("RGBA", small, (*palette[1], 255)),
        mask,
    )
    for _step in range(7):
        radius = rng.randint(height // 10 + 1, height // 3 + 1)
        x, y = rng.randint(0, width), rng.randint(0, height)
        color = rng.choice((*palette, (255, 255, 255)))
        # Each shape on its own layer of its own colour, so the blur has no dark fringe.
        layer = Image.new("RGBA", small, (*color, 0))
        draw = ImageDraw.Draw(layer)
        alpha = rng.randint(50, 120)
        if rng.random() < 0.6:
            draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=(*color, alpha))
        else:
            draw.rectangle(
                (x - radius, y - radius // 2, x + radius, y + radius // 2), fill=(*color, alpha)
            )
        picture = Image.alpha_composite(
            picture, layer.filter(ImageFilter.GaussianBlur(height / 60))
        )
    picture = picture.convert("RGB").resize(size, Image.Resampling.BICUBIC)
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=PHOTO_QUALITY, optimize=True, progressive=True)
    return buffer.getvalue()
