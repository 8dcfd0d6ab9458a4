"""
Admin pages of the editorial tools: partner preview links for embargoed
articles, the editorial calendar and the autosave endpoint.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from urllib.parse import urlencode

from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import JsonResponse, QueryDict
from django.template.response import TemplateResponse
from django.utils import dateformat, formats, timezone, translation
from django.utils.translation import gettext_lazy as _

from articles.models import Article, ArticleAutosave, Author, Section
from articles.publishing.embargo import (
    PREVIEW_LIFETIMES_HOURS,
    UNTIL_EMBARGO,
    expiry_for,
    preview_url,
)


class PreviewLinkForm(forms.Form):
    lifetime = forms.TypedChoiceField(
        label=_("The link works for"),
        choices=list(PREVIEW_LIFETIMES_HOURS.items()),
        coerce=int,
        initial=72,
    )

    def __init__(self, *args, article: Article, **kwargs):
        super().__init__(*args, **kwargs)
        self.article = article

    def clean_lifetime(self):
        hours = self.cleaned_data["lifetime"]
        if hours == UNTIL_EMBARGO and not self.article.is_scheduled():
            raise forms.ValidationError(
                _("This article has no embargo or scheduled time: choose a duration."),
                code="no_embargo",
            )
        return hours


def partner_link_view(request, model_admin, article: Article):
    """GET: choose a lifetime; POST: show the signed link to copy."""
    if not model_admin.has_publish_permission(request):
        raise PermissionDenied
    form = PreviewLinkForm(request.POST or None, article=article)
    link = expires_at = None
    if request.method == "POST" and form.is_valid():
        expires_at = expiry_for(article, form.cleaned_data["lifetime"])
        link = request.build_absolute_uri(preview_url(article, expires_at))
    context = {
        **model_admin.admin_site.each_context(request),
        "title": _("Partner preview link: %(article)s") % {"article": article},
        "opts": model_admin.opts,
        "original": article,
        "form": form,
        "link": link,
        "expires_at": expires_at,
        "expires_label": formats.date_format(timezone.localtime(expires_at), "DATETIME_FORMAT")
        if expires_at
        else "",
    }
    response = TemplateResponse(request, "admin/articles/article/partner_link.html", context)
    response["Cache-Control"] = "private, no-store"
    return response


# --- Editorial calendar ------------------------------------------------------------


class CalendarForm(forms.Form):
    """The calendar's GET parameters, validated (a bad value falls back to the default)."""

    view = forms.ChoiceField(
        label=_("View"),
        choices=[("month", _("Month")), ("week", _("Week"))],
        required=False,
    )
    date = forms.DateField(
        label=_("Date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    section = forms.ModelChoiceField(
        label=_("Section"), queryset=Section.objects.select_related("parent"), required=False
    )
    author = forms.ModelChoiceField(
        label=_("Author"), queryset=Author.objects.all(), required=False
    )


@dataclass
class CalendarEntry:
    article: Article
    at: datetime
    kind: str  # "scheduled", "embargoed", "planned"
    overdue: bool

    @property
    def label(self):
        return CALENDAR_LABELS[self.kind]


CALENDAR_LABELS = {
    "scheduled": _("Scheduled"),
    "embargoed": _("Embargoed"),
    "planned": _("Planned"),
}


def calendar_days(view: str, day: date) -> list[list[date]]:
    """Weeks (Monday first) of the month of ``day``, or its single week."""
    if view == "week":
        monday = day - timedelta(days=day.weekday())
        return [[monday + timedelta(days=n) for n in range(7)]]
    return calendar.Calendar(firstweekday=0).monthdatescalendar(day.year, day.month)


def calendar_entries(start: date, end: date, section=None, author=None, now=None) -> list:
    """Scheduled, embargoed and planned articles between two local dates: one query."""
    now = now or timezone.now()
    begin = timezone.make_aware(datetime.combine(start, time.min))
    finish = timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min))
    articles = Article.objects.not_deleted().filter(
        Q(
            status=Article.Status.PUBLISHED,
            published_at__gt=now,
            published_at__gte=begin,
            published_at__lt=finish,
        )
        | Q(
            status__in=[Article.Status.DRAFT, Article.Status.REVIEW],
            planned_for__gte=begin,
            planned_for__lt=finish,
        )
    )
    if section is not None:
        articles = articles.filter(Q(section=section) | Q(section__parent=section))
    if author is not None:
        articles = articles.filter(pk__in=Article.objects.filter(authors=author).values("pk"))
    entries = []
    for article in articles.select_related("section").order_by("pk"):
        if article.status == Article.Status.PUBLISHED:
            kind = "embargoed" if article.is_embargoed else "scheduled"
            entries.append(CalendarEntry(article, article.published_at, kind, False))
        else:
            entries.append(
                CalendarEntry(article, article.planned_for, "planned", article.planned_for < now)
            )
    return sorted(entries, key=lambda entry: (entry.at, entry.article.pk))


