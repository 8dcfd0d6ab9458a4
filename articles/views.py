"""Reader-facing pages (minimal; the reader-site issue fleshes them out)."""

from django.shortcuts import get_object_or_404, render

from .models import Article, Author, Section, Tag


def home(request):
    articles = Article.objects.published().for_listing()[:20]
    return render(request, "articles/home.html", {"articles": articles})


def section_detail(request, slug, parent=None):
    section = get_object_or_404(Section, slug=slug, parent__slug=parent) if parent else get_object_or_404(Section, slug=slug, parent=None)
    articles = Article.objects.published().filter(section=section).for_listing()[:20]
    return render(request, "articles/section_detail.html", {"section": section, "articles": articles})


def tag_detail(request, slug):
    tag = get_object_or_404(Tag, slug=slug)
    articles = Article.objects.published().filter(tags=tag).for_listing()[:20]
    return render(request, "articles/tag_detail.html", {"tag": tag, "articles": articles})


def author_detail(request, slug):
    author = get_object_or_404(Author, slug=slug)
    articles = Article.objects.published().filter(authors=author).for_listing()[:20]
    return render(request, "articles/author_detail.html", {"author": author, "articles": articles})


def article_detail(request, section, year, month, day, slug):
    queryset = Article.objects.all() if request.user.is_staff else Article.objects.published()
    article = get_object_or_404(queryset.select_related("section", "lead_photo__credit__agency"), slug=slug, section__slug=section)
    return render(request, "articles/article_detail.html", {"article": article})
