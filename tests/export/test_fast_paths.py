"""The export's shortcuts give exactly what the general code gives (issue 16: faster, never different).

Each fast path is checked against the general computation it skips, over the edge cases and a
seeded sample: numbers formatted without Decimal, text left as it is when nothing in it needs
cleaning, a column's widest text measured at one size, cells formatted once per distinct value.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import json
import random
import re
import unicodedata
from decimal import Decimal, InvalidOperation

import pytest
from reportlab.pdfbase.pdfmetrics import stringWidth

from desktop.document.fonts import report_fonts
from desktop.document.pdf_layout import make_styles
from desktop.document.pdf_tables import _cell_texts, build_table, format_value
from desktop.document.pdf_widths import ColumnText
from desktop.document.text import display_text
from desktop.forms import compute_derived, get_form
from desktop.forms.normalize import fold
from desktop.forms.rules import Context, _Validator, validate
from desktop.forms.values import get_path, set_path
from desktop.i18n.formatting import SEPARATORS, format_number
from desktop.signing.pdfsign import SignedPdf
from tests.export.reports import DATA_DIR, FORMS, large_province_values


def _decimal_number(value, lang, decimals):  # type: ignore[no-untyped-def]
    """format_number as it was before its fast path: every number through Decimal."""
    group, point = SEPARATORS.get(lang, SEPARATORS["vi"])
    number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    number = round(number, decimals)
    sign = "-" if number < 0 else ""
    integer, _, fraction = f"{abs(number):f}".partition(".")
    fraction = fraction.rstrip("0")
    return sign + f"{int(integer):,}".replace(",", group) + (point + fraction if fraction else "")


def _outcome(function, *args):  # type: ignore[no-untyped-def]
    try:
        return function(*args)
    except (InvalidOperation, ValueError, OverflowError) as exc:
        return type(exc)


EDGE_NUMBERS = [0, -0.0, 0.0, 1, -1, True, False, 1.5, -1.5, 0.1, 0.125, 2.675, 99.995, 0.0005, 0.00049,
                1e15, 1e15 - 1, -1e15 + 1, 10**15, 10**15 - 1, -(10**15) + 1, 10**20, 10**30, 1e-7, 1.23e-5,
                123456789.123, 0.30000000000000004, 999999999999999.9, 5e-324, 1.7976931348623157e308,
                float("inf"), float("-inf"), float("nan")]


def test_format_number_equals_the_decimal_path() -> None:
    rng = random.Random(16)
    values = list(EDGE_NUMBERS)
    for _ in range(20000):
        pick = rng.random()
        if pick < 0.3:
            values.append(rng.randint(-10**16, 10**16))
        elif pick < 0.6:
            values.append(round(rng.uniform(-1e6, 1e6), rng.randint(0, 8)))
        elif pick < 0.8:
            values.append(rng.randint(-1000, 1000) / rng.choice([1, 2, 3, 4, 7, 8, 10, 100, 1000]))
        else:
            values.append(rng.random() * 10 ** rng.randint(-10, 18))
    for value in values:
        for decimals in (0, 1, 2, 3, 6, 7, -1):
            for lang in ("vi", "en"):
                fast = _outcome(lambda v, la, d: format_number(v, la, decimals=d), value, lang, decimals)
                assert fast == _outcome(_decimal_number, value, lang, decimals), (value, decimals, lang)


_REFERENCE_SUBS = [(re.compile("\r\n?|[\u2028\u2029\x85]"), "\n"),
                   (re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]"), ""),
                   (re.compile("[\x7f-\x9f\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]"), "")]


def _substituted(text: str) -> str:
    for pattern, replacement in _REFERENCE_SUBS:
        text = pattern.sub(replacement, text)
    return text


def test_display_text_equals_the_substitutions_for_every_code_point() -> None:
    for code in range(0x110000):
        char = chr(code)
        assert display_text(char) == _substituted(char), hex(code)
    for text in ("Xã Hoa Lư", "a\r\nb", "a\rb", "\u202eexe.pdf", "Cụm\u200b1", "\ud800", "x\x85y\u2028z", "ok\n"):
        assert display_text(text) == _substituted(text), text


def test_widest_text_measured_once_is_the_widest_at_every_size() -> None:
    fonts = report_fonts()
    texts = [format_number(v) for v in large_province_values(300)["clusters"]["wastewater"][0].values()
             if isinstance(v, (int, float))]
    texts += ["1.111,1", "8.888,8", "", "WWW", "iii", "1.234.567", "9"] * 3
    column = ColumnText("Diện tích (ha)", True, texts)
    for size in (12, 10, 9, 11.5, 12):
        assert column.widest(fonts.regular, size) == max(stringWidth(t, fonts.regular, size) for t in texts if t)
    assert ColumnText("x", True, ["", ""]).widest(fonts.regular, 10) == 0.0


@pytest.mark.parametrize("key", ["area_ha", "facilities", "name", "note", "wwtp_status", "data_transmitted"])
def test_cells_formatted_once_per_value_read_as_each_value(key: str) -> None:
    """Mixed types (1, 1.0, True; 0.0 and -0.0), missing and unhashable values: every cell reads as
    its own value formatted on its own."""
    field = get_form("ct20.province").fields["clusters.wastewater"]
    column = field.column(key)
    assert column is not None
    rows = [dict(row) for row in large_province_values(40)["clusters"]["wastewater"]]
    odd = [1, 1.0, True, False, 0, 0.0, -0.0, None, "1", "-0.0", 2.5, ["a"], {"b": 1}]
    for index, value in enumerate(odd):
        rows[index][key] = value
    rows[20].pop(key, None)
    expected = ["" if row.get(key) is None else display_text(format_value(column, row.get(key))) for row in rows]
    assert _cell_texts(column, rows) == expected
    uniform = [dict(row) for row in large_province_values(40)["clusters"]["wastewater"]]
    expected = ["" if row.get(key) is None else display_text(format_value(column, row.get(key)))
                for row in uniform]
    assert _cell_texts(column, uniform) == expected


def test_a_row_taller_than_half_a_page_continues_in_rows_of_its_own() -> None:
    """The column-wise assembly of the rows keeps the rule for a very tall row (one long note):
    its lines go on in following rows, the other cells on the first one only."""
    styles = make_styles(report_fonts())
    field = get_form("ct20.province").fields["clusters.wastewater"]
    rows = [dict(row) for row in large_province_values(6)["clusters"]["wastewater"]]
    rows[2]["note"] = "từ ngữ " * 900
    table, _wide = build_table(field, rows, styles, 482.0, 770.0)
    assert len(table.body) > len(rows)
    assert len(table.body) == len(table.heights)
    names = [row[1].split() for row in table.body]
    assert names[:3] == [rows[0]["name"].split(), rows[1]["name"].split(), rows[2]["name"].split()]
    continued = names[3:3 + len(table.body) - len(rows)]
    assert continued and all(name == [] for name in continued)
    notes = "\n".join(row[-1] for row in table.body[2:3 + len(continued)] if row[-1])
    assert notes.split() == rows[2]["note"].split()


def _fold_reference(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())


def test_fold_drops_exactly_the_combining_characters() -> None:
    for code in range(0x110000):
        text = f"A{chr(code)}b "
        assert fold(text) == _fold_reference(text), hex(code)
    for text in ("Cụm công nghiệp Gián Khẩu", "ĐỒNG  VĂN", "Thành phố Hồ Chí Minh\u0301", ""):
        assert fold(text) == _fold_reference(text)


class _Odd(str):
    """A str subclass: not a plain value, so the validator's quick test leaves it to the full check."""


