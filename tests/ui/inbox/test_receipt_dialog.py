"""The Inbox's "Send a receipt…": a reporter exports a real package (test PKI), the consolidator
imports it into another store, selects it on the board and signs a receipt through the dialog
with a .p12 and its password; the reporter's store then accepts the receipt."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt, QUrl
from PySide6.QtWidgets import QProgressDialog

from desktop.export.service import export_report
from desktop.i18n import set_language
from desktop.inbox.importer import import_packages
from desktop.inbox.receipts import import_receipt
from desktop.package.roots import add_trust_root
from desktop.reporting.reports import create_report, fill_report
from desktop.signing.signers import open_p12
from desktop.store import Store
from desktop.ui.export.signer_choice import SETTING_FILE
from desktop.ui.inbox.inbox_page import InboxPage
from desktop.ui.inbox.receipt_dialog import SETTING_FOLDER, ReceiptDialog
from tests.export.reports import load_full
from tests.inbox.scenario import reporting_year
from tests.pki import TestPki, build_pki
from tests.ui.export.drive import WAIT_MS, choose_file, replace_text

YEAR = reporting_year()
ORG = "so-ct-ninh-binh"
CONTACT = load_full("ct20.province")["contact"]["email"]


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> TestPki:
    return build_pki(tmp_path_factory.mktemp("pki"))


@pytest.fixture(scope="module")
def exported(pki: TestPki, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, Path]:
    """The reporter's store (a template to copy), its report id and the package it exported."""
    folder = tmp_path_factory.mktemp("reporter")
    path = folder / "reporter.sqlite3"
    with Store.open(path) as store:
        report_id = create_report(store, form_id="ct20.province", org_id=ORG, period=str(YEAR))
        fill_report(store, report_id, load_full("ct20.province"))
        result = export_report(store, report_id, folder / "goi", open_p12(pki.signer.p12_path, pki.signer.password))
    return path, report_id, result.package_path


@pytest.fixture
def reporter(exported: tuple[Path, str, Path], tmp_path: Path) -> Iterator[Store]:
    path = tmp_path / "reporter.sqlite3"
    shutil.copyfile(exported[0], path)
    with Store.open(path) as store:
        yield store


class Opened:
    def __init__(self) -> None:
        self.urls: list[QUrl] = []

    def __call__(self, url: QUrl) -> bool:
        self.urls.append(url)
        return True


@pytest.fixture
def page(qtbot, tmp_path: Path, pki: TestPki, exported: tuple[Path, str, Path]) -> Iterator[InboxPage]:
    with Store.open(tmp_path / "atmt.sqlite3") as store:
        add_trust_root(store, pki.root.cert_pem)
        result = import_packages(store, [exported[2]])
        assert result.count("imported") == 1
        widget = InboxPage(store, today=lambda: dt.date(YEAR, 11, 1))
        qtbot.addWidget(widget)
        widget.form.setCurrentIndex(widget.form.findData("ct20.province"))
        widget.period.setText(str(YEAR))
        widget.period.editingFinished.emit()
        widget.show()
        yield widget
        if widget.receipt_dialog is not None:
            widget.receipt_dialog.done(0)
        widget.close()


def select_package(page: InboxPage) -> None:
    rows = [page.proxy.mapFromSource(page.model.index(n, 0)).row()
            for n, row in enumerate(page.model.rows) if row.inbox_id is not None]
    assert len(rows) == 1
    page.table.selectRow(rows[0])


def open_dialog(qtbot, page: InboxPage) -> ReceiptDialog:
    assert not page.receipt_button.isEnabled()  # nothing selected yet
    select_package(page)
    assert page.receipt_button.isEnabled() and page.receipt_action in page.table.actions()  # button + context menu
    qtbot.mouseClick(page.receipt_button, Qt.MouseButton.LeftButton)
    dialog = page.receipt_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    dialog.result_panel.open_url = Opened()
    return dialog


def fill(qtbot, dialog: ReceiptDialog, decision: str, message: str, folder: Path, p12: Path, password: str) -> None:
    dialog.decision.setCurrentIndex(dialog.decision.findData(decision))
    dialog.message_edit.setFocus()
    dialog.message_edit.insertPlainText(message)  # typed (QTest types no Vietnamese letters)
    replace_text(qtbot, dialog.folder, str(folder))
    if not dialog.signatory.name.text():
        dialog.signatory.name.setFocus()
        dialog.signatory.name.insert("Lê Thị Cúc")
    choose_file(qtbot, dialog.signer, p12, password)


