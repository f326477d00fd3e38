"""'Check my signature setup': the certificate's owner and expiry, a test signature, warnings."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from desktop.i18n import gettext_in, ngettext_in
from desktop.ui.export.signature_check import SignatureCheckDialog
from tests.ui.export.drive import WAIT_MS, choose_file


def _check(qtbot, dialog) -> None:
    qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.worker is None, timeout=WAIT_MS)


def test_the_check_shows_owner_expiry_and_a_verified_test_signature(qtbot, window, profiled_store, pki):
    window.export_actions.actions["check_signature"].trigger()
    dialog = window.export_actions.check_dialog
    qtbot.waitExposed(dialog)
    choose_file(qtbot, dialog.signer, pki.signer.p12_path, pki.signer.password.decode())
    _check(qtbot, dialog)
    assert dialog.message.text() == gettext_in("vi", "Your signature setup works."), dialog.message.text()
    assert dialog.owner.text() == "Nguyễn Văn An"
    assert dialog.organization.text() == "Sở Công Thương tỉnh Ninh Bình"
    assert dialog.issuer.text() == "CT20 Test Issuing CA"
    days = (pki.signer.cert.not_valid_after_utc - dt.datetime.now(dt.UTC)).days
    until = pki.signer.cert.not_valid_after_utc.astimezone(dt.timezone(dt.timedelta(hours=7))).strftime("%d/%m/%Y")
    assert dialog.expiry.text() == ngettext_in("vi", "{date} ({days} day left)", "{date} ({days} days left)", days).format(
        date=until, days=days)
    assert dialog.test_result.text() == gettext_in("vi", "made and verified")
    assert not dialog.warning.isVisibleTo(dialog)
    assert dialog.signer.secret.text() == ""
    assert profiled_store.get_setting("export.p12_path") == str(pki.signer.p12_path)


def test_a_certificate_about_to_expire_is_warned_about(qtbot, profiled_store, pki):
    soon = pki.signer.cert.not_valid_after_utc - dt.timedelta(days=12, hours=1)
    dialog = SignatureCheckDialog(profiled_store, now=soon)
    qtbot.addWidget(dialog)
    dialog.show()
    choose_file(qtbot, dialog.signer, pki.signer.p12_path, pki.signer.password.decode())
    _check(qtbot, dialog)
    assert dialog.warning.isVisibleTo(dialog)
    assert dialog.warning.text() == ngettext_in(
        "vi", "The certificate expires in {days} day. Ask your certificate provider to renew it before your "
        "next report is due.",
        "The certificate expires in {days} days. Ask your certificate provider to renew it before your next "
        "report is due.", 12).format(days=12)


def test_a_wrong_password_is_said(qtbot, profiled_store, pki):
    dialog = SignatureCheckDialog(profiled_store)
    qtbot.addWidget(dialog)
    dialog.show()
    choose_file(qtbot, dialog.signer, pki.signer.p12_path, "khong-dung")
    _check(qtbot, dialog)
    assert dialog.message.text() == gettext_in("vi", "Wrong password, or the file is not a .p12/.pfx certificate file")
    assert not dialog.owner.isVisibleTo(dialog)


def test_a_missing_file_is_said_before_anything_runs(qtbot, profiled_store, tmp_path):
    dialog = SignatureCheckDialog(profiled_store)
    qtbot.addWidget(dialog)
    dialog.show()
    choose_file(qtbot, dialog.signer, tmp_path / "khong-co.pfx", "x")
    qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    assert dialog.worker is None
    assert dialog.message.text() == gettext_in("vi", "The certificate file {path} does not exist.").format(
        path=str(tmp_path / "khong-co.pfx"))
