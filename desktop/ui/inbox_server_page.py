"""Settings tab "Hộp thư chung (máy chủ)": the shared Inbox's address, CA file and password.

The address and the CA file go to the settings; the password goes only to the operating system's
credential store (Windows Credential Manager). "Test the connection" connects once and says what it
found, or why it could not connect, in the user's language.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from desktop.i18n import LocalizedError, _, count_text, ngettext
from desktop.store.pg.connect import CA_SETTING, URL_SETTING


class InboxServerPage(QWidget):
    def __init__(self, store, parent: QWidget | None = None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.setObjectName("inboxServerPage")
        self.store = store
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.url = QLineEdit(self)
        self.url.setObjectName("inboxServerUrl")
        self.url.setPlaceholderText("postgresql://can-bo@may-chu.moit.gov.vn/ct20")
        self.url.setText(str(store.get_setting(URL_SETTING) or ""))
        self.ca = QLineEdit(self)
        self.ca.setObjectName("inboxServerCa")
        self.ca.setText(str(store.get_setting(CA_SETTING) or ""))
        self.browse = QPushButton(self)
        self.browse.clicked.connect(self._pick_ca)
        ca_row = QHBoxLayout()
        ca_row.addWidget(self.ca, 1)
        ca_row.addWidget(self.browse)
        self.password = QLineEdit(self)
        self.password.setObjectName("inboxServerPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.test_button = QPushButton(self)
        self.test_button.setObjectName("inboxServerTest")
        self.test_button.clicked.connect(self.test_connection)
        self.result = QLabel(self)
        self.result.setObjectName("inboxServerResult")
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.url_label, self.ca_label, self.password_label = QLabel(self), QLabel(self), QLabel(self)
        self.url_label.setBuddy(self.url)
        self.ca_label.setBuddy(self.ca)
        self.password_label.setBuddy(self.password)
        layout = QFormLayout(self)
        layout.addRow(self.intro)
        layout.addRow(self.url_label, self.url)
        layout.addRow(self.ca_label, ca_row)
        layout.addRow(self.password_label, self.password)
        layout.addRow(self.test_button)
        layout.addRow(self.result)
        self.setEnabled(not store.readonly)
        self.retranslate()

    def retranslate(self) -> None:
        self.intro.setText(_("A team keeps its Inbox on the Ministry's PostgreSQL server: every officer sees the "
                             "same packages, decisions and receipts. Leave the address empty to keep the Inbox on "
                             "this computer. Your own reports always stay on this computer."))
        self.url_label.setText(_("Server &address:"))
        self.ca_label.setText(_("&CA certificate (TLS):"))
        self.password_label.setText(_("&Password:"))
        self.password.setPlaceholderText(_("kept in the system's credential store, never in the settings"))
        self.browse.setText(_("Choose…"))
        self.test_button.setText(_("&Test the connection"))

    def _pick_ca(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, _("CA certificate"), "", "PEM (*.pem *.crt *.cer);;* (*)")
        if path:
            self.ca.setText(path)

    def _target(self) -> tuple[str, str | None]:
        from desktop.store.pg.connect import InboxUrlError, parse_url

        url = self.url.text().strip()
        _parts, in_url = parse_url(url)
        if in_url is not None:
            raise InboxUrlError(url.replace(f":{in_url}@", ":***@"), _("a password does not belong in the address"))
        return url, self.ca.text().strip() or None

    def test_connection(self) -> bool:
        """Connect with what is typed (the typed password, else the kept one); True when it worked."""
        from desktop.store.pg import PgInboxStore

        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            url, ca = self._target()
            with PgInboxStore.open(url, ca_file=ca, password=self.password.text() or None) as inbox:
                count = len(inbox.list_inbox_packages())
                text = ngettext("Connected to {where} as {login}: {count} package in the shared Inbox.",
                                "Connected to {where} as {login}: {count} packages in the shared Inbox.",
                                count).format(where=inbox.where, login=inbox.login, count=count_text(count))
        except LocalizedError as exc:
            self.result.setText(exc.render())
            return False
        finally:
            QApplication.restoreOverrideCursor()
        self.result.setText(text)
        return True

    def save(self) -> bool:
        """Keep the address and CA file in the settings, the password in the credential store."""
        if self.store.readonly:
            return True
        url = self.url.text().strip()
        try:
            if url:
                from desktop.store.pg.connect import parse_url, save_password

                url, _ca = self._target()
                if self.password.text():
                    save_password(parse_url(url)[0], self.password.text())
            if url != (self.store.get_setting(URL_SETTING) or ""):
                self.store.set_setting(URL_SETTING, url)
            ca_text = self.ca.text().strip()
            if ca_text != (self.store.get_setting(CA_SETTING) or ""):
                self.store.set_setting(CA_SETTING, ca_text)
        except LocalizedError as exc:
            self.result.setText(exc.render())
            return False
        except Exception as exc:  # the credential store refused (locked, absent): say so, keep the dialog open
            self.result.setText(_("The password could not be kept in the system's credential store: {error}")
                                .format(error=exc))
            return False
        self.password.clear()
        return True
