"""The drop folder: each delivered file imported once, even with several runners polling."""

from __future__ import annotations

import shutil
import threading
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from articles.imports.dropfolder import CLAIMED, FINISHED, TAKEN, claim, claim_key, poll
from articles.imports.options import ImportOptions
from articles.models import Article, ImportClaim
from tests.factories import make_section

AGENCY = Path(__file__).resolve().parent / "samples" / "agency"


@pytest.fixture
def drop(tmp_path):
    folder = tmp_path / "drop"
    folder.mkdir()
    for name in ("ninjs3-sommet.json", "sommet-photo.png", "bare.nitf", "hostile-xxe.xml"):
        shutil.copy(AGENCY / name, folder / name)
    return folder


def watch_once(folder: Path) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command(
        "import_article", "--watch", str(folder), "--once", "--section=monde",
        stdout=out, stderr=err,
    )  # fmt: skip
    return out.getvalue(), err.getvalue()


def test_watch_imports_new_files_and_moves_them_with_their_pictures(db, drop):
    make_section("Monde", slug="monde")
    out, err = watch_once(drop)
    assert Article.objects.count() == 2
    assert sorted(p.name for p in (drop / "done").iterdir()) == [
        "bare.nitf",
        "ninjs3-sommet.json",
        "sommet-photo.png",
    ]
    assert [p.name for p in (drop / "failed").iterdir()] == [
        "hostile-xxe.xml",
        "hostile-xxe.xml.error",
    ]
    assert "entities" in (drop / "failed" / "hostile-xxe.xml.error").read_text()
    assert "hostile-xxe.xml: " in err
    assert "(created)" in out
    assert not [p for p in drop.iterdir() if p.is_file()]


def test_second_look_imports_nothing_again(db, drop):
    make_section("Monde", slug="monde")
    watch_once(drop)
    shutil.copy(AGENCY / "ninjs3-sommet-v3.json", drop / "v3.json")
    out, _err = watch_once(drop)
    assert out.splitlines() == [out.splitlines()[0]]
    assert out.startswith("[1/1] v3.json: http") and out.rstrip().endswith("(updated)")
    assert Article.objects.count() == 2


def test_a_file_claimed_by_one_runner_is_skipped_by_another(db):
    key = claim_key(Path("/srv/drop"), "story.json", b"{}")
    assert claim(key, "story.json", "server-a") == CLAIMED
    assert claim(key, "story.json", "server-b") == TAKEN
    assert ImportClaim.objects.get().runner == "server-a"


def test_a_file_delivered_again_after_its_import_is_recognised(db):
    key = claim_key(Path("/srv/drop"), "story.json", b"{}")
    claim(key, "story.json", "server-a")
    ImportClaim.objects.update(finished_at="2000-01-01T00:00:00Z")
    assert claim(key, "story.json", "server-b") == FINISHED


def test_a_claim_left_by_a_dead_runner_is_taken_over_once_stale(db):
    key = claim_key(Path("/srv/drop"), "story.json", b"{}")
    claim(key, "story.json", "server-a")
    ImportClaim.objects.update(claimed_at="2000-01-01T00:00:00Z")
    assert claim(key, "story.json", "server-b") == CLAIMED


@pytest.mark.django_db(transaction=True)
def test_two_runners_polling_at_once_import_each_file_exactly_once(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL (SQLite serialises the whole database)")
    section = make_section("Monde", slug="monde")
    folder = tmp_path / "drop"
    folder.mkdir()
    for number in range(12):
        text = (AGENCY / "ninjs1-pont.json").read_text()
        text = text.replace("pont-lyon", f"pont-lyon-{number}").replace(
            "Le pont Lafayette rouvre", f"Le pont n°{number} rouvre"
        )
        (folder / f"item-{number:02d}.json").write_text(text)
    handled: dict[str, list[str]] = {}
    start = threading.Barrier(2)

    def runner(name: str) -> None:
        start.wait()
        try:
            handled[name] = poll(folder, ImportOptions(section=section), quiet, name)
        finally:
            connection.close()

    threads = [threading.Thread(target=runner, args=(n,)) for n in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    both = handled["a"] + handled["b"]
    assert sorted(both) == sorted(f"item-{n:02d}.json" for n in range(12))
    assert Article.objects.count() == 12
    assert ImportClaim.objects.count() == 12
    assert len(list((folder / "done").iterdir())) == 12


def quiet(prefix, name, outcomes, dry_run) -> bool:
    return not any(isinstance(outcome, Exception) for outcome in outcomes)


def test_a_storage_prefix_is_watched_like_a_folder(db, settings, tmp_path):
    """The storages API: the same code watches an S3-compatible bucket (a local one here)."""
    make_section("Monde", slug="monde")
    settings.STORAGES = {
        **settings.STORAGES,
        "incoming": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "bucket")},
        },
    }
    inbox = tmp_path / "bucket" / "agency"
    inbox.mkdir(parents=True)
    for name in ("ninjs3-sommet.json", "sommet-photo.png", "hostile-xxe.xml"):
        shutil.copy(AGENCY / name, inbox / name)
    out, err = StringIO(), StringIO()
    call_command(
        "import_article", "--watch", "storage://incoming/agency", "--once", "--section=monde",
        stdout=out, stderr=err,
    )  # fmt: skip
    assert Article.objects.get().lead_photo is not None
    assert sorted(p.name for p in (inbox / "done").iterdir()) == [
        "ninjs3-sommet.json",
        "sommet-photo.png",
    ]
    assert (inbox / "failed" / "hostile-xxe.xml.error").is_file()
    assert not [p for p in inbox.iterdir() if p.is_file()]


def test_a_dry_run_of_the_folder_claims_and_moves_nothing(db, drop):
    make_section("Monde", slug="monde")
    out = StringIO()
    call_command(
        "import_article", "--watch", str(drop), "--once", "--dry-run", "--section=monde",
        stdout=out, stderr=StringIO(),
    )  # fmt: skip
    assert "would create" in out.getvalue()
    assert not ImportClaim.objects.exists() and not Article.objects.exists()
    watch_once(drop)
    assert Article.objects.count() == 2
