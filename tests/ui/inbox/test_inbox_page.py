"""The Inbox screen driven as a user would: pick or drop packages, watch the progress, read the
board, filter it, export it, consolidate. Real packages (test PKI), a real store, real threads."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QMimeData, QPointF, Qt, QTimer, QUrl
from PySide6.QtGui import QAction, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QLabel, QProgressDialog

from desktop.i18n import set_language
from desktop.package.roots import add_trust_root
from desktop.package.verify import verify_package
from desktop.store import Store
from desktop.ui.inbox.board_model import STATE_ROLE
from desktop.ui.inbox.inbox_page import InboxPage
from tests.inbox.helpers import bulk_packages, ec_signer, pin_for_provinces
from tests.inbox.scenario import reporting_year
from tests.pki import TestPki, build_pki

YEAR = reporting_year()
PERIOD = f"adhoc-{YEAR}-03-01"  # the first 34 bulk packages: every province, this request


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> TestPki:
    return build_pki(tmp_path_factory.mktemp("pki"))


@pytest.fixture(scope="module")
def packages(pki: TestPki, tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("goi")
    return bulk_packages(ec_signer(pki, folder), folder / "thu", 6, YEAR)


@pytest.fixture
def page(qtbot, tmp_path: Path, pki: TestPki, packages: list[Path]):  # type: ignore[no-untyped-def]
    set_language("en")
    store = Store.open(tmp_path / "atmt.sqlite3")
    add_trust_root(store, pki.root.cert_pem)  # as `ct20 trust add` does
    pin_for_provinces(store, verify_package(packages[0], trust_roots=[]).signer_certificate)  # a list of signers
    chosen: dict[str, object] = {"files": [str(p) for p in packages[:5]], "folder": str(tmp_path / "th"),
                                 "xlsx": str(tmp_path / "bang")}
    widget = InboxPage(store, today=lambda: dt.date(YEAR, 3, 2), pick_files=lambda _parent: chosen["files"],
                       pick_folder=lambda _parent: chosen["folder"], pick_xlsx=lambda _parent: chosen["xlsx"])
    widget.chosen = chosen
    qtbot.addWidget(widget)
    widget.form.setCurrentIndex(widget.form.findData("ct20.province"))
    widget.period.setText(PERIOD)
    widget.period.editingFinished.emit()
    widget.show()
    yield widget
    widget.close()
    store.close()


def tick(qtbot, page: InboxPage, key: str) -> None:  # type: ignore[no-untyped-def]
    """Open the "Show" menu with the mouse and click one state in it, as a user does."""
    menu = page.states.menu()
    action = page.states.actions_[key]

    def choose() -> None:
        qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(action).center())

    QTimer.singleShot(100, choose)
    qtbot.mouseClick(page.states, Qt.MouseButton.LeftButton)  # the menu pops up (and waits for the click)
    qtbot.waitUntil(lambda: not menu.isVisible(), timeout=5_000)


def decide_in_dialog(qtbot, page: InboxPage, button, reason: str, name: str = "Nguyễn Thị Lan"):  # type: ignore[no-untyped-def]
    """Click accept or reject, then give the reason and one's name and confirm."""
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = page.decision_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    assert not dialog.confirm_button.isEnabled()  # never one click: no decision without a reason
    dialog.reason.setFocus()
    dialog.reason.insertPlainText(reason)
    dialog.display_name.selectAll()
    dialog.display_name.insert(name)
    assert dialog.confirm_button.isEnabled()
    qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
    return dialog


def states(page: InboxPage) -> list[str]:
    proxy = page.proxy
    return [proxy.index(row, 0).data(STATE_ROLE) for row in range(proxy.rowCount())]


