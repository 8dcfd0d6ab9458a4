"""
Two app servers on one database and one Redis: an article published through
one of them is shown at once by the other, which had the page cached.

The servers are real processes (gunicorn) on a scratch database of their own,
created and migrated here: PostgreSQL when the suite runs on PostgreSQL, else
an SQLite file. Redis is required, as in production and CI.
"""

from __future__ import annotations

import html
import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import dj_database_url
import pytest
import redis

BASE_DIR = Path(__file__).resolve().parent.parent
REDIS_URL = "redis://127.0.0.1:6379/14"
# Seconds: a server that is not answering by then has failed to start.
START_TIMEOUT_SECONDS = 60
REQUEST_TIMEOUT_SECONDS = 30
PASSWORD = "correct-horse-battery-staple-42"

SETUP = """
from django.contrib.auth import get_user_model
from django.utils import timezone
from articles.models import Article, Section
User = get_user_model()
User.objects.create_superuser("chef", "chef@example.com", "{password}")
section = Section.objects.create(name="Port", slug="port")
Article.objects.create(headline="Le marché aux poissons rouvre", section=section,
    status="published", published_at=timezone.now())
draft = Article.objects.create(headline="Les chalutiers rentrent au port", section=section,
    standfirst="La saison de pêche s'achève plus tôt que prévu.",
    body="<p>Les bateaux sont à quai depuis l'aube.</p>")
draft.tags.add("Pêche")
print(draft.pk)
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def shared_cache_url():
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError as error:
        pytest.fail(f"Redis must run on 127.0.0.1:6379 for this test: {error}")
    prefix = f"newsroom-multiprocess-{uuid.uuid4().hex[:8]}"
    yield f"{REDIS_URL}?prefix={prefix}"
    client = redis.Redis.from_url(REDIS_URL)
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)


@pytest.fixture
def scratch_database_url(tmp_path):
    """A database of its own for the servers: the test database lives in a transaction."""
    configured = dj_database_url.parse(os.environ.get("DATABASE_URL") or "sqlite://:memory:")
    if configured["ENGINE"] != "django.db.backends.postgresql":
        yield f"sqlite:///{tmp_path / 'servers.sqlite3'}"
        return
    import psycopg

    name = f"newsroom_multiprocess_{uuid.uuid4().hex[:8]}"
    admin = {
        "host": configured["HOST"] or "127.0.0.1",
        "port": configured["PORT"] or 5432,
        "user": configured["USER"],
        "password": configured["PASSWORD"] or None,
        "dbname": "postgres",
        "autocommit": True,
    }
    with psycopg.connect(**admin) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    parts = urllib.parse.urlsplit(os.environ["DATABASE_URL"])
    try:
        yield urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(**admin) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def server_env(scratch_database_url, shared_cache_url, tmp_path):
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "NEWSROOM_"))}
    return {
        **base,
        "DATABASE_URL": scratch_database_url,
        "CACHE_URL": shared_cache_url,
        "MEDIA_ROOT": str(tmp_path / "media"),
        "DJANGO_DEBUG": "1",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
    }


def manage(env, *args) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def start_server(env, port: int, log: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "newsroom.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--access-logfile",
            "-",
        ],
        cwd=BASE_DIR,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )


def wait_until_up(base: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"{base} stopped:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"{base}/robots.txt", timeout=2):
                return
        except OSError:  # refused, reset or timed out while the worker boots
            time.sleep(0.2)
    pytest.fail(f"{base} did not answer within {START_TIMEOUT_SECONDS} s:\n{log.read_text()}")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


class Browser:
    """Cookies and CSRF tokens, as a browser keeps them."""

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def get(self, path: str) -> tuple[int, str]:
        try:
            with self.opener.open(self.base + path, timeout=REQUEST_TIMEOUT_SECONDS) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def post_form(self, path: str, fields: list[tuple[str, str]]) -> tuple[int, str]:
        _status, page = self.get(path)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        data = urllib.parse.urlencode([("csrfmiddlewaretoken", token), *fields]).encode()
        with self.opener.open(self.base + path, data, timeout=REQUEST_TIMEOUT_SECONDS) as response:
            return response.status, response.read().decode()


def test_an_article_published_through_one_server_shows_at_once_on_the_other(server_env, tmp_path):
    manage(server_env, "migrate", "--noinput", "-v", "0")
    draft_pk = manage(server_env, "shell", "-c", SETUP.format(password=PASSWORD)).split()[-1]
    ports = free_port(), free_port()
    logs = tmp_path / "a.log", tmp_path / "b.log"
    servers = [start_server(server_env, port, log) for port, log in zip(ports, logs, strict=True)]
    try:
        bases = [f"http://127.0.0.1:{port}" for port in ports]
        for base, server, log in zip(bases, servers, logs, strict=True):
            wait_until_up(base, server, log)
        newsroom, reader = Browser(bases[0]), Browser(bases[1])
        reader.get("/")
        status, home = reader.get("/")  # served from the shared cache now
        assert status == 200
        assert "Le marché aux poissons rouvre" in home
        assert "Les chalutiers rentrent au port" not in home

        newsroom.post_form(
            "/admin/login/?next=/admin/",
            [("username", "chef"), ("password", PASSWORD), ("next", "/admin/")],
        )
        status, changelist = newsroom.post_form(
            "/admin/articles/article/",
            [("action", "publish_now"), ("_selected_action", draft_pk), ("index", "0")],
        )
        assert status == 200

        status, home = reader.get("/")
        assert "Les chalutiers rentrent au port" in html.unescape(home), changelist[-2000:]
    finally:
        for server in servers:
            stop(server)
