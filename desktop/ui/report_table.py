"""The list of reports' data: a table model over the store (sorted in Python, texts rendered on demand)
and the filter proxy the page (desktop.ui.report_list) shows it through."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor, QFont

from desktop.forms.fold import fold
from desktop.i18n import N_, _
from desktop.reporting import report_info as info
from desktop.reporting.basics import period_sort_key
from desktop.reporting.rows import ReportRow, load_rows
from desktop.store import Store
from desktop.ui.signals import emit

# ForegroundRole takes a QColor as well as a QBrush (the view's delegate turns it into one); a QBrush
# made in Python would make PySide6 build the QBrush, QGradient and QImage classes with their enums
# (QGradient.Preset alone has 169 members) before the list's first paint (issue 16)
OVERDUE_COLOR = QColor("#c62828")
CORRECTION_COLOR = QColor("#b45309")  # the Ministry asks for a correction: a warning, not an error
REPORT_ID_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
OVERDUE_ROLE = Qt.ItemDataRole.UserRole + 3

COLUMNS = (N_("Form"), N_("Period"), N_("Status"), N_("Last change"), N_("Deadline"))
FORM, PERIOD, STATUS, CHANGED, DEADLINE = range(len(COLUMNS))
SIZED = (PERIOD, STATUS, CHANGED, DEADLINE)

VIEWS = (
    ("current", N_("All reports")),
    ("draft", N_("Drafts")),
    ("overdue", N_("Overdue drafts")),
    ("submitted", N_("Signed or sent")),
    ("trash", N_("Trash")),
)


class ReportTableModel(QAbstractTableModel):
    def __init__(self, store: Store, today: Callable[[], dt.date] = dt.date.today,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.today = today
        self.rows: list[ReportRow] = []
        self._search: list[str] | None = None  # built when a search first needs it
        self._sort: tuple[int, Qt.SortOrder] = (CHANGED, Qt.SortOrder.DescendingOrder)
        self._bold: QFont | None = None  # the overdue and correction cells' font, made when first shown

    def reload(self) -> None:
        self.beginResetModel()
        self.rows = self._sorted(load_rows(self.store), *self._sort)
        self._search = None
        self.endResetModel()

    def retranslate(self) -> None:
        self._search = None
        emit(self.headerDataChanged, Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        if self.rows:
            emit(self.dataChanged, self.index(0, 0), self.index(len(self.rows) - 1, len(COLUMNS) - 1))

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(COLUMNS[section])
        return None

    def search_key(self, row: int) -> str:
        if self._search is None:
            self._search = [info.search_text(item) for item in self.rows]
        return self._search[row]

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorted here, by Python's sort over one key per row: Qt's proxy would ask `data()` for
        two keys at each of its n·log n comparisons (120,000 calls for 5,000 reports)."""
        if not 0 <= column < len(COLUMNS):
            return
        self._sort = (column, order)
        emit(self.layoutAboutToBeChanged)
        persistent = self.persistentIndexList()
        moved = [self.rows[index.row()].id for index in persistent]
        self.rows = self._sorted(self.rows, column, order)
        self._search = None
        position = {row.id: number for number, row in enumerate(self.rows)}
        self.changePersistentIndexList(
            persistent, [self.index(position[report_id], index.column()) for report_id, index in zip(
                moved, persistent, strict=True)])
        emit(self.layoutChanged)

    def _sorted(self, rows: list[ReportRow], column: int, order: Qt.SortOrder) -> list[ReportRow]:
        keys = [self._sort_key(row, column) for row in rows]
        ranked = sorted(range(len(rows)), key=keys.__getitem__, reverse=order == Qt.SortOrder.DescendingOrder)
        return [rows[number] for number in ranked]

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        record, column = row.record, index.column()
        if role == REPORT_ID_ROLE:
            return row.id
        if role == OVERDUE_ROLE:
            return row.overdue(self.today())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(row, column)
        if role == SORT_ROLE:
            return self._sort_key(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == FORM:
                return f"{info.form_title(record.form_id, record.form_version)}\n{row.org_name}"
            if column == DEADLINE and row.overdue(self.today()):
                return _("This draft is past its deadline.")
            if column == DEADLINE and info.is_late(row, self.today()):
                return info.deadline_text(row, self.today())
            if column == STATUS and row.receipt and not record.trashed_at:
                return info.receipt_tooltip(row.receipt)
            return self._text(row, column)
        overdue = column == DEADLINE and info.is_late(row, self.today())
        correction = (column == STATUS and row.receipt is not None and not record.trashed_at
                      and row.receipt.get("decision") in ("correction_requested", "rejected"))
        if role == Qt.ItemDataRole.ForegroundRole and (overdue or correction):
            return CORRECTION_COLOR if correction else OVERDUE_COLOR
        if role == Qt.ItemDataRole.FontRole and (overdue or correction):
            if self._bold is None:
                self._bold = QFont()
                self._bold.setBold(True)
            return self._bold
        return None

    def text(self, row: ReportRow, column: int) -> str:
        """What the cell shows."""
        return self._text(row, column)

    def _text(self, row: ReportRow, column: int) -> str:
        record = row.record
        if column == FORM:
            title = info.form_title(record.form_id, record.form_version)
            return _("Sample: {title}").format(title=title) if row.sample else title
        if column == PERIOD:
            return info.period_text(record)
        if column == STATUS:
            return info.status_text(record, row.receipt, row.state)
        if column == CHANGED:
            return info.local_time_text(record.updated_at)
        return info.deadline_text(row, self.today())

    def _sort_key(self, row: ReportRow, column: int) -> Any:
        record = row.record
        if column == PERIOD:
            return period_sort_key(record.period)
        if column == CHANGED:
            return record.updated_at
        if column == DEADLINE:
            return row.deadline.isoformat() if row.deadline else "9999-12-31"
        return fold(self._text(row, column))

    def row_of(self, report_id: str) -> int | None:
        for number, row in enumerate(self.rows):
            if row.id == report_id:
                return number
        return None


class ReportFilter(QSortFilterProxyModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.form_id: str | None = None
        self.view = "current"
        self.query = ""
        self.setSortRole(SORT_ROLE)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """The source model sorts (see ReportTableModel.sort); this proxy only filters, in its order."""
        model = self.sourceModel()
        if isinstance(model, ReportTableModel):
            model.sort(column, order)

    def set_filter(self, *, form_id: str | None = None, view: str | None = None,
                   query: str | None = None) -> None:
        self.beginFilterChange()
        self.form_id = form_id
        self.view = view or self.view
        self.query = fold(query) if query is not None else self.query
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:
        model = self.sourceModel()
        assert isinstance(model, ReportTableModel)
        row = model.rows[source_row]
        record = row.record
        if self.form_id and record.form_id != self.form_id:
            return False
        if (self.view == "trash") != bool(record.trashed_at):
            return False
        if self.view in ("draft", "submitted") and record.status != self.view:
            return False
        if self.view == "overdue" and not row.overdue(model.today()):
            return False
        words = self.query.split()
        if not words:
            return True
        key = model.search_key(source_row)
        return all(word in key for word in words)