def test_importing_picked_files_fills_the_board(qtbot, page: InboxPage) -> None:
    assert states(page) == ["missing"] * 34 and "Deadline" not in page.deadline.text()
    qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    assert page.findChild(QProgressDialog, "inboxProgress") is not None and not page.import_button.isEnabled()
    qtbot.waitUntil(lambda: not page.busy(), timeout=30_000)
    assert page.message.text() == ("5 imported (0 rejected, 0 awaiting a decision), 0 already in the inbox, "
                                   "0 not read.")
    assert sorted(states(page)).count("late") == 5 and states(page).count("missing") == 29
    assert page.deadline.text().startswith(f"Deadline 15/04/{YEAR}: 44 days left — on time: 0, late: 5")
    tick(qtbot, page, "late")
    assert page.proxy.rowCount() == 5 and page.states.text() == "late"
    first = page.proxy.index(0, 1)
    assert first.data() == "late" and "Package 1, revision 1: late" in first.data(Qt.ItemDataRole.ToolTipRole)
    qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)  # the same files again: nothing changes
    qtbot.waitUntil(lambda: not page.busy(), timeout=30_000)
    assert page.message.text().endswith("5 already in the inbox, 0 not read.")


def test_dropping_a_folder_imports_what_is_inside(qtbot, page: InboxPage, packages: list[Path]) -> None:
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(packages[0].parent))])
    enter = QDragEnterEvent(QPointF(10, 10), Qt.DropAction.CopyAction, data, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    page.dragEnterEvent(enter)
    assert enter.isAccepted()
    # Qt delivers a drop only during a real drag (none offscreen): hand it to the page's handler
    page.dropEvent(QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, data, Qt.MouseButton.LeftButton,
                              Qt.KeyboardModifier.NoModifier))
    qtbot.waitUntil(lambda: not page.busy(), timeout=30_000)
    assert page.last_import is not None and page.last_import.count("imported") == 6
    assert states(page).count("late") == 6


def test_export_the_board_and_consolidate(qtbot, page: InboxPage, tmp_path: Path) -> None:
    page.import_paths(page.chosen["files"])
    qtbot.waitUntil(lambda: not page.busy(), timeout=30_000)
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    sheet = load_workbook(tmp_path / "bang.xlsx").active
    assert sheet["C4"].value in ("late", "missing") and sheet.max_row == 3 + 34
    qtbot.mouseClick(page.consolidate_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.busy(), timeout=30_000)
    files = page.last_consolidation
    assert files is not None and files.report.reporters == 5 and files.pdf.parent == tmp_path / "th"
    assert all(p.exists() for p in (files.pdf, files.xlsx, files.docx))


def test_cancel_stops_the_import_between_files(qtbot, page: InboxPage, packages: list[Path]) -> None:
    page.import_paths([str(p) for p in packages])
    page.worker.cancel()  # as the progress dialog's Cancel button does
    qtbot.waitUntil(lambda: not page.busy(), timeout=30_000)
    assert page.last_import is not None and page.last_import.cancelled
    assert page.message.text().startswith("Import stopped.")
    assert len(page.last_import.items) < len(packages)


def test_the_period_is_chosen_by_its_name(page: InboxPage) -> None:
    labels = [page.period.itemText(i) for i in range(page.period.count())]
    assert f"Year {YEAR}" in labels and f"Ad hoc, requested 01/03/{YEAR}" in labels
    assert page.period.currentText() == f"Ad hoc, requested 01/03/{YEAR}"
    assert not page.period.setText("năm nay")  # not a period: nothing changes
    assert page.period.text() == PERIOD and page.model.rowCount() == 34
    page.period.setCurrentIndex(page.period.findText(f"Year {YEAR}"))
    assert page.board is not None and page.board.period == str(YEAR)
    page.form.setCurrentIndex(page.form.findData("ct20.ministry-unit"))  # half-yearly: no year period
    assert page.period.currentText() == f"First half of {YEAR}" and page.board.period == f"{YEAR}-H1"
    assert f"Year {YEAR}" not in [page.period.itemText(i) for i in range(page.period.count())]
    page.form.setCurrentIndex(page.form.findData("kh1375.unit"))  # yearly only
    assert page.period.currentText() == f"Year {YEAR}" and page.board.period == str(YEAR)


