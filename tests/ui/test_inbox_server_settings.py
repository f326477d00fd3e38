"""Settings, "Shared Inbox (server)": test the connection, keep the address in the settings and
the password in the credential store (a real keyring backend), refuse a password in the address;
the Inbox window opens on the shared Inbox, and says plainly when the server is out of reach."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyrings.alt.file import PlaintextKeyring
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from desktop.i18n import Message
from desktop.store.pg import PgInboxStore, init_inbox
from desktop.store.pg.connect import CA_SETTING, KEYRING_SERVICE, URL_SETTING, parse_url
from desktop.store.shared import SharedInbox
from desktop.ui.settings_dialog import SettingsDialog
from tests.pgtest import throwaway_database
from tests.ui.helpers import click, on_next_modal, type_text


@pytest.fixture
def keyring_file(tmp_path: Path) -> Iterator[Path]:
    backend = PlaintextKeyring()
    backend.file_path = str(tmp_path / "keyring_pass.cfg")  # type: ignore[misc]
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    yield Path(backend.file_path)
    keyring.set_keyring(previous)


def _dialog(qtbot, store) -> SettingsDialog:  # type: ignore[no-untyped-def]
    dialog = SettingsDialog(store, "vi")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.tabs.setCurrentIndex(2)
    return dialog


def test_test_connection_reports_the_server_or_why_not(qtbot, store) -> None:  # type: ignore[no-untyped-def]
    dialog = _dialog(qtbot, store)
    page = dialog.inbox_server
    with throwaway_database() as url:
        init_inbox(url)
        with PgInboxStore.open(url) as inbox:
            inbox.add_inbox_package(file_name="a.asice", data=b"pkg", status="untrusted", problems=[])
        type_text(qtbot, page.url, url)
        click(qtbot, page.test_button)
        assert "1" in page.result.text() and parse_url(url)[0].display in page.result.text()
    page.url.clear()
    type_text(qtbot, page.url, "postgresql://can-bo@127.0.0.1:1/ct20")
    click(qtbot, page.test_button)
    refused = Message("the server refused the connection (is PostgreSQL running there, on that port?)").render()
    assert "127.0.0.1:1" in page.result.text() and refused in page.result.text()


def test_ok_keeps_the_address_in_settings_and_the_password_in_the_credential_store(
        qtbot, store, keyring_file: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = _dialog(qtbot, store)
    page = dialog.inbox_server
    type_text(qtbot, page.url, "postgresql://can-bo@may-chu.example/ct20")
    type_text(qtbot, page.ca, "C:/ca/bo-cong-thuong.pem")
    type_text(qtbot, page.password, "mật-khẩu-bí-mật")
    click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Ok))
    assert not dialog.isVisible()
    assert store.get_setting(URL_SETTING) == "postgresql://can-bo@may-chu.example/ct20"
    assert store.get_setting(CA_SETTING) == "C:/ca/bo-cong-thuong.pem"
    assert keyring.get_password(KEYRING_SERVICE, "can-bo@may-chu.example:5432/ct20") == "mật-khẩu-bí-mật"
    for path in store.path.parent.glob(store.path.name + "*"):
        assert "mật-khẩu-bí-mật".encode() not in path.read_bytes()


def test_a_password_in_the_address_is_refused(qtbot, store, keyring_file: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = _dialog(qtbot, store)
    type_text(qtbot, dialog.inbox_server.url, "postgresql://can-bo:lo-ra@may-chu.example/ct20")
    click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Ok))
    assert dialog.isVisible() and dialog.tabs.currentIndex() == 2
    assert "lo-ra" not in dialog.inbox_server.result.text() and "***" in dialog.inbox_server.result.text()
    assert store.get_setting(URL_SETTING) is None


def test_the_inbox_window_opens_on_the_shared_inbox_or_says_why_not(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    with throwaway_database() as url:
        init_inbox(url)
        window.store.set_setting(URL_SETTING, url)
        inbox = window.inbox_actions.open_inbox()
        assert isinstance(inbox.page.store, SharedInbox)
        inbox.close()
        inbox.page.store.close()
    window.inbox_actions.inbox = None
    window.store.set_setting(URL_SETTING, "postgresql://can-bo@127.0.0.1:1/ct20")
    seen: list[str] = []
    on_next_modal(lambda box: (seen.append(box.text()), box.button(QMessageBox.StandardButton.Ok).click()))
    assert window.inbox_actions.open_inbox() is None
    assert seen and "127.0.0.1:1" in seen[0]
    assert window.store.list_reports() is not None  # the local reports keep working
