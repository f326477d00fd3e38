"""Hostile text through every writer, one writer at a time (the whole path is test_content_corpus).

Formulas, characters XML cannot carry, bidi and zero-width characters and 20,000-character tokens
go into the workbooks, the Word draft and the PDFs: text never becomes a formula, nothing
crashes, every file reads back, and a failed consolidation leaves the earlier files untouched.
"""

from __future__ import annotations

import datetime as dt
import io
import os
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from desktop.document.fonts import report_fonts
from desktop.document.pdf_lines import break_lines
from desktop.document.text import break_long_tokens, display_text, xml_text
from desktop.document.xlsx import EXCEL_CELL_LIMIT, Style, XlsxBook, cell_text
from desktop.forms import Period, get_form
from desktop.inbox.model import Column, Consolidated, Part, Table
from desktop.inbox.outputs import OutputError, publish
from desktop.inbox.pdf_doc import issuer
from desktop.inbox.render_docx import render_consolidated_docx
from desktop.inbox.render_pdf import render_consolidated_pdf
from desktop.inbox.render_xlsx import render_consolidated_xlsx
from desktop.xlsx_values import read_values_xlsx, write_values_xlsx
from tests.export.reports import load_full

FORMULAS = [
    '=HYPERLINK("http://attacker.example/x","click")',
    "=cmd|' /C calc'!A0",
    "+1+1",
    "-2+3",
    "@SUM(1,2)",
    "=1+1",
    "\t=1+1",
    "\r=1+1",
    "#N/A",
    "#VALUE!",
]
INVISIBLE = "a\u202eb\u200dc\u2060d\u200be\ufefff\u2066g\u2069"
CONTROL = "x\x01y\x0bz\x1f\ufffe\uffff\ud800w"
TOKEN = "Q" * 20_000


def formula_cells(data: bytes) -> list[tuple[str, str, object]]:
    book = load_workbook(io.BytesIO(data))
    return [(sheet.title, cell.coordinate, cell.value) for sheet in book.worksheets
            for row in sheet.iter_rows() for cell in row if cell.data_type == "f"]


def all_texts(data: bytes) -> list[str]:
    book = load_workbook(io.BytesIO(data))
    return [cell.value for sheet in book.worksheets for row in sheet.iter_rows() for cell in row
            if isinstance(cell.value, str)]


# ---- the cleaning rules -------------------------------------------------------------------------

def test_xml_text_removes_what_xml_cannot_carry_and_keeps_the_rest() -> None:
    assert xml_text(CONTROL) == "xyzw"
    assert xml_text("tab\there\r\nline\rend\u2028") == "tab\there\nline\nend\n"
    assert xml_text("Nguyễn Văn An \u202e") == "Nguyễn Văn An \u202e"  # legal XML: only display_text drops it


def test_display_text_also_removes_bidi_zero_width_and_c1_controls() -> None:
    assert display_text(INVISIBLE) == "abcdefg"
    assert display_text("Sở Công Thương\x85\x9f Hà Nội") == "Sở Công Thương\n Hà Nội"
    assert display_text("fdp.exe\u202e") == "fdp.exe"


def test_break_long_tokens_is_exact_and_bounded() -> None:
    text = "ngắn " + "x" * 25 + " và " + "y" * 10
    broken = break_long_tokens(text, 10)
    assert broken == "ngắn xxxxxxxxxx xxxxxxxxxx xxxxx và yyyyyyyyyy"
    assert break_long_tokens("short words only", 10) == "short words only"
    assert max(len(word) for word in break_long_tokens(TOKEN, 80).split()) == 80


# ---- XLSX ---------------------------------------------------------------------------------------

