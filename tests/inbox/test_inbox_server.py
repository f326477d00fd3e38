"""Setting up and reaching the shared Inbox: `ct20 inbox init`, `migrate-from-local`, the password
in the OS credential store (a real keyring backend), and an unreachable server (TLS: test_pg_tls.py)."""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import io
import secrets
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import keyring
import pytest
from keyrings.alt.file import PlaintextKeyring

from desktop.cli import main
from desktop.store import Store
from desktop.store.pg import InboxNotInitialisedError, PgInboxStore, init_inbox
from desktop.store.pg import migrations as pg_migrations
from desktop.store.pg.connect import KEYRING_SERVICE, URL_SETTING, parse_url
from tests.pgtest import admin_connection, throwaway_database


def run(*args: str, lang: str = "en") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([*args, "--lang", lang])
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def pg_url() -> Iterator[str]:
    with throwaway_database() as url:
        yield url


@pytest.fixture
def atmt(imported: tuple[Path, Any], tmp_path: Path) -> Path:
    path = tmp_path / "atmt.sqlite3"
    shutil.copyfile(imported[0], path)
    return path


def test_init_creates_the_schema_once_and_open_refuses_a_bare_database(pg_url: str) -> None:
    with pytest.raises(InboxNotInitialisedError) as caught:
        PgInboxStore.open(pg_url)
    assert "ct20 inbox init" in caught.value.render("en")
    code, out, err = run("inbox", "init", "--inbox-url", pg_url)
    assert code == 0 and f"is ready (schema {pg_migrations.SCHEMA_VERSION};" in out, err
    code, out, _ = run("inbox", "init", "--inbox-url", pg_url, "--json")
    assert code == 0 and '"applied": []' in out
    with PgInboxStore.open(pg_url) as store:
        assert store.schema_version == pg_migrations.SCHEMA_VERSION and store.list_inbox_packages() == []


def test_migrate_from_local_keeps_every_field_and_adds_nothing_the_second_time(atmt: Path, pg_url: str) -> None:
    with Store.open(atmt) as local:
        untrusted = [r for r in local.list_inbox_packages() if r.status == "untrusted"]
        local.decide_inbox_package(untrusted[0].id, "accepted", by={"login": "nva", "name": "Nguyễn Văn A"})
        valid = next(r for r in local.list_inbox_packages() if r.status == "valid")
        local.decide_inbox_package(valid.id, "rejected", by={"login": "nva", "name": "Nguyễn Văn A"})
        local.add_receipt(direction="issued", data=b"signed receipt bytes", file_name="bien-nhan.asice",
                          package_sha256=valid.sha256, decision="correction_requested", message="Sửa lại mục 3",
                          status="valid", signer={"name": "Cục ATMT"}, signed_at="2025-11-20T01:02:03Z",
                          inbox_id=valid.id)
        root, crl = hashlib.sha256(b"root").hexdigest(), hashlib.sha256(b"crl").hexdigest()
        local.add_trust_root(root, subject="CN=Root", not_after="2035-01-01T00:00:00Z", pem="-----PEM-----")
        local.add_crl(crl, issuer="CN=Root", this_update="2025-01-01", next_update=None, revoked=3, der=b"\x30\x00")
        local.set_builtin_root_enabled(hashlib.sha256(b"builtin").hexdigest(), False)
    assert run("inbox", "init", "--inbox-url", pg_url)[0] == 0
    code, out, err = run("inbox", "migrate-from-local", "--inbox-url", pg_url, "--db", str(atmt), "--json")
    assert code == 0, err
    first = __import__("json").loads(out)
    code, out, err = run("inbox", "migrate-from-local", "--inbox-url", pg_url, "--db", str(atmt), "--json")
    again = __import__("json").loads(out)
    with Store.open(atmt) as local, PgInboxStore.open(pg_url) as shared:
        mine, theirs = local.list_inbox_packages(), shared.list_inbox_packages()
        assert first["packages"] == len(mine) == 24 and first["decisions"] == 2 and first["receipts"] == 1
        assert again == {**dict.fromkeys(first, 0), "packages_present": len(mine), "conflicts": []}
        assert [dataclasses.asdict(r) for r in theirs] == [dataclasses.asdict(r) for r in mine]  # field by field
        assert all(shared.inbox_package_bytes(r.id) == local.inbox_package_bytes(r.id) for r in mine)
        assert [dataclasses.asdict(r) for r in shared.list_receipts()] == [
            dataclasses.asdict(r) for r in local.list_receipts() if r.direction == "issued"]
        assert shared.receipt_bytes(shared.list_receipts()[0].id) == b"signed receipt bytes"
        strip = lambda pins: [{**dataclasses.asdict(p), "id": None} for p in pins]  # noqa: E731
        assert strip(shared.list_signer_pins()) == strip(local.list_signer_pins()) != []
        assert shared.trust_roots() == local.trust_roots() and shared.crls() == local.crls()
        assert shared.disabled_builtin_roots() == local.disabled_builtin_roots()
        copied = [e for e in shared.inbox_audit_log(limit=10**6) if e["details"].get("copied_from") == "local"]
        assert len(copied) == first["audit"] == len(local.inbox_audit_log(limit=10**6))
        decided = [e for e in copied if e["action"] == "inbox.decide"]
        assert {(e["inbox_id"], e["display_name"]) for e in decided} == {(untrusted[0].id, "Nguyễn Văn A"),
                                                                         (valid.id, "Nguyễn Văn A")}
        assert local.audit_log(limit=1)[0]["action"] == "inbox.migrate"


