"""Issue 14, points 1 and 2 as a user does them: the sample cannot be signed, the preview, the
confirmation that says what will happen, the result's actions reopened later, the sent state."""

from __future__ import annotations

import datetime as dt
import email
import subprocess
from email import policy

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QPushButton

from desktop.i18n import count_text, gettext_in, ngettext_in
from desktop.samples import create_sample_report
from tests.ui.conftest import ORG_ID
from tests.ui.export.conftest import PACKAGE_NAME
from tests.ui.export.drive import WAIT_MS, choose_file, export, open_export, press_export, replace_text


def vi(msgid: str) -> str:
    return gettext_in("vi", msgid)


def vi_counted(singular: str, plural: str, count: int) -> str:
    return ngettext_in("vi", singular, plural, count).format(count=count_text(count, "vi"))


def _exported(qtbot, window, report_id, pki, out_dir):
    dialog = open_export(qtbot, window, report_id)
    choose_file(qtbot, dialog.signer, pki.signer.p12_path, pki.signer.password.decode())
    export(qtbot, dialog, out_dir)
    assert dialog.pages.currentWidget() is dialog.result_panel, dialog.message.text()
    return dialog


def _row_of(window, report_id):
    page = window.list_page
    window.show_list() if hasattr(window, "show_list") else None
    page.reload()
    row = page.model.row_of(report_id)
    return page.model.rows[row]


def test_the_sample_cannot_be_signed_and_its_preview_is_marked(qtbot, window, profiled_store, opened, pki, out_dir,
                                                                tmp_path):
    sample_id = create_sample_report(profiled_store, ORG_ID, today=dt.date(2025, 10, 1))
    dialog = open_export(qtbot, window, sample_id)
    # the reason is said, and nothing about signing can be touched
    assert dialog.blocker.isVisible() and "báo cáo mẫu" in dialog.blocker.text()
    assert not dialog.export_button.isEnabled() and not dialog.signer_box.isEnabled()
    choose_file(qtbot, dialog.signer, pki.signer.p12_path, pki.signer.password.decode())
    press_export(qtbot, dialog)
    assert dialog.confirm_box is None and not out_dir.exists()
    assert profiled_store.get_report(sample_id).status == "draft"

    # "Xem trước PDF": the unsigned PDF opens in the system's viewer; the dialog says so, with its pages
    qtbot.mouseClick(dialog.preview_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.preview.path is not None, timeout=WAIT_MS)
    pdf = dialog.preview.path
    assert opened.paths() == [pdf] and pdf.name.endswith("-XEM-TRUOC.pdf")
    pages = int(subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
                .split("Pages:")[1].split()[0])
    assert pages >= 2 and dialog.preview.isVisible()
    assert dialog.preview.status.text() == vi_counted(
        "The preview ({count} page, not signed) opened in your PDF viewer.",
        "The preview ({count} pages, not signed) opened in your PDF viewer.", pages)
    text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    assert text.count("MẪU — KHÔNG CÓ GIÁ TRỊ") >= pages


def test_the_confirmation_names_who_signs_what_and_going_back_signs_nothing(qtbot, window, profiled_store,
                                                                            ready_report, pki, out_dir):
    dialog = open_export(qtbot, window, ready_report)
    choose_file(qtbot, dialog.signer, pki.signer.p12_path, pki.signer.password.decode())
    replace_text(qtbot, dialog.folder, str(out_dir))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    box = dialog.confirm_box
    assert box is not None
    qtbot.waitExposed(box)
    text = box.text()
    for part in ("Sở Công Thương tỉnh Ninh Bình", "Năm 2025", "Trần Thị Thu Hương", "PHÓ GIÁM ĐỐC",
                 pki.signer.p12_path.name, PACKAGE_NAME, str(out_dir), vi("Signed, not sent")):
        assert part in text, part
    qtbot.mouseClick(box.findChild(QPushButton, "confirmBack"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.confirm_box is None, timeout=WAIT_MS)
    assert not dialog.busy() and not out_dir.exists()
    assert profiled_store.get_report(ready_report).status == "draft"
    assert dialog.message.text() == vi("Nothing was signed.")


def test_signed_then_sent_then_reopened_from_the_list(qtbot, window, profiled_store, ready_report, pki, out_dir,
                                                      opened):
    dialog = _exported(qtbot, window, ready_report, pki, out_dir)
    panel = dialog.result_panel
    assert panel.sent_state.text() == vi("Status: Signed, not sent.")
    row = _row_of(window, ready_report)
    assert row.state == "signed"
    status_cell = window.list_page.model.data(window.list_page.model.index(
        window.list_page.model.row_of(ready_report), 2))
    assert status_cell == vi("Signed, not sent")

    # the e-mail draft is saved next to the package, its path is shown, its body is plain Vietnamese
    replace_text(qtbot, panel.recipient, "vanthu.atmt@moit.gov.vn")
    qtbot.mouseClick(panel.draft_button, Qt.MouseButton.LeftButton)
    eml = out_dir / "BC-ct20.province-so-ct-ninh-binh-2025-r1.eml"
    assert eml.is_file() and opened.paths()[-1] == eml
    assert str(eml) in panel.status.text()
    body = email.message_from_bytes(eml.read_bytes(), policy=policy.default).get_body(
        preferencelist=("plain",)).get_content()
    contact = profiled_store.get_values(ready_report)["contact"]  # the report's contact person, else the profile's
    assert all(contact[key] in body for key in ("name", "phone", "email"))
    assert "ct20 verify" not in body and "ct20 " not in body and "Kính gửi" in body
    assert panel.sent_state.text() == vi("Status: Sent.")
    dialog.close()
    assert window.list_page.model.data(window.list_page.model.index(
        window.list_page.model.row_of(ready_report), 2)) == vi("Sent")

    # later, from the list's context menu: the exported package with the same next steps
    window.close_editor() if window.editor_visible() else None
    window.list_page.reload()
    assert window.list_page.select(ready_report)
    action = window.export_actions.actions["package"]
    assert action in window.list_page.table.actions() and action.isEnabled()
    action.trigger()
    again = window.export_actions.package_dialog
    qtbot.waitExposed(again)
    assert again.panel.file_name.text() == PACKAGE_NAME
    assert again.panel.folder.text() == str(out_dir.resolve())
    qtbot.mouseClick(again.panel.open_pdf_button, Qt.MouseButton.LeftButton)
    assert opened.paths()[-1].suffix == ".pdf"
    qtbot.mouseClick(again.panel.copy_button, Qt.MouseButton.LeftButton)
    copied = QGuiApplication.clipboard().text()
    assert str(out_dir.resolve() / PACKAGE_NAME) in copied and "Sở Công Thương tỉnh Ninh Bình" in copied
    assert "vanthu.atmt@moit.gov.vn" in copied
    # a slip corrected: not sent after all
    qtbot.mouseClick(again.panel.sent_button, Qt.MouseButton.LeftButton)
    assert again.panel.sent_state.text() == vi("Status: Signed, not sent.")
    assert _row_of(window, ready_report).state == "signed"
    again.close()
