"""The report list as the user sees it: deadlines, overdue in red, filters, trash, backup."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from desktop.i18n import gettext_in, ngettext_in
from desktop.reporting.report_info import date_text
from desktop.reporting.reports import create_report
from desktop.store import Store
from desktop.ui.report_list import DEADLINE, FORM, PERIOD
from tests.ui.helpers import shown_bold, shown_text_color, type_text

ORG = "so-ct-ninh-binh"


def _reports(store) -> dict[str, str]:
    return {
        "overdue": create_report(store, form_id="ct20.province", org_id=ORG, period="2025"),  # before the plan (2020) is refused
        "adhoc": create_report(store, form_id="ct20.province", org_id=ORG,
                               period="adhoc-2026-03-15", reference="Công văn 1234/BCT-ATMT",
                               deadline="2099-12-31"),
        "plan": create_report(store, form_id="kh1375.unit", org_id=ORG, period="2025"),
    }


def _row_of(window, report_id: str) -> int:
    page = window.list_page
    page.select(report_id)
    return page.table.currentIndex().row()


def test_overdue_drafts_are_red_and_say_so(window, profiled_store):
    ids = _reports(profiled_store)
    window.list_page.reload()
    page = window.list_page
    assert page.proxy.rowCount() == 3

    overdue = page.proxy.index(_row_of(window, ids["overdue"]), DEADLINE)
    assert overdue.data().startswith("15/11/2025")
    days = (window.list_page.model.today() - dt.date(2025, 11, 15)).days
    assert str(days) in overdue.data()
    assert overdue.data(Qt.ItemDataRole.ForegroundRole) == QColor("#c62828")
    assert shown_text_color(overdue) == QColor("#c62828") and shown_bold(overdue)  # as the view draws it

    later = page.proxy.index(_row_of(window, ids["adhoc"]), DEADLINE)
    assert later.data().startswith("31/12/2099")
    assert later.data(Qt.ItemDataRole.ForegroundRole) is None
    assert shown_text_color(later) != QColor("#c62828") and not shown_bold(later)
    assert "1234/BCT-ATMT" in page.proxy.index(later.row(), PERIOD).data()

    no_deadline = page.proxy.index(_row_of(window, ids["plan"]), DEADLINE)
    assert no_deadline.data() == gettext_in("vi", "no fixed deadline")


def test_filters_search_form_and_overdue(qtbot, window, profiled_store):
    ids = _reports(profiled_store)
    page = window.list_page
    page.reload()
    type_text(qtbot, page.search, "1234/bct")
    assert page.proxy.rowCount() == 1 and page.selected_report_id() in (None, ids["adhoc"])
    page.search.clear()

    page.form_filter.setCurrentIndex(page.form_filter.findData("kh1375.unit"))
    assert page.proxy.rowCount() == 1
    page.form_filter.setCurrentIndex(0)

    page.view_filter.setCurrentIndex(page.view_filter.findData("overdue"))
    assert page.proxy.rowCount() == 1
    assert page.proxy.index(0, 0).data(Qt.ItemDataRole.UserRole + 1) == ids["overdue"]
    page.show_view("current")
    assert page.proxy.rowCount() == 3


def test_delete_key_moves_to_trash_and_restore_brings_back(qtbot, window, profiled_store):
    ids = _reports(profiled_store)
    page = window.list_page
    page.reload()
    page.select(ids["plan"])
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)

    assert ids["plan"] not in [r.id for r in profiled_store.list_reports()]
    trashed = profiled_store.get_report(ids["plan"])  # still there: trash, never delete
    assert trashed.trashed_at is not None
    assert page.proxy.rowCount() == 2
    assert "2025" in window.statusBar().currentMessage()  # says which report went to the trash

    page.show_view("trash")
    assert page.proxy.rowCount() == 1
    page.select(ids["plan"])
    assert window.named_actions["restore"].isEnabled() and not window.named_actions["trash"].isVisible()
    window.named_actions["restore"].trigger()
    assert profiled_store.get_report(ids["plan"]).trashed_at is None
    assert page.view == "current" and page.proxy.rowCount() == 3


def test_empty_list_says_how_to_start(window):
    page = window.list_page
    assert page.proxy.rowCount() == 0
    assert not page.empty.isHidden()
    assert "Ctrl+N" in page.empty.text()


def test_sample_is_marked_in_the_list(window, profiled_store):
    from desktop.samples import create_sample_report

    sample = create_sample_report(profiled_store, ORG)
    window.list_page.reload()
    index = window.list_page.proxy.index(_row_of(window, sample), FORM)
    assert index.data() != index.data(Qt.ItemDataRole.ToolTipRole).split("\n")[0]


def test_a_sample_is_never_shown_as_overdue(window, profiled_store):
    """The sample's period is a past one; it is no report anyone owes, so never red, never "overdue"."""
    from desktop.reporting.report_info import deadline_text, is_late
    from desktop.reporting.rows import load_rows
    from desktop.samples import create_sample_report

    sample = create_sample_report(profiled_store, ORG)
    row = next(r for r in load_rows(profiled_store) if r.id == sample)
    later = row.deadline + dt.timedelta(days=30)
    assert not row.overdue(later) and not is_late(row, later)
    assert deadline_text(row, later) == date_text(row.deadline)


