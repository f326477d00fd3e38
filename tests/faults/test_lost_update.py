"""A report open in the editor and changed meanwhile by `ct20 report fill` (another process): the
editor's next save never reverts that change. Different fields: both kept, and the user is told.
The same field: the user is asked which value to keep."""

from __future__ import annotations

import json
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.i18n import current_language, set_language
from desktop.reporting.reports import create_report
from desktop.store import Store
from tests.ui.conftest import run_ct20
from tests.ui.helpers import click, on_next_modal


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    before = current_language()
    set_language("en")
    yield
    set_language(before)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "ct20.sqlite3"


@pytest.fixture
def editor(qtbot, db: Path):  # type: ignore[no-untyped-def]
    from desktop.ui.editor import ReportEditor

    store = Store.open(db)
    report_id = create_report(store, form_id="ct20.province", org_id="so-ct-ha-noi", period="2025",
                              source="test")
    opened = ReportEditor(store, report_id)
    qtbot.addWidget(opened)
    opened.resize(1400, 900)
    opened.show()
    qtbot.waitExposed(opened)
    opened.activateWindow()
    qtbot.waitUntil(opened.isActiveWindow)
    yield opened
    opened.session.save_now()
    store.close()


def cli_fill(db: Path, report_id: str, values: dict, tmp_path: Path) -> None:
    values_file = tmp_path / "values.json"
    values_file.write_text(json.dumps(values, ensure_ascii=False), encoding="utf-8")
    done = run_ct20("--db", str(db), "report", "fill", report_id, "--from", str(values_file))
    assert done.returncode == 0, done.stderr


def stored(db: Path, report_id: str) -> dict:
    with Store.open(db, readonly=True) as store:
        return store.get_values(report_id)


def type_into(qtbot, editor, path: str, text: str) -> None:  # type: ignore[no-untyped-def]
    line = editor.editors[path].input
    line.setFocus()
    line.selectAll()
    qtbot.keyClicks(line, text)


def test_a_cli_fill_of_another_field_is_kept_beside_the_edit(qtbot, editor, db: Path, tmp_path: Path) -> None:
    report_id = editor.session.report_id
    cli_fill(db, report_id, {"document": {"place": "Ninh Bình"}}, tmp_path)
    type_into(qtbot, editor, "document.number", "9/BC-SCT")
    editor.flush()

    values = stored(db, report_id)
    assert values["document"]["number"] == "9/BC-SCT"  # the edit
    assert values["document"]["place"] == "Ninh Bình"  # the CLI's change, not reverted
    assert editor.editors["document.place"].input.text() == "Ninh Bình"  # shown in the editor too
    assert editor.save_banner.isVisible()
    assert "changed elsewhere" in editor.save_banner.text() and "Both changes were kept" in editor.save_banner.text()
    assert not editor.session.dirty


@pytest.mark.parametrize("choice", ["keepMine", "takeTheirs"])
def test_a_cli_fill_of_the_same_field_asks_the_user(qtbot, editor, db: Path, tmp_path: Path, choice: str) -> None:
    report_id = editor.session.report_id
    cli_fill(db, report_id, {"document": {"number": "7/CLI", "place": "Hà Nội"}}, tmp_path)
    type_into(qtbot, editor, "document.number", "9/BC-SCT")
    asked: dict[str, str] = {}

    def answer(box) -> None:  # type: ignore[no-untyped-def]
        asked["text"] = box.text()
        click(qtbot, box.findChild(object, choice))

    on_next_modal(answer)
    editor.flush()

    assert "number" in asked["text"].lower() or "số" in asked["text"].lower(), asked
    wanted = "9/BC-SCT" if choice == "keepMine" else "7/CLI"
    values = stored(db, report_id)
    assert values["document"]["number"] == wanted
    assert values["document"]["place"] == "Hà Nội"  # the other field of the fill is kept either way
    assert editor.editors["document.number"].input.text() == wanted
    with Store.open(db, readonly=True) as store:  # the CLI's value stays in the history
        history = store.history(report_id)
        assert any(store.values_at(report_id, h.seq)["document"].get("number") == "7/CLI" for h in history)
    assert editor.save_banner.isVisible() and "changed elsewhere" in editor.save_banner.text()
