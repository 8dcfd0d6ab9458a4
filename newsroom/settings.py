"""
Newsroom settings: one module, configured from environment variables.

Every variable has a safe development default so that ``make run`` works on a
fresh clone; production sets ``DJANGO_DEBUG=0`` and the variables listed in
README.md ("Configuration").
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from newsroom.config import cache_from_url, env_bool, env_int, env_list, media_storage

BASE_DIR = Path(__file__).resolve().parent.parent


# --- Core -------------------------------------------------------------------

DEBUG = env_bool("DJANGO_DEBUG", True)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off.")
    # Development only: never used with DEBUG off (see the check above).
    SECRET_KEY = "django-insecure-development-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

# Public name of the publication, used in titles, feeds and JSON-LD.
NEWSROOM_SITE_NAME = os.environ.get("NEWSROOM_SITE_NAME", "Newsroom")
# Absolute base URL (scheme and host) for links in feeds, sitemaps and
# metadata when no request is at hand (management commands).
NEWSROOM_BASE_URL = os.environ.get("NEWSROOM_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
# Pre-publish gate (Article.publication_problems): longest headline and standfirst, in characters.
NEWSROOM_HEADLINE_MAX_LENGTH = env_int("NEWSROOM_HEADLINE_MAX_LENGTH", 110)
NEWSROOM_STANDFIRST_MAX_LENGTH = env_int("NEWSROOM_STANDFIRST_MAX_LENGTH", 300)

INSTALLED_APPS = [
    "newsroom.admin_site.NewsroomAdminConfig",  # django.contrib.admin, our header and order
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "django.forms",  # the stock widget templates, for FORM_RENDERER below
    "taggit",
    "reversion",  # article history: versions, compare, restore
    "django_prose_editor",
    "csp",
    "axes",
    "ninja",  # content API (/api/v1/): its docs page's scripts, served from our origin
    "articles",
]

MIDDLEWARE = [
    # First: a stored page is served before any other middleware runs; it was
    # stored with the headers they gave it (articles/cache/middleware.py).
    "articles.cache.middleware.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    # A NUL byte in the address is a 400 before any query sees it; an
    # address not in NFC redirects to its NFC form.
    "newsroom.middleware.CleanAddressMiddleware",
    # Inside CSP, so its 503 page gets the header too.
    "newsroom.middleware.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After authentication (the admin's limit is for staff), before any
    # process_view (CSRF reads POST data): oversized bodies are never read.
    "newsroom.middleware.RequestBodyLimitMiddleware",
    # Inside CommonMiddleware, which sets Content-Length afterwards.
    "newsroom.middleware.XmlResponseMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "newsroom.middleware.AdminEditorCSPMiddleware",
    # Last, as django-axes requires.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "articles.site.context_processors.site",
            ],
        },
    },
]

# Widgets render through TEMPLATES, so templates/ can override one
# (templates/admin/widgets/split_datetime.html: labelled date and time inputs).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# --- Database ---------------------------------------------------------------
# SQLite file under var/ by default; PostgreSQL in production:
# DATABASE_URL=postgres://user:password@host:5432/newsroom

(BASE_DIR / "var").mkdir(exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while the importer writes; a busy timeout makes
    # concurrent writers wait instead of failing at once.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ------------------------------------------------------------------
# CACHE_URL: locmem:// (default), redis://host:6379/0, dummy://


CACHES = {"default": cache_from_url(os.environ.get("CACHE_URL", "locmem://"))}
# Where the page cache's key versions live: "database" or "cache"; empty: the
# database with a process-local cache (locmem://), the cache otherwise.
NEWSROOM_CACHE_VERSIONS = os.environ.get("CACHE_VERSIONS", "")
# Purge a CDN by key after each change: a dotted path to a function taking
# the list of keys, or an http(s) URL that receives {"keys": [...]} as JSON.
NEWSROOM_CDN_PURGE = os.environ.get("CDN_PURGE", "")
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True

# Sessions live in the database so app servers keep no state and logins
# survive a cache outage.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# --- Authentication ---------------------------------------------------------

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "admin:login"
# Where a login lands when its ?next= is missing or refused as off-site
# (Django's default, /accounts/profile/, does not exist here).
LOGIN_REDIRECT_URL = "admin:index"

# --- Internationalisation ---------------------------------------------------

LANGUAGE_CODE = os.environ.get("DJANGO_LANGUAGE_CODE", "fr")
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
# Languages articles may be written in (agency items in others are refused);
# the first is the default for files that do not state theirs.
NEWSROOM_LANGUAGES = [code.lower() for code in env_list("NEWSROOM_LANGUAGES", ["fr", "en"])]
if not NEWSROOM_LANGUAGES:
    raise ImproperlyConfigured("NEWSROOM_LANGUAGES must list at least one language.")
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

# --- Static and media files -------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = os.environ.get("MEDIA_URL", "/media/")
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))

# Uploaded photos and their renditions: local files by default; S3-compatible
# object storage (django-storages) with MEDIA_STORAGE=s3 or a bucket name, so
# that several app servers share them. Keys may also come from boto3's usual
# sources (AWS_ACCESS_KEY_ID..., an instance role).


MEDIA_STORAGE_BACKEND, MEDIA_URL = media_storage(os.environ, MEDIA_URL)

STORAGES = {
    "default": MEDIA_STORAGE_BACKEND,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Uploads: refuse large files and decompression bombs before Pillow decodes them.
NEWSROOM_MAX_UPLOAD_BYTES = env_int("NEWSROOM_MAX_UPLOAD_BYTES", 20 * 1024 * 1024)
NEWSROOM_MAX_IMAGE_PIXELS = env_int("NEWSROOM_MAX_IMAGE_PIXELS", 40_000_000)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Request bodies, refused with 413 before anything reads them
# (newsroom/middleware.py). Reader pages take small forms only: below
# FILE_UPLOAD_MAX_MEMORY_SIZE, so nothing a reader sends is written to disk.
# Staff in the admin may send several uploads at once (the import page).
NEWSROOM_MAX_PUBLIC_BODY_BYTES = env_int("NEWSROOM_MAX_PUBLIC_BODY_BYTES", 64 * 1024)
NEWSROOM_MAX_ADMIN_BODY_BYTES = env_int("NEWSROOM_MAX_ADMIN_BODY_BYTES", 100 * 1024 * 1024)
if (
    not 0
    < NEWSROOM_MAX_PUBLIC_BODY_BYTES
    <= min(DATA_UPLOAD_MAX_MEMORY_SIZE, FILE_UPLOAD_MAX_MEMORY_SIZE)
):
    raise ImproperlyConfigured(
        "NEWSROOM_MAX_PUBLIC_BODY_BYTES must be positive and at most "
        f"{min(DATA_UPLOAD_MAX_MEMORY_SIZE, FILE_UPLOAD_MAX_MEMORY_SIZE)} bytes."
    )
if NEWSROOM_MAX_ADMIN_BODY_BYTES < NEWSROOM_MAX_UPLOAD_BYTES + DATA_UPLOAD_MAX_MEMORY_SIZE:
    # An upload at the limit, plus the rest of its form, must get through.
    raise ImproperlyConfigured(
        "NEWSROOM_MAX_ADMIN_BODY_BYTES must be at least NEWSROOM_MAX_UPLOAD_BYTES + "
        f"{DATA_UPLOAD_MAX_MEMORY_SIZE} bytes."
    )

# --- Tags -------------------------------------------------------------------

TAGGIT_CASE_INSENSITIVE = True

# --- Security ---------------------------------------------------------------

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)
# Behind a TLS-terminating proxy, trust its X-Forwarded-Proto: without it
# the HTTPS redirect would loop. Only set it when the proxy always overwrites
# the header, otherwise a client could claim HTTPS.
if env_bool("DJANGO_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content-Security-Policy (django-csp): everything from our own origin, no
# inline script or style. The admin adds the hashes of the rich-text editor's
# two fixed inline blocks (newsroom/middleware.py), never 'unsafe-inline'.
# Images may also come from the media host when MEDIA_URL is absolute (CDN);
# data: URLs are for small icons the admin and the editor embed.
_media_url = urlsplit(MEDIA_URL)
_media_origin = f"{_media_url.scheme}://{_media_url.netloc}" if _media_url.netloc else None
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *([_media_origin] if _media_origin else [])],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# Admin login throttling (django-axes): after NEWSROOM_LOGIN_FAILURE_LIMIT
# failures for one username from one address, that pair is locked out for
# NEWSROOM_LOGIN_COOLOFF_MINUTES. Attempts are stored in the database, so a
# cache outage does not reset them.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("NEWSROOM_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("NEWSROOM_LOGIN_COOLOFF_MINUTES", 15))
if AXES_FAILURE_LIMIT < 1 or timedelta(minutes=1) > AXES_COOLOFF_TIME:
    # A zero cool-off would lock accounts forever.
    raise ImproperlyConfigured(
        "NEWSROOM_LOGIN_FAILURE_LIMIT and NEWSROOM_LOGIN_COOLOFF_MINUTES must be at least 1."
    )
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "newsroom.security.lockout_response"
AXES_HTTP_RESPONSE_CODE = 429
# The client address is REMOTE_ADDR unless DJANGO_TRUSTED_PROXY_COUNT says how
# many proxies of ours append to X-Forwarded-For (newsroom/security.py).
AXES_CLIENT_IP_CALLABLE = "newsroom.security.client_ip"
NEWSROOM_TRUSTED_PROXY_COUNT = env_int("DJANGO_TRUSTED_PROXY_COUNT", 0)

# --- Content API ---------------------------------------------------------------
# /api/v1/ (articles/api/): requests per minute, per partner key and, without
# a key, per client address (the address as django-axes sees it, above).
NEWSROOM_API_RATE_LIMIT_PER_KEY = env_int("NEWSROOM_API_RATE_LIMIT_PER_KEY", 600)
NEWSROOM_API_RATE_LIMIT_PER_ADDRESS = env_int("NEWSROOM_API_RATE_LIMIT_PER_ADDRESS", 120)
if NEWSROOM_API_RATE_LIMIT_PER_KEY < 1 or NEWSROOM_API_RATE_LIMIT_PER_ADDRESS < 1:
    raise ImproperlyConfigured("The API rate limits must be at least 1 request per minute.")

# --- Logging ----------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}
