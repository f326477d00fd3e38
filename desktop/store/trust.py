"""Offline revocation lists and the on/off switches of the built-in trust anchors.

CRLs are kept as DER, id = SHA-256 of the DER, so the same list added twice is one entry. The
built-in roots themselves live in `resources/pki/`; the store only remembers which ones the user
switched off (an absent row means "on").
"""

from __future__ import annotations

import sqlite3

from desktop.frozen_record import FrozenRecord
from desktop.store.base import StoreBase


class CrlRecord(FrozenRecord):
    id: str  # SHA-256 of the DER, lower-case hex
    issuer: str
    this_update: str
    next_update: str | None
    revoked: int  # how many certificates it lists
    der: bytes
    added_at: str


_CRL_COLUMNS = "id, issuer, this_update, next_update, revoked, der, added_at"


class TrustStore(StoreBase):
    # -- certificate revocation lists

    def add_crl(
        self, crl_id: str, *, issuer: str, this_update: str, next_update: str | None, revoked: int, der: bytes
    ) -> bool:
        """Keep a CRL; False when the same list was kept already (nothing changes then)."""
        with self._write() as conn:
            if conn.execute("SELECT 1 FROM crls WHERE id = ?", (crl_id,)).fetchone():
                return False
            conn.execute(
                f"INSERT INTO crls ({_CRL_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (crl_id, issuer, this_update, next_update, int(revoked), sqlite3.Binary(der), self._now()),
            )
            self._audit("trust.crl_add", details={"id": crl_id, "issuer": issuer, "this_update": this_update})
        return True

    def crls(self) -> list[CrlRecord]:
        """The kept CRLs, in the order they were added."""
        rows = self._conn.execute(f"SELECT {_CRL_COLUMNS} FROM crls ORDER BY added_at, rowid")
        return [CrlRecord(row[0], row[1], row[2], row[3], row[4], bytes(row[5]), row[6]) for row in rows]

    # -- built-in trust anchors switched off by the user

    def disabled_builtin_roots(self) -> set[str]:
        rows = self._conn.execute("SELECT id FROM builtin_roots_disabled")
        return {str(row[0]) for row in rows}

    def set_builtin_root_enabled(self, root_id: str, enabled: bool, *, subject: str = "") -> bool:
        """Switch a built-in anchor on or off; False when it already was in that state."""
        with self._write() as conn:
            present = conn.execute("SELECT 1 FROM builtin_roots_disabled WHERE id = ?", (root_id,)).fetchone()
            if enabled == (present is None):
                return False
            if enabled:
                conn.execute("DELETE FROM builtin_roots_disabled WHERE id = ?", (root_id,))
            else:
                conn.execute(
                    "INSERT INTO builtin_roots_disabled (id, disabled_at) VALUES (?, ?)", (root_id, self._now())
                )
            self._audit("trust.builtin_enable" if enabled else "trust.builtin_disable",
                        details={"id": root_id, "subject": subject})
        return True
