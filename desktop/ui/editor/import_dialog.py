"""Import rows from a file: which file column goes to which table column, with a preview."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QBrush, QColor, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QRadioButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.forms.model import Field
from desktop.i18n import _, count_text, current_language, ngettext, pick
from desktop.reporting.cells import display_text, read_input
from desktop.reporting.tabular import looks_like_header, match_columns
from desktop.ui.signals import emit

PREVIEW_ROWS = 15


@dataclass
class ImportPlan:
    rows: list[dict[str, Any]] = field(default_factory=list)  # column key → cell as read
    replace: bool = False


def too_many_rows_text(table: Field, count: int, capacity: int) -> str:
    """Rows beyond a table's limit are refused with the count, never cut."""
    label = pick(table.label, current_language())
    if capacity == table.max_rows:
        return ngettext("The file has {count} row; the table “{table}” takes at most {max}. Nothing is imported.",
                        "The file has {count} rows; the table “{table}” takes at most {max}. Nothing is imported.",
                        count).format(count=count_text(count), table=label, max=count_text(table.max_rows))
    return ngettext("The file has {count} row, but the table “{table}” has room for only {room} more (at most "
                    "{max} rows). Choose “Replace the existing rows” or import fewer rows.",
                    "The file has {count} rows, but the table “{table}” has room for only {room} more (at most {max} "
                    "rows). Choose “Replace the existing rows” or import fewer rows.", count).format(
        count=count_text(count), table=label, room=count_text(max(capacity, 0)), max=count_text(table.max_rows))


def _column_name(number: int) -> str:
    name = ""
    number += 1
    while number:
        number, rest = divmod(number - 1, 26)
        name = chr(65 + rest) + name
    return name


