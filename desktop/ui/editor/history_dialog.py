"""The saved versions of a report: browse them, see what differs from now, restore one."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.forms.model import FormDefinition
from desktop.forms.values import get_path
from desktop.i18n import _, current_language, pick
from desktop.i18n.formatting import format_number
from desktop.reporting.cells import edit_text
from desktop.ui.signals import emit

from .session import EditSession

MAX_DIFFERENCES = 40


def local_time(saved_at: str) -> str:
    try:
        moment = dt.datetime.fromisoformat(saved_at.replace("Z", "+00:00"))
    except ValueError:
        return saved_at
    return moment.astimezone().strftime("%d/%m/%Y %H:%M:%S")


def describe_source(source: str, note: str | None) -> str:
    if note and note.startswith("restore:"):
        return _("restored from version {seq}").format(seq=note.partition(":")[2])
    texts = {"ui": _("edited in the app"), "autosave": _("saved automatically while editing"),
             "cli": _("command line"), "import": _("imported")}
    text = texts.get(source, source)
    return f"{text} — {note}" if note else text


def differences(form: FormDefinition, then: dict[str, Any], now: dict[str, Any], lang: str) -> list[str]:
    """One line per field whose value differs between a saved version and the current values."""
    lines = []
    for path, field in form.fields.items():
        old, new = get_path(then, path), get_path(now, path)
        if old == new:
            continue
        label = pick(field.label, lang)
        if field.is_table:
            old_rows = len(old) if isinstance(old, list) else 0
            new_rows = len(new) if isinstance(new, list) else 0
            lines.append(_("{label}: {old} rows then, {new} rows now").format(
                label=label, old=format_number(old_rows, lang), new=format_number(new_rows, lang)))
        else:
            empty = _("(empty)")
            lines.append(_("{label}: “{old}” then, “{new}” now").format(
                label=label, old=_short(edit_text(field, old, lang)) or empty,
                new=_short(edit_text(field, new, lang)) or empty))
        if len(lines) >= MAX_DIFFERENCES:
            lines.append("…")
            break
    return lines


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 60 else text[:57] + "…"


class HistoryDialog(QDialog):
    restoreRequested = Signal(int)

    def __init__(self, session: EditSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle(_("Saved versions"))
        self.setMinimumSize(680, 520)
        self.tree = QTreeWidget(self)
        self.tree.setHeaderLabels([_("Version"), _("Saved at"), _("How"), _("Size")])
        self.tree.setRootIsDecorated(False)
        self.tree.setAccessibleName(_("Saved versions"))
        self.details = QPlainTextEdit(self)
        self.details.setReadOnly(True)
        self.details.setAccessibleName(_("Differences from the current values"))
        self.restore_button = QPushButton(_("Restore this version"), self)
        self.restore_button.setEnabled(False)
        self.restore_button.setAutoDefault(False)
        self.restore_button.setEnabled(False)
        self.restore_button.clicked.connect(self._restore)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        note = QLabel(_("Your saves and named versions are kept for good. Automatic saves are thinned as "
                        "they age: all the recent ones are kept, then one per 10 minutes for a day, one per hour "
                        "for a week and one per day after that. Restoring adds a new version, and Ctrl+Z "
                        "undoes it."), self)
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.tree, 2)
        layout.addWidget(QLabel(_("What differs from the current values:"), self))
        layout.addWidget(self.details, 1)
        layout.addWidget(buttons)
        self.tree.currentItemChanged.connect(self._show)
        self.load()

    def load(self) -> None:
        self.tree.clear()
        entries = self.session.store.history(self.session.report_id)
        for entry in reversed(entries):
            item = QTreeWidgetItem([str(entry.seq), local_time(entry.saved_at),
                                    describe_source(entry.source, entry.note),
                                    _("{size} KB").format(size=format_number(
                                        round(entry.size / 1024, 1), current_language(), decimals=1))])
            item.setData(0, Qt.ItemDataRole.UserRole, entry.seq)
            self.tree.addTopLevelItem(item)
        for column in range(4):
            self.tree.resizeColumnToContents(column)
        first = self.tree.topLevelItem(0)
        if first is not None:
            self.tree.setCurrentItem(first)

    def selected_seq(self) -> int | None:
        item = self.tree.currentItem()
        return item.data(0, Qt.ItemDataRole.UserRole) if item else None

    def select_seq(self, seq: int) -> None:
        for number in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(number)
            if item is not None and item.data(0, Qt.ItemDataRole.UserRole) == seq:
                self.tree.setCurrentItem(item)
                return

    def _show(self) -> None:
        seq = self.selected_seq()
        if seq is None:
            self.details.clear()
            self.restore_button.setEnabled(False)
            return
        then = self.session.store.values_at(self.session.report_id, seq)
        lines = differences(self.session.form, then, self.session.values, current_language())
        self.details.setPlainText("\n".join(lines) if lines else _("The same as the current values."))
        self.restore_button.setEnabled(bool(lines) and not self.session.read_only)

    def _restore(self) -> None:
        seq = self.selected_seq()
        if seq is not None:
            emit(self.restoreRequested, seq)
            self.accept()
