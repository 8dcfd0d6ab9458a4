"""A photo a writer may not change opens read-only, without the "new credit" box."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import make_photo

pytestmark = pytest.mark.django_db


def test_read_only_photo_shows_no_new_credit_field(client, writer, editor):
    # In the library, used by no article, uploaded by someone else: read-only for a writer.
    photo = make_photo()
    url = reverse("admin:articles_photo_change", args=[photo.pk])

    client.force_login(writer)
    as_writer = client.get(url).content.decode()
    client.force_login(editor)
    as_editor = client.get(url).content.decode()

    assert "Jeanne Martin/AFP" in as_writer
    assert 'name="alt_text"' not in as_writer
    assert "new credit" not in as_writer.lower()
    assert 'name="new_credit"' in as_editor
