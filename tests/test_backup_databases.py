"""
Backups restore across databases: PostgreSQL to PostgreSQL, SQLite to
PostgreSQL and PostgreSQL to SQLite, each into a freshly migrated install,
through the same commands as ``make backup`` and ``make restore``. A restore
rebuilds what no dump holds: the search index and missing photo renditions.

The cross-database chain needs PostgreSQL (CI has it: .ci/run); it makes and
drops scratch databases named newsroom_hardening_scratch_*.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.storage import default_storage

from articles.backup import create_backup, restore_backup
from articles.models import Article, Photo
from articles.search import search
from tests.test_backup import newsroom, wipe_install  # noqa: F401  (the fixture)

# Only in the article's tags: the archive loads tag links after articles, so
# only a rebuilt index knows the article by this word.
SEARCHED_WORD = "syndicats"
SCRATCH_PREFIX = "newsroom_hardening_scratch_"


def snapshot() -> dict:
    """What a reader or an editor would notice after a restore, independent of ids."""
    from reversion.models import Version

    return {
        "articles": sorted(
            [
                a.headline,
                a.slug,
                a.status,
                sorted(t.name for t in a.tags.all()),
                sorted(x.name for x in a.authors.all()),
            ]
            for a in Article.objects.all()
        ),
        "versions": Version.objects.count(),
        "found": sorted(hit.article.headline for hit in search(SEARCHED_WORD).hits),
        "renditions": sorted(
            (photo.image.name, sorted(photo.renditions), rendition_files_exist(photo))
            for photo in Photo.objects.all()
        ),
    }


def rendition_files_exist(photo) -> bool:
    return bool(photo.renditions) and all(
        default_storage.exists(path) for path in photo.renditions.values()
    )


def after_restore(backup_to: str = "") -> dict:
    """
    Run in the restored install: its snapshot, then (optionally) a backup of it,
    then an edit, which must get fresh ids (sequences reset, no collision).
    """
    from django.core.management import call_command

    restored = snapshot()
    if backup_to:
        call_command("backup", "--output", backup_to, verbosity=0)
    article = Article.objects.order_by("pk").first()
    article.headline += " (mis à jour)"
    article.save()
    return restored


# --- One install -----------------------------------------------------------------


def test_restore_makes_search_find_the_restored_articles(newsroom, media_root, tmp_path):  # noqa: F811
    archive = tmp_path / "newsroom.tar.gz"
    create_backup(archive)
    wipe_install(media_root)

    result = restore_backup(archive)

    assert result.indexed_articles == 2
    found = [hit.article.headline for hit in search(SEARCHED_WORD).hits]
    assert found == ["Les dockers de Gênes votent la grève"]


def test_restore_adds_no_article_version(newsroom, media_root, tmp_path):  # noqa: F811
    from reversion.models import Revision, Version

    archive = tmp_path / "newsroom.tar.gz"
    create_backup(archive)
    versions, revisions = Version.objects.count(), Revision.objects.count()
    wipe_install(media_root)

    restore_backup(archive)

    assert (Version.objects.count(), Revision.objects.count()) == (versions, revisions)


def without_renditions(archive: Path) -> None:
    """Rewrite ``archive`` as a backup of a library whose renditions were not kept."""
    with tarfile.open(archive) as tar:
        members = [(info, tar.extractfile(info).read()) for info in tar.getmembers()]
    manifest = json.loads(next(data for info, data in members if info.name == "manifest.json"))
    manifest["files"] = {
        name: entry
        for name, entry in manifest["files"].items()
        if not name.startswith("media/renditions/")
    }
    with tarfile.open(archive, "w:gz") as tar:
        for info, data in members:
            if info.name.startswith("media/renditions/"):
                continue
            if info.name == "manifest.json":
                data = json.dumps(manifest).encode()
                info.size = len(data)
            tar.addfile(info, io.BytesIO(data))


def test_restore_remakes_missing_renditions(newsroom, media_root, tmp_path):  # noqa: F811
    archive = tmp_path / "newsroom.tar.gz"
    create_backup(archive)
    without_renditions(archive)
    wipe_install(media_root)

    result = restore_backup(archive)

    photo = Photo.objects.get()
    assert result.renditions_made == 1
    assert rendition_files_exist(photo)


# --- Across databases ----------------------------------------------------------


def postgres_admin_url() -> str:
    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("postgresql"):
        host = database.get("HOST") or "127.0.0.1"
        port = database.get("PORT") or 5432
        user = database.get("USER") or "postgres"
        password = f":{database['PASSWORD']}" if database.get("PASSWORD") else ""
        return f"postgres://{user}{password}@{host}:{port}/postgres"
    return os.environ.get(
        "NEWSROOM_TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres"
    )


def postgres_reachable(url: str) -> bool:
    import psycopg

    try:
        psycopg.connect(url, connect_timeout=2).close()
    except psycopg.Error:
        return False
    return True


@contextmanager
def scratch_postgres(admin_url: str, template: str = ""):
    import psycopg

    name = f"{SCRATCH_PREFIX}{uuid.uuid4().hex[:10]}"
    copy = f' TEMPLATE "{template.rsplit("/", 1)[1]}"' if template else ""
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"{copy}')
    try:
        yield admin_url.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(database_url: str, media_root: Path, *args: str) -> str:
    """Run ``manage.py`` against another database, as `make restore` would."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(media_root),
        "CACHE_URL": "dummy://",
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
        "DJANGO_LANGUAGE_CODE": "en",  # the assertions read the English messages
    }
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, (args, done.stdout[-2000:], done.stderr[-4000:])
    return done.stdout


