from django.urls import path

from . import views
from .search.views import search_page

app_name = "articles"

urlpatterns = [
    path("", views.home, name="home"),
    path("recherche/", search_page, name="search"),
    path("search/", search_page, name="search-alias"),
    path("tag/<str:slug>/", views.tag_detail, name="tag"),
    path("auteur/<str:slug>/", views.author_detail, name="author"),
    path(
        "<slug:section>/<int:year>/<int:month>/<int:day>/<str:slug>/",
        views.article_detail,
        name="detail",
    ),
    path("<slug:parent>/<slug:slug>/", views.section_detail, name="subsection"),
    path("<slug:slug>/", views.section_detail, name="section"),
]
