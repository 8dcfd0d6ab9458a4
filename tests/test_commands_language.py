"""
The commands an operator runs speak the site's language (LANGUAGE_CODE),
whatever language happens to be active when they are called.

The French tests set the site to French and call the command with English
active; the English ones the other way round: a command that merely follows
the active language fails both.
"""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone, translation

from articles.models import Article
from tests.factories import make_article, make_section

pytestmark = pytest.mark.django_db


def run(*args, **options) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, **options)
    return out.getvalue()


@pytest.fixture
def site_in_french_called_from_english(settings):
    settings.LANGUAGE_CODE = "fr"  # (changing it forgets the active language)
    with translation.override("en"):
        yield


@pytest.fixture
def site_in_english_called_from_french(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("fr"):
        yield


def test_load_demo_speaks_french_on_a_french_site(site_in_french_called_from_english, settings):
    settings.DEBUG = True
    text = run("load_demo")
    assert "Contenu de démonstration créé" in text
    assert "Compte Éditeur\u00a0: identifiant editeur" in text


def test_load_demo_speaks_english_on_an_english_site(site_in_english_called_from_french, settings):
    settings.DEBUG = True
    text = run("load_demo")
    assert "Demo content created:" in text and "5 sections" in text
    assert "Editor login: editeur / password: newsroom-demo" in text


def test_publish_due_changes(site_in_french_called_from_english):
    assert "0 modification(s) publiée(s)." in run("publish_due_changes")


def test_publish_due_changes_in_english(site_in_english_called_from_french):
    assert "0 change(s) published." in run("publish_due_changes")


def published_articles(count: int) -> None:
    section = make_section("Monde")
    for number in range(count):
        make_article(
            headline=f"Dépêche {number}",
            section=section,
            status=Article.Status.PUBLISHED,
            published_at=timezone.now(),
        )


def test_rebuild_search_index(site_in_french_called_from_english):
    published_articles(2)
    text = run("rebuild_search_index")
    assert "2/2 articles indexés" in text
    assert "Index de recherche reconstruit\u00a0: 2 articles." in text


def test_rebuild_search_index_in_english(site_in_english_called_from_french):
    published_articles(1)
    text = run("rebuild_search_index")
    assert "Indexed 1/1 articles" in text
    assert "Search index rebuilt: 1 article." in text


def test_generate_renditions(site_in_french_called_from_english):
    assert "0 photo serait traitée." in run("generate_renditions", dry_run=True)
    assert "Déclinaisons faites pour 0 photo." in run("generate_renditions")


def test_generate_renditions_in_english(site_in_english_called_from_french):
    assert "Would process 0 photos." in run("generate_renditions", dry_run=True)


def test_seed_demo(site_in_french_called_from_english):
    text = run("seed_demo", articles=3, batch=2, no_index=True)
    assert "3/3 articles" in text
    assert "Générés en" in text and "(index de recherche non reconstruit)" in text
    assert "3 articles, " in text and " rubriques, " in text and " mots-clés." in text
    with pytest.raises(CommandError, match="--articles doit valoir 0 ou plus"):
        run("seed_demo", articles=-1)


def test_seed_demo_in_english(site_in_english_called_from_french):
    with pytest.raises(CommandError, match="--articles must be 0 or more"):
        run("seed_demo", articles=-1)


def test_import_article_explains_a_refusal_in_french(site_in_french_called_from_english):
    with pytest.raises(
        CommandError, match="Rubrique inconnue «\u202fnulle-part\u202f»\u00a0: rien n’a"
    ):
        run("import_article", "x.txt", section="nulle-part")


def test_import_article_explains_a_refusal_in_english(site_in_english_called_from_french):
    with pytest.raises(CommandError, match="Unknown section “nulle-part”: nothing imported."):
        run("import_article", "x.txt", section="nulle-part")
