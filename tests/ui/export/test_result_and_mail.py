"""After the export: the email draft (.eml) Outlook and Thunderbird open, and the size warning."""

from __future__ import annotations

import email
from email import policy

from PySide6.QtCore import Qt

from desktop.export import service
from desktop.i18n import gettext_in
from tests.ui.export.conftest import PACKAGE_NAME
from tests.ui.export.drive import choose_file, export, open_export, replace_text


def _exported(qtbot, window, report_id, pki, out_dir):
    dialog = open_export(qtbot, window, report_id)
    choose_file(qtbot, dialog.signer, pki.signer.p12_path, pki.signer.password.decode())
    export(qtbot, dialog, out_dir)
    assert dialog.pages.currentWidget() is dialog.result_panel, dialog.message.text()
    return dialog


def test_the_email_draft_carries_the_package(qtbot, window, profiled_store, ready_report, pki, out_dir, opened):
    panel = _exported(qtbot, window, ready_report, pki, out_dir).result_panel
    assert panel.recipient.text() == ""  # nobody configured yet: the user fills it in
    replace_text(qtbot, panel.recipient, "vanthu.atmt@moit.gov.vn")
    qtbot.mouseClick(panel.draft_button, Qt.MouseButton.LeftButton)

    (eml,) = opened.paths()
    assert eml.name == "BC-ct20.province-so-ct-ninh-binh-2025-r1.eml"
    message = email.message_from_bytes(eml.read_bytes(), policy=policy.default)
    assert message["X-Unsent"] == "1"
    assert message["To"] == "vanthu.atmt@moit.gov.vn"
    title = "tình hình thực hiện Chỉ thị số 20/CT-TTg ngày 12/7/2025 của Thủ tướng Chính phủ"  # without "Báo cáo"
    assert message["Subject"] == gettext_in("vi", "Report {title} — {org} — {period}").format(
        title=title, org="Sở Công Thương tỉnh Ninh Bình", period="Năm 2025")
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert "Sở Công Thương tỉnh Ninh Bình" in body and PACKAGE_NAME in body
    (attachment,) = message.iter_attachments()
    assert attachment.get_filename() == PACKAGE_NAME
    assert attachment.get_content_type() == "application/vnd.etsi.asic-e+zip"
    assert attachment.get_content() == (out_dir / PACKAGE_NAME).read_bytes()
    assert profiled_store.get_setting("export.recipient") == "vanthu.atmt@moit.gov.vn"


def test_a_draft_without_recipient_says_so(qtbot, window, ready_report, pki, out_dir, opened):
    panel = _exported(qtbot, window, ready_report, pki, out_dir).result_panel
    path = panel.make_draft()
    message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
    assert message["To"] is None and message["X-Unsent"] == "1"
    assert panel.status.text().splitlines() == [
        gettext_in("vi", "The email draft is saved as {path}.").format(path=str(path)),
        gettext_in("vi", "The draft has no recipient yet: fill in the address in your mail program.")]


def test_the_recipient_is_remembered(qtbot, window, profiled_store, ready_report, pki, out_dir):
    profiled_store.set_setting("export.recipient", "atmt@moit.gov.vn")
    panel = _exported(qtbot, window, ready_report, pki, out_dir).result_panel
    assert panel.recipient.text() == "atmt@moit.gov.vn"


def test_a_package_above_the_mail_limit_is_flagged(qtbot, window, ready_report, pki, out_dir, monkeypatch):
    monkeypatch.setattr(service, "WARN_SIZE", 10_000)  # the real limit is 20 MB; the report is smaller
    panel = _exported(qtbot, window, ready_report, pki, out_dir).result_panel
    assert "font-weight: bold" in panel.size_label.styleSheet()
    assert panel.warnings.isVisibleTo(panel)
    assert gettext_in("vi", "The package is {size} MB; many mail systems refuse attachments above {limit} MB.")[:12] \
        in panel.warnings.text()
