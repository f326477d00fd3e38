"""The last question before signing: who signs what for whom, and what will happen (nothing is sent)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget

from desktop.forms import Period
from desktop.i18n import _
from desktop.package.asic import package_file_name
from desktop.reporting import report_info as info
from desktop.reporting.reports import organization
from desktop.store import ReportRecord, Store
from desktop.ui.export.signer_choice import KIND_FILE, SignerChoice


def _signer_text(store: Store, report: ReportRecord, choice: SignerChoice) -> str:
    document = store.get_values(report.id).get("document")
    document = document if isinstance(document, dict) else {}
    name, title = str(document.get("signer_name") or "").strip(), str(document.get("signer_title") or "").strip()
    person = _("{name}, {title}").format(name=name, title=title) if name and title else (name or _("(not filled in)"))
    if choice.kind() == KIND_FILE:
        source = _("certificate file {file}").format(file=Path(choice.file_path.text().strip()).name)
    else:
        source = _("token {token}").format(token=choice.token_choice())
    return _("{person} — with the {source}").format(person=person, source=source)


def confirmation_text(store: Store, report: ReportRecord, folder: str, choice: SignerChoice) -> str:
    file_name = package_file_name(report.form_id, report.org_id, str(Period.parse(report.period)), report.revision)
    lines = [
        _("Organisation: {org}").format(org=organization(store, report.org_id).name),
        _("Report: {report}").format(report=info.describe_report(report)),
        _("Signer: {signer}").format(signer=_signer_text(store, report, choice)),
        "",
        _("What will happen: the report is signed digitally and sealed in the package {file} in the folder "
          "{folder}. It then becomes “Signed, not sent” and can no longer be changed (a change needs a new "
          "revision). Nothing is sent: you send the package by e-mail yourself afterwards.").format(
            file=file_name, folder=folder),
    ]
    return "\n".join(lines)


def confirmation_box(parent: QWidget, store: Store, report: ReportRecord, folder: str,
                     choice: SignerChoice) -> tuple[QMessageBox, QPushButton]:
    """The window-modal question and its "Sign and export" button (the default is to go back)."""
    box = QMessageBox(QMessageBox.Icon.Question, _("Sign and export the report?"),
                      confirmation_text(store, report, folder, choice), QMessageBox.StandardButton.NoButton, parent)
    box.setObjectName("exportConfirm")
    sign = box.addButton(_("Sign and export"), QMessageBox.ButtonRole.AcceptRole)
    sign.setObjectName("confirmSign")
    back = box.addButton(_("Go back"), QMessageBox.ButtonRole.RejectRole)
    back.setObjectName("confirmBack")
    box.setDefaultButton(back)
    box.setWindowModality(Qt.WindowModality.WindowModal)
    return box, sign
