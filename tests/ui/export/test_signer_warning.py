"""Before signing, the export warns when the certificate does not name the reporting organisation:
Cục ATMT will hold the package until it decides (the dialog asks; the command line says it)."""

from __future__ import annotations

import contextlib
import io
import json

from PySide6.QtCore import Qt

from desktop.cli import main
from desktop.reporting.reports import create_report, fill_report
from tests.export.reports import load_full
from tests.ui.export.drive import WAIT_MS, choose_file, open_export, press_export, replace_text

HELD = "Cục ATMT will hold the package"


def _ha_noi_report(store) -> str:  # type: ignore[no-untyped-def]
    report_id = create_report(store, form_id="ct20.province", org_id="so-ct-ha-noi", period="2025", source="test")
    fill_report(store, report_id, load_full("ct20.province"))
    return report_id


def _start(qtbot, dialog, out_dir, pki) -> None:  # type: ignore[no-untyped-def]
    choose_file(qtbot, dialog.signer, pki.signer.p12_path, pki.signer.password.decode())  # O: Ninh Bình
    replace_text(qtbot, dialog.folder, str(out_dir))
    press_export(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.signer_warning is not None and dialog.signer_warning.isVisible(), timeout=WAIT_MS)


def test_the_dialog_warns_before_signing_and_signs_only_when_confirmed(qtbot, window, profiled_store, pki,
                                                                        out_dir):  # type: ignore[no-untyped-def]
    report_id = _ha_noi_report(profiled_store)
    dialog = open_export(qtbot, window, report_id)
    _start(qtbot, dialog, out_dir, pki)
    box = dialog.signer_warning
    assert "Sở Công Thương tỉnh Ninh Bình" in box.text() and "Sở Công Thương thành phố Hà Nội" in box.text()
    assert "Cục ATMT" in box.text()
    assert dialog.busy() and not any(out_dir.glob("*.asice"))  # nothing is signed while the question is open
    qtbot.mouseClick(box.findChild(type(dialog.export_button), "doNotSign"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy(), timeout=WAIT_MS)
    assert profiled_store.get_report(report_id).status == "draft" and not any(out_dir.glob("*.asice"))

    _start(qtbot, dialog, out_dir, pki)
    qtbot.mouseClick(dialog.signer_warning.findChild(type(dialog.export_button), "signAnyway"),
                     Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy(), timeout=WAIT_MS)
    assert dialog.pages.currentWidget() is dialog.result_panel, dialog.message.text()
    assert profiled_store.get_report(report_id).status == "submitted"
    assert dialog.result_panel.warnings.isVisibleTo(dialog.result_panel)


def test_no_warning_when_the_certificate_names_the_organisation(qtbot, window, profiled_store, ready_report, pki,
                                                                out_dir):  # type: ignore[no-untyped-def]
    dialog = open_export(qtbot, window, ready_report)  # Ninh Bình's report, Ninh Bình's certificate
    choose_file(qtbot, dialog.signer, pki.signer.p12_path, pki.signer.password.decode())
    replace_text(qtbot, dialog.folder, str(out_dir))
    press_export(qtbot, dialog)
    qtbot.waitUntil(lambda: not dialog.busy(), timeout=WAIT_MS)
    assert dialog.signer_warning is None and dialog.pages.currentWidget() is dialog.result_panel


def test_the_command_line_says_it_on_stderr(profiled_store, pki, tmp_path):  # type: ignore[no-untyped-def]
    report_id = _ha_noi_report(profiled_store)
    password = tmp_path / "mat-khau.txt"
    password.write_bytes(pki.signer.password)
    err, out = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
        code = main(["report", "export", report_id, "--out", str(tmp_path / "goi"), "--p12", str(pki.signer.p12_path),
                     "--p12-password-file", str(password), "--db", str(profiled_store.path), "--lang", "en",
                     "--json"])
    assert code == 0, err.getvalue()
    lines = [line for line in err.getvalue().splitlines() if HELD in line]
    assert len(lines) == 1 and "Sở Công Thương tỉnh Ninh Bình" in lines[0]
    assert any(HELD in warning for warning in json.loads(out.getvalue())["warnings"])
