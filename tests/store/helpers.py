"""Helpers of the store tests (fixtures are in conftest.py)."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

from desktop.store import Store


class FakeClock:
    """A clock that stands still until told to move."""

    def __init__(self, start: str = "2026-11-21T05:12:00") -> None:
        self.now = datetime.fromisoformat(start).replace(tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float = 1) -> None:
        self.now += timedelta(seconds=seconds)


def new_report(store: Store, values: dict | None = None, **overrides: object) -> str:
    fields: dict = {
        "form_id": "ct20.province",
        "form_version": "2025.1",
        "org_id": "so-ct-ha-noi",
        "period": "2025",
        "values": {"document.number": "15/BC-SCT"} if values is None else values,
    }
    fields.update(overrides)
    return store.create_report(**fields)


def big_values(rows: int = 2000, columns: int = 13) -> dict:
    """A report with a table field about the size of the largest real one (~600 KB of JSON)."""
    return {
        "document.number": "15/BC-SCT",
        "document.place": "Hà Nội",
        "clusters.list": [
            {f"c{col:02d}": (f"Cụm công nghiệp số {row}" if col == 0 else row * 13 + col + 0.5)
             for col in range(columns)}
            for row in range(rows)
        ],
    }


def dump_store(store: Store) -> dict:
    """Everything a user could have typed into a store, read back through the public API."""
    reports = {}
    for record in store.list_reports(include_trashed=True):
        history = store.history(record.id)
        reports[record.id] = {
            "record": {k: v for k, v in vars(record).items()},
            "values": store.get_values(record.id),
            "meta": store.report_meta(record.id),
            "history": [
                {**vars(entry), "values": store.values_at(record.id, entry.seq)}
                for entry in history
            ],
        }
    return {
        "reports": reports,
        "profile": store.get_profile(),
        "settings": {
            key: store.get_setting(key)
            for key in [row[0] for row in store.shared.raw.execute("SELECT key FROM settings")]
        },
        "organizations": store.custom_organizations(),
        "packages": {
            package.report_id: {
                **{k: v for k, v in vars(package).items() if k != "data"},
                "bytes_sha256": hashlib.sha256(store.get_package(package.report_id).data).hexdigest(),
            }
            for package in store.list_packages()
        },
        "trust_roots": [vars(root) for root in store.trust_roots()],
        **_inbox_and_receipts(store),
        "audit": [
            {k: v for k, v in entry.items() if k != "id"}
            for entry in reversed(store.audit_log(limit=1_000_000))
        ],
    }


def _inbox_and_receipts(store: Store) -> dict:
    """Schema 3 and later: received packages and receipts, with the SHA-256 of their bytes."""
    if store.schema_version < 3:
        return {}
    inbox = [
        {**{k: v for k, v in vars(record).items() if k != "data"},
         "bytes_sha256": hashlib.sha256(store.inbox_package_bytes(record.id)).hexdigest()}
        for record in store.list_inbox_packages()
    ]
    receipts = [
        {**{k: v for k, v in vars(record).items() if k != "data"},
         "bytes_sha256": hashlib.sha256(store.receipt_bytes(record.id) or b"").hexdigest()}
        for record in store.list_receipts()
    ]
    pins = [vars(pin) for pin in store.list_signer_pins()] if store.schema_version >= 5 else []
    requests = [r.to_json() | {"details": r.details} for r in store.list_requests()] \
        if store.schema_version >= 6 else []
    numbers = [vars(n) for n in store.list_receipt_numbers()] if store.schema_version >= 7 else []
    deliveries = ([vars(event) for record in store.list_reports(include_trashed=True)
                   for event in store.deliveries(record.id)] if store.schema_version >= 8 else [])
    return {"inbox": inbox, "receipts": receipts, **({"signer_pins": pins} if pins else {}),
            **({"requests": requests} if requests else {}),
            **({"receipt_numbers": numbers} if numbers else {}),
            **({"deliveries": deliveries} if deliveries else {})}


def assert_keeps(expected: object, actual: object, where: str = "store") -> None:
    """Every value in `expected` is in `actual` (which may have gained keys in a newer schema)."""
    if isinstance(expected, dict):
        assert isinstance(actual, dict), where
        for key, value in expected.items():
            assert key in actual, f"{where}: {key} is gone"
            assert_keeps(value, actual[key], f"{where}.{key}")
    elif isinstance(expected, list):
        assert isinstance(actual, list) and len(actual) == len(expected), where
        for index, (want, got) in enumerate(zip(expected, actual, strict=True)):
            assert_keeps(want, got, f"{where}[{index}]")
    else:
        assert actual == expected, f"{where}: {actual!r} != {expected!r}"
