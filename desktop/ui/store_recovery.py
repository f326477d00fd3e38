"""Offering the automatic backup when the store cannot be opened because it is damaged."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from desktop.i18n import _, count_text, ngettext


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


def ask_replace_larger_backup(store_path: str | Path, smaller: dict[str, tuple[int, int]],
                              parent: QWidget | None = None) -> bool:
    """True when the user agrees to copy a store holding less than its automatic backup (the
    backup is then kept as an older generation, not lost)."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(_("Automatic copy of your data"))
    reports = smaller.get("reports")
    if reports is not None:
        detail = ngettext("Your data file now holds {count} report; the automatic copy holds {backup}.",
                          "Your data file now holds {count} reports; the automatic copy holds {backup}.",
                          reports[0]).format(count=count_text(reports[0]), backup=count_text(reports[1]))
    else:
        detail = _("Your data file now holds less than the automatic copy.")
    box.setText(detail)
    box.setInformativeText(
        _("If reports were lost, keep the copy: it is the file {backup}, which the command "
          "“ct20 restore” can put back. Replace the copy with the data as it is now? The older copy "
          "is kept too.\n\nData file: {path}").format(
            backup=str(Path(f"{store_path}.auto-backup")), path=str(store_path))
    )
    replace = box.addButton(_("Replace the copy"), QMessageBox.ButtonRole.AcceptRole)
    keep = box.addButton(_("Keep the copy"), QMessageBox.ButtonRole.RejectRole)
    replace.setObjectName("replaceAutoBackup")
    keep.setObjectName("keepAutoBackup")
    box.setDefaultButton(keep)
    box.setEscapeButton(keep)
    box.exec()
    return box.clickedButton() is replace
