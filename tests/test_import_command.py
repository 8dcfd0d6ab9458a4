"""The import_article management command: wiring, output and exit status."""

from __future__ import annotations

import shutil
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article, Photo
from tests.factories import make_section

SAMPLES = Path(__file__).resolve().parent / "samples"
REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def section(db):
    return make_section("Société", slug="societe")


def run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_article", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_command_prints_progress_file_and_admin_url_of_the_draft(section, settings):
    settings.NEWSROOM_BASE_URL = "https://news.example"
    out, err = run(SAMPLES / "sommet.txt", "--section", "societe", "--tags", "Eau, Lyon")
    article = Article.objects.get()
    line = out.splitlines()[0]
    assert line.startswith(f"[1/1] {SAMPLES / 'sommet.txt'}: ")
    assert f"https://news.example/admin/articles/article/{article.pk}/change/" in line
    assert "no picture yet" in out
    assert err == ""


def test_command_prints_the_public_url_when_publishing(section, settings):
    settings.NEWSROOM_BASE_URL = "https://news.example"
    out, _err = run(
        SAMPLES / "time.txt", "--section", "societe", "--publish", "--tags", "Société",
        "--publish-despite-checks", "Dépêche sans chapô",
    )  # fmt: skip
    article = Article.objects.get()
    assert article.is_published()
    assert "https://news.example" + article.get_absolute_url() in out


def test_directory_imports_every_text_file_with_its_same_stem_image(section, tmp_path):
    folder = tmp_path / "exports"
    shutil.copytree(SAMPLES / "batch", folder)
    with pytest.raises(CommandError, match="1 of 3"):
        run(folder, "--section", "societe")
    market = Article.objects.get(headline__startswith="Le marché couvert")
    port = Article.objects.get(headline__startswith="Le port du Havre")
    assert market.lead_photo.credit.line == "Hugo Petit/AFP"
    assert port.lead_photo is None


def test_failed_file_gets_one_line_on_stderr_and_the_others_still_import(section, capsys):
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError) as caught:
        call_command(
            "import_article",
            str(SAMPLES / "impossible_date.txt"),
            str(SAMPLES / "sommet.txt"),
            str(SAMPLES / "binary.txt"),
            "--section=societe",
            stdout=out,
            stderr=err,
        )
    errors = err.getvalue().splitlines()
    assert len(errors) == 2
    assert "impossible_date.txt, line 1: " in errors[0]
    assert "2025-13-45" in errors[0]
    assert "binary.txt" in errors[1]
    assert "[3/3]" in errors[1]
    assert "2 of 3" in str(caught.value)
    assert Article.objects.count() == 1


def test_unknown_section_stops_before_reading_any_file(db):
    with pytest.raises(CommandError, match="nowhere"):
        run(SAMPLES / "sommet.txt", "--section", "nowhere")
    assert not Article.objects.exists()


def test_dry_run_reports_counts_and_writes_nothing(section):
    out, _err = run(SAMPLES / "sommet.txt", "--section", "societe", "--dry-run", "--author", "X")
    assert "Les ministres de l’Agriculture" in out
    assert "2 sub-headings" in out
    assert "4 paragraphs" in out
    assert "Jeanne Martin / AFP" in out
    assert "2025-03-14" in out
    assert not Article.objects.exists()


def test_second_run_reports_the_existing_article_and_update_refreshes_it(section):
    run(SAMPLES / "sommet.txt", "--section", "societe")
    out, _err = run(SAMPLES / "sommet.txt", "--section", "societe")
    assert "already imported" in out
    out, _err = run(SAMPLES / "sommet.txt", "--section", "societe", "--update")
    assert "(updated)" in out
    assert Article.objects.count() == 1


def test_image_option_sets_the_lead_photo(section):
    run(SAMPLES / "sommet.txt", "--section", "societe", "--image", SAMPLES / "photo.png")
    assert Article.objects.get().lead_photo == Photo.objects.get()


def test_headline_and_image_refuse_several_files(section):
    with pytest.raises(CommandError, match="single"):
        run(SAMPLES / "sommet.txt", SAMPLES / "time.txt", "--section", "societe", "--headline", "T")


def test_symbolic_link_is_refused(section, tmp_path):
    (tmp_path / "link.txt").symlink_to(SAMPLES / "sommet.txt")
    with pytest.raises(CommandError):
        run(tmp_path / "link.txt", "--section", "societe")
    assert not Article.objects.exists()


def test_failure_exits_non_zero_with_a_one_line_message_and_no_traceback(tmp_path):
    # A real process against its own database, as an editor would run it.
    database = tmp_path / "db.sqlite3"
    env = {
        "DATABASE_URL": f"sqlite:///{database}",
        "PATH": "/usr/bin:/bin",
        "DJANGO_LANGUAGE_CODE": "en",
    }
    manage = [sys.executable, str(REPO / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], env=env, cwd=REPO, check=True)
    subprocess.run(
        [
            *manage,
            "shell",
            "-c",
            "from tests.factories import make_section; make_section(slug='s')",
        ],
        env=env,
        cwd=REPO,
        check=True,
    )
    done = subprocess.run(
        [*manage, "import_article", str(SAMPLES / "empty.txt"), "--section", "s"],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "empty.txt" in done.stderr
    assert "1 of 1" in done.stderr
