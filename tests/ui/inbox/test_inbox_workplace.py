"""The Inbox as a place to work (issue 14, point 7), driven as a user would: open a received report
read-only from the board (the same editor, its signature, its revisions), tick several states at
once, and a window that fits the screen it opens on and comes back as it was left."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QPlainTextEdit, QTextEdit

from desktop.i18n import set_language
from desktop.inbox.importer import import_packages
from desktop.package.roots import add_trust_root
from desktop.package.verify import verify_package
from desktop.signing.signers import VN_TZ, OpenedSigner
from desktop.store import Store
from desktop.ui.inbox.actions import GEOMETRY_SETTING, InboxWindow
from desktop.ui.inbox.inbox_page import InboxPage
from desktop.ui.inbox.received_window import ReceivedReportWindow
from tests.inbox.helpers import ec_signer, pin_for_provinces, signed_package
from tests.inbox.scenario import reporting_year
from tests.pki import TestPki, build_pki
from tests.ui.inbox.test_inbox_page import states, tick

YEAR = reporting_year()
PERIOD = f"adhoc-{YEAR}-03-01"
DEADLINE = f"{YEAR}-04-15"
ORGS = ("so-ct-ha-noi", "so-ct-hai-phong", "so-ct-hue")


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> TestPki:
    return build_pki(tmp_path_factory.mktemp("pki"))


@pytest.fixture(scope="module")
def signer(pki: TestPki, tmp_path_factory: pytest.TempPathFactory) -> OpenedSigner:
    return ec_signer(pki, tmp_path_factory.mktemp("signer"))


@pytest.fixture(scope="module")
def packages(signer: OpenedSigner, tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Path]]:
    """Hà Nội sends two revisions, Hải Phòng and Huế one each."""
    folder = tmp_path_factory.mktemp("goi")
    moment = dt.datetime.now(VN_TZ).replace(microsecond=0) - dt.timedelta(hours=1)
    made: dict[str, list[Path]] = {}
    for org in ORGS:
        made[org] = [signed_package(signer, folder / org, org, PERIOD, signed_at=moment, deadline=DEADLINE,
                                    difficulties="Thiếu kinh phí quan trắc.")]
    made["so-ct-ha-noi"].append(signed_package(signer, folder / "ha-noi-2", "so-ct-ha-noi", PERIOD, revision=2,
                                               supersedes=made["so-ct-ha-noi"][0], deadline=DEADLINE,
                                               signed_at=moment + dt.timedelta(minutes=5),
                                               difficulties="Thiếu nhân lực vận hành trạm xử lý."))
    return made


@pytest.fixture
def page(qtbot, tmp_path: Path, pki: TestPki, packages: dict[str, list[Path]]):  # type: ignore[no-untyped-def]
    set_language("en")
    store = Store.open(tmp_path / "atmt.sqlite3")
    add_trust_root(store, pki.root.cert_pem)
    pin_for_provinces(store, verify_package(packages["so-ct-hue"][0], trust_roots=[]).signer_certificate)
    result = import_packages(store, [p for paths in packages.values() for p in paths])
    assert [i.status for i in result.items] == ["valid"] * 4
    widget = InboxPage(store, today=lambda: dt.date(YEAR, 3, 2))
    qtbot.addWidget(widget)
    widget.form.setCurrentIndex(widget.form.findData("ct20.province"))
    widget.period.setText(PERIOD)
    widget.period.editingFinished.emit()
    widget.show()
    yield widget
    if widget.received_window is not None:
        widget.received_window.close()
    widget.close()
    store.close()


def select_org(page: InboxPage, org: str) -> None:
    source = next(n for n, row in enumerate(page.model.rows) if row.org_id == org)
    page.table.selectRow(page.proxy.mapFromSource(page.model.index(source, 0)).row())


def shown_texts(qtbot, window: ReceivedReportWindow) -> list[QPlainTextEdit | QTextEdit]:  # type: ignore[no-untyped-def]
    """The text boxes of the section holding "difficulties", opened from the editor's list of sections."""
    editor = window.editor
    assert editor is not None
    navigator = editor.navigator
    item = navigator.item(editor.page_of["difficulties"])
    navigator.scrollToItem(item)
    qtbot.mouseClick(navigator.viewport(), Qt.MouseButton.LeftButton, pos=navigator.visualItemRect(item).center())
    return [w for w in window.editor.findChildren(QPlainTextEdit) + window.editor.findChildren(QTextEdit)
            if w.isVisibleTo(window)]


def text_of(widget: QPlainTextEdit | QTextEdit) -> str:
    return widget.toPlainText()


