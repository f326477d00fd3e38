from __future__ import annotations

import sqlite3
import uuid

import pytest

from desktop.store import (
    AmbiguousReportIdError,
    HistoryEntry,
    HistoryEntryNotFoundError,
    ReportNotFoundError,
    ReportReadOnlyError,
    Store,
)

from .helpers import FakeClock, big_values, new_report


def test_create_then_get_and_list(store: Store, clock: FakeClock) -> None:
    report_id = new_report(
        store, {"document.place": "Hà Nội"}, reference="123/BCT-ATMT", deadline="2026-03-31",
        period="adhoc-2026-03-15",
    )

    assert str(uuid.UUID(report_id)) == report_id
    record = store.get_report(report_id)
    assert record.id == report_id
    assert (record.form_id, record.form_version, record.org_id) == (
        "ct20.province", "2025.1", "so-ct-ha-noi"
    )
    assert (record.period, record.reference, record.deadline) == (
        "adhoc-2026-03-15", "123/BCT-ATMT", "2026-03-31"
    )
    assert (record.status, record.revision, record.supersedes) == ("draft", 1, None)
    assert record.created_at == record.updated_at == "2026-11-21T05:12:00Z"
    assert record.trashed_at is None and record.editable
    assert store.get_values(report_id) == {"document.place": "Hà Nội"}
    assert store.list_reports() == [record]


def test_list_is_newest_update_first_even_within_one_second(store: Store) -> None:
    first, second, third = (new_report(store) for _ in range(3))
    assert [r.id for r in store.list_reports()] == [third, second, first]

    store.save_values(first, {"changed": True})  # same clock second as the creations

    assert [r.id for r in store.list_reports()] == [first, third, second]


def test_save_appends_history_and_values_at_reads_any_entry(
    store: Store, clock: FakeClock
) -> None:
    report_id = new_report(store, {"a": 1})
    clock.advance(60)
    assert store.save_values(report_id, {"a": 2, "b": "Sở Công Thương"}, source="ui") == 2
    clock.advance(60)
    assert store.save_values(report_id, {"a": 3}, note="import from Excel") == 3

    assert store.get_values(report_id) == {"a": 3}
    assert store.history(report_id) == [
        HistoryEntry(1, "2026-11-21T05:12:00Z", "cli", None, len('{"a":1}')),
        HistoryEntry(2, "2026-11-21T05:13:00Z", "ui", None,
                     len('{"a":2,"b":"Sở Công Thương"}'.encode())),
        HistoryEntry(3, "2026-11-21T05:14:00Z", "cli", "import from Excel", len('{"a":3}')),
    ]
    assert store.values_at(report_id, 1) == {"a": 1}
    assert store.values_at(report_id, 2) == {"a": 2, "b": "Sở Công Thương"}
    assert store.get_report(report_id).updated_at == "2026-11-21T05:14:00Z"
    with pytest.raises(HistoryEntryNotFoundError):
        store.values_at(report_id, 4)


def test_large_values_are_compressed_in_history_and_read_back_exactly(store: Store) -> None:
    values = big_values()
    report_id = new_report(store, values)
    values["clusters.list"][1999]["c12"] = "sửa"
    assert store.save_values(report_id, values) == 2

    assert store.get_values(report_id) == values
    assert store.values_at(report_id, 2) == values
    stored = store.shared.raw.execute(
        "SELECT encoding, length(snapshot), size FROM report_history WHERE seq = 2"
    ).fetchone()
    assert stored[0] == "zlib+json"
    assert stored[1] < stored[2] / 4
    assert store.history(report_id)[1].size == stored[2] > 300_000


def test_saving_equal_values_writes_nothing(store: Store, clock: FakeClock) -> None:
    report_id = new_report(store, {"b": [1, 2], "a": "x"})
    clock.advance(5)
    before = store.get_report(report_id)
    audit_before = store.audit_log()
    changes_before = store.shared.raw.total_changes

    assert store.save_values(report_id, {"a": "x", "b": [1, 2]}) is None

    assert store.shared.raw.total_changes == changes_before
    assert store.get_report(report_id) == before
    assert len(store.history(report_id)) == 1
    assert store.audit_log() == audit_before


def test_restore_history_adds_an_entry_and_never_rewrites(store: Store) -> None:
    report_id = new_report(store, {"a": 1})
    store.save_values(report_id, {"a": 2})
    store.save_values(report_id, {"a": 3})

    assert store.restore_history(report_id, 1) == 4

    assert store.get_values(report_id) == {"a": 1}
    entries = store.history(report_id)
    assert [(e.seq, e.source, e.note) for e in entries] == [
        (1, "cli", None), (2, "cli", None), (3, "cli", None), (4, "ui", "restore:1"),
    ]
    assert [store.values_at(report_id, e.seq) for e in entries] == [
        {"a": 1}, {"a": 2}, {"a": 3}, {"a": 1},
    ]
    restore_entry = store.audit_log(report_id=report_id)[0]
    assert restore_entry["action"] == "report.restore"
    assert restore_entry["details"] == {"restored_seq": 1, "seq": 4, "source": "ui"}
    # restoring what is already current writes nothing and names the current entry
    assert store.restore_history(report_id, 4) == 4
    assert len(store.history(report_id)) == 4


