"""Input normalisation: one place, for the CLI now and the UI later."""

from __future__ import annotations

import unicodedata

import pytest

from desktop.forms.normalize import (
    InputError,
    fold,
    normalize_text,
    parse_bool,
    parse_date,
    parse_decimal,
    parse_int,
)


@pytest.mark.parametrize(("raw", "expected"), [
    ("1.234,5", 1234.5), ("1234.5", 1234.5), ("1234,5", 1234.5), ("1.234", 1234), ("1.234.567", 1234567),
    ("0.125", 0.125), ("1 234,5", 1234.5), ("1\u00a0234", 1234), ("-3", -3), ("\u22123,5", -3.5),
    ("12,345.6", 12345.6), ("1.234.567,891", 1234567.891), (" 7 ", 7), (0.1 + 0.2, 0.3), (5, 5),
    ("2,0005", 2.001), ("33,33333", 33.333),
])
def test_decimal(raw, expected):
    assert parse_decimal(raw) == expected


@pytest.mark.parametrize("raw", ["", "abc", "1e5", "NaN", "Infinity", "1.23.4", "1,2,3", "--1", "1,234,5",
                                 True, None, [], float("nan"), float("inf"), "9" * 20])
def test_decimal_refuses(raw):
    with pytest.raises(InputError):
        parse_decimal(raw)


def test_decimal_in_english_reads_commas_as_grouping():
    assert parse_decimal("1,234", lang="en") == 1234
    assert parse_decimal("12.500", lang="en") == 12.5
    assert parse_decimal("12.500", lang="vi") == 12500


@pytest.mark.parametrize(("raw", "expected"), [("1.234", 1234), ("1234", 1234), ("12", 12), (7.0, 7), ("1 000", 1000)])
def test_int(raw, expected):
    assert parse_int(raw) == expected


@pytest.mark.parametrize("raw", ["1,5", "12.5", "1.23", 2.5, "mười", True])
def test_int_refuses(raw):
    with pytest.raises(InputError):
        parse_int(raw)


@pytest.mark.parametrize(("raw", "expected"), [
    ("2025-11-05", "2025-11-05"), ("05/11/2025", "2025-11-05"), ("5/11/2025", "2025-11-05"),
    ("05-11-2025", "2025-11-05"), ("05.11.2025", "2025-11-05"), (" 05/11/2025 ", "2025-11-05"),
])
def test_date(raw, expected):
    assert parse_date(raw) == expected


@pytest.mark.parametrize("raw", ["31/02/2025", "2025-13-01", "11/2025", "hôm nay", "01/01/1800", 20251105])
def test_date_refuses(raw):
    with pytest.raises(InputError):
        parse_date(raw)


def test_text_is_nfc_trimmed_and_limited():
    nfd = unicodedata.normalize("NFD", "  Sở Công Thương tỉnh Ninh Bình \n")
    assert normalize_text(nfd) == "Sở Công Thương tỉnh Ninh Bình"
    assert normalize_text("a\tbc\u200b") == "a bc"
    assert normalize_text("dòng 1\r\ndòng 2  \n", multiline=True) == "dòng 1\ndòng 2"
    assert normalize_text("x" * 500) == "x" * 500
    with pytest.raises(InputError) as caught:
        normalize_text("x" * 501)
    assert "500" in caught.value.render("en")


@pytest.mark.parametrize("invisible", ["\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u2060", "\ufeff",
                                       "\u00ad"])
def test_invisible_marks_are_removed_silently(invisible):
    assert normalize_text(f"{invisible}Cụm{invisible} công nghiệp{invisible}") == "Cụm công nghiệp"
    assert normalize_text(f"dòng 1{invisible}\ndòng 2", multiline=True) == "dòng 1\ndòng 2"


@pytest.mark.parametrize("brk", ["\x0b", "\x0c", "\x85", "\u2028", "\u2029"])
def test_line_break_controls_become_line_breaks(brk):
    assert normalize_text(f"dòng 1{brk}dòng 2", multiline=True) == "dòng 1\ndòng 2"
    assert normalize_text(f"dòng 1{brk}dòng 2") == "dòng 1 dòng 2"


LABEL = {"vi": "Tên cụm công nghiệp", "en": "Industrial cluster"}


@pytest.mark.parametrize("char", ["\x00", "\x01", "\x08", "\x1b", "\x1f", "\x7f", "\x80", "\x9b", "\x9f"])
def test_control_characters_are_refused_naming_the_field(char):
    with pytest.raises(InputError) as caught:
        normalize_text(f"CCN{char}A", label=LABEL)
    code = f"U+{ord(char):04X}"
    assert caught.value.render("en").startswith("“Industrial cluster” contains an invisible control character")
    assert code in caught.value.render("en") and code in caught.value.render("vi")
    assert "Tên cụm công nghiệp" in caught.value.render("vi")
    with pytest.raises(InputError) as caught:
        normalize_text(f"CCN{char}A", multiline=True)
    assert caught.value.render("en").startswith("The text contains an invisible control character")


@pytest.mark.parametrize("char", ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067",
                                  "\u2068", "\u2069"])
def test_bidi_embeddings_overrides_and_isolates_are_refused(char):
    with pytest.raises(InputError) as caught:
        normalize_text(f"exe.{char}txt", label=LABEL)
    assert "direction" in caught.value.render("en") and f"U+{ord(char):04X}" in caught.value.render("en")


@pytest.mark.parametrize("char", ["\U000e0041", "\u2061", "\ufff9", "\u061c"])
def test_other_invisible_format_characters_are_refused(char):
    with pytest.raises(InputError):
        normalize_text(f"a{char}b")


def test_what_a_report_needs_passes_unchanged():
    text = "Sở Công Thương – “Báo cáo” số 12/BC-SCT; m³/ngày đêm; 35 %; ½; © 2025; 😀; \ue000"
    assert normalize_text(text) == text
    assert normalize_text("cột 1\tcột 2\ndòng 2", multiline=True) == "cột 1\tcột 2\ndòng 2"


def test_text_counts_length_after_nfc():
    nfd = unicodedata.normalize("NFD", "ệ" * 300)  # 900 code points before NFC, 300 after
    assert normalize_text(nfd, max_length=300) == "ệ" * 300


@pytest.mark.parametrize(("raw", "expected"), [("có", True), ("Không", False), (True, True), ("x", True), (0, False)])
def test_bool(raw, expected):
    assert parse_bool(raw) is expected


def test_fold_finds_vietnamese_without_diacritics():
    assert fold("Ninh Bình") == "ninh binh"
    assert fold("ĐẮK LẮK") == "dak lak"
    assert fold(unicodedata.normalize("NFD", "Thừa Thiên Huế")) == "thua thien hue"
