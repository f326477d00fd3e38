"""Reading an IMAP folder against a real server the test starts (Debian's dovecot, see dovecot.py):
new messages with packages are imported with their receipt time and sender, each message once."""

from __future__ import annotations

import datetime as dt
import imaplib
import io
import sys
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest

from desktop.inbox.imap import ImapConfig, ImapError, fetch_configured, get_password, set_password
from desktop.package.roots import add_trust_root
from desktop.package.verify import verify_package
from desktop.signing.signers import VN_TZ
from desktop.store import Store
from tests.inbox.dovecot import OFFICER, OFFICER_PASSWORD, PASSWORD, USER, Dovecot, running_dovecot
from tests.inbox.helpers import bulk_packages, ec_signer, pin_for_provinces
from tests.inbox.mails import SENDER, eml
from tests.inbox.memkeyring import MemoryKeyring, credential_store  # noqa: F401 (the fixture)
from tests.inbox.scenario import reporting_year
from tests.inbox.test_cli_inbox import ct20
from tests.pki import TestPki

pytestmark = pytest.mark.usefixtures("credential_store")
ARRIVED = dt.datetime.now(VN_TZ).replace(microsecond=0) - dt.timedelta(minutes=20)


@pytest.fixture(scope="module")
def server() -> Iterator[Dovecot]:
    with running_dovecot() as started:
        yield started


@pytest.fixture(scope="module")
def packages(tmp_path_factory: pytest.TempPathFactory, pki: TestPki) -> list[Path]:
    folder = tmp_path_factory.mktemp("goi-imap")
    return bulk_packages(ec_signer(pki, folder), folder / "goi", 5, reporting_year())


@pytest.fixture
def store(tmp_path: Path, pki: TestPki, packages: list[Path]) -> Iterator[Store]:
    with Store.open(tmp_path / "atmt.sqlite3") as opened:
        add_trust_root(opened, pki.root.cert_pem)
        pin_for_provinces(opened, verify_package(packages[0], trust_roots=[]).signer_certificate)
        yield opened


_folders = iter(range(1, 1000))


@pytest.fixture
def folder(server: Dovecot) -> str:
    """A fresh folder of the test user's mailbox for each test."""
    name = f"BaoCao{next(_folders)}"
    with _client(server) as client:
        assert client.create(name)[0] == "OK"
    return name


class _client:
    def __init__(self, server: Dovecot) -> None:
        self.imap = imaplib.IMAP4("127.0.0.1", server.port)
        self.imap.login(USER, PASSWORD)

    def __enter__(self) -> imaplib.IMAP4:
        return self.imap

    def __exit__(self, *exc: object) -> None:
        self.imap.logout()


def deliver(server: Dovecot, folder: str, *messages: bytes) -> None:
    """Messages arriving in the folder (IMAP APPEND, as the Ministry's mail server files them)."""
    with _client(server) as client:
        for message in messages:
            status, _data = client.append(folder, None, imaplib.Time2Internaldate(ARRIVED.timestamp()), message)
            assert status == "OK"


def configure(store: Store, server: Dovecot, folder: str, **changes: object) -> ImapConfig:
    config = ImapConfig(**{"enabled": True, "host": "127.0.0.1", "port": server.port, "security": "none",
                           "user": USER, "folder": folder, **changes})  # type: ignore[arg-type]
    config.save(store)
    set_password(config, PASSWORD)
    return config


