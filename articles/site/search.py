"""The public search page, /recherche/ (and /search/)."""

from __future__ import annotations

from django.core.paginator import InvalidPage
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from articles.search import search
from articles.site.search_form import SearchForm


@require_GET
def search_page(request):
    form = SearchForm(request.GET)
    arguments = form.search_arguments()
    results = None
    if arguments["query"]:
        try:
            results = search(**arguments, page=request.GET.get("page") or 1)
        except InvalidPage:
            raise Http404("No such page of results.") from None
    return render(
        request,
        "articles/search.html",
        {
            "form": form,
            "results": results,
            "query": arguments["query"],
            "description": _("Search every article we have published, by word, section and date."),
            "canonical": request.build_absolute_uri(reverse("articles:search")),
        },
    )