def test_history_rows_cannot_be_changed_even_with_sql(store: Store) -> None:
    report_id = new_report(store, {"a": 1})
    conn = store.shared.raw
    for sql in (
        "UPDATE report_history SET note = 'x'",
        "DELETE FROM report_history",
        "DELETE FROM audit_log",
        "UPDATE audit_log SET action = 'x'",
        "DELETE FROM reports",
    ):
        with pytest.raises(sqlite3.IntegrityError, match=r"append-only|never deleted"):
            conn.execute(sql)
    assert store.values_at(report_id, 1) == {"a": 1}


def test_submitted_report_is_read_only(store: Store) -> None:
    report_id = new_report(store, {"a": 1})
    store.set_status(report_id, "submitted")

    assert store.get_report(report_id).status == "submitted"
    with pytest.raises(ReportReadOnlyError) as caught:
        store.save_values(report_id, {"a": 2})
    assert "submitted" in caught.value.render("en")
    with pytest.raises(ReportReadOnlyError):
        store.restore_history(report_id, 1)
    with pytest.raises(ReportReadOnlyError):
        store.set_status(report_id, "draft")
    store.set_status(report_id, "submitted")  # already so: fine, nothing written
    assert store.get_values(report_id) == {"a": 1}
    assert len(store.history(report_id)) == 1
    with pytest.raises(ValueError):
        store.set_status(report_id, "approved")
    # the database refuses too, whatever code tries
    with pytest.raises(sqlite3.IntegrityError, match="frozen"):
        store.shared.raw.execute("UPDATE report_values SET data = '{}'")


def test_a_revision_supersedes_the_submitted_report(store: Store) -> None:
    first = new_report(store, {"a": 1})
    store.set_status(first, "submitted")
    second = new_report(store, store.get_values(first), revision=2, supersedes=first[:8])

    record = store.get_report(second)
    assert (record.revision, record.supersedes, record.status) == (2, first, "draft")
    with pytest.raises(ReportNotFoundError):
        new_report(store, supersedes="ffffffff-0000")


def test_trash_keeps_everything_and_can_be_undone(store: Store) -> None:
    kept, trashed = new_report(store, {"a": 1}), new_report(store, {"b": 2})
    store.trash_report(trashed)

    assert [r.id for r in store.list_reports()] == [kept]
    assert {r.id for r in store.list_reports(include_trashed=True)} == {kept, trashed}
    assert store.get_report(trashed).trashed_at == "2026-11-21T05:12:00Z"
    assert store.get_values(trashed) == {"b": 2}
    with pytest.raises(ReportReadOnlyError) as caught:
        store.save_values(trashed, {"b": 3})
    assert caught.value.reason == "trashed"

    store.untrash_report(trashed)
    assert store.get_report(trashed).trashed_at is None
    assert store.save_values(trashed, {"b": 3}) == 2
    actions = [e["action"] for e in store.audit_log(report_id=trashed)]
    assert actions == ["report.save", "report.untrash", "report.trash", "report.create"]


def test_report_meta(store: Store) -> None:
    report_id = new_report(store)
    assert store.report_meta(report_id) == {}
    store.set_report_meta(report_id, "acknowledged", ["rule.w1"])
    store.set_status(report_id, "submitted")
    store.set_report_meta(report_id, "receipt", {"decision": "accepted"})  # allowed when submitted

    assert store.report_meta(report_id) == {
        "acknowledged": ["rule.w1"], "receipt": {"decision": "accepted"},
    }
    store.set_report_meta(report_id, "acknowledged", None)
    assert store.report_meta(report_id) == {"receipt": {"decision": "accepted"}}


def test_unknown_report(store: Store) -> None:
    with pytest.raises(ReportNotFoundError) as caught:
        store.get_report("0123456789")
    assert "0123456789" in caught.value.render("en")
    for call in (store.get_values, store.history, store.trash_report):
        with pytest.raises(ReportNotFoundError):
            call("nope")


def test_prefix_lookup_like_git(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    made = iter([
        uuid.UUID("abcdef01-1111-4111-8111-111111111111"),
        uuid.UUID("abcdef01-2222-4222-8222-222222222222"),
        uuid.UUID("12345678-3333-4333-8333-333333333333"),
    ])
    monkeypatch.setattr(uuid, "uuid4", lambda: next(made))  # desktop.store.reports imports uuid where it makes an id
    first, second, third = (new_report(store) for _ in range(3))

    assert store.get_report("12345678").id == third
    assert store.get_report("12345678-3333".upper()).id == third
    assert store.get_report("abcdef01-1").id == first
    assert store.get_values("abcdef01-2222") == store.get_values(second)
    with pytest.raises(ReportNotFoundError):
        store.get_report("1234567")  # shorter than 8 characters
    with pytest.raises(AmbiguousReportIdError) as caught:
        store.get_report("abcdef01")
    assert "2 reports" in caught.value.render("en")


def test_values_must_be_a_json_dict(store: Store) -> None:
    with pytest.raises(TypeError):
        new_report(store, values=[1, 2])  # type: ignore[arg-type]
    report_id = new_report(store, {"a": 1})
    with pytest.raises(TypeError):
        store.save_values(report_id, {"a": object()})
    with pytest.raises(ValueError):
        store.save_values(report_id, {"a": float("nan")})
    assert store.get_values(report_id) == {"a": 1}
    assert len(store.list_reports()) == 1
