"""Ad hoc requests in the Inbox's store, on both stores (`inbox_store`: SQLite and PostgreSQL)."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from desktop.store import Store
from desktop.store.pg import PgInboxStore, init_inbox
from desktop.store.pg.transfer import migrate_from_local
from desktop.store.requests import RequestNotFoundError
from desktop.store.shared import SharedInbox
from tests.pgtest import throwaway_database

FIELDS: dict[str, Any] = {
    "number": "123/BCT-ATMT", "date": "2026-03-15", "requester": "Bộ Công Thương",
    "content": "Báo cáo tình hình xử lý nước thải tại các cụm công nghiệp", "deadline": "2026-03-30",
}


def test_a_request_is_kept_once_and_read_back_field_for_field(inbox_store: Any) -> None:
    record, created = inbox_store.add_request(request_id="yc-2026-03-15-123", addressees=["so-ct-ha-noi", "habeco"],
                                              created_by="Nguyễn Văn A", details={"forms": ["ct20.province"]},
                                              **FIELDS)
    again, created_again = inbox_store.add_request(request_id="yc-2026-03-15-123", addressees=["x"],
                                                   **{**FIELDS, "number": "999/XX"})
    assert created and not created_again and again == record
    assert (record.number, record.date, record.requester, record.deadline) == (
        "123/BCT-ATMT", "2026-03-15", "Bộ Công Thương", "2026-03-30")
    assert record.addressees == ("so-ct-ha-noi", "habeco") and record.details == {"forms": ["ct20.province"]}
    assert inbox_store.get_request("yc-2026-03-15-123") == record
    inbox_store.add_request(request_id="yc-2026-04-01-7", addressees=["habeco"], **{**FIELDS, "date": "2026-04-01"})
    assert [r.id for r in inbox_store.list_requests()] == ["yc-2026-04-01-7", "yc-2026-03-15-123"]
    with pytest.raises(RequestNotFoundError):
        inbox_store.get_request("yc-none")
    actions = [e["action"] for e in inbox_store.inbox_audit_log()]
    assert actions.count("inbox.request.add") == 2


@pytest.mark.parametrize("bad", [{"request_id": "Bad Id"}, {"request_id": "x", "addressees": []},
                                 {"request_id": "x", "number": "  "}])
def test_a_request_without_its_facts_is_refused(inbox_store: Any, bad: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        inbox_store.add_request(**{"addressees": ["habeco"], **FIELDS, **bad})
    assert inbox_store.list_requests() == []


def test_a_recorded_request_is_never_changed(tmp_path: Path) -> None:
    with Store.open(tmp_path / "s.sqlite3") as store:
        store.add_request(request_id="yc-1", addressees=["habeco"], **FIELDS)
        with pytest.raises(sqlite3.DatabaseError, match="never changed"):
            store._conn.execute("UPDATE inbox_requests SET deadline = '2030-01-01'")
    from desktop.store.pg.driver import ServerError

    with throwaway_database() as url:
        init_inbox(url)
        with PgInboxStore.open(url) as shared:
            shared.add_request(request_id="yc-1", addressees=["habeco"], **FIELDS)
            with pytest.raises(ServerError, match="never changed"):
                shared.conn.execute("UPDATE inbox_requests SET deadline = '2030-01-01'")


def test_requests_move_to_the_shared_inbox_once(tmp_path: Path) -> None:
    with Store.open(tmp_path / "local.sqlite3") as local, throwaway_database() as url:
        kept, _ = local.add_request(request_id="yc-1", addressees=["habeco"], created_by="A", **FIELDS)
        init_inbox(url)
        with SharedInbox(Store.open(tmp_path / "other.sqlite3"), PgInboxStore.open(url)) as shared:
            first = migrate_from_local(local, shared.inbox)
            second = migrate_from_local(local, shared.inbox)
            assert (first.counts["requests"], second.counts["requests"]) == (1, 0)
            assert shared.get_request("yc-1") == kept
            assert [r.id for r in shared.list_requests()] == ["yc-1"]
