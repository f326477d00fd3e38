"""The Inbox's "Sign and send the request…": the chosen ad hoc request signed as `YC-<id>.asice` for
its addressees (the folder remembered; who signs: certificate file or USB token, the secret never
kept), in a worker thread with its own store connection; then the file, "Open folder" and an e-mail
draft with the file attached."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QVBoxLayout, QWidget

from desktop.export.email_draft import size_text
from desktop.i18n import _, current_language
from desktop.inbox.request_file import ExportedRequest, build_request_draft, export_request
from desktop.store.records import RequestRecord
from desktop.store.shared import opener
from desktop.ui.export.job_dialog import ERROR_STYLE, JobDialog, default_folder
from desktop.ui.export.result_base import ResultBase
from desktop.ui.export.signer_choice import SignerChoice
from desktop.ui.export.worker import Worker

SETTING_FOLDER = "inbox.request_folder"


def run_request_export(open_store, request_id: str, folder: str, spec, worker: Worker) -> ExportedRequest:  # type: ignore[no-untyped-def]
    worker.report(0.2, _("Signing the request…"))
    with open_store() as store:
        return export_request(store, request_id, folder, spec)


class RequestResult(ResultBase):
    def __init__(self, store: Any, record: RequestRecord, parent: QWidget | None = None, *, open_url=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(store, parent, open_url=open_url, name="requestResult")
        self.record = record
        self.exported: ExportedRequest | None = None
        self.file_name.setObjectName("requestFile")
        facts = QFormLayout()
        facts.addRow(self.file_caption, self.file_name)
        facts.addRow(self.folder_caption, self.folder)
        self.finish_layout(facts, names=("requestOpenFolder", "requestRecipient", "requestDraft"))
        self.retranslate()

    def retranslate(self) -> None:
        super().retranslate()
        self.heading.setText(_("The request is signed and saved."))
        self.mail_note.setText(_("Send the request to its addressees by e-mail. CT20 can prepare the e-mail for "
                                 "you, with the request attached."))
        self.recipient.setPlaceholderText(_("the addressees' e-mail addresses, separated by commas"))

    def show_result(self, exported: ExportedRequest) -> None:
        self.exported = exported
        self.status.clear()
        size = size_text(exported.size, current_language())
        self.file_name.setText(f"{exported.path.name} ({size})")
        self.folder.setText(str(exported.path.parent))

    def saved_path(self) -> Path:
        assert self.exported is not None
        return self.exported.path

    def make_draft(self) -> Path | None:
        assert self.exported is not None
        exported, recipients = self.exported, [a.strip() for a in self.recipient.text().split(",") if a.strip()]
        return self._write_draft(", ".join(recipients), exported.path.name, lambda: build_request_draft(
            self.store, self.record, recipients=recipients, file_name=exported.path.name,
            data=exported.path.read_bytes()))


class RequestSendDialog(JobDialog):
    def __init__(self, store: Any, request_id: str, parent: QWidget | None = None, *, open_url=None,  # type: ignore[no-untyped-def]
                 drivers=None) -> None:
        super().__init__(store, parent)
        self.setObjectName("requestSendDialog")
        self.record = store.get_request(request_id)
        self.exported: ExportedRequest | None = None
        form_page = QWidget(self.pages)
        self.summary = QLabel(form_page)
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet("font-weight: bold;")
        saved = store.get_setting(SETTING_FOLDER)
        folder_row = self.folder_field(form_page, saved if isinstance(saved, str) and saved
                                       else default_folder(store), "requestFolder")
        fields = QFormLayout()
        fields.addRow(self.folder_label, folder_row)
        self.signer_box = QGroupBox(form_page)
        self.signer = SignerChoice(store, self.signer_box, drivers=drivers)
        QVBoxLayout(self.signer_box).addWidget(self.signer)
        self.error = QLabel(form_page)
        self.error.setObjectName("requestError")
        self.error.setWordWrap(True)
        layout = QVBoxLayout(form_page)
        layout.addWidget(self.summary)
        layout.addLayout(fields)
        layout.addWidget(self.signer_box)
        layout.addWidget(self.error)
        layout.addStretch(1)
        self.result_panel: RequestResult = RequestResult(store, self.record, self.pages, open_url=open_url)
        self.sign_button = self.finish_layout(form_page, self.result_panel, "signRequest")
        self.inputs = (self.folder, self.folder_browse, self.signer_box)
        self.sign_button.clicked.connect(self.start)
        self.folder_browse.clicked.connect(lambda: self.browse(_("Where to save the request")))
        self.signer.changed.connect(self._update)
        self.retranslate()
        self.resize(640, 420)

    def retranslate(self) -> None:
        self.setWindowTitle(_("Sign and send the request"))
        record = self.record
        self.summary.setText(_("Request {number} of {date} from {requester}: {count} addressees").format(
            number=record.number, date=record.date, requester=record.requester, count=len(record.addressees)))
        self.folder_label.setText(_("Save the request in:"))
        self.folder.setAccessibleName(_("Folder for the request"))
        self.folder_browse.setText(_("Choose folder…"))
        self.signer_box.setTitle(_("Digital signature"))
        self.signer.retranslate()
        self.sign_button.setText(_("&Sign the request"))
        self.result_panel.retranslate()

    def show_error(self, text: str) -> None:
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setText(text)

    def start(self) -> None:
        if self.busy() or self.pages.currentIndex() == 1:
            return
        folder = self.folder.text().strip()
        problem = _("Choose the folder for the request.") if not folder else self.signer.problem()
        if problem is not None:
            self.show_error(problem)
            return
        if not getattr(self.store, "readonly", False):
            self.signer.remember()
            if self.store.get_setting(SETTING_FOLDER) != folder:
                self.store.set_setting(SETTING_FOLDER, folder)
        spec = self.signer.spec()  # takes the password or PIN out of its field
        self.error.setStyleSheet("")
        self.error.setText(_("Signing the request…"))
        self.run_job(partial(run_request_export, opener(self.store), self.record.id, folder, spec),
                     _("Signing the request"), name="requestProgress")

    def _succeeded(self, exported: ExportedRequest) -> None:
        self.end_job()
        self.exported = exported
        self.error.clear()
        self.result_panel.show_result(exported)
        self.show_result_page()

    def _failed(self, error: Exception) -> None:
        self.end_job()
        reason = error.render() if hasattr(error, "render") else (str(error) or type(error).__name__)
        self.show_error(_("The request was not signed: {error}").format(error=reason))
        self.back_to_form()
