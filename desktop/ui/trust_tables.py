"""The two tables of the trust screen (desktop/ui/trust_page.py): the trusted roots and
intermediates, and the kept revocation lists, filled from desktop.package.roots and
desktop.package.revocation."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem, QWidget

from desktop.i18n import N_, _

ID_ROLE = Qt.ItemDataRole.UserRole + 1
ROOT_COLUMNS = (N_("Certificate"), N_("Kind"), N_("Valid until"), N_("Trusted"), N_("SHA-256 fingerprint"))
CRL_COLUMNS = (N_("Issuer"), N_("Issued"), N_("Next update"), N_("Revoked certificates"))


def short_name(subject: str) -> str:
    """The common name of an RFC 4514 subject (else the organisation, else the whole subject)."""
    from desktop.signing.signers import subject_name  # loads pyHanko: only once the dialog is filled

    return subject_name(subject)


def _crl_issuer_name(issuer: str) -> str:
    """The common name of an issuer as asn1crypto spells it ("Common Name: X, Organization: Y")."""
    for part in issuer.split(", "):
        if part.startswith("Common Name: "):
            return part.removeprefix("Common Name: ")
    return issuer


def _date(text: str | None) -> str:
    from desktop.signing.signers import vn_time
    if not text:
        return "-"
    try:
        return vn_time(dt.datetime.fromisoformat(text))[:10]
    except ValueError:
        return text


def _item(text: str, tip: str = "") -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    item.setToolTip(tip or text)
    return item


def make_table(parent: QWidget, name: str, columns: tuple[str, ...]) -> QTableWidget:
    table = QTableWidget(0, len(columns), parent)
    table.setObjectName(name)
    table.setHorizontalHeaderLabels([_(c) for c in columns])
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    for column in range(1, len(columns)):
        table.horizontalHeader().setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
    return table


def fill_roots(table: QTableWidget, store) -> None:  # type: ignore[no-untyped-def]
    """The roots and intermediates this computer trusts, built-in ones switchable."""
    from desktop.package import roots
    listed = roots.list_trust_roots(store, intermediates=True)
    table.blockSignals(True)
    table.setRowCount(len(listed))
    for row, root in enumerate(listed):
        if root.kind == "intermediate":
            kind = _("built-in intermediate")
            trusted = (_("under {root}").format(root=short_name(root.validated_by)) if root.validated_by
                       else _("no trusted root validates it"))
        elif root.builtin:
            kind, trusted = _("built-in root"), ""
        else:
            kind, trusted = _("added by you"), _("yes")
        name = _item(short_name(root.subject), root.subject)
        name.setData(ID_ROLE, (root.id, root.builtin, root.kind))
        table.setItem(row, 0, name)
        table.setItem(row, 1, _item(kind))
        table.setItem(row, 2, _item(_date(root.not_after)))
        switch = _item(trusted)
        if root.builtin and root.kind == "root":
            switch = QTableWidgetItem(_("yes") if root.enabled else _("no, switched off"))
            flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
            if not store.readonly:
                flags |= Qt.ItemFlag.ItemIsUserCheckable
            switch.setFlags(flags)
            switch.setCheckState(Qt.CheckState.Checked if root.enabled else Qt.CheckState.Unchecked)
            switch.setToolTip(_("Tick to trust this built-in root, untick to switch it off"))
        table.setItem(row, 3, switch)
        table.setItem(row, 4, _item(" ".join(root.id[i:i + 8] for i in range(0, 24, 8)) + " …", root.id))
    table.blockSignals(False)


def fill_crls(table: QTableWidget, store) -> None:  # type: ignore[no-untyped-def]
    """The kept revocation lists, an out-of-date one marked."""
    from desktop.package import revocation
    kept = revocation.list_crls(store)
    table.setRowCount(len(kept))
    for row, crl in enumerate(kept):
        issuer = _item(_crl_issuer_name(crl.issuer), crl.issuer)
        issuer.setData(ID_ROLE, crl.id)
        table.setItem(row, 0, issuer)
        table.setItem(row, 1, _item(_date(crl.this_update)))
        next_update = _item(_date(crl.next_update))
        if crl.next_update and dt.datetime.fromisoformat(crl.next_update) < dt.datetime.now(dt.UTC):
            next_update.setText(_("{date} (out of date: no longer used)").format(date=_date(crl.next_update)))
            next_update.setForeground(QColor("#c62828"))
        table.setItem(row, 2, next_update)
        table.setItem(row, 3, _item(str(crl.revoked)))
