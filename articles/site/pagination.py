"""Page numbers from the query string: a bad or out-of-range number is a 404, never a 500."""

from __future__ import annotations

from django.core.paginator import InvalidPage, Page, Paginator
from django.http import Http404
from django.utils.translation import gettext as _

ARTICLES_PER_PAGE = 20


def paginate(request, queryset, per_page: int = ARTICLES_PER_PAGE) -> Page:
    paginator = Paginator(queryset, per_page)
    raw = request.GET.get("page", "1")
    # Only plain digits: "-1", "1e3", " 2" and "abc" are not page numbers.
    if not raw.isascii() or not raw.isdigit() or len(raw) > 9:
        raise Http404(_("There is no such page."))
    try:
        return paginator.page(int(raw))
    except InvalidPage:
        raise Http404(_("There is no such page.")) from None
