"""`Store`: the one SQLite file holding a user's reports, profile, settings and audit log."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from desktop.store import codec, migrations
from desktop.store.base import StoreBase
from desktop.store.clock import Clock
from desktop.store.connection import REGISTRY
from desktop.store.deliveries import DeliveryStore
from desktop.store.errors import DuplicateError
from desktop.store.files import copy_database, open_connection
from desktop.store.inbox import InboxStore
from desktop.store.requests import RequestStore
from desktop.store.trust import TrustStore

PROFILE_ROW = 1


class Store(InboxStore, TrustStore, RequestStore, DeliveryStore):
    """Open with `Store.open(path)`; use as a context manager or call `close()`.

    Every write is one short SQLite transaction. Any thread may open the store: every Store of
    one file in a process shares the process's one connection (desktop.store.connection).
    """

    @classmethod
    def open(
        cls,
        path: str | Path,
        *,
        readonly: bool = False,
        clock: Clock | None = None,
        daily_backup: bool = False,
    ) -> Store:
        """Open the store at `path`, creating it (and its private folder) if missing unless
        `readonly`.

        Refuses a file made by a newer CT20 (NewerStoreError), one that is empty, damaged or not
        a store (CorruptStoreError), and says when the medium is read-only
        (StoreReadOnlyMediumError), leaving the file untouched. Migrates an older store after
        keeping a copy of it as `<name>.pre-v<N>.bak`. `daily_backup`: before the first write,
        make the day's automatic backup if there is none yet (desktop.store.backups).
        """
        store = cls._open(Path(path), readonly=readonly, clock=clock)
        if daily_backup and not readonly:
            store.before_first_write = _daily_backup
        return store

    @classmethod
    def _open(
        cls,
        path: Path,
        *,
        readonly: bool = False,
        clock: Clock | None = None,
        steps: Sequence[migrations.Step] | None = None,
        copy_before_migrate: bool = True,
    ) -> Store:
        shared = REGISTRY.acquire(
            path,
            readonly=readonly,
            connect=lambda first: open_connection(
                path, readonly=readonly, steps=steps, copy_before_migrate=copy_before_migrate,
                first=first,
            ),
        )
        return cls(path, shared, readonly=readonly, clock=clock)

    def __enter__(self) -> Store:
        return self

    @property
    def schema_version(self) -> int:
        return int(self._conn.execute("PRAGMA user_version").fetchone()[0])

    # -- organisation profile

    def get_profile(self) -> dict[str, Any]:
        row = self._conn.execute(
            "SELECT data FROM profile WHERE id = ?", (PROFILE_ROW,)
        ).fetchone()
        profile: dict[str, Any] = codec.loads(row[0]) if row else {}
        return profile

    def set_profile(self, profile: dict[str, Any]) -> None:
        if not isinstance(profile, dict):
            raise TypeError(f"the profile must be a dict, not {type(profile).__name__}")
        text = codec.dumps(profile)
        with self._write() as conn:
            old = self.get_profile()
            if codec.dumps(old) == text:
                return
            conn.execute(
                "INSERT INTO profile (id, data, updated_at) VALUES (?, ?, ?)"
                " ON CONFLICT (id) DO UPDATE SET data = excluded.data,"
                " updated_at = excluded.updated_at",
                (PROFILE_ROW, text, self._now()),
            )
            changed = sorted(k for k in old.keys() | profile.keys() if old.get(k) != profile.get(k))
            self._audit("profile.change", details={"changed": changed})

    # -- settings

    def get_setting(self, key: str, default: Any = None) -> Any:
        row = self._conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return codec.loads(row[0]) if row else default

    def set_setting(self, key: str, value: Any) -> None:
        text = codec.dumps(value)
        with self._write() as conn:
            conn.execute(
                "INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value,"
                " updated_at = excluded.updated_at",
                (key, text, self._now()),
            )

    # -- organisations added by the user

    def add_organization(self, org: dict[str, Any]) -> None:
        """Keep an organisation the user added (at least `id`, `kind`, `name`)."""
        missing = [k for k in ("id", "kind", "name") if not str(org.get(k) or "").strip()]
        if missing:
            raise ValueError(f"an organisation needs {', '.join(missing)}")
        text = codec.dumps(org)
        with self._write() as conn:
            if conn.execute("SELECT 1 FROM organizations WHERE id = ?", (org["id"],)).fetchone():
                raise DuplicateError("organization", org["id"])
            conn.execute(
                "INSERT INTO organizations (id, kind, name, data, created_at)"
                " VALUES (?, ?, ?, ?, ?)",
                (org["id"], org["kind"], org["name"], text, self._now()),
            )
            self._audit("org.add", details={"id": org["id"], "kind": org["kind"]})

    def custom_organizations(self) -> list[dict[str, Any]]:
        """The organisations the user added, in the order they were added."""
        rows = self._conn.execute("SELECT data FROM organizations ORDER BY rowid")
        return [codec.loads(row[0]) for row in rows]

    # -- backup

    def backup(self, dest: str | Path) -> Path:
        """A consistent copy of the whole store at `dest` (replaced atomically), while in use.

        The copy is one self-contained file (no -wal beside it), checked before it replaces
        `dest`. Returns `dest`.
        """
        dest = Path(dest)
        if dest.exists() and dest.resolve() == self.path.resolve():
            raise ValueError("a backup cannot replace the store it is made from")
        copy_database(self._conn, dest)
        if not self.readonly:
            self.audit("store.backup", details={"file": str(dest)})
        return dest


def _daily_backup(store: StoreBase) -> None:
    """`desktop.store.backups.keep_daily_backup`, imported when a write first needs it: a session
    that only reads (the window's start, a `ct20 report list`) never loads the backups' module."""
    from desktop.store.backups import keep_daily_backup

    keep_daily_backup(store)
