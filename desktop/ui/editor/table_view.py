"""The spreadsheet view of a table field, with Excel's keys and a first column that stays put.

Keys: Enter commits and moves down (Shift+Enter up), Tab moves right (Shift+Tab left; past the last
cell the focus leaves the table), Ctrl+V pastes a block, Ctrl+C copies, Delete clears. The first
column (the row's name) stays in place when scrolling sideways: a second view of the same model is
laid over the left edge (Qt's frozen-column pattern), sharing the selection. A cell whose text is
cut off shows it whole in its tooltip.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, QRect, Qt, Signal
from PySide6.QtGui import QFontMetrics, QHelpEvent, QKeyEvent, QMouseEvent, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QHeaderView,
    QTableView,
    QToolTip,
    QWidget,
)

from desktop.forms.model import Field
from desktop.ui.signals import emit

Index = QModelIndex | QPersistentModelIndex
RETURN_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
CELL_PADDING = 12
HEADER_LINES = 3  # long headings wrap onto at most three lines
WIDTHS = {  # (narrowest, widest) per type, in average character widths
    "text": (22, 40), "longtext": (26, 48), "int": (8, 14), "decimal": (9, 16), "percent": (7, 12),
    "date": (10, 12), "bool": (5, 10), "choice": (10, 30), "table": (10, 30),
}
MAX_HEADER_CHARS = 24  # a column widens for its heading up to this many characters
SAMPLE_ROWS = 200  # widths from the first rows' content: a 2,000-row table is not measured whole


def cut_off(view: QTableView, index: QModelIndex) -> str | None:
    """The whole text of a cell when the cell is too narrow to show it, else None."""
    text = index.data(Qt.ItemDataRole.DisplayRole)
    if not isinstance(text, str) or not text:
        return None
    full = index.data(Qt.ItemDataRole.EditRole)
    room = view.visualRect(index).width() - CELL_PADDING
    if view.fontMetrics().horizontalAdvance(text) > room or (isinstance(full, str) and full != text and "\n" in full):
        return full if isinstance(full, str) and full else text
    return None


def _tooltip(view: QTableView, event: QEvent) -> bool:
    if event.type() != QEvent.Type.ToolTip or not isinstance(event, QHelpEvent):
        return False
    index = view.indexAt(event.pos())
    if not index.isValid():
        return False
    own = index.data(Qt.ItemDataRole.ToolTipRole)  # a problem of the cell says why first
    whole = cut_off(view, index)
    text = "\n\n".join(t for t in (own, whole) if t)
    if not text:
        QToolTip.hideText()
        event.ignore()
        return True
    QToolTip.showText(event.globalPos(), text, view.viewport(), view.visualRect(index))
    return True


class _FrozenColumn(QTableView):
    """The first column again, over the left edge of the main view; edits go to the same model."""

    def __init__(self, main: TableView) -> None:
        super().__init__(main)
        self.main = main
        self.setObjectName("frozenColumn")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.verticalHeader().hide()
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setStyleSheet("QTableView#frozenColumn { border: none; border-right: 2px solid #9aa5b1; }")

    def attach(self, delegate: QAbstractItemDelegate) -> None:
        """`delegate`: its own (a delegate's commit goes to every view that uses it)."""
        main = self.main
        self.setModel(main.model())
        self.setSelectionModel(main.selectionModel())
        self.setItemDelegate(delegate)
        self.setEditTriggers(main.editTriggers())
        self.setSelectionBehavior(main.selectionBehavior())
        self.setSelectionMode(main.selectionMode())
        self.setWordWrap(main.wordWrap())
        self.setAlternatingRowColors(main.alternatingRowColors())
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setDefaultSectionSize(main.verticalHeader().defaultSectionSize())
        self.horizontalHeader().setDefaultAlignment(main.horizontalHeader().defaultAlignment())
        self.horizontalHeader().setFixedHeight(main.horizontalHeader().height())
        for column in range(1, main.model().columnCount()):
            self.setColumnHidden(column, True)
        self.setColumnWidth(0, main.columnWidth(0))
        self.verticalScrollBar().valueChanged.connect(main.verticalScrollBar().setValue)
        main.verticalScrollBar().valueChanged.connect(self.verticalScrollBar().setValue)
        main.viewport().stackUnder(self)
        self.show()

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        down = hint == QAbstractItemDelegate.EndEditHint.SubmitModelCache
        super().closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint if down else hint)
        if down:
            self.main.move_down(self.property("return_step") or 1)

    def viewportEvent(self, event: QEvent) -> bool:
        return _tooltip(self, event) or super().viewportEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        self.main.setFocus()
        self.main.keyPressEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """A click on a name puts the keyboard in the table, as a click on any other cell does."""
        self.main.setFocus(Qt.FocusReason.MouseFocusReason)
        super().mousePressEvent(event)


