"""The editorial calendar: scheduled, embargoed and planned articles by month or week."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.factories import make_article, make_author, make_section

pytestmark = pytest.mark.django_db

CALENDAR = reverse("admin:articles_article_calendar")


def at(days: int, hour: int = 10) -> datetime:
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


def week_of(when: datetime) -> str:
    return f"{CALENDAR}?view=week&date={timezone.localtime(when).date().isoformat()}"


def test_week_shows_scheduled_embargoed_and_planned_articles_linked_to_their_page(editor_client):
    scheduled = make_article(headline="Programmé", published_at=at(1))
    embargoed = make_article(headline="Sous embargo", published_at=at(1, 14), is_embargoed=True)
    planned = make_article(headline="Prévu", status=Article.Status.DRAFT, planned_for=at(2))
    make_article(headline="Déjà publié", published_at=at(-1))
    make_article(headline="Brouillon sans date", status=Article.Status.DRAFT)
    html = editor_client.get(
        f"{CALENDAR}?view=week&date={at(1).date().isoformat()}"
    ).content.decode()
    for article in (scheduled, embargoed, planned):
        assert reverse("admin:articles_article_change", args=[article.pk]) in html
    assert "entry-embargoed" in html
    assert "entry-planned" in html
    assert "Déjà publié" not in html
    assert "Brouillon sans date" not in html


def test_overdue_drafts_are_highlighted(editor_client):
    make_article(headline="En retard", status=Article.Status.REVIEW, planned_for=at(-1))
    html = editor_client.get(week_of(at(-1))).content.decode()
    assert "overdue" in html
    assert 'class="entry entry-planned overdue"' in html


def test_month_view_is_the_default_and_navigates(editor_client):
    response = editor_client.get(CALENDAR)
    assert response.context["view"] == "month"
    today = timezone.localdate()
    assert len(response.context["weeks"]) >= 4
    following = (today.replace(day=1) + timedelta(days=32)).replace(day=1)
    assert f"date={following.isoformat()}" in response.context["next_url"]


def test_filters_by_section_and_author(editor_client):
    sport, culture = make_section("Sport"), make_section("Culture")
    author = make_author("Léa Martin")
    make_article(headline="Match", section=sport, published_at=at(1), authors=[author])
    make_article(headline="Concert", section=culture, published_at=at(1))
    by_section = editor_client.get(week_of(at(1)) + f"&section={sport.pk}").content.decode()
    assert "Match" in by_section and "Concert" not in by_section
    by_author = editor_client.get(week_of(at(1)) + f"&author={author.pk}").content.decode()
    assert "Match" in by_author and "Concert" not in by_author


def test_bad_parameters_fall_back_to_the_current_month(editor_client):
    response = editor_client.get(f"{CALENDAR}?view=year&date=not-a-date&section=abc")
    assert response.status_code == 200
    assert response.context["view"] == "month"


def test_query_count_does_not_grow_with_the_number_of_articles(editor_client):
    make_article(published_at=at(1))
    with CaptureQueriesContext(connection) as few:
        editor_client.get(CALENDAR)
    for _n in range(10):
        make_article(published_at=at(1, 12), status=Article.Status.PUBLISHED)
        make_article(status=Article.Status.DRAFT, planned_for=at(2))
    with CaptureQueriesContext(connection) as many:
        editor_client.get(CALENDAR)
    assert len(many) == len(few)


def test_changelist_links_to_the_calendar(editor_client):
    html = editor_client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert CALENDAR in html


def test_readers_cannot_open_the_calendar(client):
    assert client.get(CALENDAR).status_code == 302  # to the login page