def restored_install(database_url: str, media_root: Path, archive: Path, backup_to="") -> dict:
    """Restore ``archive`` into a migrated, empty database; return its snapshot."""
    out = manage(database_url, media_root, "restore", str(archive))
    assert "search index rebuilt" in out
    code = (
        "import json; from tests.test_backup_databases import after_restore; "
        f"print('SNAPSHOT:' + json.dumps(after_restore({str(backup_to)!r})))"
    )
    line = next(
        line
        for line in manage(database_url, media_root, "shell", "-c", code).splitlines()
        if line.startswith("SNAPSHOT:")
    )
    return json.loads(line.removeprefix("SNAPSHOT:"))


def test_backups_round_trip_between_postgresql_and_sqlite(newsroom, tmp_path):  # noqa: F811
    admin_url = postgres_admin_url()
    if not postgres_reachable(admin_url):
        pytest.skip("PostgreSQL is not reachable")
    before = json.loads(json.dumps(snapshot()))
    assert before["found"] == ["Les dockers de Gênes votent la grève"]
    source = tmp_path / "source.tar.gz"
    create_backup(source)
    # Fresh installs: migrated once per database, then copied.
    first_sqlite, second_sqlite = tmp_path / "first.sqlite3", tmp_path / "second.sqlite3"
    manage(f"sqlite:///{first_sqlite}", tmp_path / "media", "migrate", "--noinput", "-v0")
    shutil.copy(first_sqlite, second_sqlite)

    # This suite's database -> SQLite -> PostgreSQL -> PostgreSQL, and PostgreSQL -> SQLite.
    from_sqlite, from_pg = tmp_path / "from-sqlite.tar.gz", tmp_path / "from-pg.tar.gz"
    restored = restored_install(
        f"sqlite:///{first_sqlite}", tmp_path / "media-sqlite", source, backup_to=from_sqlite
    )
    assert restored == before
    with scratch_postgres(admin_url) as first_pg:
        manage(first_pg, tmp_path / "media", "migrate", "--noinput", "-v0")
        with scratch_postgres(admin_url, template=first_pg) as second_pg:
            restored = restored_install(
                first_pg, tmp_path / "media-pg1", from_sqlite, backup_to=from_pg
            )
            assert restored == before
            assert restored_install(second_pg, tmp_path / "media-pg2", from_pg) == before
    assert (
        restored_install(f"sqlite:///{second_sqlite}", tmp_path / "media-sqlite2", from_pg)
        == before
    )