def test_the_xlsx_writer_never_writes_text_as_a_formula() -> None:
    book = XlsxBook()
    sheet = book.sheet("Khó khăn", widths=[40, 40], freeze="A2")
    sheet.append(["heading", "value"], Style(bold=True))
    for text in [*FORMULAS, INVISIBLE, CONTROL, TOKEN, "x" * (EXCEL_CELL_LIMIT + 10)]:
        sheet.append([text, 12.5, None, dt.datetime(2025, 11, 10, 9, 12)],
                     [Style(wrap=True), Style(number_format="#,##0.0"), None, None])
    sheet.auto_filter(1, sheet.rows)
    data = book.to_bytes()
    assert formula_cells(data) == []
    loaded = load_workbook(io.BytesIO(data)).active
    values = [row[0] for row in loaded.iter_rows(min_row=2, values_only=True)]
    assert values[: len(FORMULAS)] == [display_text(text) for text in FORMULAS]
    assert {loaded.cell(row, 1).data_type for row in range(2, len(FORMULAS) + 2)} == {"s"}  # no error values either
    assert values[len(FORMULAS)] == "abcdefg" and values[len(FORMULAS) + 1] == "xyzw"
    assert values[len(FORMULAS) + 2] == TOKEN
    assert len(values[-1]) == EXCEL_CELL_LIMIT and values[-1].endswith("[…]")
    assert loaded["B2"].value == 12.5 and loaded["B2"].number_format == "#,##0.0"
    assert loaded["D2"].value == dt.datetime(2025, 11, 10, 9, 12)
    assert loaded.freeze_panes == "A2" and loaded.auto_filter.ref == f"A1:D{len(values) + 1}"


def test_cell_text_for_values_read_back_keeps_bidi_but_not_what_xml_cannot_carry() -> None:
    assert cell_text("=1+1\u202e\x01", display=False) == "=1+1\u202e"
    assert cell_text("=1+1\u202e\x01") == "=1+1"


def test_report_values_workbook_keeps_formula_texts_as_text_and_reads_them_back() -> None:
    form = get_form("ct20.province")
    values = load_full("ct20.province")
    values["difficulties"] = FORMULAS[0]
    values["proposals"] = "=cmd|' /C calc'!A0\nvà dòng thứ hai"
    values["clusters"]["wastewater"][0]["name"] = "=1+1"
    values["clusters"]["wastewater"][1]["note"] = "@SUM(A1:A9)" + CONTROL
    values["document"]["signer_name"] = "-2+3"
    data = write_values_xlsx(form, values)
    assert formula_cells(data) == []
    back = read_values_xlsx(data, "values.xlsx")
    assert back["difficulties"] == FORMULAS[0]
    assert back["proposals"] == "=cmd|' /C calc'!A0\nvà dòng thứ hai"
    assert back["document.signer_name"] == "-2+3"
    assert back["clusters.wastewater"][0]["name"] == "=1+1"
    assert back["clusters.wastewater"][1]["note"] == "@SUM(A1:A9)xyzw"


# ---- the consolidation's three files ------------------------------------------------------------

def hostile_report() -> Consolidated:
    columns = [Column("tt", "TT"), Column("org", "Đơn vị báo cáo"), Column("amount", "Số lượng", "int"),
               Column("difficulties", "Khó khăn", "longtext"), Column("name", "Tên cụm")]
    table = Table("Khó khăn, kiến nghị", "Bảng 1. Khó khăn " + INVISIBLE, columns)
    texts = [*FORMULAS, INVISIBLE, CONTROL, TOKEN, "đầu " + TOKEN + " cuối", "a\nb" * 50]
    for index, text in enumerate(texts, start=1):
        table.rows.append({"tt": str(index), "org": text, "amount": index, "difficulties": text, "name": text})
    table.total = {"tt": "", "org": "Tổng cộng", "amount": sum(range(1, len(texts) + 1))}
    part = Part("I. KHÓ KHĂN " + CONTROL, ["Đoạn văn " + CONTROL + INVISIBLE + " " + TOKEN, table])
    return Consolidated("ct20.province", "2025.1", Period.parse("2025"), "Tổng hợp " + FORMULAS[0],
                        dt.date(2025, 11, 20), [part], 3, intro="Mở đầu \x0b " + FORMULAS[1], closing="Kết thúc.")


