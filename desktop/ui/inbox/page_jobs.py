"""The Inbox page's jobs: importing packages and writing the board and the consolidation, each in a
worker thread (with its own store connection) behind a progress dialog that can be cancelled.
The dialogs that ask for files and folders are injectable, so tests drive the page as a user would."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QLabel, QProgressDialog, QWidget

from desktop.i18n import LocalizedError, _, count_text, current_language, ngettext
from desktop.inbox.board import Board
from desktop.inbox.imap import FetchResult
from desktop.inbox.importer import ImportResult, import_packages
from desktop.inbox.outputs import ConsolidationFiles, write_board_xlsx, write_consolidation
from desktop.store.shared import opener
from desktop.ui.export.worker import Worker
from desktop.ui.inbox.mail import remove_folder

PickFiles = Callable[[QWidget], list[str]]
PickPath = Callable[[QWidget], str]


def _pick_files(parent: QWidget) -> list[str]:
    files, _filter = QFileDialog.getOpenFileNames(parent, _("Received packages"), "",
                                                  _("Report packages and e-mails (*.asice *.sce *.eml *.msg)"))
    return files


def _pick_folder(parent: QWidget) -> str:
    return QFileDialog.getExistingDirectory(parent, _("Choose a folder"))


def _pick_xlsx(parent: QWidget) -> str:
    path, _filter = QFileDialog.getSaveFileName(parent, _("Export the board"), "", _("Excel workbook (*.xlsx)"))
    return path


def run_import(open_store: Callable[[], Any], paths: list[str], worker: Worker) -> ImportResult:
    with open_store() as store:
        return import_packages(store, paths, progress=lambda f, m: worker.report(f, m.render()),
                               cancel=worker.cancelled)


def run_consolidation(open_store: Callable[[], Any], period: str, form_id: str, folder: str,
                      worker: Worker) -> ConsolidationFiles:
    worker.report(0.1, _("Consolidating the accepted reports…"))
    with open_store() as store:
        return write_consolidation(store, period, form_id, folder)


class JobsMixin(QWidget):
    """Import, export and consolidation: the InboxPage's jobs (the page sets these attributes)."""

    store: Any
    worker: Worker | None
    progress: QProgressDialog | None
    pick_files: PickFiles
    pick_folder: PickPath
    pick_xlsx: PickPath
    message: QLabel
    board: Board | None
    dropped_folder: Path | None
    last_import: ImportResult | None
    last_consolidation: ConsolidationFiles | None

    def refresh(self) -> None: ...  # InboxPage
    def _update(self) -> None: ...  # InboxPage

    # -- import

    def import_files(self) -> None:
        files = self.pick_files(self)
        if files:
            self.import_paths(files)

    def import_folder(self) -> None:
        folder = self.pick_folder(self)
        if folder:
            self.import_paths([folder])

    def import_paths(self, paths: list[str]) -> None:
        if self.worker is not None or not paths:
            return
        worker = Worker(partial(run_import, opener(self.store), list(paths)))
        worker.succeeded.connect(self._imported)
        self._start(worker, _("Importing packages"))

    def _imported(self, result: ImportResult) -> None:
        self._finish()
        remove_folder(self.dropped_folder)
        self.dropped_folder = None
        self.last_import = result
        statuses = [item.status for item in result.items if item.outcome == "imported"]
        text = _("{new} imported ({rejected} rejected, {untrusted} awaiting a decision), {duplicates} already in "
                 "the inbox, {errors} not read.").format(
            new=result.count("imported"), rejected=statuses.count("invalid"), untrusted=statuses.count("untrusted"),
            duplicates=result.count("duplicate"), errors=result.count("error"))
        if isinstance(result, FetchResult):
            text = _("New messages read: {count}.").format(count=result.messages) + " " + text
        if result.cancelled:
            text = _("Import stopped.") + " " + text
        self.message.setText(text)
        self.refresh()

    # -- outputs

    def export_board(self) -> None:
        if self.board is None:
            return
        path = self.pick_xlsx(self)
        if not path:
            return
        if not path.lower().endswith(".xlsx"):
            path += ".xlsx"
        try:
            written = write_board_xlsx(self.board, path, current_language())
        except LocalizedError as exc:
            self.message.setText(exc.render())
            return
        self.message.setText(_("Wrote the board to {path}.").format(path=written))

    def consolidate(self) -> None:
        folder = self.pick_folder(self) if self.board is not None else ""
        if not folder or self.board is None:
            return
        worker = Worker(partial(run_consolidation, opener(self.store), self.board.period, self.board.form_id,
                                folder))
        worker.succeeded.connect(self._consolidated)
        self._start(worker, _("Consolidating"))

    def _consolidated(self, files: ConsolidationFiles) -> None:
        self._finish()
        self.last_consolidation = files
        self.message.setText(ngettext("Consolidated {count} accepted report:", "Consolidated {count} accepted reports:",
                                      files.report.reporters).format(count=count_text(files.report.reporters))
                             + " " + ", ".join(str(p) for p in (files.pdf, files.xlsx, files.docx)))

    # -- the worker and its progress dialog

    def _start(self, worker: Worker, title: str) -> None:
        worker.progressed.connect(self._progressed)
        worker.failed.connect(self._failed)
        self.worker = worker
        progress = QProgressDialog(_("Preparing…"), _("Cancel"), 0, 100, self)
        progress.setObjectName("inboxProgress")
        progress.setWindowTitle(title)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(0)
        progress.setAutoClose(False)
        progress.setAutoReset(False)
        progress.canceled.connect(worker.cancel)
        progress.setValue(0)
        progress.show()
        self.progress = progress
        self._update()
        worker.start(self)

    def _progressed(self, fraction: float, text: str) -> None:
        if self.progress is not None and not self.progress.wasCanceled():
            self.progress.setLabelText(text)
            self.progress.setValue(round(fraction * 100))

    def _failed(self, error: Exception) -> None:
        self._finish()
        self.message.setText(error.render() if isinstance(error, LocalizedError)
                             else _("Unexpected error: {error}").format(error=str(error) or type(error).__name__))

    def _finish(self) -> None:
        self.worker = None
        if self.progress is not None:
            self.progress.close()
            self.progress.setParent(None)  # gone from the page at once, not when the event loop next deletes
            self.progress.deleteLater()
            self.progress = None
        self._update()

    def busy(self) -> bool:
        return self.worker is not None

    def closeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if self.worker is not None:  # never leave a job running behind a closed window
            self.worker.cancel()
            self.worker.wait()
        super().closeEvent(event)
