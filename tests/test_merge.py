"""Concurrent edits merge, never revert: a stale form is merged field by field."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from articles.editing.merge import base_values, canonical, merge, stored_values
from articles.models import Article
from tests.factories import make_article, make_author, make_editor
from tests.test_admin import article_data, change_url

pytestmark = pytest.mark.django_db


def session(username: str) -> Client:
    client = Client()
    client.force_login(make_editor(username=username, first_name=username.title()))
    return client


def opened_form(client: Client, article: Article) -> dict:
    """The change form as this browser received it, ready to post back."""
    response = client.get(change_url(article))
    match = re.search(r'name="loaded_version" value="(\d+)"', response.text)
    assert match, "the change form carries no loaded_version"
    return article_data(Article.objects.get(pk=article.pk), loaded_version=match.group(1))


def returned_form(response) -> dict:
    """The form a refused save shows again, as the browser would post it."""
    data = {
        key: values if len(values) > 1 else values[0]
        for key, values in response.context["adminform"].form.data.lists()
    }
    data["merge_fields"] = ",".join(
        row.name for row in response.context["adminform"].form.merge_conflicts
    )
    return data


def errors_of(response) -> str:
    return " ".join(response.context["adminform"].form.non_field_errors())


def draft(**kwargs) -> Article:
    kwargs.setdefault("headline", "Un sommet se prépare")
    kwargs.setdefault("standfirst", "Chapô d’origine.")
    return make_article(status=Article.Status.DRAFT, **kwargs)


# --- The seam of issue 11 -------------------------------------------------------


def test_a_stale_save_keeps_the_colleagues_standfirst_and_my_headline():
    article = draft()
    alice, bruno = session("alice"), session("bruno")
    alice_form, bruno_form = opened_form(alice, article), opened_form(bruno, article)

    alice_form["standfirst"] = "Le chapô d’Alice."
    assert alice.post(change_url(article), alice_form).status_code == 302
    bruno_form["headline"] = "Le sommet s’ouvre"
    response = bruno.post(change_url(article), bruno_form, follow=True)

    stored = Article.objects.get(pk=article.pk)
    assert (stored.headline, stored.standfirst) == ("Le sommet s’ouvre", "Le chapô d’Alice.")
    assert "kept: Standfirst" in response.text


def test_posting_the_stale_form_again_never_reverts_the_colleagues_edit():
    article = draft()
    alice, bruno = session("alice"), session("bruno")
    alice_form, bruno_form = opened_form(alice, article), opened_form(bruno, article)
    alice_form["standfirst"] = "Le chapô d’Alice."
    alice.post(change_url(article), alice_form)
    bruno_form["headline"] = "Le sommet s’ouvre"
    bruno.post(change_url(article), bruno_form)

    # Bruno goes back in his browser and saves the same form once more.
    assert bruno.post(change_url(article), bruno_form).status_code == 302

    stored = Article.objects.get(pk=article.pk)
    assert (stored.headline, stored.standfirst) == ("Le sommet s’ouvre", "Le chapô d’Alice.")


# --- Both changed: theirs / yours ----------------------------------------------------


def both_changed_standfirst():
    article = draft()
    alice, bruno = session("alice"), session("bruno")
    alice_form, bruno_form = opened_form(alice, article), opened_form(bruno, article)
    alice_form.update(standfirst="Le chapô d’Alice.", body="<p>Le texte d’Alice.</p>")
    alice.post(change_url(article), alice_form)
    bruno_form.update(standfirst="Le chapô de Bruno.", headline="Le titre de Bruno")
    return article, bruno, bruno.post(change_url(article), bruno_form)


def test_a_field_both_changed_is_shown_side_by_side_and_nothing_is_saved():
    article, _bruno, response = both_changed_standfirst()
    assert response.status_code == 200
    assert "choose which version to keep" in errors_of(response)
    assert "Alice" in errors_of(response)
    panel = response.text[response.text.index('id="merge-conflicts"') :]
    assert "Le chapô d’Alice." in panel and "Le chapô de Bruno." in panel
    assert 'name="merge_choice_standfirst" value="theirs"' in panel
    assert 'name="merge_choice_standfirst" value="yours"' in panel
    stored = Article.objects.get(pk=article.pk)
    assert stored.standfirst == "Le chapô d’Alice."
    assert stored.headline == "Un sommet se prépare"


def test_the_form_that_comes_back_holds_their_other_changes_and_my_own():
    _article, _bruno, response = both_changed_standfirst()
    form = returned_form(response)
    assert form["body"] == "<p>Le texte d’Alice.</p>"
    assert form["headline"] == "Le titre de Bruno"
    assert form["standfirst"] == "Le chapô de Bruno."


@pytest.mark.parametrize(
    ("choice", "standfirst"), [("theirs", "Le chapô d’Alice."), ("yours", "Le chapô de Bruno.")]
)
def test_the_editors_choice_is_applied_and_nothing_else_reverts(choice, standfirst):
    article, bruno, response = both_changed_standfirst()
    form = returned_form(response)
    form["merge_choice_standfirst"] = choice

    assert bruno.post(change_url(article), form).status_code == 302

    stored = Article.objects.get(pk=article.pk)
    assert stored.standfirst == standfirst
    assert stored.body == "<p>Le texte d’Alice.</p>"
    assert stored.headline == "Le titre de Bruno"


def test_saving_the_returned_form_without_choosing_is_refused():
    article, bruno, response = both_changed_standfirst()
    again = bruno.post(change_url(article), returned_form(response))
    assert again.status_code == 200
    assert "Choose which version to keep for: Standfirst" in errors_of(again)
    assert Article.objects.get(pk=article.pk).headline == "Un sommet se prépare"


def test_a_body_both_changed_is_compared_paragraph_by_paragraph():
    article = draft(body="<p>Premier.</p><p>Second.</p>")
    alice, bruno = session("alice"), session("bruno")
    alice_form, bruno_form = opened_form(alice, article), opened_form(bruno, article)
    alice_form["body"] = "<p>Premier, revu par Alice.</p><p>Second.</p>"
    alice.post(change_url(article), alice_form)
    bruno_form["body"] = "<p>Premier.</p><p>Second, revu par Bruno.</p>"
    response = bruno.post(change_url(article), bruno_form)
    panel = response.text[response.text.index('id="merge-conflicts"') :]
    assert "<del>Premier, revu par Alice.</del>" in panel
    assert "<ins>Second, revu par Bruno.</ins>" in panel


# --- Tags and authors merge item by item ---------------------------------------------


def test_tags_and_authors_added_on_both_sides_are_all_kept():
    inès, paul, zoé = make_author("Inès"), make_author("Paul"), make_author("Zoé")
    article = draft(tags=["Climat", "Europe"], authors=[inès])
    alice, bruno = session("alice"), session("bruno")
    alice_form, bruno_form = opened_form(alice, article), opened_form(bruno, article)
    alice_form.update(tags="Climat, Europe, Énergie", authors=[inès.pk, paul.pk])
    alice.post(change_url(article), alice_form)
    bruno_form.update(tags="Climat, Diplomatie", authors=[inès.pk, zoé.pk])

    assert bruno.post(change_url(article), bruno_form).status_code == 302

    stored = Article.objects.get(pk=article.pk)
    assert sorted(stored.tags.names()) == ["Climat", "Diplomatie", "Énergie"]
    assert sorted(a.name for a in stored.authors.all()) == ["Inès", "Paul", "Zoé"]


# --- The lock is not optional ----------------------------------------------------------


@pytest.mark.parametrize("version", [None, "", "deux", "999"])
def test_a_change_form_without_a_valid_version_saves_nothing(editor_client, version):
    article = draft()
    data = article_data(article, headline="Titre écrasé")
    if version is None:
        del data["loaded_version"]
    else:
        data["loaded_version"] = version
    response = editor_client.post(change_url(article), data)
    assert response.status_code == 200
    assert "does not say which version" in errors_of(response)
    assert Article.objects.get(pk=article.pk).headline == "Un sommet se prépare"


def test_without_the_loaded_version_on_record_every_difference_is_a_choice():
    article = draft()
    alice, bruno = session("alice"), session("bruno")
    alice_form, bruno_form = opened_form(alice, article), opened_form(bruno, article)
    alice_form["standfirst"] = "Le chapô d’Alice."
    alice.post(change_url(article), alice_form)
    Version.objects.get_for_object(article).filter(
        serialized_data__contains='"version": 1,'
    ).delete()
    bruno_form["headline"] = "Le titre de Bruno"

    response = bruno.post(change_url(article), bruno_form)

    assert response.status_code == 200
    names = [row.name for row in response.context["adminform"].form.merge_conflicts]
    assert names == ["headline", "standfirst"]
    assert Article.objects.get(pk=article.pk).standfirst == "Le chapô d’Alice."


# --- The merge itself ---------------------------------------------------------------------


def test_merge_takes_each_sides_change_and_flags_the_clash():
    base = {"headline": "A", "standfirst": "B", "body": "C"}
    theirs = {"headline": "A", "standfirst": "B2", "body": "C2"}
    yours = {"headline": "A1", "standfirst": "B", "body": "C3"}
    result = merge(base, theirs, yours)
    assert result.values == {"headline": "A1", "standfirst": "B2", "body": "C3"}
    assert result.theirs == ("standfirst",)
    assert result.conflicts == ("body",)


def test_the_base_is_the_version_the_form_was_loaded_from():
    article = draft()
    article.standfirst = "Chapô modifié."
    article.save()
    assert base_values(article, 1)["standfirst"] == canonical("standfirst", "Chapô d’origine.")
    assert stored_values(article)["standfirst"] == "Chapô modifié."


def test_restoring_an_autosave_after_a_colleagues_save_reverts_nothing():
    article = draft()
    alice, bruno = session("alice"), session("bruno")
    alice_form, bruno_form = opened_form(alice, article), opened_form(bruno, article)
    alice_form["standfirst"] = "Le chapô d’Alice."
    alice.post(change_url(article), alice_form)
    # Bruno's page autosaves his work after Alice's save, then his browser crashes.
    bruno_form["headline"] = "Le titre de Bruno"
    bruno.post(reverse("admin:articles_article_autosave", args=[article.pk]), bruno_form)

    restored = bruno.get(change_url(article), {"restore_autosave": "1"})
    assert 'name="loaded_version" value="1"' in restored.text
    assert bruno.post(change_url(article), bruno_form).status_code == 302

    stored = Article.objects.get(pk=article.pk)
    assert (stored.headline, stored.standfirst) == ("Le titre de Bruno", "Le chapô d’Alice.")


# --- Corrections and updates (notes) -----------------------------------------------------


def opened_with_note(client: Client, article: Article, note) -> dict:
    """The change form with its one note, as the browser received it."""
    page = client.get(change_url(article)).text
    base = re.search(r'name="notes-0-loaded_hash" value="(\w+)"', page)
    assert base, "the note form carries no loaded_hash"
    local = timezone.localtime(note.published_at)
    return {
        **opened_form(client, article),
        "notes-TOTAL_FORMS": "1",
        "notes-INITIAL_FORMS": "1",
        "notes-0-id": note.pk,
        "notes-0-article": article.pk,
        "notes-0-kind": note.kind,
        "notes-0-published_at_0": local.strftime("%Y-%m-%d"),
        "notes-0-published_at_1": local.strftime("%H:%M:%S"),
        "notes-0-text": note.text,
        "notes-0-loaded_hash": base.group(1),
    }


def test_a_note_a_colleague_corrected_is_kept_by_a_stale_save():
    article = draft()
    note = article.notes.create(text="Le montant était faux.")
    alice, bruno = session("alice"), session("bruno")
    alice_form = opened_with_note(alice, article, note)
    bruno_form = opened_with_note(bruno, article, note)
    alice_form["notes-0-text"] = "Le montant était de 12 millions, non de 21."
    assert alice.post(change_url(article), alice_form).status_code == 302
    bruno_form["headline"] = "Le titre de Bruno"

    assert bruno.post(change_url(article), bruno_form).status_code == 302

    note.refresh_from_db()
    assert note.text == "Le montant était de 12 millions, non de 21."
    assert Article.objects.get(pk=article.pk).headline == "Le titre de Bruno"


def test_a_note_both_changed_is_refused_with_their_text():
    article = draft()
    note = article.notes.create(text="Le montant était faux.")
    alice, bruno = session("alice"), session("bruno")
    alice_form = opened_with_note(alice, article, note)
    bruno_form = opened_with_note(bruno, article, note)
    alice_form["notes-0-text"] = "La version d’Alice."
    alice.post(change_url(article), alice_form)
    bruno_form["notes-0-text"] = "La version de Bruno."

    response = bruno.post(change_url(article), bruno_form)

    assert response.status_code == 200
    assert "Someone else changed this note" in response.text
    note.refresh_from_db()
    assert note.text == "La version d’Alice."
