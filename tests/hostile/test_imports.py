"""The hostile imports corpus through the strict reader and through `ct20 report fill` in a real
process: each file gives a correct import or a clear message, and a refused file changes nothing."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from desktop.i18n import LocalizedError
from desktop.reporting.reports import create_report
from desktop.reporting.tabular import TabularError, read_rows_file
from desktop.store import Store
from tests.hostile.imports_corpus import CASES, XLSX, maker

ROOT = Path(__file__).resolve().parents[2]
TABLE_ROWS = 2000


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return maker().build(tmp_path_factory.mktemp("imports"))


def assert_clear(error: LocalizedError) -> None:
    for lang in ("vi", "en"):
        text = error.render(lang)
        assert text.strip() and "Traceback" not in text and "{" not in text, text


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_file_reads_correctly_or_is_refused_clearly(corpus: dict[str, Path], name: str) -> None:
    kind, expected = CASES[name][1]
    try:
        sheets = read_rows_file(corpus[name], max_rows=TABLE_ROWS + 1)
    except TabularError as error:
        assert kind == "refused", error.render("en")
        assert_clear(error)
        assert expected in error.render("en")
        assert name in error.render("en")  # the message names the file
        return
    assert kind == "rows", f"{name} was read, but should be refused ({expected})"
    rows = next(iter(sheets.values()))
    assert len(rows) - 1 == expected


def test_correct_files_keep_every_text_exactly(corpus: dict[str, Path]) -> None:
    tools = maker()
    table = read_rows_file(corpus["ok-inline.xlsx"])
    assert next(iter(table)) == tools.TABLE  # the active sheet comes first
    assert table[tools.TABLE] == [tools.HEADINGS, *tools.ROWS]  # "=HYPERLINK(…)" and "+Xã…" stay text
    assert read_rows_file(corpus["ok-wide-dimension.xlsx"])[tools.TABLE] == [tools.HEADINGS, *tools.ROWS]
    assert read_rows_file(corpus["ok-shared-strings.xlsx"])[tools.TABLE] == [
        [tools.HEADINGS[0], None, tools.HEADINGS[2]], ["CCN Gián Khẩu", None, 52.5], ["=SUM(A1:A3)", None, 1]]
    expected = [line.split(";") for line in tools.CSV_TEXT.splitlines()]
    for name in ("ok-utf8.csv", "ok-utf8-bom.csv", "ok-utf16-unicode-text.txt", "ok-windows-1258.csv"):
        rows = [[unicodedata.normalize("NFC", cell) for cell in row]
                for row in read_rows_file(corpus[name])[""]]
        assert rows == expected, name


def test_rows_beyond_the_limit_are_counted_not_cut(tmp_path: Path) -> None:
    path = tmp_path / "rows.csv"
    path.write_text("Tên\n" + "".join(f"CCN {i}\n" for i in range(2500)), encoding="utf-8")
    with pytest.raises(TabularError) as caught:
        read_rows_file(path, max_rows=TABLE_ROWS + 1)
    assert "has 2,501 rows; at most 2,001" in caught.value.render("en")
    assert len(read_rows_file(path, max_rows=3000)[""]) == 2501


# -- through `ct20 report fill` in a process of its own

@pytest.fixture(scope="session")
def store_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    path = tmp_path_factory.mktemp("fill") / "template.sqlite3"
    with Store.open(path) as store:
        report_id = create_report(store, form_id="ct20.province", org_id="so-ct-ha-noi", period="2025",
                                  source="test")
    return path, report_id


def snapshot(db: Path) -> dict:
    with sqlite3.connect(db) as conn:
        tables = [r[0] for r in conn.execute("select name from sqlite_master where type='table'")]
        return {table: conn.execute(f"select * from {table}").fetchall() for table in tables}


def fill(db: Path, report_id: str, path: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("CT20_DB", None)
    return subprocess.run([sys.executable, "-m", "desktop", "--lang", "en", "report", "fill", report_id,
                           "--from", str(path), "--db", str(db)],
                          capture_output=True, text=True, encoding="utf-8", env=env, timeout=120, cwd=ROOT)


@pytest.mark.parametrize("name", XLSX)
def test_report_fill_imports_or_refuses_and_changes_nothing(corpus: dict[str, Path], store_template, tmp_path: Path,
                                                            name: str) -> None:
    template, report_id = store_template
    db = tmp_path / "store.sqlite3"
    db.write_bytes(template.read_bytes())
    before = snapshot(db)
    kind, expected = CASES[name][1]
    done = fill(db, report_id, corpus[name])
    assert "Unexpected error" not in done.stderr and "Traceback" not in done.stderr, done.stderr
    if kind == "refused":
        assert done.returncode == 2, (done.returncode, done.stdout, done.stderr)
        assert expected in done.stderr, done.stderr
        assert snapshot(db) == before
        return
    assert done.returncode == 0, done.stderr
    with Store.open(db, readonly=True) as store:
        values = store.get_values(report_id)
    assert values["clusters"]["established"] == 12
    rows = values["clusters"]["wastewater"]
    assert len(rows) == expected
    assert rows[0]["name"] == "CCN Gián Khẩu"
    if "shared-strings" not in name:
        assert rows[2] == {"name": '=HYPERLINK("http://x","bấm")', "commune": "+Xã Gia Sinh", "area_ha": 40.25}
