"""The export dialog: who signs, which evidence goes with the report, where the package goes; then
the signing runs in a worker thread behind a progress dialog that can be cancelled, and the
result panel takes the dialog's place.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.export.service import (
    ExportCancelled,
    ExportResult,
    export_report,
    revocation_source,
    sample_refusal,
)
from desktop.i18n import _, count_text, ngettext
from desktop.reporting import report_info as info
from desktop.reporting.meta import read_meta, save_attachments
from desktop.reporting.reports import organization, validate_report
from desktop.signing.drivers import Driver
from desktop.signing.spec import SignerSpec
from desktop.store import Store
from desktop.ui.export.attachments import AttachmentList
from desktop.ui.export.confirm import confirmation_box
from desktop.ui.export.job_dialog import ERROR_STYLE, SETTING_FOLDER, JobDialog, default_folder
from desktop.ui.export.preview import PreviewPanel
from desktop.ui.export.result_panel import ResultPanel
from desktop.ui.export.signer_choice import SignerChoice
from desktop.ui.export.worker import Worker
from desktop.ui.signals import emit

if TYPE_CHECKING:
    from desktop.ui.export.signature_check import SignatureCheckDialog

SETTING_TIMESTAMP = "export.timestamp_url"


def run_export(store_path: Path, report_id: str, folder: str, spec: SignerSpec, timestamp_url: str | None,
               attachments: list[Path], worker: Worker) -> ExportResult:
    """The job of the worker thread: it opens its own connection to the store (a SQLite
    connection belongs to the thread that opened it)."""
    with Store.open(store_path) as store:
        return export_report(store, report_id, folder, spec, timestamp_url=timestamp_url, attachments=attachments,
                             revocation=revocation_source(store),  # B-LT when online checks are on
                             progress=lambda fraction, message: worker.report(fraction, message.render()),
                             cancel=worker.cancelled, confirm=lambda warning: worker.ask(warning.render()))


class ExportDialog(JobDialog):
    exported = Signal(str)  # the report id, once its package is written and kept

    def __init__(self, store: Store, report_id: str, parent: QWidget | None = None, *,
                 open_url: Callable[[QUrl], bool] | None = None, drivers: list[Driver] | None = None) -> None:
        super().__init__(store, parent)
        self.setObjectName("exportDialog")
        self.report = store.get_report(report_id)
        self.error_count = 0
        self.signer_warning: QMessageBox | None = None  # the last warning about the certificate shown
        self.confirm_box: QMessageBox | None = None  # the confirmation before signing, while it is open

        form_page = QWidget(self.pages)
        self.summary = QLabel(form_page)
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet("font-weight: bold;")
        self.blocker = QLabel(form_page)
        self.blocker.setObjectName("blocker")
        self.blocker.setWordWrap(True)
        self.blocker.setStyleSheet("background: #fdecea; color: #b71c1c; padding: 8px;")
        self.error_list = QListWidget(form_page)  # every error, not just how many
        self.error_list.setObjectName("exportErrors")
        self.error_list.setWordWrap(True)
        self.error_list.setMaximumHeight(150)
        self.preview_button = QPushButton(form_page)
        self.preview_button.setObjectName("previewButton")

        self.signer_box = QGroupBox(form_page)
        self.signer = SignerChoice(store, self.signer_box, drivers=drivers)
        self.check_button = QPushButton(self.signer_box)
        signer_layout = QVBoxLayout(self.signer_box)
        signer_layout.addWidget(self.signer)
        signer_layout.addWidget(self.check_button, 0, Qt.AlignmentFlag.AlignLeft)

        self.attachments = AttachmentList(form_page)
        self.attachments.add([p for p in read_meta(store, self.report.id).attachments if Path(p).is_file()])

        folder_row = self.folder_field(form_page, default_folder(store), "outputFolder")
        self.timestamp_label = QLabel(form_page)
        saved_url = store.get_setting(SETTING_TIMESTAMP)
        self.timestamp = QLineEdit(saved_url if isinstance(saved_url, str) else "", form_page)
        self.timestamp.setObjectName("timestampUrl")
        self.timestamp_label.setBuddy(self.timestamp)
        where = QFormLayout()
        where.addRow(self.folder_label, folder_row)
        where.addRow(self.timestamp_label, self.timestamp)

        self.message = QLabel(form_page)
        self.message.setObjectName("exportMessage")
        self.message.setWordWrap(True)
        self.preview = PreviewPanel(store, self.report.id, form_page, open_url=open_url)
        self.preview.hide()  # until the user asks for a preview: then what became of it, under the button
        form_layout = QVBoxLayout(form_page)
        form_layout.addWidget(self.summary)
        form_layout.addWidget(self.blocker)
        form_layout.addWidget(self.error_list)
        form_layout.addWidget(self.preview_button, 0, Qt.AlignmentFlag.AlignLeft)
        form_layout.addWidget(self.preview)
        form_layout.addWidget(self.signer_box)
        form_layout.addWidget(self.attachments)
        form_layout.addLayout(where)
        form_layout.addWidget(self.message)
        form_layout.addStretch(1)
        self.result_panel: ResultPanel = ResultPanel(store, self.pages, open_url=open_url)
        self.export_button = self.finish_layout(form_page, self.result_panel, "exportButton")
        self.inputs = (self.signer_box, self.attachments, self.folder, self.folder_browse, self.timestamp)
        self.preview_button.clicked.connect(self.show_preview)
        self.preview.finished.connect(self._update)

        self.export_button.clicked.connect(self.start_export)
        self.check_button.clicked.connect(self.check_setup)
        self.folder_browse.clicked.connect(self.browse_folder)
        self.signer.changed.connect(self._update)
        self.folder.textChanged.connect(self._update)
        self.check_report()
        self.retranslate()
        self.resize(680, 620)

    def retranslate(self) -> None:
        self.setWindowTitle(_("Export and sign the report"))
        org = organization(self.store, self.report.org_id).name
        self.summary.setText(_("{report} — {org}").format(report=info.describe_report(self.report), org=org))
        self.blocker.setAccessibleName(_("Why the report cannot be exported"))
        self.signer_box.setTitle(_("Digital signature"))
        self.signer.retranslate()
        self.check_button.setText(_("Check my signature setup…"))
        self.attachments.retranslate()
        self.folder_label.setText(_("Save the package in:"))
        self.folder.setAccessibleName(_("Folder for the package"))
        self.folder_browse.setText(_("Choose folder…"))
        self.timestamp_label.setText(_("Timestamp server (optional):"))
        self.timestamp.setAccessibleName(_("Address of the timestamp server"))
        self.timestamp.setPlaceholderText(_("none: the time of this computer is used"))
        self.message.setAccessibleName(_("Export message"))
        self.export_button.setText(_("&Export and sign"))
        self.preview_button.setText(_("Pre&view PDF"))
        self.preview_button.setToolTip(_("Draw the report as it will be signed and open it in your PDF viewer, "
                                         "without signing anything"))
        self.error_list.setAccessibleName(_("Errors to correct before the export"))
        self.preview.retranslate()
        self.result_panel.retranslate()
        self.check_report()
        self._update()

    # -- state

    def check_report(self) -> None:
        """Block the export of a sample, of a report with errors (listed one by one) or of one that
        is no longer a draft, saying why."""
        self.report = self.store.get_report(self.report.id)
        text, errors = "", []
        sample = sample_refusal(self.store, self.report.id)
        if not self.report.editable:
            text = _("This report is not a draft any more (submitted or in the trash); it cannot be exported again.")
        elif sample is not None:
            text = _("The report cannot be signed: {reason}").format(reason=sample.render())
        else:
            verdict = validate_report(self.store, self.report.id)
            self.error_count = len(verdict.errors)
            errors = [issue.message.render() for issue in verdict.errors]
            if errors:
                text = ngettext("The report has {count} error; it can be signed once it is corrected (the checks "
                                "panel lists it too, and F8 goes to it):",
                                "The report has {count} errors; it can be signed once they are corrected (the checks "
                                "panel lists them too, and F8 goes to the next one):", len(errors)).format(
                    count=count_text(len(errors)))
        self.blocker.setText(text)
        self.blocker.setVisible(bool(text) and self.pages.currentIndex() == 0)
        self.error_list.clear()
        self.error_list.addItems(errors)
        self.error_list.setVisible(bool(errors) and self.pages.currentIndex() == 0)

    def _update(self) -> None:
        super()._update()
        allowed = self.ready()  # a blocked report: nothing to choose, the signer fields stay shut
        if self.pages.currentIndex() == 0 and not self.busy():
            for widget in self.inputs:
                widget.setEnabled(allowed)
        self.preview_button.setEnabled(not self.preview.busy() and self.pages.currentIndex() == 0)

    def blocked(self) -> bool:
        return bool(self.blocker.text())

    def ready(self) -> bool:
        return not self.blocked()

    def show_message(self, text: str, *, error: bool = True) -> None:
        self.message.setStyleSheet(ERROR_STYLE if error else "")
        self.message.setText(text)

    # -- actions

    def show_preview(self) -> None:
        """"Preview PDF": the unsigned PDF drawn, then opened in the system's PDF viewer; the panel
        under the button says so (or where the file is when no viewer opened it)."""
        self.preview.show()
        self.preview.start()
        self._update()

    def browse_folder(self) -> None:
        self.browse(_("Where to save the package"))

    def check_setup(self) -> SignatureCheckDialog:
        from desktop.ui.export.signature_check import SignatureCheckDialog

        dialog = SignatureCheckDialog(self.store, self)
        dialog.open()
        return dialog

    def _remember(self, folder: str, timestamp_url: str) -> None:
        if getattr(self.store, "readonly", False):
            return
        self.signer.remember()
        for key, value in ((SETTING_FOLDER, folder), (SETTING_TIMESTAMP, timestamp_url)):
            if self.store.get_setting(key) != value:
                self.store.set_setting(key, value)
        paths = [str(p) for p in self.attachments.paths()]
        if read_meta(self.store, self.report.id).attachments != paths:
            save_attachments(self.store, self.report.id, paths)

    def start_export(self) -> None:
        if self.busy():
            return
        self.check_report()
        if self.blocked():
            self._update()
            return
        problem = self.signer.problem()
        folder = self.folder.text().strip()
        if problem is None and not folder:
            problem = _("Choose the folder for the package.")
        if problem is not None:
            self.show_message(problem)
            return
        self._confirm(folder)

    def _confirm(self, folder: str) -> None:
        """Name the organisation, period, signer and what will happen; sign only when the user agrees."""
        box, sign = confirmation_box(self, self.store, self.report, folder, self.signer)
        self.confirm_box = box
        box.finished.connect(lambda _result: self._confirmed(box, sign, folder))
        box.open()

    def _confirmed(self, box: QMessageBox, sign: QPushButton, folder: str) -> None:
        self.confirm_box = None
        box.deleteLater()
        if box.clickedButton() is not sign:
            self.show_message(_("Nothing was signed."), error=False)
            return
        self._run(folder)

    def _run(self, folder: str) -> None:
        timestamp_url = self.timestamp.text().strip()
        self._remember(folder, timestamp_url)
        spec = self.signer.spec()  # takes the secret out of its field
        attachments = self.attachments.paths()
        store_path, report_id = Path(self.store.path), self.report.id
        self.show_message(_("Exporting…"), error=False)
        self.run_job(partial(run_export, store_path, report_id, folder, spec, timestamp_url or None, attachments),
                     _("Exporting the report"), name="exportProgress", on_cancel=self.cancel_export)

    def _asked(self, text: str) -> None:
        """Before signing: the certificate does not name the reporting organisation. Sign anyway
        (Cục ATMT will hold the package until it decides) or stop with nothing written."""
        box = QMessageBox(QMessageBox.Icon.Warning, _("The certificate does not name your organisation"), text,
                          QMessageBox.StandardButton.NoButton, self)
        box.setObjectName("signerWarning")
        box.setInformativeText(_("Sign and export anyway?"))
        sign = box.addButton(_("Sign anyway"), QMessageBox.ButtonRole.AcceptRole)
        sign.setObjectName("signAnyway")
        stop = box.addButton(_("Do not sign"), QMessageBox.ButtonRole.RejectRole)
        stop.setObjectName("doNotSign")
        box.setDefaultButton(stop)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        self.signer_warning = box
        worker = self.worker
        box.finished.connect(lambda _result: worker.answer(box.clickedButton() is sign) if worker else None)
        box.open()

    def cancel_export(self) -> None:
        """Stop at the next step; a signature already under way ends first (tokens are not interrupted)."""
        if self.worker is not None:
            self.worker.cancel()
            self.show_message(_("Stopping the export…"), error=False)

    def _succeeded(self, result: ExportResult) -> None:
        self.end_job()
        self.show_message("", error=False)
        self.result_panel.show_result(self.report.id, result)
        self.blocker.hide()
        self.show_result_page()
        emit(self.exported, self.report.id)

    def _failed(self, error: BaseException) -> None:
        self.end_job()
        if isinstance(error, ExportCancelled):
            self.show_message(error.render(), error=False)
        elif hasattr(error, "render"):
            self.show_message(error.render())
        else:
            reason = str(error) or type(error).__name__
            self.show_message(_("The export failed unexpectedly: {error}").format(error=reason))
        self.back_to_form()

    def stop(self) -> None:
        self.cancel_export()

    def done(self, code: int) -> None:
        self.preview.wait()
        super().done(code)
