"""The consolidator's decisions: on an untrusted package, and on who may sign for an organisation.

- `decide(store, inbox_id, "accepted" | "rejected" | None, by=)`: accept or reject a package
  (a package held because its signer does not belong to its organisation is accepted by
  accepting the signer, with a reason, not by accepting the package alone);
- `pin_package_signer(store, inbox_id, org, reason, by=)`: "accept this signer for this
  organisation": pins the package's certificate (fingerprint) for the organisation and releases
  every package of that organisation held only for that signer;
- `pin_certificate(store, certificate, org, reason, by=, source=)`: the same from a certificate
  file (a decision, or an imported list of signers);
- `unpin(store, pin_id, by=)`: withdraw it; packages accepted meanwhile stay as decided, later
  ones from that certificate are held again.

Every decision is recorded with who made it (`actor(store)`: the OS login and the display name
the user set) and when, in the store and its audit log.
"""

from __future__ import annotations

import getpass
from dataclasses import dataclass

from cryptography.hazmat.primitives import serialization

from desktop.i18n import N_, LocalizedError, Message
from desktop.inbox.board import is_held
from desktop.inbox.messages import messages_from_json, messages_to_json
from desktop.package.authorization import Certificate, find_organization, fingerprint
from desktop.package.verify import verify_package
from desktop.registry import all_organizations
from desktop.signing.signers import to_cryptography
from desktop.store import InboxPackageRecord
from desktop.store.records import SignerPinRecord

DISPLAY_NAME_SETTING = "inbox.display_name"
AUTHORIZATION_MSGID_START = "The signer does not belong to the reporting organisation"


class DecisionError(LocalizedError):
    pass


@dataclass(frozen=True)
class Actor:
    login: str
    name: str

    def as_dict(self) -> dict[str, str]:
        return {"login": self.login, "name": self.name}


def actor(store, name: str | None = None) -> Actor:  # type: ignore[no-untyped-def]
    """Who is deciding: the OS login and the display name (given, else the one saved in settings)."""
    try:
        login = getpass.getuser()
    except Exception:  # no login name in the environment (a service account): still record the rest
        login = ""
    if name is None:
        saved = store.get_setting(DISPLAY_NAME_SETTING)
        name = saved if isinstance(saved, str) else ""
    return Actor(login, name.strip())


def decide(store, inbox_id: int | str, decision: str | None, *, by: Actor | None = None,  # type: ignore[no-untyped-def]
           seen: InboxPackageRecord | None = None, reason: str = "") -> InboxPackageRecord:
    """Accept or reject an untrusted package (None takes the decision back). A valid package may
    also be rejected (e.g. sent by mistake); an invalid one can never be accepted, and one held
    for its signer is accepted only by accepting the signer for its organisation. `seen`: the
    package as the officer saw it (default: as read here); if another officer decided since, the
    store refuses (StaleDecisionError, saying who decided what). `reason`: why, kept with who decided
    in the audit log and shown with the decision (`decision_facts`)."""
    record = store.get_inbox_package(inbox_id)
    if decision not in ("accepted", "rejected", None):
        raise DecisionError(Message(N_("Unknown decision {decision}; use accept or reject."), decision=decision))
    if decision == "accepted" and record.status == "invalid":
        raise DecisionError(Message(N_("Package {id} is invalid and cannot be accepted."), id=record.id))
    if decision == "accepted" and is_held(record):
        raise DecisionError(Message(
            N_("Package {id} was signed by someone who does not belong to its organisation; accept the signer for "
               "the organisation first (with a reason), or reject the package."), id=record.id))
    return store.decide_inbox_package(record.id, decision, by=(by or actor(store)).as_dict(), seen=seen or record,
                                      reason=" ".join((reason or "").split())[:1000])


@dataclass(frozen=True)
class DecisionFacts:
    """The latest decision on a package as recorded: what, who (name and login), when and why."""

    decision: str | None
    by_name: str
    by_login: str
    at: str | None
    reason: str


