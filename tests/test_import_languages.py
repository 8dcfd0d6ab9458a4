"""Agency items in any language the site lists in NEWSROOM_LANGUAGES import in it."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article
from tests.factories import make_section

pytestmark = pytest.mark.django_db


def ninjs(tmp_path, language: str):
    item = {
        "uri": f"urn:newsroom-test:ntb:2025:{language}",
        "type": "text",
        "version": "1",
        "language": language,
        "headlines": [{"role": "main", "value": "Ny bybane åpner i Bergen"}],
        "bodies": [
            {"role": "richtext", "contenttype": "text/html", "value": "<p>Linjen åpner søndag.</p>"}
        ],
        "copyrightholder": "NTB",
    }
    path = tmp_path / f"item-{language}.json"
    path.write_text(json.dumps(item), encoding="utf-8")
    return path


def test_an_item_in_a_listed_language_imports_in_it_with_its_region_mapped(settings, tmp_path):
    settings.NEWSROOM_LANGUAGES = ["fr", "en", "nb"]
    make_section("Monde", slug="monde")
    call_command(
        "import_article", str(ninjs(tmp_path, "nb-NO")), "--section=monde", stdout=StringIO()
    )
    assert Article.objects.get(external_uri="urn:newsroom-test:ntb:2025:nb-NO").language == "nb"


def test_an_item_in_an_unlisted_language_is_refused_naming_it(settings, tmp_path):
    settings.NEWSROOM_LANGUAGES = ["fr", "en"]
    make_section("Monde", slug="monde")
    err = StringIO()
    with pytest.raises(CommandError) as refused:
        call_command(
            "import_article",
            str(ninjs(tmp_path, "nb-NO")),
            "--section=monde",
            stdout=StringIO(),
            stderr=err,
        )
    assert "nb-NO" in str(refused.value) + err.getvalue()
    assert not Article.objects.exists()


def test_a_tag_longer_than_its_column_is_refused_by_name_not_cut(tmp_path):
    make_section("Monde", slug="monde")
    item = json.loads(ninjs(tmp_path, "fr").read_text(encoding="utf-8"))
    item["keywords"] = ["Bergen", "x" * 150]
    path = tmp_path / "long-tag.json"
    path.write_text(json.dumps(item), encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_article", str(path), "--section=monde", stdout=StringIO(), stderr=err)
    assert "150 characters long" in err.getvalue()
    assert not Article.objects.exists()
