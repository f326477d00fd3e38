"""Offering the automatic backup when the store cannot be opened because it is damaged."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from desktop.i18n import _


def ask_restore_auto_backup(store_path: str | Path, made: dt.datetime, parent: QWidget | None = None) -> bool:
    """True when the user chooses to put the automatic copy in place of the damaged store."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(_("CT20 cannot open your data"))
    box.setText(_("Your data file is damaged."))
    box.setInformativeText(
        _("CT20 keeps an automatic copy of your data, made on {date}. Put it in place of the damaged "
          "file? Changes made after that time are not in the copy. The damaged file is kept aside; "
          "nothing is deleted.\n\nData file: {path}").format(
            date=made.astimezone().strftime("%d/%m/%Y %H:%M"), path=str(store_path))
    )
    restore = box.addButton(_("Restore the copy"), QMessageBox.ButtonRole.AcceptRole)
    quit_button = box.addButton(_("Quit"), QMessageBox.ButtonRole.RejectRole)
    restore.setObjectName("restoreAutoBackup")
    quit_button.setObjectName("quit")
    box.setDefaultButton(restore)
    box.setEscapeButton(quit_button)
    box.exec()
    return box.clickedButton() is restore
