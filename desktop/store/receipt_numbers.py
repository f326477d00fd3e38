"""The consolidator's numbering of receipts (schema 7): a pattern such as "{number}/ATMT-MT", the
next number of the year, and the register of every number taken (unique per year).

A number is taken before the receipt is signed (it is printed on the signed PDF), tied to the
receipt once the receipt is kept, and given back when signing failed (only if nobody took a later
one meanwhile, so numbers stay without gaps whenever possible). The shared PostgreSQL Inbox keeps
the same tables (`desktop.store.pg.receipt_numbers`), so a team numbers its receipts together.
"""

from __future__ import annotations

from typing import Any

from desktop.frozen_record import FrozenRecord
from desktop.i18n import N_, Message
from desktop.store.errors import StoreError

DEFAULT_PATTERN = "{number}/ATMT-MT"
NUMBER_FIELD = "{number}"
MAX_PATTERN = 60


class ReceiptNumbering(FrozenRecord):
    pattern: str
    year: int | None  # the year `next` belongs to; None: never set (numbers start at 1)
    next: int
    updated_at: str | None = None
    by_name: str = ""

    def next_for(self, year: int) -> int:
        """The number the next receipt of `year` gets, before looking at the register."""
        return self.next if self.year == year else 1


class ReceiptNumberRecord(FrozenRecord):
    year: int
    seq: int
    text: str
    inbox_id: int | None
    receipt_sha256: str | None
    taken_at: str
    by_login: str = ""
    by_name: str = ""


class ReceiptNumberTakenError(StoreError):
    """The next number chosen is not above every number already given that year."""

    def __init__(self, year: int, highest: int) -> None:
        super().__init__(Message(N_("Receipt number {number} of {year} was already given: the next number must be "
                                    "at least {next}."), number=highest, year=year, next=highest + 1))
        self.year = year
        self.highest = highest


def format_number(pattern: str, seq: int) -> str:
    """ "{number}/ATMT-MT" with 7 → "07/ATMT-MT" (Decree 30 writes numbers under 10 with a 0)."""
    return pattern.replace(NUMBER_FIELD, f"{seq:02d}")


def check_pattern(pattern: str) -> str:
    text = " ".join((pattern or "").split())
    if NUMBER_FIELD not in text or len(text) > MAX_PATTERN or text.count(NUMBER_FIELD) != 1:
        raise ValueError("a receipt number pattern holds {number} once and is at most 60 characters")
    return text


def numbering_from_row(row: Any) -> ReceiptNumbering:
    if row is None:
        return ReceiptNumbering(DEFAULT_PATTERN, None, 1)
    return ReceiptNumbering(row[0], int(row[1]) or None, int(row[2]), row[3], row[4] or "")


NUMBER_COLUMNS = "year, seq, text, inbox_id, receipt_sha256, taken_at, by_login, by_name"


def number_record(row: Any) -> ReceiptNumberRecord:
    return ReceiptNumberRecord(int(row[0]), int(row[1]), row[2], row[3], row[4], row[5], row[6] or "", row[7] or "")