def test_backup_copies_everything(window, profiled_store, tmp_path):
    ids = _reports(profiled_store)
    dest = window.backup(tmp_path / "copy.sqlite3")
    assert dest == tmp_path / "copy.sqlite3"
    with Store.open(dest, readonly=True) as copy:
        assert {r.id for r in copy.list_reports()} == set(ids.values())
        assert copy.get_profile() == profiled_store.get_profile()


def test_clicking_a_header_sorts_and_keeps_the_selection(qtbot, window, profiled_store):
    from PySide6.QtCore import QPoint

    from desktop.ui.report_list import CHANGED

    ids = _reports(profiled_store)
    page = window.list_page
    page.reload()
    assert page.select(ids["plan"])
    header = page.table.horizontalHeader()
    periods = lambda: [page.proxy.index(r, PERIOD).data() for r in range(page.proxy.rowCount())]  # noqa: E731
    x = header.sectionViewportPosition(PERIOD) + header.sectionSize(PERIOD) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))
    first = periods()
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))
    assert periods() == list(reversed(first))
    assert header.sortIndicatorSection() == PERIOD
    assert page.selected_report_id() == ids["plan"]  # the selected report stays selected
    shown = periods()
    page.reload()  # a reload keeps the order the user chose
    assert periods() == shown
    page.table.sortByColumn(CHANGED, Qt.SortOrder.DescendingOrder)
    changed = [page.model.rows[r].record.updated_at for r in range(3)]
    assert changed == sorted(changed, reverse=True)


def test_the_columns_fit_what_they_show(window, profiled_store):
    from PySide6.QtGui import QFontMetrics

    from desktop.ui.report_list import SIZED

    _reports(profiled_store)
    page = window.list_page
    page.reload()
    metrics = QFontMetrics(page.table.font())
    header = page.table.horizontalHeader()
    for column in SIZED:
        texts = [page.proxy.index(r, column).data() for r in range(page.proxy.rowCount())]
        texts.append(page.model.headerData(column, Qt.Orientation.Horizontal))
        assert header.sectionSize(column) >= max(metrics.horizontalAdvance(t) for t in texts), column


def test_the_list_reads_the_store_in_a_fixed_number_of_queries(profiled_store):
    from desktop.reporting.meta import save_receipt
    from desktop.reporting.rows import load_rows

    made = 0

    def queries(count: int) -> int:
        nonlocal made
        for _ in range(count):
            made += 1
            report_id = create_report(profiled_store, form_id="ct20.province", org_id=ORG, period=str(2025 + made))
            save_receipt(profiled_store, report_id, {"decision": "received", "package_sha256": "ab" * 32})
        statements: list[str] = []
        raw = profiled_store.shared.raw
        raw.set_trace_callback(statements.append)
        try:
            rows = load_rows(profiled_store)
        finally:
            raw.set_trace_callback(None)
        assert all(row.receipt is not None for row in rows)
        return len([s for s in statements if s.lstrip().upper().startswith("SELECT")])

    few = queries(3)
    assert queries(40) == few  # 43 reports: as many queries as for 3
    assert few <= 4


def test_lateness_of_a_signed_report_is_shown_until_and_after_it_is_sent(window, profiled_store, pki):
    """Issue 14.1: a package signed after the deadline and not sent is overdue; once sent, the list says
    how late (by the day it was sent, Vietnam time)."""
    from desktop.export.service import export_report
    from desktop.reporting.reports import fill_report
    from desktop.reporting.submission import delivery_of, local_day
    from desktop.signing.signers import VN_TZ, open_p12
    from tests.export.reports import load_full

    report_id = create_report(profiled_store, form_id="ct20.province", org_id=ORG, period="2025")
    fill_report(profiled_store, report_id, load_full("ct20.province"))
    signer = open_p12(pki.signer.p12_path, pki.signer.password)
    try:
        result = export_report(profiled_store, report_id, window.store.path.parent / "goi", signer,
                               now=dt.datetime(2025, 11, 18, 10, 0, tzinfo=VN_TZ))
    finally:
        signer.close()
    page = window.list_page
    page.reload()
    cell = page.proxy.index(_row_of(window, report_id), DEADLINE)
    overdue = (page.model.today() - dt.date(2025, 11, 15)).days
    assert cell.data() == ngettext_in("vi", "{date} · not sent, overdue by {days} day",
                                      "{date} · not sent, overdue by {days} days", overdue).format(
        date="15/11/2025", days=overdue)
    assert shown_text_color(cell) == QColor("#c62828")

    profiled_store.record_delivery(report_id, package_sha256=result.sha256, kind="marked_sent")
    page.reload()
    cell = page.proxy.index(_row_of(window, report_id), DEADLINE)
    late = (local_day(delivery_of(profiled_store, report_id).sent_at) - dt.date(2025, 11, 15)).days
    assert cell.data() == ngettext_in("vi", "{date} · sent {days} day late", "{date} · sent {days} days late",
                                      late).format(date="15/11/2025", days=late)
    assert page.proxy.index(cell.row(), 2).data() == gettext_in("vi", "Sent")


