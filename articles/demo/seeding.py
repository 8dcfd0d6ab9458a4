"""
Bulk demo content: ``seed_demo(n)`` fills the database with ``n`` realistic
articles, fast enough for 100,000 (benchmarks, query-budget checks, demos).

Everything the reader sees is drawn from ``random.Random(seed)``: the same
seed gives the same sections, authors, tags, headlines, slugs, bodies and
photos. Dates are drawn as offsets from a *reference time*, the start of the
run truncated to the minute: published articles fall within the five years
before it, scheduled ones within the two weeks after it.

Articles are written with ``bulk_create`` (no ``Article.save()``), so bodies
are produced as already-sanitized HTML and slugs are precomputed. Seeded
content is identifiable: ``import_key`` starts with ``seed:`` and photo files
live under ``photos/seed/``; ``flush_seeded()`` deletes it.
"""

from __future__ import annotations

import bisect
import hashlib
import itertools
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import reset_queries, transaction
from django.db.models import Count
from django.utils import timezone

from articles.models import (
    Article,
    Author,
    Photo,
    PhotoCredit,
    PreviousSlug,
    Section,
    Tag,
    TaggedArticle,
)
from articles.text import slugify

from .database import analyze_database, rebuild_search_index
from .seed_text import (
    FIRST_NAMES,
    LAST_NAMES,
    ORGANISATIONS,
    PHOTO_CREDITS,
    PHOTO_SCENES,
    PHOTO_SIZE,
    PLACES,
    SECTION_DESCRIPTIONS,
    SUB_SECTIONS,
    THEMES,
    TOP_SECTIONS,
    _body,
    _headline,
    _photo_bytes,
    _standfirst,
)

SEED_KEY_PREFIX = "seed:"
PHOTO_DIR = "photos/seed"
ARTICLES_PER_PHOTO = 10
ARCHIVE_SECONDS = 5 * 365 * 24 * 3600  # publication dates spread over five years
SCHEDULE_SECONDS = 14 * 24 * 3600  # scheduled articles appear within two weeks

# Share of articles per status (the rest is published in the past).
DRAFT_SHARE = 0.03
REVIEW_SHARE = 0.02
SCHEDULED_SHARE = 0.01


@dataclass
class SeedReport:
    articles: int = 0
    photos: int = 0
    sections: int = 0
    authors: int = 0
    tags: int = 0
    seconds: float = 0.0
    indexed: bool = False


@dataclass
class _Pools:
    """The people, places and topics one run draws from."""

    sections: list[Section]
    section_weights: list[float]
    authors: list[Author]
    tags: list[Tag]
    tag_weights: list[float]
    credits: list[PhotoCredit]
    cumulative_sections: list[float] = field(init=False)
    cumulative_tags: list[float] = field(init=False)

    def __post_init__(self):
        self.cumulative_sections = list(itertools.accumulate(self.section_weights))
        self.cumulative_tags = list(itertools.accumulate(self.tag_weights))


ProgressCallback = Callable[[int, int, float], None]


def seed_demo(
    articles: int,
    seed: int = 1,
    batch_size: int = 2000,
    progress: ProgressCallback | None = None,
    index: bool = True,
    analyze: bool = True,
    index_progress: Callable[[int, int], None] | None = None,
) -> SeedReport:
    """
    Add ``articles`` generated articles (with their sections, authors, tags and
    photos) to the database, ``batch_size`` per transaction; ``progress`` is
    called after each batch with (done, total, seconds elapsed).
    """
    if articles < 0:
        raise ValueError("the number of articles cannot be negative")
    if batch_size < 1:
        raise ValueError("the batch size must be at least 1")
    started = time.monotonic()
    rng = random.Random(seed)
    reference = timezone.now().replace(second=0, microsecond=0)
    with transaction.atomic():
        pools = _make_pools(rng)
    first_number = Article.objects.filter(import_key__startswith=SEED_KEY_PREFIX).count() + 1
    report = SeedReport(
        sections=len(pools.sections), authors=len(pools.authors), tags=len(pools.tags)
    )
    for start in range(0, articles, batch_size):
        count = min(batch_size, articles - start)
        with transaction.atomic():
            photos = _create_photos(rng, pools, seed, first_number + start, count)
            _create_articles(rng, pools, photos, seed, first_number + start, count, reference)
        report.articles += count
        report.photos += len(photos)
        if settings.DEBUG:
            # Django then keeps every query's SQL: megabytes per batch here.
            reset_queries()
        if progress:
            progress(report.articles, articles, time.monotonic() - started)
    if index:
        report.indexed = rebuild_search_index(index_progress)
    if analyze:
        analyze_database()
    report.seconds = time.monotonic() - started
    return report


