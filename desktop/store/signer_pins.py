"""Signers pinned for an organisation (schema 5): the consolidator's record of who may sign for whom.

The store keeps what it is given; deciding whether a certificate is authorised is the job of
`desktop.package.authorization`, recording a decision with who and why that of `desktop.inbox`.
"""

from __future__ import annotations

import re
import sqlite3
from typing import Any

from desktop.i18n import N_, Message
from desktop.store.errors import StoreError
from desktop.store.packages import PackageStore
from desktop.store.records import SignerPinRecord

_PIN_COLUMNS = "id, org_id, fingerprint, subject, since, by_login, by_name, reason, source, inbox_id"
PIN_SOURCES = ("decision", "imported")
_FINGERPRINT = re.compile(r"^[0-9a-f]{64}$")


class SignerPinNotFoundError(StoreError):
    def __init__(self, pin_id: object) -> None:
        super().__init__(Message(N_("There is no pinned signer {id}."), id=str(pin_id)))
        self.pin_id = pin_id


def _pin(row: tuple[Any, ...]) -> SignerPinRecord:
    return SignerPinRecord(id=row[0], org_id=row[1], fingerprint=row[2], subject=row[3], since=row[4],
                           by_login=row[5], by_name=row[6], reason=row[7], source=row[8], inbox_id=row[9])


class SignerPinStore(PackageStore):
    def pin_signer(
        self,
        *,
        org_id: str,
        fingerprint: str,
        subject: str,
        certificate: bytes,
        reason: str,
        by_login: str = "",
        by_name: str = "",
        source: str = "decision",
        inbox_id: int | None = None,
    ) -> tuple[SignerPinRecord, bool]:
        """Authorise a certificate (DER) for an organisation: (the pin, True) when new, (the one kept,
        False) when it was pinned for that organisation before (nothing changes then)."""
        if not _FINGERPRINT.match(fingerprint):
            raise ValueError("a fingerprint is 64 lower-case hex digits")
        if source not in PIN_SOURCES:
            raise ValueError(f"unknown pin source {source!r}")
        if not org_id or not reason.strip():
            raise ValueError("a pin needs an organisation and a reason")
        with self._write() as conn:
            row = conn.execute(f"SELECT {_PIN_COLUMNS} FROM signer_pins WHERE org_id = ? AND fingerprint = ?",
                               (org_id, fingerprint)).fetchone()
            if row is not None:
                return _pin(row), False
            now = self._now()
            cursor = conn.execute(
                "INSERT INTO signer_pins (org_id, fingerprint, subject, certificate, since, by_login, by_name,"
                " reason, source, inbox_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (org_id, fingerprint, subject, sqlite3.Binary(certificate), now, by_login, by_name, reason.strip(),
                 source, inbox_id),
            )
            self._audit("signer.pin", at=now, details={
                "pin_id": cursor.lastrowid, "org": org_id, "fingerprint": fingerprint, "subject": subject,
                "reason": reason.strip(), "by": {"login": by_login, "name": by_name}, "source": source,
                "inbox_id": inbox_id,
            })
            row = conn.execute(f"SELECT {_PIN_COLUMNS} FROM signer_pins WHERE id = ?", (cursor.lastrowid,)).fetchone()
        return _pin(row), True

    def list_signer_pins(self, *, org_id: str | None = None) -> list[SignerPinRecord]:
        """Pinned signers, oldest first (of one organisation when `org_id` is given)."""
        sql = f"SELECT {_PIN_COLUMNS} FROM signer_pins"
        params: list[Any] = []
        if org_id is not None:
            sql += " WHERE org_id = ?"
            params.append(org_id)
        return [_pin(row) for row in self._conn.execute(sql + " ORDER BY id", params)]

    def pinned_signers(self) -> set[tuple[str, str]]:
        """Every (organisation id, certificate fingerprint) pair pinned: what verification needs."""
        return {(row[0], row[1]) for row in self._conn.execute("SELECT org_id, fingerprint FROM signer_pins")}

    def get_signer_pin(self, pin_id: int | str) -> SignerPinRecord:
        try:
            number = int(str(pin_id).strip().lstrip("#"))
        except ValueError:
            raise SignerPinNotFoundError(pin_id) from None
        row = self._conn.execute(f"SELECT {_PIN_COLUMNS} FROM signer_pins WHERE id = ?", (number,)).fetchone()
        if row is None:
            raise SignerPinNotFoundError(pin_id)
        return _pin(row)

    def signer_pin_certificate(self, pin_id: int) -> bytes:
        row = self._conn.execute("SELECT certificate FROM signer_pins WHERE id = ?", (pin_id,)).fetchone()
        if row is None:
            raise SignerPinNotFoundError(pin_id)
        return bytes(row[0])

    def unpin_signer(self, pin_id: int | str, *, by_login: str = "", by_name: str = "") -> SignerPinRecord:
        """Withdraw an authorisation; the audit log keeps what it was and who withdrew it."""
        pin = self.get_signer_pin(pin_id)
        with self._write() as conn:
            deleted = conn.execute("DELETE FROM signer_pins WHERE id = ?", (pin.id,)).rowcount
            if not deleted:
                raise SignerPinNotFoundError(pin_id)
            self._audit("signer.unpin", details={
                "pin_id": pin.id, "org": pin.org_id, "fingerprint": pin.fingerprint, "subject": pin.subject,
                "reason": pin.reason, "by": {"login": by_login, "name": by_name},
            })
        return pin
