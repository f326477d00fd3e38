""""Chấp nhận người ký này cho đơn vị này": the consolidator's decision on a package whose signer's
certificate does not name the organisation it reports for. The decision needs a reason and records
who made it (the OS login and the name typed here, remembered for next time) and when. The form is
desktop/ui/inbox/reasoned_dialog.py."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QWidget

from desktop.i18n import _
from desktop.inbox.decisions import Actor, pin_package_signer
from desktop.registry import all_organizations
from desktop.ui.inbox.reasoned_dialog import ReasonedDecisionDialog
from desktop.ui.signals import emit


class AcceptSignerDialog(ReasonedDecisionDialog):
    accepted_signer = Signal(object)  # (the pin, the packages it released)

    def __init__(self, store, inbox_id: int, parent: QWidget | None = None) -> None:  # type: ignore[no-untyped-def]
        self.record = store.get_inbox_package(inbox_id)
        self.org_id = self.record.org_id or ""
        names = {org.id: org.name for org in all_organizations(store.custom_organizations())}
        self.org_name = names.get(self.org_id, self.org_id)
        signer = self.record.signer
        intro = _("Package {id} ({file}) reports for {org}, but the signer's certificate names “{certificate_org}”. "
                  "Accept this signer for this organisation only if you know they may report for it: their "
                  "packages for {org} then count like the organisation's own.").format(
            id=self.record.id, file=self.record.file_name, org=self.org_name,
            certificate_org=signer.get("organization") or "-")
        self.signer_label = QLabel(signer.get("subject") or signer.get("name") or "-")
        self.signer_label.setWordWrap(True)
        title = _("Accept this signer for this organisation")
        super().__init__(
            store, name="acceptSignerDialog", title=title, intro=intro,
            facts=[(_("Organisation"), QLabel(self.org_name)), (_("Signer"), self.signer_label)],
            placeholder=_("e.g. Công văn số 12/SCT-KTAT of the department naming this officer"),
            confirm_text=title, confirm_name="acceptSigner", reason_name="signerReason", error_name="signerError",
            parent=parent)
        self.accept_button = self.confirm_button

    def record_decision(self, reason: str, by: Actor) -> None:
        pin, released = pin_package_signer(self.store, self.record.id, self.org_id, reason, by=by)
        emit(self.accepted_signer, (pin, released))
