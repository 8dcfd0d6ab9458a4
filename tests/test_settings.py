"""Production configuration: what `check --deploy` and the response headers say."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent

# The production environment documented in README.md ("Configuration").
PRODUCTION_ENV = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "k7#Vq9!pZ2mR8wX4tY6uN1bC3dF5gH0jL-aS_eQ+iO@rT&yU*vW",
    "DJANGO_ALLOWED_HOSTS": "news.example",
    "DJANGO_BEHIND_PROXY": "1",
}


def run_manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    # Start from a clean slate: variables set for the test run must not leak in.
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "NEWSROOM_"))}
    base.pop("MEDIA_URL", None)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def read_setting(expression: str, env: dict[str, str]) -> str:
    result = run_manage(
        "shell",
        "--no-imports",
        "-c",
        f"from django.conf import settings; print({expression})",
        env=env,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_deploy_check_reports_no_issue_with_the_documented_production_environment():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_deploy_check_complains_when_debug_is_left_on():
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING", env={**PRODUCTION_ENV, "DJANGO_DEBUG": "1"}
    )
    assert result.returncode != 0
    assert "security.W018" in result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "DJANGO_SECRET_KEY"}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_a_zero_login_cool_off_is_refused_at_start():
    result = run_manage("check", env={**PRODUCTION_ENV, "NEWSROOM_LOGIN_COOLOFF_MINUTES": "0"})
    assert result.returncode != 0
    assert "NEWSROOM_LOGIN_COOLOFF_MINUTES" in result.stderr


def test_proxy_https_header_is_trusted_only_behind_a_declared_proxy():
    behind = read_setting("settings.SECURE_PROXY_SSL_HEADER", PRODUCTION_ENV)
    direct = read_setting(
        "getattr(settings, 'SECURE_PROXY_SSL_HEADER', None)",
        {**PRODUCTION_ENV, "DJANGO_BEHIND_PROXY": "0"},
    )
    assert behind == "('HTTP_X_FORWARDED_PROTO', 'https')"
    assert direct == "None"


def test_production_sends_hsts_and_redirects_to_https_with_secure_cookies():
    values = read_setting(
        "settings.SECURE_HSTS_SECONDS, settings.SECURE_SSL_REDIRECT, "
        "settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE, settings.SESSION_COOKIE_HTTPONLY",
        PRODUCTION_ENV,
    )
    assert values == "31536000 True True True True"


def test_images_may_come_from_an_absolute_media_host():
    img_src = read_setting(
        "settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src']",
        {**PRODUCTION_ENV, "MEDIA_URL": "https://cdn.news.example/media/"},
    )
    assert "https://cdn.news.example" in img_src


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "strict-origin-when-cross-origin"),
        ("X-Frame-Options", "DENY"),
        ("Cross-Origin-Opener-Policy", "same-origin"),
    ],
)
def test_public_pages_send_the_security_headers(client, db, header, expected):
    response = client.get("/")
    assert response[header] == expected


def test_https_request_behind_the_proxy_is_not_redirected_and_gets_hsts(client, db, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31_536_000

    plain = client.get("/")
    proxied = client.get("/", headers={"x-forwarded-proto": "https"})

    assert plain.status_code == 301
    assert plain["Location"].startswith("https://")
    assert proxied.status_code == 200
    assert proxied["Strict-Transport-Security"].startswith("max-age=31536000")
