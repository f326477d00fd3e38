"""The Ministry's answer on the reporter's side: a real package exported from a reporter store, imported
into a separate consolidator store that signs receipts (test PKI); the reporter imports them through
the Report menu and sees the decision in the list and in the editor's banner."""

from __future__ import annotations

import hashlib
import json
import shutil
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from desktop.cli import main as ct20_main
from desktop.export.service import export_report
from desktop.i18n import gettext_in
from desktop.inbox.decisions import Actor, decide
from desktop.inbox.importer import import_packages
from desktop.inbox.receipts import import_receipt, issue_receipt
from desktop.package.roots import add_trust_root
from desktop.reporting.reports import create_report, fill_report
from desktop.signing.signers import open_p12
from desktop.store import Store
from desktop.ui.report_list import CORRECTION_COLOR, STATUS
from tests.export.reports import load_full
from tests.pki import TestPki
from tests.ui.conftest import ORG_ID, PROFILE
from tests.ui.helpers import on_next_modal, shown_text_color

FORM = "ct20.province"
ACCEPTED_MESSAGE = "Số liệu đầy đủ, đúng hạn."
CORRECTION_MESSAGE = "Đề nghị bổ sung số liệu quan trắc tự động tại mục 3."
REJECTED_MESSAGE = "Gói gửi nhầm kỳ báo cáo, đề nghị gửi lại."


@pytest.fixture(scope="module")
def exchange(tmp_path_factory: pytest.TempPathFactory, pki: TestPki) -> dict:
    """Once per module: the reporter's store with its submitted report (trusting the test root), the
    exported package, and the consolidator's receipts for it (accepted; correction requested)."""
    folder = tmp_path_factory.mktemp("receipts")
    reporter = folder / "reporter.sqlite3"
    with Store.open(reporter) as store:
        store.set_profile(dict(PROFILE))
        report_id = create_report(store, form_id=FORM, org_id=ORG_ID, period="2025", source="test")
        fill_report(store, report_id, load_full(FORM))
        signer = open_p12(pki.signer.p12_path, pki.signer.password)
        try:
            package = export_report(store, report_id, folder / "goi", signer).package_path
        finally:
            signer.close()
        add_trust_root(store, pki.root.cert_pem)  # as `ct20 trust add` does
    receipts = {}
    with Store.open(folder / "atmt.sqlite3") as atmt:
        import_packages(atmt, [package], trust_paths=[pki.root_pem])
        inbox_id = atmt.find_inbox_package(hashlib.sha256(package.read_bytes()).hexdigest()).id
        consolidator = open_p12(pki.second_signer.p12_path, pki.second_signer.password)
        try:
            for decision, message in (("accepted", ACCEPTED_MESSAGE), ("correction_requested", CORRECTION_MESSAGE)):
                receipts[decision] = issue_receipt(atmt, inbox_id, decision, folder / "ptn", consolidator,
                                                   message=message).path
            decide(atmt, inbox_id, "rejected", by=Actor("lan", "Nguyễn Thị Lan"), reason="Gửi nhầm")
            receipts["rejected"] = issue_receipt(atmt, inbox_id, "rejected", folder / "ptn", consolidator,
                                                 message=REJECTED_MESSAGE).path
        finally:
            consolidator.close()
    return {"store": reporter, "report": report_id, "package": package, "receipts": receipts}


@pytest.fixture
def store_path(tmp_path: Path, exchange: dict) -> Path:
    """The window's store is a fresh copy of the reporter's (tests/ui/conftest.py opens it)."""
    path = tmp_path / "ct20.sqlite3"
    shutil.copyfile(exchange["store"], path)
    return path


def import_through_the_menu(qtbot, window, path: Path) -> tuple[bool, str, str]:
    """Report › Import a receipt…, the file chosen in the dialog; returns what the message box said."""
    told: dict[str, str] = {}
    window.receipt_actions.pick_file = lambda _parent: str(path)

    def read(box) -> None:  # type: ignore[no-untyped-def]
        told["title"], told["text"] = box.windowTitle(), box.text()
        box.accept()

    on_next_modal(read)
    window.receipt_actions.action.trigger()
    qtbot.waitUntil(lambda: "text" in told)
    return bool(told), told["title"], told["text"]


def status_cell(window, report_id: str):  # type: ignore[no-untyped-def]
    page = window.list_page
    page.reload()
    assert page.select(report_id)
    return page.proxy.index(page.table.currentIndex().row(), STATUS)


def test_the_action_is_in_the_report_menu(window):
    menu = next(menu for menu, title in window.menus if title == "&Report")
    assert window.receipt_actions.action in menu.actions()
    assert window.receipt_actions.action.text() == "Nhập &phiếu tiếp nhận…"


