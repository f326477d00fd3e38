"""Opening a report builds only the section on screen; the checks run once it has been painted
(issue 16: start with a 2,000-row report open). What the user sees must not change: a section
built later shows exactly what it would have shown had it been built at open."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from desktop.i18n import _, current_language
from desktop.reporting.verdict import judge

TABLE = "clusters.wastewater"
STATUSES = ("operating", "under_construction", "planned", "none", "suspended")


def _rows(count: int) -> list[dict]:
    """Cluster rows, some of them wrong in ways the checks report per cell (occupancy above
    100 %, an operating plant without its actual flow, a negative area)."""
    rows = []
    for n in range(count):
        status = STATUSES[n % len(STATUSES)]
        row = {"name": f"Cụm công nghiệp số {n + 1}", "commune": f"Xã Phú Lộc {n % 7 + 1}",
               "area_ha": -5 if n % 11 == 3 else 20 + n % 80, "occupancy_pct": 140 if n % 9 == 2 else n % 100,
               "facilities": n % 60, "wastewater_m3d": 100 + n % 900, "wwtp_status": status,
               "auto_monitoring": "yes" if status == "operating" else "not_required",
               "effluent": "compliant" if status == "operating" else "not_assessed"}
        if status in ("operating", "under_construction", "suspended"):
            row["design_capacity_m3d"] = 1500
        if status == "operating" and n % 4:
            row["actual_flow_m3d"] = 1200
            row["data_transmitted"] = True
        rows.append(row)
    return rows


VALUES = {"clusters": {"established": 40, "operating": 35, "wastewater": _rows(40)},
          "document": {"number": "12/BC-SCT"}}


def _table_page(editor):
    return editor.section_pages[editor.page_of[TABLE]]


def _shown_state(editor) -> dict:
    """What the clusters section shows: each cell's problem, each field's messages, the derived
    values, whether problems are revealed, the table's rows."""
    page = _table_page(editor)
    table = editor.editors[TABLE]
    model = table.editor.model
    return {
        "cells": {key: (issue.severity, issue.code, issue.message.render(current_language()))
                  for key, issue in model.issues.items()},
        "rows": model.rowCount(),
        "fields": {e.field.key: (e.revealed, list(e._issues), e.problem.messages) for e in page.editors},
        "derived": [label.text() for label in page.derived.values] if page.derived else None,
        "enabled": {name: button.isEnabled() for name, button in table.editor.buttons.items()},
    }


def _show(qtbot, editor) -> None:
    qtbot.addWidget(editor)
    editor.resize(1400, 900)
    editor.show()
    qtbot.waitExposed(editor)


def test_only_the_first_section_is_built_at_open(qtbot, store, new_report):
    from desktop.ui.editor import ReportEditor

    report_id = new_report("ct20.province", VALUES)
    editor = ReportEditor(store, report_id)
    assert [page.built for page in editor.section_pages] == [True] + [False] * (len(editor.section_pages) - 1)
    assert TABLE not in editor.editors.built()
    assert set(editor.editors.built()) == {f.key for f in editor.form.sections[0].fields}
    assert len(editor.editors) == sum(len(s.fields) for s in editor.form.sections)  # every field is known
    assert TABLE in editor.editors
    _show(qtbot, editor)
    qtbot.waitUntil(editor.checks_ran)
    assert not _table_page(editor).built  # the checks do not build what is not shown
    editor.navigator.setCurrentRow(editor.page_of[TABLE])
    assert _table_page(editor).built and _table_page(editor).isVisible()
    assert editor.editors[TABLE].editor.model.rowCount() == 40


