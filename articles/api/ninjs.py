"""
An article as IPTC ninjs 3.1 (News in JSON), valid against IPTC's schema
(``tests/samples/iptc/ninjs-schema_3.1.json``).

Mapping: URI (our own, stable across hosts), version, dates (firstCreated,
versionCreated, contentCreated, embargoedUntil), the headline, the
standfirst as description, the body as HTML, the by-line, tags as subjects,
the language, the section as a genre-free "located"-less item, and the lead
picture as an association with its caption, credit, copyright and renditions.
"""

from __future__ import annotations

from datetime import UTC, datetime

from django.conf import settings
from django.urls import reverse
from django.utils.html import strip_tags

from articles.models import Article, Photo

from .schemas import CONTENT_TYPES, embargo_end, rendition_list

NINJS_SCHEMA_URI = "http://www.iptc.org/std/ninjs/ninjs-schema_3.1.json#"


def ninjs_datetime(value: datetime) -> str:
    """RFC 3339 in UTC, whole seconds: what every ninjs reader parses."""
    return value.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def article_uri(article: Article) -> str:
    # settings.NEWSROOM_BASE_URL, not the request's host: an identifier must not
    # change with the address the partner happened to call.
    return settings.NEWSROOM_BASE_URL + reverse("api:article", kwargs={"article_id": article.pk})


def byline(article: Article) -> str:
    return ", ".join(author.name for author in article.api_authors)


def body_counts(html: str) -> dict:
    text = " ".join(strip_tags(html).split())
    return {"charCount": len(text), "wordCount": len(text.split())}


def picture_association(request, photo: Photo) -> dict:
    original_type = CONTENT_TYPES.get(photo.image.name.rsplit(".", 1)[-1].lower(), "image/jpeg")
    renditions = [
        {
            "name": "original",
            "href": request.build_absolute_uri(photo.image.url),
            "contentType": original_type,
            "width": photo.width,
            "height": photo.height,
        }
    ]
    for rendition in rendition_list(request, photo):
        entry = {
            "name": rendition["name"],
            "href": rendition["url"],
            "contentType": rendition["content_type"],
            "width": rendition["width"],
            "height": rendition["height"],
        }
        if ":" in rendition["name"]:
            entry["aspectRatio"] = rendition["name"]
        renditions.append(entry)
    association = {
        "name": "featureimage",
        "rel": "lead-picture",
        "uri": request.build_absolute_uri(photo.image.url),
        "type": "picture",
        "representationType": "partial",
        "by": photo.credit.line,
        "renditions": renditions,
    }
    if photo.caption:
        association["headlines"] = [{"role": "caption", "value": photo.caption}]
    descriptions = [{"role": "caption", "contentType": "text/plain", "value": photo.caption}]
    if photo.alt_text:
        descriptions.append({"role": "alt", "contentType": "text/plain", "value": photo.alt_text})
    association["descriptions"] = [d for d in descriptions if d["value"]]
    if photo.copyright_line:
        association["copyrightNotice"] = photo.copyright_line
    if photo.credit.agency_id:
        association["copyrightHolder"] = photo.credit.agency.credit
        association["infoSources"] = [{"name": photo.credit.agency.name, "role": "distributor"}]
    return {key: value for key, value in association.items() if value not in ("", [])}


def article_ninjs(request, article: Article) -> dict:
    """The article as a ninjs 3.1 object (a plain dict, ready for JSON)."""
    item = {
        "uri": article_uri(article),
        "standard": {"name": "ninjs", "version": "3.1", "schema": NINJS_SCHEMA_URI},
        "type": "text",
        "representationType": "full",
        "version": str(article.version),
        "firstCreated": ninjs_datetime(article.created_at),
        "versionCreated": ninjs_datetime(article.updated_at),
        "contentCreated": ninjs_datetime(article.published_at or article.created_at),
        "pubStatus": "usable",
        "language": article.language,
        "slugline": getattr(article, "slugline", "") or article.slug,
        "headlines": [{"role": "main", "contentType": "text/plain", "value": article.headline}],
        "bodies": [
            {
                "role": "main",
                "contentType": "text/html",
                **body_counts(article.body),
                "value": article.body,
            }
        ],
        "copyrightHolder": settings.NEWSROOM_SITE_NAME,
        "renditions": [
            {
                "name": "web",
                "href": request.build_absolute_uri(article.get_absolute_url()),
                "contentType": "text/html",
            }
        ],
    }
    until = embargo_end(article)
    if until is not None:
        item["embargoedUntil"] = ninjs_datetime(until)
    if getattr(article, "urgency", None):
        item["urgency"] = article.urgency
    if article.standfirst:
        item["descriptions"] = [
            {"role": "summary", "contentType": "text/plain", "value": article.standfirst}
        ]
    if by := byline(article):
        item["by"] = by
    subjects = [
        {"name": tag.name, "uri": request.build_absolute_uri(tag.get_absolute_url())}
        for tag in article.api_tags
    ]
    if subjects:
        item["subjects"] = subjects
    if article.lead_photo is not None and article.lead_photo.image:
        item["associations"] = [picture_association(request, article.lead_photo)]
    return item
