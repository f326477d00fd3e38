# mypy: disable-error-code="attr-defined,arg-type"
# (MailMixin is mixed into InboxPage, which provides store, worker, message, _start, _update, import_paths.)
"""E-mail on the Inbox screen: what a drop may carry (package, .eml and .msg files, folders, a
message dragged straight out of Outlook), the IMAP settings dialog and the fetch job.

Outlook gives a dragged message as a "virtual file" (FileGroupDescriptorW names it, FileContents
holds the .msg bytes; Qt exposes the first file's contents), not as a path: it is written to a
private temporary folder, imported like a saved .msg and removed afterwards. When Outlook hands
the contents over in a form Qt cannot read (an IStorage), the user is told to save it first.
"""

from __future__ import annotations

import shutil
import struct
import tempfile
from dataclasses import replace
from functools import partial
from pathlib import Path

from PySide6.QtCore import QMimeData
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from desktop.i18n import N_, LocalizedError, _
from desktop.inbox.imap import SECURITIES, FetchResult, ImapConfig, fetch_configured, get_password, set_password
from desktop.inbox.importer import IMPORT_SUFFIXES
from desktop.inbox.mailfile import MAX_MAIL_SIZE, safe_name
from desktop.store import Store
from desktop.ui.export.worker import Worker

OUTLOOK_NAMES = 'application/x-qt-windows-mime;value="FileGroupDescriptorW"'
OUTLOOK_CONTENTS = 'application/x-qt-windows-mime;value="FileContents"'
_DESCRIPTOR = 592  # one FILEDESCRIPTORW
_NAME_AT, _NAME_SIZE = 72, 520


def _local_paths(mime: QMimeData) -> list[str]:
    paths = []
    for url in mime.urls() if mime.hasUrls() else []:
        if url.isLocalFile():
            path = Path(url.toLocalFile())
            if path.is_dir() or path.suffix.lower() in IMPORT_SUFFIXES:
                paths.append(str(path))
    return paths