class ReceiptNumberStore:
    """SQLite side; mixed into the store (needs `_write`, `_conn`, `_now`, `_audit`)."""

    _conn: Any

    def receipt_numbering(self) -> ReceiptNumbering:
        row = self._conn.execute(
            "SELECT pattern, year, next, updated_at, by_name FROM receipt_numbering WHERE id = 1").fetchone()
        return numbering_from_row(row)

    def set_receipt_numbering(self, *, pattern: str, year: int, next_number: int,
                              by: dict[str, str] | None = None) -> ReceiptNumbering:
        """Set the pattern and the next number of `year`; ReceiptNumberTakenError when a number at
        or above it was already given that year (numbers are unique per year)."""
        pattern = check_pattern(pattern)
        if not isinstance(next_number, int) or next_number < 1:
            raise ValueError("the next receipt number is a positive integer")
        who = by or {}
        with self._write() as conn:  # type: ignore[attr-defined]
            highest = conn.execute("SELECT max(seq) FROM receipt_numbers WHERE year = ?", (year,)).fetchone()[0]
            if highest is not None and next_number <= highest:
                raise ReceiptNumberTakenError(year, int(highest))
            now = self._now()  # type: ignore[attr-defined]
            conn.execute(
                "INSERT INTO receipt_numbering (id, pattern, year, next, updated_at, by_login, by_name)"
                " VALUES (1, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET pattern = excluded.pattern,"
                " year = excluded.year, next = excluded.next, updated_at = excluded.updated_at,"
                " by_login = excluded.by_login, by_name = excluded.by_name",
                (pattern, year, next_number, now, who.get("login", ""), who.get("name", "")))
            self._audit("inbox.receipt_numbering", at=now, details={  # type: ignore[attr-defined]
                "pattern": pattern, "year": year, "next": next_number, "by": who})
        return self.receipt_numbering()

    def take_receipt_number(self, *, year: int, inbox_id: int | None = None,
                            by: dict[str, str] | None = None) -> ReceiptNumberRecord:
        """The next number of `year`, recorded in the register (atomically: two officers never get
        the same number)."""
        who = by or {}
        with self._write() as conn:  # type: ignore[attr-defined]
            numbering = self.receipt_numbering()
            highest = conn.execute("SELECT max(seq) FROM receipt_numbers WHERE year = ?", (year,)).fetchone()[0]
            seq = max(numbering.next_for(year), (highest or 0) + 1)
            text = format_number(numbering.pattern, seq)
            now = self._now()  # type: ignore[attr-defined]
            conn.execute(f"INSERT INTO receipt_numbers ({NUMBER_COLUMNS}) VALUES (?, ?, ?, ?, NULL, ?, ?, ?)",
                         (year, seq, text, inbox_id, now, who.get("login", ""), who.get("name", "")))
            conn.execute(
                "INSERT INTO receipt_numbering (id, pattern, year, next, updated_at, by_login, by_name)"
                " VALUES (1, ?, ?, ?, ?, '', '') ON CONFLICT (id) DO UPDATE SET year = excluded.year,"
                " next = excluded.next", (numbering.pattern, year, seq + 1, now))
            self._audit("inbox.receipt_number", at=now, details={  # type: ignore[attr-defined]
                "inbox_id": inbox_id, "year": year, "seq": seq, "text": text, "by": who})
        return ReceiptNumberRecord(year, seq, text, inbox_id, None, now, who.get("login", ""), who.get("name", ""))

    def bind_receipt_number(self, *, year: int, seq: int, receipt_sha256: str) -> None:
        """The number now belongs to the receipt kept (its SHA-256)."""
        with self._write() as conn:  # type: ignore[attr-defined]
            conn.execute("UPDATE receipt_numbers SET receipt_sha256 = ? WHERE year = ? AND seq = ?"
                         " AND receipt_sha256 IS NULL", (receipt_sha256, year, seq))

    def release_receipt_number(self, *, year: int, seq: int) -> bool:
        """Give back a number whose receipt was never made: True when it was the last one taken
        (the next receipt gets it again); otherwise it stays in the register, unused."""
        with self._write() as conn:  # type: ignore[attr-defined]
            numbering = self.receipt_numbering()
            if numbering.year != year or numbering.next != seq + 1:
                return False
            gone = conn.execute("DELETE FROM receipt_numbers WHERE year = ? AND seq = ? AND receipt_sha256 IS NULL",
                                (year, seq)).rowcount
            if gone:
                conn.execute("UPDATE receipt_numbering SET next = ? WHERE id = 1", (seq,))
            return bool(gone)

    def list_receipt_numbers(self, *, year: int | None = None) -> list[ReceiptNumberRecord]:
        sql = f"SELECT {NUMBER_COLUMNS} FROM receipt_numbers"
        params: list[Any] = []
        if year is not None:
            sql += " WHERE year = ?"
            params.append(year)
        return [number_record(row) for row in self._conn.execute(sql + " ORDER BY year, seq", params)]
