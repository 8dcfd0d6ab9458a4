"""Backup and restore: a round trip loses nothing, and hostile archives are refused."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import tarfile
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection

from articles.backup import BackupError, create_backup, restore_backup
from articles.models import Article, Photo, Section
from articles.roles import sync_roles
from tests.factories import make_article, make_author, make_editor, make_photo, make_section


@pytest.fixture
def newsroom(db):
    """A small newsroom: two articles with photo, tags and authors, and an editor."""
    section = make_section("International", slug="international")
    jeanne = make_author("Jeanne Martin")
    paul = make_author("Paul Durand")
    photo = make_photo(caption="Le port de Gênes au petit matin.")
    make_article(
        headline="Les dockers de Gênes votent la grève",
        section=section,
        lead_photo=photo,
        tags=["Italie", "Syndicats"],
        authors=[jeanne, paul],
    )
    make_article(
        headline="Brouillon : la saison des festivals",
        status=Article.Status.DRAFT,
        section=section,
        tags=["Culture"],
        authors=[paul],
    )
    make_editor(username="redaction-chef")


def media_snapshot(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def content_snapshot() -> dict:
    """What a reader or an editor would notice, independent of primary keys."""
    articles = [
        {
            "headline": a.headline,
            "slug": a.slug,
            "body": a.body,
            "status": a.status,
            "published_at": a.published_at,
            "section": a.section.slug,
            "authors": sorted(author.name for author in a.authors.all()),
            "tags": sorted(tag.name for tag in a.tags.all()),
            "photo": a.lead_photo
            and (a.lead_photo.image.name, a.lead_photo.credit_line, a.lead_photo.caption),
            "url": a.get_absolute_url(),
        }
        for a in Article.objects.order_by("slug")
    ]
    users = [
        (u.username, u.password, u.is_staff, sorted(g.name for g in u.groups.all()))
        for u in get_user_model().objects.order_by("username")
    ]
    groups = {
        g.name: sorted(g.permissions.values_list("codename", flat=True))
        for g in apps.get_model("auth", "Group").objects.all()
    }
    return {"articles": articles, "users": users, "groups": groups}


def check_pending_constraints() -> None:
    # PostgreSQL refuses to empty a table with deferred foreign-key checks
    # pending, as they are inside the test's transaction.
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def wipe_install(media_root: Path) -> None:
    """Turn this install into a fresh one: migrated tables, roles, no content, no media."""
    check_pending_constraints()
    call_command("flush", interactive=False, verbosity=0)
    sync_roles(apps)  # what the roles data migration does on a new install
    shutil.rmtree(media_root, ignore_errors=True)


def test_round_trip_restores_articles_photos_tags_authors_users_and_media(
    newsroom, media_root, tmp_path
):
    archive = tmp_path / "newsroom.tar.gz"
    before, media_before = content_snapshot(), media_snapshot(media_root)

    create_backup(archive)
    wipe_install(media_root)
    assert Article.objects.count() == 0
    restore_backup(archive)

    assert content_snapshot() == before
    assert media_snapshot(media_root) == media_before
    assert len(media_before) >= 1


def test_restored_install_keeps_working(newsroom, media_root, tmp_path, client):
    archive = tmp_path / "newsroom.tar.gz"
    create_backup(archive)
    wipe_install(media_root)
    restore_backup(archive)

    # New rows get fresh ids (loaddata resets PostgreSQL sequences).
    restored_ids = set(Article.objects.values_list("pk", flat=True))
    new = make_article(headline="Après la restauration", section=Section.objects.get())
    assert new.pk > max(restored_ids)
    photo = Photo.objects.get()
    with photo.image.open("rb") as image:
        assert image.read(2) == b"\xff\xd8"  # the JPEG itself, not only its name
    response = client.get("/")
    assert new.headline in response.content.decode()
    assert "Les dockers de Gênes votent la grève" in response.content.decode()
    # Sessions are not restored, but passwords are: editors can log in again.
    assert (
        get_user_model()
        .objects.get(username="redaction-chef")
        .check_password("correct-horse-battery")
    )


def test_archive_has_a_manifest_with_counts_and_checksums(newsroom, media_root, tmp_path):
    archive = tmp_path / "newsroom.tar.gz"
    manifest = create_backup(archive)

    with tarfile.open(archive) as tar:
        names = tar.getnames()
        stored = json.load(tar.extractfile("manifest.json"))
    assert stored == manifest
    assert manifest["objects"]["articles.article"] == 2
    assert set(names) == {"manifest.json", *manifest["files"]}
    media_names = [name for name in names if name.startswith("media/")]
    assert media_names
    for name in media_names:
        relative = name.removeprefix("media/")
        digest = hashlib.sha256((media_root / relative).read_bytes()).hexdigest()
        assert manifest["files"][name]["sha256"] == digest


def test_backup_leaves_out_what_a_new_install_rebuilds_and_what_is_not_worth_keeping(
    newsroom, tmp_path, client
):
    client.post("/admin/login/", {"username": "redaction-chef", "password": "wrong"})
    client.force_login(get_user_model().objects.get(username="redaction-chef"))
    manifest = create_backup(tmp_path / "newsroom.tar.gz")

    models = set(manifest["objects"])
    assert not {m for m in models if m.startswith(("contenttypes.", "sessions.", "axes."))}
    assert "auth.permission" not in models
    assert {"auth.user", "auth.group", "articles.article", "articles.photo"} <= models


def test_restore_refuses_a_database_that_already_has_content(newsroom, tmp_path):
    archive = tmp_path / "newsroom.tar.gz"
    create_backup(archive)
    make_article(headline="Écrit après la sauvegarde")

    with pytest.raises(BackupError, match="--force"):
        restore_backup(archive)
    assert Article.objects.filter(headline="Écrit après la sauvegarde").exists()


def test_forced_restore_replaces_the_content(newsroom, tmp_path):
    archive = tmp_path / "newsroom.tar.gz"
    create_backup(archive)
    make_article(headline="Écrit après la sauvegarde")

    restore_backup(archive, force=True)

    assert not Article.objects.filter(headline="Écrit après la sauvegarde").exists()
    assert Article.objects.count() == 2


def test_commands_round_trip(newsroom, media_root, tmp_path):
    archive = tmp_path / "nightly.tar.gz"
    out = StringIO()
    call_command("backup", "--output", str(archive), stdout=out)
    assert "Backup written" in out.getvalue()
    wipe_install(media_root)

    out = StringIO()
    call_command("restore", str(archive), stdout=out)

    assert "Restored" in out.getvalue()
    assert Article.objects.count() == 2


def test_commands_report_in_the_sites_language(newsroom, media_root, tmp_path, settings):
    """A French site's operator reads French, whatever language is active."""
    from django.utils import translation

    settings.LANGUAGE_CODE = "fr"
    archive = tmp_path / "nightly.tar.gz"
    with translation.override("en"):
        written = StringIO()
        call_command("backup", "--output", str(archive), stdout=written)
        wipe_install(media_root)
        restored = StringIO()
        call_command("restore", str(archive), stdout=restored)

    assert f"Sauvegarde écrite dans {archive}\u00a0: " in written.getvalue()
    assert " objets, 6 fichiers de médias." in written.getvalue()
    assert "restaurés depuis une sauvegarde du " in restored.getvalue()
    assert "index de recherche reconstruit (2 articles)" in restored.getvalue()
    assert "+00:00" not in restored.getvalue()  # a date a person reads


