"""The article form puts the text in front and publication and filing beside it."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_text_in_front_and_publication_in_the_sidebar(editor_client):
    html = editor_client.get(reverse("admin:articles_article_add")).content.decode()
    main = html[html.index('class="article-main"') : html.index('class="article-side"')]
    side = html[html.index('class="article-side"') :]
    for field in ("id_headline", "id_standfirst", "id_body"):
        assert f'id="{field}"' in main
    for field in ("id_status", "id_section", "id_lead_photo", "id_tags", "id_language"):
        assert f'id="{field}"' in side
        assert f'id="{field}"' not in main
    # The sidebar stays inside the form, before its buttons.
    assert html.index('class="article-side"') < html.index('name="_save"')
