"""A folder import records its verified packages in groups, one store transaction each.

Verifying a package takes tens of milliseconds, recording it a few, but each commit of the
local store waits for the disk (WAL, synchronous=FULL): about as long as the rest together. So
`import_packages` leaves each verified package `Pending` and `Batch` records them together.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from desktop.store import StoreError
from desktop.store.inbox_api import inbox_batch

if TYPE_CHECKING:
    from desktop.inbox.importer import Importer, ImportItem

# At most this many packages a transaction, or this many bytes of them (packages are held in
# memory until recorded; one may be 50 MB), or those verified within this many seconds.
BATCH_SIZE = 20
BATCH_BYTES = 64 * 1024 * 1024
BATCH_SECONDS = 1.0


@dataclass(frozen=True)
class Pending:
    """A verified package not recorded yet: how it is shown, its bytes, what the store keeps."""

    shown: str
    data: bytes
    record: dict[str, Any]


class Batch:
    """Verified packages recorded together, in one transaction of the store (`inbox_batch`: one
    disk sync instead of one per package): up to BATCH_SIZE of them, BATCH_BYTES, or those
    verified within BATCH_SECONDS. Their items join `items`, in file order, only once recorded,
    so nothing is reported recorded that a crash could still take away. Should the transaction
    fail (a full disk), each is recorded on its own as without a batch, a failure then being
    that file's error."""

    def __init__(self, importer: Importer, items: list[ImportItem], *, max_count: int = BATCH_SIZE,
                 max_bytes: int = BATCH_BYTES, max_seconds: float = BATCH_SECONDS) -> None:
        self.importer = importer
        self.items = items
        self.limits = (max_count, max_bytes, max_seconds)
        self.slots: list[ImportItem | Pending] = []
        self.waiting = 0
        self.size = 0
        self.since = 0.0

    def add(self, found: Sequence[ImportItem | Pending]) -> None:
        for item in found:
            if isinstance(item, Pending):
                if not self.waiting:
                    self.since = time.monotonic()
                self.waiting += 1
                self.size += len(item.data)
            self.slots.append(item)
        max_count, max_bytes, max_seconds = self.limits
        if self.waiting >= max_count or self.size >= max_bytes or (
                self.waiting and time.monotonic() - self.since >= max_seconds):
            self.flush()

    def flush(self) -> None:
        slots, self.slots, self.waiting, self.size = self.slots, [], 0, 0
        if not any(isinstance(slot, Pending) for slot in slots):
            self.items.extend(slots)  # type: ignore[arg-type]
            return
        store = self.importer.store
        try:
            with inbox_batch(store):
                done = [self.importer.record(slot) if isinstance(slot, Pending) else slot for slot in slots]
        except Exception:  # nothing of the batch was kept: record each on its own
            done = [self._record_alone(slot) if isinstance(slot, Pending) else slot for slot in slots]
        self.items.extend(done)

    def _record_alone(self, pending: Pending) -> ImportItem:
        try:
            return self.importer.record(pending)
        except StoreError as exc:
            from desktop.inbox.importer import ImportItem

            return ImportItem(pending.shown, "error", "error", problems=(exc.message,))
