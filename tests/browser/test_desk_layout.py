"""The desk uses a wide screen's width and stays readable on a phone."""

from __future__ import annotations

import pytest

from tests.browser.test_french_desk import log_in_in_french

pytestmark = pytest.mark.browser

WIDE = {"width": 1440, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def editor(roles, settings):
    from tests.factories import make_editor

    settings.LANGUAGE_CODE = "fr"
    make_editor(username="chef")


def panel_boxes(page) -> list[dict]:
    page.locator(".desk-panel").first.wait_for()
    return page.eval_on_selector_all(
        ".desk-panel", "nodes => nodes.map(n => n.getBoundingClientRect().toJSON())"
    )


def test_desk_fills_a_wide_screen(editor, open_session):
    session = open_session("editor")
    session.page.set_viewport_size(WIDE)
    log_in_in_french(session, "chef")
    session.goto("/admin/")
    boxes = panel_boxes(session.page)

    right_edge = max(box["right"] for box in boxes)
    first_row = [box for box in boxes if box["top"] == boxes[0]["top"]]
    # Across the screen (Django's dashboard would keep it in the left 600 px).
    assert right_edge > WIDE["width"] * 0.9, right_edge
    assert len(first_row) >= 4, first_row
    assert min(box["width"] for box in boxes) >= 18 * 16 - 1


def test_desk_stacks_its_panels_on_a_phone(editor, open_session):
    session = open_session("editor")
    session.page.set_viewport_size(PHONE)
    log_in_in_french(session, "chef")
    session.goto("/admin/")
    boxes = panel_boxes(session.page)

    assert len({box["left"] for box in boxes}) == 1  # one column
    assert all(box["width"] > PHONE["width"] * 0.8 for box in boxes)
    assert all(box["right"] <= PHONE["width"] for box in boxes)
    assert session.page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
