"""What the export's result panel and the Inbox's receipt result share: the heading, the file and
folder facts, "Open folder", the email note with its recipient and "Create email draft", the status
line, and opening a file or folder with the desktop's program.

A subclass makes its own facts and buttons after `super().__init__`, then calls `finish_layout`
(which makes the shared buttons after its own, keeping the tab order) and at last `retranslate`.
"""

from __future__ import annotations

from collections.abc import Callable
from email.message import EmailMessage
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.export.email_draft import write_draft
from desktop.i18n import _
from desktop.store import Store


class ResultBase(QWidget):
    def __init__(self, store: Store, parent: QWidget | None = None, *, open_url=None,  # type: ignore[no-untyped-def]
                 name: str) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.store = store
        self.open_url = open_url or QDesktopServices.openUrl
        self.last_opened: Path | None = None  # the file, folder or draft opened last

        self.heading = QLabel(self)
        self.heading.setStyleSheet("color: #1b5e20; font-weight: bold; font-size: 14px;")
        self.file_caption, self.folder_caption = QLabel(self), QLabel(self)
        self.file_name, self.folder = QLabel(self), QLabel(self)
        for label in (self.file_name, self.folder):
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

    def finish_layout(self, facts: QFormLayout, *, before_opens: tuple[QWidget, ...] = (),
                      open_buttons: tuple[QPushButton, ...] = (), names: tuple[str, str, str] | None = None) -> None:
        """The "Open folder" button after `open_buttons`, the email row, the status and the layout;
        `names` are the object names of "Open folder", the recipient and "Create email draft"."""
        self.open_folder_button = QPushButton(self)
        opens = QHBoxLayout()
        for button in (*open_buttons, self.open_folder_button):
            opens.addWidget(button)
        opens.addStretch(1)
        self.mail_note = QLabel(self)
        self.mail_note.setWordWrap(True)
        self.recipient_label = QLabel(self)
        self.recipient = QLineEdit(self)
        self.recipient_label.setBuddy(self.recipient)
        self.draft_button = QPushButton(self)
        if names is not None:
            for widget, name in zip((self.open_folder_button, self.recipient, self.draft_button), names, strict=True):
                widget.setObjectName(name)
        mail = QHBoxLayout()
        mail.addWidget(self.recipient_label)
        mail.addWidget(self.recipient, 1)
        mail.addWidget(self.draft_button)
        self.status = QLabel(self)
        self.status.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(facts)
        for widget in before_opens:
            layout.addWidget(widget)
        layout.addLayout(opens)
        layout.addSpacing(8)
        layout.addWidget(self.mail_note)
        layout.addLayout(mail)
        layout.addWidget(self.status)
        layout.addStretch(1)
        self.open_folder_button.clicked.connect(self.open_folder)
        self.draft_button.clicked.connect(self.make_draft)

    def retranslate(self) -> None:
        self.file_caption.setText(_("File:"))
        self.folder_caption.setText(_("Folder:"))
        self.open_folder_button.setText(_("Open f&older"))
        self.recipient_label.setText(_("&To:"))
        self.recipient.setAccessibleName(_("Email address of the recipient"))
        self.draft_button.setText(_("Create email &draft"))

    # -- next steps

    def saved_path(self) -> Path:
        """The file that was written (its folder is the one "Open folder" opens)."""
        raise NotImplementedError

    def _open(self, path: Path) -> None:
        self.last_opened = path
        if not self.open_url(QUrl.fromLocalFile(str(path))):
            self.status.setText(_("No program opened {path}; open it yourself.").format(path=str(path)))

    def open_folder(self) -> None:
        self._open(self.saved_path().parent)

    def make_draft(self) -> Path | None:
        raise NotImplementedError

    def _write_draft(self, recipient: str, file_name: str, build: Callable[[], EmailMessage],
                     folder: Path | None = None) -> Path | None:
        """Write the draft `build()` makes, named after `file_name` (in `folder` when given, else a
        temporary folder), and open it in the mail program."""
        try:
            path = write_draft(build(), file_name, folder)
        except OSError as exc:
            self.status.setText(_("The email draft could not be written: {error}").format(error=str(exc)))
            return None
        self._open(path)
        if not recipient:
            self.status.setText(_("The draft has no recipient yet: fill in the address in your mail program."))
        return path
