"""Exporting through the dialog as a user would: a .p12 and its password, progress, the result,
the refusals (wrong password, a report with errors) and cancelling."""

from __future__ import annotations

import zipfile

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from desktop.i18n import gettext_in, ngettext_in
from desktop.package.datacheck import data_file_check
from desktop.package.verify import verify_package
from desktop.reporting.reports import create_report, validate_report
from tests.ui.conftest import ORG_ID
from tests.ui.export.conftest import PACKAGE_NAME
from tests.ui.export.drive import WAIT_MS, choose_file, export, open_export, press_export


def vi(msgid: str) -> str:
    return gettext_in("vi", msgid)


def test_export_with_a_certificate_file(qtbot, window, profiled_store, ready_report, pki, out_dir, opened):
    dialog = open_export(qtbot, window, ready_report)
    assert not dialog.blocker.isVisible() and dialog.export_button.isEnabled()
    choose_file(qtbot, dialog.signer, pki.signer.p12_path, pki.signer.password.decode())
    export(qtbot, dialog, out_dir)

    assert dialog.pages.currentWidget() is dialog.result_panel, dialog.message.text()
    package = out_dir / PACKAGE_NAME
    assert package.is_file()
    verified = verify_package(package, trust_roots=[pki.root.cert], schema_check=data_file_check())
    assert verified.status == "valid", [p.render("en") for p in verified.problems]
    assert verified.signer["name"] == "Nguyễn Văn An"

    panel = dialog.result_panel
    assert panel.file_name.text() == PACKAGE_NAME
    assert panel.size_label.text().endswith(" KB") and panel.size_label.styleSheet() == ""
    assert "Nguyễn Văn An" in panel.signer.text() and not panel.warnings.isVisible()
    assert panel.signer.text().endswith("(B-B)")  # no timestamp server: the level says so
    assert dialog.close_button.text() == vi("Close") and not dialog.export_button.isVisible()

    # The report is submitted, kept byte for byte, and the editor shows it read-only.
    assert profiled_store.get_report(ready_report).status == "submitted"
    assert profiled_store.get_package(ready_report).data == package.read_bytes()
    editor = window.editor
    assert window.editor_report_id == ready_report and editor.session.read_only
    assert editor.banner.isVisibleTo(editor)
    assert not window.export_actions.actions["export"].isEnabled()
    assert window.export_actions.actions["revise"].isEnabled()

    # The choice is remembered for next time, the password is not.
    assert profiled_store.get_setting("export.signer_kind") == "p12"
    assert profiled_store.get_setting("export.p12_path") == str(pki.signer.p12_path)
    assert profiled_store.get_setting("export.folder") == str(out_dir)
    assert dialog.signer.secret.text() == ""
    for suffix in ("", "-wal"):
        written = profiled_store.path.with_name(profiled_store.path.name + suffix)
        assert not written.exists() or pki.signer.password not in written.read_bytes()

    # "Open PDF" opens the signed PDF taken out of the package.
    qtbot.mouseClick(panel.open_pdf_button, Qt.MouseButton.LeftButton)
    (pdf,) = opened.paths()
    assert pdf.suffix == ".pdf" and pdf.read_bytes() == zipfile.ZipFile(package).read("bao-cao.pdf")
    qtbot.mouseClick(panel.open_folder_button, Qt.MouseButton.LeftButton)
    assert opened.paths()[-1] == out_dir.resolve()
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()


def test_a_wrong_password_is_said_and_nothing_is_exported(qtbot, window, profiled_store, ready_report, pki,
                                                          out_dir):
    dialog = open_export(qtbot, window, ready_report)
    choose_file(qtbot, dialog.signer, pki.signer.p12_path, "sai-mat-khau")
    export(qtbot, dialog, out_dir)
    assert dialog.message.text() == vi("The report was not exported: {reason}").format(
        reason=vi("Wrong password, or the file is not a .p12/.pfx certificate file"))
    assert dialog.pages.currentIndex() == 0 and dialog.export_button.isEnabled()
    assert dialog.signer.secret.text() == ""  # typed again by the user, never retried
    qtbot.waitUntil(dialog.signer.secret.hasFocus)
    assert not out_dir.exists() or list(out_dir.iterdir()) == []
    assert profiled_store.get_report(ready_report).status == "draft"
    assert profiled_store.get_package(ready_report) is None


def test_an_expired_certificate_is_refused(qtbot, window, profiled_store, ready_report, pki, out_dir):
    dialog = open_export(qtbot, window, ready_report)
    choose_file(qtbot, dialog.signer, pki.expired_signer.p12_path, pki.expired_signer.password.decode())
    export(qtbot, dialog, out_dir)
    assert dialog.message.text().startswith(vi("The report was not exported: {reason}").format(reason="")[:-1])
    assert vi("The certificate has expired on {date}").split("{")[0] in dialog.message.text()
    assert profiled_store.get_report(ready_report).status == "draft"


def test_a_report_with_errors_is_refused_with_the_reason(qtbot, window, profiled_store, out_dir, pki):
    report_id = create_report(profiled_store, form_id="ct20.province", org_id=ORG_ID, period="2025")
    dialog = open_export(qtbot, window, report_id)
    assert dialog.blocker.isVisible() and dialog.error_count > 0
    errors = [issue.message.render("vi") for issue in validate_report(profiled_store, report_id).errors]
    assert dialog.blocker.text() == ngettext_in(
        "vi", "The report has {count} error; it can be signed once it is corrected (the checks panel lists it too, "
        "and F8 goes to it):",
        "The report has {count} errors; it can be signed once they are corrected (the checks panel lists them "
        "too, and F8 goes to the next one):", dialog.error_count).format(count=dialog.error_count)
    # every error is listed, not just how many, and nothing about signing can be touched
    listed = [dialog.error_list.item(row).text() for row in range(dialog.error_list.count())]
    assert listed == errors and dialog.error_list.isVisible()
    assert not dialog.export_button.isEnabled()
    assert not dialog.signer_box.isEnabled() and not dialog.folder.isEnabled()
    assert dialog.preview_button.isEnabled()  # looking at the PDF is still possible
    choose_file(qtbot, dialog.signer, pki.signer.p12_path, pki.signer.password.decode())
    export(qtbot, dialog, out_dir)  # the button does nothing
    assert not out_dir.exists()
    assert profiled_store.get_report(report_id).status == "draft"


