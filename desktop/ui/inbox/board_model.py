"""The board as a Qt table model (one row per expected organisation) and a filter by state."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QColor

from desktop.i18n import N_, _, count_text, ngettext
from desktop.inbox.board import Board, BoardRow, row_state_text, state_text
from desktop.signing.signers import vn_time

COLUMNS = (N_("Organisation"), N_("Status"), N_("Submitted (+07:00)"), N_("Revision"), N_("Signer"),
           N_("Inbox id"), N_("Problems"))
ORG, STATUS, SUBMITTED, REVISION, SIGNER, INBOX_ID, PROBLEMS = range(len(COLUMNS))
STATE_ROLE = Qt.ItemDataRole.UserRole + 1
ORG_ROLE = Qt.ItemDataRole.UserRole + 2
COLORS = {"late": QColor("#b45309"), "missing": QColor("#6b7280"), "rejected": QColor("#c62828"),
          "untrusted": QColor("#6d28d9"), "on_time": QColor("#15803d")}


def submitted_text(row: BoardRow) -> str:
    """The proven time and what proves it; the signer's own claim ("tự khai") beside it, when it differs."""
    if row.submitted_at is None:
        return ""
    proof = _("(timestamp)") if row.proof == "timestamp" else _("(received)")
    text = f"{vn_time(row.submitted_at)} {proof}"
    if row.claimed_at is not None and row.claimed_at != row.submitted_at:
        text += " — " + _("claimed: {time}").format(time=vn_time(row.claimed_at))
    return text


def time_details(row: BoardRow) -> str:
    """The proven time and what proves it, and the time the signer's computer claims, in words."""
    if row.submitted_at is None or row.current is None:
        return ""
    by = _("by a trusted timestamp") if row.proof == "timestamp" else _("first received by this Inbox")
    lines = [_("Proven submission time: {time}, {proof}").format(time=vn_time(row.submitted_at), proof=by)]
    if row.claimed_at is not None:
        lines.append(_("Signing time claimed by the signer's computer (never decides timeliness alone): {time}")
                     .format(time=vn_time(row.claimed_at)))
    return "\n".join(lines)


class BoardModel(QAbstractTableModel):
    def __init__(self, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.board: Board | None = None
        self.rows: list[BoardRow] = []

    def set_board(self, board: Board | None) -> None:
        self.beginResetModel()
        self.board = board
        self.rows = list(board.rows) if board is not None else []
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # type: ignore[no-untyped-def]
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(COLUMNS[section])
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):  # type: ignore[no-untyped-def]
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        column = index.column()
        if role == STATE_ROLE:
            return row.status
        if role == ORG_ROLE:
            return row.org_id
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(row, column)
        if role == Qt.ItemDataRole.ForegroundRole and column == STATUS:
            return QBrush(COLORS[row.status]) if row.status in COLORS else None
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == SUBMITTED and row.current is not None:
                return time_details(row)
            return self._history(row) if row.history and column != PROBLEMS else self._text(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (REVISION, INBOX_ID):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _text(self, row: BoardRow, column: int) -> str:
        if column == ORG:
            return row.org_name
        if column == STATUS:
            return row_state_text(row).render()
        if column == SUBMITTED:
            return submitted_text(row)
        if column == REVISION:
            return str(row.revision) if row.revision else ""
        if column == SIGNER:
            return row.signer or ""
        if column == INBOX_ID:
            return str(row.inbox_id) if row.inbox_id else ""
        problems = [p.render() for p in row.problems] if row.status in ("rejected", "untrusted") else []
        if row.correction is not None:
            problems.append(_("Correction requested: {message}").format(message=row.correction.message or "-"))
        if row.held and (row.current is None or not row.current.held):
            problems.append(ngettext(
                "{count} package signed by someone outside the organisation waits for a decision",
                "{count} packages signed by someone outside the organisation wait for a decision",
                len(row.held)).format(count=count_text(len(row.held))))
        if row.current is not None:
            problems.extend(_("Note: {note}").format(note=note.render()) for note in row.current.notes)
        return "; ".join(problems)

    def _history(self, row: BoardRow) -> str:
        lines = []
        for entry in row.history:
            when = vn_time(entry.submitted_at) if entry.submitted_at else "-"
            state = state_text("held" if entry.held else entry.state).render()
            lines.append(_("Package {id}, revision {revision}: {state}, {time}").format(
                id=entry.inbox_id, revision=entry.revision or "-", state=state, time=when))
        return "\n".join(lines)


class BoardFilter(QSortFilterProxyModel):
    """Shows the rows whose state is in `states` (all when None)."""

    def __init__(self, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.states: set[str] | None = None

    def set_states(self, states: set[str] | None) -> None:
        self.beginFilterChange()
        self.states = states
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:
        if self.states is None:
            return True
        model: BoardModel = self.sourceModel()  # type: ignore[assignment]
        row = model.rows[source_row]
        return row.status in self.states or bool(self.states.intersection(row.marks))