def calendar_view(request, model_admin):
    form = CalendarForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    view = data.get("view") or "month"
    day = data.get("date") or timezone.localdate()
    weeks = calendar_days(view, day)
    entries = calendar_entries(weeks[0][0], weeks[-1][-1], data.get("section"), data.get("author"))
    by_day: dict[date, list] = {}
    for entry in entries:
        by_day.setdefault(timezone.localtime(entry.at).date(), []).append(entry)
    if view == "week":
        previous, following = day - timedelta(days=7), day + timedelta(days=7)
        heading = _("Week of %(date)s") % {"date": formats.date_format(weeks[0][0], "DATE_FORMAT")}
    else:
        first = day.replace(day=1)
        previous = (first - timedelta(days=1)).replace(day=1)
        following = (first + timedelta(days=32)).replace(day=1)
        heading = formats.date_format(first, "YEAR_MONTH_FORMAT")
    params = {
        key: value for key, value in request.GET.items() if key in ("section", "author") and value
    }

    def link(**changes) -> str:
        return "?" + urlencode({**params, "view": view, **changes})

    context = {
        **model_admin.admin_site.each_context(request),
        "title": _("Editorial calendar"),
        "opts": model_admin.opts,
        "form": form,
        "view": view,
        "heading": heading,
        "weeks": [
            [(d, d.month == day.month or view == "week", by_day.get(d, [])) for d in week]
            for week in weeks
        ],
        "today": timezone.localdate(),
        "previous_url": link(date=previous.isoformat()),
        "next_url": link(date=following.isoformat()),
        "today_url": link(),
        "month_url": "?" + urlencode({**params, "view": "month", "date": day.isoformat()}),
        "week_url": "?" + urlencode({**params, "view": "week", "date": day.isoformat()}),
        "overdue_count": sum(entry.overdue for entry in entries),
    }
    return TemplateResponse(request, "admin/articles/article/calendar.html", context)


# --- Autosave ---------------------------------------------------------------------

# Posted fields that are not the article's own.
AUTOSAVE_SKIPPED = frozenset({"csrfmiddlewaretoken", "_save", "_continue", "_addanother"})


# "20 h 14" in French, "20:14" in English.
CLOCK_FORMATS = {"fr": r"G \h i"}


def clock(moment) -> str:
    language = (translation.get_language() or "fr")[:2]
    return dateformat.format(timezone.localtime(moment), CLOCK_FORMATS.get(language, "H:i"))


def kept_message(moment) -> str:
    """The autosave status line: when the draft was last kept (a new article's form too)."""
    return _("Draft kept at %(time)s (not published, not saved as a version).") % {
        "time": clock(moment)
    }


def autosave_data(post) -> dict:
    return {key: post.getlist(key) for key in post if key not in AUTOSAVE_SKIPPED}


def store_autosave(request, article: Article) -> JsonResponse:
    """Keep a copy of the form as typed: no save of the article, no version."""
    autosave, _created = ArticleAutosave.objects.update_or_create(
        article=article,
        user=request.user,
        defaults={"data": autosave_data(request.POST), "saved_at": timezone.now()},
    )
    return JsonResponse(
        {"saved_at": autosave.saved_at.isoformat(), "message": kept_message(autosave.saved_at)}
    )


def pending_autosave(request, article: Article) -> ArticleAutosave | None:
    """The user's autosave of the article, if newer than the article's last save."""
    autosave = ArticleAutosave.objects.filter(article=article, user=request.user).first()
    if autosave is None or autosave.saved_at <= article.updated_at:
        return None
    return autosave


def initial_from_autosave(form_class, autosave: ArticleAutosave, instance: Article) -> dict:
    """Field values to show, read from the autosaved data the way a POST would be."""
    data = QueryDict(mutable=True)
    for key, values in autosave.data.items():
        data.setlist(key, [str(value) for value in values])
    form = form_class(instance=instance)
    initial = {}
    for name, field in form.fields.items():
        if name in ("loaded_version", "publish_override", "override_reason"):
            continue
        value = field.widget.value_from_datadict(data, {}, form.add_prefix(name))
        if name == "tags":
            # The tag widget shows the comma-separated text as typed.
            initial[name] = value
            continue
        try:
            initial[name] = field.clean(value)
        except forms.ValidationError:
            continue  # left as saved: the editor sees the stored value
    started = str((autosave.data.get("loaded_version") or [""])[0])
    if started.isdigit() and 0 < int(started) <= instance.version:
        # The version the autosaved work started from: saving it is merged
        # with what was saved since (articles.editing), never written over it.
        initial["loaded_version"] = int(started)
    return initial


def restoring_form(form_class, initial: dict):
    """The article form class showing ``initial`` (the autosaved values) over the stored ones."""

    class RestoredForm(form_class):
        def __init__(self, *args, **kwargs):
            kwargs["initial"] = {**initial, **(kwargs.get("initial") or {})}
            super().__init__(*args, **kwargs)

    RestoredForm.__name__ = form_class.__name__
    return RestoredForm
