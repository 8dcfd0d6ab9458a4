"""Hostile agency files: refused quickly, one line each, nothing written, nothing fetched."""

from __future__ import annotations

import re
import shutil
import socket
import time
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from articles.imports.delivery import MAX_FILE_BYTES, Delivery
from articles.imports.options import ImportOptions
from articles.imports.service import import_delivery
from articles.models import Article, Author, Photo, Tag
from tests.factories import make_section

AGENCY = Path(__file__).resolve().parent / "samples" / "agency"
# Each refusal must come well within this (seconds), whatever the file's size.
MAX_REFUSAL_SECONDS = 1.0

DEEP_XML = b"<nitf>" + b"<p>" * 50_000 + b"x" + b"</p>" * 50_000 + b"</nitf>"
DEEP_JSON = b'{"uri": "urn:x", "headline": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
HUGE_JSON = b'{"uri": "urn:x", "headline": "' + b"a" * (MAX_FILE_BYTES + 10) + b'"}'
HOSTILE = {
    "external entity": ((AGENCY / "hostile-xxe.xml").read_bytes(), "entities"),
    "entity expansion": ((AGENCY / "hostile-laughs.xml").read_bytes(), "entities"),
    "truncated XML": ((AGENCY / "hostile-truncated.xml").read_bytes(), "line 19: .*well-formed"),
    "JSON that is not news": ((AGENCY / "hostile-not-news.json").read_bytes(), "not a ninjs"),
    "absurd XML nesting": (DEEP_XML, "nested more than"),
    "absurd JSON nesting": (DEEP_JSON, "nested too deeply"),
    "huge file": (HUGE_JSON, "larger than"),
}


@pytest.fixture
def section(db):
    return make_section("Monde", slug="monde")


@pytest.fixture
def no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the importer tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


@pytest.mark.parametrize("kind", list(HOSTILE))
def test_hostile_file_is_refused_in_one_line_quickly_and_writes_nothing(kind, section, no_network):
    data, message = HOSTILE[kind]
    started = time.perf_counter()
    (outcome,) = import_delivery(Delivery(f"{kind}.xml", data), ImportOptions(section=section))
    elapsed = time.perf_counter() - started
    assert isinstance(outcome, Exception)
    assert str(outcome).startswith(f"{kind}.xml")
    assert "\n" not in str(outcome)
    assert re.search(message, str(outcome))
    assert elapsed < MAX_REFUSAL_SECONDS
    assert not Article.objects.exists()
    assert not Author.objects.exists() and not Tag.objects.exists() and not Photo.objects.exists()


def test_external_entity_never_reads_the_file_it_names(section):
    (outcome,) = import_delivery(
        Delivery("xxe.xml", (AGENCY / "hostile-xxe.xml").read_bytes()),
        ImportOptions(section=section),
    )
    assert "root:" not in str(outcome)


def test_a_run_with_hostile_files_still_imports_the_good_ones(section, tmp_path):
    folder = tmp_path / "drop"
    folder.mkdir()
    for name in ("hostile-xxe.xml", "hostile-laughs.xml", "hostile-not-news.json"):
        shutil.copy(AGENCY / name, folder / name)
    (folder / "deep.xml").write_bytes(DEEP_XML)
    (folder / "huge.json").write_bytes(HUGE_JSON)
    shutil.copy(AGENCY / "ninjs2-marche.json", folder / "marche.json")
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError, match="5 of 6"):
        call_command("import_article", str(folder), "--section=monde", stdout=out, stderr=err)
    assert len(err.getvalue().splitlines()) == 5
    assert "huge.json: " in err.getvalue() and "larger than" in err.getvalue()
    assert Article.objects.get().headline == "Le marché couvert de Nantes s’agrandit"
    assert "marche.json: " in out.getvalue()
