"""The consolidator's decision on a package whose signer could not be traced to a trusted root."""

from __future__ import annotations

from desktop.i18n import N_, LocalizedError, Message
from desktop.store import InboxPackageRecord, Store


class DecisionError(LocalizedError):
    pass


def decide(store: Store, inbox_id: int | str, decision: str | None) -> InboxPackageRecord:  # type: ignore[no-untyped-def]
    """Accept or reject an untrusted package (None takes the decision back). A valid package may
    also be rejected (e.g. sent by mistake); an invalid one can never be accepted."""
    record = store.get_inbox_package(inbox_id)
    if decision not in ("accepted", "rejected", None):
        raise DecisionError(Message(N_("Unknown decision {decision}; use accept or reject."), decision=decision))
    if decision == "accepted" and record.status == "invalid":
        raise DecisionError(Message(N_("Package {id} is invalid and cannot be accepted."), id=record.id))
    return store.decide_inbox_package(record.id, decision)
