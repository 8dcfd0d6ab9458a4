"""
The languages articles may be written in: ``settings.NEWSROOM_LANGUAGES``
(default ``fr,en``), and what each needs elsewhere (search stemmers).

Articles store a primary language subtag ("fr", "nb"): a tag with a region
("nb-NO", "fr_CA") maps to it. Search stems a language where a Snowball
stemmer exists for it (in Python for SQLite, in PostgreSQL's own
``<name>_stem`` dictionaries) and otherwise only folds accents and case.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import get_language_info

# ISO 639-1 code -> Snowball stemmer name, for every language both snowballstemmer
# and PostgreSQL (15+) stem. Czech, Polish or Estonian (Python only) are folded instead,
# so that both databases find the same articles.
SNOWBALL_STEMMERS = {
    "ar": "arabic", "hy": "armenian", "eu": "basque", "ca": "catalan", "da": "danish",
    "nl": "dutch", "en": "english", "fi": "finnish", "fr": "french", "de": "german",
    "el": "greek", "hi": "hindi", "hu": "hungarian", "id": "indonesian", "ga": "irish",
    "it": "italian", "lt": "lithuanian", "ne": "nepali", "nb": "norwegian",
    "nn": "norwegian", "no": "norwegian", "pt": "portuguese", "ro": "romanian",
    "ru": "russian", "sr": "serbian", "es": "spanish", "sv": "swedish", "ta": "tamil",
    "tr": "turkish", "yi": "yiddish",
}  # fmt: skip
LANGUAGE_CODE = re.compile(r"[a-z]{2,3}")
# The PostgreSQL text-search configuration of a language without a stemmer.
UNSTEMMED = "simple"


def primary_subtag(tag: str) -> str:
    """``nb-NO`` -> ``nb``, ``fr_CA`` -> ``fr``, ``EN`` -> ``en``."""
    return tag.strip().replace("_", "-").split("-", 1)[0].lower()


def site_languages() -> list[str]:
    """The languages the site publishes in, the default first."""
    codes = [primary_subtag(code) for code in settings.NEWSROOM_LANGUAGES]
    for code in codes:
        # They end up in SQL, search expressions and URLs: letters only.
        if not LANGUAGE_CODE.fullmatch(code):
            raise ImproperlyConfigured(
                f"NEWSROOM_LANGUAGES: {code!r} is not a language code (fr, en, nb...)."
            )
    return codes


def default_language() -> str:
    return site_languages()[0]


def site_language_for(tag: str) -> str | None:
    """The site's language for a tag from outside (``nb-NO`` -> ``nb``), or None if not listed."""
    code = primary_subtag(tag)
    return code if code in site_languages() else None


def language_name(code: str) -> str:
    """The language's own name ("français", "norsk bokmål"), or the code when Django does not know it."""
    try:
        return get_language_info(code)["name_local"]
    except KeyError:
        return code


def language_choices() -> list[tuple[str, str]]:
    """Choices of Article.language, read when a form or check asks (not frozen at import)."""
    return [(code, language_name(code)) for code in site_languages()]


def stemmer_name(code: str) -> str | None:
    """The Snowball stemmer of a language, or None: then words are only folded."""
    return SNOWBALL_STEMMERS.get(primary_subtag(code))


def search_config_base(code: str) -> str:
    """PostgreSQL's configuration to copy for a language: its stemmer's, else ``simple``."""
    return stemmer_name(code) or UNSTEMMED