def test_sign_a_receipt_and_the_reporter_accepts_it(qtbot, page: InboxPage, pki: TestPki, reporter: Store,
                                                     exported: tuple[Path, str, Path], tmp_path: Path) -> None:
    set_language("en")
    dialog = open_dialog(qtbot, page)
    assert dialog.decision.currentData() == "received"
    fill(qtbot, dialog, "accepted", "Số liệu đầy đủ.", tmp_path / "phieu", pki.signer.p12_path,
         pki.signer.password.decode())
    qtbot.mouseClick(dialog.sign_button, Qt.MouseButton.LeftButton)
    assert dialog.busy() and dialog.findChild(QProgressDialog, "receiptProgress") is not None
    assert dialog.signer.secret.text() == ""  # the password left its field with the signer
    qtbot.waitUntil(lambda: not dialog.busy(), timeout=WAIT_MS)
    assert dialog.error.text() == "" and dialog.pages.currentIndex() == 1, dialog.error.text()

    issued = dialog.issued_receipt
    assert issued is not None and issued.path.parent == tmp_path / "phieu" and issued.path.is_file()
    assert issued.path.name.startswith("PTN-ct20.province-so-ct-ninh-binh-") and issued.decision == "accepted"
    assert issued.path.name in dialog.result_panel.file_name.text()
    assert page.message.text() == f"Wrote the signed receipt {issued.number}: {issued.path}."
    # remembered for next time: the folder and the certificate file, never the password
    assert page.store.get_setting(SETTING_FOLDER) == str(tmp_path / "phieu")
    assert page.store.get_setting(SETTING_FILE) == str(pki.signer.p12_path)
    kept = b"".join(f.read_bytes() for f in Path(page.store.path).parent.glob("atmt.sqlite3*"))
    assert pki.signer.password not in kept

    answered = import_receipt(reporter, issued.path, trust_paths=(str(pki.root_pem),))
    assert (answered.report_id, answered.decision, answered.message, answered.status) == (
        exported[1], "accepted", "Số liệu đầy đủ.", "valid")

    panel = dialog.result_panel
    assert panel.recipient.text() == CONTACT  # the reporter's contact address, from its data file
    qtbot.mouseClick(panel.open_folder_button, Qt.MouseButton.LeftButton)
    assert Path(panel.open_url.urls[-1].toLocalFile()) == tmp_path / "phieu"
    draft_path = panel.make_draft()
    assert draft_path is not None and Path(panel.open_url.urls[-1].toLocalFile()) == draft_path
    draft = email.message_from_bytes(draft_path.read_bytes(), policy=email.policy.default)
    assert draft["To"] == CONTACT and draft["X-Unsent"] == "1" and draft["Subject"].startswith("Phiếu tiếp nhận")
    body = draft.get_body(("plain",)).get_content()
    assert "Quyết định: chấp nhận." in body and "Số liệu đầy đủ." in body
    [attachment] = list(draft.iter_attachments())
    assert attachment.get_filename() == issued.path.name and attachment.get_content() == issued.path.read_bytes()
    draft_path.unlink()


def test_a_correction_request_without_a_message_is_refused(qtbot, page: InboxPage, pki: TestPki,
                                                           tmp_path: Path) -> None:
    set_language("en")
    dialog = open_dialog(qtbot, page)
    fill(qtbot, dialog, "correction_requested", "   ", tmp_path / "phieu", pki.signer.p12_path,
         pki.signer.password.decode())
    assert dialog.message_label.text() == "&Message (required):"
    qtbot.mouseClick(dialog.sign_button, Qt.MouseButton.LeftButton)
    assert not dialog.busy() and dialog.pages.currentIndex() == 0
    assert dialog.error.text() == "Write what the reporter must correct: a correction request needs a message."
    assert not (tmp_path / "phieu").exists() and page.store.list_receipts() == []
    dialog.message_edit.insertPlainText("Bổ sung danh sách cụm công nghiệp.")  # with one, it goes
    qtbot.mouseClick(dialog.sign_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy(), timeout=WAIT_MS)
    assert dialog.issued_receipt is not None and dialog.issued_receipt.decision == "correction_requested"


