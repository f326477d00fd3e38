"""Reports: their record, current values, saving, status, trash and metadata; reading the
append-only history is desktop.store.report_history."""

from __future__ import annotations

from typing import Any

from desktop.store import codec
from desktop.store.errors import (
    AmbiguousReportIdError,
    ReportChangedError,
    ReportNotFoundError,
    ReportReadOnlyError,
)
from desktop.store.history import AUTOSAVE
from desktop.store.records import REPORT_COLUMNS, STATUSES, ReportRecord
from desktop.store.report_history import ReportHistoryStore

MIN_PREFIX = 8  # like git: enough of a uuid4 to be unique among a user's reports


def _values_text(values: dict[str, Any]) -> str:
    if not isinstance(values, dict):
        raise TypeError(f"report values must be a dict, not {type(values).__name__}")
    return codec.dumps(values)


def _meta_of(text: Any) -> Any:
    try:
        return codec.loads(text) if text else None
    except ValueError:  # a damaged entry reads as "nothing kept" (ReportMeta.from_dict)
        return None


class ReportStore(ReportHistoryStore):
    # -- lookup

    def _resolve(self, report_id: str) -> str:
        """The full id of a report given its id or a unique prefix of at least 8 characters."""
        wanted = str(report_id).strip().lower()
        conn = self._conn
        if conn.execute("SELECT 1 FROM reports WHERE id = ?", (wanted,)).fetchone():
            return wanted
        if len(wanted) >= MIN_PREFIX:
            upper = wanted[:-1] + chr(ord(wanted[-1]) + 1)
            found = [
                row[0]
                for row in conn.execute(
                    "SELECT id FROM reports WHERE id >= ? AND id < ? ORDER BY id", (wanted, upper)
                )
            ]
            if len(found) == 1:
                return str(found[0])
            if len(found) > 1:
                raise AmbiguousReportIdError(report_id, len(found))
        raise ReportNotFoundError(report_id)

    def _record(self, report_id: str) -> ReportRecord:
        row = self._conn.execute(
            f"SELECT {REPORT_COLUMNS} FROM reports WHERE id = ?", (report_id,)
        ).fetchone()
        if row is None:
            raise ReportNotFoundError(report_id)
        return ReportRecord(*row)

    def _writable(self, report_id: str) -> ReportRecord:
        record = self._record(report_id)
        if record.trashed_at is not None:
            raise ReportReadOnlyError(report_id, "trashed")
        if record.status == "submitted":
            raise ReportReadOnlyError(report_id, "submitted")
        return record

    def _touch(self, report_id: str, at: str, **columns: Any) -> None:
        """Update columns of a report and mark it as the most recently changed."""
        columns.update(updated_at=at, change_seq=self._next_change_seq())
        assignments = ", ".join(f"{name} = ?" for name in columns)
        self._conn.execute(
            f"UPDATE reports SET {assignments} WHERE id = ?", (*columns.values(), report_id)
        )

    # -- reading

    def get_report(self, report_id: str) -> ReportRecord:
        return self._record(self._resolve(report_id))

    def list_reports(self, *, include_trashed: bool = False) -> list[ReportRecord]:
        """Reports, the most recently changed first."""
        where = "" if include_trashed else "WHERE trashed_at IS NULL"
        rows = self._conn.execute(
            f"SELECT {REPORT_COLUMNS} FROM reports {where} ORDER BY change_seq DESC"
        )
        return [ReportRecord(*row) for row in rows]

    def list_reports_with_meta(self, *, include_trashed: bool = False) -> list[tuple[ReportRecord, Any]]:
        """`list_reports` with each report's metadata (as `report_meta` reads it, None when it
        is not a JSON object), in one query: the list of reports shows both."""
        where = "" if include_trashed else "WHERE trashed_at IS NULL"
        rows = self._conn.execute(
            f"SELECT {REPORT_COLUMNS}, meta FROM reports {where} ORDER BY change_seq DESC"
        )
        return [(ReportRecord(*row[:-1]), _meta_of(row[-1])) for row in rows]

    def get_values(self, report_id: str) -> dict[str, Any]:
        rid = self._resolve(report_id)
        row = self._conn.execute(
            "SELECT data FROM report_values WHERE report_id = ?", (rid,)
        ).fetchone()
        if row is None:
            raise ReportNotFoundError(report_id)
        values: dict[str, Any] = codec.loads(row[0])
        return values

    def report_meta(self, report_id: str) -> dict[str, Any]:
        rid = self._resolve(report_id)
        row = self._conn.execute("SELECT meta FROM reports WHERE id = ?", (rid,)).fetchone()
        meta: dict[str, Any] = codec.loads(row[0])
        return meta

    # -- writing

    def create_report(
        self,
        *,
        form_id: str,
        form_version: str,
        org_id: str,
        period: str,
        values: dict[str, Any],
        reference: str | None = None,
        deadline: str | None = None,
        revision: int = 1,
        supersedes: str | None = None,
        source: str = "cli",
    ) -> str:
        """A new draft; its initial values are history entry 1. Returns the new report's id."""
        text = _values_text(values)
        if not isinstance(revision, int) or revision < 1:
            raise ValueError(f"revision must be a positive integer, not {revision!r}")
        import uuid  # not at start: uuid imports platform
        report_id = str(uuid.uuid4())
        now = self._now()
        with self._write() as conn:
            previous = self._resolve(supersedes) if supersedes is not None else None
            conn.execute(
                "INSERT INTO reports (id, form_id, form_version, org_id, period, reference,"
                " deadline, status, revision, supersedes, created_at, updated_at, change_seq)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, 'draft', ?, ?, ?, ?, ?)",
                (report_id, form_id, form_version, org_id, period, reference, deadline,
                 revision, previous, now, now, self._next_change_seq()),
            )
            conn.execute(
                "INSERT INTO report_values (report_id, data) VALUES (?, ?)", (report_id, text)
            )
            self._checkpoint("create:values")
            self._append_history(report_id, 1, text, at=now, source=source, note=None)
            self._audit(
                "report.create",
                report_id=report_id,
                details={"form_id": form_id, "form_version": form_version, "org_id": org_id,
                         "period": period, "revision": revision, "supersedes": previous,
                         "source": source},
                at=now,
            )
        return report_id

    def save_values(
        self,
        report_id: str,
        values: dict[str, Any],
        *,
        source: str = "cli",
        note: str | None = None,
        base_seq: int | None = None,
        base_values: dict[str, Any] | None = None,
    ) -> int | None:
        """Make `values` the current values and append them to the history, in one transaction.

        `base_seq`: the version (history seq) these values were based on; when the report has
        been saved since (by the CLI, another window), nothing is written and
        ReportChangedError says so, so that a newer change is never silently reverted.
        `base_values`: the values of version `base_seq` when the caller has them at hand (the
        export): the audit's count of changed keys is made from them instead of parsing the
        stored text again. Returns the new history entry's seq, or None when the values equal the
        current ones (nothing is written then).
        """
        return self._save_checked(report_id, _values_text(values), values, source=source, note=note,
                                  base_seq=base_seq, base_values=base_values if base_seq is not None else None)

    def save_values_text(
        self,
        report_id: str,
        text: str,
        *,
        source: str = "cli",
        note: str | None = None,
        base_seq: int | None = None,
    ) -> int | None:
        """`save_values` of values already written as canonical JSON (`codec.dumps`).

        For a save made in a background thread: the editor turns its values into text (which
        no later edit can change) and the rest of the work, comparing, compressing and writing,
        happens here, off the UI thread.
        """
        values = codec.loads(text)
        if not isinstance(values, dict):
            raise TypeError(f"report values must be a JSON object, not {type(values).__name__}")
        return self._save_checked(report_id, text, values, source=source, note=note, base_seq=base_seq)

    def _save_checked(
        self,
        report_id: str,
        text: str,
        values: dict[str, Any],
        *,
        source: str,
        note: str | None,
        base_seq: int | None,
        base_values: dict[str, Any] | None = None,
    ) -> int | None:
        with self._write():
            rid = self._resolve(report_id)
            if base_seq is not None:
                current = self._last_seq(rid)
                if current != base_seq:
                    raise ReportChangedError(rid, base_seq, current)
            return self._save(rid, text, values, at=self._now(), source=source, note=note, before=base_values)

    def values_with_seq(self, report_id: str) -> tuple[dict[str, Any], int]:
        """The current values and their version, read together (one read transaction)."""
        with self._read():
            rid = self._resolve(report_id)
            return self.get_values(rid), self._last_seq(rid)

    def restore_history(self, report_id: str, seq: int, *, source: str = "ui") -> int:
        """Make the values of history entry `seq` current again, as a new entry.

        History is never rewritten; the new entry's note is `restore:<seq>`. Returns the new
        entry's seq, or the latest one if the current values already equal those of `seq`.
        """
        with self._write():
            rid = self._resolve(report_id)
            text = self._snapshot_text(rid, seq)
            now = self._now()
            new_seq = self._save(
                rid, text, codec.loads(text), at=now, source=source, note=f"restore:{int(seq)}"
            )
            if new_seq is None:
                return self._last_seq(rid)
            self._audit("report.restore", report_id=rid, at=now,
                        details={"restored_seq": int(seq), "seq": new_seq, "source": source})
            return new_seq

    def _save(
        self,
        rid: str,
        text: str,
        values: dict[str, Any],
        *,
        at: str,
        source: str,
        note: str | None,
        before: dict[str, Any] | None = None,
    ) -> int | None:
        """Write `values` (whose canonical JSON is `text`) unless they equal the current ones
        (`before`: the current values when the caller has them, else they are read from the text)."""
        self._writable(rid)
        conn = self._conn
        current = conn.execute(
            "SELECT data FROM report_values WHERE report_id = ?", (rid,)
        ).fetchone()[0]
        if current == text:
            return None
        # for the audit; tuples count as changed
        changed = codec.changed_keys(codec.loads(current) if before is None else before, values)
        seq = self._last_seq(rid) + 1
        conn.execute("UPDATE report_values SET data = ? WHERE report_id = ?", (text, rid))
        self._checkpoint("save:values")
        self._append_history(rid, seq, text, at=at, source=source, note=note)
        self._checkpoint("save:history")
        if source == AUTOSAVE:
            self._thin_history(rid)
        self._touch(rid, at)
        self._audit("report.save", report_id=rid, at=at,
                    details={"seq": seq, "changed_keys": changed, "source": source})
        return seq

    def set_status(self, report_id: str, status: str) -> None:
        """draft → submitted (one way: a submitted report changes only through a new revision)."""
        if status not in STATUSES:
            raise ValueError(f"unknown report status {status!r}; expected one of {STATUSES}")
        with self._write():
            rid = self._resolve(report_id)
            record = self._record(rid)
            if record.trashed_at is not None:
                raise ReportReadOnlyError(rid, "trashed")
            if record.status == status:
                return
            if record.status == "submitted":
                raise ReportReadOnlyError(rid, "submitted")
            now = self._now()
            self._touch(rid, now, status=status)
            self._audit("report.status", report_id=rid, at=now,
                        details={"from": record.status, "to": status})

    def trash_report(self, report_id: str) -> None:
        """Move a report to the trash (it is kept, with its history, and can be taken back)."""
        with self._write():
            rid = self._resolve(report_id)
            if self._record(rid).trashed_at is not None:
                return
            now = self._now()
            self._touch(rid, now, trashed_at=now)
            self._audit("report.trash", report_id=rid, at=now)

    def untrash_report(self, report_id: str) -> None:
        with self._write():
            rid = self._resolve(report_id)
            if self._record(rid).trashed_at is None:
                return
            now = self._now()
            self._touch(rid, now, trashed_at=None)
            self._audit("report.untrash", report_id=rid, at=now)

    def set_report_meta(self, report_id: str, key: str, value: Any) -> None:
        """Set one key of the report's small metadata dict; None removes the key.

        Allowed on submitted reports too (e.g. a receipt), as metadata is not report content.
        """
        with self._write() as conn:
            rid = self._resolve(report_id)
            meta = codec.loads(conn.execute(
                "SELECT meta FROM reports WHERE id = ?", (rid,)
            ).fetchone()[0])
            if value is None:
                if key not in meta:
                    return
                del meta[key]
            else:
                if key in meta and codec.dumps(meta[key]) == codec.dumps(value):
                    return
                meta[key] = value
            conn.execute("UPDATE reports SET meta = ? WHERE id = ?", (codec.dumps(meta), rid))
            self._audit("report.meta", report_id=rid, details={"key": key})
