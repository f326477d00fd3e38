"""After a successful export: what was made, and the next steps (open the PDF, the folder, an email draft)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.export import service
from desktop.export.email_draft import build_draft, size_text, webmail_text
from desktop.export.service import ExportResult
from desktop.i18n import N_, _, current_language
from desktop.package.asic import PDF_NAME
from desktop.paths import private_temp_dir
from desktop.reporting.submission import delivery_of
from desktop.signing.signers import vn_time
from desktop.store import Store
from desktop.ui.export.result_base import ResultBase
from desktop.ui.signals import emit

SETTING_RECIPIENT = "export.recipient"  # the Cục ATMT address the drafts go to
WARNING_STYLE = "color: #b71c1c; font-weight: bold;"


LEVEL_WORDS = {
    "B-B": N_("basic signature, no proof of time ({level})"),
    "B-T": N_("signature with a proven time ({level})"),
    "B-LT": N_("signature with a proven time and the certificate checks kept inside, for long-term "
               "verification ({level})"),
}


class ResultPanel(ResultBase):
    changed = Signal(str)  # the report id, when its delivery state changed (a draft made, marked sent)

    def __init__(self, store: Store, parent: QWidget | None = None, *,
                 open_url: Callable[[QUrl], bool] | None = None) -> None:
        super().__init__(store, parent, open_url=open_url, name="exportResult")
        self.report_id: str | None = None
        self.result: ExportResult | None = None

        self.size_label = QLabel(self)
        self.signer = QLabel(self)
        self.warnings = QLabel(self)
        self.warnings.setStyleSheet(WARNING_STYLE)
        for label in (self.size_label, self.signer, self.warnings):
            label.setWordWrap(True)
        self.size_caption, self.signer_caption = QLabel(self), QLabel(self)
        facts = QFormLayout()
        facts.addRow(self.file_caption, self.file_name)
        facts.addRow(self.size_caption, self.size_label)
        facts.addRow(self.signer_caption, self.signer)
        facts.addRow(self.folder_caption, self.folder)

        self.open_pdf_button = QPushButton(self)
        self.finish_layout(facts, before_opens=(self.warnings,), open_buttons=(self.open_pdf_button,))
        self.recipient.setObjectName("recipient")
        self.draft_button.setObjectName("draftButton")
        self.open_folder_button.setObjectName("openFolder")
        saved = store.get_setting(SETTING_RECIPIENT)
        self.recipient.setText(saved if isinstance(saved, str) else "")
        # For webmail: what to paste; and the user's word that the package has left.
        self.copy_button, self.sent_button = QPushButton(self), QPushButton(self)
        self.copy_button.setObjectName("copyForWebmail")
        self.sent_button.setObjectName("markSent")
        self.sent_state = QLabel(self)
        self.sent_state.setObjectName("sentState")
        self.sent_state.setWordWrap(True)
        more = QHBoxLayout()
        more.addWidget(self.copy_button)
        more.addWidget(self.sent_button)
        more.addStretch(1)
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)  # made by ResultBase.finish_layout
        layout.insertLayout(layout.indexOf(self.status), more)
        layout.insertWidget(layout.indexOf(self.status), self.sent_state)
        self.open_pdf_button.clicked.connect(self.open_pdf)
        self.copy_button.clicked.connect(self.copy_for_webmail)
        self.sent_button.clicked.connect(self.toggle_sent)
        self.retranslate()

    def retranslate(self) -> None:
        super().retranslate()
        self.heading.setText(_("The report is signed and packed: “Signed, not sent”. It can no longer be changed; "
                               "send the package to the Ministry by e-mail."))
        self.size_caption.setText(_("Size:"))
        self.signer_caption.setText(_("Signed by:"))
        self.open_pdf_button.setText(_("Open &PDF"))
        self.open_pdf_button.setToolTip(_("Open the signed report PDF inside the package"))
        self.mail_note.setText(_("Send the package file by email. CT20 can prepare the email for you: "
                                 "Outlook or Thunderbird opens it with the package attached; the draft is saved "
                                 "next to the package. With webmail, copy the subject and text and attach the file."))
        self.copy_button.setText(_("&Copy for webmail"))
        self.copy_button.setToolTip(_("Copy the file's path, the subject and the text of the email, to paste into "
                                      "a webmail page"))
        self.recipient.setPlaceholderText(_("address of the Industrial Safety Techniques and Environment Agency"))
        if self.result is not None:
            self._show_facts()

    def show_result(self, report_id: str, result: ExportResult) -> None:
        self.report_id, self.result = report_id, result
        self.status.clear()
        self._show_facts()

    def _show_sent(self) -> None:
        sent = self.report_id is not None and delivery_of(self.store, self.report_id).sent
        self.sent_state.setText(_("Status: Sent.") if sent else _("Status: Signed, not sent."))
        self.sent_button.setText(_("Mark as &not sent") if sent else _("Mark as &sent"))
        self.sent_button.setToolTip(_("Say whether the package has left for the Ministry (by webmail, on a USB "
                                      "stick…); an email draft made here counts as sent"))
        self.sent_button.setEnabled(not getattr(self.store, "readonly", False))

    def _show_facts(self) -> None:
        result = self.result
        assert result is not None
        lang = current_language()
        self.file_name.setText(result.file_name or result.package_path.name)
        self.size_label.setText(size_text(result.size, lang))
        self.size_label.setStyleSheet(WARNING_STYLE if result.size > service.WARN_SIZE else "")
        name, org = result.signer.get("name", ""), result.signer.get("organization", "")
        who = _("{name} — {organization}").format(name=name, organization=org) if org else name
        if result.signed_at is not None:
            when = vn_time(result.signed_at)
            timed = _("{when} (time stamped)") if result.timestamped else _("{when} (this computer's clock)")
            who = _("{signer}, {when}").format(signer=who, when=timed.format(when=when))
        # PAdES level of the report's signature: B-B, B-T (timestamped) or B-LT (revocation data inside),
        # said in words an officer understands, with the technical name for IT in brackets
        level = _(LEVEL_WORDS.get(result.level, N_("signature level {level}"))).format(level=result.level)
        who = _("{signer}; {level}").format(signer=who, level=level)
        self.signer.setText(who)
        self.folder.setText(str(result.package_path.parent))
        self.warnings.setText("\n".join(message.render(lang) for message in result.warnings))
        self.warnings.setVisible(bool(result.warnings))
        self._show_sent()

    # -- next steps

    def _package_bytes(self) -> bytes:
        assert self.result is not None and self.report_id is not None
        kept = self.store.get_package(self.report_id)
        if kept is not None and kept.data:
            return kept.data
        return self.result.package_path.read_bytes()

    def open_pdf(self) -> Path | None:
        """The signed PDF, copied out of the kept package into a temporary file, opened."""
        try:
            pdf = zipfile.ZipFile(io.BytesIO(self._package_bytes())).read(PDF_NAME)
            path = private_temp_dir("ct20-pdf-") / (Path(self.file_name.text()).stem + ".pdf")
            path.write_bytes(pdf)
        except (OSError, zipfile.BadZipFile, KeyError) as exc:
            self.status.setText(_("The PDF could not be taken out of the package: {error}").format(error=str(exc)))
            return None
        self._open(path)
        return path

    def saved_path(self) -> Path:
        assert self.result is not None
        return self.result.package_path

    def _remember_recipient(self) -> str:
        recipient = self.recipient.text().strip()
        saved = self.store.get_setting(SETTING_RECIPIENT) or ""
        if not getattr(self.store, "readonly", False) and recipient != saved:
            self.store.set_setting(SETTING_RECIPIENT, recipient)
        return recipient

    def make_draft(self) -> Path | None:
        """Write the email draft with the package attached next to the package, say where, open it;
        the report counts as sent from now on."""
        assert self.result is not None and self.report_id is not None
        recipient = self._remember_recipient()
        report_id, file_name = self.report_id, self.file_name.text()
        path = self._write_draft(recipient, file_name, lambda: build_draft(
            self.store, report_id, recipient=recipient, file_name=file_name, package=self._package_bytes()),
            folder=self.saved_path().parent)
        if path is None:
            return None
        said = self.status.text()
        self.status.setText(_("The email draft is saved as {path}.").format(path=str(path)) + (
            "\n" + said if said else ""))
        if not getattr(self.store, "readonly", False):
            self.store.record_delivery(report_id, package_sha256=self.result.sha256, kind="email_draft",
                                       path=str(path))
        self._show_sent()
        emit(self.changed, report_id)
        return path

    def copy_for_webmail(self) -> str:
        """Put the package's path, the subject and the body on the clipboard (webmail has no .eml)."""
        assert self.result is not None and self.report_id is not None
        text = webmail_text(self.store, self.report_id, package_path=self.saved_path(), size=self.result.size,
                            recipient=self._remember_recipient())
        QGuiApplication.clipboard().setText(text)
        self.status.setText(_("Copied: paste the subject and the text into your webmail, and attach {path}.").format(
            path=str(self.saved_path())))
        return text

    def toggle_sent(self) -> None:
        assert self.result is not None and self.report_id is not None
        sent = delivery_of(self.store, self.report_id).sent
        self.store.record_delivery(self.report_id, package_sha256=self.result.sha256,
                                   kind="marked_not_sent" if sent else "marked_sent")
        self._show_sent()
        emit(self.changed, self.report_id)