def test_a_different_decision_on_the_server_is_kept_and_reported(atmt: Path, pg_url: str) -> None:
    init_inbox(pg_url)
    with Store.open(atmt) as local, PgInboxStore.open(pg_url) as shared:
        untrusted = next(r for r in local.list_inbox_packages() if r.status == "untrusted")
        local.decide_inbox_package(untrusted.id, "accepted")
        kept, _ = shared.add_inbox_package(file_name="x.asice", data=local.inbox_package_bytes(untrusted.id),
                                           status="untrusted", problems=[])
        shared.decide_inbox_package(kept.id, "rejected", by={"login": "ttb", "name": "Trần Thị B"})
    code, out, err = run("inbox", "migrate-from-local", "--inbox-url", pg_url, "--db", str(atmt))
    assert code == 0 and f"packages {kept.id}" in out and "packages: 23 (1 were there already)" in out, out + err
    with PgInboxStore.open(pg_url) as shared:
        assert shared.get_inbox_package(kept.id).decision == "rejected"


def test_an_unreachable_server_is_said_plainly_and_local_reports_keep_working(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "mine.sqlite3"
    monkeypatch.setenv("CT20_INBOX_URL", "postgresql://officer@127.0.0.1:1/ct20")
    code, _, err = run("inbox", "list", "--db", str(db), lang="vi")
    assert code == 1 and err.startswith("Không kết nối được Hộp thư chung tại postgresql://officer@127.0.0.1:1/ct20")
    assert "báo cáo của bạn trên máy này vẫn dùng được" in err
    code, _out, err = run("report", "list", "--db", str(db), lang="vi")
    assert code == 0, err


def test_the_password_lives_in_the_credential_store_only(tmp_path: Path) -> None:
    backend = PlaintextKeyring()
    backend.file_path = str(tmp_path / "keyring" / "keyring_pass.cfg")  # type: ignore[misc]
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    role, password = f"officer_{secrets.token_hex(4)}", secrets.token_urlsafe(12)
    admin = admin_connection()
    admin.execute(f"CREATE ROLE {role} LOGIN PASSWORD '{password}'")
    try:
        with throwaway_database() as pg_url:
            database = parse_url(pg_url)[0].database
            admin.execute(f'ALTER DATABASE "{database}" OWNER TO {role}')
            _password_checks(tmp_path, role, password, database)
    finally:
        keyring.set_keyring(previous)
        admin.execute(f"DROP ROLE IF EXISTS {role}")
        admin.close()


def _password_checks(tmp_path: Path, role: str, password: str, database: str) -> None:
    url = f"postgresql://{role}@127.0.0.1/{database}"
    code, _, err = run("inbox", "init", "--inbox-url", url)
    assert code == 1 and "no password supplied" in err  # nothing kept yet
    secret_file = tmp_path / "pw.txt"
    secret_file.write_text(password + "\r\n", encoding="utf-8")
    code, out, err = run("inbox", "password", "--inbox-url", url, "--password-file", str(secret_file))
    assert code == 0 and "credential store" in out, err
    assert keyring.get_password(KEYRING_SERVICE, f"{role}@127.0.0.1:5432/{database}") == password
    db = tmp_path / "mine.sqlite3"
    code, out, err = run("inbox", "init", "--inbox-url", url, "--db", str(db))
    assert code == 0, err
    with Store.open(db) as local:
        local.set_setting(URL_SETTING, url)
    code, out, err = run("inbox", "list", "--db", str(db), "--json")  # the URL from the settings
    assert code == 0 and out.strip() == "[]", err
    for path in tmp_path.glob("mine.sqlite3*"):
        assert password.encode() not in path.read_bytes()
    code, _, err = run("inbox", "password", "--inbox-url", f"postgresql://{role}:x@127.0.0.1/{database}",
                       "--password-file", str(secret_file))
    assert code == 2 and "--password-file" in err
