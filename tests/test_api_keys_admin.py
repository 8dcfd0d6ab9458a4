"""Editors manage partner API keys in the admin: shown once, kept hashed, revoked at once."""

from __future__ import annotations

import hashlib
import re

import pytest
from django.urls import reverse

from articles.models import ApiKey
from tests.api_helpers import key_headers

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:articles_apikey_add")
LIST_URL = reverse("admin:articles_apikey_changelist")


def create_key(editor_client, **data) -> str:
    data = {"name": "Radio Nord", "_save": "Save", **data}
    response = editor_client.post(ADD_URL, data, follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    found = re.search(r"<code>(nwr_[\w-]+)</code>", page)
    assert found, "the new key is shown"
    return found.group(1)


def test_an_editor_creates_a_key_shown_once_and_stored_hashed(editor_client):
    raw_key = create_key(editor_client)
    key = ApiKey.objects.get()
    assert key.key_hash == hashlib.sha256(raw_key.encode()).hexdigest()
    assert raw_key not in editor_client.get(LIST_URL).content.decode()
    change_page = editor_client.get(reverse("admin:articles_apikey_change", args=[key.pk]))
    assert raw_key not in change_page.content.decode()
    assert key.prefix in change_page.content.decode()


def test_the_key_created_in_the_admin_opens_the_api(editor_client, client):
    raw_key = create_key(editor_client, can_read_embargoed="on")
    assert ApiKey.objects.get().can_read_embargoed
    client.logout()
    assert client.get("/api/v1/articles/", **key_headers(raw_key)).status_code == 200


def test_revoking_from_the_list_stops_the_key_at_once(editor_client, client):
    key, raw_key = ApiKey.issue("Radio Nord")
    response = editor_client.post(
        LIST_URL, {"action": "revoke_keys", "_selected_action": [key.pk]}, follow=True
    )
    assert "1 key revoked" in response.content.decode()
    key.refresh_from_db()
    assert key.revoked_at is not None
    client.logout()
    assert client.get("/api/v1/articles/", **key_headers(raw_key)).status_code == 401


def test_writers_cannot_see_or_create_keys(writer_client):
    assert writer_client.get(LIST_URL).status_code == 403
    assert writer_client.post(ADD_URL, {"name": "Moi"}).status_code == 403
    assert not ApiKey.objects.exists()