def flush_seeded() -> int:
    """Delete seeded articles and photos, then the seed's unused sections, authors and tags."""
    seeded = Article.objects.filter(import_key__startswith=SEED_KEY_PREFIX)
    count = seeded.count()
    seeded.delete()
    photos = Photo.objects.filter(image__startswith=PHOTO_DIR + "/")
    for name in photos.values_list("image", flat=True).iterator():
        default_storage.delete(name)
    photos.delete()
    Tag.objects.filter(slug__in={slugify(name) for name in _tag_names()}).annotate(
        used=Count("tagged_articles")
    ).filter(used=0).delete()
    Author.objects.filter(
        slug__in={slugify(f"{first} {last}") for first in FIRST_NAMES for last in LAST_NAMES},
        user__isnull=True,
    ).annotate(used=Count("articles")).filter(used=0).delete()
    seeded_sections = {slug for _name, slug in TOP_SECTIONS} | {
        slug for children in SUB_SECTIONS.values() for _name, slug in children
    }
    unused = Section.objects.filter(slug__in=seeded_sections).annotate(
        used=Count("articles"), subsections=Count("children")
    )
    unused.filter(used=0, parent__isnull=False).delete()
    unused.filter(used=0, subsections=0, parent__isnull=True).delete()
    return count


# --- Pools --------------------------------------------------------------------


def _tag_names() -> list[str]:
    people = [
        f"{first} {LAST_NAMES[(index + shift) % len(LAST_NAMES)]}"
        for shift in (7, 19)
        for index, first in enumerate(FIRST_NAMES)
    ]
    return [*PLACES, *THEMES, *ORGANISATIONS, *people]


def _make_pools(rng: random.Random) -> _Pools:
    sections = _make_sections(rng)
    # A few sections carry most of the news, as on a real site.
    section_weights = [rng.uniform(0.5, 3.0) for _ in sections]

    first_names = rng.sample(FIRST_NAMES, len(FIRST_NAMES))
    last_names = rng.sample(LAST_NAMES, len(LAST_NAMES))
    author_names = [f"{first} {last}" for first, last in zip(first_names, last_names, strict=True)]
    author_names = author_names[: rng.randint(28, 30)]
    authors = _get_or_bulk_create(
        Author,
        [Author(name=name, slug=slugify(name), bio=_bio(rng, name)) for name in author_names],
    )

    names = _tag_names()
    rng.shuffle(names)
    tags = _get_or_bulk_create(Tag, [Tag(name=name, slug=slugify(name)) for name in names])
    # Zipf-like popularity: a handful of tags appear everywhere, most rarely.
    tag_weights = [1 / (rank + 1) ** 0.8 for rank in range(len(tags))]

    credits = [PhotoCredit.from_text(text) for text in PHOTO_CREDITS]
    return _Pools(sections, section_weights, authors, tags, tag_weights, credits)


def _make_sections(rng: random.Random) -> list[Section]:
    top = sorted(rng.sample(TOP_SECTIONS, rng.randint(5, 8)), key=TOP_SECTIONS.index)
    candidates = [
        (parent_slug, child)
        for _name, parent_slug in top
        for child in SUB_SECTIONS.get(parent_slug, [])
    ]
    children = rng.sample(candidates, min(len(candidates), rng.randint(1, 2)))
    sections = []
    for position, (name, slug) in enumerate(top):
        section, _created = Section.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "position": position,
                "description": rng.choice(SECTION_DESCRIPTIONS),
            },
        )
        sections.append(section)
    by_slug = {section.slug: section for section in sections}
    for position, (parent_slug, (name, slug)) in enumerate(children):
        section, _created = Section.objects.get_or_create(
            slug=slug,
            defaults={"name": name, "position": position, "parent": by_slug[parent_slug]},
        )
        sections.append(section)
    return sections


def _get_or_bulk_create(model, objects: list) -> list:
    """The saved objects matching ``objects`` by slug, in the same order."""
    existing = {obj.slug: obj for obj in model.objects.filter(slug__in=[o.slug for o in objects])}
    missing = [obj for obj in objects if obj.slug not in existing]
    if model is Tag and missing:
        missing = _reuse_tag_spellings(missing, existing)
    model.objects.bulk_create(missing)
    created = {obj.slug: obj for obj in model.objects.filter(slug__in=[o.slug for o in missing])}
    return [existing.get(obj.slug) or created[obj.slug] for obj in objects]


def _reuse_tag_spellings(missing: list[Tag], existing: dict) -> list[Tag]:
    """Tag names are unique whatever their case: reuse an existing spelling."""
    taken = {
        tag.name.casefold(): tag for tag in Tag.objects.filter(name__in=[o.name for o in missing])
    }
    for obj in missing:
        if obj.name.casefold() in taken:
            existing[obj.slug] = taken[obj.name.casefold()]
    return [obj for obj in missing if obj.slug not in existing]


