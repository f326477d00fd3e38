"""`report show --xlsx` then `report fill --from` keeps every value exactly — texts that start with
"=", "+", "-" or "@" included — also after LibreOffice has opened and saved the workbook."""

from __future__ import annotations

import subprocess
import zipfile
from pathlib import Path

from tests.cli.conftest import write_json
from tests.cli.test_cli import new_report
from tests.export.reports import load_full

LOOKS_LIKE_FORMULAS = {
    "name": '=HYPERLINK("http://example.invalid/?q=1","Bấm vào đây")',
    "commune": "+84 Xã Gia Viễn",
    "note": "@SUM(A1:A9)",
}


def hostile_values() -> dict:
    values = load_full("ct20.province")
    values["clusters"]["wastewater"][0].update(LOOKS_LIKE_FORMULAS)
    values["clusters"]["wastewater"][1]["name"] = "=cmd|' /C calc'!A0"
    values["clusters"]["wastewater"][2]["note"] = "-2 cụm chưa báo cáo"
    values["clusters"]["summary"] = "=1+1\n-dòng thứ hai\n@dòng thứ ba\n0123 TRUE #VALUE!"
    return values


def round_trip(ct20, tmp_path: Path, workbook: Path) -> tuple[dict, dict]:
    source = new_report(ct20)
    assert ct20("report", "fill", source, "--from", str(write_json(tmp_path / "v.json", hostile_values()))).code == 0
    assert ct20("report", "show", source, "--xlsx", str(workbook)).code == 0
    return ct20("report", "show", source).json, {"source": source}


def formula_cells(path: Path) -> list[str]:
    """Formula cells, but LibreOffice's own yes/no cells (=TRUE(), =FALSE(), with a saved result)."""
    from openpyxl import load_workbook

    book = load_workbook(path)
    return [f"{sheet.title}!{cell.coordinate}={cell.value}" for sheet in book.worksheets for row in sheet.iter_rows()
            for cell in row if cell.data_type == "f" and cell.value not in ("=TRUE()", "=FALSE()")]


def test_texts_that_look_like_formulas_come_back_as_text(ct20, tmp_path):
    workbook = tmp_path / "values.xlsx"
    expected, _ = round_trip(ct20, tmp_path, workbook)
    assert expected["clusters"]["wastewater"][0]["name"] == LOOKS_LIKE_FORMULAS["name"]
    assert formula_cells(workbook) == []
    target = new_report(ct20, org="so-ct-hue")
    filled = ct20("report", "fill", target, "--from", str(workbook), "--json")
    assert filled.code == 0, filled.err
    assert ct20("report", "show", target).json == expected


def test_the_round_trip_survives_a_libreoffice_save(ct20, tmp_path):
    workbook = tmp_path / "values.xlsx"
    expected, _ = round_trip(ct20, tmp_path, workbook)
    out = tmp_path / "saved"
    profile = tmp_path / "lo-profile"
    # LibreOffice (libreoffice-calc-nogui, installed by .ci/run), with a profile of its own
    proc = subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to",
                           "xlsx", "--outdir", str(out), str(workbook)], capture_output=True, text=True, timeout=180)
    saved = out / "values.xlsx"
    assert saved.exists(), proc.stderr
    with zipfile.ZipFile(saved) as archive:  # really LibreOffice's file, not ours copied
        assert archive.read("docProps/app.xml") != zipfile.ZipFile(workbook).read("docProps/app.xml")
    assert formula_cells(saved) == []
    target = new_report(ct20, org="so-ct-hue")
    filled = ct20("report", "fill", target, "--from", str(saved), "--json")
    assert filled.code == 0, filled.err
    assert ct20("report", "show", target).json == expected
