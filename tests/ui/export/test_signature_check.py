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
    # the test PKI's root is no Vietnamese CA: the key works, and the check says the trust is missing
    assert dialog.message.text() == gettext_in(
        "vi", "The test signature works, but the Ministry will not simply trust it: see “Trust” below.")
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


def _self_signed_p12(folder, org: str) -> tuple:
    """A certificate anyone can make for themselves: self-signed, digitalSignature, in a .p12."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.hazmat.primitives.serialization import BestAvailableEncryption, pkcs12
    from cryptography.x509.oid import NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"), x509.NameAttribute(NameOID.ORGANIZATION_NAME, org),
                      x509.NameAttribute(NameOID.COMMON_NAME, "Tự cấp")])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=365))
            .add_extension(x509.KeyUsage(True, True, False, False, False, False, False, False, False), critical=True)
            .sign(key, hashes.SHA256()))
    path = folder / "tu-cap.p12"
    path.write_bytes(pkcs12.serialize_key_and_certificates(b"tu-cap", key, cert, None, BestAvailableEncryption(b"mk")))
    return path, "mk"


def _vi(msgid: str) -> str:
    return gettext_in("vi", msgid)


def test_a_self_signed_certificate_is_never_approved_without_a_word_about_trust(qtbot, profiled_store, tmp_path):
    path, password = _self_signed_p12(tmp_path, "Sở Công Thương tỉnh Ninh Bình")
    dialog = SignatureCheckDialog(profiled_store)
    qtbot.addWidget(dialog)
    dialog.show()
    choose_file(qtbot, dialog.signer, path, password)
    _check(qtbot, dialog)
    assert dialog.test_result.text() == _vi("made and verified")  # the key works ...
    assert dialog.message.text() != _vi("Your signature setup works.")  # ... but it is not called fine
    trust = dialog.trust_result.text()
    assert "tự ký" in trust and dialog.trust_result.styleSheet() != ""
    assert "Sở Công Thương tỉnh Ninh Bình" in trust  # its organisation does match the profile


def test_the_check_says_where_the_chain_ends_and_whether_the_organisation_matches(qtbot, profiled_store, pki):
    from desktop.package.roots import add_trust_root

    dialog = SignatureCheckDialog(profiled_store)
    qtbot.addWidget(dialog)
    dialog.show()
    choose_file(qtbot, dialog.signer, pki.foreign_signer.p12_path, pki.foreign_signer.password.decode())
    _check(qtbot, dialog)
    assert dialog.trust_result.text().startswith(_vi("The certificate does not chain to a certification authority trusted here (the built-in Vietnamese roots): the Ministry will hold a report signed with it until it decides."))
    assert dialog.message.text() != _vi("Your signature setup works.")

    add_trust_root(profiled_store, pki.root.cert_pem)  # the test root, added by the user: not a built-in one
    choose_file(qtbot, dialog.signer, pki.signer.p12_path, pki.signer.password.decode())
    _check(qtbot, dialog)
    lines = dialog.trust_result.text().splitlines()
    assert lines[0] == _vi("The certificate chains to {anchor}, a root added on this computer but not one of the "
                           "Vietnamese roots the Ministry trusts: the Ministry may not trust it.").format(
        anchor="CT20 Test Root CA")
    assert lines[1] == _vi("Its organisation names {org}, as in your profile.").format(
        org="Sở Công Thương tỉnh Ninh Bình")

    profiled_store.set_profile({**profiled_store.get_profile(), "org_id": "so-ct-ha-noi"})
    choose_file(qtbot, dialog.signer, pki.signer.p12_path, pki.signer.password.decode())
    _check(qtbot, dialog)
    assert "Sở Công Thương thành phố Hà Nội" in dialog.trust_result.text().splitlines()[1]
    assert dialog.message.text() != _vi("Your signature setup works.")
