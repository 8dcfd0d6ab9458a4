"""
Take the README screenshots of the admin (docs/screenshots/admin-*.png);
the reader site's are taken by docs/take_front_screenshots.py.

    .venv/bin/python docs/take_screenshots.py

Loads the demo content into a scratch SQLite database, serves it with
runserver on a free port, photographs the admin with
Playwright driving Debian's chromium (/usr/bin/chromium, never a downloaded
browser), then stops the server and deletes the scratch files.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright
from take_front_screenshots import shrink

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "docs" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
DESKTOP = {"width": 1440, "height": 1000}
# The development login that load_demo creates (DEBUG only).
EDITOR_LOGIN = ("editeur", "newsroom-demo")
SERVER_START_SECONDS = 30
# The demo is all published: give the desk something to show (scratch database only).
DESK_DAY = """
from datetime import timedelta
from django.utils import timezone
from articles.models import Article
now = timezone.now()
pks = list(Article.objects.order_by("-published_at").values_list("pk", flat=True)[2:7])
Article.objects.filter(pk__in=pks[:2]).update(status=Article.Status.REVIEW)
Article.objects.filter(pk=pks[2]).update(
    status=Article.Status.DRAFT, planned_for=now - timedelta(days=1)
)
Article.objects.filter(pk=pks[3]).update(published_at=now + timedelta(minutes=90))
Article.objects.filter(pk=pks[4]).update(published_at=now + timedelta(hours=30), is_embargoed=True)
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(*args: str, env: dict[str, str]) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def wait_for(url: str) -> None:
    deadline = time.monotonic() + SERVER_START_SECONDS
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def shoot(page, name: str, full_page: bool = False) -> None:
    path = OUTPUT / f"{name}.png"
    page.screenshot(path=path, full_page=full_page)
    shrink(path)


def take_screenshots(base_url: str) -> None:
    OUTPUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        desktop = browser.new_context(viewport=DESKTOP)
        page = desktop.new_page()
        # The reader site's pictures: docs/take_front_screenshots.py.
        page.goto(base_url + "/admin/login/")
        page.locator("#id_username").fill(EDITOR_LOGIN[0])
        page.locator("#id_password").fill(EDITOR_LOGIN[1])
        page.locator("#id_password").press("Enter")
        page.wait_for_load_state("networkidle")
        page.goto(base_url + "/admin/", wait_until="networkidle")
        shoot(page, "admin-desk", full_page=True)
        page.goto(base_url + "/admin/articles/article/", wait_until="networkidle")
        shoot(page, "admin-list")

        page.locator("#result_list tbody tr th a").first.click()
        page.locator(".ProseMirror >> visible=true").first.wait_for()
        page.wait_for_load_state("networkidle")
        shoot(page, "admin-edit")
        browser.close()


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="newsroom-shots-") as scratch:
        env = {
            **os.environ,
            "DJANGO_DEBUG": "1",
            "DATABASE_URL": f"sqlite:///{scratch}/db.sqlite3",
            "MEDIA_ROOT": f"{scratch}/media",
            "CACHE_URL": "locmem://",
        }
        manage("migrate", "--noinput", "--verbosity", "0", env=env)
        manage("load_demo", env=env)
        manage("shell", "-c", DESK_DAY, env=env)
        port = free_port()
        server = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            base_url = f"http://127.0.0.1:{port}"
            wait_for(base_url + "/")
            take_screenshots(base_url)
        finally:
            server.terminate()
            server.wait(timeout=10)
    for path in sorted(OUTPUT.glob("admin-*.png")):
        print(f"{path.relative_to(ROOT)}: {path.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
