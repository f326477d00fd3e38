"""The list of reports' data: a table model over the store (sorted in Python, texts rendered on demand)
and the filter proxy the page (desktop.ui.report_list) shows it through."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from time import monotonic
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QModelRoleData,
    QModelRoleDataSpan,
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
# The roles as plain ints, looked up once: `data()` runs for every role of every cell the view paints
# (seven per cell), and each `Qt.ItemDataRole.X` in it was two attribute look-ups (issue 16)
DISPLAY_ROLE = int(Qt.ItemDataRole.DisplayRole)
TOOLTIP_ROLE = int(Qt.ItemDataRole.ToolTipRole)
FONT_ROLE = int(Qt.ItemDataRole.FontRole)
FOREGROUND_ROLE = int(Qt.ItemDataRole.ForegroundRole)
TEXT_ROLES = frozenset((DISPLAY_ROLE, int(Qt.ItemDataRole.AccessibleTextRole)))
# the only roles this model answers: the view's other questions (alignment, decoration, check state,
# background...) get None before anything is looked up
ANSWERED_ROLES = frozenset((*TEXT_ROLES, TOOLTIP_ROLE, FONT_ROLE, FOREGROUND_ROLE,
                            int(REPORT_ID_ROLE), int(SORT_ROLE), int(OVERDUE_ROLE)))
HORIZONTAL = Qt.Orientation.Horizontal
DESCENDING = Qt.SortOrder.DescendingOrder
DAY_CHECKED_EVERY = 1.0  # seconds: how long the model's idea of today is reused (a paint asks it per cell)

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
        self._sort: tuple[int, Qt.SortOrder] = (CHANGED, DESCENDING)
        self._bold: QFont | None = None  # the overdue and correction cells' font, made when first shown
        # what the cells show, by (id of the row, column): made once per row shown or measured, not
        # at every paint (hover, selection and scrolling repaint); valid for one day and language
        self._texts: dict[tuple[int, int], str] = {}
        self._day: dt.date | None = None
        self._day_asked = 0.0

    def reload(self) -> None:
        self.beginResetModel()
        self.rows = self._sorted(load_rows(self.store), *self._sort)
        self._search = None
        self._texts.clear()
        self.endResetModel()

    def retranslate(self) -> None:
        self._search = None
        self._texts.clear()
        emit(self.headerDataChanged, HORIZONTAL, 0, len(COLUMNS) - 1)
        if self.rows:
            emit(self.dataChanged, self.index(0, 0), self.index(len(self.rows) - 1, len(COLUMNS) - 1))

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY_ROLE) -> Any:
        if role == DISPLAY_ROLE and orientation == HORIZONTAL:
            return _(COLUMNS[section])
        return None

    def day(self) -> dt.date:
        """Today as `self.today` says, asked at most once a second: a paint wants it for several
        roles of every deadline cell."""
        now = monotonic()
        if self._day is None or now - self._day_asked >= DAY_CHECKED_EVERY:
            day = self.today()
            if day != self._day:
                self._texts.clear()  # "due today", "1 day left"... change with the date
                self._day = day
            self._day_asked = now
        return self._day

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
        if not self.rows:  # nothing to move (the view sorts once as it is set up, before the first read)
            return
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
        ranked = sorted(range(len(rows)), key=keys.__getitem__, reverse=order == DESCENDING)
        return [rows[number] for number in ranked]

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = DISPLAY_ROLE) -> Any:
        if role not in ANSWERED_ROLES or not index.isValid():
            return None
        column = index.column()
        if role in (FOREGROUND_ROLE, FONT_ROLE):
            if column not in (DEADLINE, STATUS):  # the only cells ever coloured or bold
                return None
            row = self.rows[index.row()]
            if not self._marked(row, column):
                return None
            if role == FOREGROUND_ROLE:
                return OVERDUE_COLOR if column == DEADLINE else CORRECTION_COLOR
            if self._bold is None:
                self._bold = QFont()
                self._bold.setBold(True)
            return self._bold
        row = self.rows[index.row()]
        if role in TEXT_ROLES:
            return self.text(row, column)
        if role == REPORT_ID_ROLE:
            return row.id
        if role == OVERDUE_ROLE:
            return row.overdue(self.day())
        if role == SORT_ROLE:
            return self._sort_key(row, column)
        record = row.record  # the tooltip
        if column == FORM:
            return f"{info.form_title(record.form_id, record.form_version)}\n{row.org_name}"
        if column == DEADLINE and row.overdue(self.day()):
            return _("This draft is past its deadline.")
        if column == DEADLINE and info.is_late(row, self.day()):
            return info.deadline_text(row, self.day())
        if column == STATUS and row.receipt and not record.trashed_at:
            return info.receipt_tooltip(row.receipt)
        return self.text(row, column)

    def _marked(self, row: ReportRow, column: int) -> bool:
        """Whether the cell is shown in colour and bold: a deadline missed (deadline column), or the
        Ministry asking for a correction or refusing the package (status column)."""
        if column == DEADLINE:
            return info.is_late(row, self.day())
        return (row.receipt is not None and not row.record.trashed_at
                and row.receipt.get("decision") in ("correction_requested", "rejected"))

    def text(self, row: ReportRow, column: int) -> str:
        """What the cell shows."""
        self.day()  # a new day forgets the texts made the day before
        key = (id(row), column)
        text = self._texts.get(key)
        if text is None:
            text = self._texts[key] = self._text(row, column)
        return text

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
        return info.deadline_text(row, self.day())

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

    def multiData(self, index: QModelIndex | QPersistentModelIndex,
                  roleDataSpan: QModelRoleDataSpan | QModelRoleData) -> None:
        """Every role a cell is painted with, in one call: the view's delegate asks seven per cell,
        and Qt's own multiData() would ask data() of this proxy for each, which maps the index to
        the model's again and calls Python twice more to check it (issue 16: half the list's paint)."""
        model = self.sourceModel()
        if not isinstance(model, ReportTableModel) or isinstance(roleDataSpan, QModelRoleData):
            super().multiData(index, roleDataSpan)
            return
        source = self.mapToSource(index)
        for number in range(len(roleDataSpan)):  # type: ignore[arg-type]  # the stubs miss __len__
            item = roleDataSpan[number]  # type: ignore[index]  # and __getitem__
            role = item.role()
            if role in ANSWERED_ROLES:
                item.setData(model.data(source, role))
            else:  # as Qt's own multiData() leaves them: empty, in a span used before too
                item.clearData()

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
        if self.view == "overdue" and not row.overdue(model.day()):
            return False
        words = self.query.split()
        if not words:
            return True
        key = model.search_key(source_row)
        return all(word in key for word in words)
