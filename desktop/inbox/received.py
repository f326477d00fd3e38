"""A received report opened to be read: its values in a scratch store of their own (so the report
editor shows them as it shows any submitted report, read-only), and the facts of its signature,
verification and decisions in words. Qt-free.

The scratch store lives in a temporary folder and is thrown away when the view closes; nothing is
ever written back to the Inbox. An invalid package is not opened: what it holds is not established.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop.i18n import N_, LocalizedError, Message
from desktop.inbox.board import proven_time
from desktop.inbox.decisions import decision_facts
from desktop.inbox.messages import messages_from_json
from desktop.package import asic
from desktop.signing.signers import subject_name, vn_time
from desktop.store import InboxPackageRecord, Store

VERDICTS = {"valid": N_("Valid: intact, signed, and the certificate is trusted"),
            "untrusted": N_("Intact and signed, but the certificate is not trusted"),
            "invalid": N_("Not valid")}


class ReceivedReportError(LocalizedError):
    pass


@dataclass
class ReceivedReport:
    """The scratch store holding one received report, and what to say about its package."""

    store: Store
    report_id: str
    record: InboxPackageRecord
    facts: list[tuple[Message, str]] = field(default_factory=list)
    folder: Path | None = None

    def close(self) -> None:
        self.store.close()
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None


def _values(inbox: Any, record: InboxPackageRecord) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    if record.status == "invalid" or not (record.form_id and record.org_id and record.period):
        raise ReceivedReportError(Message(N_("Package {id} is not valid: what it holds cannot be shown as a report "
                                             "(it only claims who sent it)."), id=record.id))
    try:
        data = json.loads(asic.read_package(inbox.inbox_package_bytes(record.id)).data_json)
    except Exception:
        raise ReceivedReportError(Message(N_("The data of package {id} cannot be read."), id=record.id)) from None
    values = data.get("values") if isinstance(data, dict) else None
    if not isinstance(values, dict):
        raise ReceivedReportError(Message(N_("The data of package {id} cannot be read."), id=record.id))
    return values


def open_received(inbox: Any, inbox_id: int) -> ReceivedReport:  # type: ignore[no-untyped-def]
    """The received package `inbox_id` as a submitted report in a scratch store."""
    record = inbox.get_inbox_package(inbox_id)
    values = _values(inbox, record)
    folder = Path(tempfile.mkdtemp(prefix="ct20-received-"))
    scratch = Store.open(folder / "received.sqlite3", daily_backup=False)
    try:
        for org in inbox.custom_organizations():  # an organisation the consolidator added is known here too
            scratch.add_organization(org)
        report_id = scratch.create_report(
            form_id=record.form_id or "", form_version=record.form_version or "", org_id=record.org_id or "",
            period=record.period or "", values=values, reference=record.details.get("reference"),
            deadline=record.details.get("deadline"), revision=record.revision or 1, source="inbox")
        scratch.set_status(report_id, "submitted")
    except BaseException:
        scratch.close()
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return ReceivedReport(scratch, report_id, record, package_facts(inbox, record), folder)


def _claimed_time(iso: str) -> str:
    """The signer's claimed time in Vietnam time like every other time shown (the raw ISO text when it
    cannot be read: it is evidence, never corrected)."""
    import datetime as dt

    try:
        moment = dt.datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except ValueError:
        return iso[:40]
    return vn_time(moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC))


def package_facts(inbox: Any, record: InboxPackageRecord) -> list[tuple[Message, str]]:  # type: ignore[no-untyped-def]
    """(label, value) lines: the signature, the verification and who decided what, and why."""
    signer = record.signer or {}
    lines: list[tuple[Message, str]] = [
        (Message(N_("Package")), f"{record.id}: {record.file_name}"),
        (Message(N_("Revision")), str(record.revision or "-")),
        (Message(N_("Signer")), ", ".join(x for x in (signer.get("name"), signer.get("organization")) if x) or "-"),
    ]
    if signer.get("issuer"):
        lines.append((Message(N_("Certificate issued by")), subject_name(str(signer["issuer"]))))
    if signer.get("serial"):
        lines.append((Message(N_("Certificate serial number")), str(signer["serial"])))
    proven, proof = proven_time(record)
    if proven is not None:
        how = Message(N_("trusted timestamp") if proof == "timestamp" else N_("first received by this Inbox"))
        lines.append((Message(N_("Submitted")), f"{vn_time(proven)} ({how.render()})"))
    if record.signed_at:
        lines.append((Message(N_("Signing time claimed by the signer's computer")), _claimed_time(record.signed_at)))
    verdict = Message(VERDICTS.get(record.status, record.status)).render()
    problems = [p.render() for p in messages_from_json(record.problems)]
    lines.append((Message(N_("Verification")), "; ".join([verdict, *problems])))
    facts = decision_facts(inbox, record.id)
    if facts is not None:
        what = Message(N_("accepted") if facts.decision == "accepted" else N_("rejected")).render()
        who = f"{facts.by_name} ({facts.by_login})" if facts.by_name and facts.by_login else facts.by_name or \
            facts.by_login or "-"
        text = Message(N_("{decision} by {who} on {when}"), decision=what, who=who,
                       when=(facts.at or "")[:19].replace("T", " ")).render()
        if facts.reason:
            text += " — " + Message(N_("reason: {reason}"), reason=facts.reason).render()
        lines.append((Message(N_("Decision")), text))
    pin_id = record.details.get("signer_pin")
    if isinstance(pin_id, int):
        try:
            pin = inbox.get_signer_pin(pin_id)
        except LocalizedError:
            pin = None
        if pin is not None:
            lines.append((Message(N_("Signer accepted for the organisation")), Message(
                N_("by {who} on {when} — reason: {reason}"), who=pin.by or "-",
                when=pin.since[:19].replace("T", " "), reason=pin.reason).render()))
    return lines
