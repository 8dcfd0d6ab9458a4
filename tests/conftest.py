import pytest


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploaded files go to a temporary folder, never to the project."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def plain_static_storage(settings):
    """Templates can use {% static %} without a collectstatic manifest."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(scope="session", autouse=True)
def cache_of_this_worker(worker_id):
    """Parallel test workers share CI's Redis: each one gets keys of its own."""
    from django.conf import settings
    from django.test import override_settings

    default = settings.CACHES["default"]
    prefix = f"{default.get('KEY_PREFIX', '')}-test-{worker_id}"
    with override_settings(
        CACHES={**settings.CACHES, "default": {**default, "KEY_PREFIX": prefix}}
    ):
        yield


def clear_cache():
    from django.core.cache import cache

    from articles.cache.memo import memo
    from articles.cache.pages import forget_next_publication
    from articles.site import chrome

    # What this process remembers belongs to the previous test's rolled-back rows.
    memo.forget()
    forget_next_publication()
    chrome.forget()

    if hasattr(cache, "delete_pattern"):
        cache.delete_pattern("*")  # Redis: only this worker's keys (clear() empties the database)
    else:
        cache.clear()


def forget_pages():
    """Drop the stored pages only: key versions (in Redis) and stored pieces stay."""
    from django.core.cache import cache

    if hasattr(cache, "delete_pattern"):
        cache.delete_pattern("newsroom:page:*")
        return
    with cache._lock:
        for key in [key for key in cache._cache if "newsroom:page:" in key]:
            del cache._cache[key]
            cache._expire_info.pop(key, None)


@pytest.fixture(autouse=True)
def empty_cache():
    clear_cache()
    yield
    clear_cache()


@pytest.fixture
def writer(db):
    from tests.factories import make_writer

    return make_writer(username="writer")


@pytest.fixture
def editor(db):
    from tests.factories import make_editor

    return make_editor(username="editor")


@pytest.fixture
def writer_client(client, writer):
    client.force_login(writer)
    return client


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture(autouse=True)
def english_interface(settings):
    """
    Tests read interface strings in English (our msgids), so they do not
    depend on the wording of the French catalogue; tests/test_i18n.py and the
    `french` fixture check the French site itself. Article pages still speak
    their article's language (dates, labels), whatever this setting says.
    """
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def french(settings):
    """The site as it ships: French interface."""
    from django.utils import translation

    settings.LANGUAGE_CODE = "fr"
    with translation.override("fr"):
        yield
