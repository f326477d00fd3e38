"""The editor of one table field: a QTableView on `TableModel`, row commands, paste and import."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QAction, QGuiApplication, QUndoCommand
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from desktop.forms.model import Field
from desktop.forms.values import choice_options
from desktop.i18n import _, count_text, current_language, ngettext, pick
from desktop.reporting.cells import format_count, read_input, reading_notes
from desktop.ui.actions import set_shortcut
from desktop.ui.signals import emit

from . import commands
from .delegate import CellDelegate
from .import_rows import ImportRows
from .session import EditSession
from .table_model import TableModel
from .table_view import TableView, column_width, header_height, samples_of

ROW_HEIGHT = 24
FREEZE_FROM_COLUMNS = 4  # a table this wide keeps its first column in view when scrolled sideways


class TableEditor(ImportRows):
    message = Signal(str)  # a short note for the status line ("Pasted 600 cells")
    unreadable = Signal(str)  # the same, when some cells cannot be read (the status line offers to show them)

    def __init__(self, session: EditSession, table: Field, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.table = table
        self.model = TableModel(session, table, self)
        self.view = TableView(self)
        self.view.setModel(self.model)
        self.view.setItemDelegate(CellDelegate(self.model, self.view))
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                  | QAbstractItemView.EditTrigger.EditKeyPressed
                                  | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.view.setWordWrap(False)
        self.view.setAlternatingRowColors(True)
        vertical = self.view.verticalHeader()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # never measure 2,000 rows
        vertical.setDefaultSectionSize(ROW_HEIGHT)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.setMinimumHeight(340 if table.max_rows > 50 else 160)
        self.view.pasteRequested.connect(self.paste)
        self.view.copyRequested.connect(self.copy)
        self.view.clearRequested.connect(self.clear_selection)

        self.buttons: dict[str, QPushButton] = {}
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        for name, slot in (("add", self.add_row), ("insert", self.insert_row),
                           ("delete", self.delete_rows), ("up", lambda: self.move_rows(-1)),
                           ("down", lambda: self.move_rows(1)), ("paste", self.paste),
                           ("import", self.choose_import_file)):
            button = QPushButton(self)
            button.clicked.connect(slot)
            button.setAutoDefault(False)
            if name in ("up", "down"):  # arrows keep the bar narrow; the text is in the tooltip
                arrow = QStyle.StandardPixmap.SP_ArrowUp if name == "up" else QStyle.StandardPixmap.SP_ArrowDown
                button.setIcon(self.style().standardIcon(arrow))
            self.buttons[name] = button
            bar.addWidget(button)
        bar.addStretch(1)
        self.count_label = QLabel(self)
        self.count_label.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.actions_by_name: dict[str, QAction] = {}
        for name, keys, slot in (("insert", "Ctrl++", self.insert_row),
                                 ("delete", "Ctrl+-", self.delete_rows),
                                 ("up", "Alt+Up", lambda: self.move_rows(-1)),
                                 ("down", "Alt+Down", lambda: self.move_rows(1))):
            action = QAction(self.view)
            set_shortcut(action, keys)  # without PySide6's QKeySequence class (issue 16)
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            action.triggered.connect(slot)
            self.view.addAction(action)
            self.actions_by_name[name] = action
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)

        previous: QWidget = self.buttons["add"]
        for widget in [*list(self.buttons.values())[1:], self.view]:  # the order they are seen in
            QWidget.setTabOrder(previous, widget)
            previous = widget
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.view)
        layout.addWidget(self.count_label)
        for signal in (self.model.rowsInserted, self.model.rowsRemoved, self.model.modelReset):
            signal.connect(self._update_count)
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.session.readOnlyChanged.connect(self._update_buttons)
        self.init_import()
        self.retranslate()
        if len(table.columns) >= FREEZE_FROM_COLUMNS:
            self.view.freeze_first_column(CellDelegate(self.model, self.view.frozen))

    # -- texts

    def retranslate(self) -> None:
        label = pick(self.table.label, current_language())
        texts = {
            "add": (_("Add row"), _("Add an empty row at the end")),
            "insert": (_("Insert row"), _("Insert an empty row above the current one (Ctrl++)")),
            "delete": (_("Delete rows"), _("Delete the selected rows (Ctrl+-)")),
            "up": (_("Move up"), _("Move the selected rows up (Alt+Up)")),
            "down": (_("Move down"), _("Move the selected rows down (Alt+Down)")),
            "paste": (_("Paste"), _("Paste cells copied from Excel at the current cell (Ctrl+V)")),
            "import": (_("Import from file…"), _("Add rows from an .xlsx or .csv file")),
        }
        for name, (text, tip) in texts.items():
            if name not in ("up", "down"):
                self.buttons[name].setText(text)
            self.buttons[name].setToolTip(tip)
            self.buttons[name].setAccessibleName(_("{action}: {table}").format(action=text, table=label))
            if name in self.actions_by_name:
                self.actions_by_name[name].setText(text)
        self.view.setAccessibleName(label)
        self.view.setAccessibleDescription(_("Table; arrows move between cells, Enter moves down, Tab moves right "
                                             "(from the last cell it leaves the table), typing edits a cell, "
                                             "Ctrl+V pastes from Excel"))
        self.model.retranslate()
        self.size_columns()
        self._update_count()

    def size_columns(self, *, widen_only: bool = False) -> None:
        """Widths from each column's type and content; headings wrap onto up to three lines.
        After a paste or an import columns only widen, so a width the user chose is kept."""
        lang = current_language()
        headers = []
        for number, column in enumerate(self.model.columns):
            header = self.model.headerData(number, Qt.Orientation.Horizontal) or ""
            headers.append(header)
            options = [pick(label, lang) for _key, label in choice_options(column)] if column.type == "choice" else []
            width = column_width(self.view, column, header, samples_of(self.model, number), options)
            if widen_only:
                width = max(width, self.view.columnWidth(number))
            self.view.setColumnWidth(number, width)
        self.view.horizontalHeader().setFixedHeight(header_height(self.view, headers))

    def _update_count(self) -> None:
        count = self.model.rowCount()
        self.count_label.setText(ngettext("{count} row", "{count} rows", count).format(count=count_text(count)))
        self._update_buttons()

    def _update_buttons(self) -> None:
        editable = not self.session.read_only
        structural = editable and not self.model.fixed_rows
        has_rows = bool(self.selected_rows())
        for name, enabled in (("add", structural), ("insert", structural),
                              ("delete", structural and has_rows), ("up", structural and has_rows),
                              ("down", structural and has_rows), ("paste", editable),
                              ("import", structural)):
            self.buttons[name].setEnabled(enabled)
            if name in self.actions_by_name:
                self.actions_by_name[name].setEnabled(enabled)

    # -- selection helpers

    def selected_rows(self) -> list[int]:
        selection = self.view.selectionModel()
        rows = {index.row() for index in selection.selectedIndexes()}
        current = self.view.currentIndex()
        if not rows and current.isValid():
            rows.add(current.row())
        return sorted(rows)

    def focus_cell(self, row: int, column: str | None) -> None:
        """Put the cursor on a cell (from the checks panel): select, scroll, focus."""
        if not 0 <= row < self.model.rowCount():
            self.view.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        index = self.model.index(row, self.model.column_index(column) if column else 0)
        self.view.setCurrentIndex(index)
        self.view.selectionModel().select(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.view.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- row commands

    def _push(self, command: QUndoCommand) -> None:
        self.session.end_typing()
        self.session.undo_stack.push(command)

    def add_row(self) -> None:
        row = self.model.rowCount()
        self._push(commands.InsertRows(self.session, self.table.key, row, [{}], None, _("Add row")))
        self.focus_cell(row, None)

    def insert_row(self) -> None:
        if self.session.read_only or self.model.fixed_rows:
            return
        current = self.view.currentIndex()
        row = current.row() if current.isValid() else 0
        self._push(commands.InsertRows(self.session, self.table.key, row, [{}], None, _("Insert row")))
        self.focus_cell(row, None)

    def delete_rows(self) -> None:
        rows = self.selected_rows()
        if not rows or self.session.read_only or self.model.fixed_rows:
            return
        blocks: list[tuple[int, int]] = []
        for row in rows:
            if blocks and blocks[-1][0] + blocks[-1][1] == row:
                blocks[-1] = (blocks[-1][0], blocks[-1][1] + 1)
            else:
                blocks.append((row, 1))
        self._push(commands.RemoveRows(self.session, self.table.key, blocks,
                                       ngettext("Delete {count} row", "Delete {count} rows", len(rows)).format(
                                           count=count_text(len(rows)))))
        if self.model.rowCount():
            self.focus_cell(min(rows[0], self.model.rowCount() - 1), None)

    def move_rows(self, delta: int) -> None:
        rows = self.selected_rows()
        if not rows or self.session.read_only or self.model.fixed_rows:
            return
        first, last = rows[0], rows[-1]
        if first + delta < 0 or last + delta >= self.model.rowCount():
            return
        current = self.view.currentIndex()
        self._push(commands.MoveRows(self.session, self.table.key, first, last, delta, _("Move rows")))
        selection = self.view.selectionModel()
        selection.clearSelection()
        for row in range(first + delta, last + delta + 1):
            selection.select(self.model.index(row, 0), QItemSelectionModel.SelectionFlag.Select
                             | QItemSelectionModel.SelectionFlag.Rows)
        column = current.column() if current.isValid() else 0
        self.view.setCurrentIndex(self.model.index(first + delta, column))

    # -- cells

    def clear_selection(self) -> None:
        edits = [(i.row(), self.model.columns[i.column()].key, None)
                 for i in self.view.selectionModel().selectedIndexes()]
        self.session.edit_cells(self.table.key, edits,
                                ngettext("Clear {count} cell", "Clear {count} cells", len(edits)).format(
                                    count=count_text(len(edits))))

    def copy(self) -> None:
        indexes = self.view.selectionModel().selectedIndexes()
        if not indexes:
            return
        rows = sorted({i.row() for i in indexes})
        cols = sorted({i.column() for i in indexes})
        chosen = {(i.row(), i.column()) for i in indexes}
        lines = []
        for row in rows:
            cells = [_quote_cell(self.model.data(self.model.index(row, col), Qt.ItemDataRole.EditRole) or "")
                     if (row, col) in chosen else "" for col in cols]
            lines.append("\t".join(cells))
        QGuiApplication.clipboard().setText("\n".join(lines) + "\n")

    def paste(self) -> None:
        self.paste_text(QGuiApplication.clipboard().text())

    def paste_text(self, text: str) -> int:
        """Paste a tab-separated block at the current cell; the table grows to fit. Returns cells."""
        from desktop.reporting.tabular import parse_clipboard  # with the sheet readers: not needed to open

        block = parse_clipboard(text)
        if not block or self.session.read_only:
            return 0
        current = self.view.currentIndex()
        selected = self.view.selectionModel().selectedIndexes()
        edits = []
        dropped = 0
        if len(block) == 1 and len(block[0]) == 1 and len(selected) > 1:
            edits = [(i.row(), self.model.columns[i.column()].key, block[0][0]) for i in selected]
        else:
            if current.isValid():
                top, left = current.row(), current.column()
            else:
                top, left = (self.model.rowCount() if self.model.rowCount() else 0), 0
            width = len(self.model.columns)
            for r, cells in enumerate(block):
                row = top + r
                if self.model.fixed_rows and row >= self.model.rowCount():
                    dropped += sum(1 for c in cells if c.strip())
                    continue
                for c, raw in enumerate(cells):
                    if left + c >= width:
                        dropped += int(bool(raw.strip()))
                        continue
                    edits.append((row, self.model.columns[left + c].key, raw))
        self.session.edit_cells(self.table.key, edits,
                                ngettext("Paste {count} cell", "Paste {count} cells", len(edits)).format(
                                    count=count_text(len(edits))))
        lang = current_language()
        readings = [read_input(self._column(key), raw, lang) for _row, key, raw in edits if raw is not None]
        unreadable = sum(1 for reading in readings if not reading.ok)
        if unreadable:
            text = ngettext("Pasted {count} cell.", "Pasted {count} cells.", len(edits)).format(
                count=format_count(len(edits), lang)) + " " + ngettext(
                "{bad} cannot be read and is kept as typed, marked in red (F8 goes to it).",
                "{bad} cannot be read and are kept as typed, marked in red (F8 goes to them).",
                unreadable).format(bad=format_count(unreadable, lang))
        elif edits:
            text = ngettext("Pasted {count} cell.", "Pasted {count} cells.", len(edits)).format(
                count=format_count(len(edits), lang))
        else:
            text = ""
        parts = [text, *reading_notes(readings, lang)]
        if dropped:
            parts.append(ngettext("{count} pasted cell falls outside the table and was left out.",
                                  "{count} pasted cells fall outside the table and were left out.",
                                  dropped).format(count=format_count(dropped, lang)))
        self.size_columns(widen_only=True)
        if any(parts):
            emit(self.unreadable if unreadable else self.message, " ".join(p for p in parts if p))
        return len(edits)


def _quote_cell(text: str) -> str:
    if any(ch in text for ch in '\t\n"'):
        return '"' + text.replace('"', '""') + '"'
    return text
