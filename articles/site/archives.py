"""The date archives: /archives/, by year, month and day."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from articles.cache import cache_public_page
from articles.models import Article
from articles.site.views import canonical, render_listing


def local_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


@cache_public_page
@require_GET
def archive_index(request):
    years = Article.objects.published().datetimes("published_at", "year", order="DESC")
    return render(
        request,
        "articles/archive_index.html",
        {
            "years": years,
            "title": _("Archives"),
            "description": _("Every article we have published, by year."),
            "canonical": canonical(request),
        },
    )


@cache_public_page
@require_GET
def archive(request, year, month=None, day=None):
    try:
        start = date(year, month or 1, day or 1)
        if day:
            end = start + timedelta(days=1)
        elif month:
            end = date(year + (month == 12), month % 12 + 1, 1)
        else:
            end = date(year + 1, 1, 1)
    except (ValueError, OverflowError):
        raise Http404(_("There is no such date.")) from None
    articles = Article.objects.published().filter(
        published_at__gte=local_midnight(start), published_at__lt=local_midnight(end)
    )
    if day:
        label = translation_date(start, "j F Y")
        periods, period_format = [], ""
    elif month:
        label = translation_date(start, "F Y")
        periods, period_format = articles.datetimes("published_at", "day"), "day"
    else:
        label = str(year)
        periods, period_format = articles.datetimes("published_at", "month"), "month"
    return render_listing(
        request,
        queryset=articles,
        title=_("Archives: %(period)s") % {"period": label},
        description=_("Articles published in %(period)s.") % {"period": label},
        extra={"periods": periods, "period_format": period_format, "archive_year": year},
        # A period bounds the rows already; it is where older articles are found.
        deep=True,
    )


def translation_date(day: date, fmt: str) -> str:
    from django.utils import dateformat

    return dateformat.format(day, fmt)
