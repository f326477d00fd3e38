"""Opening .asice files given on the command line (`ct20 gui --open FILE`, `ct20 FILE.asice`, which
is what Windows runs when the user double-clicks a package).

A report package (`du-lieu.json` says `"format": "ct20.submission"`) is imported in the Inbox,
with its progress and result; a receipt (`"ct20.receipt"`) is attached to the report it answers,
which is then opened; anything else is refused with one clear sentence and changes nothing.

When another CT20 window already holds the store, the paths are left for it in a small folder
beside the store (`<store>.open/`, one JSON file per request) which that window watches.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer
from PySide6.QtWidgets import QApplication

from desktop.i18n import _
from desktop.open_requests import requests_folder, take_open_requests

if TYPE_CHECKING:
    from desktop.ui.main_window import MainWindow

POLL_MS = 1500  # the folder watcher can miss a file on network drives: look now and then anyway


class FileOpener(QObject):
    """Opens files in a MainWindow: report packages in the Inbox, receipts on their report."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.pending: list[str] = []  # packages waiting for the Inbox's running import to finish
        self.last_message = ""  # what the user was told last (tests, --screenshot runs)
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.setInterval(300)
        self._retry.timeout.connect(self._import_pending)

    def open(self, paths: Sequence[str | Path]) -> None:
        from desktop.package.kind import SUBMISSION, NotAPackage, package_kind  # not needed to start

        window = self.window
        problems: list[str] = []
        packages: list[str] = []
        receipts: list[str] = []
        for path in paths:
            try:
                kind = package_kind(path)
            except NotAPackage as exc:
                problems.append(exc.text)
                continue
            (packages if kind == SUBMISSION else receipts).append(str(Path(path).resolve()))
        if window.store.readonly and (packages or receipts):
            problems.append(_("Your reports are open read-only in this window, so {file} cannot be imported. "
                              "Use the CT20 window that has them open.").format(
                file=", ".join(Path(p).name for p in packages + receipts)))
            packages, receipts = [], []
        if problems:
            self._tell(_("The file cannot be opened"), "\n".join(problems))
        for path in receipts:
            self._open_receipt(path)
        if packages:
            self.pending += packages
            self.window.inbox_actions.open_inbox()  # the Inbox window, shown and raised
            self._import_pending()

    def busy(self) -> bool:
        inbox = self.window.inbox_actions.inbox
        return bool(self.pending) or (inbox is not None and inbox.page.busy())

    def _open_receipt(self, path: str) -> None:
        actions = self.window.receipt_actions
        actions.last_imported = None
        if actions.import_receipt(path) and actions.last_imported is not None:
            self.window.open_report(actions.last_imported.report_id)

    def _import_pending(self) -> None:
        inbox = self.window.inbox_actions.inbox
        if inbox is None or not self.pending:
            self.pending = []
            return
        if inbox.page.busy():  # an import is running: these follow once it is done
            self._retry.start()
            return
        paths, self.pending = self.pending, []
        inbox.page.import_paths(paths)

    def _tell(self, title: str, text: str) -> None:
        from PySide6.QtWidgets import QMessageBox  # not at start (issue 16)
        self.last_message = text
        window = self.window
        window.statusBar().showMessage(text.split("\n", 1)[0], 10000)
        if window.quiet:
            sys.stderr.write(f"{title}: {text}\n")
        else:
            QMessageBox.warning(window, title, text)


class OpenRequestWatcher(QObject):
    """In the window that holds the store: opens what other `ct20 FILE.asice` starts left for it."""

    def __init__(self, opener: FileOpener, store_path: str | Path) -> None:
        super().__init__(opener)
        self.opener = opener
        self.store_path = Path(store_path)
        folder = requests_folder(self.store_path)
        with contextlib.suppress(OSError):
            folder.mkdir(parents=True, exist_ok=True)
        self.watcher = QFileSystemWatcher(self)
        if folder.is_dir():
            self.watcher.addPath(str(folder))
        self.watcher.directoryChanged.connect(lambda _path: self.check())
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self.check)
        self.timer.start()
        QTimer.singleShot(0, self.check)

    def check(self) -> None:
        if QApplication.activeModalWidget() is not None:  # the user is answering a dialog: later
            return
        paths = take_open_requests(self.store_path)
        if paths:
            window = self.opener.window
            window.showNormal() if window.isMinimized() else window.show()
            window.raise_()
            window.activateWindow()
            self.opener.open(paths)