def test_cancel_during_the_export_leaves_nothing(qtbot, window, profiled_store, ready_report, pki, out_dir):
    dialog = open_export(qtbot, window, ready_report)
    choose_file(qtbot, dialog.signer, pki.signer.p12_path, pki.signer.password.decode())
    dialog.folder.setText(str(out_dir))
    press_export(qtbot, dialog)
    progress = dialog.progress
    assert dialog.busy() and progress is not None and progress.isVisible()
    assert not dialog.export_button.isEnabled()
    cancel = progress.findChild(QPushButton)
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy(), timeout=WAIT_MS)
    assert dialog.message.text() == vi("The export was cancelled; nothing was written.")
    assert dialog.progress is None and dialog.pages.currentIndex() == 0
    assert not out_dir.exists() or list(out_dir.iterdir()) == []
    assert profiled_store.get_report(ready_report).status == "draft"
    assert profiled_store.get_package(ready_report) is None
    assert not window.editor.session.read_only


def test_closing_the_dialog_while_it_works_cancels_first(qtbot, window, profiled_store, ready_report, pki, out_dir):
    dialog = open_export(qtbot, window, ready_report)
    choose_file(qtbot, dialog.signer, pki.signer.p12_path, pki.signer.password.decode())
    dialog.folder.setText(str(out_dir))
    press_export(qtbot, dialog)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible()  # stays until the worker has stopped
    qtbot.waitUntil(lambda: not dialog.busy(), timeout=WAIT_MS)
    assert profiled_store.get_report(ready_report).status == "draft"


def test_attachments_are_listed_with_their_size_and_packed(qtbot, window, profiled_store, ready_report, pki,
                                                           out_dir, tmp_path):
    evidence = tmp_path / "Kế hoạch số 178.pdf"
    evidence.write_bytes(b"%PDF-1.4 ke hoach\n" * 200)
    photo = tmp_path / "anh.jpg"
    photo.write_bytes(b"\xff\xd8" + b"x" * 100)
    dialog = open_export(qtbot, window, ready_report)
    assert dialog.attachments.add([evidence, photo, tmp_path / "khong-co.pdf"]) == ["khong-co.pdf"]
    items = [dialog.attachments.list.item(i).text() for i in range(dialog.attachments.list.count())]
    listed = vi("{name} ({size})").format(name="Kế hoạch số 178.pdf", size=vi("{size} KB").format(size="3,5"))
    assert items == [vi("{file} → {packed}").format(file=listed, packed="Ke-hoach-so-178.pdf"),
                     vi("{name} ({size})").format(name="anh.jpg", size=ngettext_in("vi", "{size} byte", "{size} bytes", 102).format(size=102))]
    choose_file(qtbot, dialog.signer, pki.signer.p12_path, pki.signer.password.decode())
    export(qtbot, dialog, out_dir)
    names = zipfile.ZipFile(out_dir / PACKAGE_NAME).namelist()
    assert names[3:5] == ["dinh-kem/Ke-hoach-so-178.pdf", "dinh-kem/anh.jpg"]
    assert profiled_store.report_meta(ready_report)["export_attachments"] == [str(evidence), str(photo)]


def test_at_most_twenty_attachments(qtbot, window, ready_report, tmp_path):
    files = []
    for number in range(22):
        path = tmp_path / f"minh-chung-{number:02}.txt"
        path.write_text("x", encoding="utf-8")
        files.append(path)
    dialog = open_export(qtbot, window, ready_report)
    refused = dialog.attachments.add(files)
    assert dialog.attachments.list.count() == 20 and refused == ["minh-chung-20.txt", "minh-chung-21.txt"]
    assert not dialog.attachments.add_button.isEnabled() and dialog.attachments.note.text()


def test_revise_a_submitted_report_then_export_the_revision(qtbot, window, profiled_store, ready_report, pki,
                                                            out_dir):
    dialog = open_export(qtbot, window, ready_report)
    choose_file(qtbot, dialog.signer, pki.signer.p12_path, pki.signer.password.decode())
    export(qtbot, dialog, out_dir)
    dialog.close()
    window.export_actions.actions["revise"].trigger()
    new_id = window.editor_report_id
    assert new_id != ready_report and not window.editor.session.read_only
    record = profiled_store.get_report(new_id)
    assert (record.revision, record.supersedes, record.status) == (2, ready_report, "draft")
    window.show_list()
    window.list_page.select(ready_report)
    assert not window.export_actions.actions["revise"].isEnabled()  # revised once already

    dialog = open_export(qtbot, window, new_id)
    assert dialog.signer.file_path.text() == str(pki.signer.p12_path)  # remembered
    choose_file(qtbot, dialog.signer, pki.signer.p12_path, pki.signer.password.decode())
    export(qtbot, dialog, out_dir)
    revised = out_dir / "BC-ct20.province-so-ct-ninh-binh-2025-r2.asice"
    verified = verify_package(revised, trust_roots=[pki.root.cert], schema_check=data_file_check())
    assert verified.status == "valid" and verified.data["report"]["supersedes"]["package"] == PACKAGE_NAME
