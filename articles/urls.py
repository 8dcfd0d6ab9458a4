from django.urls import path

from articles.cache import cache_public_page
from articles.site import archives, corrections, feeds, views
from articles.site.search import search_page

app_name = "articles"

urlpatterns = [
    path("", views.home, name="home"),
    path("recherche/", cache_public_page(search_page), name="search"),
    path("search/", cache_public_page(search_page), name="search-alias"),
    path("flux/", cache_public_page(feeds.ArticleFeed()), name="feed"),
    path("flux/atom/", cache_public_page(feeds.ArticleAtomFeed()), name="feed-atom"),
    path("apercu/<str:token>/", views.partner_preview, name="partner-preview"),
    path("corrections/", corrections.corrections, name="corrections"),
    path("corrections/flux/", cache_public_page(feeds.CorrectionsFeed()), name="corrections-feed"),
    path(
        "corrections/flux/atom/",
        cache_public_page(feeds.CorrectionsAtomFeed()),
        name="corrections-feed-atom",
    ),
    path("archives/", archives.archive_index, name="archives"),
    path("archives/<int:year>/", archives.archive, name="archive-year"),
    path("archives/<int:year>/<int:month>/", archives.archive, name="archive-month"),
    path("archives/<int:year>/<int:month>/<int:day>/", archives.archive, name="archive-day"),
    path("tag/<str:slug>/", views.tag_detail, name="tag"),
    path("tag/<str:slug>/flux/", cache_public_page(feeds.TagFeed()), name="tag-feed"),
    path("tag/<str:slug>/flux/atom/", cache_public_page(feeds.TagAtomFeed()), name="tag-feed-atom"),
    path("auteur/<str:slug>/", views.author_detail, name="author"),
    path("auteur/<str:slug>/flux/", cache_public_page(feeds.AuthorFeed()), name="author-feed"),
    path(
        "auteur/<str:slug>/flux/atom/",
        cache_public_page(feeds.AuthorAtomFeed()),
        name="author-feed-atom",
    ),
    path(
        "<slug:section>/<int:year>/<int:month>/<int:day>/<str:slug>/",
        views.article_detail,
        name="detail",
    ),
    # Before the sub-section pattern: "flux" is a reserved slug, never a sub-section.
    path("<slug:slug>/flux/", cache_public_page(feeds.SectionFeed()), name="section-feed"),
    path(
        "<slug:slug>/flux/atom/",
        cache_public_page(feeds.SectionAtomFeed()),
        name="section-feed-atom",
    ),
    path("<slug:parent>/<slug:slug>/", views.section_detail, name="subsection"),
    path("<slug:slug>/", views.section_detail, name="section"),
]
