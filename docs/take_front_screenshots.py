"""
Take the README's screenshots of the reader site (docs/screenshots/front-*.png):
home, section, article and search, on a phone (390 x 844, the first screen)
and on a desktop (1280 wide, the whole page).

    .venv/bin/python docs/take_front_screenshots.py

Loads the demo content plus 60 generated articles into a scratch SQLite
database, serves it with runserver on a free port, photographs it with
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

from PIL import Image
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "docs" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-quic"]
SCREENS = {
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
    "desktop": {"viewport": {"width": 1280, "height": 900}},
}
GENERATED_ARTICLES = "60"
SERVER_START_SECONDS = 30
# Lazy pictures load as the page scrolls; a full-page shot waits for them.
SCROLL_STEP_PX = 600


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


def load_lazy_pictures(page) -> None:
    height = page.evaluate("document.body.scrollHeight")
    for y in range(0, height, SCROLL_STEP_PX):
        page.evaluate(f"window.scrollTo(0, {y})")
        page.wait_for_timeout(50)
    page.evaluate("window.scrollTo(0, 0)")
    page.wait_for_load_state("networkidle")


def shrink(path: Path) -> None:
    """256 colours: a third of the size, and text stays crisp."""
    with Image.open(path) as image:
        palette = image.convert("RGB").quantize(
            colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE
        )
    palette.save(path, optimize=True)


def pages_to_shoot(page, base_url: str) -> dict[str, str]:
    """Home, the first section, the lead story and a search, found as a reader would."""
    page.goto(base_url + "/", wait_until="networkidle")
    sections = page.locator(".site-nav a")
    # The demo's hand-written section, when the generated ones come first.
    international = sections.filter(has_text="International")
    section = (international if international.count() else sections).first.get_attribute("href")
    article = page.locator(".lead .card-title a").get_attribute("href")
    return {
        "home": "/",
        "section": section,
        "article": article,
        "search": "/recherche/?q=port",
    }


def take_screenshots(base_url: str) -> None:
    OUTPUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        for screen, options in SCREENS.items():
            context = browser.new_context(**options)
            page = context.new_page()
            for name, path in pages_to_shoot(page, base_url).items():
                page.goto(base_url + path, wait_until="networkidle")
                full_page = screen == "desktop"
                if full_page:
                    load_lazy_pictures(page)
                path = OUTPUT / f"front-{name}-{screen}.png"
                page.screenshot(path=path, full_page=full_page)
                shrink(path)
            context.close()
        browser.close()


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="newsroom-fronts-") as scratch:
        env = {
            **os.environ,
            "DJANGO_DEBUG": "1",
            "DJANGO_LANGUAGE_CODE": "fr",
            "DATABASE_URL": f"sqlite:///{scratch}/db.sqlite3",
            "MEDIA_ROOT": f"{scratch}/media",
            "CACHE_URL": "locmem://",
        }
        manage("migrate", "--noinput", "--verbosity", "0", env=env)
        manage("load_demo", env=env)
        manage("seed_demo", "--articles", GENERATED_ARTICLES, env=env)
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
    for path in sorted(OUTPUT.glob("front-*.png")):
        print(f"{path.relative_to(ROOT)}: {path.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
