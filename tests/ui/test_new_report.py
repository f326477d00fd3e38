"""Creating reports: the dialog, ad hoc periods, duplicates that copy the previous values."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialogButtonBox

from desktop.reporting.reports import create_report
from desktop.samples import create_sample_report
from desktop.ui.new_report import NewReportDialog
from tests.ui.conftest import ORG_ID
from tests.ui.helpers import click, on_next_modal, type_text

TODAY = dt.date(2026, 11, 21)


def _dialog(qtbot, store, **kwargs) -> NewReportDialog:
    from desktop.reporting.reports import organization

    dialog = NewReportDialog(store, organization(store, ORG_ID), today=TODAY, **kwargs)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def _ok(dialog: NewReportDialog):
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)


def test_ctrl_n_creates_a_yearly_report_and_opens_it(qtbot, window, profiled_store):
    seen = {}

    def fill(dialog):
        seen["forms"] = [dialog.form.itemData(i) for i in range(dialog.form.count())]
        dialog.form.setCurrentIndex(dialog.form.findData("ct20.province"))
        dialog.year.selectAll()
        type_text(qtbot, dialog.year, "2026")
        click(qtbot, _ok(dialog))

    on_next_modal(fill)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)

    assert set(seen["forms"]) == {"ct20.province", "kh1375.unit"}  # the forms of a province
    [report] = profiled_store.list_reports()
    assert (report.form_id, report.org_id, report.period) == ("ct20.province", ORG_ID, "2026")
    assert profiled_store.get_values(report.id)["document"]["signer_name"] == "Nguyễn Văn An"
    assert window.editor_report_id == report.id
    assert window.stack.currentWidget() is window.editor
    assert "2026" in window.windowTitle()

    window.activateWindow()  # the offscreen platform does not give it back after a dialog
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_Home, Qt.KeyboardModifier.AltModifier)
    assert window.stack.currentWidget() is window.list_page
    assert window.list_page.proxy.rowCount() == 1


def test_ad_hoc_report_needs_its_reference(qtbot, profiled_store):
    dialog = _dialog(qtbot, profiled_store)
    dialog.form.setCurrentIndex(dialog.form.findData("ct20.province"))
    dialog.kind.setCurrentIndex(dialog.kind.findData("adhoc"))
    assert dialog.reference.isVisibleTo(dialog) and not dialog.year.isVisibleTo(dialog)
    dialog.requested.setDate(QDate(2026, 3, 15))
    dialog.adhoc_deadline.setDate(QDate(2026, 4, 1))
    click(qtbot, _ok(dialog))
    assert dialog.isVisible() and dialog.problem.text()  # no reference typed yet
    assert profiled_store.list_reports() == []

    type_text(qtbot, dialog.reference, "Công văn số 1234/BCT-ATMT ngày 15/3/2026")
    click(qtbot, _ok(dialog))
    report = profiled_store.get_report(dialog.report_id)
    assert report.period == "adhoc-2026-03-15"
    assert report.reference == "Công văn số 1234/BCT-ATMT ngày 15/3/2026"
    assert report.deadline == "2026-04-01"


def test_a_period_already_reported_is_refused_in_the_dialog(qtbot, profiled_store):
    create_report(profiled_store, form_id="ct20.province", org_id=ORG_ID, period="2026")
    dialog = _dialog(qtbot, profiled_store)
    dialog.form.setCurrentIndex(dialog.form.findData("ct20.province"))
    assert dialog.year.value() == 2027  # the first free period is suggested
    dialog.year.setValue(2026)
    click(qtbot, _ok(dialog))
    assert dialog.isVisible()
    assert "2026" in dialog.problem.text()
    assert len(profiled_store.list_reports()) == 1


def test_duplicate_copies_the_body_not_the_header(qtbot, window, profiled_store):
    sample = create_sample_report(profiled_store, ORG_ID, today=TODAY)
    window.list_page.reload()
    window.list_page.select(sample)

    def accept_suggestion(dialog):
        assert dialog.year.value() == 2027
        assert dialog.copy.isChecked() and dialog.copy_from.currentData() == sample
        click(qtbot, _ok(dialog))

    on_next_modal(accept_suggestion)
    window.named_actions["duplicate"].trigger()

    copies = [r for r in profiled_store.list_reports() if r.id != sample]
    assert [r.period for r in copies] == ["2027"]
    old, new = profiled_store.get_values(sample), profiled_store.get_values(copies[0].id)
    assert new["clusters"] == old["clusters"]
    assert new["difficulties"] == old["difficulties"]
    assert "number" not in new["document"] and "date" not in new["document"]
    assert profiled_store.history(copies[0].id)[-1].source == "copy"


def test_copy_option_offers_only_earlier_reports_of_the_form(qtbot, profiled_store):
    first = create_report(profiled_store, form_id="ct20.province", org_id=ORG_ID, period="2025")
    create_report(profiled_store, form_id="kh1375.unit", org_id=ORG_ID, period="2025")
    dialog = _dialog(qtbot, profiled_store)
    dialog.form.setCurrentIndex(dialog.form.findData("ct20.province"))
    dialog.year.setValue(2026)
    assert dialog.copy.isEnabled() and not dialog.copy.isChecked()
    assert [dialog.copy_from.itemData(i) for i in range(dialog.copy_from.count())] == [first]
    dialog.year.setValue(2024)
    assert not dialog.copy.isEnabled()


def test_the_period_proposed_is_the_one_due_never_a_future_one(qtbot, profiled_store):
    """Issue 14.6: the sample of the current year does not push the proposal to next year; a period
    whose deadline passed recently and is not reported is the one due."""
    december = dt.date(2026, 12, 3)
    create_sample_report(profiled_store, ORG_ID, today=december)  # the first start's sample, year 2026
    from desktop.reporting.reports import organization

    dialog = NewReportDialog(profiled_store, organization(profiled_store, ORG_ID), today=december)
    qtbot.addWidget(dialog)
    dialog.form.setCurrentIndex(dialog.form.findData("ct20.province"))
    assert dialog.period() == "2026"
    click(qtbot, _ok(dialog))
    created = profiled_store.get_report(dialog.report_id)
    assert created.period == "2026"  # beside the sample, not refused because of it

    profiled_store.trash_report(created.id)  # a trashed report takes no period either
    january = NewReportDialog(profiled_store, organization(profiled_store, ORG_ID), today=dt.date(2027, 1, 10))
    qtbot.addWidget(january)
    january.form.setCurrentIndex(january.form.findData("ct20.province"))
    assert january.period() == "2026"  # 2026 is overdue and not reported: it is the one due, not 2027
