"""A report's history stays bounded however often the editor autosaves (issue 16).

Real SQLite files; the store's clock is injected (no sleeping): each autosave moves it forward.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from pathlib import Path

import pytest

from desktop.store import Store, codec
from desktop.store.backups import content_counts
from desktop.store.history import AUTOSAVE, KEEP_NEWEST, Saved, bound, to_remove

START = dt.datetime(2026, 3, 2, 1, 0, tzinfo=dt.UTC)


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> dt.datetime:
        return self.now


def _rows(count: int) -> list[dict]:
    return [{"name": f"Cụm công nghiệp Đồng Lạng {n}", "area_ha": 50 + n * 0.25,
             "wastewater": n % 3 == 0, "note": "Đang đầu tư hạ tầng"} for n in range(count)]


def _new(store: Store, values: dict) -> str:
    return store.create_report(form_id="ct20.province", form_version="2025.1", org_id="so-ct-phu-tho",
                               period="2025", values=values, source="ui")


def _bytes(store: Store) -> int:
    """The store file's size once the write-ahead log is folded in (the log itself is reused)."""
    store.shared.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return os.path.getsize(store.path)


def test_2000_autosaves_of_a_2000_row_report_keep_the_history_bounded(tmp_path: Path) -> None:
    """Two sessions of steady typing (one autosave a second), then a week of edits every few
    minutes: 2,000 autosaves, each a full 2,000-row snapshot before thinning."""
    path = tmp_path / "ct20.sqlite3"
    clock = Clock()
    rows = _rows(2000)
    values = {"document.number": "15/BC-SCT", "clusters.list": rows}
    with Store.open(path, clock=clock) as store:
        report = _new(store, values)
        snapshot = store.shared.execute(
            "SELECT length(snapshot) FROM report_history WHERE report_id = ?", (report,)).fetchone()[0]
        empty = _bytes(store)
        store.save_values(report, {**values, "document.place": "Phú Thọ"}, source="ui", note="bản nháp 1")
        steps = [dt.timedelta(seconds=1)] * 700 + [dt.timedelta(hours=20)] + [dt.timedelta(seconds=1)] * 500 \
            + [dt.timedelta(minutes=13)] * 799
        peak_entries = 0
        for n, step in enumerate(steps):
            clock.now += step
            rows[n % len(rows)]["area_ha"] = n + 0.125
            assert store.save_values(report, values, source=AUTOSAVE) is not None, n
            peak_entries = max(peak_entries, len(store.history(report)))
        history = store.history(report)
        days = (clock.now - START).days + 1
        final = store.get_values(report)
        kept_note = [e for e in history if e.note == "bản nháp 1"]
        size = _bytes(store)

    assert len(steps) == 2000
    assert final == values  # the current values are the last autosave's
    assert history[0].seq == 1 and history[-1].seq == 2002  # the first and the latest stay
    assert len(kept_note) == 1  # a named version is never thinned
    assert len(history) <= bound(days) < 2000 // 4
    assert peak_entries <= bound(days) + 1
    autosaves = [e for e in history if e.source == AUTOSAVE]
    # the newest autosaves one by one, then at most one per 10 minutes, hour, day
    assert [e.seq for e in autosaves[-KEEP_NEWEST:]] == list(range(2002 - KEEP_NEWEST + 1, 2003))
    # bytes: what the kept entries hold plus the store's fixed part, not 2,000 snapshots
    assert size <= empty + (bound(days) + 2) * snapshot * 2
    assert size < 2000 * snapshot / 4  # without thinning: 2,000 snapshots


def test_the_last_hour_of_typing_keeps_the_newest_and_one_per_ten_minutes(tmp_path: Path) -> None:
    clock = Clock()
    with Store.open(tmp_path / "ct20.sqlite3", clock=clock) as store:
        report = _new(store, {"n": 0})
        for n in range(1, 601):  # an hour of saves every 6 s
            clock.now += dt.timedelta(seconds=6)
            store.save_values(report, {"n": n}, source=AUTOSAVE)
        history = store.history(report)
    assert len(history) == 1 + KEEP_NEWEST + 6  # entry 1, the 50 newest, one per earlier 10 minutes
    older = [e for e in history[1:-KEEP_NEWEST]]
    minutes = {e.saved_at[:15] for e in older}  # "2026-03-02T01:1" = a 10-minute period
    assert len(minutes) == len(older)