def test_the_consolidated_workbook_is_inert_and_complete() -> None:
    data = render_consolidated_xlsx(hostile_report())
    last = 2 + len(FORMULAS) + 5
    # the only formula is the total CT20 itself writes (a SUM over the rows), never a reporter's text
    assert formula_cells(data) == [("Khó khăn, kiến nghị", f"C{last + 1}", f"=SUM(C3:C{last})")]
    texts = all_texts(data)
    assert display_text(FORMULAS[0]) in texts and "abcdefg" in texts and "xyzw" in texts and TOKEN in texts
    assert not any(ch in text for text in texts for ch in "\x01\x0b\u202e\u200d\u2060\ufeff")
    sheet = load_workbook(io.BytesIO(data), data_only=True).active  # the total's cached value
    assert sheet.freeze_panes == "C3" and sheet.auto_filter.ref == f"A2:E{last}"
    total = sheet.cell(last + 1, 3)
    assert total.value == sum(range(1, len(FORMULAS) + 6)) and total.font.b and total.number_format == "#,##0"


def test_the_word_draft_takes_control_characters(tmp_path: Path) -> None:
    data = render_consolidated_docx(hostile_report(), issuer())
    text = "\n".join(cell.text for table in Document(io.BytesIO(data)).tables for row in table.rows
                     for cell in row.cells)
    assert TOKEN in text and "abcdefg" in text and "xyzw" in text and "\u202e" not in text


def test_the_pdf_takes_control_characters_and_long_tokens() -> None:
    data = render_consolidated_pdf(hostile_report(), issuer())
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    assert "\u202e" not in text and "\x01" not in text
    assert text.count("Q") >= 3 * 20_000  # every 20,000-character token printed in full (cells and paragraph)


def test_table_cell_lines_cut_a_long_token_in_one_pass_and_lose_nothing() -> None:
    font = report_fonts(True).regular
    from reportlab.pdfbase.pdfmetrics import stringWidth

    for text in (TOKEN, "đầu " + "ư" * 5000 + " cuối", "ngắn"):
        lines = break_lines(text, font, 11, 120.0)
        assert all(stringWidth(line, font, 11) <= 120.0 for line in lines)
        assert "".join(lines).replace(" ", "") == text.replace(" ", "")


# ---- a failed run leaves the earlier files ------------------------------------------------------

def test_publish_replaces_all_files_or_none(tmp_path: Path) -> None:
    folder = tmp_path / "out"
    first = publish(folder, {"TH.pdf": b"pdf 1", "TH.xlsx": b"xlsx 1", "TH.docx": b"docx 1"})
    assert {p.name: p.read_bytes() for p in first.values()} == {"TH.pdf": b"pdf 1", "TH.xlsx": b"xlsx 1",
                                                                  "TH.docx": b"docx 1"}
    (folder / "TH.docx").unlink()
    (folder / "TH.docx").mkdir()  # the third file cannot be replaced: a folder holds its name
    (folder / "TH.docx" / "keep").write_bytes(b"")
    with pytest.raises(OutputError):
        publish(folder, {"TH.pdf": b"pdf 2", "TH.xlsx": b"xlsx 2", "TH.docx": b"docx 2"})
    assert (folder / "TH.pdf").read_bytes() == b"pdf 1" and (folder / "TH.xlsx").read_bytes() == b"xlsx 1"
    assert sorted(os.listdir(folder)) == ["TH.docx", "TH.pdf", "TH.xlsx"]  # no temporary folder left behind


def test_a_failure_while_moving_in_puts_the_earlier_files_back(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "out"
    publish(folder, {"TH.pdf": b"pdf 1", "TH.xlsx": b"xlsx 1", "TH.docx": b"docx 1"})
    real_replace = os.replace
    calls = []

    def failing_replace(source, target):  # type: ignore[no-untyped-def]
        calls.append((source, target))
        if len(calls) == 4:  # pdf set aside, new pdf in, xlsx set aside, then the disk is full
            raise OSError(28, "No space left on device", str(target))
        return real_replace(source, target)

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(OutputError) as raised:
        publish(folder, {"TH.pdf": b"pdf 2", "TH.xlsx": b"xlsx 2", "TH.docx": b"docx 2"})
    monkeypatch.undo()
    assert "No space left on device" in raised.value.message.render("en")
    assert {name: (folder / name).read_bytes() for name in ("TH.pdf", "TH.xlsx", "TH.docx")} == {
        "TH.pdf": b"pdf 1", "TH.xlsx": b"xlsx 1", "TH.docx": b"docx 1"}
    assert sorted(os.listdir(folder)) == ["TH.docx", "TH.pdf", "TH.xlsx"]