def test_the_main_window_opens_the_inbox_beside_the_reports(qtbot, window) -> None:
    set_language("en")
    window.retranslate()
    action = window.findChild(QAction, "action_inbox")
    reports = window.named_actions["list"]
    toolbar = window.toolbar.actions()
    assert toolbar.index(action) == toolbar.index(reports) + 1  # in the main toolbar, beside the reports
    file_menu = next(menu for menu, title in window.menus if title == "&File").actions()
    assert file_menu.index(action) == file_menu.index(reports) + 1
    assert action.text() == "Received reports (&Inbox)"
    button = window.toolbar.widgetForAction(action)
    assert button is not None and button.isVisible()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    inbox = window.inbox_actions.inbox
    assert inbox is not None and inbox.isVisible() and inbox.page.store is window.store
    assert inbox.page.model.rowCount() > 0  # the board of the current year, every organisation missing
    inbox.close()


def test_an_untrusted_package_is_accepted_from_the_board(qtbot, page: InboxPage, pki: TestPki,
                                                         tmp_path: Path) -> None:
    from tests.inbox.helpers import ec_signer as make_signer

    foreign = bulk_packages(make_signer(_foreign(pki), tmp_path), tmp_path / "la", 1, YEAR)
    pin_for_provinces(page.store, verify_package(foreign[0], trust_roots=[]).signer_certificate)  # listed signer
    page.import_paths([str(foreign[0])])
    qtbot.waitUntil(lambda: not page.busy(), timeout=30_000)
    assert states(page).count("untrusted") == 1 and not page.accept_button.isEnabled()
    tick(qtbot, page, "untrusted")
    page.table.selectRow(0)
    assert page.accept_button.isEnabled() and page.reject_button.isEnabled()
    qtbot.mouseClick(page.accept_button, Qt.MouseButton.LeftButton)
    dialog = page.decision_dialog
    assert dialog is not None and "counts as the organisation's report" in dialog.findChild(
        QLabel, "decisionIntro").text()
    dialog.reject()  # cancelled: nothing decided
    assert page.store.get_inbox_package(1).decision is None
    decide_in_dialog(qtbot, page, page.accept_button, "Đã xác nhận qua điện thoại với Văn phòng Sở ngày 20/11")
    page.states.clear()
    assert states(page).count("untrusted") == 0 and states(page).count("late") == 1
    assert page.message.text() == "Package 1: accepted by Nguyễn Thị Lan."
    entry = page.store.inbox_audit_log(inbox_id=1)[0]
    assert entry["action"] == "inbox.decide" and entry["details"]["by"]["name"] == "Nguyễn Thị Lan"
    assert entry["details"]["reason"] == "Đã xác nhận qua điện thoại với Văn phòng Sở ngày 20/11"
    assert page.store.get_setting("inbox.display_name") == "Nguyễn Thị Lan"  # remembered for next time
    row = next(n for n, r in enumerate(page.model.rows) if r.inbox_id == 1)
    page.table.selectRow(page.proxy.mapFromSource(page.model.index(row, 0)).row())
    shown = page.details.text()  # who decided, when and why, shown with the row
    assert "Package 1: accepted by Nguyễn Thị Lan" in shown and "reason: Đã xác nhận qua điện thoại" in shown


def _foreign(pki: TestPki) -> TestPki:
    """The test PKI seen through its foreign root: a signer issued there chains to nothing trusted."""
    from dataclasses import replace

    return replace(pki, issuing_ca=pki.foreign_root)


