"""The roles of docs/inbox-server.md, granted with the guide's own SQL: an officer imports and
decides (the audit records their server login), a viewer reads and is refused a decision plainly."""

from __future__ import annotations

import re
import secrets
from pathlib import Path

import pytest

from desktop.store.pg import InboxServerError, PgInboxStore, init_inbox
from desktop.store.pg.connect import parse_url
from tests.pgtest import admin_connection, throwaway_database

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "inbox-server.md"


def guide_grants() -> str:
    text = GUIDE.read_text(encoding="utf-8")
    block = re.search(r"<!-- grants -->\s*```sql\n(.*?)```", text, re.S)
    assert block, "docs/inbox-server.md lost its grants block"
    return block.group(1)


def test_officer_and_viewer_roles_as_the_guide_grants_them() -> None:
    tag = secrets.token_hex(3)
    officer, viewer, pw = f"officer_{tag}", f"viewer_{tag}", secrets.token_urlsafe(10)
    admin = admin_connection()
    try:
        for role in ("ct20_officer", "ct20_viewer"):
            if admin.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone() is None:
                admin.execute(f"CREATE ROLE {role} NOLOGIN")
        admin.execute(f"CREATE ROLE {officer} LOGIN PASSWORD '{pw}' IN ROLE ct20_officer")
        admin.execute(f"CREATE ROLE {viewer} LOGIN PASSWORD '{pw}' IN ROLE ct20_viewer")
        with throwaway_database() as url:
            init_inbox(url)
            with admin_connection(url) as owner:
                owner.execute(guide_grants())
            database = parse_url(url)[0].database
            with PgInboxStore.open(f"postgresql://{officer}@127.0.0.1/{database}", password=pw,
                                   display_name="Nguyễn Văn A") as mine:
                record, _ = mine.add_inbox_package(file_name="a.asice", data=b"pkg", status="untrusted", problems=[])
                mine.decide_inbox_package(record.id, "accepted", by={"login": "nva", "name": "Nguyễn Văn A"},
                                          seen=record)
                assert {(e["action"], e["login"], e["display_name"]) for e in mine.inbox_audit_log()} == {
                    ("inbox.import", officer, "Nguyễn Văn A"), ("inbox.decide", officer, "Nguyễn Văn A")}
                with pytest.raises(InboxServerError):
                    mine._tx(lambda: mine._q("DELETE FROM inbox_audit"))
            with PgInboxStore.open(f"postgresql://{viewer}@127.0.0.1/{database}", password=pw) as theirs:
                assert [r.decision for r in theirs.list_inbox_packages()] == ["accepted"]
                with pytest.raises(InboxServerError) as caught:
                    theirs.decide_inbox_package(record.id, "rejected")
                assert viewer in caught.value.render("en") and "read" in caught.value.render("en")
                assert theirs.get_inbox_package(record.id).decision == "accepted"
    finally:
        for role in (officer, viewer):
            admin.execute(f"DROP ROLE IF EXISTS {role}")
        admin.close()