def decision_facts(store, inbox_id: int) -> DecisionFacts | None:  # type: ignore[no-untyped-def]
    """Who took the package's current decision, when and why; None when nobody decided."""
    from desktop.store.inbox_api import decision_reason, last_decision

    entries = store.inbox_audit_log(inbox_id=inbox_id, limit=200)
    last = last_decision(entries)
    if last["decision"] is None:
        return None
    return DecisionFacts(last["decision"], last["by_name"], last["by_login"], last["at"], decision_reason(entries))


def _organization(store, org_id: str):  # type: ignore[no-untyped-def]
    org = find_organization(org_id, all_organizations(store.custom_organizations()))
    if org is None:
        raise DecisionError(Message(N_("There is no organisation {org}."), org=org_id))
    return org


def _reason(reason: str) -> str:
    if not reason or not reason.strip():
        raise DecisionError(Message(N_("Give the reason for accepting this signer.")))
    return reason.strip()


def pin_certificate(
    store,  # type: ignore[no-untyped-def]
    certificate: Certificate,
    org_id: str,
    reason: str,
    *,
    by: Actor | None = None,
    source: str = "decision",
    inbox_id: int | None = None,
) -> tuple[SignerPinRecord, list[InboxPackageRecord]]:
    """Authorise `certificate` to sign for `org_id`: (the pin, the packages it released)."""
    org = _organization(store, org_id)
    cert = to_cryptography(certificate)
    who = by or actor(store)
    pin, _ = store.pin_signer(
        org_id=org.id, fingerprint=fingerprint(cert), subject=cert.subject.rfc4514_string(),
        certificate=cert.public_bytes(serialization.Encoding.DER), reason=_reason(reason),
        by_login=who.login, by_name=who.name, source=source, inbox_id=inbox_id,
    )
    return pin, release_held(store, pin)


def pin_package_signer(
    store,  # type: ignore[no-untyped-def]
    inbox_id: int | str,
    org_id: str,
    reason: str,
    *,
    by: Actor | None = None,
) -> tuple[SignerPinRecord, list[InboxPackageRecord]]:
    """"Accept this signer for this organisation" on a received package."""
    record = store.get_inbox_package(inbox_id, with_data=True)
    _reason(reason)
    if record.status == "invalid":
        raise DecisionError(Message(N_("Package {id} is invalid: its signer cannot be accepted."), id=record.id))
    result = verify_package(record.data, trust_roots=[])  # only to read the certificate that signed it
    if result.signer_certificate is None:
        raise DecisionError(Message(N_("Package {id} is invalid: its signer cannot be accepted."), id=record.id))
    return pin_certificate(store, result.signer_certificate, org_id, reason, by=by, inbox_id=record.id)


def release_held(store, pin: SignerPinRecord) -> list[InboxPackageRecord]:  # type: ignore[no-untyped-def]
    """The packages of the pin's organisation held only because of this signer get back the
    verdict they had before step 7 (other problems, e.g. an unknown root, remain)."""
    released = []
    for record in store.list_inbox_packages(org_id=pin.org_id):
        held = record.details.get("held")
        if not (is_held(record) and record.decision is None and isinstance(held, dict)
                and held.get("fingerprint") == pin.fingerprint and held.get("org") == pin.org_id):
            continue
        problems = [p for p in messages_from_json(record.problems)
                    if not p.msgid.startswith(AUTHORIZATION_MSGID_START)]
        status = held.get("verified_status") if held.get("verified_status") in ("valid", "untrusted") else "untrusted"
        details = {k: v for k, v in record.details.items() if k != "held"}
        details["signer_pin"] = pin.id
        released.append(store.update_inbox_verification(
            record.id, status=status, problems=messages_to_json(problems), signer=record.signer,
            signed_at=record.signed_at, timestamped=record.timestamped, proven_at=record.proven_at,
            details=details, action="inbox.signer_accepted", audit={"pin_id": pin.id, "org": pin.org_id},
        ))
    return released


def unpin(store, pin_id: int | str, *, by: Actor | None = None) -> SignerPinRecord:  # type: ignore[no-untyped-def]
    who = by or actor(store)
    return store.unpin_signer(pin_id, by_login=who.login, by_name=who.name)
