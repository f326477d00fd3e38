"""The hostile content corpus (tests/data/hostile/content/) through export, Inbox import, board,
consolidation and `report show --xlsx`: no text becomes a formula in any workbook, every output is
written, unverified packages appear by file name and reason only, and LibreOffice opens the
workbooks and the Word draft (its own re-save of each workbook holds no formula either).

Speed is measured by bench/bench_consolidate.py, not asserted here.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from desktop.cli import main
from desktop.inbox.decisions import decide, pin_package_signer
from desktop.inbox.importer import import_packages
from desktop.reporting.reports import create_report, fill_report
from desktop.store import Store

ROOT = Path(__file__).resolve().parents[2]
CONTENT = ROOT / "tests" / "data" / "hostile" / "content"
CORPUS_ROOT = ROOT / "tests" / "data" / "hostile" / "pki" / "root.cert.pem"
sys.path.insert(0, str(CONTENT))
sys.path.insert(0, str(CONTENT.parent))

from make_content import CLAIMED_NAME, FORMULAS, SELF_MADE_CN, TOKEN, exported, formula_values  # noqa: E402
from make_corpus import load_pki, signer_of  # noqa: E402

UNSIGNED = "=1+2-khong-ky.asice"
SELF_MADE = "BC-ct20.province-so-ct-hai-phong-2025-r1.asice"


def ct20(db: Path, *args: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([*args, "--db", str(db), "--lang", "en"])
    return code, out.getvalue() + err.getvalue()


def cells(data: bytes) -> list[Any]:
    book = load_workbook(io.BytesIO(data))
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


def formula_cells(data: bytes) -> list[str]:
    return [f"{cell.parent.title}!{cell.coordinate}: {cell.value!r}" for cell in cells(data) if cell.data_type == "f"]


TOTAL = re.compile(r"=(SUM\(([A-Z]+)3:\2\d+\)|ROUND\(100\*[A-Z]+\d+/[A-Z]+\d+,2\))")


def foreign_formulas(data: bytes) -> list[str]:
    """Formula cells other than the totals CT20 itself writes (a SUM over the rows, or a ratio of two
    totals, in the last row of a sheet of the consolidation): none may come from a reporter's text."""
    return [f"{cell.parent.title}!{cell.coordinate}: {cell.value!r}" for cell in cells(data) if cell.data_type == "f"
            and not (cell.row == cell.parent.max_row and TOTAL.fullmatch(str(cell.value)))]


def texts(data: bytes) -> list[str]:
    return [cell.value for cell in cells(data) if isinstance(cell.value, str)]


