"""The Qt model of one table field: reads straight from the session's row list (no per-cell items).

Edits go back to the session as raw text, so a 2,000-row table costs a list, not widgets.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from desktop.forms.issues import Issue
from desktop.forms.model import NUMBER_TYPES, Field
from desktop.i18n import _, current_language, pick
from desktop.reporting.cells import cell_path, display_text, edit_text, read_input
from desktop.ui.signals import emit

from .session import EditSession

PENDING_BACKGROUND = QColor("#fde2e2")
ERROR_BACKGROUND = QColor("#fff0f0")
WARNING_BACKGROUND = QColor("#fff8e1")
FIXED_BACKGROUND = QColor("#f0f0f0")
PENDING_FOREGROUND = QColor("#b00020")
KEY_ROLE = Qt.ItemDataRole.UserRole + 1  # the stored value itself (a choice key, a number)

Index = QModelIndex | QPersistentModelIndex


class TableModel(QAbstractTableModel):
    def __init__(self, session: EditSession, table: Field, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.table = table
        self.columns: tuple[Field, ...] = table.columns
        self.issues: dict[tuple[int, str], Issue] = {}  # (row, column) → the worst problem there
        self._italic = QFont()
        self._italic.setItalic(True)
        session.add_table_listener(table.key, self)

    @property
    def rows(self) -> list[dict]:
        return self.session.rows(self.table.key)

    @property
    def fixed_rows(self) -> bool:
        """Tables with pre-filled, fixed columns keep their rows: the user fills them in."""
        return any(column.fixed for column in self.columns)

    # -- shape

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1) if role == Qt.ItemDataRole.DisplayRole else None
        if not 0 <= section < len(self.columns):
            return None
        column = self.columns[section]
        lang = current_language()
        if role == Qt.ItemDataRole.DisplayRole:
            text = pick(column.label, lang)
            if column.unit:
                text += f" ({pick(column.unit, lang)})"
            return text + (" *" if column.required else "")
        if role == Qt.ItemDataRole.ToolTipRole:
            parts = [pick(column.label, lang)]
            if column.required:
                parts.append(_("Required"))
            if column.fixed:
                parts.append(_("Filled in for you; cannot be changed"))
            if column.help:
                parts.append(pick(column.help, lang))
            return "\n".join(parts)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        column = self.columns[index.column()]
        if column.fixed or self.session.read_only:
            return flags
        if column.type == "bool":
            return flags | Qt.ItemFlag.ItemIsUserCheckable
        return flags | Qt.ItemFlag.ItemIsEditable

    # -- cells

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = index.row(), self.columns[index.column()]
        rows = self.rows
        if row >= len(rows):
            return None
        value = rows[row].get(column.key)
        path = cell_path(self.table.key, row, column.key)
        pending = self.session.pending.get(path)
        lang = current_language()
        if role == Qt.ItemDataRole.DisplayRole:
            if pending is not None:
                return pending
            if column.type == "bool":
                return None
            return display_text(column, value, lang)
        if role == Qt.ItemDataRole.EditRole:
            return pending if pending is not None else edit_text(column, value, lang)
        if role == KEY_ROLE:
            return value
        if role == Qt.ItemDataRole.CheckStateRole and column.type == "bool":
            return Qt.CheckState.Checked if value is True else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.BackgroundRole:
            if pending is not None:
                return QBrush(PENDING_BACKGROUND)
            issue = self.issues.get((row, column.key))
            if issue is not None:
                return QBrush(ERROR_BACKGROUND if issue.severity == "E" else WARNING_BACKGROUND)
            if column.fixed:
                return QBrush(FIXED_BACKGROUND)
            return None
        if role == Qt.ItemDataRole.ForegroundRole and pending is not None:
            return QBrush(PENDING_FOREGROUND)
        if role == Qt.ItemDataRole.FontRole and pending is not None:
            return self._italic
        if role == Qt.ItemDataRole.ToolTipRole:
            if pending is not None:
                reading = read_input(column, pending, lang)
                reason = reading.error.render(lang) if reading.error else ""
                return _("Not saved as a value yet, kept as typed: {reason}").format(reason=reason)
            issue = self.issues.get((row, column.key))
            if issue is not None:
                return issue.message.render(lang)
            if column.type == "longtext" and isinstance(value, str) and "\n" in value:
                return value
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and column.type in NUMBER_TYPES:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return pending if pending is not None else display_text(column, value, lang)
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or not self.flags(index) & (
                Qt.ItemFlag.ItemIsEditable | Qt.ItemFlag.ItemIsUserCheckable):
            return False
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.CheckStateRole:
            raw: Any = Qt.CheckState(value) == Qt.CheckState.Checked
        elif role == Qt.ItemDataRole.EditRole:
            raw = value
        else:
            return False
        label = pick(column.label, current_language())
        self.session.edit_cells(self.table.key, [(index.row(), column.key, raw)],
                                _("Edit “{label}”, row {row}").format(label=label, row=index.row() + 1))
        return True

    def set_issues(self, issues: dict[tuple[int, str], Issue]) -> None:
        if issues or self.issues:
            self.issues = issues
            if self.rows:
                emit(self.dataChanged, self.index(0, 0),
                     self.index(len(self.rows) - 1, len(self.columns) - 1),
                     [Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ToolTipRole])

    def column_index(self, key: str) -> int:
        for number, column in enumerate(self.columns):
            if column.key == key:
                return number
        return 0

    # -- told by the session (TableListener)

    def rows_about_to_change(self, kind: str, first: int, last: int, dest: int = -1) -> None:
        if kind == "insert":
            self.beginInsertRows(QModelIndex(), first, last)
        elif kind == "remove":
            self.beginRemoveRows(QModelIndex(), first, last)
        elif kind == "move":
            self.beginMoveRows(QModelIndex(), first, last, QModelIndex(), dest)
        else:
            self.beginResetModel()

    def rows_changed(self, kind: str) -> None:
        if kind == "insert":
            self.endInsertRows()
        elif kind == "remove":
            self.endRemoveRows()
        elif kind == "move":
            self.endMoveRows()
        else:
            self.endResetModel()

    def cells_changed(self, first: int, last: int) -> None:
        emit(self.dataChanged, self.index(first, 0), self.index(last, len(self.columns) - 1))

    def retranslate(self) -> None:
        emit(self.headerDataChanged, Qt.Orientation.Horizontal, 0, len(self.columns) - 1)
        if self.rows:
            emit(self.dataChanged, self.index(0, 0), self.index(len(self.rows) - 1, len(self.columns) - 1))
