"""Fixtures of the report editor tests: a real store file per test and an editor on screen."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from desktop.i18n import current_language, set_language
from desktop.reporting.reports import create_report
from desktop.store import Store

ORGS = {"ct20.province": ("so-ct-ha-noi", "2025"), "ct20.enterprise": ("vinapaco", "2025"),
        "ct20.ministry-unit": ("cuc-atmt", "2025-H2"), "kh1375.unit": ("cuc-atmt", "2025")}


@pytest.fixture(autouse=True)
def vietnamese() -> Iterator[None]:
    before = current_language()
    set_language("vi")
    yield
    set_language(before)


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return tmp_path / "ct20.sqlite3"


@pytest.fixture
def store(store_path: Path) -> Iterator[Store]:
    with Store.open(store_path) as opened:
        yield opened


@pytest.fixture
def new_report(store: Store) -> Callable[..., str]:
    def make(form_id: str = "ct20.province", values: dict | None = None) -> str:
        org, period = ORGS[form_id]
        report_id = create_report(store, form_id=form_id, org_id=org, period=period, source="test")
        if values:
            merged = store.get_values(report_id)
            _merge(merged, values)
            store.save_values(report_id, merged, source="test")
        return report_id

    return make


def _merge(into: dict, values: dict) -> None:
    for key, value in values.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            _merge(into[key], value)
        else:
            into[key] = value


@pytest.fixture
def open_editor(qtbot, store: Store):
    from desktop.ui.editor import ReportEditor

    def show(report_id: str) -> ReportEditor:
        editor = ReportEditor(store, report_id)
        qtbot.addWidget(editor)
        editor.resize(1400, 900)
        editor.show()
        qtbot.waitExposed(editor)
        editor.activateWindow()
        qtbot.waitUntil(editor.isActiveWindow)  # focus and focus-out saving need an active window
        qtbot.waitUntil(editor.checks_ran)  # they run right after the first paint
        return editor

    return show
