"""
What a feed says of each article, stored (articles.cache.fragments): title,
summary with its corrections, authors, topics, dates and enclosure are
computed once per change of the article, so a feed miss reads 30 light rows
and 30 stored entries instead of every article's tags, authors and notes.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime

from django.utils import formats, timezone, translation
from django.utils.feedgenerator import Enclosure
from django.utils.translation import gettext as _
from django.utils.xmlutils import SimplerXMLGenerator

from articles.cache import article_key, depends_on
from articles.cache.fragments import Built, Fragments, fragment_key
from articles.models import Article
from articles.photos.renditions import best_jpeg, enclosure_length
from articles.site.article_page import visible_notes
from articles.site.seo import strip_control_characters

ENCLOSURE_WIDTH = 800
# Stored items name the site by this address; each response puts its own in.
ORIGIN = "https://newsroom-origin.invalid"


def as_datetime(timestamp: float) -> datetime:
    return datetime.fromtimestamp(timestamp, tz=UTC)


def summary(article: Article, notes: list) -> str:
    """The standfirst, then corrections and updates, so feed readers see them too."""
    with translation.override(article.language):
        parts = [article.standfirst] + [
            _("%(kind)s (%(date)s): %(text)s")
            % {
                "kind": note.get_kind_display(),
                "date": formats.date_format(
                    timezone.localtime(note.published_at), "DATETIME_FORMAT"
                ),
                "text": note.text,
            }
            for note in notes
        ]
    return strip_control_characters("\n\n".join(part for part in parts if part))


def entry(article: Article, now: datetime) -> Built:
    depends_on(article_key(article.pk))
    notes = visible_notes(article, now)
    later = [n.published_at for n in article.notes.all() if n.published_at > now]
    photo = article.lead_photo
    has_photo = photo is not None and bool(photo.image)
    data = {
        "title": strip_control_characters(article.headline),
        "description": summary(article, notes),
        "authors": strip_control_characters(", ".join(a.name for a in article.authors.all())),
        "categories": [strip_control_characters(tag.name) for tag in article.tags.all()],
        "published": article.published_at.timestamp(),
        "updated": max(
            article.updated_at, article.published_at, *(n.published_at for n in notes)
        ).timestamp(),
        "enclosure": best_jpeg(photo, ENCLOSURE_WIDTH).url if has_photo else None,
        "enclosure_length": enclosure_length(photo) if photo else 0,
    }
    return Built("", data, min(later).timestamp() if later else None)


def item_xml(feed_type, article: Article, data: dict) -> str:
    """The item as ``feed_type`` writes it, its addresses on ORIGIN (replaced when served)."""
    link = f"{ORIGIN}{article.get_absolute_url()}"
    enclosures = []
    if data["enclosure"]:
        url = data["enclosure"] if "://" in data["enclosure"] else f"{ORIGIN}{data['enclosure']}"
        enclosures = [Enclosure(url, str(data["enclosure_length"]), "image/jpeg")]
    feed = feed_type(title="", link=ORIGIN, description="")
    feed.add_item(
        title=data["title"],
        link=link,
        description=data["description"],
        unique_id=link,
        enclosures=enclosures,
        pubdate=article.published_at,
        updateddate=as_datetime(data["updated"]),
        author_name=data["authors"] or None,
        categories=data["categories"],
        # Each item says its own language (LanguageRssFeed, LanguageAtomFeed).
        language=article.language,
    )
    stream = io.StringIO()
    feed.write_items(SimplerXMLGenerator(stream, "utf-8", short_empty_elements=True))
    return stream.getvalue()


def stored_items(feed_type, articles: list[Article]) -> tuple[list[str], datetime | None]:
    """Each article's item as ``feed_type`` writes it, and the newest item's date."""
    kind = f"feed-{feed_type.__name__.lower()}"
    stored = Fragments(articles=[article.pk for article in articles], kind=kind)
    full: dict[int, Article] = {}
    now = timezone.now()

    def builder(pk: int):
        def build() -> Built:
            if not full:
                rows = (
                    Article.objects.filter(pk__in=[article.pk for article in articles])
                    .select_related("section", "section__parent", "lead_photo")
                    .prefetch_related("authors", "tags", "notes")
                )
                full.update((article.pk, article) for article in rows)
            built = entry(full[pk], now)
            return Built(item_xml(feed_type, full[pk], built.data), built.data, built.expires_at)

        return build

    items, latest = [], None
    for article in articles:
        xml, data = stored.get(fragment_key(kind, article.pk), builder(article.pk), article.pk)
        items.append(xml)
        updated = as_datetime(data["updated"])
        latest = updated if latest is None else max(latest, updated)
    stored.save()
    return items, latest
