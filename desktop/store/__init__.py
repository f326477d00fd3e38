"""The local store: one SQLite file with the user's reports, their history, profile and audit log.

Qt-free; standard library only. Open it with `Store.open(path)`.

Plain `sqlite3`, not sqlite-utils (the choice, written down): the store only ever used
sqlite-utils' wrapper for its connection, every query is hand-written SQL with its own
transaction and triggers, and importing sqlite-utils cost 54-73 ms and 113 of 307 modules at
every start of the app (issue 16). Tests reach the connection as `store.shared.raw`.

Concurrency model (the app, its worker threads, a second window and `ct20` processes may all use
one store at once):

- One SQLite connection per process per store file. Every `Store.open` of the same file (by
  its real path) in a process shares it, whatever the thread (`desktop.store.connection`);
  `close()` lets go of it and the last one closes it. The file is never opened by other means
  while that connection lives (a header check runs only before it exists): closing any other
  handle would drop the process's POSIX locks, and another process closing would then delete
  the -wal/-shm under this one.
- Inside a process, threads take turns on the connection (a re-entrant lock): a write holds it
  from `BEGIN IMMEDIATE` to `COMMIT`, a read while its rows are fetched.
- Between processes, SQLite's own locks: WAL (readers never block the writer), a busy timeout
  of 5 s, and writes as short `BEGIN IMMEDIATE` transactions that take the write lock up front.
- The GUI's instance lock (`<store>.lock`) only keeps two windows from editing the same reports
  at once; the CLI never looks at it, and never fails because of it.
- Every save of report values may carry the version (history seq) it was based on: a save over
  a newer change raises ReportChangedError instead of silently reverting it, and the editor
  merges or asks (`save_values(..., base_seq=...)`).
- Faults are refused or said plainly, never taken as a new store: an empty, truncated or
  foreign file (CorruptStoreError), a full disk (StoreFullError), a read-only medium
  (StoreReadOnlyMediumError). The store, its companions and its backups are private to the user.
"""

from typing import TYPE_CHECKING, Any

from desktop.store.errors import (
    AmbiguousReportIdError,
    CorruptStoreError,
    DuplicateError,
    EmptyStoreError,
    HistoryEntryNotFoundError,
    InboxPackageNotFoundError,
    MigrationError,
    NewerStoreError,
    NotAStoreError,
    ReportChangedError,
    ReportNotFoundError,
    ReportReadOnlyError,
    StoreError,
    StoreFullError,
    StoreLockedError,
    StoreNeedsUpgradeError,
    StoreNotFoundError,
    StoreReadOnlyError,
    StoreReadOnlyMediumError,
    StoreWriteError,
    TrustRootNotFoundError,
)
from desktop.store.migrations import SCHEMA_VERSION
from desktop.store.records import (
    STATUSES,
    HistoryEntry,
    InboxPackageRecord,
    PackageRecord,
    ReceiptRecord,
    ReportRecord,
    TrustRootRecord,
)
from desktop.store.store import Store

if TYPE_CHECKING:
    from desktop.store.restore import restore_store

__all__ = [
    "SCHEMA_VERSION",
    "STATUSES",
    "AmbiguousReportIdError",
    "CorruptStoreError",
    "DuplicateError",
    "EmptyStoreError",
    "HistoryEntry",
    "HistoryEntryNotFoundError",
    "InboxPackageNotFoundError",
    "InboxPackageRecord",
    "MigrationError",
    "NewerStoreError",
    "NotAStoreError",
    "PackageRecord",
    "ReceiptRecord",
    "ReportChangedError",
    "ReportNotFoundError",
    "ReportReadOnlyError",
    "ReportRecord",
    "Store",
    "StoreError",
    "StoreFullError",
    "StoreLockedError",
    "StoreNeedsUpgradeError",
    "StoreNotFoundError",
    "StoreReadOnlyError",
    "StoreReadOnlyMediumError",
    "StoreWriteError",
    "TrustRootNotFoundError",
    "TrustRootRecord",
    "restore_store",
]


def __getattr__(name: str) -> Any:
    """`restore_store`, loaded when first asked for: opening a store never needs it."""
    if name == "restore_store":
        from desktop.store.restore import restore_store

        return restore_store
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