def test_a_received_report_opens_read_only_with_its_signature_and_revisions(qtbot, page: InboxPage) -> None:
    assert not page.open_button.isEnabled()  # nothing selected
    select_org(page, "so-ct-ha-noi")
    assert page.open_button.isEnabled()
    qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
    window = page.received_window
    assert window is not None
    qtbot.waitExposed(window)
    from desktop.ui.editor import ReportEditor

    assert isinstance(window.editor, ReportEditor)  # the reporter's own editor, not a stand-in
    assert window.editor.session.read_only
    assert not window.editor.banner.isVisible()  # the reporter's "create a revision" is not for Cục ATMT
    assert window.banner.text().startswith("Received report, read only: ")
    screen = window.screen().availableGeometry()
    assert screen.contains(window.frameGeometry())  # 1200 px asked, the screen is 800: it fits
    assert "revision 2" in window.windowTitle() and "Sở Công Thương thành phố Hà Nội" in window.windowTitle()
    boxes = [w for w in shown_texts(qtbot, window) if "Thiếu nhân lực vận hành trạm xử lý." in text_of(w)]
    assert boxes and all(w.isReadOnly() or not w.isEnabled() for w in boxes)
    assert window.fact("Signer").startswith("Đặng Thị Hồng")
    assert window.fact("Verification").startswith("Valid: intact, signed, and the certificate is trusted")
    assert window.fact("Revision") == "2" and "first received by this Inbox" in window.fact("Submitted")
    # the authority by its name and the claimed time in Vietnam time, like every other fact shown
    assert window.fact("Certificate issued by") == "CT20 Test Issuing CA"
    assert re.fullmatch(r"\d\d/\d\d/\d{4} \d\d:\d\d:\d\d \+07:00",
                        window.fact("Signing time claimed by the signer's computer"))
    assert window.revisions.count() == 2 and window.revisions.currentRow() == 0
    assert window.revisions.item(1).text().startswith("Revision 1 — superseded")

    # The first revision, picked with the mouse: its own values and signature.
    list_view = window.revisions
    rect = list_view.visualItemRect(list_view.item(1))
    qtbot.mouseClick(list_view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert "revision 1" in window.windowTitle() and window.fact("Revision") == "1"
    assert any("Thiếu kinh phí quan trắc." in text_of(w) for w in shown_texts(qtbot, window))
    assert not any("Thiếu nhân lực" in text_of(w) for w in shown_texts(qtbot, window))
    folder = window.received.folder if window.received else None
    assert folder is not None and folder.exists()
    window.close()
    assert not folder.exists()  # the scratch copy is gone; the Inbox never changed
    assert len(page.store.list_reports()) == 0


def test_a_double_click_on_a_row_opens_it_too(qtbot, page: InboxPage) -> None:
    select_org(page, "so-ct-hue")
    index = page.table.currentIndex()
    rect = page.table.visualRect(index)
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())  # as a real
    qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())  # double click does
    window = page.received_window
    assert window is not None and "Huế" in window.windowTitle() and window.revisions.count() == 1


def test_several_states_at_once(qtbot, page: InboxPage) -> None:
    assert states(page).count("late") == 3 and states(page).count("missing") == 31  # received after 15/04
    tick(qtbot, page, "late")
    assert sorted(set(states(page))) == ["late"]
    tick(qtbot, page, "missing")
    assert sorted(set(states(page))) == ["late", "missing"] and len(states(page)) == 34
    assert page.states.text() == "late, missing"
    tick(qtbot, page, "late")  # ticked off again
    assert set(states(page)) == {"missing"}
    assert "(31)" in page.states.actions_["missing"].text()  # each state says how many
    page.states.clear()
    assert len(states(page)) == 34 and page.states.text() == "All organisations"


def test_a_correction_request_is_a_state_to_filter_by(qtbot, page: InboxPage, signer: OpenedSigner,
                                                      tmp_path: Path) -> None:
    from desktop.inbox.receipt_signatory import Signatory
    from desktop.inbox.receipts import issue_receipt

    hue = page.store.list_inbox_packages(org_id="so-ct-hue")[0]
    issue_receipt(page.store, hue.id, "correction_requested", tmp_path, signer, message="Bổ sung bảng 2.",
                  signatory=Signatory("Lê Thị Cúc", "Chuyên viên"))
    page.refresh()
    tick(qtbot, page, "correction_requested")
    assert page.proxy.rowCount() == 1
    assert page.proxy.index(0, 1).data() == "late — correction requested, awaiting the corrected revision"
    page.table.selectRow(0)
    assert "Correction requested on" in page.details.text() and "Bổ sung bảng 2." in page.details.text()
    tick(qtbot, page, "missing")  # a state and a mark together
    assert page.proxy.rowCount() == 32


def test_the_inbox_window_fits_the_screen_and_comes_back_as_it_was_left(qtbot, window) -> None:
    screen = window.screen().availableGeometry()
    big = QMainWindow()
    big.resize(screen.width() * 3, screen.height() * 2)  # left open on a much larger monitor
    window.store.set_setting(GEOMETRY_SETTING, __import__("base64").b64encode(bytes(big.saveGeometry().data()))
                             .decode())
    big.deleteLater()
    action = window.findChild(QAction, "action_inbox")
    qtbot.mouseClick(window.toolbar.widgetForAction(action), Qt.MouseButton.LeftButton)
    inbox = window.inbox_actions.inbox
    assert inbox is not None
    qtbot.waitExposed(inbox)
    frame = inbox.frameGeometry()
    assert frame.width() <= screen.width() and frame.height() <= screen.height()
    assert screen.contains(frame), (frame, screen)
    inbox.resize(640, 500)
    inbox.move(screen.x() + 30, screen.y() + 40)
    inbox.close()
    again = InboxWindow(window.store, window)  # the next time the app starts
    qtbot.addWidget(again)
    again.show()
    qtbot.waitExposed(again)
    assert (again.width(), again.height()) == (640, 500)
    again.close()


def test_a_damaged_saved_geometry_opens_the_window_at_its_default_size(qtbot, tmp_path: Path) -> None:
    with Store.open(tmp_path / "atmt.sqlite3") as store:
        for damaged in ("không phải base64!", "AAAA", 42):
            store.set_setting(GEOMETRY_SETTING, damaged)
            inbox = InboxWindow(store)
            qtbot.addWidget(inbox)
            inbox.show()
            qtbot.waitExposed(inbox)
            screen = inbox.screen().availableGeometry()
            assert not inbox.restored and screen.contains(inbox.frameGeometry())
            inbox.close()
        assert isinstance(store.get_setting(GEOMETRY_SETTING), str)  # closing saved a good one again
