"""Two officers' apps on one shared Inbox through the command line (`--inbox-url`): what one
imports and decides the other sees, with who did it; each keeps their own local store."""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path
from typing import Any

import pytest

from desktop.cli import main
from desktop.store import Store
from desktop.store.pg import InboxServerUnreachableError, PgInboxStore, init_inbox
from desktop.store.shared import SharedInbox
from tests.inbox.conftest import pin_test_signers
from tests.inbox.scenario import Scenario
from tests.pgtest import admin_connection, throwaway_database
from tests.pki import TestPki


def ct20(db: Path, url: str, *args: str) -> tuple[int, Any, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([*args, "--db", str(db), "--inbox-url", url, "--lang", "en", "--json"])
    return code, json.loads(out.getvalue()) if out.getvalue().strip() else None, err.getvalue()


def test_what_one_officer_imports_and_decides_the_other_sees(tmp_path: Path, scenario: Scenario,
                                                               pki: TestPki) -> None:
    first, second = tmp_path / "nva.sqlite3", tmp_path / "ttb.sqlite3"
    for db, name in ((first, "Nguyễn Văn A"), (second, "Trần Thị B")):
        with Store.open(db) as local:
            local.set_setting("inbox.display_name", name)
    with throwaway_database() as url:
        init_inbox(url)
        with SharedInbox(Store.open(first), PgInboxStore.open(url)) as shared:
            pin_test_signers(shared, pki, scenario.reporters)  # once, for the whole team
        code, imported, err = ct20(first, url, "inbox", "import", str(scenario.inbox), "--trust", str(pki.root_pem))
        assert code == 1 and len(imported) == 25, err  # an invalid and an untrusted package among them
        code, again, _ = ct20(second, url, "inbox", "import", str(scenario.inbox), "--trust", str(pki.root_pem))
        assert [row["outcome"] for row in again] == ["duplicate"] * 25
        assert [row["inbox_id"] for row in again] == [row["inbox_id"] for row in imported]
        board = ct20(second, url, "inbox", "status", "--period", scenario.period, "--form", "ct20.province")[1]
        untrusted = [row for row in board if row["status"] == "untrusted"]
        assert len(untrusted) == 1
        inbox_id = untrusted[0]["current"]["inbox_id"] if untrusted[0].get("current") else None
        listed = ct20(first, url, "inbox", "list", "--status", "untrusted")[1]
        inbox_id = inbox_id or listed[0]["inbox_id"]
        code, decided, err = ct20(second, url, "inbox", "decide", str(inbox_id), "--reject")
        assert code == 0 and decided["decision"] == "rejected", err
        with PgInboxStore.open(url) as shared:
            entries = shared.inbox_audit_log(inbox_id=inbox_id)
        assert entries[0]["action"] == "inbox.decide" and entries[0]["display_name"] == "Trần Thị B"
        assert entries[-1]["action"] == "inbox.import" and entries[-1]["display_name"] == "Nguyễn Văn A"
        for db in (first, second):  # nothing of the Inbox went into the officers' own stores
            with Store.open(db) as local:
                assert local.list_inbox_packages() == [] and local.pinned_signers() == set()


def test_a_connection_lost_midway_is_said_plainly() -> None:
    with throwaway_database() as url:
        init_inbox(url)
        with PgInboxStore.open(url) as shared, admin_connection() as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", (shared.conn.backend_pid,))
            with pytest.raises(InboxServerUnreachableError) as caught:
                shared.list_inbox_packages()
            assert "Your own reports on this computer still work" in caught.value.render("en")
            with pytest.raises(InboxServerUnreachableError):
                shared.add_inbox_package(file_name="a.asice", data=b"x", status="valid", problems=[])
