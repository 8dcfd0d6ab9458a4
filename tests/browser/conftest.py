"""
Real-browser tests: Playwright driving Debian's chromium against pytest-django's
``live_server``. No browser is ever downloaded: without /usr/bin/chromium the
tests are skipped, and ``pytest -ra`` says why.

The admin is served in English here (``LANGUAGE_CODE``): labels and buttons
are then our msgids and Django's own English strings, which the French
catalogue cannot change under the tests' feet.
"""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test's thread, for the whole
# session once the browser is up; the ORM calls the tests make there (setting
# up data, checking what was saved) are plain synchronous code, which Django
# refuses next to a running loop unless told. Set at import, for the process.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "browser"
PASSWORD = "correct-horse-battery"  # tests/factories.make_user's password
# Generous for a shared 2-core machine, short enough to fail fast.
TIMEOUT_MS = 15_000


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"chromium not found at {CHROMIUM}: browser tests skipped")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def english_site(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def roles(transactional_db):
    """
    The Writer and Editor groups. They come from a data migration, which the
    flush after each live-server test empties, so they are made again here.
    """
    from django.apps import apps

    from articles.roles import sync_roles

    sync_roles(apps)


@dataclass
class BrowserSession:
    """One browser context (one person), its page and what its console said."""

    context: object
    page: object
    base_url: str
    shots: Path
    console: list[str] = field(default_factory=list)
    shots_taken: int = 0

    def goto(self, path: str):
        return self.page.goto(self.base_url + path)

    def screenshot(self, name: str, page=None) -> Path:
        """Save a numbered full-page screenshot of ``page`` (default: the main one)."""
        self.shots.mkdir(parents=True, exist_ok=True)
        path = self.shots / f"{self.shots_taken:02d}-{name}.png"
        self.shots_taken += 1
        (page or self.page).screenshot(path=path, full_page=True)
        return path

    def csp_violations(self) -> list[str]:
        return [text for text in self.console if "Content Security Policy" in text]

    def log_in(self, username: str, password: str = PASSWORD) -> None:
        """Through the admin's login page, as a person would."""
        from playwright.sync_api import expect

        self.goto("/admin/login/")
        self.page.get_by_label("Username").fill(username)
        self.page.get_by_label("Password").fill(password)
        self.page.get_by_role("button", name="Log in").click()
        expect(self.page.get_by_role("button", name="Log out")).to_be_visible()


@pytest.fixture
def open_session(browser, live_server, request):
    """Open a browser session per person: ``open_session("editor")``."""
    contexts = []
    test_dir = ARTIFACTS / re.sub(r"[^\w.-]+", "_", request.node.name)
    # Only this run's screenshots.
    shutil.rmtree(test_dir, ignore_errors=True)

    def open_session(who: str = "reader") -> BrowserSession:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        session = BrowserSession(context, page, live_server.url, test_dir / who)
        record_console(context, session.console)
        return session

    yield open_session
    for context in contexts:
        context.close()


def record_console(context, messages: list[str]) -> None:
    """Keep every console message of every page (pop-ups included)."""

    def watch(page):
        page.on("console", lambda message: messages.append(f"{message.type}: {message.text}"))
        page.on("pageerror", lambda error: messages.append(f"pageerror: {error}"))

    for page in context.pages:
        watch(page)
    context.on("page", watch)
