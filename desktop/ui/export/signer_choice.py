"""Who signs: a certificate file (.pfx/.p12) with its password, or a USB token with its PIN.

Shared by the export dialog and the signature setup check. The kind, the file, the token driver
and the token's label are remembered in the store's settings; the password or PIN never is, and
it is cleared from the field once used. Listing the tokens runs in a worker thread (a vendor
driver may take seconds to start).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _, count_text, ngettext
from desktop.signing.drivers import Driver, known_drivers, token_labels
from desktop.signing.spec import SignerSpec
from desktop.store import Store
from desktop.ui.export.worker import Worker
from desktop.ui.signals import emit

KIND_FILE, KIND_TOKEN = "p12", "token"
SETTING_KIND = "export.signer_kind"
SETTING_FILE = "export.p12_path"
SETTING_LIBRARY = "export.pkcs11_library"
SETTING_TOKEN = "export.token_label"


def _setting(store: Store, key: str) -> str:
    value = store.get_setting(key)
    return value if isinstance(value, str) else ""


class SignerChoice(QWidget):
    changed = Signal()  # what can be done may have changed (a choice, a typed secret, a scan ended)

    def __init__(self, store: Store, parent: QWidget | None = None, *, drivers: list[Driver] | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.scan: Worker | None = None
        self.workers: list[Worker] = []

        self.file_radio = QRadioButton(self)
        self.token_radio = QRadioButton(self)
        kinds = QButtonGroup(self)
        kinds.addButton(self.file_radio)
        kinds.addButton(self.token_radio)
        kind_row = QHBoxLayout()
        kind_row.addWidget(self.file_radio)
        kind_row.addWidget(self.token_radio)
        kind_row.addStretch(1)

        self.pages = QStackedWidget(self)
        file_page = QWidget(self.pages)
        self.file_label = QLabel(file_page)
        self.file_path = QLineEdit(file_page)
        self.file_path.setObjectName("certificateFile")
        self.file_label.setBuddy(self.file_path)
        self.file_browse = QPushButton(file_page)
        file_row = QHBoxLayout()
        file_row.addWidget(self.file_path, 1)
        file_row.addWidget(self.file_browse)
        file_form = QFormLayout(file_page)
        file_form.setContentsMargins(0, 0, 0, 0)
        file_form.addRow(self.file_label, file_row)

        token_page = QWidget(self.pages)
        self.library_label = QLabel(token_page)
        self.library = QComboBox(token_page)
        self.library.setObjectName("tokenDriver")
        self.library_label.setBuddy(self.library)
        self.library_browse = QPushButton(token_page)
        library_row = QHBoxLayout()
        library_row.addWidget(self.library, 1)
        library_row.addWidget(self.library_browse)
        self.token_label = QLabel(token_page)
        self.token = QComboBox(token_page)
        self.token.setObjectName("tokenLabel")
        self.token_label.setBuddy(self.token)
        self.token_refresh = QPushButton(token_page)
        token_row = QHBoxLayout()
        token_row.addWidget(self.token, 1)
        token_row.addWidget(self.token_refresh)
        self.token_status = QLabel(token_page)
        self.token_status.setWordWrap(True)
        token_form = QFormLayout(token_page)
        token_form.setContentsMargins(0, 0, 0, 0)
        token_form.addRow(self.library_label, library_row)
        token_form.addRow(self.token_label, token_row)
        token_form.addRow(self.token_status)
        self.pages.addWidget(file_page)
        self.pages.addWidget(token_page)

        self.secret_label = QLabel(self)
        self.secret = QLineEdit(self)
        self.secret.setObjectName("secret")
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.secret_label.setBuddy(self.secret)
        secret_form = QFormLayout()
        secret_form.setContentsMargins(0, 0, 0, 0)
        secret_form.addRow(self.secret_label, self.secret)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(kind_row)
        layout.addWidget(self.pages)
        layout.addLayout(secret_form)

        self.file_path.setText(_setting(store, SETTING_FILE))
        saved_library = _setting(store, SETTING_LIBRARY)
        for driver in drivers if drivers is not None else known_drivers():
            self.library.addItem(f"{driver.name} — {driver.path}", driver.path)
        if saved_library:
            self._select_library(saved_library)
        self.wanted_token = _setting(store, SETTING_TOKEN)
        self.retranslate()
        token_kind = _setting(store, SETTING_KIND) == KIND_TOKEN
        (self.token_radio if token_kind else self.file_radio).setChecked(True)
        self._show_page()

        self.file_radio.toggled.connect(self._kind_changed)
        self.file_browse.clicked.connect(self.browse_file)
        self.library_browse.clicked.connect(self.browse_library)
        self.library.currentIndexChanged.connect(self._library_changed)
        self.token_refresh.clicked.connect(self.scan_tokens)
        for widget in (self.file_path, self.secret):
            widget.textChanged.connect(self.changed)
        self.token.currentIndexChanged.connect(self.changed)
        if token_kind:
            self.scan_tokens()

    def retranslate(self) -> None:
        self.file_radio.setText(_("Certificate &file (.pfx/.p12)"))
        self.token_radio.setText(_("USB &token"))
        self.file_label.setText(_("Certificate file:"))
        self.file_path.setAccessibleName(_("Certificate file"))
        self.file_browse.setText(_("Choose file…"))
        self.library_label.setText(_("Token driver:"))
        self.library.setAccessibleName(_("Token driver (PKCS#11 library)"))
        self.library_browse.setText(_("Browse…"))
        self.library_browse.setToolTip(_("Choose the PKCS#11 library (DLL) installed with the token's software"))
        self.token_label.setText(_("Token:"))
        self.token.setAccessibleName(_("Token"))
        self.token_refresh.setText(_("Look again"))
        self.token_refresh.setToolTip(_("Plug in the token, then look for it again"))
        if self.kind() == KIND_TOKEN:
            self.secret_label.setText(_("Token &PIN:"))
            self.secret.setAccessibleName(_("PIN of the token"))
        else:
            self.secret_label.setText(_("&Password of the file:"))
            self.secret.setAccessibleName(_("Password of the certificate file"))

    # -- the choice

    def kind(self) -> str:
        return KIND_TOKEN if self.token_radio.isChecked() else KIND_FILE

    def library_path(self) -> str:
        return str(self.library.currentData() or "")

    def token_choice(self) -> str:
        return self.token.currentText().strip() if self.token.currentIndex() >= 0 else ""

    def scanning(self) -> bool:
        return self.scan is not None

    def problem(self) -> str | None:
        """What is still missing before signing, in words; None when ready."""
        if self.kind() == KIND_FILE:
            path = self.file_path.text().strip()
            if not path:
                return _("Choose your certificate file (.pfx or .p12).")
            if not Path(path).is_file():
                return _("The certificate file {path} does not exist.").format(path=path)
            return None
        if not self.library_path():
            return _("Choose the driver of your token (Browse…).")
        if self.scanning():
            return _("Looking for tokens…")
        if not self.token_choice():
            return _("No token found: plug it in, then press “Look again”.")
        if not self.secret.text():
            return _("Type the PIN of the token.")
        return None

    def spec(self) -> SignerSpec:
        """The signer to hand to the export (the secret goes with it, and leaves the field)."""
        from desktop.signing.spec import P12Signer, TokenSigner

        secret = self.secret.text()
        self.secret.clear()
        if self.kind() == KIND_FILE:
            return P12Signer(Path(self.file_path.text().strip()), secret.encode("utf-8"))
        return TokenSigner(self.library_path(), self.token_choice(), secret)

    def remember(self) -> None:
        """Keep the choice (never the secret) for next time."""
        if getattr(self.store, "readonly", False):
            return
        values = {SETTING_KIND: self.kind()}
        if self.kind() == KIND_FILE:
            values[SETTING_FILE] = self.file_path.text().strip()
        else:
            values[SETTING_LIBRARY] = self.library_path()
            values[SETTING_TOKEN] = self.token_choice()
        for key, value in values.items():
            if self.store.get_setting(key) != value:
                self.store.set_setting(key, value)

    def clear_secret(self) -> None:
        self.secret.clear()

    def set_file(self, path: str | Path) -> None:
        self.file_radio.setChecked(True)
        self.file_path.setText(str(path))

    def set_library(self, path: str | Path) -> None:
        self.token_radio.setChecked(True)
        self._select_library(str(path))

    # -- reactions

    def _show_page(self) -> None:
        """Show the page of the chosen kind; the hidden one takes no room."""
        current = 1 if self.kind() == KIND_TOKEN else 0
        self.pages.setCurrentIndex(current)
        for index in range(self.pages.count()):
            policy = QSizePolicy.Policy.Preferred if index == current else QSizePolicy.Policy.Ignored
            page = self.pages.widget(index)
            if page is not None:
                page.setSizePolicy(policy, policy)
        self.pages.adjustSize()

    def _kind_changed(self) -> None:
        self._show_page()
        self.secret.clear()
        self.retranslate()
        if self.kind() == KIND_TOKEN and self.token.count() == 0 and not self.scanning():
            self.scan_tokens()
        emit(self.changed)

    def _select_library(self, path: str) -> None:
        index = self.library.findData(path)
        if index < 0:
            self.library.addItem(path, path)
            index = self.library.count() - 1
        self.library.setCurrentIndex(index)

    def _library_changed(self) -> None:
        self.token.clear()
        if self.kind() == KIND_TOKEN:
            self.scan_tokens()
        emit(self.changed)

    def browse_file(self) -> None:
        start = self.file_path.text().strip() or str(Path.home())
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Choose your certificate file"), start, _("Certificate files (*.pfx *.p12);;All files (*)"))
        if path:
            self.file_path.setText(path)

    def browse_library(self) -> None:
        start = self.library_path() or ("C:\\Windows\\System32" if Path("C:\\Windows").exists() else "/usr/lib")
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Choose the token driver"), start, _("PKCS#11 libraries (*.dll *.so *.dylib);;All files (*)"))
        if path:
            self._select_library(path)

    def scan_tokens(self) -> None:
        library = self.library_path()
        if not library or self.scanning():
            return
        self.token.clear()
        self.token_status.setText(_("Looking for tokens…"))
        worker = Worker(lambda _worker: (library, token_labels(library)))
        worker.succeeded.connect(self._scanned)
        worker.failed.connect(self._scan_failed)
        self.scan = worker
        self.workers.append(worker)
        worker.start(self)
        emit(self.changed)

    def _scanned(self, result: Any) -> None:
        library, labels = result
        self.scan = None
        if library != self.library_path():  # the user chose another driver meanwhile
            self.scan_tokens()
            return
        self.token.addItems(labels)
        if self.wanted_token in labels:
            self.token.setCurrentIndex(labels.index(self.wanted_token))
        if labels:
            self.token_status.setText(ngettext("{count} token found.", "{count} tokens found.", len(labels)).format(
                count=count_text(len(labels))))
        else:
            self.token_status.setText(_("No token found: plug it in, then press “Look again”."))
        emit(self.changed)

    def _scan_failed(self, error: BaseException) -> None:
        self.scan = None
        text = error.render() if hasattr(error, "render") else str(error)
        self.token_status.setText(text)
        emit(self.changed)

    def wait(self) -> None:
        """Let a running token scan end (before the dialog holding this goes away)."""
        for worker in self.workers:
            worker.wait()
