"""What the store hands out: plain frozen records, no database handles."""

from __future__ import annotations

from desktop.frozen_record import FrozenRecord

STATUSES = ("draft", "submitted")


class ReportRecord(FrozenRecord):
    id: str
    form_id: str
    form_version: str
    org_id: str
    period: str
    reference: str | None
    deadline: str | None
    status: str  # one of STATUSES
    revision: int
    supersedes: str | None
    created_at: str
    updated_at: str
    trashed_at: str | None

    @property
    def trashed(self) -> bool:
        return self.trashed_at is not None

    @property
    def editable(self) -> bool:
        """Whether save_values() accepts new values (a draft that is not in the trash)."""
        return self.status == "draft" and self.trashed_at is None


class HistoryEntry(FrozenRecord):
    seq: int
    saved_at: str
    source: str
    note: str | None
    size: int  # bytes of the snapshot's JSON, before compression


REPORT_COLUMNS = ", ".join(
    (
        "id", "form_id", "form_version", "org_id", "period", "reference", "deadline", "status",
        "revision", "supersedes", "created_at", "updated_at", "trashed_at",
    )
)


class PackageRecord(FrozenRecord):
    """A package exported from a report, kept byte for byte (`data` is None when not asked for)."""

    report_id: str
    revision: int
    file_name: str
    sha256: str
    size: int
    signer: dict
    signed_at: str
    created_at: str
    data: bytes | None = None


class TrustRootRecord(FrozenRecord):
    id: str  # SHA-256 of the certificate's DER, lower-case hex
    subject: str
    not_after: str
    pem: str
    added_at: str


class InboxPackageRecord(FrozenRecord):
    """A package received by the consolidator, with its verdict (`data` is None when not asked for).

    `problems` are serialised messages ({"msgid", "params"}); `org_id` … `supersedes` are what the
    data file says (only claims when `status` is "invalid").
    """

    id: int
    sha256: str
    file_name: str
    size: int
    status: str  # "valid" | "untrusted" | "invalid"
    problems: list
    org_id: str | None
    form_id: str | None
    form_version: str | None
    period: str | None
    revision: int | None
    report_id: str | None
    supersedes: str | None  # the SHA-256 of the package this one replaces, as its data file names it
    signer: dict
    signed_at: str | None
    timestamped: bool
    imported_at: str
    decision: str | None  # "accepted" | "rejected" | None (an untrusted package waits for one)
    decided_at: str | None
    details: dict
    data: bytes | None = None
    received_at: str | None = None  # first receipt: the e-mail's receipt time, else the import time
    proven_at: str | None = None  # the trusted timestamp's time, when the package has one


class SignerPinRecord(FrozenRecord):
    """A certificate authorised to sign for an organisation by a decision or an imported list."""

    id: int
    org_id: str
    fingerprint: str  # SHA-256 of the certificate's DER, lower-case hex
    subject: str
    since: str
    by_login: str
    by_name: str
    reason: str
    source: str  # "decision" | "imported"
    inbox_id: int | None = None

    @property
    def by(self) -> str:
        """Who decided, as people read it: "Nguyễn Văn A (nva)", or the login alone."""
        if self.by_name and self.by_login:
            return f"{self.by_name} ({self.by_login})"
        return self.by_name or self.by_login

    def to_json(self) -> dict:
        return {"id": self.id, "org": self.org_id, "subject": self.subject, "fingerprint": self.fingerprint,
                "since": self.since, "by": self.by, "reason": self.reason, "source": self.source,
                "inbox_id": self.inbox_id}


class ReceiptRecord(FrozenRecord):
    """A signed receipt: "issued" for an inbox package, or "received" for one of our packages."""

    id: int
    sha256: str
    direction: str  # "issued" | "received"
    package_sha256: str
    inbox_id: int | None
    report_id: str | None
    decision: str  # "received" | "accepted" | "correction_requested"
    message: str
    status: str  # verification of the receipt itself
    file_name: str
    size: int
    signer: dict
    signed_at: str
    created_at: str
    data: bytes | None = None


class RequestRecord(FrozenRecord):
    """An ad hoc request ("báo cáo đột xuất") Cục ATMT recorded: the requesting letter and whom it asks."""

    id: str
    number: str  # of the requesting letter, e.g. "123/BCT-ATMT"
    date: str  # ISO date of the letter
    requester: str  # who asked, e.g. "Bộ Công Thương"
    content: str  # what it asks
    addressees: tuple[str, ...]  # organisation ids
    deadline: str  # ISO date
    created_at: str
    created_by: str  # the officer's login or display name
    details: dict

    def to_json(self) -> dict:
        return {"id": self.id, "number": self.number, "date": self.date, "requester": self.requester,
                "content": self.content, "addressees": list(self.addressees), "deadline": self.deadline,
                "created_at": self.created_at, "created_by": self.created_by}
