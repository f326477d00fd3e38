"""E-mail on the Inbox screen: .eml and .msg files dropped (real QMimeData and drop events), a
message dragged straight out of Outlook, the e-mail settings and the Fetch button against a real
IMAP server (dovecot, started by the test)."""

from __future__ import annotations

import datetime as dt
import struct
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from PySide6.QtCore import QByteArray, QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from desktop.i18n import set_language
from desktop.inbox.imap import ImapConfig, get_password
from desktop.package.roots import add_trust_root
from desktop.package.verify import verify_package
from desktop.signing.signers import VN_TZ
from desktop.store import Store
from desktop.ui.inbox.inbox_page import InboxPage
from desktop.ui.inbox.mail import OUTLOOK_CONTENTS, OUTLOOK_NAMES
from tests.inbox.dovecot import PASSWORD, USER, Dovecot, running_dovecot
from tests.inbox.helpers import bulk_packages, ec_signer, pin_for_provinces
from tests.inbox.mails import SENDER, eml, msg
from tests.inbox.memkeyring import MemoryKeyring, credential_store  # noqa: F401 (the fixture)
from tests.inbox.scenario import reporting_year
from tests.pki import TestPki, build_pki

pytestmark = pytest.mark.usefixtures("credential_store")
YEAR = reporting_year()
ARRIVED = dt.datetime.now(VN_TZ).replace(microsecond=0) - dt.timedelta(minutes=20)


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> TestPki:
    return build_pki(tmp_path_factory.mktemp("pki"))


