"""The plain-text export parser (articles.imports.plaintext): pure, no database."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from articles.imports.plaintext import ExportError, derive_headline, is_heading, parse_export

SAMPLES = Path(__file__).resolve().parent / "samples"
SEED = Path(__file__).resolve().parents[2] / "shared" / "seed-article.txt"
PARIS = ZoneInfo("Europe/Paris")


def sample(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()


# --- The date line ------------------------------------------------------------


def test_date_line_gives_the_date_and_credit_with_french_spacing():
    parsed = parse_export(sample("sommet.txt"), name="sommet.txt")
    assert parsed.date == date(2025, 3, 14)
    assert parsed.credit == "Jeanne Martin / AFP"


def test_date_line_accepts_english_spacing_leading_spaces_and_a_byte_order_mark():
    parsed = parse_export(sample("bom_crlf.txt"))
    assert parsed.date == date(2025, 3, 15)
    assert parsed.credit == "Paul Durand via REUTERS"


def test_date_line_accepts_a_narrow_no_break_space_before_the_colon_and_a_time():
    parsed = parse_export(sample("time.txt"))
    assert parsed.credit == "Léa Roux / AFP"
    assert parsed.time == time(7, 45)
    assert parsed.published_at == datetime(2025, 3, 18, 7, 45, tzinfo=PARIS)


def test_date_without_time_is_midnight_in_paris():
    parsed = parse_export(sample("sommet.txt"))
    assert parsed.published_at == datetime(2025, 3, 14, 0, 0, tzinfo=PARIS)
    assert parsed.published_at.utcoffset().total_seconds() == 3600


def test_date_line_without_credit_gives_an_empty_credit():
    parsed = parse_export(sample("injection.txt"))
    assert parsed.credit == ""


def test_credit_with_slashes_via_and_several_names_is_kept_whole():
    parsed = parse_export(
        "date 2025-01-02 Photo : Ana Lima, Rui Costa / Sputnik via REUTERS\n\nTexte."
    )
    assert parsed.credit == "Ana Lima, Rui Costa / Sputnik via REUTERS"


def test_impossible_date_names_the_file_and_line_one():
    with pytest.raises(ExportError) as caught:
        parse_export(sample("impossible_date.txt"), name="impossible_date.txt")
    assert caught.value.line == 1
    assert str(caught.value).startswith("impossible_date.txt, line 1: ")
    assert "2025-13-45" in str(caught.value)


def test_impossible_time_is_refused():
    with pytest.raises(ExportError, match="25:10"):
        parse_export("date 2025-01-02 25:10\n\nTexte.")


def test_missing_date_line_is_refused_at_line_one():
    with pytest.raises(ExportError) as caught:
        parse_export(sample("no_date.txt"), name="no_date.txt")
    assert caught.value.line == 1
    assert "date YYYY-MM-DD" in caught.value.message


def test_garbled_date_line_is_refused():
    with pytest.raises(ExportError) as caught:
        parse_export("date du jour : hier\n\nTexte.", name="x.txt")
    assert caught.value.line == 1


def test_empty_file_is_refused():
    with pytest.raises(ExportError, match="empty"):
        parse_export(sample("empty.txt"), name="empty.txt")


def test_file_of_blank_lines_is_refused_as_empty():
    with pytest.raises(ExportError, match="empty"):
        parse_export(" \n\t\n\u00a0\n")


def test_binary_file_is_refused():
    with pytest.raises(ExportError, match="binary"):
        parse_export(sample("binary.txt"), name="binary.txt")


def test_date_line_without_any_text_is_refused():
    with pytest.raises(ExportError, match="no text"):
        parse_export("date 2025-01-02 Photo : AFP\n\n\n")


# --- Blocks -------------------------------------------------------------------


def test_short_lines_not_ending_like_sentences_become_sub_headings():
    parsed = parse_export(sample("sommet.txt"))
    assert parsed.headings == ["Un calendrier serré", "Quelles suites pour les agriculteurs ?"]


def test_everything_else_becomes_paragraphs_with_lines_joined_by_a_space():
    parsed = parse_export(sample("sommet.txt"))
    assert len(parsed.paragraphs) == 4
    assert parsed.paragraphs[1] == (
        "Les délégations arrivent jeudi soir. Elles logeront près de la gare Part-Dieu, "
        "selon la préfecture."
    )


def test_line_of_spaces_separates_blocks_like_a_blank_line():
    parsed = parse_export(sample("sommet.txt"))
    # The sample separates a sub-heading from its paragraph with a line of spaces.
    assert parsed.blocks[1].text == "Un calendrier serré"
    assert parsed.blocks[1].kind == "heading"


@pytest.mark.parametrize(
    "line",
    [
        "Une phrase courte.",
        "Quelle surprise !",
        "Et ensuite…",
        "« Jamais »",
        'Il a dit "non"',
        "Un début de liste ;",
    ],
)
def test_short_lines_ending_like_sentences_stay_paragraphs(line):
    assert not is_heading(line)


@pytest.mark.parametrize("line", ["Une question ?", "Ce qu’il faut retenir :", "Le contexte"])
def test_questions_colons_and_bare_phrases_are_sub_headings(line):
    assert is_heading(line)


def test_long_single_line_is_a_paragraph_even_without_final_punctuation():
    line = " ".join(["mot"] * 30)
    assert not is_heading(line)


def test_crlf_line_endings_and_trailing_spaces_are_ignored():
    parsed = parse_export(sample("bom_crlf.txt"))
    assert parsed.headings == ["Un intertitre"]
    assert parsed.paragraphs == [
        "Premier paragraphe d’un texte venu d’un vieux système.",
        "Dernier paragraphe, avec des espaces en fin de ligne.",
    ]


def test_windows_1252_file_with_old_mac_line_endings_reads_without_mojibake():
    parsed = parse_export(sample("windows1252.txt"))
    assert parsed.encoding == "windows-1252"
    assert parsed.credit == "Agnès Lefèvre/AFP"
    assert parsed.headings == ["Été brûlant"]
    assert parsed.paragraphs[1] == "Les habitués étaient là dès l’ouverture, « enfin » disent-ils."


# --- Body HTML and headline ---------------------------------------------------


def test_body_html_escapes_markup_ampersands_and_quotes():
    html = parse_export(sample("injection.txt")).body_html
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "Dupont &amp; Fils ont &quot;augmenté&quot;" in html


def test_body_html_uses_h2_for_sub_headings_and_p_for_paragraphs():
    html = parse_export(sample("bom_crlf.txt")).body_html
    assert html == (
        "<p>Premier paragraphe d’un texte venu d’un vieux système.</p>\n"
        "<h2>Un intertitre</h2>\n"
        "<p>Dernier paragraphe, avec des espaces en fin de ligne.</p>"
    )


def test_headline_is_the_first_sentence_without_its_full_stop():
    parsed = parse_export(sample("sommet.txt"))
    assert parsed.headline == (
        "Les ministres de l’Agriculture de douze pays se retrouvent vendredi à Lyon "
        "pour parler de l’eau"
    )


def test_long_first_sentence_is_cut_at_a_word_boundary_with_an_ellipsis():
    sentence = "Le conseil municipal " + "a longuement débattu du budget " * 8 + "hier soir."
    headline = derive_headline(sentence)
    assert len(headline) <= 110
    assert headline.endswith("…")
    assert sentence.startswith(headline[:-1])
    assert headline[:-1].split()[-1] in sentence.split()


def test_headline_skips_a_leading_sub_heading():
    parsed = parse_export("date 2025-01-02\n\nLe contexte\n\nLa ville vote. Puis elle attend.")
    assert parsed.headline == "La ville vote"


# --- Identity -----------------------------------------------------------------


def test_import_key_ignores_encoding_line_endings_and_trailing_spaces():
    utf8 = "date 2025-03-16\n\nLe café a rouvert.  \n\nÉté\n\nFin."
    cp1252 = utf8.replace("\n", "\r\n").encode("cp1252")
    assert parse_export(utf8).import_key == parse_export(cp1252).import_key


def test_import_key_survives_a_corrected_later_paragraph():
    first = parse_export("date 2025-03-16\n\nLe café a rouvert.\n\nFin du texte.")
    corrected = parse_export("date 2025-03-16\n\nLe café a rouvert.\n\nFin du texte corrigée.")
    assert first.import_key == corrected.import_key


def test_import_key_differs_for_another_day_or_another_story():
    base = parse_export("date 2025-03-16\n\nLe café a rouvert.")
    assert base.import_key != parse_export("date 2025-03-17\n\nLe café a rouvert.").import_key
    assert base.import_key != parse_export("date 2025-03-16\n\nLa gare a rouvert.").import_key


# --- The seed export ------------------------------------------------------------


@pytest.mark.skipif(not SEED.exists(), reason="../shared/seed-article.txt is not present")
def test_seed_export_parses_into_three_sub_headings_and_seven_paragraphs():
    parsed = parse_export(SEED.read_bytes(), name=SEED.name)
    assert parsed.date == date(2025, 8, 7)
    assert parsed.credit == "Sputnik/Kremlin via REUTERS"
    assert len(parsed.headings) == 3
    assert len(parsed.paragraphs) == 7
    assert parsed.body_html.count("<h2>") == 3
    text = " ".join(parsed.paragraphs)
    assert "’" in text
    assert "« " in text and " »" in text


# --- Robustness -----------------------------------------------------------------


@given(st.one_of(st.text(), st.binary()))
def test_any_input_parses_or_raises_export_error(data):
    try:
        parsed = parse_export(data, name="fuzz.txt")
    except ExportError as error:
        assert str(error).startswith("fuzz.txt")
    else:
        assert parsed.blocks
        assert parsed.headline is not None
        assert "<script" not in parsed.body_html


@given(
    st.dates(min_value=date(1900, 1, 1), max_value=date(2999, 12, 31)),
    st.lists(
        st.text(st.characters(exclude_categories=("Cc", "Cs")), min_size=1).filter(str.strip),
        min_size=1,
    ),
)
def test_any_dated_text_keeps_every_block(day, paragraphs):
    text = f"date {day.isoformat()}\n\n" + "\n\n".join(paragraphs)
    parsed = parse_export(text)
    assert parsed.date == day
    assert [block.text for block in parsed.blocks] == [p.strip() for p in paragraphs]


def test_utf8_file_with_one_stray_byte_is_refused_naming_its_line_not_turned_into_mojibake():
    text = "date 2025-03-14\n\nÉté caniculaire à Lyon.\n\nLe maire a parlé\xa0: voil\u00e0.\n"
    data = text.encode("utf-8").replace("voil\u00e0".encode(), b"voil\xe0")
    with pytest.raises(ExportError, match="line 5: .*not valid UTF-8"):
        parse_export(data, name="story.txt")


def test_pure_windows_1252_file_is_still_read_as_such():
    data = "date 2025-03-14\n\nÉté caniculaire à Lyon.\n".encode("cp1252")
    assert parse_export(data).paragraphs == ["Été caniculaire à Lyon."]