def test_the_filters_list_each_choice_once_and_keep_it_across_a_language_change(window, profiled_store):
    """The filters are filled once when the window is made, and again (not added to) in another language."""
    from desktop.reporting import report_info as info
    from desktop.ui.report_table import VIEWS

    ids = _reports(profiled_store)
    page = window.list_page
    page.reload()
    forms = [fid for fid, _title in info.form_choices()]
    assert [page.form_filter.itemData(i) for i in range(page.form_filter.count())] == [None, *forms]
    assert [page.view_filter.itemData(i) for i in range(page.view_filter.count())] == [key for key, _ in VIEWS]
    assert page.view_filter.currentText() == gettext_in("vi", "All reports") != "All reports"

    page.form_filter.setCurrentIndex(page.form_filter.findData("ct20.province"))
    page.show_view("overdue")
    assert [row[FORM] for row in page.visible_rows()] == [page.model.text(page.model.rows[page.model.row_of(
        ids["overdue"])], FORM)]
    window.apply_language("en")
    try:
        assert page.view_filter.count() == len(VIEWS) and page.form_filter.count() == 1 + len(forms)
        assert page.view_filter.currentText() == "Overdue drafts"
        assert page.form_filter.currentData() == "ct20.province"
        assert page.proxy.rowCount() == 1 and page.proxy.index(0, 0).data(Qt.ItemDataRole.UserRole + 1) == ids["overdue"]
    finally:
        window.apply_language("vi")


def test_the_deadline_cells_follow_the_date_when_it_changes(qtbot, profiled_store, monkeypatch):
    """The cells' texts are made once and kept (a paint asks for every role of every cell), but a
    new day gives the deadline column its new count of days and the overdue colour at once."""
    from desktop.ui import report_table
    from desktop.ui.report_list import ReportListPage

    monkeypatch.setattr(report_table, "DAY_CHECKED_EVERY", 0.0)  # the model asks the date at every look
    report_id = create_report(profiled_store, form_id="ct20.province", org_id=ORG, period="2025")
    days = {"today": dt.date(2025, 11, 13)}
    page = ReportListPage(profiled_store, lambda: days["today"])
    qtbot.addWidget(page)
    page.reload()
    cell = page.proxy.index(page.model.row_of(report_id), DEADLINE)
    two_left = ngettext_in("vi", "{date} · {days} day left", "{date} · {days} days left", 2).format(
        date="15/11/2025", days=2)
    assert cell.data() == two_left and cell.data() == two_left  # the second read is the kept text
    assert cell.data(Qt.ItemDataRole.ForegroundRole) is None
    assert not shown_bold(cell)  # as the view's delegate draws it (all its roles in one call)

    days["today"] = dt.date(2025, 11, 17)
    assert cell.data() == ngettext_in("vi", "{date} · overdue by {days} day", "{date} · overdue by {days} days",
                                      2).format(date="15/11/2025", days=2)
    assert cell.data(Qt.ItemDataRole.ForegroundRole) == QColor("#c62828")
    assert shown_text_color(cell) == QColor("#c62828") and shown_bold(cell)
    assert page.proxy.index(cell.row(), FORM).data(Qt.ItemDataRole.TextAlignmentRole) is None


def test_the_window_s_shortcuts_are_those_its_menus_show(window):
    """The actions' shortcuts are set from their text (desktop.ui.actions.set_shortcut): Qt reads
    them as QKeySequence would, and the menus show them."""
    from PySide6.QtGui import QKeySequence

    wanted = {"new": "Ctrl+N", "duplicate": "Ctrl+D", "trash": "Del", "save": "Ctrl+S", "list": "Alt+Home",
              "settings": "Ctrl+,", "quit": "Ctrl+Q"}
    for name, keys in wanted.items():
        assert window.named_actions[name].shortcut() == QKeySequence(keys), name
    assert window.named_actions["guide"].shortcut() == QKeySequence(QKeySequence.StandardKey.HelpContents)
    assert window.named_actions["open"].shortcut().isEmpty()
    assert window.findChild(type(window.named_actions["new"]), "action_export").shortcut() == QKeySequence("Ctrl+E")