def test_a_wrong_password_is_told_in_vietnamese_and_writes_nothing(qtbot, page: InboxPage, pki: TestPki,
                                                                   tmp_path: Path) -> None:
    set_language("vi")
    dialog = open_dialog(qtbot, page)
    assert dialog.windowTitle() == "Gửi phiếu tiếp nhận" and page.receipt_button.text() == "Gửi phiếu tiếp nhận…"
    fill(qtbot, dialog, "received", "", tmp_path / "phieu", pki.signer.p12_path, "sai-mat-khau")
    qtbot.mouseClick(dialog.sign_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy(), timeout=WAIT_MS)
    assert dialog.error.text() == ("Chưa ký được phiếu tiếp nhận: Sai mật khẩu, hoặc tệp không phải tệp chứng thư "
                                   "số .p12/.pfx")
    assert dialog.pages.currentIndex() == 0 and dialog.signer.secret.text() == ""
    assert page.store.list_receipts() == [] and not any((tmp_path / "phieu").glob("*"))


def test_an_expired_certificate_is_told(qtbot, page: InboxPage, pki: TestPki, tmp_path: Path) -> None:
    set_language("en")
    dialog = open_dialog(qtbot, page)
    fill(qtbot, dialog, "received", "", tmp_path / "phieu", pki.expired_signer.p12_path,
         pki.expired_signer.password.decode())
    qtbot.mouseClick(dialog.sign_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy(), timeout=WAIT_MS)
    assert dialog.error.text().startswith("The receipt was not signed: The certificate has expired on ")
    assert page.store.list_receipts() == []


def test_a_numbered_receipt_signed_by_a_deputy(qtbot, page: InboxPage, pki: TestPki, tmp_path: Path) -> None:
    """The officer sets the numbering once (pattern and next number) and ticks "a deputy signs":
    the signed PDF says "Số: 123/PTN-ATMT" and "KT. CỤC TRƯỞNG / PHÓ CỤC TRƯỞNG"; the next
    receipt proposes 124."""
    import subprocess
    import zipfile

    set_language("en")
    dialog = open_dialog(qtbot, page)
    rejected = dialog.decision.model().item(dialog.decision.findData("rejected"))
    assert not rejected.isEnabled() and "was not rejected" in rejected.toolTip()  # a valid package
    replace_text(qtbot, dialog.numbering.pattern, "{number}/PTN-ATMT")
    dialog.numbering.next_number.selectAll()
    qtbot.keyClicks(dialog.numbering.next_number, "123")
    assert dialog.numbering.preview.text() == "Số: 123/PTN-ATMT"
    dialog.signatory.name.setFocus()
    dialog.signatory.name.insert("Lê Văn Phó")
    qtbot.mouseClick(dialog.signatory.deputy, Qt.MouseButton.LeftButton,
                     pos=dialog.signatory.deputy.rect().topLeft() + QPoint(6, 6))
    assert dialog.signatory.deputy.isChecked()
    assert dialog.signatory.preview.text() == "KT. CỤC TRƯỞNG / PHÓ CỤC TRƯỞNG / Lê Văn Phó"
    fill(qtbot, dialog, "received", "", tmp_path / "phieu", pki.signer.p12_path, pki.signer.password.decode())
    qtbot.mouseClick(dialog.sign_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy(), timeout=WAIT_MS)
    issued = dialog.issued_receipt
    assert issued is not None and issued.number == "123/PTN-ATMT", dialog.error.text()
    with zipfile.ZipFile(issued.path) as archive:
        pdf = next(archive.read(n) for n in archive.namelist() if n.endswith(".pdf"))
    text = " ".join(subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True)
                    .stdout.decode().split())
    assert "Số: 123/PTN-ATMT" in text and "KT. CỤC TRƯỞNG" in text and "PHÓ CỤC TRƯỞNG" in text
    assert "Lê Văn Phó" in text
    dialog.done(0)
    page.receipt_dialog = None
    again = open_dialog_again(qtbot, page)
    assert again.numbering.preview.text() == "Số: 124/PTN-ATMT"  # the register moved on
    assert again.signatory.deputy.isChecked() and again.signatory.name.text() == "Lê Văn Phó"  # remembered


def open_dialog_again(qtbot, page: InboxPage) -> ReceiptDialog:
    qtbot.mouseClick(page.receipt_button, Qt.MouseButton.LeftButton)
    dialog = page.receipt_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    return dialog
