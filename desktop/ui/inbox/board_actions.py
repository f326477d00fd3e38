"""What the officer does with the selected row of the board: open the received report, accept or
reject an untrusted package (with a reason), accept a signer for an organisation, send a receipt,
and what was decided about it (who, when, why), shown under the board. Mixed into InboxPage."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QLabel, QWidget

from desktop.i18n import LocalizedError, _, count_text, ngettext
from desktop.inbox.board import BoardRow
from desktop.inbox.decisions import decision_facts

if TYPE_CHECKING:
    from desktop.ui.inbox.decision_dialog import DecisionDialog
    from desktop.ui.inbox.receipt_dialog import ReceiptDialog
    from desktop.ui.inbox.received_window import ReceivedReportWindow


class BoardActionsMixin:
    store: Any
    message: QLabel
    details: QLabel
    decision_dialog: DecisionDialog | None
    receipt_dialog: ReceiptDialog | None
    signer_dialog: QWidget | None
    received_window: ReceivedReportWindow | None

    def selected_row(self) -> BoardRow | None: ...  # InboxPage
    def refresh(self) -> None: ...  # InboxPage

    # -- opening a received report

    def open_received(self):  # type: ignore[no-untyped-def]
        """The selected row's current package in the report editor, read-only, with its signature."""
        row = self.selected_row()
        if row is None or row.current is None or not row.current.verified:
            return None
        from desktop.ui.inbox.received_window import ReceivedReportWindow

        window = ReceivedReportWindow(self.store, row, row.current.inbox_id, self)  # type: ignore[arg-type]
        self.received_window = window
        window.closed.connect(self._received_closed)
        window.show()
        return window

    def _received_closed(self, window: object) -> None:
        if self.received_window is window:
            self.received_window = None

    # -- decisions

    def decide(self, decision: str):  # type: ignore[no-untyped-def]
        """Ask to confirm, with the reason and the officer's name, then accept or reject."""
        row = self.selected_row()
        if row is None or row.inbox_id is None or row.status != "untrusted":
            return None
        from desktop.ui.inbox.decision_dialog import DecisionDialog

        dialog = DecisionDialog(self.store, row.inbox_id, decision, row.org_name, self)  # type: ignore[arg-type]
        dialog.decided.connect(self._decided)
        dialog.finished.connect(dialog.deleteLater)
        self.decision_dialog = dialog
        dialog.open()
        return dialog

    def _decided(self, record) -> None:  # type: ignore[no-untyped-def]
        facts = decision_facts(self.store, record.id)
        who = facts.by_name if facts is not None else "-"
        self.message.setText(_("Package {id}: {decision} by {who}.").format(
            id=record.id, decision=_("accepted") if record.decision == "accepted" else _("rejected"), who=who))
        self.refresh()

    @staticmethod
    def _held_package(row: BoardRow | None) -> int | None:
        """The package of the row held because its signer does not belong to the organisation."""
        if row is None or not row.held:
            return None
        current = row.current.inbox_id if row.current is not None else None
        return current if current in {entry.inbox_id for entry in row.held} else row.held[0].inbox_id

    def accept_signer(self):  # type: ignore[no-untyped-def]
        """Ask for the reason and the decider's name, then pin the signer for the organisation."""
        inbox_id = self._held_package(self.selected_row())
        if inbox_id is None or not self.signer_button.isEnabled():  # type: ignore[attr-defined]
            return None
        from desktop.ui.inbox.signer_dialog import AcceptSignerDialog

        dialog = AcceptSignerDialog(self.store, inbox_id, self)  # type: ignore[arg-type]
        dialog.accepted_signer.connect(self._signer_accepted)
        dialog.finished.connect(dialog.deleteLater)
        self.signer_dialog = dialog
        dialog.open()
        return dialog

    def _signer_accepted(self, decided) -> None:  # type: ignore[no-untyped-def]
        from desktop.reporting.report_info import local_time_text
        from desktop.signing.signers import subject_name

        pin, released = decided
        self.message.setText(ngettext(
            "{subject} may now sign for {org}: decided by {by} on {when} ({count} package released).",
            "{subject} may now sign for {org}: decided by {by} on {when} ({count} packages released).",
            len(released)).format(subject=subject_name(pin.subject),
                                  org=getattr(self.signer_dialog, "org_name", pin.org_id), by=pin.by or "-",
                                  when=local_time_text(pin.since), count=count_text(len(released))))
        self.refresh()

    # -- receipts

    def send_receipt(self):  # type: ignore[no-untyped-def]
        """Open the receipt dialog for the one selected package (signing loads pyHanko: imported here)."""
        row = self.selected_row()
        if not self.receipt_action.isEnabled() or row is None or row.inbox_id is None:  # type: ignore[attr-defined]
            return None
        from desktop.ui.inbox.receipt_dialog import ReceiptDialog

        dialog = ReceiptDialog(self.store, row.inbox_id, self)  # type: ignore[arg-type]
        dialog.issued.connect(self._receipt_issued)
        dialog.finished.connect(dialog.deleteLater)
        self.receipt_dialog = dialog
        dialog.open()
        return dialog

    def _receipt_issued(self, issued) -> None:  # type: ignore[no-untyped-def]
        self.message.setText(_("Wrote the signed receipt {number}: {file}.").format(number=issued.number or "-",
                                                                                   file=issued.path))
        self.refresh()

    # -- what was decided about the selected row

    def _pin_of(self, inbox_id: int):  # type: ignore[no-untyped-def]
        """The signer pin that released this package (accepted for its organisation), if any."""
        try:
            pin_id = self.store.get_inbox_package(inbox_id).details.get("signer_pin")
            return self.store.get_signer_pin(pin_id) if isinstance(pin_id, int) else None
        except LocalizedError:
            return None

    def show_details(self, row: BoardRow | None) -> None:
        lines: list[str] = []
        if row is not None and row.current is not None:
            try:
                facts = decision_facts(self.store, row.current.inbox_id)
            except LocalizedError:
                facts = None
            if facts is not None:
                line = _("Package {id}: {decision} by {who} on {when}").format(
                    id=row.current.inbox_id, decision=_("accepted") if facts.decision == "accepted" else _("rejected"),
                    who=f"{facts.by_name} ({facts.by_login})" if facts.by_login else facts.by_name or "-",
                    when=(facts.at or "")[:19].replace("T", " "))
                if facts.reason:
                    line += " — " + _("reason: {reason}").format(reason=facts.reason)
                lines.append(line)
            pin = self._pin_of(row.current.inbox_id)
            if pin is not None:
                lines.append(_("Signer accepted for {org} by {by} on {when} — reason: {reason}").format(
                    org=row.org_name, by=pin.by or "-", when=pin.since[:19].replace("T", " "), reason=pin.reason))
            if row.correction is not None:
                lines.append(_("Correction requested on {when}: {message}").format(
                    when=row.correction.at[:10], message=row.correction.message or "-"))
        self.details.setText("\n".join(lines))  # its room is kept: nothing below moves
