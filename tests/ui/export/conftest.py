"""Fixtures of the export dialog tests: a report ready to export, open in the main window; every
URL the app asks the desktop to open is recorded instead of starting a program."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, QUrl, Slot
from PySide6.QtGui import QDesktopServices

from desktop.reporting.reports import create_report, fill_report
from tests.export.reports import load_full
from tests.ui.conftest import ORG_ID

FORM = "ct20.province"
PACKAGE_NAME = "BC-ct20.province-so-ct-ninh-binh-2025-r1.asice"


class UrlRecorder(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url)

    def paths(self) -> list[Path]:
        return [Path(url.toLocalFile()) for url in self.urls]


@pytest.fixture(autouse=True)
def opened(qapp) -> Iterator[UrlRecorder]:
    recorder = UrlRecorder()
    QDesktopServices.setUrlHandler("file", recorder, "open")
    yield recorder
    QDesktopServices.unsetUrlHandler("file")


@pytest.fixture(autouse=True)
def own_temp_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The PDFs and drafts the app writes to the temporary folder stay in this test's folder."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))


@pytest.fixture
def ready_report(profiled_store) -> str:
    """A province report of 2025 filled in completely: no errors, ready to export."""
    report_id = create_report(profiled_store, form_id=FORM, org_id=ORG_ID, period="2025", source="test")
    fill_report(profiled_store, report_id, load_full(FORM))
    return report_id


@pytest.fixture
def out_dir(tmp_path: Path) -> Path:
    return tmp_path / "goi"
