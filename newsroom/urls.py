from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from articles.cache import cache_public_page
from articles.site.sitemaps import SITEMAPS, news_sitemap
from articles.site.views import robots_txt
from newsroom.media import media_urlpatterns

urlpatterns = [
    path("admin/", admin.site.urls),
    # The catalogue of locale/*/djangojs.po for the admin's scripts (the body editor's toolbar).
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("api/v1/", include("articles.api.urls")),
    path("robots.txt", robots_txt, name="robots"),
    path(
        "sitemap.xml",
        cache_public_page(sitemap_views.index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap-index",
    ),
    path(
        "sitemap-<section>.xml",
        cache_public_page(sitemap_views.sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
    path("news-sitemap.xml", cache_public_page(news_sitemap), name="news-sitemap"),
    path("", include("articles.urls")),
]

handler404 = "articles.site.views.page_not_found"
handler500 = "articles.site.views.server_error"

# Uploaded media, in development only, with headers that let nothing run.
urlpatterns += media_urlpatterns()
