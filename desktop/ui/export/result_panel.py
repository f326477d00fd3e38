"""After a successful export: what was made, and the next steps (open the PDF, the folder, an email draft)."""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.export import service
from desktop.export.asic import PDF_NAME
from desktop.export.service import ExportResult
from desktop.export.signers import vn_time
from desktop.i18n import _, current_language
from desktop.ui.export.email_draft import build_draft, size_text, write_draft

SETTING_RECIPIENT = "export.recipient"  # the Cục ATMT address the drafts go to
WARNING_STYLE = "color: #b71c1c; font-weight: bold;"


class ResultPanel(QWidget):
    def __init__(self, store, parent: QWidget | None = None, *, open_url=None) -> None:
        super().__init__(parent)
        self.setObjectName("exportResult")
        self.store = store
        self.open_url = open_url or QDesktopServices.openUrl
        self.report_id: str | None = None
        self.result: ExportResult | None = None
        self.last_opened: Path | None = None  # the PDF, folder or draft opened last

        self.heading = QLabel(self)
        self.heading.setStyleSheet("color: #1b5e20; font-weight: bold; font-size: 14px;")
        self.file_name = QLabel(self)
        self.size = QLabel(self)
        self.signer = QLabel(self)
        self.folder = QLabel(self)
        self.warnings = QLabel(self)
        self.warnings.setStyleSheet(WARNING_STYLE)
        for label in (self.file_name, self.size, self.signer, self.folder, self.warnings):
            label.setWordWrap(True)
        for label in (self.file_name, self.folder):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.file_caption, self.size_caption = QLabel(self), QLabel(self)
        self.signer_caption, self.folder_caption = QLabel(self), QLabel(self)
        facts = QFormLayout()
        facts.addRow(self.file_caption, self.file_name)
        facts.addRow(self.size_caption, self.size)
        facts.addRow(self.signer_caption, self.signer)
        facts.addRow(self.folder_caption, self.folder)

        self.open_pdf_button = QPushButton(self)
        self.open_folder_button = QPushButton(self)
        opens = QHBoxLayout()
        opens.addWidget(self.open_pdf_button)
        opens.addWidget(self.open_folder_button)
        opens.addStretch(1)

        self.recipient_label = QLabel(self)
        self.recipient = QLineEdit(self)
        self.recipient.setObjectName("recipient")
        self.recipient_label.setBuddy(self.recipient)
        saved = store.get_setting(SETTING_RECIPIENT)
        self.recipient.setText(saved if isinstance(saved, str) else "")
        self.draft_button = QPushButton(self)
        mail = QHBoxLayout()
        mail.addWidget(self.recipient_label)
        mail.addWidget(self.recipient, 1)
        mail.addWidget(self.draft_button)
        self.mail_note = QLabel(self)
        self.mail_note.setWordWrap(True)
        self.status = QLabel(self)
        self.status.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(facts)
        layout.addWidget(self.warnings)
        layout.addLayout(opens)
        layout.addSpacing(8)
        layout.addWidget(self.mail_note)
        layout.addLayout(mail)
        layout.addWidget(self.status)
        layout.addStretch(1)

        self.open_pdf_button.clicked.connect(self.open_pdf)
        self.open_folder_button.clicked.connect(self.open_folder)
        self.draft_button.clicked.connect(self.make_draft)
        self.retranslate()

    def retranslate(self) -> None:
        self.heading.setText(_("The report is signed and packed. It is now submitted and read-only."))
        self.file_caption.setText(_("File:"))
        self.size_caption.setText(_("Size:"))
        self.signer_caption.setText(_("Signed by:"))
        self.folder_caption.setText(_("Folder:"))
        self.open_pdf_button.setText(_("Open &PDF"))
        self.open_pdf_button.setToolTip(_("Open the signed report PDF inside the package"))
        self.open_folder_button.setText(_("Open f&older"))
        self.mail_note.setText(_("Send the package file by email. CT20 can prepare the email for you: "
                                 "Outlook or Thunderbird opens it with the package attached."))
        self.recipient_label.setText(_("&To:"))
        self.recipient.setAccessibleName(_("Email address of the recipient"))
        self.recipient.setPlaceholderText(_("address of the Industrial Safety Techniques and Environment Agency"))
        self.draft_button.setText(_("Create email &draft"))
        if self.result is not None:
            self._show_facts()

    def show_result(self, report_id: str, result: ExportResult) -> None:
        self.report_id, self.result = report_id, result
        self.status.clear()
        self._show_facts()

    def _show_facts(self) -> None:
        result = self.result
        assert result is not None
        lang = current_language()
        self.file_name.setText(result.file_name or result.package_path.name)
        self.size.setText(size_text(result.size, lang))
        self.size.setStyleSheet(WARNING_STYLE if result.size > service.WARN_SIZE else "")
        name, org = result.signer.get("name", ""), result.signer.get("organization", "")
        who = _("{name} — {organization}").format(name=name, organization=org) if org else name
        if result.signed_at is not None:
            when = vn_time(result.signed_at)
            timed = _("{when} (time stamped)") if result.timestamped else _("{when} (this computer's clock)")
            who = _("{signer}, {when}").format(signer=who, when=timed.format(when=when))
        self.signer.setText(who)
        self.folder.setText(str(result.package_path.parent))
        self.warnings.setText("\n".join(message.render(lang) for message in result.warnings))
        self.warnings.setVisible(bool(result.warnings))

    # -- next steps

    def _package_bytes(self) -> bytes:
        assert self.result is not None and self.report_id is not None
        kept = self.store.get_package(self.report_id)
        if kept is not None and kept.data:
            return kept.data
        return self.result.package_path.read_bytes()

    def _open(self, path: Path) -> None:
        self.last_opened = path
        if not self.open_url(QUrl.fromLocalFile(str(path))):
            self.status.setText(_("No program opened {path}; open it yourself.").format(path=str(path)))

    def open_pdf(self) -> Path | None:
        """The signed PDF, copied out of the kept package into a temporary file, opened."""
        try:
            pdf = zipfile.ZipFile(io.BytesIO(self._package_bytes())).read(PDF_NAME)
            path = Path(tempfile.mkdtemp(prefix="ct20-pdf-")) / (Path(self.file_name.text()).stem + ".pdf")
            path.write_bytes(pdf)
        except (OSError, zipfile.BadZipFile, KeyError) as exc:
            self.status.setText(_("The PDF could not be taken out of the package: {error}").format(error=str(exc)))
            return None
        self._open(path)
        return path

    def open_folder(self) -> None:
        assert self.result is not None
        self._open(self.result.package_path.parent)

    def make_draft(self) -> Path | None:
        """Write the email draft with the package attached and open it in the mail program."""
        assert self.result is not None and self.report_id is not None
        recipient = self.recipient.text().strip()
        saved = self.store.get_setting(SETTING_RECIPIENT) or ""
        if not getattr(self.store, "readonly", False) and recipient != saved:
            self.store.set_setting(SETTING_RECIPIENT, recipient)
        try:
            message = build_draft(self.store, self.report_id, recipient=recipient,
                                  file_name=self.file_name.text(), package=self._package_bytes())
            path = write_draft(message, self.file_name.text())
        except OSError as exc:
            self.status.setText(_("The email draft could not be written: {error}").format(error=str(exc)))
            return None
        self._open(path)
        if not recipient:
            self.status.setText(_("The draft has no recipient yet: fill in the address in your mail program."))
        return path
