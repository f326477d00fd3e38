from __future__ import annotations

from pathlib import Path

import pytest

from desktop.i18n import LocalizedError
from desktop.store import (
    AmbiguousReportIdError,
    CorruptStoreError,
    DuplicateError,
    HistoryEntryNotFoundError,
    MigrationError,
    NewerStoreError,
    NotAStoreError,
    ReportNotFoundError,
    ReportReadOnlyError,
    Store,
    StoreError,
    StoreLockedError,
    StoreNeedsUpgradeError,
    StoreNotFoundError,
    StoreReadOnlyError,
)

from .helpers import new_report

PATH = Path("C:/Users/Nguyễn/AppData/Roaming/CT20/ct20.sqlite3")
ERRORS = [
    StoreNotFoundError(PATH),
    CorruptStoreError(PATH, "file is not a database"),
    NotAStoreError(PATH),
    NewerStoreError(PATH, 3, 2),
    StoreNeedsUpgradeError(PATH, 1, 2),
    MigrationError(PATH, 2, "disk I/O error"),
    StoreReadOnlyError(PATH),
    StoreLockedError(PATH),
    ReportNotFoundError("abc"),
    AmbiguousReportIdError("abcdef01", 2),
    ReportReadOnlyError("abc", "submitted"),
    ReportReadOnlyError("abc", "trashed"),
    HistoryEntryNotFoundError("abc", 7),
    DuplicateError("organization", "so-ct-x"),
]


@pytest.mark.parametrize("error", ERRORS, ids=lambda e: type(e).__name__)
def test_every_error_is_a_localized_sentence(error: StoreError) -> None:
    assert isinstance(error, StoreError) and isinstance(error, LocalizedError)
    for lang in ("vi", "en"):
        text = error.render(lang)
        assert text and "{" not in text and text.endswith(".")
    assert str(error) == error.render("en")


def test_paths_with_vietnamese_and_spaces_work_read_only_too(tmp_path: Path) -> None:
    path = tmp_path / "Dữ liệu báo cáo" / "ct20 (máy 2).sqlite3"
    with Store.open(path) as store:
        report_id = new_report(store, {"a": "ổn"})
    with Store.open(path, readonly=True) as store:
        assert store.get_values(report_id) == {"a": "ổn"}
