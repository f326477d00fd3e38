"""Cục ATMT's round report (`ct20 inbox consolidate --round R`), read back from the real PDF (pdftotext),
DOCX and XLSX (their XML): the round's data cut-off stated in all three; Cục ATMT never among the
reporters of its own round; the difficulties and proposals grouped by theme (the field of the form
they were written under, the forms naming no theme), then by reporter kind."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from docx import Document
from openpyxl import load_workbook

from desktop.inbox.round_outputs import RoundFiles, write_round
from desktop.inbox.rounds import adhoc_round
from desktop.store import Store
from tests.inbox.round_scenario import NARROWED, UNITS, RoundScenario
from tests.inbox.test_round import (  # noqa: F401
    REGISTRY,
    docx_text,
    flat,
    pdf,
    round_scenario,
    text_of,
    year_files,
)

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