def _bio(rng: random.Random, name: str) -> str:
    first = name.split()[0]
    return (
        f"{first} couvre {rng.choice(THEMES)} et {rng.choice(THEMES)} pour la rédaction "
        f"depuis {rng.randint(2008, 2022)}, après des débuts à {rng.choice(PLACES)}."
    )


# --- Photos -------------------------------------------------------------------


def _create_photos(
    rng: random.Random, pools: _Pools, seed: int, first_number: int, count: int
) -> list[Photo]:
    """One photo per ten articles of the batch (at least one)."""
    photos = []
    for offset in range(max(1, round(count / ARTICLES_PER_PHOTO))):
        data = _photo_bytes(rng)
        name = default_storage.save(
            f"{PHOTO_DIR}/{seed}-{first_number + offset}.jpg", ContentFile(data)
        )
        scene, place = rng.choice(PHOTO_SCENES), rng.choice(PLACES)
        photos.append(
            Photo(
                image=name,
                width=PHOTO_SIZE[0],
                height=PHOTO_SIZE[1],
                alt_text=f"{scene}, à {place}.",
                caption=f"{place}, {rng.choice(['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'])}.",
                credit=rng.choice(pools.credits),
                content_hash=hashlib.sha256(data).hexdigest(),
                focal_x=round(rng.uniform(0.3, 0.7), 2),
                focal_y=round(rng.uniform(0.3, 0.7), 2),
            )
        )
    return Photo.objects.bulk_create(photos)


# --- Articles -----------------------------------------------------------------


def _create_articles(
    rng: random.Random,
    pools: _Pools,
    photos: list[Photo],
    seed: int,
    first_number: int,
    count: int,
    reference: datetime,
) -> None:
    articles, author_ids, tag_ids = [], [], []
    for offset in range(count):
        number = first_number + offset
        headline = _headline(rng)
        status, published_at = _status_and_date(rng, reference)
        section = rng.choices(pools.sections, cum_weights=pools.cumulative_sections)[0]
        articles.append(
            Article(
                headline=headline,
                slug=f"{slugify(headline, max_length=80)}-{number}",
                standfirst=_standfirst(rng),
                body=_body(rng),
                section=section,
                lead_photo=rng.choice(photos) if rng.random() < 0.92 else None,
                language=Article.Language.FRENCH,
                status=status,
                published_at=published_at,
                import_key=f"{SEED_KEY_PREFIX}{seed}:{number}",
            )
        )
        author_ids.append(
            {author.pk for author in rng.sample(pools.authors, 2 if rng.random() < 0.2 else 1)}
        )
        tag_ids.append(_draw_tags(rng, pools, rng.randint(3, 6)))
    _avoid_taken_slugs(articles)
    articles = Article.objects.bulk_create(articles)
    Through = Article.authors.through
    Through.objects.bulk_create(
        Through(article_id=article.pk, author_id=author_id)
        for article, ids in zip(articles, author_ids, strict=True)
        for author_id in sorted(ids)
    )
    TaggedArticle.objects.bulk_create(
        TaggedArticle(content_object_id=article.pk, tag_id=tag_id)
        for article, ids in zip(articles, tag_ids, strict=True)
        for tag_id in ids
    )


def _avoid_taken_slugs(articles: list[Article]) -> None:
    """Seeded slugs end with a unique number; hand-made content may still hold one."""
    slugs = [article.slug for article in articles]
    taken = set(Article.objects.filter(slug__in=slugs).values_list("slug", flat=True))
    taken |= set(PreviousSlug.objects.filter(slug__in=slugs).values_list("slug", flat=True))
    for article in articles:
        if article.slug in taken:
            article.slug = f"{article.slug}-{article.import_key.rsplit(':', 2)[1]}"


def _draw_tags(rng: random.Random, pools: _Pools, count: int) -> list[int]:
    chosen: dict[int, None] = {}
    total = pools.cumulative_tags[-1]
    while len(chosen) < count:
        tag = pools.tags[bisect.bisect(pools.cumulative_tags, rng.random() * total)]
        chosen[tag.pk] = None
    return list(chosen)


def _status_and_date(rng: random.Random, reference: datetime) -> tuple[str, datetime | None]:
    draw = rng.random()
    if draw < DRAFT_SHARE:
        return Article.Status.DRAFT, None
    if draw < DRAFT_SHARE + REVIEW_SHARE:
        return Article.Status.REVIEW, None
    if draw < DRAFT_SHARE + REVIEW_SHARE + SCHEDULED_SHARE:
        return Article.Status.PUBLISHED, reference + timedelta(
            seconds=rng.randint(3600, SCHEDULE_SECONDS)
        )
    return Article.Status.PUBLISHED, reference - timedelta(seconds=rng.randint(60, ARCHIVE_SECONDS))
