"""`ct20 inbox migrate-from-local`: move a single-PC Inbox (the SQLite store) into the shared one.

Nothing is lost or doubled, and running it again adds nothing: packages and receipts are keyed by
their SHA-256, pins by (organisation, certificate), roots and CRLs by their SHA-256, copied audit
entries by their origin. Every field is kept as it was (import and first-receipt times, verdicts,
decisions and when they were taken); local inbox ids become the server's ids (matched by SHA-256).
A package already on the server keeps the server's verdict; its decision is taken from the local
store only when the server has none (a different decision on both sides is counted as a conflict
and left as the server has it).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from desktop.store import codec
from desktop.store.inbox_api import is_inbox_action
from desktop.store.pg import PgInboxStore
from desktop.store.store import Store


@dataclass
class TransferResult:
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(
        ("packages", "packages_present", "decisions", "decision_conflicts", "receipts", "pins", "roots", "crls",
         "disabled_roots", "receipt_numbers", "audit", "requests"), 0))
    conflicts: list[int] = field(default_factory=list)  # server ids whose decision differs from the local one

    def add(self, key: str, n: int = 1) -> None:
        self.counts[key] += n


def migrate_from_local(local: Store, shared: PgInboxStore) -> TransferResult:
    result = TransferResult()
    ids: dict[int, int] = {}
    for record in local.list_inbox_packages():
        data = local.inbox_package_bytes(record.id)
        kept, created = shared.add_inbox_package(
            file_name=record.file_name, data=data, status=record.status, problems=record.problems,
            org_id=record.org_id, form_id=record.form_id, form_version=record.form_version, period=record.period,
            revision=record.revision, report_id=record.report_id, supersedes=record.supersedes, signer=record.signer,
            signed_at=record.signed_at, timestamped=record.timestamped, details=record.details,
            received_at=record.received_at, proven_at=record.proven_at, imported_at=record.imported_at)
        ids[record.id] = kept.id
        result.add("packages" if created else "packages_present")
        if record.decision is None or kept.decision == record.decision:
            continue
        if kept.decision is not None:
            result.add("decision_conflicts")
            result.conflicts.append(kept.id)
            continue

        def take(kept_id: int = kept.id, decision: str | None = record.decision,
                 decided_at: str | None = record.decided_at) -> None:
            row = shared._q("UPDATE inbox_packages SET decision = %s, decided_at = %s, version = version + 1"
                            " WHERE id = %s AND decision IS NULL RETURNING id", (decision, decided_at, kept_id))
            if row.fetchone() is not None:
                result.add("decisions")

        shared._tx(take)
    for receipt in local.list_receipts():
        if receipt.direction != "issued" or receipt.inbox_id not in ids:
            continue
        _, created = shared.add_receipt(
            direction="issued", data=local.receipt_bytes(receipt.id) or b"", file_name=receipt.file_name,
            package_sha256=receipt.package_sha256, decision=receipt.decision, message=receipt.message,
            status=receipt.status, signer=receipt.signer, signed_at=receipt.signed_at, inbox_id=ids[receipt.inbox_id],
            created_at=receipt.created_at)
        result.add("receipts", int(created))
    _copy_receipt_numbers(local, shared, ids, result)
    for pin in local.list_signer_pins():
        _, created = shared.pin_signer(
            org_id=pin.org_id, fingerprint=pin.fingerprint, subject=pin.subject,
            certificate=local.signer_pin_certificate(pin.id), reason=pin.reason, by_login=pin.by_login,
            by_name=pin.by_name, source=pin.source, inbox_id=ids.get(pin.inbox_id) if pin.inbox_id else None,
            since=pin.since)
        result.add("pins", int(created))
    for root in local.trust_roots():
        result.add("roots", int(shared.add_trust_root(root.id, subject=root.subject, not_after=root.not_after,
                                                      pem=root.pem, added_at=root.added_at)))
    for crl in local.crls():
        result.add("crls", int(shared.add_crl(crl.id, issuer=crl.issuer, this_update=crl.this_update,
                                               next_update=crl.next_update, revoked=crl.revoked, der=crl.der,
                                               added_at=crl.added_at)))
    for root_id in sorted(local.disabled_builtin_roots()):
        result.add("disabled_roots", int(shared.set_builtin_root_enabled(root_id, False)))
    _copy_requests(local, shared, result)
    _copy_audit(local, shared, ids, result)
    return result


def _copy_requests(local: Store, shared: PgInboxStore, result: TransferResult) -> None:
    """Ad hoc requests, field for field (their recording is in the copied audit entries)."""
    requests = local.list_requests()

    def work() -> None:
        for request in requests:
            row = shared._q(
                "INSERT INTO inbox_requests (id, number, date, requester, content, addressees, deadline, created_at,"
                " created_by, details) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s) ON CONFLICT (id) DO NOTHING"
                " RETURNING id",
                (request.id, request.number, request.date, request.requester, request.content,
                 codec.dumps(list(request.addressees)), request.deadline, request.created_at, request.created_by,
                 codec.dumps(request.details)))
            if row.fetchone() is not None:
                result.add("requests")

    shared._tx(work)


def _copy_receipt_numbers(local: Store, shared: PgInboxStore, ids: dict[int, int], result: TransferResult) -> None:
    """The numbering (when the server has none yet) and every number given, each once."""
    numbering = local.receipt_numbering()

    def work() -> None:
        if numbering.year is not None:
            shared._q("INSERT INTO receipt_numbering (id, pattern, year, next, updated_at, by_name) VALUES"
                      " (1, %s, %s, %s, %s, %s) ON CONFLICT (id) DO UPDATE SET pattern = excluded.pattern,"
                      " year = excluded.year, next = excluded.next WHERE receipt_numbering.year = 0",
                      (numbering.pattern, numbering.year, numbering.next, numbering.updated_at or shared._now(),
                       numbering.by_name))
        for number in local.list_receipt_numbers():
            row = shared._q(
                "INSERT INTO receipt_numbers (year, seq, text, inbox_id, receipt_sha256, taken_at, by_login, by_name)"
                " VALUES (%s, %s, %s, %s, %s, %s, %s, %s) ON CONFLICT (year, seq) DO NOTHING RETURNING seq",
                (number.year, number.seq, number.text, ids.get(number.inbox_id) if number.inbox_id else None,
                 number.receipt_sha256, number.taken_at, number.by_login, number.by_name))
            if row.fetchone() is not None:
                result.add("receipt_numbers")

    shared._tx(work)


def _copy_audit(local: Store, shared: PgInboxStore, ids: dict[int, int], result: TransferResult) -> None:
    """The local audit entries of Inbox actions, oldest first, each once (keyed by its origin)."""
    entries = [e for e in reversed(local.audit_log(limit=10**9))
               if is_inbox_action(e["action"]) and e["action"] != "inbox.migrate"]  # the copying itself stays local

    def work() -> None:
        for entry in entries:
            details: dict[str, Any] = dict(entry["details"])
            local_id = details.get("inbox_id")
            if isinstance(local_id, int):
                details["local_inbox_id"] = local_id
                details["inbox_id"] = ids.get(local_id)
            details["copied_from"] = "local"
            digest = hashlib.sha256(codec.dumps([entry["at"], entry["action"], entry["details"]]).encode()).hexdigest()
            by = details.get("by") or {}
            row = shared._q(
                "INSERT INTO inbox_audit (at, action, display_name, inbox_id, details, origin)"
                " VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT (origin) DO NOTHING RETURNING id",
                (entry["at"], entry["action"], by.get("name", "") if isinstance(by, dict) else "",
                 details.get("inbox_id"), codec.dumps(details), f"local:{entry['id']}:{digest[:32]}"))
            if row.fetchone() is not None:
                result.add("audit")

    shared._tx(work)
