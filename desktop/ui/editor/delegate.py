"""Cell editors of the table: a combo box for choices, a multi-line box for long text."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QAbstractItemModel, QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QStyledItemDelegate,
    QWidget,
)

from desktop.forms.values import choice_options
from desktop.i18n import _, current_language, pick

from .table_model import KEY_ROLE, TableModel

if TYPE_CHECKING:  # the type alone creates its enums (issue 16): only a cell being edited is given one
    from PySide6.QtWidgets import QStyleOptionViewItem

Index = QModelIndex | QPersistentModelIndex


class CellDelegate(QStyledItemDelegate):
    def __init__(self, model: TableModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.table_model = model

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        column = self.table_model.columns[index.column()]
        label = pick(column.label, current_language())
        editor: QWidget
        if column.type == "choice":
            combo = QComboBox(parent)
            combo.addItem(_("(none)"), None)
            for key, text in choice_options(column):
                combo.addItem(pick(text, current_language()), key)
            editor = combo
        elif column.type == "longtext":
            box = QPlainTextEdit(parent)
            box.setTabChangesFocus(True)
            editor = box
        else:
            line = QLineEdit(parent)
            if column.type == "date":
                line.setPlaceholderText(_("dd/mm/yyyy"))
            editor = line
        editor.setAccessibleName(_("{label}, row {row}").format(label=label, row=index.row() + 1))
        return editor

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        if isinstance(editor, QComboBox):
            found = max(editor.findData(index.data(KEY_ROLE)), 0)
            editor.setCurrentIndex(found)
            editor.setProperty("initial_index", found)
        elif isinstance(editor, QPlainTextEdit):
            editor.setPlainText(index.data(Qt.ItemDataRole.EditRole) or "")
        elif isinstance(editor, QLineEdit):
            # A cell opened by typing a key gets that key from the view; keep the text otherwise.
            editor.setText(index.data(Qt.ItemDataRole.EditRole) or "")

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        if isinstance(editor, QComboBox):
            if editor.currentIndex() == editor.property("initial_index"):
                return  # unchanged: keeps text that was pasted but is not one of the options
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
        elif isinstance(editor, QPlainTextEdit):
            model.setData(index, editor.toPlainText(), Qt.ItemDataRole.EditRole)
        elif isinstance(editor, QLineEdit):
            model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)

    def eventFilter(self, editor: QObject, event: QEvent) -> bool:
        """Shift+Enter in a cell goes up once the cell is closed, Enter goes down (see table_view)."""
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) \
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            view = self.parent()
            if view is not None:
                view.setProperty("return_step", -1 if event.modifiers() & Qt.KeyboardModifier.ShiftModifier else 1)
        return super().eventFilter(editor, event)

    def updateEditorGeometry(self, editor: QWidget, option: QStyleOptionViewItem, index: Index) -> None:
        rect = option.rect
        if isinstance(editor, QPlainTextEdit):
            rect = rect.adjusted(0, 0, 0, rect.height() * 3)
        editor.setGeometry(rect)
