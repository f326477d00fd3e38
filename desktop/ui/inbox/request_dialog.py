"""The Inbox's ad hoc requests: a dialog to record one (the requesting letter, its addressees, its
deadline), and the part of the Inbox screen that limits the board to a request's addressees."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.forms.normalize import fold
from desktop.i18n import N_, LocalizedError, _
from desktop.inbox.model import ISSUER_ID
from desktop.inbox.requests import create_request, list_requests, request_period
from desktop.registry import all_organizations
from desktop.store.records import RequestRecord
from desktop.ui.org_picker import KIND_LABELS

DATE_FORMAT = "dd/MM/yyyy"


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(day: QDate) -> dt.date:
    return dt.date(day.year(), day.month(), day.day())


class RequestDialog(QDialog):
    """Records the request on OK; `record` is then the request recorded."""

    def __init__(self, store: Any, *, today: dt.date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("requestDialog")
        self.setWindowTitle(_("New ad hoc request"))
        self.store = store
        self.record: RequestRecord | None = None
        today = today or dt.date.today()
        self.number = QLineEdit(self)
        self.number.setObjectName("requestNumber")
        self.number.setMaxLength(100)
        self.number.setPlaceholderText(_("e.g. 123/BCT-ATMT"))
        self.date = QDateEdit(_qdate(today), self)
        self.deadline = QDateEdit(_qdate(today + dt.timedelta(days=14)), self)
        for edit, name in ((self.date, "requestDate"), (self.deadline, "requestDeadline")):
            edit.setObjectName(name)
            edit.setDisplayFormat(DATE_FORMAT)
            edit.setCalendarPopup(True)
        self.requester = QLineEdit("Bộ Công Thương", self)
        self.requester.setObjectName("requestRequester")
        self.requester.setMaxLength(300)
        self.content = QPlainTextEdit(self)
        self.content.setObjectName("requestContent")
        self.content.setTabChangesFocus(True)
        self.search = QLineEdit(self)
        self.search.setObjectName("requestSearch")
        self.search.setPlaceholderText(_("Search: Ninh Bình, HABECO…"))
        self.search.textChanged.connect(self._filter)
        self.addressees = QListWidget(self)
        self.addressees.setObjectName("requestAddressees")
        for org in all_organizations(store.custom_organizations()):
            if org.id == ISSUER_ID:  # Cục ATMT sends the request: never one of its addressees
                continue
            item = QListWidgetItem(org.name, self.addressees)
            item.setData(Qt.ItemDataRole.UserRole, org.id)
            item.setData(Qt.ItemDataRole.UserRole + 1, fold(f"{org.name} {org.id} {org.short or ''}"))
            item.setToolTip(_(KIND_LABELS.get(org.kind, org.kind)))
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
        self.all_provinces = QPushButton(_("All &provinces"), self)
        self.all_provinces.setObjectName("requestAllProvinces")
        self.all_provinces.clicked.connect(lambda: self.check_kind("province"))
        self.problem = QLabel(self)
        self.problem.setObjectName("requestProblem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b71c1c;")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("&Record"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        rows = QFormLayout()
        for text, widget in ((N_("&Letter number:"), self.number), (N_("Letter &date:"), self.date),
                             (N_("Requested &by:"), self.requester), (N_("&What it asks:"), self.content),
                             (N_("Dead&line:"), self.deadline), (N_("&Addressees:"), self.search)):
            label = QLabel(_(text), self)
            label.setBuddy(widget)
            widget.setAccessibleName(_(text).replace("&", "").rstrip(":"))
            rows.addRow(label, widget)
        rows.addRow(self.addressees)
        rows.addRow(self.all_provinces)
        layout = QVBoxLayout(self)
        layout.addLayout(rows)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.resize(640, 640)

    def _filter(self, text: str) -> None:
        words = fold(text).split()
        for row in range(self.addressees.count()):
            item = self.addressees.item(row)
            key = str(item.data(Qt.ItemDataRole.UserRole + 1))
            item.setHidden(not all(word in key for word in words))

    def check_kind(self, kind: str) -> None:
        ids = {org.id for org in all_organizations(self.store.custom_organizations()) if org.kind == kind}
        for row in range(self.addressees.count()):
            item = self.addressees.item(row)
            if item.data(Qt.ItemDataRole.UserRole) in ids:
                item.setCheckState(Qt.CheckState.Checked)

    def set_checked(self, org_ids: list[str]) -> None:
        for row in range(self.addressees.count()):
            item = self.addressees.item(row)
            if item.data(Qt.ItemDataRole.UserRole) in org_ids:
                item.setCheckState(Qt.CheckState.Checked)

    def checked(self) -> list[str]:
        return [str(self.addressees.item(row).data(Qt.ItemDataRole.UserRole)) for row in range(self.addressees.count())
                if self.addressees.item(row).checkState() == Qt.CheckState.Checked]

    def accept(self) -> None:
        try:
            self.record = create_request(
                self.store, number=self.number.text(), date=_pydate(self.date.date()),
                requester=self.requester.text(), content=self.content.toPlainText(), addressees=self.checked(),
                deadline=_pydate(self.deadline.date()), by=str(getattr(self.store, "display_name", "") or ""))
        except LocalizedError as exc:
            self.problem.setText(exc.render())
            return
        super().accept()


class RequestPicker(QComboBox):
    """The Inbox's choice of board: a period's, or an ad hoc request's (only its addressees)."""

    def __init__(self, store: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("inboxRequest")
        self.store = store
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(24)
        self.reload()

    def reload(self, select: str | None = None) -> None:
        current = select or self.currentData()
        self.blockSignals(True)
        self.clear()
        self.addItem(_("Every expected organisation"), None)
        try:
            records = list_requests(self.store)
        except LocalizedError:
            records = []
        for record in records:
            day = dt.date.fromisoformat(record.date).strftime("%d/%m/%Y")
            self.addItem(_("Request {number} of {date}").format(number=record.number, date=day), record.id)
        self.setCurrentIndex(max(0, self.findData(current)))
        self.blockSignals(False)

    def request_id(self) -> str | None:
        value = self.currentData()
        return str(value) if value else None

    def period_of(self, request_id: str) -> str:
        return request_period(self.store.get_request(request_id))


def open_request_dialog(page: Any) -> RequestDialog:
    """Open the dialog over the Inbox page; once recorded, the page's board shows the request."""
    dialog = RequestDialog(page.store, today=page.today(), parent=page)

    def recorded() -> None:
        if dialog.record is not None:
            page.request.reload(select=dialog.record.id)
            page.message.setText(_("Recorded the request {id}.").format(id=dialog.record.id))
            page.refresh()
        page.request_dialog = None

    dialog.accepted.connect(recorded)
    dialog.rejected.connect(lambda: setattr(page, "request_dialog", None))
    dialog.open()
    return dialog
