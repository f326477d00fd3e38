"""Pinned signers, trusted roots, CRLs and switched-off built-in roots on the shared Inbox server:
added once for the whole team (the same contracts as the SQLite store's)."""

from __future__ import annotations

from typing import Any

from desktop.store.errors import TrustRootNotFoundError
from desktop.store.packages import _ROOT_COLUMNS
from desktop.store.pg.base import PgBase
from desktop.store.records import SignerPinRecord, TrustRootRecord
from desktop.store.reports import MIN_PREFIX
from desktop.store.signer_pins import _FINGERPRINT, _PIN_COLUMNS, PIN_SOURCES, SignerPinNotFoundError, _pin
from desktop.store.trust import _CRL_COLUMNS, CrlRecord


class PgTrust(PgBase):
    # -- pinned signers

    def pin_signer(self, *, org_id: str, fingerprint: str, subject: str, certificate: bytes, reason: str,
                   by_login: str = "", by_name: str = "", source: str = "decision", inbox_id: int | None = None,
                   since: str | None = None) -> tuple[SignerPinRecord, bool]:
        if not _FINGERPRINT.match(fingerprint):
            raise ValueError("a fingerprint is 64 lower-case hex digits")
        if source not in PIN_SOURCES:
            raise ValueError(f"unknown pin source {source!r}")
        if not org_id or not reason.strip():
            raise ValueError("a pin needs an organisation and a reason")

        def work() -> tuple[SignerPinRecord, bool]:
            now = since or self._now()
            row = self._q(
                "INSERT INTO signer_pins (org_id, fingerprint, subject, certificate, since, by_login, by_name, reason,"
                " source, inbox_id) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"
                " ON CONFLICT (org_id, fingerprint) DO NOTHING RETURNING id",
                (org_id, fingerprint, subject, certificate, now, by_login, by_name, reason.strip(), source, inbox_id),
            ).fetchone()
            if row is None:
                kept = self._one(f"SELECT {_PIN_COLUMNS} FROM signer_pins WHERE org_id = %s AND fingerprint = %s",
                                 (org_id, fingerprint))
                return _pin(kept), False
            self._audit("signer.pin", at=now, inbox_id=inbox_id, details={
                "pin_id": row[0], "org": org_id, "fingerprint": fingerprint, "subject": subject,
                "reason": reason.strip(), "by": {"login": by_login, "name": by_name}, "source": source,
                "inbox_id": inbox_id})
            kept = self._one(f"SELECT {_PIN_COLUMNS} FROM signer_pins WHERE id = %s", (row[0],))
            return _pin(kept), True

        return self._tx(work)

    def list_signer_pins(self, *, org_id: str | None = None) -> list[SignerPinRecord]:
        sql = f"SELECT {_PIN_COLUMNS} FROM signer_pins"
        params: list[Any] = []
        if org_id is not None:
            sql += " WHERE org_id = %s"
            params.append(org_id)
        return [_pin(row) for row in self._q(sql + " ORDER BY id", params)]

    def pinned_signers(self) -> set[tuple[str, str]]:
        return {(row[0], row[1]) for row in self._q("SELECT org_id, fingerprint FROM signer_pins")}

    def get_signer_pin(self, pin_id: int | str) -> SignerPinRecord:
        try:
            number = int(str(pin_id).strip().lstrip("#"))
        except ValueError:
            raise SignerPinNotFoundError(pin_id) from None
        row = None
        if -(2**63) <= number < 2**63:
            row = self._q(f"SELECT {_PIN_COLUMNS} FROM signer_pins WHERE id = %s", (number,)).fetchone()
        if row is None:
            raise SignerPinNotFoundError(pin_id)
        return _pin(row)

    def signer_pin_certificate(self, pin_id: int) -> bytes:
        row = self._q("SELECT certificate FROM signer_pins WHERE id = %s", (pin_id,)).fetchone()
        if row is None:
            raise SignerPinNotFoundError(pin_id)
        return bytes(row[0])

    def unpin_signer(self, pin_id: int | str, *, by_login: str = "", by_name: str = "") -> SignerPinRecord:
        pin = self.get_signer_pin(pin_id)

        def work() -> None:
            if self._q("DELETE FROM signer_pins WHERE id = %s RETURNING id", (pin.id,)).fetchone() is None:
                raise SignerPinNotFoundError(pin_id)
            self._audit("signer.unpin", details={
                "pin_id": pin.id, "org": pin.org_id, "fingerprint": pin.fingerprint, "subject": pin.subject,
                "reason": pin.reason, "by": {"login": by_login, "name": by_name}})

        self._tx(work)
        return pin

    # -- trusted roots

    def add_trust_root(self, root_id: str, *, subject: str, not_after: str, pem: str,
                       added_at: str | None = None) -> bool:
        def work() -> bool:
            row = self._q(f"INSERT INTO trust_roots ({_ROOT_COLUMNS}) VALUES (%s, %s, %s, %s, %s)"
                          " ON CONFLICT (id) DO NOTHING RETURNING id",
                          (root_id, subject, not_after, pem, added_at or self._now())).fetchone()
            if row is not None:
                self._audit("trust.add", details={"id": root_id, "subject": subject})
            return row is not None

        return self._tx(work)

    def trust_roots(self) -> list[TrustRootRecord]:
        rows = self._q(f"SELECT {_ROOT_COLUMNS} FROM trust_roots ORDER BY added_at, seq")
        return [TrustRootRecord(*row) for row in rows]

    def remove_trust_root(self, root_id: str) -> TrustRootRecord:
        wanted = str(root_id).strip().lower()

        def work() -> TrustRootRecord:
            rows = []
            if len(wanted) >= MIN_PREFIX:
                rows = self._q(f"SELECT {_ROOT_COLUMNS} FROM trust_roots WHERE substr(id, 1, %s) = %s FOR UPDATE",
                               (len(wanted), wanted)).fetchall()
            if len(rows) != 1:
                raise TrustRootNotFoundError(root_id, len(rows))
            record = TrustRootRecord(*rows[0])
            self._q("DELETE FROM trust_roots WHERE id = %s", (record.id,))
            self._audit("trust.remove", details={"id": record.id, "subject": record.subject})
            return record

        return self._tx(work)

    # -- revocation lists and built-in roots switched off

    def add_crl(self, crl_id: str, *, issuer: str, this_update: str, next_update: str | None, revoked: int,
                der: bytes, added_at: str | None = None) -> bool:
        def work() -> bool:
            row = self._q(f"INSERT INTO crls ({_CRL_COLUMNS}) VALUES (%s, %s, %s, %s, %s, %s, %s)"
                          " ON CONFLICT (id) DO NOTHING RETURNING id",
                          (crl_id, issuer, this_update, next_update, int(revoked), der,
                           added_at or self._now())).fetchone()
            if row is not None:
                self._audit("trust.crl_add", details={"id": crl_id, "issuer": issuer, "this_update": this_update})
            return row is not None

        return self._tx(work)

    def crls(self) -> list[CrlRecord]:
        rows = self._q(f"SELECT {_CRL_COLUMNS} FROM crls ORDER BY added_at, seq")
        return [CrlRecord(r[0], r[1], r[2], r[3], r[4], bytes(r[5]), r[6]) for r in rows]

    def disabled_builtin_roots(self) -> set[str]:
        return {str(row[0]) for row in self._q("SELECT id FROM builtin_roots_disabled")}

    def set_builtin_root_enabled(self, root_id: str, enabled: bool, *, subject: str = "",
                                 at: str | None = None) -> bool:
        def work() -> bool:
            if enabled:
                changed = self._q("DELETE FROM builtin_roots_disabled WHERE id = %s RETURNING id",
                                  (root_id,)).fetchone()
            else:
                changed = self._q("INSERT INTO builtin_roots_disabled (id, disabled_at) VALUES (%s, %s)"
                                  " ON CONFLICT (id) DO NOTHING RETURNING id", (root_id, at or self._now())).fetchone()
            if changed is not None:
                self._audit("trust.builtin_enable" if enabled else "trust.builtin_disable",
                            details={"id": root_id, "subject": subject})
            return changed is not None

        return self._tx(work)
