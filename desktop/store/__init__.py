"""The local store: one SQLite file with the user's reports, their history, profile and audit log.

Qt-free; standard library and sqlite-utils only. Open it with `Store.open(path)`.
"""

from desktop.store.errors import (
    AmbiguousReportIdError,
    CorruptStoreError,
    DuplicateError,
    HistoryEntryNotFoundError,
    InboxPackageNotFoundError,
    MigrationError,
    NewerStoreError,
    NotAStoreError,
    ReportNotFoundError,
    ReportReadOnlyError,
    StoreError,
    StoreLockedError,
    StoreNeedsUpgradeError,
    StoreNotFoundError,
    StoreReadOnlyError,
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
from desktop.store.restore import restore_store
from desktop.store.store import Store

__all__ = [
    "SCHEMA_VERSION",
    "STATUSES",
    "AmbiguousReportIdError",
    "CorruptStoreError",
    "DuplicateError",
    "HistoryEntry",
    "HistoryEntryNotFoundError",
    "InboxPackageNotFoundError",
    "InboxPackageRecord",
    "MigrationError",
    "NewerStoreError",
    "NotAStoreError",
    "PackageRecord",
    "ReceiptRecord",
    "ReportNotFoundError",
    "ReportReadOnlyError",
    "ReportRecord",
    "Store",
    "StoreError",
    "StoreLockedError",
    "StoreNeedsUpgradeError",
    "StoreNotFoundError",
    "StoreReadOnlyError",
    "TrustRootNotFoundError",
    "TrustRootRecord",
    "restore_store",
]
