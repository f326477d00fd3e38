"""The Inbox screen of Cục ATMT: drop or pick received packages, see who has reported, consolidate.

Import and consolidation run in a worker thread (each opens its own store connection) behind a
progress dialog that can be cancelled; the window never freezes. The dialogs that ask for files
and folders are injectable, so tests drive the page as a user would without native dialogs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressDialog,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import N_, LocalizedError, _
from desktop.inbox.board import Board, BoardRow, build_board, deadline_message, state_text
from desktop.inbox.imap import ImapConfig
from desktop.inbox.importer import ImportResult
from desktop.inbox.outputs import ConsolidationFiles
from desktop.inbox.requests import request_board
from desktop.reporting.report_info import form_choices
from desktop.ui.export.worker import Worker
from desktop.ui.inbox.board_actions import BoardActionsMixin
from desktop.ui.inbox.board_model import BoardFilter, BoardModel
from desktop.ui.inbox.flow import FlowLayout, flow_policy
from desktop.ui.inbox.mail import MailMixin, MailSettingsDialog
from desktop.ui.inbox.notes_view import ReceivedNotesView
from desktop.ui.inbox.page_jobs import JobsMixin, PickFiles, PickPath, _pick_files, _pick_folder, _pick_xlsx
from desktop.ui.inbox.period_field import PeriodField
from desktop.ui.inbox.request_dialog import RequestDialog, RequestPicker, open_request_dialog
from desktop.ui.inbox.request_send import RequestSendDialog
from desktop.ui.inbox.state_filter import StateFilter

if TYPE_CHECKING:
    from desktop.ui.inbox.decision_dialog import DecisionDialog
    from desktop.ui.inbox.receipt_dialog import ReceiptDialog
    from desktop.ui.inbox.received_window import ReceivedReportWindow

class InboxPage(JobsMixin, BoardActionsMixin, MailMixin, QWidget):
    def __init__(self, store: Any, parent: QWidget | None = None, *, today: Callable[[], dt.date] = dt.date.today,  # type: ignore[no-untyped-def]
                 pick_files: PickFiles = _pick_files, pick_folder: PickPath = _pick_folder,
                 pick_xlsx: PickPath = _pick_xlsx) -> None:
        super().__init__(parent)
        self.setObjectName("inboxPage")
        self.store = store
        self.today = today
        self.pick_files, self.pick_folder, self.pick_xlsx = pick_files, pick_folder, pick_xlsx
        self.worker: Worker | None = None
        self.progress: QProgressDialog | None = None
        self.board: Board | None = None
        self.last_import: ImportResult | None = None
        self.last_consolidation: ConsolidationFiles | None = None
        self.setAcceptDrops(True)

        self.form = QComboBox(self)
        self.form.setObjectName("inboxForm")
        for form_id, title in form_choices():  # titles only: a form's id is never shown
            self.form.addItem(title, form_id)
        self.period = PeriodField(store, today(), self)  # by its name; the code stays hidden
        self.period.reload(self.form.currentData())
        self.request = RequestPicker(store, self)  # the board of a period, or of an ad hoc request
        self.request_dialog: RequestDialog | None = None  # the "new ad hoc request" dialog open now
        self.form.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.form.setMinimumContentsLength(24)
        self.states = StateFilter(self)
        self.deadline = QLabel(self)
        self.deadline.setObjectName("inboxDeadline")
        self.deadline.setWordWrap(True)
        self.message = QLabel(self)
        self.message.setObjectName("inboxMessage")
        self.message.setWordWrap(True)
        self.details = QLabel(self)
        self.details.setObjectName("inboxDetails")
        self.details.setWordWrap(True)
        self.details.setMinimumHeight(self.details.fontMetrics().lineSpacing() * 2)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.import_button = self._button("importPackages", N_("Import packages…"), self.import_files)
        self.import_folder_button = self._button("importFolder", N_("Import a folder…"), self.import_folder)
        self.fetch_button = self._button("fetchMail", N_("Fetch e-mail"), self.fetch_mail)
        self.mail_settings_button = self._button("mailSettings", N_("E-mail settings…"), self.mail_settings)
        self.mail_settings_dialog: MailSettingsDialog | None = None  # open now (tests use it)
        self.dropped_folder: Path | None = None  # a message dragged out of Outlook, until imported
        self.request_button = self._button("newRequest", N_("Ad hoc request…"), self.new_request)
        self.send_request_button = self._button("sendRequest", N_("Sign and send the request…"), self.send_request)
        self.request_send_dialog: RequestSendDialog | None = None
        self.export_button = self._button("exportBoard", N_("Export the board…"), self.export_board)
        self.consolidate_button = self._button("consolidate", N_("Consolidate…"), self.consolidate)
        self.open_button = self._button("openReceived", N_("Open the report"), self.open_received)
        self.accept_button = self._button("acceptPackage", N_("Accept the package…"),
                                          lambda: self.decide("accepted"))
        self.reject_button = self._button("rejectPackage", N_("Reject the package…"),
                                          lambda: self.decide("rejected"))
        self.signer_button = self._button("acceptSigner", N_("Accept this signer for this organisation…"),
                                          self.accept_signer)
        self.signer_dialog: QWidget | None = None  # the "accept this signer" dialog open now (tests use it)
        self.receipt_dialog: ReceiptDialog | None = None  # the receipt dialog open now (tests use it)
        self.decision_dialog: DecisionDialog | None = None  # accept or reject, open now (tests use it)
        self.received_window: ReceivedReportWindow | None = None  # the received report opened last
        self.receipt_action = QAction(_("Send a receipt…"), self)
        self.receipt_action.setObjectName("action_send_receipt")
        self.receipt_action.setStatusTip(_("Sign a receipt for the selected package and send it to the reporter"))
        self.receipt_action.triggered.connect(self.send_receipt)
        self.receipt_button = self._button("sendReceipt", N_("Send a receipt…"), self.receipt_action.trigger)
        self.receipt_button.setToolTip(self.receipt_action.statusTip())

        self.model = BoardModel(self)
        self.proxy = BoardFilter(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView(self)
        self.table.setObjectName("inboxBoard")
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().hide()
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.table.addAction(self.receipt_action)
        self.table.doubleClicked.connect(lambda _index: self.open_received())

        # Rows of buttons wrap instead of widening the window beyond the screen.
        pairs = []
        for label, widget in ((N_("Form"), self.form), (N_("Period"), self.period),
                              (N_("Request"), self.request), (N_("Show"), self.states)):
            caption = QLabel(_(label), self)
            caption.setBuddy(widget)
            pair = QWidget(self)
            row = QHBoxLayout(pair)
            row.setContentsMargins(0, 0, 0, 0)
            row.addWidget(caption)
            row.addWidget(widget)
            pairs.append(pair)
        filters = self._flow(*pairs)
        intake = self._flow(self.import_button, self.import_folder_button, self.fetch_button,
                            self.mail_settings_button, self.request_button, self.send_request_button,
                            self.export_button, self.consolidate_button)
        decisions = self._flow(self.open_button, self.accept_button, self.reject_button, self.signer_button,
                               self.receipt_button)
        layout = QVBoxLayout(self)
        layout.addWidget(filters)
        layout.addWidget(intake)
        layout.addWidget(self.deadline)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.details)
        self.notes = ReceivedNotesView(self)  # the selected package's justifications of warnings (issue 14.3)
        layout.addWidget(self.notes)
        layout.addWidget(decisions)
        layout.addWidget(self.message)

        self.form.currentIndexChanged.connect(self._form_changed)
        self.period.editingFinished.connect(self.refresh)
        self.request.currentIndexChanged.connect(self.refresh)
        self.states.changed.connect(self.proxy.set_states)
        self.table.selectionModel().selectionChanged.connect(lambda *_args: self._update())
        self.refresh()

    def _flow(self, *widgets: QWidget) -> QWidget:
        box = QWidget(self)
        flow_policy(box)
        layout = FlowLayout(box)
        for widget in widgets:
            layout.addWidget(widget)
        return box

    def _button(self, name: str, text: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(_(text), self)
        button.setObjectName(name)
        button.clicked.connect(slot)
        return button

    # -- the board

    def _form_changed(self) -> None:
        self.period.reload(self.form.currentData())
        self.refresh()

    def refresh(self) -> None:
        """Build the board again; the selected organisation stays selected."""
        selected = self.selected_row()
        request_id = self.request.request_id()
        self.period.setEnabled(request_id is None)
        try:
            if request_id is not None:  # only the request's addressees, by its deadline
                self.period.setText(self.request.period_of(request_id))
                self.board = request_board(self.store, request_id, self.form.currentData(), today=self.today())
            else:
                self.board = build_board(self.store, self.period.text().strip(), self.form.currentData(),
                                         today=self.today())
        except LocalizedError as exc:
            self.board = None
            self.model.set_board(None)
            self.states.set_board(None)
            self.deadline.setText(exc.render())
            self._update()
            return
        self.model.set_board(self.board)
        self.states.set_board(self.board)
        if selected is not None:
            self.select_org(selected.org_id)
        counts = ", ".join(f"{state_text(s).render()}: {n}" for s, n in self.board.counts().items())
        self.deadline.setText(f"{deadline_message(self.board).render()} — {counts}")
        self._update()

    def new_request(self) -> None:
        """Record an ad hoc request; the board then shows its addressees."""
        self.request_dialog = open_request_dialog(self)

    def send_request(self) -> None:
        """Sign the chosen request as a file for its addressees (and an e-mail draft)."""
        request_id = self.request.request_id()
        if request_id is not None:
            self.request_send_dialog = RequestSendDialog(self.store, request_id, self)
            self.request_send_dialog.open()

    def select_org(self, org_id: str) -> bool:
        for number, row in enumerate(self.model.rows):
            if row.org_id == org_id:
                index = self.proxy.mapFromSource(self.model.index(number, 0))
                if index.isValid():
                    self.table.selectRow(index.row())
                    return True
        return False

    def _update(self) -> None:
        idle = self.worker is None
        for button in (self.import_button, self.import_folder_button):
            button.setEnabled(idle)
        self.fetch_button.setEnabled(idle and ImapConfig.load(self.store).enabled)
        self.fetch_button.setToolTip(_("Import the packages of new messages in the mail server's folder"))
        self.mail_settings_button.setEnabled(idle and not getattr(self.store, "readonly", False))
        self.export_button.setEnabled(idle and self.board is not None)
        self.send_request_button.setEnabled(idle and self.request.request_id() is not None)
        self.consolidate_button.setEnabled(idle and self.board is not None)
        row = self.selected_row()
        waiting = row is not None and row.status == "untrusted"
        held = row is not None and row.current is not None and row.current.held  # accepted by accepting its signer
        self.open_button.setEnabled(row is not None and row.current is not None and row.current.verified)
        self.accept_button.setEnabled(idle and waiting and not held)
        self.reject_button.setEnabled(idle and waiting)
        self.signer_button.setEnabled(idle and self._held_package(row) is not None
                                      and not getattr(self.store, "readonly", False))
        one = len(self.table.selectionModel().selectedRows()) == 1 and row is not None and row.inbox_id is not None
        can_receipt = idle and one and not getattr(self.store, "readonly", False)
        self.receipt_action.setEnabled(can_receipt)
        self.receipt_button.setEnabled(can_receipt)
        self.show_details(row)
        self.notes.show_package(self.store, row.current.inbox_id if row is not None and row.current else None)

    def selected_row(self) -> BoardRow | None:
        indexes = self.table.selectionModel().selectedRows()
        if not indexes:
            return None
        return self.model.rows[self.proxy.mapToSource(indexes[0]).row()]
