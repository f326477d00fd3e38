"""The checks panel: errors and warnings grouped by section, live; click one to go there."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from desktop.forms.issues import Issue
from desktop.forms.model import FormDefinition
from desktop.forms.normalize import InputError, normalize_text
from desktop.i18n import _, count_text, current_language, ngettext
from desktop.reporting.verdict import Verdict, ack_key, acknowledgement, is_acknowledged
from desktop.ui.signals import emit

from .page import section_title
from .session import EditSession

if TYPE_CHECKING:
    from PySide6.QtWidgets import QInputDialog

ISSUE_ROLE = Qt.ItemDataRole.UserRole + 1
MUTED = QColor("#888888")
Index = QModelIndex | QPersistentModelIndex


class ChecksModel(QAbstractListModel):
    """Rows: a heading per section with problems, then its problems (rendered when painted)."""

    def __init__(self, form: FormDefinition, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.form = form
        self.sections = {s.key: s for s in form.sections}
        self.entries: list[tuple[str, Any]] = []
        self.acks: dict[str, Any] = {}
        self._bold = QFont()
        self._bold.setBold(True)
        self._italic = QFont()
        self._italic.setItalic(True)

    def set_checks(self, checks: Verdict, acks: dict[str, Any]) -> None:
        self.beginResetModel()
        self.entries = []
        for section_key, issues in checks.groups:
            self.entries.append(("section", section_key))
            self.entries.extend(("issue", issue) for issue in issues)
        self.acks = acks
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.entries)

    def issue_at(self, row: int) -> Issue | None:
        if 0 <= row < len(self.entries) and self.entries[row][0] == "issue":
            return self.entries[row][1]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if self.issue_at(index.row()) is None:
            return Qt.ItemFlag.ItemIsEnabled
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.entries):
            return None
        kind, payload = self.entries[index.row()]
        lang = current_language()
        if kind == "section":
            section = self.sections.get(payload)
            if role == Qt.ItemDataRole.DisplayRole:
                return section_title(section, lang) if section else payload
            if role == Qt.ItemDataRole.FontRole:
                return self._bold
            return None
        issue: Issue = payload
        ack = is_acknowledged(issue, self.acks)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
                    Qt.ItemDataRole.AccessibleTextRole):
            # The whole message, as the export and `ct20 report validate` say it: a section may
            # hold several tables, so "Row 3: …" alone would not tell which one.
            text = issue.message.render(lang)
            if ack:
                text = _("{message} — acknowledged: {reason}").format(message=text, reason=ack.get("text", ""))
            if role == Qt.ItemDataRole.AccessibleTextRole:
                kind_text = _("Error") if issue.severity == "E" else _("Warning")
                return f"{kind_text}: {text}"
            return text
        if role == Qt.ItemDataRole.DecorationRole:
            icon = (QStyle.StandardPixmap.SP_MessageBoxCritical if issue.severity == "E"
                    else QStyle.StandardPixmap.SP_MessageBoxWarning)
            return QApplication.style().standardIcon(icon)
        if role == Qt.ItemDataRole.ForegroundRole and ack:
            return QBrush(MUTED)
        if role == Qt.ItemDataRole.FontRole and ack:
            return self._italic
        if role == ISSUE_ROLE:
            return issue
        return None

    def row_of(self, key: tuple[str, str] | None) -> int:
        if key is not None:
            for row, (kind, payload) in enumerate(self.entries):
                if kind == "issue" and (payload.path, payload.code) == key:
                    return row
        return -1


class ChecksPanel(QWidget):
    issueActivated = Signal(object)  # Issue
    message = Signal(str)

    def __init__(self, session: EditSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.model = ChecksModel(session.form, self)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.list = QListView(self)
        self.list.setModel(self.model)
        # Messages wrap (never cut with "…" nor scrolled sideways); rows are measured in batches as
        # they come into view, so thousands of problems do not stall a check.
        self.list.setWordWrap(True)
        self.list.setUniformItemSizes(False)
        self.list.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setLayoutMode(QListView.LayoutMode.Batched)
        self.list.setBatchSize(100)
        self.list.setSpacing(1)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.clicked.connect(self._activate)
        self.list.activated.connect(self._activate)
        self.next_button = QPushButton(self)
        self.next_button.clicked.connect(lambda: self.next_error(1))
        self.ack_button = QPushButton(self)
        self.ack_button.clicked.connect(self.acknowledge_selected)
        buttons = QHBoxLayout()
        buttons.addWidget(self.next_button)
        buttons.addWidget(self.ack_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.summary)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        self.ack_dialog: QInputDialog | None = None
        self.checks = Verdict([], [])
        self.checked = False  # the first checks come after the editor's first paint
        self.finish_checks: Callable[[], None] | None = None  # the editor's, for F8 while checking
        self.list.selectionModel().currentChanged.connect(lambda *_: self._update_buttons())
        self.retranslate()

    def retranslate(self) -> None:
        self.list.setAccessibleName(_("Checks: errors and warnings"))
        self.next_button.setText(_("Next error (F8)"))
        self.next_button.setAccessibleName(_("Go to the next error"))
        self._update_summary()
        self._update_buttons()
        emit(self.model.layoutChanged)

    def set_checks(self, checks: Verdict) -> None:
        selected = self.selected_issue()
        key = (selected.path, selected.code) if selected else None
        self.checks = checks
        self.checked = True
        self.model.set_checks(checks, self.session.acks)
        row = self.model.row_of(key)
        if row >= 0:
            self.list.setCurrentIndex(self.model.index(row))
        self._update_summary()
        self._update_buttons()

    def _update_summary(self) -> None:
        checks = self.checks
        if not self.checked:
            text = _("Checking the report…")
        elif not checks.errors and not checks.warnings:
            text = _("No problems found.")
        else:
            text = _("{errors}, {warnings}").format(
                errors=ngettext("{n} error", "{n} errors", len(checks.errors)).format(
                    n=count_text(len(checks.errors))),
                warnings=ngettext("{n} warning", "{n} warnings", len(checks.warnings)).format(
                    n=count_text(len(checks.warnings))))
        self.summary.setText(text)

    def selected_issue(self) -> Issue | None:
        return self.model.issue_at(self.list.currentIndex().row())

    def _update_buttons(self) -> None:
        issue = self.selected_issue()
        acked = issue is not None and is_acknowledged(issue, self.session.acks)
        self.ack_button.setText(_("Withdraw acknowledgement") if acked else _("Acknowledge…"))
        self.ack_button.setAccessibleName(self.ack_button.text())
        self.ack_button.setToolTip(_("Keep this warning with a short justification; it is then shown muted."))
        self.ack_button.setEnabled(issue is not None and issue.severity == "W"
                                   and not self.session.read_only)

    def _activate(self, index: QModelIndex) -> None:
        issue = self.model.issue_at(index.row())
        if issue is not None:
            emit(self.issueActivated, issue)

    def next_error(self, step: int = 1) -> Issue | None:
        """Select and go to the next error (then unacknowledged warnings when no error is left)."""
        if not self.checked and self.finish_checks is not None:
            self.finish_checks()
        rows = [r for r in range(self.model.rowCount())
                if (i := self.model.issue_at(r)) is not None and i.severity == "E"]
        if not rows:
            rows = [r for r in range(self.model.rowCount())
                    if (i := self.model.issue_at(r)) is not None and not is_acknowledged(i, self.session.acks)]
        if not rows:
            emit(self.message, _("No problems found."))
            return None
        current = self.list.currentIndex().row()
        if step > 0:
            row = next((r for r in rows if r > current), rows[0])
        else:
            row = next((r for r in reversed(rows) if r < current), rows[-1])
        index = self.model.index(row)
        self.list.setCurrentIndex(index)
        self.list.scrollTo(index)
        issue = self.model.issue_at(row)
        emit(self.issueActivated, issue)
        return issue

    def acknowledge_selected(self) -> QInputDialog | None:
        """Ask for a justification (non-blocking dialog), or withdraw an acknowledgement."""
        from PySide6.QtWidgets import QInputDialog  # not at start (issue 16)
        issue = self.selected_issue()
        if issue is None or issue.severity != "W" or self.session.read_only:
            return None
        if is_acknowledged(issue, self.session.acks):
            self.session.set_ack(ack_key(issue), None)
            self._after_ack()
            return None
        dialog = QInputDialog(self)
        dialog.setWindowTitle(_("Acknowledge warning"))
        dialog.setLabelText(_("{message}\n\nWhy is this correct? (kept with the report)").format(
            message=issue.message.render(current_language())))
        dialog.setInputMode(QInputDialog.InputMode.TextInput)
        dialog.setOkButtonText(_("Acknowledge"))
        dialog.setCancelButtonText(_("Cancel"))
        dialog.textValueSelected.connect(lambda text: self._acknowledge(issue, text))
        self.ack_dialog = dialog
        dialog.open()
        return dialog

    def _acknowledge(self, issue: Issue, text: str) -> None:
        try:
            reason = normalize_text(text, max_length=500)
        except InputError as exc:
            emit(self.message, exc.render(current_language()))
            return
        if not reason:
            emit(self.message, _("A short justification is needed to acknowledge a warning."))
            return
        self.session.set_ack(ack_key(issue), acknowledgement(issue, reason))
        self._after_ack()

    def _after_ack(self) -> None:
        self.model.acks = self.session.acks
        emit(self.model.layoutChanged)
        self._update_buttons()
