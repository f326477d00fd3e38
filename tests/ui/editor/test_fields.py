"""Typing into the generated fields, as a user, and finding the values in the store."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QPlainTextEdit

from desktop.i18n import set_language

from .helpers import stored, stored_meta, type_text


def test_each_field_type_is_stored_as_typed(qtbot, store_path, new_report, open_editor):
    report_id = new_report()
    editor = open_editor(report_id)

    number = editor.editors["document.number"].input
    qtbot.mouseClick(number, Qt.MouseButton.LeftButton)
    type_text(qtbot, number, "  215/BC-SCT ")
    established = editor.editors["clusters.established"].input
    type_text(qtbot, established, "1.234")
    date = editor.editors["document.date"].input
    type_text(qtbot, date, "05/11/2025")
    activities = editor.editors["program.activities"].input
    assert isinstance(activities, QPlainTextEdit)
    type_text(qtbot, activities, "Đã ban hành Kế hoạch số 12/KH-UBND.")
    status = editor.editors["program.plan_status"].input
    assert isinstance(status, QComboBox)
    status.setFocus()
    qtbot.keyClick(status, Qt.Key.Key_Down)  # the first option after "(not chosen)"
    editor.flush()

    values = stored(store_path, report_id)
    assert values["document"]["number"] == "215/BC-SCT"  # trimmed
    assert values["document"]["date"] == "2025-11-05"
    assert values["clusters"]["established"] == 1234
    assert values["program"]["activities"] == "Đã ban hành Kế hoạch số 12/KH-UBND."
    assert values["program"]["plan_status"] == "issued"
    assert status.currentText() == "Đã ban hành"  # the label shows, the key is stored


def test_decimal_typed_the_vietnamese_way_and_shown_grouped(qtbot, store_path, new_report, open_editor):
    report_id = new_report("ct20.enterprise")
    editor = open_editor(report_id)
    line = editor.editors["cleaner_production.investment_million_vnd"].input
    assert isinstance(line, QLineEdit)
    line.setFocus()
    qtbot.keyClicks(line, "1.234,5")
    qtbot.keyClick(line, Qt.Key.Key_Tab)  # leaving the field saves it
    assert stored(store_path, report_id)["cleaner_production"]["investment_million_vnd"] == 1234.5

    energy = editor.editors["cleaner_production.energy_saved_toe"].input
    energy.setFocus()
    qtbot.keyClicks(energy, "2500.75")  # plain numbers are understood too
    qtbot.keyClick(energy, Qt.Key.Key_Return)
    assert energy.text() == "2.500,75"
    editor.flush()
    assert stored(store_path, report_id)["cleaner_production"]["energy_saved_toe"] == 2500.75


def test_autosave_within_a_second_without_leaving_the_field(qtbot, store_path, new_report, open_editor):
    report_id = new_report()
    editor = open_editor(report_id)
    line = editor.editors["document.signer_name"].input
    line.setFocus()
    type_text(qtbot, line, "Nguyễn Văn An")
    qtbot.waitUntil(lambda: stored(store_path, report_id)["document"].get("signer_name")
                    == "Nguyễn Văn An", timeout=1000)
    assert not editor.session.dirty


def test_text_that_cannot_be_read_is_kept_and_marked(qtbot, store_path, new_report, open_editor):
    report_id = new_report(values={"clusters": {"established": 5}})
    editor = open_editor(report_id)
    field = editor.editors["clusters.established"]
    field.input.setFocus()
    field.input.selectAll()
    qtbot.keyClicks(field.input, "12 cum")
    editor.flush()

    assert "established" not in stored(store_path, report_id).get("clusters", {})  # nothing wrong stored
    assert stored_meta(store_path, report_id)["pending_cells"] == {"clusters.established": "12 cum"}
    assert "border" in field.input.styleSheet()
    assert "không phải là số" in field.input.toolTip()  # the reason, from the form engine
    editor.run_checks()
    messages = [i.message.render("vi") for _s, items in editor.checks.checks.groups for i in items
                if i.path == "clusters.established"]
    assert messages and "không phải là số" in messages[0] and "Số cụm công nghiệp" in messages[0]

    field.input.selectAll()
    qtbot.keyClicks(field.input, "12")
    editor.flush()
    assert stored(store_path, report_id)["clusters"]["established"] == 12
    assert "pending_cells" not in stored_meta(store_path, report_id)
    assert field.input.styleSheet() == ""


def test_typed_text_survives_reopening(qtbot, store, new_report, open_editor):
    report_id = new_report()
    editor = open_editor(report_id)
    field = editor.editors["clusters.operating"].input
    field.setFocus()
    qtbot.keyClicks(field, "3,5")
    editor.flush()
    editor.close()
    again = open_editor(report_id)
    assert again.editors["clusters.operating"].input.text() == "3,5"
    assert again.session.pending == {"clusters.operating": "3,5"}


def test_labels_markers_help_units_and_accessible_names(new_report, open_editor):
    editor = open_editor(new_report("ct20.enterprise"))
    number = editor.editors["document.number"]
    assert "Số văn bản" in number.label.text() and "*" in number.label.text()
    assert number.help.text() == "Ví dụ: 15/BC-VINAPACO"  # the example is the organisation's own (issue 14.6)
    assert number.input.accessibleName().startswith("Số văn bản")
    investment = editor.editors["cleaner_production.investment_million_vnd"]
    assert "*" not in investment.label.text()
    assert investment.input.accessibleName()
    nav = [editor.navigator.item(i).text() for i in range(editor.navigator.count())]
    assert nav[0].startswith("Thông tin văn bản")
    assert any(text.startswith("I. ") for text in nav)
    for field_editor in editor.editors.values():
        assert field_editor.focus_widget().accessibleName(), field_editor.field.key


def test_language_switch_relabels_and_reformats(qtbot, new_report, open_editor):
    report_id = new_report("ct20.enterprise", values={
        "cleaner_production": {"investment_million_vnd": 1234.5}})
    editor = open_editor(report_id)
    line = editor.editors["cleaner_production.investment_million_vnd"].input
    assert line.text() == "1.234,5"
    titles = []
    editor.titleChanged.connect(titles.append)
    set_language("en")
    editor.retranslate()
    assert line.text() == "1,234.5"
    assert editor.editors["document.number"].label.text().startswith("Document number")
    assert editor.navigator.item(0).text().startswith("Document details")
    assert editor.tools["undo"].text() == "Undo"
    assert titles


def test_derived_values_update_live(qtbot, new_report, open_editor):
    report_id = new_report()
    editor = open_editor(report_id)
    page = editor.pages.widget(editor.page_of["clusters.wastewater"])
    assert page.derived is not None
    table = editor.editors["clusters.wastewater"].editor
    table.view.setCurrentIndex(table.model.index(0, 0))
    table.paste_text("Cụm A\tXã A\t\t\t\t\tĐang vận hành\t100\nCụm B\tXã B\t\t\t\t\tChưa có\n")
    qtbot.waitUntil(lambda: page.derived.values[0].text() == "2", timeout=2000)
    texts = [label.text() for label in page.derived.values]
    assert "100 m³/ngày đêm" in texts
    assert "50 %" in texts


def test_fixed_prefilled_columns_are_read_only(qtbot, new_report, open_editor):
    editor = open_editor(new_report("ct20.ministry-unit"))
    table = editor.editors["tasks"].editor
    model = table.model
    assert model.rowCount() == 8
    task = model.index(0, model.column_index("task"))
    status = model.index(0, model.column_index("status"))
    assert not model.flags(task) & Qt.ItemFlag.ItemIsEditable
    assert model.flags(status) & Qt.ItemFlag.ItemIsEditable
    assert not table.buttons["add"].isEnabled()  # the assigned tasks are the rows
    before = model.data(task)
    table.view.setCurrentIndex(task)
    table.paste_text("changed\t2026\tĐang triển khai\n")  # task, timeframe (fixed), status
    assert model.data(task) == before
    assert model.data(status) == "Đang triển khai"


def test_submitted_report_opens_read_only(qtbot, store, store_path, new_report, open_editor):
    report_id = new_report(values={"document": {"number": "1/BC"}})
    store.set_status(report_id, "submitted")
    editor = open_editor(report_id)
    assert editor.banner.isVisible() and editor.banner.text()
    line = editor.editors["document.number"].input
    assert line.isReadOnly()
    line.setFocus()
    qtbot.keyClicks(line, "xyz")
    table = editor.editors["clusters.wastewater"].editor
    assert not table.buttons["paste"].isEnabled()
    assert table.paste_text("Cụm A\n") == 0
    editor.flush()
    assert stored(store_path, report_id)["document"]["number"] == "1/BC"
    assert QApplication.focusWidget() is line


def test_a_date_can_be_emptied_again(qtbot, store_path, new_report, open_editor):
    report_id = new_report(values={"document": {"date": "2025-11-05"}})
    editor = open_editor(report_id)
    date = editor.editors["document.date"].input
    assert date.text() == "05/11/2025"
    date.setFocus()
    date.selectAll()
    qtbot.keyClick(date, Qt.Key.Key_Delete)
    editor.flush()
    assert "date" not in stored(store_path, report_id)["document"]  # empty = absent, not ""
    qtbot.keyClicks(date, "2025-12-01")  # ISO is understood too, and shown the Vietnamese way
    qtbot.keyClick(date, Qt.Key.Key_Return)
    assert date.text() == "01/12/2025"
    editor.flush()
    assert stored(store_path, report_id)["document"]["date"] == "2025-12-01"


def test_edits_refused_after_a_submit_elsewhere_are_kept_aside(qtbot, store, store_path, new_report,
                                                                open_editor):
    report_id = new_report()
    editor = open_editor(report_id)
    store.set_status(report_id, "submitted")  # e.g. `ct20 export` from the command line
    line = editor.editors["document.number"].input
    line.setFocus()
    qtbot.keyClicks(line, "9/BC")
    editor.flush()
    assert editor.session.read_only and editor.banner.isVisible()
    assert line.isReadOnly()
    kept = stored_meta(store_path, report_id)["unsaved_edits"]
    assert kept["values"]["document"]["number"] == "9/BC"


def test_a_date_is_picked_from_a_calendar_made_when_first_opened(qtbot, store_path, new_report, open_editor):
    """The first section holds three dates: their calendars (a QCalendarWidget each, with its own
    table, spin box and menus) are made when the user first opens one, not with the report (issue 16)."""
    from PySide6.QtCore import QDate, QTimer
    from PySide6.QtWidgets import QCalendarWidget

    report_id = new_report()
    editor = open_editor(report_id)
    assert editor.findChildren(QCalendarWidget) == []
    field = editor.editors["document.date"]
    assert field.calendar is None
    seen = {}

    def pick() -> None:
        calendar = field.calendar
        seen["shown"] = calendar is not None and calendar.isVisible()
        calendar.clicked.emit(QDate(2025, 11, 5))  # as a click on the 5th does

    QTimer.singleShot(100, pick)
    qtbot.mouseClick(field.calendar_button, Qt.MouseButton.LeftButton)  # the menu opens (and waits)
    qtbot.waitUntil(lambda: "shown" in seen)
    assert seen["shown"]
    assert field.line.text() == "05/11/2025"
    editor.flush()
    assert stored(store_path, report_id)["document"]["date"] == "2025-11-05"
    assert len(editor.findChildren(QCalendarWidget)) == 1  # made once, for the date opened


def test_a_field_label_is_escaped_as_html_escape_does():
    """The label is rich text (the red * of a required field): its own text is escaped exactly as
    `html.escape` would, so "<", "&" and quotes show as typed in the form definition."""
    import html

    from desktop.ui.editor.fields import escape_html

    for text in ("Số <b>công</b> văn & \"ngày\" 'ký'", "a&amp;b", "<>", "", "Cụm công nghiệp"):
        assert escape_html(text) == html.escape(text)
