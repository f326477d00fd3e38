"""Cục ATMT's round report (`ct20 inbox consolidate --round R`), read back from the real PDF (pdftotext),
DOCX and XLSX (their XML): the round's data cut-off stated in all three; Cục ATMT never among the
reporters of its own round; the difficulties and proposals grouped by theme (the field of the form
they were written under, the forms naming no theme), then by reporter kind."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from desktop.forms import get_form
from desktop.inbox.requests import RequestError, create_request
from desktop.inbox.round_outputs import RoundFiles, write_round
from desktop.inbox.rounds import adhoc_round
from desktop.store import Store
from tests.inbox.round_scenario import NARROWED, UNITS, RoundScenario
from tests.inbox.scenario import CORPORATIONS
from tests.inbox.test_cli_inbox import ct20
from tests.inbox.test_consolidate import accepted_provinces
from tests.inbox.test_round import (  # noqa: F401
    PARTS,
    REGISTRY,
    docx_text,
    flat,
    pdf,
    round_scenario,
    text_of,
    year_files,
)

ATMT = next(org for org in REGISTRY["organizations"] if org["id"] == "cuc-atmt")
NAMES = {org["id"]: org["name"] for org in REGISTRY["organizations"]}


def vn(iso: str) -> str:
    return f"{iso[8:10]}/{iso[5:7]}/{iso[:4]}"


def cutoff(start: str, end: str) -> str:
    return f"Số liệu tính từ ngày {vn(start)} đến ngày {vn(end)}"


def sheet_titles(path: Path) -> dict[str, str]:
    book = load_workbook(path)
    return {name: str(book[name]["A1"].value) for name in book.sheetnames}


def test_the_round_states_its_data_cutoff_in_the_pdf_the_docx_and_the_workbook(
        year_files: RoundFiles, pdf: str, round_scenario: RoundScenario, tmp_path: Path) -> None:  # noqa: F811
    year = round_scenario.year
    line = cutoff(f"{year - 1}-12-15", f"{year}-12-14")  # the yearly round (workflow.md)
    first = flat(text_of(year_files.pdf, 1, 1))
    assert f"({line})" in first and first.index(f"({line})") < first.index("Thực hiện ")  # under the subject
    document = Document(str(year_files.docx))
    texts = [p.text for p in document.paragraphs]
    assert f"({line})" in texts and texts.index(f"({line})") < next(
        i for i, t in enumerate(texts) if t.startswith("Thực hiện "))
    titles = sheet_titles(year_files.xlsx)
    assert titles and all(title.endswith(f"({line})") for title in titles.values()), titles
    # the unit that narrowed its cut-off is named with its own, in every output
    unit = NAMES[UNITS[0]]
    own = f"{unit} (s{cutoff(f'{year}-06-15', f'{year}-{NARROWED}')[1:]})"
    assert own in pdf and own in docx_text(year_files.docx)
    # the half-year round and an ad hoc round state theirs
    db = tmp_path / "atmt.sqlite3"
    shutil.copyfile(round_scenario.store, db)
    with Store.open(db) as store:
        half = write_round(store, f"{year}-H1", tmp_path / "h1")
        request = round_scenario.request
        assert request is not None
        adhoc = write_round(store, request.id, tmp_path / "adhoc", round_=adhoc_round(request))
    half_line = cutoff(f"{year - 1}-12-15", f"{year}-06-14")
    assert f"({half_line})" in flat(text_of(half.pdf, 1, 1))
    assert all(title.endswith(f"({half_line})") for title in sheet_titles(half.xlsx).values())
    end = request.date - dt.timedelta(days=1)
    start = dt.date(end.year, 12, 15) if end >= dt.date(end.year, 12, 15) else dt.date(end.year - 1, 12, 15)
    adhoc_line = cutoff(start.isoformat(), end.isoformat())
    assert f"({adhoc_line})" in flat(text_of(adhoc.pdf, 1, 1))
    assert f"({adhoc_line})" in [p.text for p in Document(str(adhoc.docx)).paragraphs]


def test_cuc_atmt_is_not_a_reporter_of_its_own_round(
        year_files: RoundFiles, pdf: str, round_scenario: RoundScenario, tmp_path: Path) -> None:  # noqa: F811
    assert "ct20.ministry-unit" in ATMT["forms"]  # the registry lists it among the units filling the form
    units = [org for org in REGISTRY["organizations"]
             if "ct20.ministry-unit" in org.get("forms", []) and org["id"] != ATMT["id"]]
    status = list(load_workbook(year_files.xlsx)["Gửi báo cáo"].iter_rows(min_row=3, values_only=True))
    assert ATMT["name"] not in {row[1] for row in status}
    part = pdf[pdf.index(PARTS[0]):pdf.index(PARTS[1])]
    assert f"đã nhận báo cáo của {len(UNITS)}/{len(units)} đơn vị thuộc Bộ" in part
    # nor in the task × unit matrix, nor among the addressees of the units' reminder letter
    tasks = list(load_workbook(year_files.xlsx)["Nhiệm vụ"].iter_rows(min_row=3, values_only=True))
    assert ATMT["name"] not in {row[1] for row in tasks}
    letter = flat(text_of(Path(year_files.reminders[2].pdf)))
    assert ATMT["name"] not in letter.split("Kính gửi", 1)[1].split("Thực hiện", 1)[0]
    assert ATMT["id"] not in year_files.reminders[2].without_email + list(year_files.reminders[2].emails)
    # its own tasks wait for its own assessment (section VII), not for a report to itself
    own = pdf[pdf.index(PARTS[6]):]
    for task in ATMT["tasks"]:
        assert flat(task["task"]) in own
    # the board of the form says the same
    db = tmp_path / "atmt.sqlite3"
    shutil.copyfile(round_scenario.store, db)
    board = ct20(db, "inbox", "status", "--period", f"{round_scenario.year}-H2", "--form", "ct20.ministry-unit",
                 "--json")
    assert board.code == 0 and ATMT["id"] not in {row["org"] for row in board.json}
    assert len(board.json) == len(units)
    # and no request is addressed to it
    with Store.open(db) as store, pytest.raises(RequestError) as refused:
        create_request(store, number="9/BCT-ATMT", date=f"{round_scenario.year}-03-02", requester="Bộ Công Thương",
                       content="Báo cáo đột xuất", addressees=["cuc-hoa-chat", ATMT["id"]],
                       deadline=f"{round_scenario.year}-03-20")
    assert ATMT["name"] in refused.value.message.render("vi")


def test_difficulties_and_proposals_grouped_by_theme_then_reporter_kind(
        year_files: RoundFiles, pdf: str, round_scenario: RoundScenario) -> None:  # noqa: F811
    part = pdf[pdf.index(PARTS[5]):pdf.index(PARTS[6])]
    form = get_form("ct20.province")
    themes = [form.field("difficulties").label["vi"], form.field("proposals").label["vi"]]
    # the forms give no theme: grouped by the field they were written under, and the report says so
    assert "theo nội dung của mẫu báo cáo mà đơn vị ghi" in part
    heads = [part.index(f"{n}. {theme}") for n, theme in enumerate(themes, start=1)]
    assert heads == sorted(heads)
    groups = [accepted_provinces(round_scenario.base), list(CORPORATIONS), list(UNITS)]
    values = {**round_scenario.base.values, **round_scenario.units}
    book = load_workbook(year_files.xlsx)
    words = docx_text(year_files.docx)
    for theme_index, (key, sheet) in enumerate((("difficulties", "Khó khăn"), ("proposals", "Kiến nghị"))):
        section = part[heads[theme_index]:heads[theme_index + 1] if theme_index == 0 else len(part)]
        kinds = [section.index(f"{theme_index + 1}.{n}. {who}") for n, who in enumerate(
            ("Các Sở Công Thương", "Các Tổng công ty, doanh nghiệp", "Các đơn vị thuộc Bộ"), start=1)]
        assert kinds == sorted(kinds)
        for index, orgs in enumerate(groups, start=1):
            given = [org for org in orgs if str(values[org].get(key) or "").strip()]
            rows = list(book[f"{sheet} {index}"].iter_rows(min_row=3, values_only=True))
            assert [(r[1], r[2]) for r in rows] == [(NAMES[org], values[org][key].strip()) for org in given]
            for org in given:  # a long cell wraps beside the name's lines in the PDF: its code, whole
                assert f"({values[org][key].rsplit('(', 1)[1]}" in section and flat(values[org][key]) in words
    # the other theme's texts are not in this one
    first, second = part[heads[0]:heads[1]], part[heads[1]:]
    assert "Kiến nghị của" not in first and "Đề nghị hỗ trợ tập huấn" not in first
    assert "Khó khăn của" not in second and "Thiếu kinh phí quan trắc" not in second
