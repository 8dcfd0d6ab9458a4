"""
The content API driven from its own OpenAPI document (schemathesis): for
every operation, generated requests, valid and invalid, get documented
statuses, content types and bodies, and never a server error. Bounded: a few
examples per operation, in-process through Django's WSGI application.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, settings

from articles.api.app import api
from articles.models import ApiKey
from tests.factories import make_article, make_author, make_photo

# Built from the API object, not fetched: no database is needed to collect the tests.
schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
schema.app = WSGIHandler()

# Examples per operation: enough to hit every parameter, small enough for CI (< 60 s in all).
MAX_EXAMPLES = 25


@pytest.fixture
def content(db, settings):
    # Generated requests all come from one address; the limits have their own tests.
    settings.NEWSROOM_API_RATE_LIMIT_PER_ADDRESS = 100_000
    settings.NEWSROOM_API_RATE_LIMIT_PER_KEY = 100_000
    author = make_author("Léa Marchand", slug="lea-marchand")
    make_article(tags=["Océan"], authors=[author], lead_photo=make_photo())
    make_article(language="en", tags=["Océan"])
    make_article(is_embargoed=True, published_at=timezone.now() + timedelta(hours=2))
    ApiKey.issue("Partenaire", can_read_embargoed=True)


@pytest.fixture
def in_process_requests():
    # The WSGI handler closes the database connection after each request, which
    # would end the test's transaction; Django's test client does the same.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_api_keeps_to_its_openapi_document(case, content, in_process_requests):
    case.call_and_validate()
