"""
A scripted run of stale saves from two sessions: zero lost edits.

Two editors keep the article open in their browsers. Turn after turn, one of
them edits a field in the form they opened before the other's last save and
posts it through the admin's change view: every save after the first is
stale. When both changed the same field, the editor keeps theirs ("yours") on
the page that comes back. After every turn, every edit made so far is still
there, unless a later edit of the same field replaced it deliberately.
"""

from __future__ import annotations

import random

import pytest

from articles.models import Article
from tests.factories import make_article, make_author
from tests.test_admin import change_url
from tests.test_merge import opened_form, returned_form, session

pytestmark = pytest.mark.django_db

STALE_SAVES = 100
FIELDS = ("headline", "standfirst", "body", "tags", "authors")


def edit(form: dict, field: str, turn: int, authors: list) -> object:
    """Change ``field`` in the posted form; return what the article should now hold."""
    if field == "headline":
        form["headline"] = value = f"Titre numéro {turn}"
    elif field == "standfirst":
        form["standfirst"] = value = f"Chapô numéro {turn}."
    elif field == "body":
        form["body"] = value = f"<p>Paragraphe numéro {turn}.</p>"
    elif field == "tags":
        value = f"Sujet{turn}"
        form["tags"] = ", ".join(filter(None, [form["tags"], value]))
    else:
        value = authors[turn].pk
        form["authors"] = [*form["authors"], value]
    return value


def stored_state(article: Article) -> dict:
    article = Article.objects.get(pk=article.pk)
    return {
        "headline": article.headline,
        "standfirst": article.standfirst,
        "body": article.body,
        "tags": set(article.tags.names()),
        "authors": set(article.authors.values_list("pk", flat=True)),
    }


def test_a_hundred_stale_saves_from_two_sessions_lose_no_edit():
    rng = random.Random(11)
    authors = [make_author(f"Plume {n}") for n in range(STALE_SAVES + 2)]
    article = make_article(status=Article.Status.DRAFT, headline="Titre de départ")
    sessions = [session("alice"), session("bruno")]
    forms = [opened_form(client, article) for client in sessions]
    expected = stored_state(article)
    stale = conflicts = lost = 0

    for turn in range(STALE_SAVES + 1):
        who = turn % 2
        client, form = sessions[who], forms[who]
        stale += int(form["loaded_version"]) < Article.objects.get(pk=article.pk).version
        field = rng.choice(FIELDS)
        value = edit(form, field, turn, authors)
        response = client.post(change_url(article), form)
        if response.status_code == 200:
            conflicts += 1
            again = returned_form(response)
            for name in again["merge_fields"].split(","):
                again[f"merge_choice_{name}"] = "yours"
            response = client.post(change_url(article), again)
        assert response.status_code == 302, f"turn {turn}: the save did not go through"
        if field in ("tags", "authors"):
            expected[field].add(value)
        else:
            expected[field] = value
        state = stored_state(article)
        lost += sum(
            not expected[name] <= state[name]
            if name in ("tags", "authors")
            else expected[name] != state[name]
            for name in FIELDS
        )
        forms[who] = opened_form(client, article)

    assert stale == STALE_SAVES
    assert lost == 0
    assert conflicts > 0  # the run did make both editors change one field
