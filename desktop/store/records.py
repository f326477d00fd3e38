"""What the store hands out: plain frozen records, no database handles."""

from __future__ import annotations

from dataclasses import dataclass

STATUSES = ("draft", "submitted")


@dataclass(frozen=True)
class ReportRecord:
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


@dataclass(frozen=True)
class HistoryEntry:
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


@dataclass(frozen=True)
class PackageRecord:
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


@dataclass(frozen=True)
class TrustRootRecord:
    id: str  # SHA-256 of the certificate's DER, lower-case hex
    subject: str
    not_after: str
    pem: str
    added_at: str