def test_an_accepted_receipt_shows_in_the_list_and_the_editor(qtbot, window, exchange):
    report_id = exchange["report"]
    before = status_cell(window, report_id)
    assert before.data() == "Đã ký, chưa gửi"  # exported, never sent by this app: the status says so

    started = time.monotonic()
    _shown, title, text = import_through_the_menu(qtbot, window, exchange["receipts"]["accepted"])
    assert time.monotonic() - started < 5
    assert title == "Đã nhập phiếu tiếp nhận"
    assert "Đã chấp nhận" in text and ACCEPTED_MESSAGE in text and "bản sửa đổi 1" in text

    cell = status_cell(window, report_id)
    assert cell.data() == "Đã gửi · Đã chấp nhận"  # a receipt proves the package reached the Ministry
    tip = cell.data(Qt.ItemDataRole.ToolTipRole)
    assert ACCEPTED_MESSAGE in tip and "bản sửa đổi 1" in tip and exchange["package"].name in tip
    assert "Trần Thị Bình" in tip  # who signed the receipt (the consolidator's test certificate)
    assert cell.data(Qt.ItemDataRole.ForegroundRole) is None

    assert window.open_report(report_id)
    banner = window.editor.banner
    assert banner.isVisibleTo(window.editor)
    assert "Bộ đã chấp nhận báo cáo này" in banner.text() and ACCEPTED_MESSAGE in banner.text()
    assert "Tạo bản sửa đổi" not in banner.text().split(ACCEPTED_MESSAGE)[0]

    # the same receipt again: said plainly, nothing changes
    _shown, _title, again = import_through_the_menu(qtbot, window, exchange["receipts"]["accepted"])
    assert "đã được nhập" in again
    with Store.open(window.store.path, readonly=True) as copy:
        assert len(copy.list_receipts()) == 1


def test_a_correction_request_is_a_warning_and_invites_a_revision(qtbot, window, exchange):
    report_id = exchange["report"]
    assert window.open_report(report_id)  # open while the receipt arrives: the banner follows
    assert "Bộ yêu cầu" not in window.editor.banner.text()

    _shown, _title, text = import_through_the_menu(qtbot, window, exchange["receipts"]["correction_requested"])
    assert "Yêu cầu chỉnh sửa" in text and CORRECTION_MESSAGE in text

    banner = window.editor.banner.text()
    assert "Bộ yêu cầu chỉnh sửa báo cáo này" in banner and CORRECTION_MESSAGE in banner
    action = gettext_in("vi", "Create a re&vision").replace("&", "")  # the main window's action, as named
    assert action == "Tạo bản sửa đổi" and f"Báo cáo › {action}" in banner

    window.show_list()
    cell = status_cell(window, report_id)
    assert cell.data() == "Đã gửi · Yêu cầu chỉnh sửa"
    assert shown_text_color(cell) == CORRECTION_COLOR
    assert CORRECTION_MESSAGE in cell.data(Qt.ItemDataRole.ToolTipRole)

    # following the invitation: the revision opens as a draft; the answered report then says so
    assert window.export_actions.actions["revise"].isEnabled()
    new_id = window.export_actions.revise_report()
    assert new_id and window.editor_report_id == new_id and not window.editor.banner.isVisibleTo(window.editor)
    assert window.open_report(report_id)
    assert "Đã có bản sửa đổi" in window.editor.banner.text()


def test_a_rejected_package_is_told_and_invites_sending_again(qtbot, window, exchange):
    report_id = exchange["report"]
    _shown, _title, text = import_through_the_menu(qtbot, window, exchange["receipts"]["rejected"])
    assert "Không chấp nhận" in text and REJECTED_MESSAGE in text
    assert window.open_report(report_id)
    banner = window.editor.banner.text()
    assert "Bộ không chấp nhận gói báo cáo này" in banner and REJECTED_MESSAGE in banner
    assert "Tạo bản sửa đổi" in banner
    window.show_list()
    cell = status_cell(window, report_id)
    assert cell.data() == "Đã gửi · Không được chấp nhận"
    assert shown_text_color(cell) == CORRECTION_COLOR


def test_garbage_is_refused_and_changes_nothing(qtbot, window, exchange, tmp_path):
    garbage = tmp_path / "phieu.asice"
    garbage.write_bytes(b"PK\x03\x04 this is not a receipt" * 20)
    _shown, title, text = import_through_the_menu(qtbot, window, garbage)
    assert title == "Chưa nhập được phiếu tiếp nhận"
    assert "Phiếu tiếp nhận phieu.asice không hợp lệ" in text
    assert window.store.list_receipts() == []
    assert "receipt" not in window.store.report_meta(exchange["report"])
    assert status_cell(window, exchange["report"]).data() == "Đã ký, chưa gửi"


def test_a_receipt_for_a_package_this_store_never_sent(qtbot, exchange, tmp_path):
    from desktop.ui.main_window import MainWindow

    with Store.open(tmp_path / "other.sqlite3") as other:
        other.set_profile(dict(PROFILE))
        window = MainWindow(other)
        qtbot.addWidget(window)
        window.show()
        _shown, title, text = import_through_the_menu(qtbot, window, exchange["receipts"]["accepted"])
        assert title == "Chưa nhập được phiếu tiếp nhận"
        assert "không được xuất từ kho dữ liệu này" in text
        assert other.list_receipts() == []
        window.close()


def test_report_list_json_has_the_receipt_decision(exchange, tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("CT20_DB", raising=False)
    db = tmp_path / "reporter.sqlite3"
    shutil.copyfile(exchange["store"], db)
    assert ct20_main(["report", "list", "--json", "--db", str(db)]) == 0
    before = json.loads(capsys.readouterr().out)
    assert [(r["id"], r["status"], r["receipt"]) for r in before] == [(exchange["report"], "submitted", None)]
    assert {"id", "form", "org", "period", "status", "updated"} <= set(before[0])
    with Store.open(db) as store:
        import_receipt(store, exchange["receipts"]["correction_requested"])
    assert ct20_main(["report", "list", "--json", "--db", str(db)]) == 0
    after = json.loads(capsys.readouterr().out)
    assert after[0]["receipt"] == "correction_requested"
