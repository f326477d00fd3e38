"""The evidence files sent with a report (≤ 20), each shown with its size and the name it gets."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.export.email_draft import size_text
from desktop.i18n import _, current_language
from desktop.package.asic import MAX_ATTACHMENTS, attachment_name
from desktop.ui.signals import emit


class AttachmentList(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel(self)
        self.list = QListWidget(self)
        self.list.setObjectName("attachments")
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.setMaximumHeight(120)
        self.add_button = QPushButton(self)
        self.remove_button = QPushButton(self)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        buttons = QVBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.list, 1)
        row.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addLayout(row)
        layout.addWidget(self.note)
        self.add_button.clicked.connect(self.browse)
        self.remove_button.clicked.connect(self.remove_selected)
        self.list.itemSelectionChanged.connect(self._update)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(_("Attachments (evidence files, at most {limit}):").format(limit=MAX_ATTACHMENTS))
        self.list.setAccessibleName(_("Attachments"))
        self.add_button.setText(_("Add files…"))
        self.remove_button.setText(_("Remove"))
        self._update()

    def paths(self) -> list[Path]:
        return [Path(self.list.item(i).data(Qt.ItemDataRole.UserRole)) for i in range(self.list.count())]

    def add(self, paths: Iterable[str | Path]) -> list[str]:
        """Add files (missing, repeated or beyond the limit are left out); returns what was refused."""
        known = {str(p) for p in self.paths()}
        refused = []
        for raw in paths:
            path = Path(raw)
            if str(path) in known:
                continue
            if self.list.count() >= MAX_ATTACHMENTS or not path.is_file():
                refused.append(path.name)
                continue
            known.add(str(path))
            size = size_text(path.stat().st_size, current_language())
            packed = attachment_name(path.name)
            text = _("{name} ({size})").format(name=path.name, size=size)
            if packed != path.name:  # the package keeps ASCII names only
                text = _("{file} → {packed}").format(file=text, packed=packed)
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, str(path))
            item.setToolTip(str(path))
            self.list.addItem(item)
        if refused:
            self.note.setText(_("Not added: {files}. At most {limit} files that exist can be attached.").format(
                files=", ".join(refused), limit=MAX_ATTACHMENTS))
        self._update()
        emit(self.changed)
        return refused

    def browse(self) -> None:
        files, _filter = QFileDialog.getOpenFileNames(self, _("Add evidence files"), str(Path.home()))
        if files:
            self.add(files)

    def remove_selected(self) -> None:
        for item in self.list.selectedItems():
            self.list.takeItem(self.list.row(item))
        self.note.clear()
        self._update()
        emit(self.changed)

    def _update(self) -> None:
        self.remove_button.setEnabled(bool(self.list.selectedItems()))
        self.add_button.setEnabled(self.list.count() < MAX_ATTACHMENTS)
