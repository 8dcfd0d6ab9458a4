"""`manage.py load_demo` speaks the site's language (French by default)."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_load_demo_reports_in_french(settings):
    settings.LANGUAGE_CODE = "fr"
    settings.DEBUG = True
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    text = out.getvalue()
    assert "Contenu de démonstration créé" in text
    assert "rubriques" in text and "sections" not in text
    assert "Administration" in text
    assert "login" not in text and "password" not in text