def test_saves_the_user_asked_for_are_never_thinned(tmp_path: Path) -> None:
    clock = Clock()
    with Store.open(tmp_path / "ct20.sqlite3", clock=clock) as store:
        report = _new(store, {"n": 0})
        for n in range(1, 301):
            clock.now += dt.timedelta(minutes=30)
            source = "ui" if n % 10 == 0 else "cli" if n % 25 == 0 else AUTOSAVE
            store.save_values(report, {"n": n}, source=source)
        restored = store.restore_history(report, 10)
        history = store.history(report)
    kinds = {(e.seq, e.source) for e in history}
    for n in range(10, 301, 10):
        assert (n + 1, "ui") in kinds
    assert (26, "cli") in kinds
    assert history[-1].seq == restored and history[-1].note == "restore:10"
    assert sum(1 for e in history if e.source == AUTOSAVE) < 270


def test_the_database_deletes_only_older_autosaves(tmp_path: Path) -> None:
    clock = Clock()
    with Store.open(tmp_path / "ct20.sqlite3", clock=clock) as store:
        report = _new(store, {"n": 0})
        store.save_values(report, {"n": 1}, source="ui")
        store.save_values(report, {"n": 2}, source=AUTOSAVE, note="tên phiên bản")
        store.save_values(report, {"n": 3}, source=AUTOSAVE)
        store.save_values(report, {"n": 4}, source=AUTOSAVE)
        conn = store.shared.raw
        for seq in (1, 2, 3, 5):  # first, a user's save, a named version, the latest
            with pytest.raises(sqlite3.IntegrityError, match="append-only"):
                conn.execute("DELETE FROM report_history WHERE report_id = ? AND seq = ?", (report, seq))
        conn.execute("DELETE FROM report_history WHERE report_id = ? AND seq = 4", (report,))
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute("UPDATE report_history SET source = 'autosave' WHERE seq = 2")
        assert [e.seq for e in store.history(report)] == [1, 2, 3, 5]


def test_thinning_never_makes_the_automatic_backup_look_bigger(tmp_path: Path) -> None:
    """The daily backup is skipped when the store holds less than it; thinned autosaves are not less."""
    clock = Clock()
    with Store.open(tmp_path / "ct20.sqlite3", clock=clock) as store:
        report = _new(store, {"n": 0})
        counts = []
        for n in range(1, 400):
            clock.now += dt.timedelta(minutes=5)
            store.save_values(report, {"n": n}, source=AUTOSAVE)
            counts.append(content_counts(store.shared)["report_history"])
        assert len(store.history(report)) < 200
    assert counts == sorted(counts) and counts[-1] == 400


def test_background_text_save_is_the_same_save(tmp_path: Path) -> None:
    clock = Clock()
    with Store.open(tmp_path / "ct20.sqlite3", clock=clock) as store:
        report = _new(store, {"n": 0})
        seq = store.save_values_text(report, codec.dumps({"n": 1, "tên": "Phú Thọ"}), source=AUTOSAVE, base_seq=1)
        assert seq == 2 and store.get_values(report) == {"n": 1, "tên": "Phú Thọ"}
        assert store.save_values_text(report, codec.dumps({"n": 1, "tên": "Phú Thọ"}), source=AUTOSAVE) is None
        with pytest.raises(TypeError):
            store.save_values_text(report, "[1, 2]")


@pytest.mark.parametrize("stamp", ["not a time", "2026-03-02T01:00:00"])
def test_an_entry_whose_time_cannot_be_read_is_kept_or_read_as_utc(stamp: str) -> None:
    now = START + dt.timedelta(days=30)
    entries = [Saved(1, "2026-01-01T00:00:00Z", "ui", None)]
    entries += [Saved(n, stamp, AUTOSAVE, None) for n in range(2, 4)]
    entries += [Saved(n, "2026-03-31T00:00:00Z", AUTOSAVE, None) for n in range(4, 4 + KEEP_NEWEST + 1)]
    gone = to_remove(entries, now)
    assert gone == ([] if stamp == "not a time" else [2])