def outlook_names(mime: QMimeData) -> list[str]:
    """The file names of the virtual files Outlook offers (FILEGROUPDESCRIPTORW)."""
    if not mime.hasFormat(OUTLOOK_NAMES):
        return []
    raw = bytes(mime.data(OUTLOOK_NAMES).data())
    if len(raw) < 4:
        return []
    (count,) = struct.unpack_from("<I", raw)
    names = []
    for index in range(min(count, (len(raw) - 4) // _DESCRIPTOR)):
        start = 4 + index * _DESCRIPTOR + _NAME_AT
        name = raw[start:start + _NAME_SIZE].decode("utf-16-le", "replace").split("\0", 1)[0]
        names.append(name)
    return names


def accepts(mime: QMimeData) -> bool:
    """Whether a drag carries something the Inbox imports."""
    names = outlook_names(mime)
    if names and names[0].lower().endswith(IMPORT_SUFFIXES):
        return True
    return bool(_local_paths(mime))


def dropped(mime: QMimeData) -> tuple[list[str], Path | None, int]:
    """The paths to import, the temporary folder holding a message dragged out of Outlook (to be
    removed after the import) and how many further Outlook messages could not be taken."""
    paths = _local_paths(mime)
    names = outlook_names(mime)
    if paths or not names or not mime.hasFormat(OUTLOOK_CONTENTS):
        return paths, None, 0
    data = bytes(mime.data(OUTLOOK_CONTENTS).data())[: MAX_MAIL_SIZE + 1]
    name = safe_name(names[0])
    if not data or not name.lower().endswith(IMPORT_SUFFIXES):
        return [], None, 0
    folder = Path(tempfile.mkdtemp(prefix="ct20-outlook-"))
    (folder / name).write_bytes(data)
    return [str(folder / name)], folder, len(names) - 1


def remove_folder(folder: Path | None) -> None:
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)


def run_fetch(store_path: Path, worker: Worker) -> FetchResult:
    worker.report(0.0, _("Connecting to the mail server…"))
    with Store.open(store_path) as store:
        return fetch_configured(store, progress=lambda f, m: worker.report(f, m.render()), cancel=worker.cancelled)


SECURITY_TEXT = {"imaps": N_("IMAPS (TLS, port 993)"), "starttls": N_("STARTTLS (port 143)"),
                 "none": N_("None: only a server on this computer")}


class MailSettingsDialog(QDialog):
    """Reading the Ministry's IMAP folder: off by default; the password goes to the credential store."""

    def __init__(self, store, parent: QWidget | None = None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.setObjectName("mailSettings")
        self.setWindowTitle(_("E-mail settings"))
        self.store = store
        config = ImapConfig.load(store)
        self.enabled = QCheckBox(_("Read new messages from the mail server"), self)
        self.enabled.setObjectName("mailEnabled")
        self.enabled.setChecked(config.enabled)
        self.host = QLineEdit(config.host, self)
        self.host.setObjectName("mailHost")
        self.security = QComboBox(self)
        self.security.setObjectName("mailSecurity")
        for value in SECURITIES:
            self.security.addItem(_(SECURITY_TEXT[value]), value)
        self.security.setCurrentIndex(max(0, self.security.findData(config.security)))
        self.port = QSpinBox(self)
        self.port.setObjectName("mailPort")
        self.port.setRange(0, 65535)
        self.port.setSpecialValueText(_("usual"))
        self.port.setValue(config.port)
        self.user = QLineEdit(config.user, self)
        self.user.setObjectName("mailUser")
        self.password = QLineEdit(self)
        self.password.setObjectName("mailPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        kept = bool(config.host and config.user and get_password(config))
        self.password.setPlaceholderText(_("kept in this computer's credential store") if kept else "")
        self.folder = QLineEdit(config.folder, self)
        self.folder.setObjectName("mailFolder")
        self.ca_file = QLineEdit(config.ca_file or "", self)
        self.ca_file.setObjectName("mailCaFile")
        self.ca_file.setPlaceholderText(_("the system's trusted certificates"))
        self.error = QLabel(self)
        self.error.setObjectName("mailError")
        self.error.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.enabled)
        for label, widget in ((N_("IMAP server"), self.host), (N_("Security"), self.security), (N_("Port"), self.port),
                              (N_("User name"), self.user), (N_("Password"), self.password),
                              (N_("Folder"), self.folder), (N_("CA certificate file"), self.ca_file)):
            form.addRow(_(label), widget)
        form.addRow(self.error)
        form.addRow(buttons)

    def config(self) -> ImapConfig:
        return replace(ImapConfig(), enabled=self.enabled.isChecked(), host=self.host.text().strip(),
                       port=self.port.value(), security=self.security.currentData(), user=self.user.text().strip(),
                       folder=self.folder.text().strip() or "INBOX", ca_file=self.ca_file.text().strip() or None)

    def save(self) -> None:
        config = self.config()
        problem = config.problem() if config.enabled else None
        if problem is not None:
            self.error.setText(problem.render())
            return
        try:
            if self.password.text():
                set_password(config, self.password.text())
            config.save(self.store)
        except LocalizedError as exc:
            self.error.setText(exc.render())
            return
        self.accept()


class MailMixin:
    """The Inbox page's e-mail side: the Fetch button's job, the settings dialog, drag and drop.
    Mixed into `InboxPage` (its store, worker, message line, `import_paths`, `_start`, `_imported`)."""

    def fetch_mail(self) -> None:
        if self.worker is None and self.fetch_button.isEnabled():
            worker = Worker(partial(run_fetch, Path(self.store.path)))
            worker.succeeded.connect(self._imported)
            self._start(worker, _("Fetching e-mail"))

    def mail_settings(self):  # type: ignore[no-untyped-def]
        dialog = MailSettingsDialog(self.store, self)
        dialog.accepted.connect(self._update)
        dialog.finished.connect(dialog.deleteLater)
        self.mail_settings_dialog: MailSettingsDialog | None = dialog
        dialog.open()
        return dialog

    def dragEnterEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if self.worker is None and accepts(event.mimeData()):  # packages, .eml, .msg, folders, Outlook
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if self.worker is not None:
            event.ignore()
            return
        paths, folder, left = dropped(event.mimeData())
        if not paths:
            if outlook_names(event.mimeData()):  # Outlook named a message but gave no bytes Qt can read
                self.message.setText(_("Outlook did not hand over the message: drag it to a folder first, then "
                                       "drop the saved .msg file here."))
            event.ignore()
            return
        event.acceptProposedAction()
        self.dropped_folder = folder
        self.import_paths(paths)
        if left:
            self.message.setText(_("Only the first of the {count} messages dragged from Outlook is imported: drag "
                                   "them one at a time, or save them as files first.").format(count=left + 1))
