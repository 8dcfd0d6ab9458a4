"""The demo seeder: realistic, deterministic, bulk content."""

from __future__ import annotations

import io
import re

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from PIL import Image

from articles.demo.seeding import flush_seeded, seed_demo
from articles.models import Article, Photo, Section, Tag
from articles.sanitizer import sanitize_html
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def seed(articles: int = 30, **kwargs):
    kwargs.setdefault("index", False)
    kwargs.setdefault("analyze", False)
    return seed_demo(articles, **kwargs)


def seeded_articles():
    return Article.objects.filter(import_key__startswith="seed:").order_by("pk")


def snapshot():
    return [
        (a.headline, a.slug, a.section.slug, sorted(a.tags.names()), a.body)
        for a in seeded_articles().select_related("section")
    ]


def test_same_seed_gives_the_same_headlines_slugs_tags_and_bodies():
    seed(30, seed=7)
    first = snapshot()
    flush_seeded()
    seed(30, seed=7)
    assert snapshot() == first


def test_another_seed_gives_other_headlines():
    seed(30, seed=7)
    first = [row[0] for row in snapshot()]
    flush_seeded()
    seed(30, seed=8)
    assert [row[0] for row in snapshot()] != first


def test_seeds_the_requested_number_of_articles():
    report = seed(30)
    assert report.articles == 30
    assert seeded_articles().count() == 30


def test_headlines_and_standfirsts_fit_the_pre_publish_limits():
    seed(200)
    for headline, standfirst in seeded_articles().values_list("headline", "standfirst"):
        assert 0 < len(headline) <= 110
        assert 0 < len(standfirst) <= 300


def test_creates_five_to_ten_sections_with_one_or_two_subsections():
    seed(30)
    assert 5 <= Section.objects.count() <= 10
    assert 1 <= Section.objects.filter(parent__isnull=False).count() <= 2


def test_each_article_has_three_to_six_tags_from_a_pool_of_a_few_hundred():
    seed(30)
    for article in seeded_articles():
        assert 3 <= article.tags.count() <= 6
    assert 200 <= Tag.objects.count() <= 400


def test_each_body_has_six_to_ten_paragraphs_and_two_to_four_subheadings():
    seed(30)
    for article in seeded_articles():
        paragraphs = re.findall(r"<p>", article.body)
        blockquotes = article.body.count("<blockquote>")
        assert 6 <= len(paragraphs) - blockquotes <= 10
        assert 2 <= article.body.count("<h2>") <= 4


def test_bodies_pass_the_sanitizer_unchanged():
    seed(30)
    for article in seeded_articles():
        assert sanitize_html(article.body) == article.body


def test_about_thirty_authors_sign_the_articles():
    seed(100)
    signed = Article.authors.through.objects.values("author").distinct().count()
    assert 20 <= signed <= 30
    for article in seeded_articles().prefetch_related("authors"):
        assert 1 <= len(article.authors.all()) <= 2


def test_drafts_reviews_and_scheduled_articles_are_among_a_few_hundred():
    seed(400)
    articles = seeded_articles()
    now = timezone.now()
    assert articles.filter(status=Article.Status.DRAFT).exists()
    assert articles.filter(status=Article.Status.REVIEW).exists()
    assert articles.scheduled(now).exists()
    published = articles.published(now).count()
    assert 0.9 * 400 <= published < 400


def test_publication_dates_spread_over_years():
    seed(200)
    dates = list(seeded_articles().published().values_list("published_at", flat=True))
    assert (max(dates) - min(dates)).days > 3 * 365


def test_every_published_article_has_a_working_address(client):
    seed(30)
    for article in seeded_articles().published().select_related("section"):
        assert client.get(article.get_absolute_url()).status_code == 200


def test_about_one_distinct_captioned_credited_photo_per_ten_articles():
    seed(30)
    photos = Photo.objects.select_related("credit")
    assert photos.count() == 3
    assert len({photo.content_hash for photo in photos}) == 3
    for photo in photos:
        assert photo.alt_text and photo.caption and photo.credit.line
        with default_storage.open(photo.image.name) as file:
            image = Image.open(io.BytesIO(file.read()))
            assert (image.format, image.size) == ("JPEG", (photo.width, photo.height))
    assert seeded_articles().filter(lead_photo__isnull=False).count() >= 20


def test_seeding_again_adds_articles_with_new_unique_slugs():
    seed(30)
    seed(30)
    slugs = list(seeded_articles().values_list("slug", flat=True))
    assert len(slugs) == 60
    assert len(set(slugs)) == 60


def test_flush_removes_seeded_content_and_keeps_hand_written_articles():
    own = make_article(headline="Un article écrit à la main")
    seed(30)
    files = list(Photo.objects.values_list("image", flat=True))
    flush_seeded()
    assert list(Article.objects.all()) == [own]
    assert not Photo.objects.exists()
    assert not any(default_storage.exists(name) for name in files)
    assert Section.objects.filter(pk=own.section_id).exists()


def queries_per_batch(articles: int, batch_size: int) -> list[int]:
    counts = []
    with CaptureQueriesContext(connection) as context:
        seed(
            articles,
            batch_size=batch_size,
            progress=lambda *args: counts.append(len(context.captured_queries)),
        )
    # The first batch also creates the sections, authors and tags.
    return [after - before for before, after in zip(counts, counts[1:], strict=False)]


def test_queries_per_batch_do_not_grow_with_the_number_of_articles():
    per_batch = queries_per_batch(200, batch_size=50)
    assert len(per_batch) == 3
    assert len(set(per_batch)) == 1


def test_queries_per_batch_stay_few_whatever_the_batch_size():
    small = queries_per_batch(150, batch_size=50)[0]
    large = queries_per_batch(300, batch_size=100)[0]
    # SQLite splits big INSERTs in a few statements; the count stays tiny.
    assert small <= 12
    assert large <= small + 3


def test_command_reports_progress_and_a_summary():
    out = io.StringIO()
    call_command("seed_demo", articles=30, batch=10, stdout=out)
    output = out.getvalue()
    assert "10/30" in output and "30/30" in output
    assert "Seeded 30 articles, 3 photos" in output
    assert seeded_articles().count() == 30
