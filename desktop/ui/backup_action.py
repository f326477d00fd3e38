"""File › Back up all data…: the copy of the whole store to a file the user chooses (imported when
first used: the main window starts without it)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtWidgets import QApplication, QFileDialog

from desktop.i18n import _

if TYPE_CHECKING:
    from desktop.ui.main_window import MainWindow


def default_backup_path() -> Path:
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    name = _("ct20-backup-{date}.sqlite3").format(date=dt.date.today().isoformat())
    return Path(folder or Path.home()) / name


def back_up(window: MainWindow, dest: str | Path | None = None) -> Path | None:
    """Copy all data to `dest` (asked for when None, starting at `window.default_backup_path()`);
    the copy's path, or None when the user cancelled or the copy failed (after saying why)."""
    if dest is None:
        dest, _filter = QFileDialog.getSaveFileName(
            window, _("Back up all data"), str(window.default_backup_path()),
            _("CT20 data file (*.sqlite3)"),
        )
        if not dest:
            return None
    window.flush_editor()
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        path = window.store.backup(dest)
    except Exception as exc:
        QApplication.restoreOverrideCursor()
        window._error(_("The backup was not made"), exc)
        return None
    QApplication.restoreOverrideCursor()
    window.statusBar().showMessage(_("All data was copied to {path}.").format(path=str(path)), 8000)
    return Path(path)
