"""What the completeness and timeliness board holds (desktop/inbox/board.py builds it): one
row per expected organisation, each with the package that decides its state and its history."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from desktop.i18n import Message
from desktop.signing.signers import VN_TZ

STATES = ("on_time", "late", "missing", "rejected", "untrusted")


@dataclass(frozen=True)
class Entry:
    """One package an organisation sent, with what it counts as today."""

    inbox_id: int
    state: str  # on_time | late | superseded | rejected | untrusted
    revision: int | None
    submitted_at: dt.datetime | None  # proven: a trusted timestamp, else the first receipt
    proof: str  # "timestamp" | "receipt"
    claimed_at: dt.datetime | None  # the signer's own clock ("tự khai"): shown, never decides
    signer: str | None
    file_name: str
    imported_at: str
    decision: str | None
    problems: tuple[Message, ...] = ()
    held: bool = False  # the signer is not authorised for the organisation (step 7)
    corrects: int | None = None  # the inbox id of the revision whose timeliness this correction keeps
    verified: bool = True  # False for an invalid package: who it names and who signed it are only claims
    notes: tuple[Message, ...] = ()  # said plainly, not failures (e.g. no revocation information)

    def to_json(self, lang: str) -> dict[str, Any]:
        return {
            "inbox_id": self.inbox_id, "state": self.state, "revision": self.revision,
            "submitted": _iso(self.submitted_at), "proof": self.proof, "claimed": _iso(self.claimed_at),
            "signer": self.signer, "file": self.file_name, "imported": self.imported_at,
            "decision": self.decision, "held": self.held, "corrects": self.corrects,
            "problems": [p.render(lang) for p in self.problems], "notes": [n.render(lang) for n in self.notes],
        }


def _iso(moment: dt.datetime | None) -> str | None:
    """ISO 8601 in Vietnam's time (+07:00), whatever zone the proof came in."""
    return moment.astimezone(VN_TZ).isoformat() if moment else None


@dataclass(frozen=True)
class Correction:
    """Cục ATMT asked for a correction of the row's current package; it stands until a newer
    revision arrives (shown as "Yêu cầu bổ sung/sửa" on the board and in what it exports)."""

    receipt_id: int
    inbox_id: int | None
    message: str
    at: str  # when the request was signed

    def to_json(self) -> dict[str, Any]:
        return {"receipt": self.receipt_id, "inbox_id": self.inbox_id, "message": self.message, "at": self.at}


@dataclass(frozen=True)
class BoardRow:
    org_id: str
    org_name: str
    status: str
    expected: bool = True
    current: Entry | None = None  # the package that decides the status
    history: tuple[Entry, ...] = ()  # every package, newest first
    correction: Correction | None = None  # a correction request waiting for the corrected revision

    @property
    def marks(self) -> tuple[str, ...]:
        return ("correction_requested",) if self.correction is not None else ()

    @property
    def submitted_at(self) -> dt.datetime | None:
        return self.current.submitted_at if self.current else None

    @property
    def claimed_at(self) -> dt.datetime | None:
        return self.current.claimed_at if self.current else None

    @property
    def proof(self) -> str | None:
        return self.current.proof if self.current else None

    @property
    def held(self) -> tuple[Entry, ...]:
        """Packages naming this organisation whose signer is not authorised for it, undecided."""
        return tuple(entry for entry in self.history if entry.held)

    @property
    def revision(self) -> int | None:
        return self.current.revision if self.current else None

    @property
    def inbox_id(self) -> int | None:
        return self.current.inbox_id if self.current else None

    @property
    def signer(self) -> str | None:
        return self.current.signer if self.current else None

    @property
    def problems(self) -> tuple[Message, ...]:
        return self.current.problems if self.current else ()

    @property
    def verified(self) -> bool:
        """False when the row's package is invalid: show it by file name and reason only."""
        return self.current.verified if self.current else True

    @property
    def file_name(self) -> str | None:
        return self.current.file_name if self.current else None

    def to_json(self, lang: str) -> dict[str, Any]:
        return {
            "org": self.org_id, "status": self.status,
            "submitted": _iso(self.submitted_at),
            "revision": self.revision, "inbox_id": self.inbox_id,
            "org_name": self.org_name, "claimed": _iso(self.claimed_at), "proof": self.proof, "signer": self.signer,
            "held": [entry.inbox_id for entry in self.held],
            "expected": self.expected, "problems": [p.render(lang) for p in self.problems],
            "history": [entry.to_json(lang) for entry in self.history],
            "correction": self.correction.to_json() if self.correction else None,
        }


@dataclass(frozen=True)
class Board:
    form_id: str
    period: str
    deadline: dt.date | None
    today: dt.date
    rows: list[BoardRow] = field(default_factory=list)

    @property
    def days_left(self) -> int | None:
        """Days from today to the deadline (negative once it has passed)."""
        return (self.deadline - self.today).days if self.deadline else None

    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(STATES, 0)
        for row in self.rows:
            counts[row.status] += 1
        return counts

    def filtered(self, states: Iterable[str]) -> list[BoardRow]:
        """The rows whose state, or one of whose marks (e.g. `correction_requested`), is in `states`."""
        wanted = set(states)
        return [row for row in self.rows if row.status in wanted or wanted.intersection(row.marks)]

    def corrections(self) -> list[BoardRow]:
        """The reporters asked for a correction whose corrected revision has not arrived yet."""
        return [row for row in self.rows if row.correction is not None]

    def accepted(self) -> list[BoardRow]:
        """The rows whose current package goes into the consolidated report (a row asked for a
        correction is among them, with its `correction` to mark it)."""
        return [row for row in self.rows if row.status in ("on_time", "late")]
