"""
The reader's pages in a real browser: axe-core finds no accessibility
violation of serious or critical impact on any public page type, on a desktop
screen and on a phone in dark mode; on a phone the news starts on the first
screen.

axe-core is vendored (tests/browser/vendor/axe-core/axe.min.js, MPL-2.0, its
licence beside it) and evaluated in the page: nothing is downloaded.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.browser.conftest import TIMEOUT_MS
from tests.factories import make_article, make_author, make_photo, make_section

pytestmark = pytest.mark.browser

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
# What the issue asks for: nothing a screen-reader or keyboard user is blocked by.
BLOCKING_IMPACTS = {"serious", "critical"}
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@dataclass(frozen=True)
class Screen:
    viewport: dict
    color_scheme: str
    is_mobile: bool


SCREENS = {
    "desktop": Screen(DESKTOP, "light", False),
    "phone-dark": Screen(PHONE, "dark", True),
}


@pytest.fixture
def newsroom(transactional_db):
    """A small paper: sections with a sub-section, photos, tags, authors, a correction."""
    from articles.models import ArticleNote

    world = make_section("International", slug="international", position=1)
    europe = make_section("Europe", slug="europe", parent=world)
    culture = make_section("Culture", slug="culture", position=2)
    author = make_author("Léa Marchand", slug="lea-marchand", bio="Correspondante à Madrid.")
    articles = []
    for n in range(12):
        articles.append(
            make_article(
                section=[world, europe, culture][n % 3],
                headline=f"Le port de Sète accueille un nouveau quai, épisode {n}",
                tags=["Océan", "Ports"],
                authors=[author],
                lead_photo=make_photo() if n % 2 == 0 else None,
            )
        )
    ArticleNote.objects.create(
        article=articles[1], kind=ArticleNote.Kind.CORRECTION, text="Le quai mesure 300 m."
    )
    return {
        "home": "/",
        "section": "/international/",
        "sub-section": "/international/europe/",
        "tag": "/tag/ocean/",
        "author": "/auteur/lea-marchand/",
        "article": articles[1].get_absolute_url(),
        "search": "/recherche/?q=port",
        "corrections": "/corrections/",
        "not found": "/nulle-part/",
    }


@pytest.fixture
def open_screen(browser, live_server):
    contexts = []

    def open_screen(name: str):
        screen = SCREENS[name]
        context = browser.new_context(
            viewport=screen.viewport,
            color_scheme=screen.color_scheme,
            is_mobile=screen.is_mobile,
            has_touch=screen.is_mobile,
            # axe is evaluated as a script; the site's CSP rightly refuses inline ones.
            bypass_csp=True,
        )
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        return page, live_server.url

    yield open_screen
    for context in contexts:
        context.close()


def axe_violations(page) -> list[dict]:
    page.evaluate(AXE.read_text(encoding="utf-8"))
    results = page.evaluate("async () => await axe.run(document)")
    return [
        {
            "id": violation["id"],
            "impact": violation["impact"],
            "help": violation["help"],
            "nodes": [node["target"] for node in violation["nodes"]][:5],
        }
        for violation in results["violations"]
        if violation["impact"] in BLOCKING_IMPACTS
    ]


def test_axe_is_running_and_reports_what_blocks_readers(open_screen):
    page, _ = open_screen("desktop")
    page.set_content('<html lang="fr"><title>t</title><main><img src="x.png"></main></html>')

    assert [violation["id"] for violation in axe_violations(page)] == ["image-alt"]


@pytest.mark.parametrize("screen", SCREENS)
@pytest.mark.parametrize(
    "page_type",
    [
        "home",
        "section",
        "sub-section",
        "tag",
        "author",
        "article",
        "search",
        "corrections",
        "not found",
    ],
)
def test_public_page_has_no_serious_accessibility_violation(
    newsroom, open_screen, page_type, screen
):
    page, base = open_screen(screen)

    response = page.goto(base + newsroom[page_type], wait_until="load")

    assert response.status == (404 if page_type == "not found" else 200)
    assert axe_violations(page) == []


def test_on_a_phone_the_lead_photo_starts_on_the_first_screen(newsroom, open_screen):
    page, base = open_screen("phone-dark")

    page.goto(base + "/")

    header = page.locator(".site-header").bounding_box()
    photo = page.locator(".lead .card-photo img").bounding_box()
    assert header["height"] < 130
    assert photo["y"] < PHONE["height"] / 2
    assert page.get_by_role("link", name="Search", exact=True).first.is_visible()
    assert not page.locator("#site-search").is_visible()


def test_on_a_phone_search_results_start_on_the_first_screen(newsroom, open_screen):
    page, base = open_screen("phone-dark")

    page.goto(base + "/recherche/?q=port&sort=date")

    assert not page.locator("select[name=section]").is_visible()
    first_result = page.locator(".search-results .card-title").first.bounding_box()
    assert first_result["y"] + first_result["height"] < PHONE["height"]
    page.get_by_text("Refine").click()
    assert page.locator("select[name=section]").is_visible()


def test_search_controls_are_comfortable_targets(newsroom, open_screen):
    page, base = open_screen("phone-dark")
    page.goto(base + "/recherche/?q=port")
    page.get_by_text("Refine").click()

    controls = page.locator(
        ".search-page-form input, .search-page-form select, .search-page-form button, .search-filters summary"
    )

    heights = [box["height"] for box in (c.bounding_box() for c in controls.all())]
    assert len(heights) == 8
    assert min(heights) >= 44


def test_favicons_are_served(newsroom, open_screen):
    page, base = open_screen("desktop")
    page.goto(base + "/")

    icons = page.locator("link[rel=icon]")

    hrefs = [icons.nth(n).get_attribute("href") for n in range(icons.count())]
    assert len(hrefs) == 2
    for href in hrefs:
        assert page.request.get(base + href).status == 200
