"""The receipt dialog of the Inbox: the consolidator's signed answer to one received package.

The decision, its message (required for a correction request), the folder (remembered) and who
signs (the export's signer chooser: certificate file or USB token, the secret never kept); the
signing runs in a worker thread with its own store connection, behind a progress dialog; then the
result: the receipt file, "Open folder" and an email draft to the reporter's contact address.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.export.email_draft import size_text
from desktop.i18n import N_, _, current_language
from desktop.inbox.decisions import actor
from desktop.inbox.receipt_mail import build_receipt_draft, reporter_email
from desktop.inbox.receipt_signatory import Signatory, save_signatory
from desktop.inbox.receipts import (
    MAX_MESSAGE,
    IssuedReceipt,
    ReceiptError,
    check_decision,
    decision_text,
    issue_receipt,
)
from desktop.reporting.report_info import period_code_text
from desktop.store.shared import opener
from desktop.ui.export.job_dialog import ERROR_STYLE, JobDialog, default_folder
from desktop.ui.export.result_base import ResultBase
from desktop.ui.export.signer_choice import SignerChoice
from desktop.ui.export.worker import Worker
from desktop.ui.inbox.receipt_fields import ReceiptNumberingBox, SignatoryBox
from desktop.ui.signals import emit

SETTING_FOLDER = "inbox.receipt_folder"
DECISIONS = (("received", N_("Received")), ("accepted", N_("Accept")),
             ("correction_requested", N_("Request a correction")), ("rejected", N_("Not accepted (rejected package)")))
CHECKED = ("accepted", "rejected")  # offered only when the package allows them


def receipt_folder(store: Any) -> str:  # type: ignore[no-untyped-def]
    saved = store.get_setting(SETTING_FOLDER)
    return saved if isinstance(saved, str) and saved else default_folder(store)


def run_receipt(open_store, inbox_id: int, decision: str, folder: str, spec, message: str,  # type: ignore[no-untyped-def]
                signatory: Signatory, by: dict[str, str], worker: Worker) -> IssuedReceipt:
    """The job of the worker thread, on its own connection to the store (SQLite is per thread)."""
    worker.report(0.2, _("Signing the receipt…"))
    with open_store() as store:
        return issue_receipt(store, inbox_id, decision, folder, spec, message=message, signatory=signatory, by=by)


class ReceiptResult(ResultBase):
    """What was made, and what comes next: open the folder, write the email to the reporter."""

    def __init__(self, store: Any, parent: QWidget | None = None, *, open_url=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(store, parent, open_url=open_url, name="receiptResult")
        self.inbox_id: int | None = None
        self.issued: IssuedReceipt | None = None
        self.message = ""

        self.heading.setWordWrap(True)
        self.file_name.setObjectName("receiptFile")
        self.decision_caption, self.decision = QLabel(self), QLabel(self)
        facts = QFormLayout()
        facts.addRow(self.file_caption, self.file_name)
        facts.addRow(self.folder_caption, self.folder)
        facts.addRow(self.decision_caption, self.decision)
        self.finish_layout(facts, names=("receiptOpenFolder", "receiptRecipient", "receiptDraft"))
        self.retranslate()

    def retranslate(self) -> None:
        super().retranslate()
        self.heading.setText(_("The receipt is signed and saved."))
        self.decision_caption.setText(_("Decision:"))
        self.mail_note.setText(_("Send the receipt to the reporter by email. CT20 can prepare the email for you, "
                                 "with the receipt attached, to the contact address of the report."))
        self.recipient.setPlaceholderText(_("the reporter's contact address"))
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

    def saved_path(self) -> Path:
        assert self.issued is not None
        return self.issued.path

    def make_draft(self) -> Path | None:
        """Write the email draft with the receipt attached and open it in the mail program."""
        assert self.issued is not None and self.inbox_id is not None
        recipient, inbox_id, issued = self.recipient.text().strip(), self.inbox_id, self.issued
        return self._write_draft(recipient, issued.path.name, lambda: build_receipt_draft(
            self.store, inbox_id, recipient=recipient, file_name=issued.path.name, receipt=issued.path.read_bytes(),
            decision=issued.decision, message=self.message))


class ReceiptDialog(JobDialog):
    issued = Signal(object)  # the IssuedReceipt, once written and kept

    def __init__(self, store: Any, inbox_id: int, parent: QWidget | None = None, *, open_url=None,  # type: ignore[no-untyped-def]
                 drivers=None) -> None:
        super().__init__(store, parent)
        self.setObjectName("receiptDialog")
        self.record = store.get_inbox_package(inbox_id)
        self.issued_receipt: IssuedReceipt | None = None
        self.sent_message = ""

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
        folder_row = self.folder_field(form_page, receipt_folder(store), "receiptFolder")
        fields = QFormLayout()
        fields.addRow(self.decision_label, self.decision)
        fields.addRow(self.message_label, self.message_edit)
        fields.addRow(self.folder_label, folder_row)

        self.numbering = ReceiptNumberingBox(store, form_page)
        self.signatory = SignatoryBox(store, form_page)

        self.signer_box = QGroupBox(form_page)
        self.signer = SignerChoice(store, self.signer_box, drivers=drivers)
        QVBoxLayout(self.signer_box).addWidget(self.signer)

        self.error = QLabel(form_page)
        self.error.setObjectName("receiptError")
        self.error.setWordWrap(True)
        form_layout = QVBoxLayout(form_page)
        form_layout.addWidget(self.summary)
        form_layout.addLayout(fields)
        form_layout.addWidget(self.numbering)
        form_layout.addWidget(self.signatory)
        form_layout.addWidget(self.signer_box)
        form_layout.addWidget(self.error)
        form_layout.addStretch(1)
        self.result_panel: ReceiptResult = ReceiptResult(store, self.pages, open_url=open_url)
        self.sign_button = self.finish_layout(form_page, self.result_panel, "signReceipt")
        self.inputs = (self.decision, self.message_edit, self.folder, self.folder_browse, self.numbering,
                       self.signatory, self.signer_box)

        self.sign_button.clicked.connect(self.start)
        self.folder_browse.clicked.connect(self.browse_folder)
        self.signer.changed.connect(self._update)
        self.decision.currentIndexChanged.connect(self._decision_changed)
        self.retranslate()
        self.resize(680, 640)

    def retranslate(self) -> None:
        self.setWindowTitle(_("Send a receipt"))
        record = self.record
        self.summary.setText(_("Package {id}: {file} — {org}, {period}, revision {revision}").format(
            id=record.id, file=record.file_name, org=record.details.get("org_name") or record.org_id or "?",
            period=period_code_text(record.period) if record.period else "?", revision=record.revision or "?"))
        self.decision_label.setText(_("&Decision:"))
        model = self.decision.model()
        for index, (value, text) in enumerate(DECISIONS):
            self.decision.setItemText(index, _(text))
            if value in CHECKED and isinstance(model, QStandardItemModel):
                refusal = self._refusal(value)
                item = model.item(index)
                item.setEnabled(refusal is None)
                item.setToolTip(refusal or "")
        self.folder_label.setText(_("Save the receipt in:"))
        self.folder.setAccessibleName(_("Folder for the receipt"))
        self.folder_browse.setText(_("Choose folder…"))
        self.signer_box.setTitle(_("Digital signature"))
        self.numbering.retranslate()
        self.signatory.retranslate()
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
        if self.decision.currentData() in ("correction_requested", "rejected"):
            self.message_label.setText(_("&Message (required):"))
            self.message_edit.setPlaceholderText(_("What the reporter must correct or complete"))
        else:
            self.message_label.setText(_("&Message (optional):"))
            self.message_edit.setPlaceholderText("")
        self._update()

    def show_error(self, text: str) -> None:
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setText(text)

    def browse_folder(self) -> None:
        self.browse(_("Where to save the receipt"))

    # -- signing

    def problem(self) -> str | None:
        """Why the receipt cannot be signed as filled in; None when it can."""
        decision = self.decision.currentData()
        message = self.message_edit.toPlainText().strip()
        if decision == "correction_requested" and not message:
            self.message_edit.setFocus()
            return _("Write what the reporter must correct: a correction request needs a message.")
        if decision == "rejected" and not message:
            self.message_edit.setFocus()
            return _("Write why the package is not accepted and what the reporter should do.")
        if len(message) > MAX_MESSAGE:
            self.message_edit.setFocus()
            return _("The message is longer than {limit} characters.").format(limit=MAX_MESSAGE)
        refusal = self._refusal(decision)
        if refusal is not None:
            return refusal
        if not self.folder.text().strip():
            return _("Choose the folder for the receipt.")
        return self.numbering.problem() or self.signatory.problem() or self.signer.problem()

    def start(self) -> None:
        if self.busy() or self.pages.currentIndex() == 1:
            return
        problem = self.problem()
        if problem is not None:
            self.show_error(problem)
            return
        folder = self.folder.text().strip()
        by = actor(self.store).as_dict()
        numbering_error = self.numbering.apply(by)
        if numbering_error is not None:
            self.show_error(numbering_error)
            return
        signatory = self.signatory.value()
        if not getattr(self.store, "readonly", False):
            self.signer.remember()
            save_signatory(self.store, signatory)
            if self.store.get_setting(SETTING_FOLDER) != folder:
                self.store.set_setting(SETTING_FOLDER, folder)
        decision, message = self.decision.currentData(), self.message_edit.toPlainText().strip()
        spec = self.signer.spec()  # takes the password or PIN out of its field
        self.sent_message = message
        self.error.setStyleSheet("")
        self.error.setText(_("Signing the receipt…"))
        self.run_job(partial(run_receipt, opener(self.store), self.record.id, decision, folder, spec, message,
                             signatory, by),
                     _("Signing the receipt"), name="receiptProgress")

    def _succeeded(self, issued: IssuedReceipt) -> None:
        self.end_job()
        self.numbering.reload()
        self.issued_receipt = issued
        self.error.clear()
        self.result_panel.show_result(self.record.id, issued, self.sent_message)
        self.show_result_page()
        emit(self.issued, issued)

    def _failed(self, error: Exception) -> None:
        self.end_job()
        self.numbering.reload()
        reason = error.render() if hasattr(error, "render") else (str(error) or type(error).__name__)
        self.show_error(_("The receipt was not signed: {error}").format(error=reason))
        self.back_to_form()
