"""
Production protections seen from outside: Content-Security-Policy, admin login
lock-out, and pages that keep answering when Redis or the database fails.
"""

from __future__ import annotations

import base64
import hashlib
import re
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.db import OperationalError, connection
from django.urls import include, path
from django.utils import timezone

from newsroom.middleware import editor_injected_style_hashes
from tests.factories import make_article, make_author, make_editor

LOGIN_URL = "/admin/login/"
ADD_ARTICLE_URL = "/admin/articles/article/add/"
PASSWORD = "correct-horse-battery"  # what tests.factories.make_user sets


def csp_directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def sha256_source(content: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(content.encode()).digest()).decode() + "'"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Login tests hash many passwords; the production hasher is slow on purpose.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# --- Content-Security-Policy -------------------------------------------------


def test_public_page_forbids_inline_and_foreign_scripts(client, db):
    make_article()
    directives = csp_directives(client.get("/"))

    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in directives["style-src"]


def test_article_page_carries_the_policy(client, db):
    article = make_article()
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert "default-src 'self'" in response["Content-Security-Policy"]


def test_admin_login_page_carries_the_policy(client, db):
    directives = csp_directives(client.get(LOGIN_URL))
    assert directives["default-src"] == ["'self'"]
    assert "data:" in directives["img-src"]


def test_admin_policy_never_allows_arbitrary_inline_code(editor_client):
    directives = csp_directives(editor_client.get(ADD_ARTICLE_URL))
    for directive in ("script-src", "style-src"):
        assert "'unsafe-inline'" not in directives[directive]
        assert "'unsafe-eval'" not in directives[directive]


def test_article_form_has_no_inline_script_the_policy_would_block(editor_client):
    response = editor_client.get(ADD_ARTICLE_URL)
    html = response.content.decode()
    allowed = csp_directives(response)["script-src"]
    assert response.status_code == 200
    assert "django-prose-editor" in html  # the rich-text editor is on the page

    blocked = []
    for attributes, content in re.findall(r"<script\b([^>]*)>(.*?)</script>", html, re.DOTALL):
        if re.search(r"\bsrc=", attributes):
            continue  # a file from our origin, allowed by 'self'
        if re.search(r'type="application/(ld\+)?json"', attributes):
            continue  # data, never executed
        if sha256_source(content) in allowed:
            continue  # the editor's import map, allowed by its hash
        blocked.append(attributes + content[:80])
    assert blocked == []
    assert '<script type="importmap"' in html


def test_article_form_has_no_inline_style_attribute(editor_client):
    html = editor_client.get(ADD_ARTICLE_URL).content.decode()
    assert re.findall(r"<[^>]+\sstyle=", html) == []
    assert "<style" not in html


def test_admin_policy_allows_the_stylesheet_the_editor_injects(editor_client):
    # Tiptap (inside django-prose-editor) adds its base rules as a <style>
    # element; the hash must match the installed version's stylesheet.
    hashes = editor_injected_style_hashes()
    directives = csp_directives(editor_client.get(ADD_ARTICLE_URL))

    assert len(hashes) == 1
    assert hashes[0] in directives["style-src"]


def inline_code(html: str) -> list[str]:
    """Inline scripts, style elements and style attributes the policy would block."""
    found = [
        attributes + content[:60]
        for attributes, content in re.findall(r"<script\b([^>]*)>(.*?)</script>", html, re.DOTALL)
        if not re.search(r"\bsrc=", attributes)
        and not re.search(r'type="application/(ld\+)?json"', attributes)
    ]
    found += re.findall(r"<style\b[^>]*>", html)
    found += re.findall(r"<[^>]+\sstyle=[^>]*>", html)
    found += re.findall(r"<[^>]+\son[a-z]+=[^>]*>", html)
    return found


def test_public_pages_need_no_inline_code_the_policy_would_block(client, db):
    article = make_article(tags=["Climat"], authors=[make_author("Claire Dubois")])
    pages = [
        "/",
        article.get_absolute_url(),
        article.section.get_absolute_url(),
        "/tag/climat/",
        article.authors.get().get_absolute_url(),
        "/recherche/?q=climat",
        "/page-qui-n-existe-pas/",
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code in (200, 404), url
        assert inline_code(response.content.decode()) == [], url


def test_public_pages_do_not_get_the_admin_editor_allowances(client, db):
    directives = csp_directives(client.get("/"))
    assert directives["style-src"] == ["'self'"]


# --- Admin login lock-out (django-axes) --------------------------------------


def fail_login(client, username: str, times: int, **headers):
    """Post a wrong password ``times`` times; return the last response."""
    for _attempt in range(times):
        response = client.post(
            LOGIN_URL, {"username": username, "password": "wrong-password"}, headers=headers
        )
    return response


def log_in(client, username: str, **headers):
    return client.post(
        LOGIN_URL, {"username": username, "password": PASSWORD, "next": "/admin/"}, headers=headers
    )


@pytest.fixture
def english(settings):
    settings.LANGUAGE_CODE = "en"


def test_correct_password_still_works_after_a_few_failures(client, editor):
    fourth = fail_login(client, "editor", 4)
    response = log_in(client, "editor")

    assert fourth.status_code == 200  # the login form again, with its error
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_five_failures_lock_the_account_from_that_address_even_with_the_right_password(
    client, editor, english
):
    fifth = fail_login(client, "editor", 5)
    response = log_in(client, "editor")

    assert fifth.status_code == 429
    assert response.status_code == 429
    assert "Too many login attempts" in response.content.decode()
    assert "Try again in 15 minutes" in response.content.decode()
    assert "Newsroom" in response.content.decode()  # the admin's own header
    assert "_auth_user_id" not in client.session


def test_lock_out_is_per_username_and_address(client, editor):
    other = make_editor(username="other-editor")
    fail_login(client, "editor", 5)

    response = log_in(client, other.username)

    assert response.status_code == 302


def test_lock_out_ends_after_the_cool_off_period(client, editor):
    fail_login(client, "editor", 5)
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))

    response = log_in(client, "editor")

    assert response.status_code == 302


