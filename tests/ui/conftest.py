"""Fixtures of the application-shell tests: a real store file per test, the window on it."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.i18n import set_language
from desktop.store import Store

ORG_ID = "so-ct-ninh-binh"
PROFILE = {
    "org_id": ORG_ID,
    "parent_body": "ỦY BAN NHÂN DÂN TỈNH NINH BÌNH",
    "place": "Ninh Bình",
    "signer_name": "Nguyễn Văn An",
    "signer_title": "Phó Giám đốc",
    "head_title": "Giám đốc",
    "contact_name": "Trần Thị Bình",
    "contact_phone": "0229 3871 234",
    "contact_email": "binh@ninhbinh.gov.vn",
}
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def vietnamese() -> Iterator[None]:
    """Every test starts in the default language and leaves it so."""
    set_language("vi")
    yield
    set_language("vi")


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return tmp_path / "ct20.sqlite3"


@pytest.fixture
def store(store_path: Path) -> Iterator[Store]:
    with Store.open(store_path) as opened:
        yield opened


@pytest.fixture
def profiled_store(store: Store) -> Store:
    store.set_profile(dict(PROFILE))
    return store


@pytest.fixture
def window(qtbot, profiled_store):
    from desktop.ui.main_window import MainWindow
    from desktop.ui.qt_i18n import QtLanguage

    qt_language = QtLanguage()
    qt_language.apply("vi")
    main = MainWindow(profiled_store, qt_language=qt_language)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    main.activateWindow()
    yield main
    main.close()
    qt_language.apply("vi")


def run_ct20(*args: str, timeout: float = 60, env: dict | None = None) -> subprocess.CompletedProcess:
    """`ct20 ARGS` in a fresh process, offscreen, as a user would start it."""
    full_env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env or {})}
    full_env.pop("CT20_DB", None)
    return subprocess.run(
        [sys.executable, "-m", "desktop", *args], cwd=REPO, env=full_env, capture_output=True,
        text=True, timeout=timeout,
    )