def test_restore_command_explains_a_refusal(newsroom, tmp_path):
    archive = tmp_path / "newsroom.tar.gz"
    create_backup(archive)
    with pytest.raises(CommandError, match="empty install"):
        call_command("restore", str(archive))


# --- Hostile or damaged archives ---------------------------------------------


def tar_with(path: Path, members: list[tuple[tarfile.TarInfo, bytes]]) -> Path:
    with tarfile.open(path, "w:gz") as tar:
        for info, data in members:
            info.size = len(data) if info.isfile() else 0
            tar.addfile(info, io.BytesIO(data) if info.isfile() else None)
    return path


def member(name: str, kind: bytes = tarfile.REGTYPE, linkname: str = "") -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type = kind
    info.linkname = linkname
    return info


HOSTILE_MEMBERS = [
    member("/etc/cron.d/newsroom"),
    member("media/../../outside.txt"),
    member("../outside.txt"),
    member("media/photos/../../../outside.txt"),
    member("media/link.jpg", tarfile.SYMTYPE, "/etc/passwd"),
    member("media/hard.jpg", tarfile.LNKTYPE, "/etc/passwd"),
    member("media/device", tarfile.CHRTYPE),
    member("media/fifo", tarfile.FIFOTYPE),
    member("C:\\Windows\\evil.py"),
    member("newsroom/settings.py"),
]


def test_hostile_archive_members_are_refused_and_nothing_is_written(db, tmp_path, media_root):
    for hostile in HOSTILE_MEMBERS:
        archive = tar_with(
            tmp_path / "hostile.tar.gz",
            [(member("manifest.json"), b"{}"), (member("data.json"), b"[]"), (hostile, b"owned")],
        )
        with pytest.raises(BackupError, match="Refusing archive member"):
            restore_backup(archive)
        assert not (tmp_path / "outside.txt").exists(), hostile.name
        assert not any(media_root.rglob("*")) if media_root.exists() else True


def test_archive_whose_manifest_names_a_path_outside_is_refused(db, tmp_path):
    manifest = {"format": 1, "objects": {}, "files": {"../outside.txt": {"size": 0, "sha256": ""}}}
    archive = tar_with(
        tmp_path / "evil.tar.gz",
        [(member("manifest.json"), json.dumps(manifest).encode()), (member("data.json"), b"[]")],
    )
    with pytest.raises(BackupError):
        restore_backup(archive)
    assert not (tmp_path / "outside.txt").exists()


def test_damaged_archive_is_refused_before_touching_the_database(newsroom, tmp_path):
    archive = tmp_path / "newsroom.tar.gz"
    create_backup(archive)
    with tarfile.open(archive) as tar:
        members = [(info, tar.extractfile(info).read()) for info in tar.getmembers()]
    damaged = [
        (info, data.replace("Gênes".encode(), b"Rome"))
        if info.name == "data.json"
        else (info, data)
        for info, data in members
    ]
    tar_with(archive, damaged)
    wipe_install(tmp_path / "unused")

    with pytest.raises(BackupError, match="damaged"):
        restore_backup(archive)
    assert Article.objects.count() == 0


@pytest.mark.parametrize(
    "content",
    [b"", b"not an archive at all", b"\x1f\x8b\x08\x00broken gzip"],
)
def test_unreadable_file_is_refused(db, tmp_path, content):
    archive = tmp_path / "broken.tar.gz"
    archive.write_bytes(content)
    with pytest.raises(BackupError):
        restore_backup(archive)
