"""
The reader site: home, lists, archives, article pages, error pages, robots.txt.

Every list starts from ``Article.objects.published()``; staff alone may preview
an unpublished article, and that response is never cached.
"""

from __future__ import annotations

from urllib.parse import unquote

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseNotFound, HttpResponseServerError
from django.shortcuts import get_object_or_404, redirect, render
from django.template import loader
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from articles.cache import cache_public_page, depends_on, key_for
from articles.models import Article, Author, PreviousSlug, Section, Tag
from articles.publishing.embargo import InvalidPreviewLink, read_token
from articles.publishing.permissions import can_edit_article
from articles.site.article_page import published_article, render_article
from articles.site.cards import listed, stored_cards
from articles.site.feed_links import section_feed
from articles.site.fronts import arrange_home
from articles.site.home_blocks import (
    HOME_BLOCK_SIZE,
    HOME_TOP_COUNT,
    LISTING_DEPTH,
    first_page,
    section_blocks,
)
from articles.site.navigation import subsections
from articles.site.pagination import paginate
from articles.site.seo import describe


def page_title(title: str, page) -> str:
    if page is not None and page.number > 1:
        return _("%(title)s – page %(number)s") % {"title": title, "number": page.number}
    return title


def canonical(request, page=None) -> str:
    path = request.path
    if page is not None and page.number > 1:
        path = f"{path}?page={page.number}"
    return request.build_absolute_uri(path)


def render_listing(
    request, *, queryset, title, description, heading=None, feed=None, extra=None, deep=False
):
    """A paginated, newest-first list of published articles (``deep``: every one of them)."""
    # Ids only: each article is shown by its stored card (articles.site.cards).
    ids = queryset.newest_first().values_list("pk", flat=True)
    page = paginate(request, ids if deep else ids[:LISTING_DEPTH])
    articles = listed(page.object_list)
    context = {
        "page": page,
        "articles": articles,
        "cards": stored_cards(articles),
        "heading": heading or title,
        "title": page_title(title, page),
        "description": describe(description),
        "canonical": canonical(request, page),
        "feeds": [feed] if feed else [],
        **(extra or {}),
    }
    response = render(request, "articles/article_list.html", context)
    context["cards"].save()
    return response


@cache_public_page
@require_GET
def home(request):
    published = Article.objects.published().newest_first()
    if request.GET.get("page", "1") == "1":
        top, more = first_page()
    else:
        ids = published.values_list("pk", flat=True)
        top, more = [], paginate(request, ids[HOME_TOP_COUNT : HOME_TOP_COUNT + LISTING_DEPTH])
    more_articles = listed(more.object_list)
    context = {
        "page": more,
        "more": more_articles,
        "title": page_title(settings.NEWSROOM_SITE_NAME, more),
        "description": describe(
            _("%(site)s: the latest news, analysis and reporting.")
            % {"site": settings.NEWSROOM_SITE_NAME}
        ),
        "canonical": canonical(request, more),
        "feeds": [],
    }
    if more.number == 1:
        front = arrange_home(top, section_blocks(), more_articles, HOME_BLOCK_SIZE)
        context.update(front.as_context())
        shown = [*top, *(article for block in front.blocks for article in block["articles"])]
        context["cards"] = stored_cards([*shown, *front.more])
    else:
        context["cards"] = stored_cards(more_articles)
    response = render(request, "articles/home.html", context)
    context["cards"].save()
    return response


@cache_public_page
@require_GET
def section_detail(request, slug, parent=None):
    section = get_object_or_404(Section.objects.select_related("parent"), slug=slug)
    if unquote(section.get_absolute_url()) != request.path:
        return redirect(section.get_absolute_url(), permanent=True)
    children = subsections(section)
    depends_on(key_for(section))
    # Filtering on section ids (not through a join on the parent) lets the
    # database walk the (section, status, -published_at) index: a section
    # without sub-sections reads only the rows it shows, whatever the archive size.
    section_ids = [section.pk, *(child.pk for child in children)]
    articles = Article.objects.published().filter(section_id__in=section_ids)
    return render_listing(
        request,
        queryset=articles,
        # "Europe – International": sub-section names may repeat elsewhere.
        title=f"{section.name} – {section.parent.name}" if section.parent_id else section.name,
        heading=section.name,
        description=section.description
        or _("The latest articles in %(section)s.") % {"section": section.name},
        feed=None if section.parent_id else section_feed(section),
        extra={
            "section": section,
            "subsections": children,
            "nav_section": section.parent or section,
        },
    )


