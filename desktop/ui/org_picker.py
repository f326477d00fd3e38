"""Choosing one's organisation from the registry, with a search that ignores Vietnamese accents.

"ninh binh" finds "Sở Công Thương tỉnh Ninh Bình"; the name of a province merged in 2025 finds
the province it joined ("ha nam" → Ninh Bình).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QLabel, QLineEdit, QListView, QVBoxLayout, QWidget

from desktop.forms.normalize import fold
from desktop.i18n import N_, _, count_text, ngettext
from desktop.registry import Organization, all_organizations, former_provinces
from desktop.ui.signals import emit

ORG_ID_ROLE = Qt.ItemDataRole.UserRole + 1
SEARCH_KEY_ROLE = Qt.ItemDataRole.UserRole + 2

KIND_LABELS = {
    "province": N_("Provincial Department of Industry and Trade"),
    "enterprise": N_("Corporation or production unit"),
    "ministry-unit": N_("Unit of the Ministry"),
}


def search_key(org: Organization, merged_names: dict[str, list[str]]) -> str:
    parts = [org.name, org.short, org.place, org.id, *merged_names.get(org.province, [])]
    return fold(" ".join(p for p in parts if p))


def matches(key: str, query: str) -> bool:
    """Every word of the query appears in the folded key ("binh ninh" matches too)."""
    return all(word in key for word in fold(query).split())


class OrganizationListModel(QAbstractListModel):
    def __init__(self, organizations: list[Organization], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._orgs = organizations
        merged: dict[str, list[str]] = {}
        for slug, entry in former_provinces().items():
            if entry.get("merged_into") and entry["merged_into"] != slug:
                merged.setdefault(entry["merged_into"], []).append(entry.get("name", slug))
        self._keys = [search_key(org, merged) for org in organizations]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._orgs)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        org = self._orgs[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return org.name
        if role == Qt.ItemDataRole.ToolTipRole:
            return " — ".join(p for p in (_(KIND_LABELS.get(org.kind, org.kind)), org.parent_body) if p)
        if role == ORG_ID_ROLE:
            return org.id
        if role == SEARCH_KEY_ROLE:
            return self._keys[index.row()]
        return None

    def organization(self, row: int) -> Organization:
        return self._orgs[row]

    def row_of(self, org_id: str) -> int | None:
        for row, org in enumerate(self._orgs):
            if org.id == org_id:
                return row
        return None


class OrganizationFilter(QSortFilterProxyModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._query = ""

    def set_query(self, text: str) -> None:
        self.beginFilterChange()
        self._query = text
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:
        key = self.sourceModel().index(source_row, 0, source_parent).data(SEARCH_KEY_ROLE)
        return matches(key, self._query)


class OrganizationPicker(QWidget):
    """A search box above the list of organisations; `organizationChanged` carries the id."""

    organizationChanged = Signal(str)

    def __init__(self, custom: list[dict] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._model = OrganizationListModel(all_organizations(custom), self)
        self._filter = OrganizationFilter(self)
        self._filter.setSourceModel(self._model)
        self.search_label = QLabel(self)
        self.search = QLineEdit(self)
        self.search.setObjectName("orgSearch")
        self.search.setClearButtonEnabled(True)
        self.search_label.setBuddy(self.search)
        self.list = QListView(self)
        self.list.setObjectName("orgList")
        self.list.setModel(self._filter)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setUniformItemSizes(True)
        self.count_label = QLabel(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search_label)
        layout.addWidget(self.search)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.count_label)
        self.setTabOrder(self.search, self.list)
        self.search.installEventFilter(self)
        self.search.textChanged.connect(self._on_search)
        self.search.returnPressed.connect(self.list.setFocus)
        self.list.selectionModel().currentChanged.connect(self._on_current)
        self.retranslate()

    def retranslate(self) -> None:
        self.search_label.setText(_("&Search (name or province, accents optional):"))
        self.search.setPlaceholderText(_("e.g. ninh binh"))
        self.search.setAccessibleName(_("Search organisations"))
        self.list.setAccessibleName(_("Organisations"))
        self._update_count()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (watched is self.search and isinstance(event, QKeyEvent)
                and event.type() == QEvent.Type.KeyPress
                and event.key() in (Qt.Key.Key_Down, Qt.Key.Key_PageDown)):
            self.list.setFocus()  # from the search box straight into the results
            return True
        return super().eventFilter(watched, event)

    # -- selection

    def selected_id(self) -> str | None:
        index = self.list.currentIndex()
        if not index.isValid() or not self.list.selectionModel().isSelected(index):
            return None
        return index.data(ORG_ID_ROLE)

    def selected_organization(self) -> Organization | None:
        org_id = self.selected_id()
        row = self._model.row_of(org_id) if org_id is not None else None
        return None if row is None else self._model.organization(row)

    def select(self, org_id: str) -> None:
        row = self._model.row_of(org_id)
        if row is None:
            return
        index = self._filter.mapFromSource(self._model.index(row, 0))
        if index.isValid():
            self._set_current(index)

    def visible_names(self) -> list[str]:
        return [self._filter.index(r, 0).data() for r in range(self._filter.rowCount())]

    def _set_current(self, index: QModelIndex) -> None:
        self.list.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
        )
        self.list.scrollTo(index)

    def _on_search(self, text: str) -> None:
        previous = self.selected_id()
        self._filter.set_query(text)
        self._update_count()
        if previous is not None and self.selected_id() == previous:
            return
        if self._filter.rowCount():
            self._set_current(self._filter.index(0, 0))
        else:
            self.list.selectionModel().clear()
            emit(self.organizationChanged, "")

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        emit(self.organizationChanged, current.data(ORG_ID_ROLE) if current.isValid() else "")

    def _update_count(self) -> None:
        shown = self._filter.rowCount()
        if shown == 0:
            self.count_label.setText(_("No organisation matches. Check the spelling."))
        else:
            self.count_label.setText(ngettext("{count} organisation", "{count} organisations", shown).format(
                count=count_text(shown)))
