"""
Text analysis shared by both backends: words, stems, and the reader's query.

Words are cut exactly as SQLite's FTS5 ``unicode61 remove_diacritics 2``
tokenizer cuts them (we ask it, in a private in-memory database), so that the
stems we index line up word for word with the original text and FTS5's
``snippet()`` can highlight the original words. PostgreSQL does its own
stemming; it only receives the parsed query.
"""

from __future__ import annotations

import re
import sqlite3
import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer

from articles.languages import stemmer_name

from . import stopwords

# Longer queries are cut, not refused.
MAX_QUERY_LENGTH = 200
# Beyond this many words a query is cut as well: each word costs a lookup.
MAX_QUERY_WORDS = 32


# Letters that Unicode does not decompose into a base letter plus an accent.
_TRANSLITERATION = str.maketrans(
    {"œ": "oe", "æ": "ae", "ß": "ss", "ø": "o", "đ": "d", "ł": "l", "þ": "th", "ð": "d", "ı": "i"}
)

# Private-use characters that mark highlighted words in snippets; removed from
# indexed text so an article cannot forge them.
MARK_START = "\ue000"
MARK_END = "\ue001"


def clean_text(text: str) -> str:
    """Text as it is indexed and shown in snippets: NFC, no highlight markers."""
    text = unicodedata.normalize("NFC", text or "")
    return text.replace(MARK_START, " ").replace(MARK_END, " ")


# --- Words -------------------------------------------------------------------

_local = threading.local()


def _tokenizer() -> sqlite3.Connection:
    connection = getattr(_local, "connection", None)
    if connection is None:
        connection = sqlite3.connect(":memory:", check_same_thread=True)
        connection.executescript(
            """
            CREATE VIRTUAL TABLE words USING fts5(
                c0, c1, c2, c3, c4, tokenize="unicode61 remove_diacritics 2"
            );
            CREATE VIRTUAL TABLE word_list USING fts5vocab(words, 'instance');
            """
        )
        _local.connection = connection
    return connection


def words_of(*texts: str) -> list[list[str]]:
    """
    The words of each text (at most five), lower-cased and without accents, in
    the order FTS5 sees them.
    """
    if len(texts) > 5:
        raise ValueError("words_of() takes at most five texts")
    connection = _tokenizer()
    values = [clean_text(t) for t in texts] + [""] * (5 - len(texts))
    with connection:
        connection.execute(
            "INSERT INTO words(rowid, c0, c1, c2, c3, c4) VALUES (1, ?, ?, ?, ?, ?)", values
        )
        rows = connection.execute(
            "SELECT col, term FROM word_list WHERE doc = 1 ORDER BY col, offset"
        ).fetchall()
        connection.execute("DELETE FROM words")
    result: list[list[str]] = [[] for _ in texts]
    for column, term in rows:
        result[int(column[1:])].append(term)
    return result


def fold(word: str) -> str:
    """ "Cœur" -> "coeur", "État" -> "etat": what a reader may type for the word."""
    word = word.lower().translate(_TRANSLITERATION)
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=32)
def _stemmer(language: str):
    """The Snowball stemmer of ``language``, or None: its words are then only folded."""
    name = stemmer_name(language)
    return snowballstemmer.stemmer(name) if name else None


# Distinct words number in the tens of thousands while an archive holds millions:
# Snowball in pure Python costs ~0.2 ms a word, a cache hit almost nothing.
STEM_CACHE_SIZE = 200_000


@lru_cache(maxsize=STEM_CACHE_SIZE)
def stem(word: str, language: str) -> str:
    """
    The stem of an FTS5 word: "négociations" -> "negoci". Always a single FTS5
    word itself, so indexed stems stay aligned with the original words.
    """
    folded = fold(word)
    if not folded or not all(ch.isascii() and ch.isalnum() or ch in word for ch in folded):
        folded = word
    stemmer = _stemmer(language)
    if stemmer is None:
        return folded
    stemmed = stemmer.stemWord(folded)
    if not stemmed or not all(ch.isascii() and ch.isalnum() or ch in folded for ch in stemmed):
        return folded
    return stemmed


def stems_of(words: list[str], language: str) -> str:
    return " ".join(stem(word, language) for word in words)


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    return frozenset(fold(w) for w in stopwords.FRENCH | stopwords.ENGLISH)


def is_stop_word(word: str) -> bool:
    return fold(word) in _stop_words()


# --- Queries -----------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    """One word, or several that must follow each other (a quoted phrase, "États-Unis")."""

    words: tuple[str, ...]
    excluded: bool = False

    @property
    def is_phrase(self) -> bool:
        return len(self.words) > 1

    def stems(self, language: str) -> tuple[str, ...]:
        return tuple(stem(word, language) for word in self.words)


@dataclass(frozen=True)
class ParsedQuery:
    text: str
    terms: tuple[Term, ...]

    @property
    def required(self) -> tuple[Term, ...]:
        return tuple(t for t in self.terms if not t.excluded)

    @property
    def excluded(self) -> tuple[Term, ...]:
        return tuple(t for t in self.terms if t.excluded)

    @property
    def is_blank(self) -> bool:
        """Nothing to look for: empty, only stop words, punctuation or exclusions."""
        return not self.required

    def websearch(self) -> str:
        """The query in PostgreSQL's websearch_to_tsquery() syntax, words only."""
        parts = []
        for term in self.terms:
            text = " ".join(term.words)
            if term.is_phrase:
                text = f'"{text}"'
            parts.append(f"-{text}" if term.excluded else text)
        return " ".join(parts)


# A quoted phrase (the closing quote may be missing) or a run of non-spaces,
# each optionally preceded by "-" to exclude it.
_CHUNK = re.compile(r'(-?)"([^"]*)"?|(-?)([^\s"]+)')
_QUOTES = str.maketrans({"«": '"', "»": '"', "“": '"', "”": '"', "„": '"'})


def cut_query(text: str) -> str:
    """The query on one line, cut to MAX_QUERY_LENGTH characters at a word boundary."""
    text = " ".join(str(text or "").replace("\x00", " ").split())
    if len(text) > MAX_QUERY_LENGTH:
        cut = text[: MAX_QUERY_LENGTH + 1]
        # A word cut in half would be looked up as a different word.
        text = cut.rsplit(" ", 1)[0] if " " in cut else cut[:MAX_QUERY_LENGTH]
    return text.strip()


def parse_query(text: str) -> ParsedQuery:
    """
    Read what a reader typed: words, "quoted phrases" and -excluded words.
    Stop words and punctuation on their own are dropped; nothing here can fail.
    """
    text = cut_query(text)
    terms: list[Term] = []
    seen = set()
    for match in _CHUNK.finditer(text.translate(_QUOTES)):
        quoted = match.group(2) is not None
        excluded = bool(match.group(1) if quoted else match.group(3))
        chunk = match.group(2) if quoted else match.group(4)
        words = tuple(words_of(chunk)[0])
        if not words:
            continue
        if not quoted and len(words) == 1 and is_stop_word(words[0]):
            continue
        if all(is_stop_word(w) for w in words):
            continue
        term = Term(words=words, excluded=excluded)
        if term not in seen:
            seen.add(term)
            terms.append(term)
        if len(terms) >= MAX_QUERY_WORDS:
            break
    return ParsedQuery(text=text, terms=tuple(terms))
