"""Importing rows from a file into a table editor: the read runs in a worker thread behind a
progress dialog that can cancel it; then the column-mapping preview, then one undoable step."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, SignalInstance
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import QWidget

from desktop.forms.model import Field
from desktop.i18n import LocalizedError, _, count_text, current_language, ngettext
from desktop.reporting.cells import Reading, format_count, read_input, reading_notes
from desktop.reporting.clusters import assign_codes, code_column
from desktop.ui.signals import emit

from . import commands
from .session import EditSession
from .table_model import TableModel

if TYPE_CHECKING:  # with the sheet readers, imported when rows are first imported
    from PySide6.QtWidgets import QMessageBox, QProgressDialog

    from desktop.ui.export.worker import Worker

    from .import_dialog import ImportDialog, ImportPlan


class ImportRows(QWidget):
    """The import half of `TableEditor` (which provides table, model, session, message, focus_cell)."""

    table: Field
    # provided by TableEditor
    model: TableModel
    session: EditSession
    message: SignalInstance
    unreadable: SignalInstance

    def focus_cell(self, row: int, column: str | None) -> None:
        raise NotImplementedError

    def size_columns(self, *, widen_only: bool = False) -> None:
        raise NotImplementedError

    def _column(self, key: str) -> Field:
        column = self.table.column(key)
        assert column is not None, key  # keys come from this table's own columns
        return column

    def init_import(self) -> None:
        self.import_worker: Worker | None = None
        self.import_progress: QProgressDialog | None = None
        self.import_dialog: ImportDialog | None = None
        self.import_error: QMessageBox | None = None
        self.import_path = Path()

    def choose_import_file(self) -> None:
        from PySide6.QtWidgets import QFileDialog  # not at start (issue 16)
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Import rows"), "", _("Spreadsheets (*.xlsx *.csv)"))
        if path:
            self.import_file(path)

    def import_file(self, path: str | Path) -> None:
        """Read the file in a worker thread behind a progress dialog that can cancel it; then open the
        column-mapping preview (`self.import_dialog`) or say why it cannot be read (`self.import_error`)."""
        from PySide6.QtWidgets import QProgressDialog  # not at start (issue 16)
        if self.import_worker is not None and self.import_worker.running():
            return
        self.import_dialog = self.import_error = None
        self.import_path = Path(path)
        max_rows = self.table.max_rows + 1  # and a heading row
        from desktop.reporting.tabular import read_rows_file  # the sheet readers: not needed to open a report
        from desktop.ui.export.worker import Worker  # QThread's too

        def job(worker: Worker) -> dict:
            return read_rows_file(path, max_rows=max_rows, cancelled=worker.cancelled,
                                  progress=lambda fraction: worker.report(fraction, ""))

        progress = QProgressDialog(_("Reading {file}…").format(file=self.import_path.name), _("Cancel"), 0, 100, self)
        progress.setWindowTitle(_("Import rows"))
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(300)
        progress.setAutoClose(False)
        progress.setAutoReset(False)
        worker = Worker(job)
        worker.progressed.connect(self._import_progressed)
        worker.succeeded.connect(self._import_read)
        worker.failed.connect(self._import_failed)
        progress.canceled.connect(self._cancel_import)  # runs here: the worker's own thread is busy reading
        self.import_worker, self.import_progress = worker, progress
        worker.start(self)

    def hideEvent(self, event: QHideEvent) -> None:
        """The window closes under a running read: stop it and wait, so no running thread is destroyed.
        (While it runs, the window-modal progress dialog keeps the user from going elsewhere.)"""
        if self.import_worker is not None and self.import_worker.running():
            self.import_worker.cancel()
            self.import_worker.wait(30_000)
        super().hideEvent(event)

    def _cancel_import(self) -> None:
        if self.import_worker is not None:
            self.import_worker.cancel()

    def _import_progressed(self, fraction: float, _text: str) -> None:
        if self.import_progress is not None:
            self.import_progress.setValue(int(fraction * 100))

    def _end_import_job(self) -> None:
        if self.import_progress is not None:
            self.import_progress.close()
            self.import_progress.deleteLater()
            self.import_progress = None

    def _import_read(self, sheets: dict) -> None:
        self._end_import_job()
        from .import_dialog import ImportDialog

        dialog = ImportDialog(self.table, sheets, self.import_path.name, existing_rows=self.model.rowCount(),
                              parent=self)
        dialog.planAccepted.connect(self.apply_import)
        self.import_dialog = dialog
        dialog.open()

    def _import_failed(self, error: Exception) -> None:
        from PySide6.QtWidgets import QMessageBox  # not at start (issue 16)
        self._end_import_job()
        from desktop.reporting.tabular import SheetCancelled

        if isinstance(error, SheetCancelled):
            emit(self.message, _("The import was cancelled; nothing was changed."))
            return
        text = error.render(current_language()) if isinstance(error, LocalizedError) else \
            _("The file cannot be read: {reason}").format(reason=type(error).__name__)
        box = QMessageBox(QMessageBox.Icon.Warning, _("Import rows"), text, QMessageBox.StandardButton.Ok, self)
        self.import_error = box
        box.open()

    def apply_import(self, plan: ImportPlan) -> None:
        capacity = self.table.max_rows - (0 if plan.replace else self.model.rowCount())
        if len(plan.rows) > capacity:  # the dialog refuses this already; never cut rows silently
            from .import_dialog import too_many_rows_text

            emit(self.message, too_many_rows_text(self.table, len(plan.rows), capacity))
            return
        lang = current_language()
        rows: list[dict] = []
        pending: dict[tuple[int, str], str] = {}
        readings: list[Reading] = []
        for raw_row in plan.rows:
            row: dict = {}
            for key, raw in raw_row.items():
                reading = read_input(self._column(key), raw, lang)
                readings.append(reading)
                if reading.pending is not None:
                    pending[(len(rows), key)] = reading.pending
                elif reading.value is not None:
                    row[key] = reading.value
            rows.append(row)
        if not rows:
            return
        # rows of a table with stable codes (the industrial clusters) keep the code of the row of the
        # same name they replace (never one that a kept row has); new ones are given at export
        existing = self.session.rows(self.table.key)
        column = code_column(self.table)
        if column is not None:
            kept = () if plan.replace else [r[column.key] for r in existing
                                            if isinstance(r, dict) and isinstance(r.get(column.key), str)]
            rows = assign_codes(self.table, rows, existing, taken=kept, fresh=False)
        stack = self.session.undo_stack
        self.session.end_typing()
        stack.beginMacro(ngettext("Import {count} row", "Import {count} rows", len(rows)).format(
            count=count_text(len(rows))))
        start = self.model.rowCount()
        if plan.replace and start:
            stack.push(commands.RemoveRows(self.session, self.table.key, [(0, start)], _("Delete rows")))
            start = 0
        stack.push(commands.InsertRows(self.session, self.table.key, start, rows, pending,
                                       _("Import rows")))
        stack.endMacro()
        text = ngettext("Imported {count} row.", "Imported {count} rows.", len(rows)).format(
            count=format_count(len(rows), lang))
        if pending:
            text += " " + ngettext("{bad} cell cannot be read and is kept as typed, marked in red (F8 goes to it).",
                                   "{bad} cells cannot be read and are kept as typed, marked in red (F8 goes to "
                                   "them).", len(pending)).format(bad=format_count(len(pending), lang))
        self.size_columns(widen_only=True)
        emit(self.unreadable if pending else self.message, " ".join([text, *reading_notes(readings, lang)]))
        self.focus_cell(start, None)