@cache_public_page
@require_GET
def tag_detail(request, slug):
    tag = get_object_or_404(Tag, slug=slug)
    depends_on(key_for(tag))
    return render_listing(
        request,
        queryset=Article.objects.published().filter(tags=tag),
        title=_("Topic: %(tag)s") % {"tag": tag.name},
        heading=tag.name,
        description=_("All our articles about %(tag)s.") % {"tag": tag.name},
        feed={
            "title": _("%(tag)s: latest articles") % {"tag": tag.name},
            "rss": reverse("articles:tag-feed", kwargs={"slug": tag.slug}),
            "atom": reverse("articles:tag-feed-atom", kwargs={"slug": tag.slug}),
        },
        extra={"tag": tag},
    )


@cache_public_page
@require_GET
def author_detail(request, slug):
    author = get_object_or_404(Author, slug=slug)
    depends_on(key_for(author))
    return render_listing(
        request,
        queryset=Article.objects.published().filter(authors=author),
        title=author.name,
        description=author.bio or _("Articles by %(author)s.") % {"author": author.name},
        feed={
            "title": _("%(author)s: latest articles") % {"author": author.name},
            "rss": reverse("articles:author-feed", kwargs={"slug": author.slug}),
            "atom": reverse("articles:author-feed-atom", kwargs={"slug": author.slug}),
        },
        extra={"author": author},
    )


# --- Article page -------------------------------------------------------------


@cache_public_page
@require_GET
def article_detail(request, section, year, month, day, slug):
    queryset = (
        Article.objects.not_deleted() if request.user.is_staff else Article.objects.published()
    )
    if request.user.is_staff:
        article = queryset.select_related("section", "section__parent").filter(slug=slug).first()
    else:
        article = published_article(slug)
    if article is None:
        previous = (
            PreviousSlug.objects.filter(slug=slug, article__in=queryset)
            .select_related("article__section")
            .first()
        )
        if previous is None:
            raise Http404(_("No article at this address."))
        return redirect(previous.article.get_absolute_url(), permanent=True)
    if not article.is_published() and not can_preview(request.user, article):
        # Staff who may not edit this article do not see it before publication.
        raise PermissionDenied
    url = article.get_absolute_url()
    if unquote(url) != request.path:
        return redirect(url, permanent=True)
    return render_article(request, article)


def can_preview(user, article: Article) -> bool:
    return user.has_perm("articles.change_article") and can_edit_article(user, article)


# --- Partner previews -----------------------------------------------------------


@require_GET
def partner_preview(request, token):
    """
    An embargoed article for partners holding a signed link: never cached
    (no cache_public_page), never indexed. Once the article is out, the link
    leads to its public page.
    """
    try:
        link = read_token(token)
    except InvalidPreviewLink:
        raise Http404(_("This preview link is not valid, or it has expired.")) from None
    article = (
        Article.objects.not_deleted()
        .select_related("section", "section__parent", "lead_photo", "lead_photo__credit__agency")
        .prefetch_related("authors", "tags", "notes")
        .filter(pk=link.article_id)
        .first()
    )
    if article is None:
        raise Http404(_("This preview link is not valid, or it has expired."))
    if article.is_published():
        response = redirect(article.get_absolute_url())
    else:
        response = render_article(request, article, partner_link=link)
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


# --- Site files and errors -----------------------------------------------------


@cache_public_page
@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap-index'))}",
        f"Sitemap: {request.build_absolute_uri(reverse('news-sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def page_not_found(request, exception=None):
    context = {
        "title": _("Page not found"),
        "description": _("This page does not exist or is no longer available."),
        "canonical": "",
    }
    template = loader.get_template("404.html")
    return HttpResponseNotFound(template.render(context, request))


def server_error(request):
    # No request context, no database: whatever broke may be one of them.
    template = loader.get_template("500.html")
    return HttpResponseServerError(template.render({"site_name": settings.NEWSROOM_SITE_NAME}))
