"""The receipt numbering on the shared Inbox server: one register for the team (the contract of
`desktop.store.receipt_numbers`). Taking a number locks the numbering row, so two officers signing
at once get two numbers, one after the other."""

from __future__ import annotations

from typing import Any

from desktop.store.pg.base import PgBase
from desktop.store.receipt_numbers import (
    DEFAULT_PATTERN,
    NUMBER_COLUMNS,
    ReceiptNumbering,
    ReceiptNumberRecord,
    ReceiptNumberTakenError,
    check_pattern,
    format_number,
    number_record,
    numbering_from_row,
)

_SELECT = "SELECT pattern, year, next, updated_at, by_name FROM receipt_numbering WHERE id = 1"


class PgReceiptNumbers(PgBase):
    def receipt_numbering(self) -> ReceiptNumbering:
        return numbering_from_row(self._q(_SELECT).fetchone())

    def _locked_numbering(self) -> ReceiptNumbering:
        """Inside a transaction: the numbering row, locked until commit (created if missing)."""
        self._q("INSERT INTO receipt_numbering (id, pattern, year, next, updated_at) VALUES (1, %s, 0, 1, %s)"
                " ON CONFLICT (id) DO NOTHING", (DEFAULT_PATTERN, self._now()))
        row = self._q(_SELECT + " FOR UPDATE").fetchone()
        numbering = numbering_from_row(row)
        return numbering if numbering.year else ReceiptNumbering(numbering.pattern, None, numbering.next)

    def set_receipt_numbering(self, *, pattern: str, year: int, next_number: int,
                              by: dict[str, str] | None = None) -> ReceiptNumbering:
        pattern = check_pattern(pattern)
        if not isinstance(next_number, int) or next_number < 1:
            raise ValueError("the next receipt number is a positive integer")
        who = by or {}

        def work() -> None:
            self._locked_numbering()
            highest = self._one("SELECT max(seq) FROM receipt_numbers WHERE year = %s", (year,))[0]
            if highest is not None and next_number <= highest:
                raise ReceiptNumberTakenError(year, int(highest))
            now = self._now()
            self._q("UPDATE receipt_numbering SET pattern = %s, year = %s, next = %s, updated_at = %s, by_login = %s,"
                    " by_name = %s, updated_by = current_user WHERE id = 1",
                    (pattern, year, next_number, now, who.get("login", ""), who.get("name", "")))
            self._audit("inbox.receipt_numbering", at=now,
                        details={"pattern": pattern, "year": year, "next": next_number, "by": who})

        self._tx(work)
        return self.receipt_numbering()

    def take_receipt_number(self, *, year: int, inbox_id: int | None = None,
                            by: dict[str, str] | None = None) -> ReceiptNumberRecord:
        who = by or {}

        def work() -> ReceiptNumberRecord:
            numbering = self._locked_numbering()
            highest = self._one("SELECT max(seq) FROM receipt_numbers WHERE year = %s", (year,))[0]
            seq = max(numbering.next_for(year), (highest or 0) + 1)
            text = format_number(numbering.pattern, seq)
            now = self._now()
            self._q(f"INSERT INTO receipt_numbers ({NUMBER_COLUMNS}) VALUES (%s, %s, %s, %s, NULL, %s, %s, %s)",
                    (year, seq, text, inbox_id, now, who.get("login", ""), who.get("name", "")))
            self._q("UPDATE receipt_numbering SET year = %s, next = %s WHERE id = 1", (year, seq + 1))
            self._audit("inbox.receipt_number", at=now, inbox_id=inbox_id,
                        details={"inbox_id": inbox_id, "year": year, "seq": seq, "text": text, "by": who})
            return ReceiptNumberRecord(year, seq, text, inbox_id, None, now, who.get("login", ""), who.get("name", ""))

        return self._tx(work)

    def bind_receipt_number(self, *, year: int, seq: int, receipt_sha256: str) -> None:
        self._tx(lambda: self._q("UPDATE receipt_numbers SET receipt_sha256 = %s WHERE year = %s AND seq = %s"
                                 " AND receipt_sha256 IS NULL", (receipt_sha256, year, seq)))

    def release_receipt_number(self, *, year: int, seq: int) -> bool:
        def work() -> bool:
            numbering = self._locked_numbering()
            if numbering.year != year or numbering.next != seq + 1:
                return False
            gone = self._q("DELETE FROM receipt_numbers WHERE year = %s AND seq = %s AND receipt_sha256 IS NULL"
                           " RETURNING seq", (year, seq)).fetchone()
            if gone is not None:
                self._q("UPDATE receipt_numbering SET next = %s WHERE id = 1", (seq,))
            return gone is not None

        return self._tx(work)

    def list_receipt_numbers(self, *, year: int | None = None) -> list[ReceiptNumberRecord]:
        sql = f"SELECT {NUMBER_COLUMNS} FROM receipt_numbers"
        params: list[Any] = []
        if year is not None:
            sql += " WHERE year = %s"
            params.append(year)
        return [number_record(row) for row in self._q(sql + " ORDER BY year, seq", params).fetchall()]
