"""The hostile imports corpus through the table import as a user meets it: the file is read in a
worker thread; a correct file opens the column-mapping preview, a hostile one a message (the
reader's own, in the user's language) and the report stays as it was."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialogButtonBox, QPushButton

from desktop.reporting.tabular import TabularError, read_rows_file
from tests.hostile.imports_corpus import CASES, maker
from tests.ui.editor.helpers import stored
from tests.ui.editor.test_table import cluster_table


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    return maker().build(tmp_path_factory.mktemp("imports"))


def wait_for_import(qtbot, table) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: table.import_dialog is not None or table.import_error is not None, timeout=60_000)
    assert table.import_worker.wait(10_000)


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_table_import_of_each_file(qtbot, corpus, store_path, new_report, open_editor, name) -> None:
    report_id = new_report(values={"clusters": {"wastewater": [{"name": "Cụm có sẵn"}]}})
    before = stored(store_path, report_id)
    editor = open_editor(report_id)
    table = cluster_table(editor)
    table.import_file(corpus[name])
    wait_for_import(qtbot, table)
    kind, expected = CASES[name][1]
    if kind == "refused":
        with pytest.raises(TabularError) as caught:
            read_rows_file(corpus[name], max_rows=table.table.max_rows + 1)
        assert table.import_dialog is None
        assert table.import_error is not None and table.import_error.isVisible()
        assert table.import_error.text() == caught.value.render("vi")
        table.import_error.close()
        editor.flush()
        assert stored(store_path, report_id) == before
        return
    dialog = table.import_dialog
    assert dialog is not None and table.import_error is None
    assert dialog.header_check.isChecked() and dialog.mapping()[0] == "name"
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    editor.flush()
    rows = stored(store_path, report_id)["clusters"]["wastewater"]
    assert len(rows) == 1 + expected and rows[0] == {"name": "Cụm có sẵn"}


def test_cancel_stops_the_read_and_changes_nothing(qtbot, corpus, store_path, new_report, open_editor) -> None:
    report_id = new_report()
    editor = open_editor(report_id)
    table = cluster_table(editor)
    with qtbot.waitSignal(table.message, timeout=60_000) as said:
        table.import_file(corpus["million-lines.csv"])
        table.import_progress.findChild(QPushButton).click()  # the progress dialog's Cancel button
    assert said.args == ["Đã huỷ nhập; không có gì thay đổi."] or said.args == [
        "The import was cancelled; nothing was changed."]
    assert table.import_dialog is None and table.import_error is None and table.import_progress is None
    assert "wastewater" not in stored(store_path, report_id).get("clusters", {})


def test_more_rows_than_the_table_takes_are_refused_with_the_count(qtbot, tmp_path, store_path, new_report,
                                                                   open_editor) -> None:
    report_id = new_report(values={"clusters": {"wastewater": [{"name": f"Cụm {i}"} for i in range(1500)]}})
    editor = open_editor(report_id)
    table = cluster_table(editor)
    path = tmp_path / "ccn.csv"
    path.write_text("Tên cụm công nghiệp\n" + "".join(f"CCN {i}\n" for i in range(600)), encoding="utf-8")
    table.import_file(path)
    wait_for_import(qtbot, table)
    dialog = table.import_dialog
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()
    assert "600" in dialog.summary.text() and "500" in dialog.summary.text()
    dialog.replace_radio.setChecked(True)  # 600 rows instead of the 1,500: they fit
    assert ok.isEnabled()
    ok.click()
    editor.flush()
    assert len(stored(store_path, report_id)["clusters"]["wastewater"]) == 600


def test_closing_the_editor_during_a_read_is_safe(qtbot, corpus, new_report, open_editor) -> None:
    report_id = new_report()
    editor = open_editor(report_id)
    table = cluster_table(editor)
    table.import_file(corpus["million-rows.xlsx"])
    worker = table.import_worker
    editor.close()
    editor.deleteLater()
    qtbot.waitUntil(lambda: not worker.running(), timeout=60_000)  # ends on its own; nothing crashes