class ImportDialog(QDialog):
    planAccepted = Signal(object)  # ImportPlan

    def __init__(self, table: Field, sheets: dict[str, list[list[Any]]], file_name: str, *,
                 existing_rows: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = table
        self.existing_rows = existing_rows
        has_rows = existing_rows > 0
        self.sheets = sheets
        self.columns = [c for c in table.columns if not c.fixed]
        lang = current_language()
        self.setWindowTitle(_("Import rows into “{table}”").format(table=pick(table.label, lang)))
        self.setMinimumSize(760, 560)

        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("File: {name}").format(name=file_name), self))
        self.sheet_combo = QComboBox(self)
        self.sheet_combo.setAccessibleName(_("Sheet"))
        for name in sheets:
            self.sheet_combo.addItem(name or _("(the whole file)"), name)
        self.sheet_combo.setVisible(len(sheets) > 1)
        layout.addWidget(self.sheet_combo)
        self.header_check = QCheckBox(_("The first row holds column names"), self)
        layout.addWidget(self.header_check)

        layout.addWidget(QLabel(_("Which column of the table does each column of the file fill?"), self))
        self.mapping_area = QScrollArea(self)
        self.mapping_area.setWidgetResizable(True)
        self.mapping_area.setMaximumHeight(220)
        layout.addWidget(self.mapping_area)
        self.mapping_combos: list[QComboBox] = []

        layout.addWidget(QLabel(_("Preview (cells in red cannot be read; they are kept as typed):"), self))
        self.preview_model = QStandardItemModel(self)
        self.preview = QTableView(self)
        self.preview.setModel(self.preview_model)
        self.preview.setAccessibleName(_("Preview of the imported rows"))
        self.preview.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        layout.addWidget(self.preview, 1)

        self.append_radio = QRadioButton(_("Add after the existing rows"), self)
        self.replace_radio = QRadioButton(_("Replace the existing rows"), self)
        self.append_radio.setChecked(True)
        for radio in (self.append_radio, self.replace_radio):
            radio.setVisible(has_rows)
            layout.addWidget(radio)
        self.replace_radio.toggled.connect(self._update_preview)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Import"))
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

        self.sheet_combo.currentIndexChanged.connect(self._load_sheet)
        self.header_check.toggled.connect(self._build_mapping)
        self._load_sheet()

    # -- reading the sheet

    @property
    def raw_rows(self) -> list[list[Any]]:
        return self.sheets.get(self.sheet_combo.currentData(), [])

    def _load_sheet(self) -> None:
        rows = self.raw_rows
        self.header_check.blockSignals(True)
        self.header_check.setChecked(bool(rows) and looks_like_header(rows[0], self.columns))
        self.header_check.blockSignals(False)
        self._build_mapping()

    def _build_mapping(self) -> None:
        rows = self.raw_rows
        width = max((len(r) for r in rows), default=0)
        headings = list(rows[0]) + [None] * (width - len(rows[0])) if rows else []
        has_header = self.header_check.isChecked()
        matches = match_columns(headings, self.columns) if has_header else \
            [c.key for c in self.columns][:width] + [None] * max(0, width - len(self.columns))
        lang = current_language()
        holder = QWidget()
        form = QFormLayout(holder)
        self.mapping_combos = []
        for number in range(width):
            heading = headings[number] if has_header else None
            name = _("Column {letter}").format(letter=_column_name(number))
            if heading not in (None, ""):
                name = _("{letter}: {heading}").format(letter=_column_name(number), heading=heading)
            combo = QComboBox(holder)
            combo.addItem(_("(do not import)"), None)
            for column in self.columns:
                combo.addItem(pick(column.label, lang), column.key)
            combo.setCurrentIndex(max(combo.findData(matches[number]), 0))
            combo.setAccessibleName(_("Table column for {column}").format(column=name))
            combo.currentIndexChanged.connect(self._update_preview)
            form.addRow(name, combo)
            self.mapping_combos.append(combo)
        self.mapping_area.setWidget(holder)
        self._update_preview()

    def mapping(self) -> list[str | None]:
        return [combo.currentData() for combo in self.mapping_combos]

    def plan(self) -> ImportPlan:
        mapping = self.mapping()
        rows = self.raw_rows[1:] if self.header_check.isChecked() else self.raw_rows
        planned = []
        for raw in rows:
            row = {}
            for number, key in enumerate(mapping):
                if key is None or number >= len(raw):
                    continue
                cell = raw[number]
                if cell is None or (isinstance(cell, str) and not cell.strip()):
                    continue
                row[key] = cell
            if row:
                planned.append(row)
        return ImportPlan(rows=planned, replace=self.replace_radio.isChecked())

    def _update_preview(self) -> None:
        plan = self.plan()
        used = [c for c in self.columns if c.key in set(self.mapping())]
        lang = current_language()
        self.preview_model.clear()
        self.preview_model.setHorizontalHeaderLabels([pick(c.label, lang) for c in used])
        bad_cells = mapped = 0
        for index, row in enumerate(plan.rows):
            items = []
            for column in used:
                reading = read_input(column, row.get(column.key), lang)
                if not reading.ok:
                    bad_cells += 1
                mapped += reading.note is not None
                if index >= PREVIEW_ROWS:
                    continue
                item = QStandardItem(display_text(column, reading.value, lang) if reading.ok
                                     else reading.pending or "")
                if not reading.ok:
                    item.setForeground(QBrush(QColor("#b00020")))
                    item.setBackground(QBrush(QColor("#fde2e2")))
                    item.setToolTip(reading.error.render(lang) if reading.error else "")
                elif reading.note is not None:  # a former province taken as today's: said, not hidden
                    item.setBackground(QBrush(QColor("#fff8e1")))
                    item.setToolTip(reading.note.render(lang))
                items.append(item)
            if index < PREVIEW_ROWS:
                self.preview_model.appendRow(items)
        text = ngettext("{count} row will be imported.", "{count} rows will be imported.",
                        len(plan.rows)).format(count=count_text(len(plan.rows)))
        if bad_cells:
            text += " " + ngettext("{count} cell cannot be read; it will be kept as typed and marked in red "
                                   "for you to correct.",
                                   "{count} cells cannot be read; they will be kept as typed and marked "
                                   "in red for you to correct.", bad_cells).format(count=count_text(bad_cells))
        if mapped:
            text += " " + ngettext("{count} cell names a former province and will be entered as today's province "
                                   "(marked in yellow).",
                                   "{count} cells name a former province and will be entered as today's province "
                                   "(marked in yellow).", mapped).format(count=count_text(mapped))
        if not used:
            text = _("Choose a table column for at least one column of the file.")
        capacity = self.table.max_rows - (0 if plan.replace else self.existing_rows)
        fits = len(plan.rows) <= capacity
        if not fits:
            text = too_many_rows_text(self.table, len(plan.rows), capacity)
        self.summary.setText(text)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(used) and bool(plan.rows) and fits)

    def _accept(self) -> None:
        plan = self.plan()
        self.accept()
        emit(self.planAccepted, plan)
