"""A report's append-only history: every saved state, read back, and the autosaves thinned.

The history rows are written by desktop.store.reports (a save appends one); the database refuses
to change or delete any entry except the autosaves `_thin_history` drops (desktop.store.history).
"""

from __future__ import annotations

import sqlite3
from typing import Any

from desktop.store import codec
from desktop.store.base import StoreBase
from desktop.store.errors import HistoryEntryNotFoundError
from desktop.store.history import Saved, to_remove
from desktop.store.records import HistoryEntry


class ReportHistoryStore(StoreBase):
    def _resolve(self, report_id: str) -> str:  # the full id of a report: desktop.store.reports
        raise NotImplementedError

    def history(self, report_id: str) -> list[HistoryEntry]:
        """Every saved state of a report, oldest first (entry 1 holds the initial values)."""
        rid = self._resolve(report_id)
        rows = self._conn.execute(
            "SELECT seq, saved_at, source, note, size FROM report_history"
            " WHERE report_id = ? ORDER BY seq",
            (rid,),
        )
        return [HistoryEntry(*row) for row in rows]

    def values_at(self, report_id: str, seq: int) -> dict[str, Any]:
        rid = self._resolve(report_id)
        values: dict[str, Any] = codec.loads(self._snapshot_text(rid, seq))
        return values

    def values_at_or_before(self, report_id: str, seq: int) -> tuple[dict[str, Any], int]:
        """The values of entry `seq`, or of the latest entry before it when older autosaves were
        thinned away (entry 1 is always kept), with the seq of the entry found."""
        rid = self._resolve(report_id)
        row = self._conn.execute(
            "SELECT seq, encoding, snapshot FROM report_history WHERE report_id = ? AND seq <= ?"
            " ORDER BY seq DESC LIMIT 1",
            (rid, int(seq)),
        ).fetchone()
        if row is None:
            raise HistoryEntryNotFoundError(rid, seq)
        values: dict[str, Any] = codec.loads(codec.unpack_snapshot(row[1], row[2]))
        return values, int(row[0])

    def _snapshot_text(self, report_id: str, seq: int) -> str:
        row = self._conn.execute(
            "SELECT encoding, snapshot FROM report_history WHERE report_id = ? AND seq = ?",
            (report_id, int(seq)),
        ).fetchone()
        if row is None:
            raise HistoryEntryNotFoundError(report_id, seq)
        return codec.unpack_snapshot(row[0], row[1])

    def current_seq(self, report_id: str) -> int:
        """The version of the report's current values: the seq of its latest history entry."""
        return self._last_seq(self._resolve(report_id))

    def _last_seq(self, rid: str) -> int:
        row = self._conn.execute(
            "SELECT coalesce(max(seq), 0) FROM report_history WHERE report_id = ?", (rid,)
        ).fetchone()
        return int(row[0])

    def _append_history(
        self, rid: str, seq: int, text: str, *, at: str, source: str, note: str | None
    ) -> None:
        encoding, payload, size = codec.pack_snapshot(text)
        self._conn.execute(
            "INSERT INTO report_history (report_id, seq, saved_at, source, note, size, encoding,"
            " snapshot) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (rid, seq, at, source, note, size, encoding, sqlite3.Binary(payload)),
        )

    def _thin_history(self, rid: str) -> None:
        """Drop the autosaves the history no longer needs (desktop.store.history), in the
        caller's transaction; the database refuses to delete any other entry."""
        rows = self._conn.execute(
            "SELECT seq, saved_at, source, note FROM report_history WHERE report_id = ?", (rid,)
        ).fetchall()
        gone = to_remove((Saved(*row) for row in rows), self._clock())
        for seq in gone:
            self._conn.execute(
                "DELETE FROM report_history WHERE report_id = ? AND seq = ?", (rid, seq)
            )
