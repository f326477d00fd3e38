"""Acting on the export dialogs as a user: choose the signer, type the secret, press the button."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QPushButton

WAIT_MS = 60_000


def replace_text(qtbot, field: QLineEdit, text: str) -> None:
    field.setFocus()
    field.selectAll()
    qtbot.keyClick(field, Qt.Key.Key_Delete)
    qtbot.keyClicks(field, text)


def open_export(qtbot, window, report_id: str):
    assert window.open_report(report_id)
    action = window.export_actions.actions["export"]
    assert action.isEnabled()
    action.trigger()
    dialog = window.export_actions.dialog
    qtbot.waitExposed(dialog)
    return dialog


def choose_file(qtbot, choice, p12_path: Path, password: str) -> None:
    qtbot.mouseClick(choice.file_radio, Qt.MouseButton.LeftButton)
    replace_text(qtbot, choice.file_path, str(p12_path))
    replace_text(qtbot, choice.secret, password)


def choose_token(qtbot, choice, library: str, token: str, pin: str) -> None:
    qtbot.mouseClick(choice.token_radio, Qt.MouseButton.LeftButton)
    index = choice.library.findData(library)
    assert index >= 0, f"{library} is not offered"
    choice.library.setCurrentIndex(index)
    qtbot.waitUntil(lambda: not choice.scanning() and choice.token.count() > 0, timeout=WAIT_MS)
    choice.token.setCurrentIndex(choice.token.findText(token))
    replace_text(qtbot, choice.secret, pin)


def press_export(qtbot, dialog, *, confirm: bool = True) -> None:
    """Press "Export and sign" and answer the confirmation that names what will be signed."""
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    box = dialog.confirm_box
    if box is None:  # refused before asking (a signer or folder missing): the message says why
        return
    qtbot.waitExposed(box)
    qtbot.mouseClick(box.findChild(QPushButton, "confirmSign" if confirm else "confirmBack"),
                     Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.confirm_box is None, timeout=WAIT_MS)


def export(qtbot, dialog, folder: Path) -> None:
    """Set the folder, press "Export and sign", confirm, wait until the work has ended (either way)."""
    replace_text(qtbot, dialog.folder, str(folder))
    press_export(qtbot, dialog)
    qtbot.waitUntil(lambda: not dialog.busy(), timeout=WAIT_MS)
