"""What the API answers: the documented shapes (OpenAPI) and how models fill them."""

from __future__ import annotations

from datetime import datetime

from django.urls import reverse
from pydantic import BaseModel, Field

from articles.models import Article, Photo
from articles.photos.renditions import CROPS, cropped, renditions_of
from articles.text import reading_minutes

CONTENT_TYPES = {"jpg": "image/jpeg", "webp": "image/webp", "png": "image/png"}
LINKS_ATTRIBUTE = "_api_links"


class Schema(BaseModel):
    """Plain pydantic, not ninja's Schema: answers are dicts, never model instances,
    so the ORM-attribute getter ninja adds would only cost time (a fifth of a page)."""


class Link(Schema):
    slug: str
    name: str
    url: str = Field(description="The page of the site that lists its articles.")


class SectionOut(Link):
    description: str
    parent: str | None = Field(description="Slug of the parent section, if any.")


class AuthorOut(Link):
    bio: str


class RenditionOut(Schema):
    name: str = Field(description="800.webp, 1200.jpg, 16:9...")
    url: str
    width: int
    height: int
    content_type: str


class PictureOut(Schema):
    url: str = Field(description="The original picture.")
    width: int
    height: int
    alt_text: str
    caption: str
    credit: str = Field(description="Who made or distributes it: “Jane Doe/AFP”.")
    copyright: str
    renditions: list[RenditionOut]


class ArticleSummaryOut(Schema):
    id: int
    url: str = Field(description="The article's page on the site.")
    api_url: str
    ninjs_url: str
    headline: str
    standfirst: str
    language: str
    section: Link
    authors: list[Link]
    tags: list[Link]
    published_at: datetime
    updated_at: datetime
    embargoed_until: datetime | None = Field(
        description="Set only for keys with the embargo right: not to be published before then."
    )
    lead_photo: PictureOut | None


class ArticleOut(ArticleSummaryOut):
    body: str = Field(description="Sanitized HTML.")
    version: int
    reading_minutes: int


class ArticlePage(Schema):
    results: list[ArticleSummaryOut]
    next: str | None = Field(description="The next page, or null on the last one.")


class LinkPage(Schema):
    results: list[Link]
    next: str | None


class AuthorPage(Schema):
    results: list[AuthorOut]
    next: str | None


class ProblemOut(Schema):
    """RFC 9457 problem details."""

    type: str
    title: str
    status: int
    detail: str | None = None
    instance: str | None = None


# --- Filling them -------------------------------------------------------------------


def link(request, obj) -> dict:
    return {
        "slug": obj.slug,
        "name": obj.name,
        "url": request.build_absolute_uri(obj.get_absolute_url()),
    }


def section_out(request, section) -> dict:
    return {
        **link(request, section),
        "description": section.description,
        "parent": section.parent.slug if section.parent_id else None,
    }


def author_out(request, author) -> dict:
    return {**link(request, author), "bio": author.bio}


def rendition_list(request, photo: Photo) -> list[dict]:
    found = [
        {
            "name": f"{rendition.width}.{extension}",
            "url": request.build_absolute_uri(rendition.url),
            "width": rendition.width,
            "height": rendition.height,
            "content_type": CONTENT_TYPES[extension],
        }
        for extension in ("webp", "jpg")
        for rendition in renditions_of(photo, extension)
    ]
    for ratio in CROPS:
        rendition = cropped(photo, ratio)
        if rendition is not None:
            found.append(
                {
                    "name": ratio,
                    "url": request.build_absolute_uri(rendition.url),
                    "width": rendition.width,
                    "height": rendition.height,
                    "content_type": "image/jpeg",
                }
            )
    return found


def picture_out(request, photo: Photo | None) -> dict | None:
    if photo is None or not photo.image:
        return None
    return {
        "url": request.build_absolute_uri(photo.image.url),
        "width": photo.width,
        "height": photo.height,
        "alt_text": photo.alt_text,
        "caption": photo.caption,
        "credit": photo.credit.line,
        "copyright": photo.copyright_line,
        "renditions": rendition_list(request, photo),
    }


def embargo_end(article: Article) -> datetime | None:
    return article.published_at if article.is_scheduled() and article.is_embargoed else None


def article_summary(request, article: Article) -> dict:
    api_url = reverse("api:article", kwargs={"article_id": article.pk})
    return {
        "id": article.pk,
        "url": request.build_absolute_uri(article.get_absolute_url()),
        "api_url": request.build_absolute_uri(api_url),
        "ninjs_url": request.build_absolute_uri(f"{api_url}ninjs/"),
        "headline": article.headline,
        "standfirst": article.standfirst,
        "language": article.language,
        "section": link(request, article.section),
        "authors": [link(request, author) for author in article.api_authors],
        "tags": [link(request, tag) for tag in article.api_tags],
        "published_at": article.published_at,
        "updated_at": article.updated_at,
        "embargoed_until": embargo_end(article),
        "lead_photo": picture_out(request, article.lead_photo),
    }


def article_full(request, article: Article) -> dict:
    return {
        **article_summary(request, article),
        "body": article.body,
        "version": article.version,
        "reading_minutes": reading_minutes(article.body),
    }