def test_the_checks_run_after_the_first_paint_and_find_what_they_always_found(qtbot, store, new_report):
    from desktop.ui.editor import ReportEditor

    report_id = new_report("ct20.province", VALUES)
    editor = ReportEditor(store, report_id)
    assert not editor.checks_ran() and editor.checks.model.rowCount() == 0  # nothing before the paint
    assert editor.checks.summary.text() == _("Checking the report…") != _("No problems found.")  # not yet checked
    _show(qtbot, editor)
    qtbot.waitUntil(editor.checks_ran)
    assert editor.checks.summary.text() != _("Checking the report…")
    session = editor.session
    expected = judge(editor.form, session.values, session.context, pending=session.pending,
                     acknowledged=session.acks, lang=current_language())
    shown = editor.checks.checks
    assert [(i.path, i.code) for i in shown.errors] == [(i.path, i.code) for i in expected.errors]
    assert [(i.path, i.code) for i in shown.warnings] == [(i.path, i.code) for i in expected.warnings]
    assert any(i.field == TABLE and i.row is not None for i in shown.errors)  # cells of the unbuilt table
    listed = [editor.checks.model.issue_at(r) for r in range(editor.checks.model.rowCount())]
    assert len([i for i in listed if i is not None]) == len(expected.errors) + len(expected.warnings)
    number = editor.page_of[TABLE]
    errors = sum(1 for i in expected.errors if editor.form.field(i.field).section == editor.form.sections[number].key)
    assert errors and editor.navigator.item(number).text().endswith(f"({errors})")


def test_a_section_built_after_the_checks_shows_what_it_would_have_at_open(qtbot, store, new_report):
    from desktop.ui.editor import ReportEditor

    report_id = new_report("ct20.province", VALUES)
    store.save_values(report_id, store.get_values(report_id), source="test")  # worked on: problems show at once
    # as before: the table's section built at open, the checks run on it
    before = ReportEditor(store, report_id)
    before.navigator.setCurrentRow(before.page_of[TABLE])
    assert _table_page(before).built and not before.checks_ran()
    totals = [label.text() for label in _table_page(before).derived.values]
    assert totals and "—" not in totals  # a page built before the checks shows its totals at once
    _show(qtbot, before)
    qtbot.waitUntil(before.checks_ran)
    # now: built when the user goes there, after the checks ran
    later = ReportEditor(store, report_id)
    _show(qtbot, later)
    qtbot.waitUntil(later.checks_ran)
    assert not _table_page(later).built
    later.navigator.setCurrentRow(later.page_of[TABLE])
    QApplication.processEvents()
    expected, got = _shown_state(before), _shown_state(later)
    assert expected["cells"]  # the table's cells do carry problems
    assert any(messages for _revealed, _issues, messages in expected["fields"].values()) or expected["cells"]
    assert expected["derived"] and expected["derived"] != ["—"] * len(expected["derived"])
    assert got == expected


def test_a_read_only_report_s_later_section_is_read_only(qtbot, store, new_report):
    from desktop.ui.editor import ReportEditor

    report_id = new_report("ct20.province", VALUES)
    store.trash_report(report_id)
    editor = ReportEditor(store, report_id)
    _show(qtbot, editor)
    qtbot.waitUntil(editor.checks_ran)
    assert editor.session.read_only
    editor.navigator.setCurrentRow(editor.page_of[TABLE])
    buttons = editor.editors[TABLE].editor.buttons
    assert not any(button.isEnabled() for button in buttons.values())
    assert editor.editors["clusters.established"].input.isReadOnly()


def test_a_slow_start_still_paints_the_report_before_its_checks(qtbot, store, new_report):
    """However long the start takes before the event loop runs (a slow machine; valgrind, 50 times
    slower, in bench/bench_startup.py), the report is painted first and checked right after: the
    fallback for an editor that is never painted must not come first (it was the 300 ms edit delay)."""
    import time

    from PySide6.QtCore import QEvent, QObject

    from desktop.ui.editor import ReportEditor

    class FirstPaint(QObject):
        checked_before: bool | None = None

        def eventFilter(self, watched, event):  # type: ignore[no-untyped-def]
            if event.type() == QEvent.Type.Paint and self.checked_before is None:
                self.checked_before = editor.checks_ran()
            return False

    editor = ReportEditor(store, new_report("ct20.province", VALUES))
    first_paint = FirstPaint()
    editor.installEventFilter(first_paint)
    qtbot.addWidget(editor)
    editor.resize(1400, 900)
    editor.show()
    time.sleep(0.5)  # the rest of a slow start, before the event loop runs again
    qtbot.waitUntil(editor.checks_ran)
    assert first_paint.checked_before is False
