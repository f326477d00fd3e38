"""The trust screen ("Chứng thư tin cậy…", Tools menu): what this computer trusts when it checks a
signature (package.md, Verification step 2 and 3).

Lists the built-in Vietnamese roots and intermediates (marked built-in; each root can be switched
off) and the roots the user added (which can be removed); adds a root from a file; lists the kept
revocation lists (CRLs) and adds one from a file; and holds the setting for online revocation
checks (off by default). Everything goes through the Qt-free functions of desktop.package.roots
and desktop.package.revocation, the same ones `ct20 trust …` uses.

The tables are filled by desktop/ui/trust_tables.py. Files are chosen in a QFileDialog owned by
the dialog (`file_dialog`, opened window-modal), so a test picks a file the way a user does.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import N_, LocalizedError, _, count_text, ngettext
from desktop.ui.trust_tables import CRL_COLUMNS, ID_ROLE, ROOT_COLUMNS, fill_crls, fill_roots, make_table, short_name

if TYPE_CHECKING:  # imported where used: they load pyHanko, which the window's start does not need
    from desktop.package import revocation, roots

ERROR_STYLE = "color: #c62828;"
CERT_FILTER = N_("Certificates (*.cer *.crt *.pem *.der);;All files (*)")
CRL_FILTER = N_("Revocation lists (*.crl *.pem *.der);;All files (*)")


class TrustDialog(QDialog):
    def __init__(self, store, parent: QWidget | None = None) -> None:  # type: ignore[no-untyped-def]
        from desktop.package import revocation

        super().__init__(parent)
        self.setObjectName("trustDialog")
        self.setWindowTitle(_("Trusted certificates"))
        self.store = store
        writable = not store.readonly
        self.file_dialog: QFileDialog | None = None

        intro = QLabel(_("A signature counts as trusted when its certificate leads to one of these root "
                         "certificates. The Vietnamese roots are built in; switch one off only if you have a "
                         "reason to distrust it."), self)
        intro.setWordWrap(True)
        self.roots_table = make_table(self, "rootsTable", ROOT_COLUMNS)
        self.roots_table.itemChanged.connect(self._root_switched)
        self.roots_table.itemSelectionChanged.connect(self._update)
        self.add_root_button = self._button("addRoot", _("Add a root certificate…"), self.choose_root_file)
        self.remove_root_button = self._button("removeRoot", _("Remove the added root"), self.remove_selected_root)
        roots_buttons = QHBoxLayout()
        roots_buttons.addWidget(self.add_root_button)
        roots_buttons.addWidget(self.remove_root_button)
        roots_buttons.addStretch(1)
        roots_box = QGroupBox(_("Root and intermediate certificates"), self)
        roots_layout = QVBoxLayout(roots_box)
        roots_layout.addWidget(intro)
        roots_layout.addWidget(self.roots_table)
        roots_layout.addLayout(roots_buttons)

        self.crl_table = make_table(self, "crlTable", CRL_COLUMNS)
        self.add_crl_button = self._button("addCrl", _("Add a revocation list (CRL)…"), self.choose_crl_file)
        crl_buttons = QHBoxLayout()
        crl_buttons.addWidget(self.add_crl_button)
        crl_buttons.addStretch(1)
        crl_intro = QLabel(_("Revocation lists kept on this computer say which certificates their authority "
                             "revoked; a signature by a revoked certificate is refused."), self)
        crl_intro.setWordWrap(True)
        self.online = QCheckBox(_("Check revocation online"), self)
        self.online.setObjectName("onlineRevocation")
        self.online.setChecked(revocation.online_checks_enabled(store))
        self.online.toggled.connect(self._online_switched)
        online_note = QLabel(_("When this is on, checking a signature contacts the certificate authority's "
                               "servers over the Internet (CRL and OCSP addresses in the certificate). Off, only "
                               "the lists kept here and those carried in the signature are used."), self)
        online_note.setObjectName("onlineNote")
        online_note.setWordWrap(True)
        crl_box = QGroupBox(_("Revocation"), self)
        crl_layout = QVBoxLayout(crl_box)
        crl_layout.addWidget(crl_intro)
        crl_layout.addWidget(self.crl_table)
        crl_layout.addLayout(crl_buttons)
        crl_layout.addWidget(self.online)
        crl_layout.addWidget(online_note)

        self.message = QLabel(self)
        self.message.setObjectName("trustMessage")
        self.message.setWordWrap(True)
        self.message.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        self.crl_table.setMaximumHeight(140)
        layout.addWidget(roots_box, 1)
        layout.addWidget(crl_box, 0)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        for widget in (self.add_root_button, self.add_crl_button, self.online):
            widget.setEnabled(writable)
        self.resize(1000, 680)
        self.refresh()

    def _button(self, name: str, text: str, slot: Callable[[], object]) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.clicked.connect(lambda _checked=False: slot())
        return button

    # -- what is shown

    def refresh(self) -> None:
        self._fill_roots()
        self._fill_crls()
        self._update()

    def _fill_roots(self) -> None:
        fill_roots(self.roots_table, self.store)

    def _fill_crls(self) -> None:
        fill_crls(self.crl_table, self.store)

    def _selected_root(self) -> tuple[str, bool, str] | None:
        rows = self.roots_table.selectionModel().selectedRows()
        if not rows:
            return None
        item = self.roots_table.item(rows[0].row(), 0)
        return item.data(ID_ROLE) if item is not None else None

    def _update(self) -> None:
        selected = self._selected_root()
        self.remove_root_button.setEnabled(not self.store.readonly and selected is not None and not selected[1])

    def _say(self, text: str, *, error: bool = False) -> None:
        self.message.setStyleSheet(ERROR_STYLE if error else "")
        self.message.setText(text)
        self.message.show()

    def row_of(self, root_id: str) -> int:
        """The row showing the certificate `root_id` (-1 when it is not listed)."""
        for row in range(self.roots_table.rowCount()):
            item = self.roots_table.item(row, 0)
            if item is not None and item.data(ID_ROLE)[0] == root_id:
                return row
        return -1

    # -- changes

    def _root_switched(self, item: QTableWidgetItem) -> None:
        from desktop.package import roots
        if item.column() != 3:
            return
        name = self.roots_table.item(item.row(), 0)
        if name is None:
            return
        data = name.data(ID_ROLE)
        enabled = item.checkState() == Qt.CheckState.Checked
        try:
            switched = roots.set_builtin_root_enabled(self.store, data[0], enabled)
        except LocalizedError as exc:  # also a busy store (StoreError)
            self._say(exc.render(), error=True)
        else:
            template = _("Built-in root switched on: {subject}") if enabled else _(
                "Built-in root switched off: {subject}")
            self._say(template.format(subject=short_name(switched.subject)))
        self.refresh()

    def _open_file_dialog(self, title: str, filters: str, done: Callable[[str], object]) -> QFileDialog:
        dialog = QFileDialog(self, title)
        dialog.setObjectName("trustFileDialog")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setNameFilter(filters)
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        dialog.fileSelected.connect(done)
        self.file_dialog = dialog
        dialog.open()
        return dialog

    def choose_root_file(self) -> QFileDialog:
        return self._open_file_dialog(_("Add a root certificate"), _(CERT_FILTER), self.add_root_file)

    def choose_crl_file(self) -> QFileDialog:
        return self._open_file_dialog(_("Add a revocation list (CRL)"), _(CRL_FILTER), self.add_crl_file)

    def _read(self, path: str, limit: int, explain: Callable[[str], object]) -> bytes | None:
        """The file's bytes, or None once the reason is said (unreadable; larger than `limit`,
        when `explain` raises the plain "not a certificate / CRL" message)."""
        from desktop.package.smallfile import read_at_most
        try:
            with open(path, "rb") as handle:
                data = read_at_most(handle, limit)
            if data is None:
                explain(path)
        except OSError as exc:
            self._say(_("Cannot read the file {file}: {reason}").format(file=path, reason=exc.strerror or str(exc)),
                      error=True)
            return None
        except LocalizedError as exc:
            self._say(exc.render(), error=True)
            return None
        return data

    def add_root_file(self, path: str) -> list[roots.TrustRoot]:
        from desktop.package import roots
        data = self._read(path, roots.MAX_CERTIFICATE_FILE, roots.read_certificates)
        if data is None:
            return []
        try:
            added = roots.add_trust_root(self.store, data, source=path)
        except LocalizedError as exc:
            self._say(exc.render(), error=True)
            return []
        self.refresh()
        lines = [(_("Now trusted: {subject}") if root.added else _("Already trusted: {subject}")).format(
            subject=short_name(root.subject)) for root in added]
        self._say("\n".join(lines))
        if added:
            row = self.row_of(added[0].id)
            self.roots_table.selectRow(row)
            shown = self.roots_table.item(row, 0)
            if shown is not None:
                self.roots_table.scrollToItem(shown)
        return added

    def remove_selected_root(self) -> None:
        from desktop.package import roots
        selected = self._selected_root()
        if selected is None or selected[1]:
            return
        try:
            removed = roots.remove_trust_root(self.store, selected[0])
        except LocalizedError as exc:
            self._say(exc.render(), error=True)
            return
        self.refresh()
        self._say(_("No longer trusted: {subject}").format(subject=short_name(removed.subject)))

    def add_crl_file(self, path: str) -> list[revocation.CrlInfo]:
        from desktop.package import revocation
        data = self._read(path, revocation.MAX_CRL_FILE, lambda name: revocation.read_crl_files([name]))
        if data is None:
            return []
        try:
            kept = revocation.add_crl(self.store, data, source=path)
        except LocalizedError as exc:
            self._say(exc.render(), error=True)
            return []
        self.refresh()
        self._say("\n".join((ngettext("Revocation list kept: {issuer}, {count} revoked certificate",
                                       "Revocation list kept: {issuer}, {count} revoked certificates", crl.revoked)
                              if crl.added else _("This revocation list is kept already: {issuer}")).format(
            issuer=crl.issuer, count=count_text(crl.revoked)) for crl in kept))
        return kept

    def _online_switched(self, on: bool) -> None:
        from desktop.package import revocation
        try:
            self.store.set_setting(revocation.ONLINE_SETTING, bool(on))
        except LocalizedError as exc:  # a read-only or busy store (StoreError): say so, show the real state
            self._say(exc.render(), error=True)
            self.online.blockSignals(True)
            self.online.setChecked(revocation.online_checks_enabled(self.store))
            self.online.blockSignals(False)
            return
        self._say(_("Online revocation checks are on.") if on else _("Online revocation checks are off."))