ODD_CELLS = [None, "", [], {}, 0, -1, 1, 1.0, 1.5, -0.0, True, False, 10**16, "x" * 20001,
             "2025-02-30", "2025-02-03", "25/12/2025", "operating", "yes", "no", "compliant", _Odd("operating"),
             _Odd(""), ["a"], "Cụm công nghiệp Gián Khẩu", 500, 2000.5, 100.0, 101]


def test_quick_cell_test_finds_what_the_full_check_finds() -> None:
    """Every column of every table of every form, every odd value in every cell: validate() (which
    only applies the rules to a cell its quick test passes) gives the issues the full `check` of
    each cell gives."""
    rng = random.Random(1616)
    for form_id in FORMS:
        form = get_form(form_id)
        values = json.loads((DATA_DIR / f"full_{form_id}.json").read_text())
        for table in (f for f in form.fields.values() if f.is_table):
            rows = get_path(values, table.key)
            rows = [dict(r) for r in rows] if isinstance(rows, list) and rows else [{}]
            while len(rows) < len(ODD_CELLS):
                rows.append(dict(rng.choice(rows)))
            for column in table.columns:
                for index, value in enumerate(ODD_CELLS):
                    rows[(index + len(column.key)) % len(rows)][column.key] = value
            case = copy.deepcopy(values)
            set_path(case, table.key, rows)
            found = validate(form, case, Context())
            general = _Validator(form, case, Context())
            general.scope.table = table
            for index, row in enumerate(rows):
                general.scope.row = row
                for column in table.columns:
                    general.check(column, table, None, row.get(column.key), index)
            assert _issues(general.result, table.key) == _issues(found, table.key) != []


