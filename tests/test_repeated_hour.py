"""
The hour that happens twice: the night clocks go back, 02:00-02:59 in Paris
comes round again. An article or a note dated then is shown as "02:30:00"
either way; posted back unchanged, it must save, and keep its own instant.

(The intermittent failure of test_history's writer/restore test: the factory
dates an article ``n`` hours ago, and when that fell in the repeated hour the
editor's save to draft was refused as an "ambiguous" date.)
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from articles.models import Article
from tests.factories import make_article
from tests.test_admin import article_data, change_url
from tests.test_merge import opened_with_note

pytestmark = pytest.mark.django_db

# Sunday 26 October 2025, 02:30 in Paris: first in summer time, then again in winter time.
FIRST_0230 = datetime(2025, 10, 26, 0, 30, tzinfo=UTC)
SECOND_0230 = datetime(2025, 10, 26, 1, 30, tzinfo=UTC)
BOTH = pytest.mark.parametrize("when", [FIRST_0230, SECOND_0230], ids=["first", "second"])


def shown_time(page: str, name: str) -> str:
    match = re.search(rf'name="{name}_1" value="([\d:]+)"', page)
    assert match, f"no {name} time in the form"
    return match.group(1)


@BOTH
def test_an_article_published_in_the_repeated_hour_can_be_taken_offline(editor_client, when):
    article = make_article(published_at=when)
    page = editor_client.get(change_url(article)).text
    assert shown_time(page, "published_at") == "02:30:00"

    response = editor_client.post(change_url(article), article_data(article, status="draft"))

    assert response.status_code == 302
    assert Article.objects.get(pk=article.pk).status == Article.Status.DRAFT


@BOTH
def test_an_edit_keeps_the_article_in_its_own_one_of_the_two_hours(editor_client, when):
    article = make_article(published_at=when, tags=["Climat"])
    response = editor_client.post(
        change_url(article), article_data(article, headline="Titre corrigé")
    )

    assert response.status_code == 302

    stored = Article.objects.get(pk=article.pk)
    assert stored.headline == "Titre corrigé"
    assert stored.published_at == when


@BOTH
def test_a_note_dated_in_the_repeated_hour_does_not_block_the_article(editor_client, when):
    article = make_article(status=Article.Status.DRAFT)
    note = article.notes.create(text="Le montant était faux.", published_at=when)
    form = opened_with_note(editor_client, article, note)
    assert form["notes-0-published_at_1"] == "02:30:00"
    form["headline"] = "Titre corrigé"

    assert editor_client.post(change_url(article), form).status_code == 302

    note.refresh_from_db()
    assert note.published_at == when
    assert Article.objects.get(pk=article.pk).headline == "Titre corrigé"