class TableView(QTableView):
    """Spreadsheet keys: Ctrl+V pastes a block, Ctrl+C copies, Delete clears the cells."""

    pasteRequested = Signal()
    copyRequested = Signal()
    clearRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._frozen: _FrozenColumn | None = None  # made for a table wide enough (freeze_first_column)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setTabKeyNavigation(True)
        header = self.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter | Qt.AlignmentFlag(Qt.TextFlag.TextWordWrap))
        header.sectionResized.connect(self._section_resized)
        self.verticalHeader().sectionResized.connect(lambda *_: self._place_frozen())

    @property
    def frozen(self) -> _FrozenColumn:
        """The view of the first column laid over this one, made when first asked for (hidden until
        `freeze_first_column`): a narrow table, as most are, never has one (issue 16)."""
        if self._frozen is None:
            self._frozen = _FrozenColumn(self)
            self._frozen.hide()
        return self._frozen

    def _attached(self) -> _FrozenColumn | None:
        """The frozen column, if it shows (`freeze_first_column` was called)."""
        frozen = self._frozen
        return frozen if frozen is not None and frozen.model() is not None else None

    def views(self) -> list[QTableView]:
        """This view and its frozen column if it shows: where a cell may be edited."""
        frozen = self._attached()
        return [self] if frozen is None else [self, frozen]

    def freeze_first_column(self, delegate: QAbstractItemDelegate) -> None:
        """Call once the model, delegate and widths are set; `delegate` is the frozen column's own."""
        self.frozen.attach(delegate)
        self._place_frozen()

    def _section_resized(self, index: int, _old: int, new: int) -> None:
        frozen = self._attached()
        if index == 0 and frozen is not None:
            frozen.setColumnWidth(0, new)
            self._place_frozen()

    def _place_frozen(self) -> None:
        frozen = self._attached()
        if frozen is None:
            if self._frozen is not None:
                self._frozen.hide()
            return
        frozen.horizontalHeader().setFixedHeight(self.horizontalHeader().height())
        frozen.setGeometry(QRect(self.verticalHeader().width() + self.frameWidth(), self.frameWidth(),
                                      self.columnWidth(0),
                                      self.viewport().height() + self.horizontalHeader().height()))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place_frozen()

    def updateGeometries(self) -> None:
        super().updateGeometries()
        if self._attached() is not None:
            self._place_frozen()

    def scrollTo(self, index: Index, hint: QAbstractItemView.ScrollHint = QAbstractItemView.ScrollHint.EnsureVisible
                 ) -> None:
        if index.column() > 0:  # the frozen column must not hide the cell brought into view
            rect = self.visualRect(index)
            left = self.columnWidth(0)
            if rect.left() < left:
                bar = self.horizontalScrollBar()
                bar.setValue(bar.value() + rect.left() - left)
        super().scrollTo(index, hint)
        if index.column() > 0:
            rect = self.visualRect(index)
            if rect.left() < self.columnWidth(0):
                bar = self.horizontalScrollBar()
                bar.setValue(bar.value() + rect.left() - self.columnWidth(0))

    def edit(self, index: Index,  # type: ignore[override]
             trigger: QAbstractItemView.EditTrigger = QAbstractItemView.EditTrigger.AllEditTriggers,
             event: QEvent | None = None) -> bool:
        if index.isValid() and index.column() == 0 and self._attached() is not None \
                and trigger != QAbstractItemView.EditTrigger.NoEditTriggers:
            return self.frozen.edit(index, trigger, event)  # type: ignore[arg-type]  # hidden under the frozen column
        return super().edit(index, trigger, event)  # type: ignore[arg-type]

    # -- keys

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        """Enter in a cell editor: commit and go down, as in Excel (the editor is closed first, so
        moving does not close it a second time)."""
        down = hint == QAbstractItemDelegate.EndEditHint.SubmitModelCache
        super().closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint if down else hint)
        if down:
            self.move_down(self.property("return_step") or 1)

    def move_down(self, step: int) -> None:
        current = self.currentIndex()
        if not current.isValid():
            return
        row = current.row() + step
        if 0 <= row < self.model().rowCount():
            self.setCurrentIndex(self.model().index(row, current.column()))
            self.scrollTo(self.currentIndex())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        from PySide6.QtGui import QKeySequence  # at the first key, not at the report's start (issue 16)

        if self.state() != QAbstractItemView.State.EditingState:
            if event.matches(QKeySequence.StandardKey.Paste):
                emit(self.pasteRequested)
                return
            if event.matches(QKeySequence.StandardKey.Copy):
                emit(self.copyRequested)
                return
            if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and not event.modifiers():
                emit(self.clearRequested)
                return
            if event.key() in RETURN_KEYS and event.modifiers() in (Qt.KeyboardModifier.NoModifier,
                                                                    Qt.KeyboardModifier.ShiftModifier,
                                                                    Qt.KeyboardModifier.KeypadModifier):
                self.move_down(-1 if event.modifiers() & Qt.KeyboardModifier.ShiftModifier else 1)
                return
        super().keyPressEvent(event)

    def focusNextPrevChild(self, forward: bool) -> bool:
        """Tab moves to the next cell; from the last cell (or the first, backwards) it leaves the table."""
        current = self.currentIndex()
        model = self.model()
        if self.state() != QAbstractItemView.State.EditingState and current.isValid() and model is not None:
            last = (model.rowCount() - 1, model.columnCount() - 1)
            at_end = (current.row(), current.column()) == (last if forward else (0, 0))
            if at_end:
                return QWidget.focusNextPrevChild(self, forward)
        return super().focusNextPrevChild(forward)

    def viewportEvent(self, event: QEvent) -> bool:
        return _tooltip(self, event) or super().viewportEvent(event)


