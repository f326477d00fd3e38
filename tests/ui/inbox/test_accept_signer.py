"""The Inbox's "Chấp nhận người ký này cho đơn vị này": a package signed by someone outside the
organisation is held, the consolidator accepts the signer with a reason, the decision shows who made
it, and the package then counts. Real packages, a real store, the real page."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from desktop.i18n import set_language
from desktop.inbox.decisions import DISPLAY_NAME_SETTING
from desktop.package.roots import add_trust_root
from desktop.signing.signers import VN_TZ, open_p12
from desktop.store import Store
from desktop.ui.inbox.board_model import SUBMITTED
from desktop.ui.inbox.inbox_page import InboxPage
from tests.inbox.helpers import signed_package
from tests.pki import TestPki, build_pki, issue_signer
from tests.ui.inbox.test_inbox_page import decide_in_dialog

TODAY = dt.datetime.now(VN_TZ).date()
PERIOD = f"adhoc-{TODAY.isoformat()}"


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> TestPki:
    return build_pki(tmp_path_factory.mktemp("pki"))


@pytest.fixture(scope="module")
def packages(pki: TestPki, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("goi")
    officer = issue_signer(pki, folder, "ha-noi", "Phạm Thị Hà", "Sở Công Thương thành phố Hà Nội")
    moment = dt.datetime.now(VN_TZ).replace(microsecond=0) - dt.timedelta(hours=1)
    deadline = (TODAY + dt.timedelta(days=3)).isoformat()
    real = signed_package(open_p12(officer.p12_path, officer.password), folder / "ha-noi", "so-ct-ha-noi", PERIOD,
                          signed_at=moment, deadline=deadline)
    other = signed_package(open_p12(pki.signer.p12_path, pki.signer.password), folder / "ninh-binh", "so-ct-ha-noi",
                           PERIOD, revision=2, supersedes=real, signed_at=moment + dt.timedelta(minutes=3),
                           deadline=deadline)
    return {"real": real, "other": other}


@pytest.fixture
def page(qtbot, tmp_path: Path, pki: TestPki):  # type: ignore[no-untyped-def]
    set_language("en")
    store = Store.open(tmp_path / "atmt.sqlite3")
    add_trust_root(store, pki.root.cert_pem)
    widget = InboxPage(store, today=lambda: TODAY)
    qtbot.addWidget(widget)
    widget.form.setCurrentIndex(widget.form.findData("ct20.province"))
    widget.period.setText(PERIOD)
    widget.period.editingFinished.emit()
    widget.show()
    yield widget
    widget.close()
    store.close()


def _select(page: InboxPage, org_id: str) -> None:
    row = next(i for i, r in enumerate(page.model.rows) if r.org_id == org_id)
    page.table.selectRow(page.proxy.mapFromSource(page.model.index(row, 0)).row())


def test_accepting_a_signer_for_an_organisation_with_a_reason(qtbot, page: InboxPage,
                                                              packages: dict[str, Path]) -> None:
    page.import_paths([str(packages["real"]), str(packages["other"])])
    qtbot.waitUntil(lambda: not page.busy(), timeout=60_000)
    assert "1 awaiting a decision" in page.message.text()
    _select(page, "so-ct-ha-noi")
    row = page.selected_row()
    assert row is not None and (row.status, row.revision) == ("on_time", 1)  # Hà Nội's own package stays
    problems = page.proxy.index(page.table.currentIndex().row(), 6).data()
    assert "1 package signed by someone outside the organisation waits for a decision" in problems
    assert "(received)" in page.proxy.index(page.table.currentIndex().row(), SUBMITTED).data()
    history = page.proxy.index(page.table.currentIndex().row(), 1).data(Qt.ItemDataRole.ToolTipRole)
    assert "revision 2: held: the signer does not belong to the organisation" in history
    assert page.signer_button.isEnabled() and not page.accept_button.isEnabled()

    qtbot.mouseClick(page.signer_button, Qt.MouseButton.LeftButton)
    dialog = page.signer_dialog
    qtbot.waitExposed(dialog)
    assert "Sở Công Thương thành phố Hà Nội" in dialog.findChildren(type(dialog.login))[0].text()
    assert not dialog.accept_button.isEnabled()  # no decision without a reason
    qtbot.keyClicks(dialog.reason, "Cong van 12/SCT-KTAT: ong An lap bao cao cho So")  # typed keys: ASCII
    dialog.display_name.clear()
    assert not dialog.accept_button.isEnabled()  # nor without who decides (as the package's decision asks)
    qtbot.keyClicks(dialog.display_name, "Lan (Phong Moi truong)")
    assert dialog.accept_button.isEnabled()
    qtbot.mouseClick(dialog.accept_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10_000)

    assert "decided by Lan (Phong Moi truong)" in page.message.text() and "1 package released" in page.message.text()
    assert "may now sign for Sở Công Thương thành phố Hà Nội" in page.message.text()  # its name, not its code
    assert "so-ct-ha-noi" not in page.message.text() and "CN=" not in page.message.text()
    assert page.message.text().startswith("Nguyễn Văn An may now sign")
    store = page.store
    (pin,) = store.list_signer_pins()
    assert pin.org_id == "so-ct-ha-noi" and pin.by_name == "Lan (Phong Moi truong)"
    assert pin.reason.startswith("Cong van 12/SCT-KTAT")
    assert store.get_setting(DISPLAY_NAME_SETTING) == "Lan (Phong Moi truong)"  # remembered for the next decision
    _select(page, "so-ct-ha-noi")
    row = page.selected_row()
    assert row is not None and (row.status, row.revision, row.held) == ("on_time", 2, ())
    assert not page.signer_button.isEnabled()
    shown = page.details.text()  # the decision stays in view with the row: who, when, why
    assert "Signer accepted for Sở Công Thương thành phố Hà Nội by Lan (Phong Moi truong)" in shown
    assert "reason: Cong van 12/SCT-KTAT" in shown


def test_a_held_package_alone_is_accepted_only_through_its_signer(qtbot, page: InboxPage,
                                                                  packages: dict[str, Path]) -> None:
    page.import_paths([str(packages["other"])])
    qtbot.waitUntil(lambda: not page.busy(), timeout=60_000)
    _select(page, "so-ct-ha-noi")
    row = page.selected_row()
    assert row is not None and row.status == "untrusted" and row.current is not None and row.current.held
    problems = page.proxy.index(page.table.currentIndex().row(), 6).data()
    assert problems.startswith("The signer does not belong to the reporting organisation")
    assert page.signer_button.isEnabled() and page.reject_button.isEnabled() and not page.accept_button.isEnabled()
    dialog = decide_in_dialog(qtbot, page, page.reject_button, "Người ký không thuộc Sở, không có văn bản cử")
    assert "will count as rejected" in dialog.findChild(QLabel, "decisionIntro").text()
    _select(page, "so-ct-ha-noi")
    assert page.selected_row().status == "rejected" and not page.signer_button.isEnabled()
