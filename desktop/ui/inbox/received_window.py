"""A received report, opened from the board: the same editor as the reporter's, read-only, beside
its signature, verification and decisions, and the organisation's revisions (pick one to read it).

The values live in a scratch store (desktop.inbox.received) thrown away when the window closes.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import LocalizedError, _
from desktop.inbox.board import BoardRow, state_text
from desktop.inbox.received import ReceivedReport, open_received
from desktop.reporting.report_info import period_code_text
from desktop.signing.signers import vn_time
from desktop.ui.editor_host import EditorWidget, editor_class
from desktop.ui.inbox.geometry import fit_to_screen
from desktop.ui.signals import emit

ENTRY_ROLE = Qt.ItemDataRole.UserRole + 1


class ReceivedReportWindow(QMainWindow):
    closed = Signal(object)  # this window, as it closes (it is deleted then)

    def __init__(self, store: Any, row: BoardRow, inbox_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("receivedReportWindow")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.store = store
        self.row = row
        self.received: ReceivedReport | None = None
        self.editor: EditorWidget | None = None

        self.splitter = QSplitter(self)
        self.holder = QWidget(self.splitter)
        self.holder_layout = QVBoxLayout(self.holder)
        self.holder_layout.setContentsMargins(0, 0, 0, 0)
        self.banner = QLabel(self.holder)
        self.banner.setObjectName("receivedBanner")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("background: #eef2ff; padding: 6px; font-weight: bold;")
        self.holder_layout.addWidget(self.banner)

        side = QWidget(self.splitter)
        self.signature_box = QGroupBox(side)
        self.facts = QFormLayout(self.signature_box)
        self.revisions_box = QGroupBox(side)
        self.revisions = QListWidget(self.revisions_box)
        self.revisions.setObjectName("receivedRevisions")
        QVBoxLayout(self.revisions_box).addWidget(self.revisions)
        side_layout = QVBoxLayout(side)
        side_layout.addWidget(self.signature_box)
        side_layout.addWidget(self.revisions_box, 1)
        self.splitter.addWidget(self.holder)
        self.splitter.addWidget(side)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.setCentralWidget(self.splitter)

        for entry in row.history:
            when = vn_time(entry.submitted_at) if entry.submitted_at else "-"
            state = state_text("held" if entry.held else entry.state).render()
            item = QListWidgetItem(_("Revision {revision} — {state} — {time}").format(
                revision=entry.revision or "-", state=state, time=when), self.revisions)
            item.setData(ENTRY_ROLE, entry.inbox_id)
            item.setToolTip(entry.file_name)
            if not entry.verified:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)  # nothing established to show
        self.revisions.currentItemChanged.connect(self._picked)
        self.retranslate()
        self.show_package(inbox_id)
        self.resize(1200, 760)
        fit_to_screen(self)

    def retranslate(self) -> None:
        self.signature_box.setTitle(_("Signature and verification"))
        self.revisions_box.setTitle(_("Revisions received"))

    def _picked(self, current: QListWidgetItem | None, _previous: object = None) -> None:
        if current is not None and current.data(ENTRY_ROLE) != (self.received.record.id if self.received else None):
            self.show_package(int(current.data(ENTRY_ROLE)))

    def show_package(self, inbox_id: int) -> bool:
        """Show one of the organisation's packages; False (with the reason in the banner) if it cannot be."""
        try:
            received = open_received(self.store, inbox_id)
        except LocalizedError as exc:
            self.banner.setText(exc.render())
            return False
        try:
            editor = editor_class()(received.store, received.report_id, self.holder)
        except Exception as exc:  # a form this version cannot show: say so, keep the window
            received.close()
            self.banner.setText(_("The report cannot be shown: {error}").format(error=str(exc)))
            return False
        self._drop()
        self.received, self.editor = received, editor
        self.holder_layout.addWidget(editor, 1)
        editor.show()
        banner = getattr(editor, "banner", None)
        if banner is not None:  # "submitted… create a new revision" speaks to the reporter, not to Cục ATMT
            banner.hide()
        record = received.record
        self.setWindowTitle(_("Received report — {org} — {period}, revision {revision}").format(
            org=self.row.org_name, period=period_code_text(record.period) if record.period else "-",
            revision=record.revision or "-"))
        self.banner.setText(_("Received report, read only: {file}").format(file=record.file_name))
        while self.facts.rowCount():
            self.facts.removeRow(0)
        for label, value in received.facts:
            text = QLabel(value, self.signature_box)
            text.setWordWrap(True)
            text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.facts.addRow(label.render(), text)
        for index in range(self.revisions.count()):
            item = self.revisions.item(index)
            if item.data(ENTRY_ROLE) == inbox_id and self.revisions.currentRow() != index:
                self.revisions.blockSignals(True)
                self.revisions.setCurrentRow(index)
                self.revisions.blockSignals(False)
        return True

    def fact(self, label: str) -> str:
        """The value shown beside `label` (tests and screenshots read it as a user would)."""
        for index in range(self.facts.rowCount()):
            caption = self.facts.itemAt(index, QFormLayout.ItemRole.LabelRole)
            value = self.facts.itemAt(index, QFormLayout.ItemRole.FieldRole)
            shown, text = (caption.widget() if caption else None), (value.widget() if value else None)
            if isinstance(shown, QLabel) and shown.text() == label and isinstance(text, QLabel):
                return text.text()
        return ""

    def _drop(self) -> None:
        if self.editor is not None:
            self.holder_layout.removeWidget(self.editor)
            self.editor.setParent(None)
            self.editor.deleteLater()
            self.editor = None
        if self.received is not None:
            self.received.close()
            self.received = None

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().showEvent(event)
        fit_to_screen(self)  # again, now that the frame is known

    def closeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        self._drop()
        emit(self.closed, self)
        super().closeEvent(event)