def test_fetch_imports_new_messages_once_and_not_twice(server: Dovecot, folder: str, store: Store,
                                                       packages: list[Path]) -> None:
    deliver(server, folder, eml(packages[:2], received=ARRIVED, message_id="<a@sct>"),
            eml([], received=ARRIVED, message_id="<hoi@sct>", subject="Hỏi về mẫu báo cáo"))
    configure(store, server, folder)
    first = fetch_configured(store)
    assert first.messages == 2
    assert [(i.outcome, i.status) for i in first.items] == [("imported", "valid")] * 2 + [("error", "error")]
    assert first.items[0].file == f"{folder} #1 › {packages[0].name}"
    assert first.items[2].problems[0].render("en") == f"The e-mail file {folder} #2 carries no report package."
    records = store.list_inbox_packages()
    assert sorted(r.file_name for r in records) == sorted(p.name for p in packages[:2])
    for record in records:
        assert dt.datetime.fromisoformat(record.received_at or "") == ARRIVED
        assert record.details["mail"]["from"] == SENDER
        assert record.details["mail"]["imap"] == f"{USER}@127.0.0.1/{folder} #1"

    again = fetch_configured(store)  # nothing new: nothing read, nothing imported
    assert (again.messages, again.items) == (0, [])

    deliver(server, folder, eml(packages[2:3], received=ARRIVED, message_id="<b@sct>"))
    third = fetch_configured(store)
    assert third.messages == 1 and [(i.file, i.outcome) for i in third.items] == [
        (f"{folder} #3 › {packages[2].name}", "imported")]
    assert len(store.list_inbox_packages()) == 3
    with _client(server) as client:  # read with BODY.PEEK: the messages stay unread for the officers
        client.select(folder, readonly=True)
        assert client.uid("SEARCH", None, "UNSEEN")[1][0].split() == [b"1", b"2", b"3"]


def test_a_folder_rebuilt_by_the_server_is_not_imported_again(server: Dovecot, folder: str, store: Store,
                                                              packages: list[Path]) -> None:
    first_mail = eml(packages[3:4], received=ARRIVED, message_id="<c@sct>")
    deliver(server, folder, first_mail)
    configure(store, server, folder)
    assert fetch_configured(store).messages == 1
    with _client(server) as client:  # the server loses its index: the same mail under a new UIDVALIDITY
        assert client.delete(folder)[0] == "OK"
        assert client.create(folder)[0] == "OK"
    deliver(server, folder, first_mail, eml(packages[4:5], received=ARRIVED, message_id="<d@sct>"))
    rebuilt = fetch_configured(store)
    assert (rebuilt.messages, rebuilt.skipped) == (1, 1)
    assert [i.file for i in rebuilt.items] == [f"{folder} #2 › {packages[4].name}"]
    assert len(store.list_inbox_packages()) == 2


def test_imaps_and_starttls_with_the_servers_ca(server: Dovecot, folder: str, store: Store,
                                               packages: list[Path]) -> None:
    deliver(server, folder, eml(packages[:1], received=ARRIVED, message_id="<e@sct>"))
    configure(store, server, folder, security="imaps", port=server.imaps_port, ca_file=str(server.cert))
    assert [i.outcome for i in fetch_configured(store).items] == ["imported"]
    deliver(server, folder, eml(packages[1:2], received=ARRIVED, message_id="<e2@sct>"))
    configure(store, server, folder, security="starttls", ca_file=str(server.cert))
    assert [i.outcome for i in fetch_configured(store).items] == ["imported"]
    configure(store, server, folder, security="starttls", ca_file=None)  # a certificate no trusted CA issued
    with pytest.raises(ImapError) as refused:
        fetch_configured(store)
    assert refused.value.render("en").startswith("The secure connection to the mail server 127.0.0.1 failed")


def test_plain_refusals(server: Dovecot, folder: str, store: Store) -> None:
    config = configure(store, server, folder, host="mail.moit.gov.vn")
    with pytest.raises(ImapError) as clear_text:
        fetch_configured(store)
    assert "only over TLS" in clear_text.value.render("en")
    assert "TLS" in clear_text.value.render("vi")
    configure(store, server, folder)
    set_password(ImapConfig.load(store), "sai")
    with pytest.raises(ImapError) as wrong:
        fetch_configured(store)
    assert wrong.value.render("en") == f"The mail server 127.0.0.1 refused the user name or the password of {USER}."
    configure(store, server, "KhongCo")
    with pytest.raises(ImapError) as missing:
        fetch_configured(store)
    assert missing.value.render("en") == "The mail server has no folder KhongCo."
    store.set_setting("inbox.imap", {**store.get_setting("inbox.imap"), "enabled": False})
    with pytest.raises(ImapError) as off:
        fetch_configured(store)
    assert "off" in off.value.render("en") and config.enabled


