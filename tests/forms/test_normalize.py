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
    assert normalize_text("a\tb\x00c\u200b") == "a bc"
    assert normalize_text("dòng 1\r\ndòng 2  \n", multiline=True) == "dòng 1\ndòng 2"
    assert normalize_text("x" * 500) == "x" * 500
    with pytest.raises(InputError) as caught:
        normalize_text("x" * 501)
    assert "500" in caught.value.render("en")


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
