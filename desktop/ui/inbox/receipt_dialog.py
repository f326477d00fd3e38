"""The receipt dialog of the Inbox: the consolidator's signed answer to one received package.

The decision, its message (required for a correction request), the folder (remembered) and who
signs (the export's signer chooser: certificate file or USB token, the secret never kept); the
signing runs in a worker thread with its own store connection, behind a progress dialog; then the
result: the receipt file, "Open folder" and an email draft to the reporter's contact address.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressDialog,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import N_, _, current_language
from desktop.inbox.receipts import (
    MAX_MESSAGE,
    IssuedReceipt,
    ReceiptError,
    check_decision,
    decision_text,
    issue_receipt,
)
from desktop.store import Store
from desktop.ui.export.email_draft import size_text, write_draft
from desktop.ui.export.export_dialog import ERROR_STYLE, default_folder
from desktop.ui.export.signer_choice import SignerChoice
from desktop.ui.export.worker import Worker
from desktop.ui.inbox.receipt_mail import build_receipt_draft, reporter_email

SETTING_FOLDER = "inbox.receipt_folder"
DECISIONS = (("received", N_("Received")), ("accepted", N_("Accept")),
             ("correction_requested", N_("Request a correction")))


def receipt_folder(store) -> str:  # type: ignore[no-untyped-def]
    saved = store.get_setting(SETTING_FOLDER)
    return saved if isinstance(saved, str) and saved else default_folder(store)


def run_receipt(store_path: Path, inbox_id: int, decision: str, folder: str, spec, message: str,  # type: ignore[no-untyped-def]
                worker: Worker) -> IssuedReceipt:
    """The job of the worker thread, on its own connection to the store (SQLite is per thread)."""
    worker.report(0.2, _("Signing the receipt…"))
    with Store.open(store_path) as store:
        return issue_receipt(store, inbox_id, decision, folder, spec, message=message)


class ReceiptResult(QWidget):
    """What was made, and what comes next: open the folder, write the email to the reporter."""

    def __init__(self, store, parent: QWidget | None = None, *, open_url=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.setObjectName("receiptResult")
        self.store = store
        self.open_url = open_url or QDesktopServices.openUrl
        self.inbox_id: int | None = None
        self.issued: IssuedReceipt | None = None
        self.message = ""
        self.last_opened: Path | None = None

        self.heading = QLabel(self)
        self.heading.setStyleSheet("color: #1b5e20; font-weight: bold; font-size: 14px;")
        self.heading.setWordWrap(True)
        self.file_caption, self.folder_caption, self.decision_caption = QLabel(self), QLabel(self), QLabel(self)
        self.file_name, self.folder, self.decision = QLabel(self), QLabel(self), QLabel(self)
        self.file_name.setObjectName("receiptFile")
        for label in (self.file_name, self.folder):
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        facts = QFormLayout()
        facts.addRow(self.file_caption, self.file_name)
        facts.addRow(self.folder_caption, self.folder)
        facts.addRow(self.decision_caption, self.decision)
        self.open_folder_button = QPushButton(self)
        self.open_folder_button.setObjectName("receiptOpenFolder")
        opens = QHBoxLayout()
        opens.addWidget(self.open_folder_button)
        opens.addStretch(1)
        self.mail_note = QLabel(self)
        self.mail_note.setWordWrap(True)
        self.recipient_label = QLabel(self)
        self.recipient = QLineEdit(self)
        self.recipient.setObjectName("receiptRecipient")
        self.recipient_label.setBuddy(self.recipient)
        self.draft_button = QPushButton(self)
        self.draft_button.setObjectName("receiptDraft")
        mail = QHBoxLayout()
        mail.addWidget(self.recipient_label)
        mail.addWidget(self.recipient, 1)
        mail.addWidget(self.draft_button)
        self.status = QLabel(self)
        self.status.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(facts)
        layout.addLayout(opens)
        layout.addSpacing(8)
        layout.addWidget(self.mail_note)
        layout.addLayout(mail)
        layout.addWidget(self.status)
        layout.addStretch(1)
        self.open_folder_button.clicked.connect(self.open_folder)
        self.draft_button.clicked.connect(self.make_draft)
        self.retranslate()

    def retranslate(self) -> None:
        self.heading.setText(_("The receipt is signed and saved."))
        self.file_caption.setText(_("File:"))
        self.folder_caption.setText(_("Folder:"))
        self.decision_caption.setText(_("Decision:"))
        self.open_folder_button.setText(_("Open f&older"))
        self.mail_note.setText(_("Send the receipt to the reporter by email. CT20 can prepare the email for you, "
                                 "with the receipt attached, to the contact address of the report."))
        self.recipient_label.setText(_("&To:"))
        self.recipient.setAccessibleName(_("Email address of the recipient"))
        self.recipient.setPlaceholderText(_("the reporter's contact address"))
        self.draft_button.setText(_("Create email &draft"))
        if self.issued is not None:
            self._show_facts()

    def show_result(self, inbox_id: int, issued: IssuedReceipt, message: str) -> None:
        self.inbox_id, self.issued, self.message = inbox_id, issued, message
        self.recipient.setText(reporter_email(self.store, inbox_id))
        self.status.clear()
        self._show_facts()

    def _show_facts(self) -> None:
        issued = self.issued
        assert issued is not None
        try:
            size = size_text(issued.path.stat().st_size, current_language())
        except OSError:
            size = ""
        self.file_name.setText(f"{issued.path.name} ({size})" if size else issued.path.name)
        self.folder.setText(str(issued.path.parent))
        self.decision.setText(decision_text(issued.decision).render())

    def _open(self, path: Path) -> None:
        self.last_opened = path
        if not self.open_url(QUrl.fromLocalFile(str(path))):
            self.status.setText(_("No program opened {path}; open it yourself.").format(path=str(path)))

    def open_folder(self) -> None:
        assert self.issued is not None
        self._open(self.issued.path.parent)

    def make_draft(self) -> Path | None:
        """Write the email draft with the receipt attached and open it in the mail program."""
        assert self.issued is not None and self.inbox_id is not None
        recipient = self.recipient.text().strip()
        try:
            mail = build_receipt_draft(self.store, self.inbox_id, recipient=recipient,
                                       file_name=self.issued.path.name, receipt=self.issued.path.read_bytes(),
                                       decision=self.issued.decision, message=self.message)
            path = write_draft(mail, self.issued.path.name)
        except OSError as exc:
            self.status.setText(_("The email draft could not be written: {error}").format(error=str(exc)))
            return None
        self._open(path)
        if not recipient:
            self.status.setText(_("The draft has no recipient yet: fill in the address in your mail program."))
        return path


class ReceiptDialog(QDialog):
    issued = Signal(object)  # the IssuedReceipt, once written and kept

    def __init__(self, store, inbox_id: int, parent: QWidget | None = None, *, open_url=None,  # type: ignore[no-untyped-def]
                 drivers=None) -> None:
        super().__init__(parent)
        self.setObjectName("receiptDialog")
        self.store = store
        self.record = store.get_inbox_package(inbox_id)
        self.worker: Worker | None = None
        self.progress: QProgressDialog | None = None
        self.result: IssuedReceipt | None = None
        self.sent_message = ""

        self.pages = QStackedWidget(self)
        form_page = QWidget(self.pages)
        self.summary = QLabel(form_page)
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet("font-weight: bold;")
        self.decision_label = QLabel(form_page)
        self.decision = QComboBox(form_page)
        self.decision.setObjectName("receiptDecision")
        self.decision_label.setBuddy(self.decision)
        for value, _text in DECISIONS:
            self.decision.addItem("", value)
        self.message_label = QLabel(form_page)
        self.message_edit = QPlainTextEdit(form_page)
        self.message_edit.setObjectName("receiptMessage")
        self.message_edit.setTabChangesFocus(True)
        self.message_edit.setFixedHeight(self.message_edit.fontMetrics().lineSpacing() * 5 + 12)
        self.message_label.setBuddy(self.message_edit)
        self.folder_label = QLabel(form_page)
        self.folder = QLineEdit(receipt_folder(store), form_page)
        self.folder.setObjectName("receiptFolder")
        self.folder_label.setBuddy(self.folder)
        self.folder_browse = QPushButton(form_page)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(self.folder_browse)
        fields = QFormLayout()
        fields.addRow(self.decision_label, self.decision)
        fields.addRow(self.message_label, self.message_edit)
        fields.addRow(self.folder_label, folder_row)

        self.signer_box = QGroupBox(form_page)
        self.signer = SignerChoice(store, self.signer_box, drivers=drivers)
        QVBoxLayout(self.signer_box).addWidget(self.signer)

        self.error = QLabel(form_page)
        self.error.setObjectName("receiptError")
        self.error.setWordWrap(True)
        form_layout = QVBoxLayout(form_page)
        form_layout.addWidget(self.summary)
        form_layout.addLayout(fields)
        form_layout.addWidget(self.signer_box)
        form_layout.addWidget(self.error)
        form_layout.addStretch(1)
        self.result_panel = ReceiptResult(store, self.pages, open_url=open_url)
        self.pages.addWidget(form_page)
        self.pages.addWidget(self.result_panel)

        self.sign_button = QPushButton(self)
        self.sign_button.setObjectName("signReceipt")
        self.sign_button.setDefault(True)
        self.close_button = QPushButton(self)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.sign_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages, 1)
        layout.addLayout(buttons)

        self.sign_button.clicked.connect(self.start)
        self.close_button.clicked.connect(self.reject)
        self.folder_browse.clicked.connect(self.browse_folder)
        self.signer.changed.connect(self._update)
        self.decision.currentIndexChanged.connect(self._decision_changed)
        self.retranslate()
        self.resize(640, 480)

    def retranslate(self) -> None:
        self.setWindowTitle(_("Send a receipt"))
        record = self.record
        self.summary.setText(_("Package {id}: {file} — {org}, period {period}, revision {revision}").format(
            id=record.id, file=record.file_name, org=record.details.get("org_name") or record.org_id or "?",
            period=record.period or "?", revision=record.revision or "?"))
        self.decision_label.setText(_("&Decision:"))
        refusal = self._refusal("accepted")
        model = self.decision.model()
        for index, (value, text) in enumerate(DECISIONS):
            self.decision.setItemText(index, _(text))
            if value == "accepted" and isinstance(model, QStandardItemModel):
                item = model.item(index)
                item.setEnabled(refusal is None)
                item.setToolTip(refusal or "")
        self.folder_label.setText(_("Save the receipt in:"))
        self.folder.setAccessibleName(_("Folder for the receipt"))
        self.folder_browse.setText(_("Choose folder…"))
        self.signer_box.setTitle(_("Digital signature"))
        self.signer.retranslate()
        self.message_edit.setAccessibleName(_("Message to the reporter"))
        self.sign_button.setText(_("&Sign the receipt"))
        self.result_panel.retranslate()
        self._decision_changed()

    def _refusal(self, decision: str) -> str | None:
        try:
            check_decision(self.record, decision)
        except ReceiptError as exc:
            return exc.render()
        return None

    def _decision_changed(self) -> None:
        if self.decision.currentData() == "correction_requested":
            self.message_label.setText(_("&Message (required):"))
            self.message_edit.setPlaceholderText(_("What the reporter must correct or complete"))
        else:
            self.message_label.setText(_("&Message (optional):"))
            self.message_edit.setPlaceholderText("")
        self._update()

    # -- state

    def busy(self) -> bool:
        return self.worker is not None

    def _update(self) -> None:
        done = self.pages.currentIndex() == 1
        idle = not self.busy()
        self.sign_button.setVisible(not done)
        self.sign_button.setEnabled(idle and not self.signer.scanning())
        self.close_button.setText(_("Close") if done else _("Cancel"))
        for widget in (self.decision, self.message_edit, self.folder, self.folder_browse, self.signer_box):
            widget.setEnabled(idle)

    def show_error(self, text: str) -> None:
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setText(text)

    def browse_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, _("Where to save the receipt"), self.folder.text())
        if folder:
            self.folder.setText(folder)

    # -- signing

    def problem(self) -> str | None:
        """Why the receipt cannot be signed as filled in; None when it can."""
        decision = self.decision.currentData()
        message = self.message_edit.toPlainText().strip()
        if decision == "correction_requested" and not message:
            self.message_edit.setFocus()
            return _("Write what the reporter must correct: a correction request needs a message.")
        if len(message) > MAX_MESSAGE:
            self.message_edit.setFocus()
            return _("The message is longer than {limit} characters.").format(limit=MAX_MESSAGE)
        refusal = self._refusal(decision)
        if refusal is not None:
            return refusal
        if not self.folder.text().strip():
            return _("Choose the folder for the receipt.")
        return self.signer.problem()

    def start(self) -> None:
        if self.busy() or self.pages.currentIndex() == 1:
            return
        problem = self.problem()
        if problem is not None:
            self.show_error(problem)
            return
        folder = self.folder.text().strip()
        if not getattr(self.store, "readonly", False):
            self.signer.remember()
            if self.store.get_setting(SETTING_FOLDER) != folder:
                self.store.set_setting(SETTING_FOLDER, folder)
        decision, message = self.decision.currentData(), self.message_edit.toPlainText().strip()
        spec = self.signer.spec()  # takes the password or PIN out of its field
        worker = Worker(partial(run_receipt, Path(self.store.path), self.record.id, decision, folder, spec, message))
        worker.progressed.connect(self._progressed)
        worker.succeeded.connect(self._succeeded)
        worker.failed.connect(self._failed)
        self.worker, self.sent_message = worker, message
        self.error.setStyleSheet("")
        self.error.setText(_("Signing the receipt…"))
        self._show_progress()
        self._update()
        worker.start(self)

    def _show_progress(self) -> None:
        progress = QProgressDialog(_("Preparing…"), "", 0, 100, self)
        progress.setObjectName("receiptProgress")
        progress.setWindowTitle(_("Signing the receipt"))
        progress.setCancelButton(None)  # one signature: it ends by itself in seconds
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(0)
        progress.setAutoClose(False)
        progress.setAutoReset(False)
        progress.setValue(0)
        progress.show()
        self.progress = progress

    def _close_progress(self) -> None:
        if self.progress is not None:
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None

    def _progressed(self, fraction: float, text: str) -> None:
        if self.progress is not None:
            self.progress.setLabelText(text)
            self.progress.setValue(round(fraction * 100))

    def _succeeded(self, issued: IssuedReceipt) -> None:
        self.worker = None
        self._close_progress()
        self.result = issued
        self.error.clear()
        self.result_panel.show_result(self.record.id, issued, self.sent_message)
        self.pages.setCurrentIndex(1)
        self._update()
        self.close_button.setFocus()
        self.issued.emit(issued)

    def _failed(self, error: Exception) -> None:
        self.worker = None
        self._close_progress()
        reason = error.render() if hasattr(error, "render") else (str(error) or type(error).__name__)
        self.show_error(_("The receipt was not signed: {error}").format(error=reason))
        self._update()
        self.activateWindow()  # back from the progress dialog
        self.signer.secret.setFocus()  # typed again by the user: a PIN is never retried by itself

    # -- closing

    def reject(self) -> None:
        if self.busy():  # the signature ends by itself; the dialog never leaves it running
            return
        super().reject()

    def done(self, code: int) -> None:
        self.signer.wait()
        if self.worker is not None:
            self.worker.wait()
        super().done(code)

    def closeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if self.busy():
            event.ignore()
            return
        super().closeEvent(event)