def test_the_board_shows_verification_notes_and_the_claimed_beside_the_proven_time(qtbot, page: InboxPage) -> None:
    from desktop.ui.inbox.board_model import PROBLEMS, SUBMITTED

    page.import_paths(page.chosen["files"][:1])
    qtbot.waitUntil(lambda: not page.busy(), timeout=30_000)
    tick(qtbot, page, "late")
    assert page.proxy.rowCount() == 1
    problems = page.proxy.index(0, PROBLEMS)
    # a B-B package with no CRL: valid, and the missing revocation information is said, not hidden
    assert problems.data() == ("Note: No revocation information (CRL or OCSP) was available for the signer's "
                               "certificate: whether it was revoked could not be checked")
    record = page.store.list_inbox_packages()[0]
    submitted = page.proxy.index(0, SUBMITTED).data(Qt.ItemDataRole.ToolTipRole)
    assert submitted.startswith("Proven submission time: ") and "first received by this Inbox" in submitted
    assert "Signing time claimed by the signer's computer (never decides timeliness alone): " in submitted
    from desktop.inbox.board import proven_time
    from desktop.signing.signers import vn_time

    assert vn_time(proven_time(record)[0]) in submitted
    assert vn_time(dt.datetime.fromisoformat(record.signed_at)) in submitted


def test_a_decision_on_a_stale_board_is_refused_with_who_and_what(qtbot, page: InboxPage, pki: TestPki,
                                                                   tmp_path: Path) -> None:
    """Another officer (another app on the same Inbox) rejects the package while this board still
    shows it waiting: accepting from the stale board is refused and says who decided what."""
    from tests.inbox.helpers import ec_signer as make_signer

    foreign = bulk_packages(make_signer(_foreign(pki), tmp_path), tmp_path / "la", 1, YEAR)
    pin_for_provinces(page.store, verify_package(foreign[0], trust_roots=[]).signer_certificate)
    page.import_paths([str(foreign[0])])
    qtbot.waitUntil(lambda: not page.busy(), timeout=30_000)
    tick(qtbot, page, "untrusted")
    page.table.selectRow(0)
    with Store.open(page.store.path) as other:
        other.decide_inbox_package(1, "rejected", by={"login": "ttb", "name": "Trần Thị B"})
    dialog = decide_in_dialog(qtbot, page, page.accept_button, "Đã xác nhận")
    error = dialog.findChild(QLabel, "decisionError")
    assert error.text().startswith("Another officer decided meanwhile: Trần Thị B (ttb) rejected package 1")
    assert page.store.get_inbox_package(1).decision == "rejected"


def test_the_page_on_a_shared_inbox_imports_and_consolidates_on_the_server(qtbot, tmp_path: Path, pki: TestPki,
                                                                           packages: list[Path]) -> None:
    """The worker threads open their own connections to the same shared Inbox, not the local file."""
    from desktop.store.pg import PgInboxStore, init_inbox
    from desktop.store.shared import SharedInbox
    from tests.pgtest import throwaway_database

    set_language("en")
    with throwaway_database() as url:
        init_inbox(url)
        store = SharedInbox(Store.open(tmp_path / "mine.sqlite3"), PgInboxStore.open(url))
        add_trust_root(store, pki.root.cert_pem)
        pin_for_provinces(store, verify_package(packages[0], trust_roots=[]).signer_certificate)
        widget = InboxPage(store, today=lambda: dt.date(YEAR, 3, 2),
                           pick_files=lambda _parent: [str(p) for p in packages[:3]],
                           pick_folder=lambda _parent: str(tmp_path / "th"), pick_xlsx=lambda _parent: "")
        qtbot.addWidget(widget)
        widget.form.setCurrentIndex(widget.form.findData("ct20.province"))
        widget.period.setText(PERIOD)
        widget.period.editingFinished.emit()
        widget.show()
        widget.import_files()
        qtbot.waitUntil(lambda: not widget.busy(), timeout=60_000)
        assert len(store.inbox.list_inbox_packages()) == 3 and store.local.list_inbox_packages() == []
        assert states(widget).count("on_time") + states(widget).count("late") == 3
        widget.consolidate()
        qtbot.waitUntil(lambda: not widget.busy(), timeout=60_000)
        assert widget.last_consolidation is not None
        assert [e["action"] for e in store.inbox_audit_log(limit=1)] == ["inbox.consolidate"]
        widget.close()
        store.close()
