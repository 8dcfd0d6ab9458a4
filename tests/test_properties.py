"""
Property-based tests (hypothesis): no input makes the slug function or the
sanitizer crash, and what they return is always safe to put in a URL or a page.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

from hypothesis import example, given, settings
from hypothesis import strategies as st

from articles.sanitizer import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, sanitize_html
from articles.text import slugify

# Enough cases to explore, few enough for a shared two-core machine.
EXAMPLES = settings(max_examples=300, deadline=None)

# --- Slugs -------------------------------------------------------------------

SLUG = re.compile(r"[\w-]*")  # letters and digits of any script, "_" and "-"


@EXAMPLES
@given(st.text())
@example("États-Unis : l’accord")
@example("Путин и Зеленский")
@example("--- !!! ---")
@example("İstanbul ǅemal ﬁnale")
@example("\x00\ud7ff\U0010ffff")
def test_slug_of_any_text_is_a_valid_slug(text):
    slug = slugify(text)

    assert SLUG.fullmatch(slug)
    assert not slug.startswith(("-", "_")) and not slug.endswith(("-", "_"))
    assert "--" not in slug


@EXAMPLES
@given(st.text(alphabet=st.characters(codec="latin-1")) | st.text())
@example("Œuvre ÉTÉ Straße")
def test_an_ascii_slug_has_only_lowercase_letters_digits_and_hyphens(text):
    slug = slugify(text)
    if slug.isascii():
        assert re.fullmatch(r"[a-z0-9_-]*", slug)


@EXAMPLES
@given(st.text(), st.integers(min_value=1, max_value=120))
def test_slug_never_exceeds_its_maximum_length(text, max_length):
    assert len(slugify(text, max_length=max_length)) <= max_length


# --- Sanitizer ---------------------------------------------------------------

# Pieces of the attacks Django's, bleach's and OWASP's test suites use; the
# strategy glues them together with arbitrary text, so hypothesis explores
# broken and nested markup around them.
HOSTILE_FRAGMENTS = [
    "<script>alert(1)</script>", "<script", "</script>", "<SCRIPT SRC=//evil.example/x.js>",
    "<img src=x onerror=alert(1)>", "<svg onload=alert(1)>", "<body onload=alert(1)>",
    "<a href='javascript:alert(1)'>x</a>", '<a href="JaVaScRiPt:alert(1)">', "<a href=\"jav&#x09;ascript:alert(1)\">",
    '<a href="&#106;avascript:alert(1)">', "<a href=' javascript:alert(1)'>", '<a href="vbscript:msgbox(1)">',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">', "<a href=data:text/html,<script>alert(1)</script>>",
    "<iframe src=//evil.example></iframe>", "<iframe", "<object data=x>", "<embed src=x>",
    "<p style='background:url(javascript:alert(1))'>", '<h2 style="x" onclick="alert(1)">', "<style>*{}</style>",
    "<form action=javascript:alert(1)><button>", "<base href=//evil.example>", "<meta http-equiv=refresh>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>", "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
    "<!--", "-->", "<![CDATA[", "]]>", "<", ">", "\"", "'", "=", "&", "&#0;", "\x00", "\n",
    "<a href=\"https://news.example/\">lien</a>", "<p>", "</p>", "<h2>", "<strong>", "<ul><li>",
]  # fmt: skip

html_soup = st.lists(st.sampled_from(HOSTILE_FRAGMENTS) | st.text(max_size=20), max_size=30).map(
    "".join
)

ALLOWED_URL_SCHEMES = {"", "http", "https", "mailto"}
# Added by the sanitizer (rel on links) or kept on any tag by nh3's default
# generic attributes (title, lang): text only, never executed.
INERT_ATTRIBUTES = {"rel", "title", "lang"}


class Inspector(HTMLParser):
    """Collects every tag and attribute of the sanitized output."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag


def inspect(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = Inspector()
    parser.feed(html)
    parser.close()
    return parser.tags


@EXAMPLES
@given(html_soup | st.text())
@example('<a href="java\tscript:alert(1)">x</a>')
@example("<scr<script>ipt>alert(1)</script>")
def test_sanitized_html_never_contains_an_executable_construct(html):
    clean = sanitize_html(html)
    lowered = clean.lower()

    assert "<script" not in lowered
    assert "<iframe" not in lowered
    assert "<style" not in lowered
    for tag, attributes in inspect(clean):
        assert tag in ALLOWED_TAGS
        assert set(attributes) <= ALLOWED_ATTRIBUTES.get(tag, set()) | INERT_ATTRIBUTES
        assert not any(name.startswith("on") for name in attributes)
        assert "style" not in attributes
        if "href" in attributes:
            href = attributes["href"] or ""
            # What the browser would see: entities decoded, blanks dropped.
            scheme = urlsplit(re.sub(r"[\x00-\x20]", "", href)).scheme.lower()
            assert scheme in ALLOWED_URL_SCHEMES, href


@EXAMPLES
@given(html_soup)
def test_every_kept_link_tells_the_browser_not_to_share_the_opener(html):
    for tag, attributes in inspect(sanitize_html(html)):
        if tag == "a" and attributes.get("href"):
            assert set((attributes.get("rel") or "").split()) >= {"noopener", "noreferrer"}