def test_spoofed_forwarded_header_does_not_reset_the_count_without_a_trusted_proxy(client, editor):
    for n in range(5):
        fail_login(client, "editor", 1, x_forwarded_for=f"198.51.100.{n}")

    response = log_in(client, "editor", x_forwarded_for="198.51.100.99")

    assert response.status_code == 429


def test_behind_a_trusted_proxy_each_client_address_is_counted_separately(client, editor, settings):
    settings.NEWSROOM_TRUSTED_PROXY_COUNT = 1
    fail_login(client, "editor", 5, x_forwarded_for="203.0.113.5")

    locked = log_in(client, "editor", x_forwarded_for="203.0.113.5")
    elsewhere = log_in(client, "editor", x_forwarded_for="203.0.113.9")

    assert locked.status_code == 429
    assert elsewhere.status_code == 302


def test_behind_a_trusted_proxy_addresses_the_client_prepends_are_ignored(client, editor, settings):
    settings.NEWSROOM_TRUSTED_PROXY_COUNT = 1
    # The proxy appends the real address after whatever the client sent.
    for n in range(5):
        fail_login(client, "editor", 1, x_forwarded_for=f"198.51.100.{n}, 203.0.113.5")

    response = log_in(client, "editor", x_forwarded_for="198.51.100.99, 203.0.113.5")

    assert response.status_code == 429


# --- Redis down --------------------------------------------------------------


@pytest.fixture
def redis_down(settings):
    """The configured Redis cache, pointing to a port nothing listens on."""
    from django.core.cache import caches

    from newsroom.settings import cache_from_url

    settings.CACHES = {"default": cache_from_url("redis://127.0.0.1:1/0")}
    yield caches["default"]
    caches["default"].close()


def test_cache_errors_are_swallowed_when_redis_is_down(redis_down):
    redis_down.set("key", "value")
    assert redis_down.get("key") is None


def test_home_page_is_served_when_redis_is_down(client, db, redis_down):
    article = make_article(headline="Le pont rouvre après six mois de travaux")
    response = client.get("/")
    assert response.status_code == 200
    assert article.headline in response.content.decode()


def test_admin_login_works_when_redis_is_down(client, editor, redis_down):
    response = log_in(client, "editor")
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


# --- Database unavailable ----------------------------------------------------


def database_down(execute, sql, params, many, context):
    raise OperationalError("connection to server at 127.0.0.1 failed: Connection refused")


def test_database_outage_gives_a_clean_503_page(client, db):
    with connection.execute_wrapper(database_down):
        response = client.get("/")

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    assert "<!DOCTYPE html>" in response.content.decode()
    assert "Traceback" not in response.content.decode()


def test_database_outage_in_the_admin_gives_the_503_page(editor_client):
    with connection.execute_wrapper(database_down):
        response = editor_client.get("/admin/")
    assert response.status_code == 503


def test_next_request_after_a_database_outage_works(client, db):
    article = make_article(headline="Les urgences de l’hôpital rouvrent")
    with connection.execute_wrapper(database_down):
        client.get("/")

    response = client.get("/")

    assert response.status_code == 200
    assert article.headline in response.content.decode()


def test_connections_are_checked_before_reuse(settings):
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True


def view_losing_the_database(request):
    raise OperationalError("server closed the connection unexpectedly")


def view_with_a_bug(request):
    raise ValueError("a bug, not an outage")


urlpatterns = [
    path("lost-database/", view_losing_the_database),
    path("bug/", view_with_a_bug),
    path("", include("newsroom.urls")),
]


def test_database_error_raised_in_a_view_gives_the_503_page_then_the_site_works(
    client, db, settings
):
    settings.ROOT_URLCONF = __name__
    make_article(headline="Le marché couvert fête ses cent ans")

    failed = client.get("/lost-database/")
    after = client.get("/")

    assert failed.status_code == 503
    assert failed["Retry-After"] == "30"
    assert after.status_code == 200
    assert "Le marché couvert fête ses cent ans" in after.content.decode()


def test_other_errors_are_not_disguised_as_an_outage(client, db, settings):
    settings.ROOT_URLCONF = __name__
    with pytest.raises(ValueError):
        client.get("/bug/")