def _issues(result, table_key: str) -> list[tuple]:  # type: ignore[no-untyped-def]
    return [(i.path, i.severity, i.message.both(), i.row, i.column, i.code)
            for i in result.errors + result.warnings
            if i.path.startswith(f"{table_key}[") and i.code != "unique"]


def test_derived_values_of_a_column_among_values_equal_the_general_condition() -> None:
    """A derived value counted or summed over the rows whose column is among some values reads the
    same as under the general condition (the same `where` inside an "all")."""
    form = get_form("ct20.province")
    values = large_province_values(200)
    rows = values["clusters"]["wastewater"]
    for index, odd in enumerate([None, "", "OPERATING", 1, True, "operating"]):
        rows[index]["wwtp_status"] = odd
    rows[10].pop("wwtp_status")
    rows[11]["design_capacity_m3d"] = "500"
    general = copy.deepcopy(form)
    general.derived = [dataclasses.replace(item, where={"all": [item.where]}) if item.where else item
                       for item in form.derived]
    assert any(item.where and item.where.keys() == {"field", "in"} for item in form.derived)
    assert compute_derived(form, values) == compute_derived(general, values)


def test_data_file_text_nfc_in_rows_and_non_finite_numbers_refused() -> None:
    from desktop.export.datafile import DataFileError, _nfc

    decomposed = unicodedata.normalize("NFD", "Cụm công nghiệp Gián Khẩu")
    rows = [{decomposed: decomposed, "n": 1, "f": 1.5, "b": True, "z": None, "l": [decomposed], "d": {"k": decomposed}}]
    composed = unicodedata.normalize("NFC", decomposed)
    assert _nfc(rows) == [{composed: composed, "n": 1, "f": 1.5, "b": True, "z": None, "l": [composed],
                           "d": {"k": composed}}]
    for bad in (float("inf"), float("nan"), [float("-inf")]):
        with pytest.raises(DataFileError):
            _nfc([{"x": bad}])


def test_a_signed_pdf_is_not_spelled_out_in_its_repr() -> None:
    """asyncio.run (from the main thread) puts the signing task's result into a repr as it ends."""
    signed = SignedPdf(b"%PDF-1.7 " * 200_000, dt.datetime(2026, 1, 1, tzinfo=dt.UTC), False)
    assert len(repr(signed)) < 300 and "PDF" not in repr(signed)
