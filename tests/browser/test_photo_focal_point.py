"""The focal-point picker of the photo form, in a real browser."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from tests.factories import make_editor, make_photo

pytestmark = pytest.mark.browser


def two_halves() -> bytes:
    image = Image.new("RGB", (800, 400), (220, 20, 20))
    image.paste((20, 20, 220), (400, 0, 800, 400))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG")
    return buffer.getvalue()


def test_clicking_on_the_photo_sets_its_focal_point_and_remakes_the_crops(roles, open_session):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from playwright.sync_api import expect

    photo = make_photo(image=SimpleUploadedFile("x.jpg", two_halves(), "image/jpeg"))
    make_editor(username="claire")
    editor = open_session("editor")
    editor.log_in("claire")
    editor.goto(f"/admin/articles/photo/{photo.pk}/change/")

    picture = editor.page.locator("[data-focal-picker] img")
    box = picture.bounding_box()
    # Near the right edge, a quarter of the way down.
    picture.click(position={"x": box["width"] * 0.9, "y": box["height"] * 0.25})
    expect(editor.page.locator("input[name='focal_x']")).to_have_value("0.900")
    marker = editor.page.locator(".focal-marker")
    expect(marker).to_be_visible()
    # The marker's centre is where the click was.
    centre = marker.bounding_box()
    assert abs(centre["x"] + centre["width"] / 2 - (box["x"] + box["width"] * 0.9)) < 3
    assert abs(centre["y"] + centre["height"] / 2 - (box["y"] + box["height"] * 0.25)) < 3
    editor.screenshot("focal-point")
    editor.page.get_by_role("button", name="Save", exact=True).click()

    photo.refresh_from_db()
    assert photo.focal_x == pytest.approx(0.9)
    assert photo.focal_y == pytest.approx(0.25)
    assert "f09000250" in photo.renditions["1080x1080.jpg"]
    assert editor.csp_violations() == []