def column_width(view: QTableView, column: Field, header: str, samples: list[str], options: list[str]) -> int:
    """A width from the column's type and content: numbers narrow, names and notes wide; the heading
    wraps (up to three lines) rather than widening the column."""
    metrics: QFontMetrics = view.fontMetrics()
    char = max(metrics.averageCharWidth(), 5)
    low, high = WIDTHS.get(column.type, (10, 30))
    wanted = max([metrics.horizontalAdvance(s) for s in samples + options] + [0]) + CELL_PADDING * 2
    width = max(low * char, min(high * char, wanted))
    while _header_lines(metrics, header, width) > HEADER_LINES and width < MAX_HEADER_CHARS * char:
        width += char
    return int(width)


def _header_lines(metrics: QFontMetrics, text: str, width: int) -> int:
    rect = metrics.boundingRect(QRect(0, 0, max(width - 8, 20), 10_000), int(Qt.TextFlag.TextWordWrap), text)
    return -(-rect.height() // max(metrics.lineSpacing(), 1))


def header_height(view: QTableView, texts: list[str]) -> int:
    """Tall enough for the longest heading, wrapped in its column (three lines at most)."""
    metrics = view.fontMetrics()
    lines = max([min(HEADER_LINES, _header_lines(metrics, text, view.columnWidth(number)))
                 for number, text in enumerate(texts)] + [1])
    return lines * metrics.lineSpacing() + 10


def samples_of(model: Any, column: int) -> list[str]:
    rows = min(model.rowCount(), SAMPLE_ROWS)
    texts = [model.data(model.index(row, column)) for row in range(rows)]
    return [t for t in texts if isinstance(t, str)]
