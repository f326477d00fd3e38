"""Accept or reject a package whose signer is not trusted: never one click. The dialog says what the
decision does, asks for the reason and the officer's name (remembered), and records both with the
decision (desktop.inbox.decisions.decide); a decision another officer took meanwhile is refused.
The form is desktop/ui/inbox/reasoned_dialog.py."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QWidget

from desktop.i18n import _
from desktop.inbox.decisions import Actor, decide
from desktop.ui.inbox.reasoned_dialog import ReasonedDecisionDialog
from desktop.ui.signals import emit


class DecisionDialog(ReasonedDecisionDialog):
    decided = Signal(object)  # the package record after the decision

    def __init__(self, store, inbox_id: int, decision: str, org_name: str,  # type: ignore[no-untyped-def]
                 parent: QWidget | None = None) -> None:
        self.decision = decision
        self.record = store.get_inbox_package(inbox_id)
        accept = decision == "accepted"
        what = (_("Package {id} ({file}) of {org} is intact, but its signer's certificate could not be traced to a "
                  "trusted root. If you accept it, it counts as the organisation's report on the board and in the "
                  "consolidation.") if accept else
                _("Package {id} ({file}) of {org} will count as rejected: it stays in the Inbox, but not on the "
                  "board as a report and not in the consolidation. You can then send the reporter a receipt with "
                  "the reasons."))
        signer = self.record.signer or {}
        signed_by = ", ".join(x for x in (signer.get("name"), signer.get("organization")) if x) or "-"
        title = _("Accept the package") if accept else _("Reject the package")
        super().__init__(
            store, name="decisionDialog", title=title,
            intro=what.format(id=self.record.id, file=self.record.file_name, org=org_name or "-"),
            intro_name="decisionIntro", facts=[(_("Signer"), QLabel(signed_by))],
            placeholder=(_("e.g. confirmed by telephone with the department's office on 20/11") if accept
                         else _("e.g. sent by mistake: the report of the previous year")),
            confirm_text=title, confirm_name="confirmDecision", reason_name="decisionReason",
            error_name="decisionError", parent=parent)

    def record_decision(self, reason: str, by: Actor) -> None:
        # The board offered the choice because nobody had decided: refused if someone did meanwhile.
        shown = replace(self.record, decision=None, decided_at=None)
        record = decide(self.store, self.record.id, self.decision, by=by, seen=shown, reason=reason)
        emit(self.decided, record)