@pytest.fixture(scope="module")
def consolidator(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The corpus imported into a consolidator's store; the self-made signer's package accepted."""
    path = tmp_path_factory.mktemp("content") / "atmt.sqlite3"
    with Store.open(path) as store:
        result = import_packages(store, [CONTENT], trust_paths=[CORPUS_ROOT])
        by_file = {Path(item.file).name: item for item in result.items}
        assert set(by_file) == {p.name for p in CONTENT.glob("*.asice")}
        assert by_file[UNSIGNED].status == "invalid" and by_file[SELF_MADE].status == "untrusted"
        assert by_file["BC-ct20.province-so-ct-ninh-binh-2025-r1.asice"].status == "valid"
        held = store.get_inbox_package(by_file[SELF_MADE].inbox_id)
        # the consolidator accepts this signer for the organisation (step 7), then the package
        pin_package_signer(store, held.id, held.org_id, "Công văn cử người ký (thử nghiệm)")
        decide(store, held.id, "accepted")
    yield path


def test_the_board_workbook_is_inert_and_shows_an_unsigned_claim_by_file_name(consolidator: Path,
                                                                              tmp_path: Path) -> None:
    target = tmp_path / "bang.xlsx"
    code, out = ct20(consolidator, "inbox", "status", "--form", "ct20.province", "--period", "2025",
                     "--xlsx", str(target))
    assert code == 0, out
    data = target.read_bytes()
    assert formula_cells(data) == []
    written = texts(data)
    assert UNSIGNED in written  # the unverified package goes by its file name …
    assert not any(CLAIMED_NAME in text or text == "=1+2" for text in written)  # … never by what it claims
    assert SELF_MADE_CN in written  # a verified signature's name is shown, as inert text
    rows = {row[1]: row for row in load_workbook(io.BytesIO(data)).active.iter_rows(min_row=4, values_only=True)}
    assert rows[UNSIGNED][6] is None  # no claimed signer (and no organisation id: the board names none)
    assert "signature" in rows[UNSIGNED][8]  # the reason


def test_the_consolidation_is_written_whole_and_inert(consolidator: Path, tmp_path: Path) -> None:
    out_dir = tmp_path / "tong-hop"
    code, out = ct20(consolidator, "inbox", "consolidate", "--form", "ct20.province", "--period", "2025",
                     "--out", str(out_dir), "--json")
    assert code == 0, out
    files = json.loads(out)
    assert sorted(p.name for p in out_dir.iterdir()) == sorted(Path(files[k]).name for k in ("pdf", "xlsx", "docx"))
    workbook = Path(files["xlsx"]).read_bytes()
    assert foreign_formulas(workbook) == [] and formula_cells(workbook)  # only CT20's own totals
    written = texts(workbook)
    assert any(text.startswith(FORMULAS[0]) for text in written)  # the difficulty, as text
    assert SELF_MADE_CN in written and UNSIGNED in written
    assert not any(CLAIMED_NAME in text for text in written)
    assert any(TOKEN in text for text in written)
    assert not any(ch in text for text in written for ch in "\x01\x0b\u202e\u200d\u2060\ufeff")
    document = Document(files["docx"])
    docx_text = "\n".join(cell.text for table in document.tables for row in table.rows for cell in row.cells)
    assert FORMULAS[1] in docx_text and TOKEN in docx_text and "\u202e" not in docx_text
    pdf = PdfReader(files["pdf"])
    assert len(pdf.pages) > 3 and "Khó khăn" in "".join(page.extract_text() for page in pdf.pages)


def test_report_show_xlsx_writes_formula_texts_as_text(tmp_path: Path) -> None:
    db = tmp_path / "reporter.sqlite3"
    values = formula_values()
    with Store.open(db) as store:
        report_id = create_report(store, form_id="ct20.province", org_id="so-ct-ninh-binh", period="2025")
        fill_report(store, report_id, values)
    target = tmp_path / "gia-tri.xlsx"
    code, out = ct20(db, "report", "show", report_id, "--xlsx", str(target))
    assert code == 0, out
    data = target.read_bytes()
    assert formula_cells(data) == []
    written = texts(data)
    assert values["difficulties"] in written and values["clusters"]["wastewater"][0]["name"] in written
    assert values["document"]["number"] in written and values["document"]["number"].startswith(FORMULAS[0])


def test_the_export_of_hostile_values_is_a_valid_package(tmp_path: Path) -> None:
    path = exported(formula_values(), signer_of(load_pki(), "signer"), tmp_path)
    with Store.open(tmp_path / "atmt.sqlite3") as store:
        result = import_packages(store, [path], trust_paths=[CORPUS_ROOT])
    assert [item.status for item in result.items] == ["valid"]


def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    assert found, "LibreOffice (soffice) is needed: apt-get install libreoffice-calc-nogui libreoffice-writer-nogui"
    return found


def convert(files: list[Path], to: str, out_dir: Path, profile: Path) -> list[Path]:
    """LibreOffice opens each file and saves it as `to`, in one process with a profile of its own."""
    run = subprocess.run(
        [soffice(), f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore", "--convert-to", to,
         "--outdir", str(out_dir), *map(str, files)],
        capture_output=True, text=True, timeout=300,
    )
    assert run.returncode == 0, run.stderr
    made = [out_dir / f"{file.stem}.{to.split(':')[0]}" for file in files]
    assert all(path.exists() and path.stat().st_size > 0 for path in made), (run.stdout, run.stderr)
    return made


def test_libreoffice_opens_every_workbook_and_the_draft_and_sees_no_formula(consolidator: Path,
                                                                            tmp_path: Path) -> None:
    out_dir = tmp_path / "tong-hop"
    assert ct20(consolidator, "inbox", "consolidate", "--form", "ct20.province", "--period", "2025",
                "--out", str(out_dir))[0] == 0
    board = tmp_path / "bang.xlsx"
    assert ct20(consolidator, "inbox", "status", "--form", "ct20.province", "--period", "2025",
                "--xlsx", str(board))[0] == 0
    workbooks = [board, *out_dir.glob("*.xlsx")]
    resaved = convert(workbooks, "xlsx", tmp_path / "lo-xlsx", tmp_path / "lo-profile")
    for path in resaved:  # had LibreOffice read a text as a formula, its own file would hold it
        assert foreign_formulas(path.read_bytes()) == [], path.name
    assert any(FORMULAS[0] in t for p in resaved for t in texts(p.read_bytes()))  # still there, as text
    pdfs = convert([*out_dir.glob("*.docx"), *workbooks], "pdf", tmp_path / "lo-pdf", tmp_path / "lo-profile")
    assert all(len(PdfReader(path).pages) >= 1 for path in pdfs)
