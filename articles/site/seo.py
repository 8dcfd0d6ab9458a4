"""
Metadata for search engines and social networks: titles, descriptions,
OpenGraph/Twitter tags and JSON-LD, built from the model so templates only loop.
"""

from __future__ import annotations

import json

from django.conf import settings
from django.templatetags.static import static
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

from articles.photos.renditions import best_jpeg, cropped
from articles.text import html_to_text, strip_xml_invalid

DESCRIPTION_CHARS = 160
OG_LOCALES = {"fr": "fr_FR", "en": "en_GB"}
# Publisher logo for Google: a raster image no wider than 600 pixels.
LOGO_PATH = "img/logo.png"
LOGO_WIDTH = 600
LOGO_HEIGHT = 60

_JSON_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


def strip_control_characters(text: str) -> str:
    """
    Remove characters XML 1.0 refuses (pasted from word processors,
    teleprinters...): saved text is already clean, this guards the output.
    """
    return strip_xml_invalid(text)


def json_ld(data: dict) -> SafeString:
    """
    JSON safe to place inside <script type="application/ld+json">: "<", ">" and "&"
    are written as \\u escapes, so "</script>" in a headline cannot end the element.
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return mark_safe(text.translate(_JSON_ESCAPES))  # noqa: S308 (escaped above)


def describe(text: str) -> str:
    text = " ".join(strip_control_characters(text).split())
    return Truncator(text).chars(DESCRIPTION_CHARS)


def article_description(article) -> str:
    return describe(article.standfirst or html_to_text(article.body))


def iso(value) -> str:
    return timezone.localtime(value).isoformat(timespec="seconds")


def publisher(request) -> dict:
    return {
        "@type": "NewsMediaOrganization",
        "name": settings.NEWSROOM_SITE_NAME,
        "url": request.build_absolute_uri("/"),
        "logo": {
            "@type": "ImageObject",
            "url": request.build_absolute_uri(static(LOGO_PATH)),
            "width": LOGO_WIDTH,
            "height": LOGO_HEIGHT,
        },
    }


def article_image(article, request) -> dict | None:
    photo = article.lead_photo
    if photo is None or not photo.image:
        return None
    rendition = best_jpeg(photo)
    # Link previews show 16:9: the crop around the focal point when it exists.
    wide = cropped(photo, "16:9") or rendition
    return {
        "url": request.build_absolute_uri(rendition.url),
        "width": rendition.width,
        "height": rendition.height,
        "alt": photo.alt_text,
        "wide": {
            "url": request.build_absolute_uri(wide.url),
            "width": wide.width,
            "height": wide.height,
        },
        "square": cropped(photo, "1:1"),
        "credit": photo.credit_line,
        "copyright": photo.copyright_line,
    }


def image_objects(image: dict, request) -> list[dict]:
    """JSON-LD ImageObjects: the picture as published, then its 16:9 and 1:1 crops."""
    found = [image, image["wide"]]
    if image["square"]:
        square = image["square"]
        found.append(
            {
                "url": request.build_absolute_uri(square.url),
                "width": square.width,
                "height": square.height,
            }
        )
    objects, seen = [], set()
    for item in found:
        if item["url"] in seen:
            continue
        seen.add(item["url"])
        image_object = {
            "@type": "ImageObject",
            "url": item["url"],
            "width": item["width"],
            "height": item["height"],
            "creditText": image["credit"],
        }
        if image["copyright"]:
            image_object["copyrightNotice"] = image["copyright"]
        objects.append(image_object)
    return objects


def section_trail(section) -> list:
    return [section.parent, section] if section.parent_id else [section]


def article_metadata(article, request, tags, authors, notes=()) -> dict:
    """Everything the article page puts in <head>; ``notes``: its visible corrections and updates."""
    url = request.build_absolute_uri(article.get_absolute_url())
    description = article_description(article)
    image = article_image(article, request)
    published = iso(article.published_at) if article.published_at else None
    modified = iso(
        max(
            article.updated_at,
            article.published_at or article.updated_at,
            *(note.published_at for note in notes),
        )
    )
    headline = strip_control_characters(article.headline)
    news_article = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": Truncator(headline).chars(110),
        "description": description,
        "datePublished": published,
        "dateModified": modified,
        "author": [
            {
                "@type": "Person",
                "name": author.name,
                "url": request.build_absolute_uri(author.get_absolute_url()),
            }
            for author in authors
        ],
        "publisher": publisher(request),
        "articleSection": article.section.name,
        "keywords": [tag.name for tag in tags],
        "inLanguage": article.language,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
    }
    if image:
        news_article["image"] = image_objects(image, request)
    if notes:
        news_article["correction"] = [
            {
                "@type": "CorrectionComment",
                "text": strip_control_characters(note.text),
                "datePublished": iso(note.published_at),
            }
            for note in notes
        ]
    crumbs = [(settings.NEWSROOM_SITE_NAME, "/")]
    crumbs += [
        (section.name, section.get_absolute_url()) for section in section_trail(article.section)
    ]
    crumbs.append((headline, article.get_absolute_url()))
    breadcrumbs = {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "name": name,
                "item": request.build_absolute_uri(path),
            }
            for position, (name, path) in enumerate(crumbs, start=1)
        ],
    }
    opengraph = [
        ("og:type", "article"),
        ("og:site_name", settings.NEWSROOM_SITE_NAME),
        ("og:title", headline),
        ("og:description", description),
        ("og:url", url),
        ("og:locale", OG_LOCALES.get(article.language, article.language)),
    ]
    if image:
        opengraph += [
            ("og:image", image["wide"]["url"]),
            ("og:image:width", str(image["wide"]["width"])),
            ("og:image:height", str(image["wide"]["height"])),
            ("og:image:alt", image["alt"]),
        ]
    if published:
        opengraph.append(("article:published_time", published))
    opengraph += [
        ("article:modified_time", modified),
        ("article:section", article.section.name),
    ]
    opengraph += [("article:tag", tag.name) for tag in tags]
    return {
        "description": description,
        "canonical": url,
        "opengraph": opengraph,
        "twitter": twitter_tags(headline, description, image),
        "json_ld": [json_ld(news_article), json_ld(breadcrumbs)],
    }


def twitter_tags(headline: str, description: str, image: dict | None) -> list[tuple[str, str]]:
    twitter = [
        ("twitter:card", "summary_large_image" if image else "summary"),
        ("twitter:title", headline),
        ("twitter:description", description),
    ]
    if image:
        twitter += [("twitter:image", image["wide"]["url"]), ("twitter:image:alt", image["alt"])]
    return twitter