@pytest.fixture(scope="module")
def packages(pki: TestPki, tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("goi")
    return bulk_packages(ec_signer(pki, folder), folder / "thu", 5, YEAR)


@pytest.fixture
def page(qtbot, tmp_path: Path, pki: TestPki, packages: list[Path]) -> Iterator[InboxPage]:  # type: ignore[no-untyped-def]
    set_language("en")
    store = Store.open(tmp_path / "atmt.sqlite3")
    add_trust_root(store, pki.root.cert_pem)
    pin_for_provinces(store, verify_package(packages[0], trust_roots=[]).signer_certificate)
    widget = InboxPage(store, today=lambda: dt.date(YEAR, 3, 2))
    qtbot.addWidget(widget)
    widget.show()
    yield widget
    widget.close()
    store.close()


def _enter(page: InboxPage, data: QMimeData) -> bool:
    event = QDragEnterEvent(QPointF(10, 10), Qt.DropAction.CopyAction, data, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(page, event)  # through Qt's own dispatch to the page's handler
    return event.isAccepted()


def _drop(page: InboxPage, data: QMimeData) -> QDropEvent:
    # no real drag offscreen: the drop event is sent to the page as Qt would deliver it
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, data, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(page, event)
    return event


def _files(*paths: Path) -> QMimeData:
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    return data


def test_dropping_eml_and_msg_files_imports_their_packages(qtbot, page: InboxPage, packages: list[Path],
                                                           tmp_path: Path) -> None:
    mail, outlook = tmp_path / "thu.eml", tmp_path / "Báo cáo.msg"
    mail.write_bytes(eml(packages[:2], received=ARRIVED))
    outlook.write_bytes(msg(packages[2:3], received=ARRIVED))
    note = tmp_path / "ghi-chu.txt"
    note.write_text("không phải gói")
    assert not _enter(page, _files(note))
    assert not _drop(page, _files(note)).isAccepted() and not page.busy()
    data = _files(mail, outlook, note)
    assert _enter(page, data)
    assert _drop(page, data).isAccepted()
    qtbot.waitUntil(lambda: not page.busy(), timeout=30_000)
    assert page.message.text() == ("3 imported (0 rejected, 0 awaiting a decision), 0 already in the inbox, "
                                   "0 not read.")
    assert page.last_import is not None
    assert {(i.sender, dt.datetime.fromisoformat(i.received or "")) for i in page.last_import.items} == {
        (SENDER, ARRIVED)}


def _descriptor(*names: str) -> bytes:
    """FILEGROUPDESCRIPTORW as Outlook puts it on the clipboard: a count, then 592 bytes a file."""
    out = struct.pack("<I", len(names))
    for name in names:
        out += b"\0" * 72 + name.encode("utf-16-le").ljust(520, b"\0")
    return out


def test_a_message_dragged_straight_out_of_outlook(qtbot, page: InboxPage, packages: list[Path]) -> None:
    data = QMimeData()
    data.setData(OUTLOOK_NAMES, QByteArray(_descriptor("Báo cáo CT20.msg", "Thư khác.msg")))
    data.setData(OUTLOOK_CONTENTS, QByteArray(msg(packages[3:4], received=ARRIVED)))
    assert _enter(page, data)
    assert _drop(page, data).isAccepted()
    folder = page.dropped_folder
    assert folder is not None and (folder / "Báo cáo CT20.msg").is_file()
    assert page.message.text().startswith("Only the first of the 2 messages dragged from Outlook is imported")
    qtbot.waitUntil(lambda: not page.busy(), timeout=30_000)
    assert page.message.text().startswith("1 imported")
    assert page.last_import is not None and page.last_import.items[0].sender == SENDER
    assert not folder.exists()  # the temporary copy is gone
    unreadable = QMimeData()  # named, but no contents Qt could read
    unreadable.setData(OUTLOOK_NAMES, QByteArray(_descriptor("Báo cáo CT20.msg")))
    assert _enter(page, unreadable)  # a real drag enters before it drops
    assert not _drop(page, unreadable).isAccepted() and not page.busy()
    assert page.message.text() == ("Outlook did not hand over the message: drag it to a folder first, then drop the "
                                   "saved .msg file here.")
    other = QMimeData()
    other.setData(OUTLOOK_NAMES, QByteArray(_descriptor("lich-hop.ics")))
    other.setData(OUTLOOK_CONTENTS, QByteArray(b"BEGIN:VCALENDAR"))
    assert not _enter(page, other)


@pytest.fixture(scope="module")
def server() -> Iterator[Dovecot]:
    with running_dovecot() as started:
        yield started


def test_email_settings_and_the_fetch_button(qtbot, page: InboxPage, server: Dovecot, packages: list[Path]) -> None:
    import imaplib

    client = imaplib.IMAP4("127.0.0.1", server.port)
    client.login(USER, PASSWORD)
    client.append("INBOX", None, None, eml(packages[4:5], received=ARRIVED, message_id="<ui@sct>"))
    client.logout()
    assert not page.fetch_button.isEnabled()  # off by default
    dialog = page.mail_settings()
    dialog.enabled.setChecked(True)
    dialog.host.setText("mail.moit.gov.vn")
    dialog.security.setCurrentIndex(dialog.security.findData("none"))
    dialog.user.setText(USER)
    dialog.password.setText(PASSWORD)
    dialog.save()  # clear text to another computer: refused, said plainly
    assert "only over TLS" in dialog.error.text() and dialog.isVisible()
    dialog.host.setText("127.0.0.1")
    dialog.port.setValue(server.port)
    dialog.save()
    assert not dialog.isVisible()
    config = ImapConfig.load(page.store)
    assert (config.enabled, config.host, config.port, config.user) == (True, "127.0.0.1", server.port, USER)
    assert get_password(config) == PASSWORD and PASSWORD not in str(page.store.get_setting("inbox.imap"))
    assert isinstance(keyring.get_keyring(), MemoryKeyring)
    assert page.fetch_button.isEnabled()
    qtbot.mouseClick(page.fetch_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.busy(), timeout=30_000)
    assert page.message.text() == ("New messages read: 1. 1 imported (0 rejected, 0 awaiting a decision), "
                                   "0 already in the inbox, 0 not read.")
    qtbot.mouseClick(page.fetch_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.busy(), timeout=30_000)
    assert page.message.text().startswith("New messages read: 0. 0 imported")
    assert len(page.store.list_inbox_packages()) == 1
