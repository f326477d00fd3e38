"""One editing window per store: a lock file beside it, and the polite question when it is taken.

Two windows editing the same reports would keep merging each other's typing (every save carries
its version, so nothing is lost, but the user would be asked again and again). `QLockFile`
records the owner's process id, so the lock of a crashed or killed app is recognised as stale
and taken over, while a running one keeps it. This lock is the GUI's only: the `ct20` commands
never look at it and never fail because of it; the store itself is safe to share (see
desktop.store).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QLockFile
from PySide6.QtWidgets import QWidget

from desktop.i18n import _


class StoreLock:
    def __init__(self, store_path: str | Path) -> None:
        self.path = Path(f"{store_path}.lock")
        self._lock = QLockFile(str(self.path))
        self._lock.setStaleLockTime(0)  # only a dead owner makes it stale, never its age

    def acquire(self, timeout_ms: int = 300) -> bool:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        return bool(self._lock.tryLock(timeout_ms))

    def owner_pid(self) -> int | None:
        try:
            info = self._lock.getLockInfo()
        except (RuntimeError, TypeError):
            return None
        pid = info[0] if isinstance(info, tuple) and info else None
        return pid if isinstance(pid, int) and pid > 0 else None

    @property
    def denied(self) -> bool:
        """The lock file cannot be written at all (a read-only folder), not held by another app."""
        return self._lock.error() == QLockFile.LockError.PermissionError

    def release(self) -> None:
        if self._lock.isLocked():
            self._lock.unlock()

    @property
    def held(self) -> bool:
        return bool(self._lock.isLocked())


def ask_open_read_only(store_path: str | Path, parent: QWidget | None = None) -> bool:
    """Ask what to do when another CT20 window has the store; True = open it read-only."""
    from PySide6.QtWidgets import QMessageBox  # not at start (issue 16)
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Information)
    box.setWindowTitle(_("CT20 is already open"))
    box.setText(_("Your reports are already open in another CT20 window."))
    box.setInformativeText(
        _("To avoid two windows overwriting each other's work, only one window can change "
          "them. You can look at them read-only here, or quit and use the other window.\n\n"
          "Data file: {path}").format(path=str(store_path))
    )
    read_only = box.addButton(_("Open read-only"), QMessageBox.ButtonRole.AcceptRole)
    quit_button = box.addButton(_("Quit"), QMessageBox.ButtonRole.RejectRole)
    read_only.setObjectName("openReadOnly")
    quit_button.setObjectName("quit")
    box.setDefaultButton(quit_button)
    box.setEscapeButton(quit_button)
    box.exec()
    return box.clickedButton() is read_only


def show_store_error(message: str, store_path: str | Path, parent: QWidget | None = None) -> None:
    from PySide6.QtWidgets import QMessageBox  # not at start (issue 16)
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle(_("CT20 cannot open your data"))
    box.setText(message)
    box.setInformativeText(
        _("Nothing was changed in the file. Data file: {path}").format(path=str(store_path))
    )
    box.setStandardButtons(QMessageBox.StandardButton.Close)
    box.exec()
