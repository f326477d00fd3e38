"""The list of reports: the page around the table (filters, search, sizing from a sample of rows).
Its model and filter are in desktop.ui.report_table."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _
from desktop.reporting import report_info as info
from desktop.store import Store
from desktop.ui.report_table import (  # noqa: F401 (the columns and colours are named here too)
    CHANGED,
    COLUMNS,
    CORRECTION_COLOR,
    DEADLINE,
    FORM,
    OVERDUE_COLOR,
    OVERDUE_ROLE,
    PERIOD,
    REPORT_ID_ROLE,
    SIZED,
    SORT_ROLE,
    STATUS,
    VIEWS,
    ReportFilter,
    ReportTableModel,
)
from desktop.ui.signals import emit

SAMPLE_ROWS = 200
CELL_MARGIN = 10  # pixels on each side of a cell's text


class ReportListPage(QWidget):
    """Filters above the table; `openRequested(id)` on Enter or double click."""

    openRequested = Signal(str)
    selectionChanged = Signal()

    def __init__(self, store: Store, today: Callable[[], dt.date] = dt.date.today,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.loaded = False  # True once reload() has read the reports (MainWindow's list_when_shown)
        self.model = ReportTableModel(store, today, self)
        self.proxy = ReportFilter(self)
        self.proxy.setSourceModel(self.model)

        self.form_label = QLabel(self)
        self.form_filter = QComboBox(self)
        self.form_filter.setObjectName("formFilter")
        self.form_label.setBuddy(self.form_filter)
        self.view_label = QLabel(self)
        self.view_filter = QComboBox(self)
        self.view_filter.setObjectName("viewFilter")
        self.view_label.setBuddy(self.view_filter)
        self.search_label = QLabel(self)
        self.search = QLineEdit(self)
        self.search.setObjectName("reportSearch")
        self.search.setClearButtonEnabled(True)
        self.search_label.setBuddy(self.search)
        self.form_filter.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.form_filter.setMinimumContentsLength(28)
        self.search.setMinimumWidth(220)
        bar = QHBoxLayout()
        for widget, stretch in ((self.form_label, 0), (self.form_filter, 3), (self.view_label, 0),
                                (self.view_filter, 0), (self.search_label, 0), (self.search, 2)):
            bar.addWidget(widget, stretch)

        self.table = QTableView(self)
        self.table.setObjectName("reportTable")
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSortingEnabled(True)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table, arrows move inside
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(FORM, QHeaderView.ResizeMode.Stretch)
        for column in SIZED:  # from a sample of rows (_size_columns): ResizeToContents asks every row
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        self.table.sortByColumn(CHANGED, Qt.SortOrder.DescendingOrder)
        self.empty = QLabel(self)
        self.empty.setObjectName("emptyHint")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        self.setTabOrder(self.form_filter, self.view_filter)
        self.setTabOrder(self.view_filter, self.search)
        self.setTabOrder(self.search, self.table)

        self.table.activated.connect(self._on_activated)
        # signal to signal: Qt relays it without a Python emit (desktop.ui.signals: none before the first paint)
        self.table.selectionModel().selectionChanged.connect(self.selectionChanged)
        self.form_filter.currentIndexChanged.connect(self._apply_filters)
        self.view_filter.currentIndexChanged.connect(self._apply_filters)
        self.search.textChanged.connect(self._apply_filters)
        self._set_texts()
        self._fill_filters()  # once at start: retranslate() fills them again in another language
        self._update_empty_hint()

    # -- texts

    def retranslate(self) -> None:
        self._set_texts()
        self._fill_filters()
        self.model.retranslate()
        self._update_empty_hint()

    def _set_texts(self) -> None:
        self.form_label.setText(_("For&m:"))
        self.view_label.setText(_("Sho&w:"))
        self.search_label.setText(_("S&earch:"))
        self.search.setPlaceholderText(_("form, period, reference…"))
        self.form_filter.setAccessibleName(_("Filter by form"))
        self.view_filter.setAccessibleName(_("Which reports to show"))
        self.search.setAccessibleName(_("Search reports"))
        self.table.setAccessibleName(_("Reports"))

    def _fill_filters(self) -> None:
        form_id, view = self.form_filter.currentData(), self.view_filter.currentData()
        for combo in (self.form_filter, self.view_filter):
            combo.blockSignals(True)
            combo.clear()
        self.form_filter.addItem(_("All forms"), None)
        for fid, title in info.form_choices():
            self.form_filter.addItem(title, fid)
        for key, label in VIEWS:
            self.view_filter.addItem(_(label), key)
        self.form_filter.setCurrentIndex(max(0, self.form_filter.findData(form_id)))
        self.view_filter.setCurrentIndex(max(0, self.view_filter.findData(view or "current")))
        for combo in (self.form_filter, self.view_filter):
            combo.blockSignals(False)

    def _update_empty_hint(self) -> None:
        if self.model.rowCount() == 0:
            self.empty.setText(_("There are no reports yet. Press Ctrl+N to create one."))
        elif self.proxy.rowCount() == 0:
            self.empty.setText(_("No report matches the filters."))
        self.empty.setVisible(self.proxy.rowCount() == 0)

    # -- data

    def reload(self) -> None:
        selected = self.selected_report_id()
        self.loaded = True
        self.model.reload()
        self._size_columns()
        self._update_empty_hint()
        if selected:
            self.select(selected)
        elif self.proxy.rowCount():
            self.table.selectRow(0)

    def _size_columns(self) -> None:
        """Each column as wide as the widest of its header and of a sample of rows (evenly
        spread, at most SAMPLE_ROWS), measured in bold (overdue and correction cells are bold);
        a longer text is elided and shown whole in its tooltip, and the user can widen it."""
        header = self.table.horizontalHeader()
        bold = QFont(self.table.font())
        bold.setBold(True)
        metrics, header_metrics = QFontMetrics(bold), QFontMetrics(header.font())
        rows = self.model.rows
        sample = range(0, len(rows), max(1, len(rows) // SAMPLE_ROWS))
        for column in SIZED:
            widest = max((metrics.horizontalAdvance(self.model.text(rows[i], column)) for i in sample), default=0)
            title = header_metrics.horizontalAdvance(_(COLUMNS[column])) + 2 * CELL_MARGIN  # the sort arrow
            header.resizeSection(column, max(widest, title) + 2 * CELL_MARGIN)

    def _apply_filters(self) -> None:
        self.proxy.set_filter(form_id=self.form_filter.currentData(),
                              view=self.view_filter.currentData(), query=self.search.text())
        self._update_empty_hint()
        emit(self.selectionChanged)

    def show_view(self, view: str) -> None:
        self.view_filter.setCurrentIndex(max(0, self.view_filter.findData(view)))

    @property
    def view(self) -> str:
        return self.proxy.view

    # -- selection

    def selected_report_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].data(REPORT_ID_ROLE) if rows else None

    def select(self, report_id: str) -> bool:
        source_row = self.model.row_of(report_id)
        if source_row is None:
            return False
        index = self.proxy.mapFromSource(self.model.index(source_row, 0))
        if not index.isValid():
            return False
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        self.table.scrollTo(index)
        return True

    def visible_rows(self) -> list[list[str]]:
        """What the table shows, row by row (for tests and accessibility checks)."""
        return [[self.proxy.index(r, c).data() for c in range(self.proxy.columnCount())]
                for r in range(self.proxy.rowCount())]

    def _on_activated(self, index: QModelIndex) -> None:
        report_id = index.data(REPORT_ID_ROLE)
        if report_id:
            emit(self.openRequested, report_id)
