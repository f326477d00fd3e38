"""What the export dialog and the Inbox's receipt dialog share: a form page that gives way to a result
page, one action button beside Close/Cancel, a folder field with "Choose folder…", and the signing
job that runs in a worker thread (its own store connection) behind a progress dialog.

A subclass builds its form page inside `self.pages`, calls `finish_layout`, sets `self.inputs` (what is
disabled while the job runs) and starts the job with `run_job`; it implements `_succeeded` and
`_failed`, which begin with `end_job()`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressDialog,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _
from desktop.store import Store
from desktop.ui.export.signer_choice import SignerChoice
from desktop.ui.export.worker import Worker
from desktop.ui.signals import disconnect

SETTING_FOLDER = "export.folder"
ERROR_STYLE = "color: #b71c1c;"


def default_folder(store: Store) -> str:  # type: ignore[no-untyped-def]
    saved = store.get_setting(SETTING_FOLDER)
    if isinstance(saved, str) and saved:
        return saved
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return documents or str(Path.home())


class JobDialog(QDialog):
    signer: SignerChoice  # made by the subclass

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.store = store
        self.worker: Worker | None = None
        self.progress: QProgressDialog | None = None
        self._on_cancel: Callable[[], None] | None = None
        self.inputs: tuple[QWidget, ...] = ()
        self.pages = QStackedWidget(self)

    def folder_field(self, parent: QWidget, text: str, name: str) -> QHBoxLayout:
        """The folder line edit with its label and "Choose folder…" button, as `self.folder*`."""
        self.folder_label = QLabel(parent)
        self.folder = QLineEdit(text, parent)
        self.folder.setObjectName(name)
        self.folder_label.setBuddy(self.folder)
        self.folder_browse = QPushButton(parent)
        row = QHBoxLayout()
        row.addWidget(self.folder, 1)
        row.addWidget(self.folder_browse)
        return row

    def finish_layout(self, form_page: QWidget, result_panel: QWidget, button_name: str) -> QPushButton:
        """The two pages and the button row; returns the action button (the dialog's default)."""
        self.result_panel = result_panel
        self.pages.addWidget(form_page)
        self.pages.addWidget(result_panel)
        self.action_button = QPushButton(self)
        self.action_button.setObjectName(button_name)
        self.action_button.setDefault(True)
        self.close_button = QPushButton(self)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.action_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages, 1)
        layout.addLayout(buttons)
        self.close_button.clicked.connect(self.reject)
        return self.action_button

    def browse(self, title: str) -> None:
        folder = QFileDialog.getExistingDirectory(self, title, self.folder.text())
        if folder:
            self.folder.setText(folder)

    # -- state

    def busy(self) -> bool:
        return self.worker is not None

    def ready(self) -> bool:
        """Whether the form may be sent, besides the job and the token scan (a subclass may refuse)."""
        return True

    def _update(self) -> None:
        done = self.pages.currentIndex() == 1
        idle = not self.busy()
        self.action_button.setVisible(not done)
        self.action_button.setEnabled(idle and self.ready() and not self.signer.scanning())
        self.close_button.setText(_("Close") if done else _("Cancel"))
        for widget in self.inputs:
            widget.setEnabled(idle)

    # -- the job

    def run_job(self, job: Callable[[Worker], Any], title: str, *, name: str,
                on_cancel: Callable[[], None] | None = None) -> None:
        """Run `job(worker)` in its thread behind a progress dialog (with a Cancel button if `on_cancel`)."""
        worker = Worker(job)
        worker.progressed.connect(self._progressed)
        worker.succeeded.connect(self._succeeded)
        worker.failed.connect(self._failed)
        worker.asked.connect(self._asked)
        self.worker = worker
        self._show_progress(title, name, on_cancel)
        self._update()
        worker.start(self)

    def _show_progress(self, title: str, name: str, on_cancel: Callable[[], None] | None) -> None:
        progress = QProgressDialog(_("Preparing…"), _("Cancel") if on_cancel else "", 0, 100, self)
        progress.setObjectName(name)
        progress.setWindowTitle(title)
        if on_cancel is None:
            progress.setCancelButton(None)  # one signature: it ends by itself in seconds
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(0)
        progress.setAutoClose(False)
        progress.setAutoReset(False)
        if on_cancel is not None:
            progress.canceled.connect(on_cancel)
        progress.setValue(0)
        progress.show()
        self.progress, self._on_cancel = progress, on_cancel

    def _close_progress(self) -> None:
        if self.progress is not None:
            if self._on_cancel is not None:
                disconnect(self.progress.canceled, self._on_cancel)
            self.progress.close()
            self.progress.deleteLater()
            self.progress, self._on_cancel = None, None

    def _progressed(self, fraction: float, text: str) -> None:
        progress = self.progress
        if progress is not None and not (self._on_cancel is not None and progress.wasCanceled()):
            progress.setLabelText(text)
            progress.setValue(round(fraction * 100))  # a modal one processes events: it may close here

    def _asked(self, text: str) -> None:
        """A job's question (a warning to confirm): a dialog that asks overrides this; the default
        goes on, so a job never waits for an answer nobody gives."""
        if self.worker is not None:
            self.worker.answer(True)

    def _succeeded(self, result) -> None:  # type: ignore[no-untyped-def]
        raise NotImplementedError

    def _failed(self, error) -> None:  # type: ignore[no-untyped-def]
        raise NotImplementedError

    def end_job(self) -> None:
        self.worker = None
        self._close_progress()

    def show_result_page(self) -> None:
        self.pages.setCurrentIndex(1)
        self._update()
        self.close_button.setFocus()

    def back_to_form(self) -> None:
        self._update()
        self.activateWindow()  # back from the progress dialog
        self.signer.secret.setFocus()  # typed again by the user: a PIN is never retried by itself

    # -- closing

    def stop(self) -> None:
        """Asked to close while the job runs; by default the job ends by itself first."""

    def reject(self) -> None:
        if self.busy():  # the dialog stays until the worker has stopped: it is never left running
            self.stop()
            return
        super().reject()

    def done(self, code: int) -> None:
        self.signer.wait()
        if self.worker is not None:
            self.worker.cancel()
            self.worker.wait()
        super().done(code)

    def closeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if self.busy():
            self.stop()
            event.ignore()
            return
        super().closeEvent(event)
