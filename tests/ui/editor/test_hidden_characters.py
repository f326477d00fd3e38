"""Normalize's character rule where the user types and pastes: invisible marks vanish, control and
direction characters are kept as typed in red with a message naming the column, never stored."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.ui.editor.helpers import stored, stored_meta
from tests.ui.editor.test_table import TABLE, cluster_table, column


def test_pasted_hidden_characters(qtbot, store_path, new_report, open_editor) -> None:
    report_id = new_report()
    editor = open_editor(report_id)
    table = cluster_table(editor)
    table.paste_text("CCN Gián\u202eKhẩu\tXã\u200d Gia\u2060 Trấn\ufeff\nCCN\x01 Đồng Hướng\tXã Kim\u200b Đông\n")
    editor.flush()
    rows = stored(store_path, report_id)["clusters"]["wastewater"]
    assert rows == [{"commune": "Xã Gia Trấn"}, {"commune": "Xã Kim Đông"}]  # the marks are gone
    assert stored_meta(store_path, report_id)["pending_cells"] == {
        f"{TABLE}[0].name": "CCN Gián\u202eKhẩu", f"{TABLE}[1].name": "CCN\x01 Đồng Hướng"}
    first = table.model.index(0, column(table, "name"))
    tip = table.model.data(first, Qt.ItemDataRole.ToolTipRole)
    assert "Tên cụm công nghiệp" in tip and "U+202E" in tip
    second = table.model.data(table.model.index(1, column(table, "name")), Qt.ItemDataRole.ToolTipRole)
    assert "U+0001" in second