def test_the_password_is_kept_in_the_credential_store_only(server: Dovecot, folder: str, store: Store) -> None:
    config = configure(store, server, folder)
    memory = keyring.get_keyring()
    assert isinstance(memory, MemoryKeyring)
    assert get_password(config) == PASSWORD and list(memory.secrets.values()) == [PASSWORD]
    assert PASSWORD not in str(store.get_setting("inbox.imap"))


def test_ct20_inbox_fetch(server: Dovecot, folder: str, store: Store, packages: list[Path],
                          monkeypatch: pytest.MonkeyPatch) -> None:
    deliver(server, folder, eml([], received=ARRIVED, message_id="<f@sct>"),
            eml(packages[1:3], received=ARRIVED, message_id="<g@sct>"))
    monkeypatch.setattr(sys, "stdin", io.StringIO(PASSWORD + "\n"))
    db = Path(store.path)
    run = ct20(db, "inbox", "fetch", "--host", "127.0.0.1", "--port", str(server.port), "--security", "none",
               "--user", USER, "--folder", folder, "--password-stdin")
    assert run.code == 1, run.err  # one message carries no package
    assert "New messages read: 2." in run.out and f"From: {SENDER}" in run.out
    assert "2 imported, 0 already in the inbox, 1 not read" in run.out
    again = ct20(db, "inbox", "fetch", "--json")
    assert (again.code, again.json) == (0, [])
    off = ct20(db, "inbox", "fetch", "--disable")
    assert off.code == 0 and ct20(db, "inbox", "fetch").code == 2
    refused = ct20(db, "inbox", "fetch", "--host", "mail.moit.gov.vn", "--security", "none")
    assert refused.code == 2 and "only over TLS" in refused.err


def test_a_vietnamese_folder_name_and_the_servers_arrival_time(server: Dovecot, store: Store,
                                                               packages: list[Path]) -> None:
    from desktop.inbox.imap import mailbox_name

    name = "Báo cáo CT20 & năm"
    with _client(server) as client:
        assert client.create(mailbox_name(name))[0] == "OK"
        listed = [entry.decode() for entry in client.list()[1] if isinstance(entry, bytes)]
        assert any(e.endswith('"B&AOE-o c&AOE-o CT20 &- n&AQM-m"') for e in listed)  # as the server keeps it
    bare = eml(packages[3:4], message_id="<h@sct>")  # neither Received: nor Date:
    deliver(server, mailbox_name(name), bare)
    configure(store, server, name)
    (item,) = fetch_configured(store).items
    assert item.outcome == "imported"
    assert dt.datetime.fromisoformat(item.received or "") == ARRIVED  # INTERNALDATE: when the server filed it


def test_a_password_with_vietnamese_letters(server: Dovecot, store: Store) -> None:
    config = configure(store, server, "INBOX", user=OFFICER)
    set_password(config, OFFICER_PASSWORD)
    assert fetch_configured(store).items == []  # logged in (SASL PLAIN, UTF-8), an empty folder
    set_password(config, "mật khẩu sai")
    with pytest.raises(ImapError) as wrong:
        fetch_configured(store)
    assert wrong.value.render("en") == f"The mail server 127.0.0.1 refused the user name or the password of {OFFICER}."


def test_a_hand_edited_setting_never_breaks_the_inbox(store: Store) -> None:
    store.set_setting("inbox.imap", {"enabled": "yes", "host": 42, "port": "993", "security": "imaps",
                                     "user": ["x"], "folder": None, "ca_file": 7, "unknown": 1})
    assert ImapConfig.load(store) == ImapConfig(security="imaps")
    store.set_setting("inbox.imap", "not a mapping")
    assert ImapConfig.load(store) == ImapConfig()
    injected = ImapConfig(enabled=True, host="127.0.0.1", user="atmt\r\nA1 DELETE INBOX", security="none")
    problem = injected.problem()
    assert problem is not None and "control characters" in problem.render("en")
