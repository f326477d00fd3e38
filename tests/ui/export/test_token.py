"""The USB token path, on a real PKCS#11 token (SoftHSM2): driver, token label, PIN."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop.i18n import gettext_in
from desktop.package.datacheck import data_file_check
from desktop.package.verify import verify_package
from desktop.signing.drivers import Driver, known_drivers
from desktop.ui.export.signature_check import SignatureCheckDialog
from desktop.ui.export.signer_choice import SignerChoice
from tests.ui.export.conftest import PACKAGE_NAME
from tests.ui.export.drive import WAIT_MS, choose_token, export, open_export


def test_only_drivers_on_disk_are_offered(tmp_path):
    present = tmp_path / "eps2003csp11.dll"
    present.write_bytes(b"MZ")
    candidates = (("ePass2003", str(present)), ("BkavCA", str(tmp_path / "BkavCA.dll")))
    assert known_drivers(candidates) == [Driver("ePass2003", str(present))]


def test_export_with_the_token(qtbot, window, profiled_store, ready_report, pki, softhsm, out_dir):
    dialog = open_export(qtbot, window, ready_report)
    choose_token(qtbot, dialog.signer, softhsm.module, softhsm.labelled_token, softhsm.pin)
    assert sorted(dialog.signer.token.itemText(i) for i in range(dialog.signer.token.count())) == \
        sorted([softhsm.labelled_token, softhsm.unlabelled_token])
    assert dialog.signer.secret_label.text() == gettext_in("vi", "Token &PIN:")
    export(qtbot, dialog, out_dir)
    assert dialog.pages.currentWidget() is dialog.result_panel, dialog.message.text()
    verified = verify_package(out_dir / PACKAGE_NAME, trust_roots=[pki.root.cert], schema_check=data_file_check())
    assert verified.status == "valid", [p.render("en") for p in verified.problems]
    assert profiled_store.get_report(ready_report).status == "submitted"
    assert profiled_store.get_setting("export.signer_kind") == "token"
    assert profiled_store.get_setting("export.pkcs11_library") == softhsm.module
    assert profiled_store.get_setting("export.token_label") == softhsm.labelled_token

    # Next time the token is chosen already; only the PIN is asked again.
    again = SignerChoice(profiled_store)
    qtbot.addWidget(again)
    qtbot.waitUntil(lambda: not again.scanning(), timeout=WAIT_MS)
    assert again.kind() == "token" and again.token_choice() == softhsm.labelled_token
    assert again.secret.text() == "" and again.problem() == gettext_in("vi", "Type the PIN of the token.")


def test_a_wrong_pin_stops_at_once(qtbot, window, profiled_store, ready_report, softhsm, out_dir):
    dialog = open_export(qtbot, window, ready_report)
    choose_token(qtbot, dialog.signer, softhsm.module, softhsm.labelled_token, "000000")
    export(qtbot, dialog, out_dir)
    assert dialog.message.text() == gettext_in("vi", "The report was not exported: {reason}").format(
        reason=gettext_in("vi", "Wrong PIN"))
    assert dialog.signer.secret.text() == "" and profiled_store.get_report(ready_report).status == "draft"
    assert not out_dir.exists() or list(out_dir.iterdir()) == []


def test_the_setup_check_with_the_token(qtbot, profiled_store, softhsm):
    dialog = SignatureCheckDialog(profiled_store)
    qtbot.addWidget(dialog)
    dialog.show()
    choose_token(qtbot, dialog.signer, softhsm.module, softhsm.unlabelled_token, softhsm.pin)
    qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.worker is None, timeout=WAIT_MS)
    # the token signs; its certificate comes from the test PKI, not a Vietnamese CA: the check says so
    assert dialog.message.text() == gettext_in(
        "vi", "The test signature works, but the Ministry will not simply trust it: see “Trust” below."), \
        dialog.message.text()
    assert dialog.trust_result.text() and dialog.trust_result.isVisibleTo(dialog)
    assert dialog.owner.text() == "Trần Thị Bình"
    assert dialog.test_result.text() == gettext_in("vi", "made and verified")
