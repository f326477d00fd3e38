"""One writer per store: a second window is refused politely or opens read-only; bad files are
refused with a clear message and left untouched."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time

from desktop.app import _open_store
from desktop.i18n import gettext_in
from desktop.reporting.reports import create_report
from desktop.store import Store
from desktop.ui.instance_lock import StoreLock, ask_open_read_only
from tests.ui.conftest import ORG_ID, PROFILE, run_ct20
from tests.ui.helpers import click, on_next_modal


def _click_button(qtbot, name: str):
    def handler(box):
        click(qtbot, box.findChild(object, name))
    return handler


def test_a_second_lock_on_the_same_store_is_refused(store_path):
    first, second = StoreLock(store_path), StoreLock(store_path)
    assert first.acquire()
    assert not second.acquire(timeout_ms=50)
    assert second.owner_pid() == os.getpid()
    first.release()
    assert second.acquire()
    second.release()


def test_the_lock_of_a_killed_app_is_taken_over(store_path):
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time; from PySide6.QtCore import QLockFile; "
         f"lock = QLockFile({str(store_path) + '.lock'!r}); lock.setStaleLockTime(0); "
         "assert lock.tryLock(1000); print('locked', flush=True); time.sleep(60)"],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        assert not StoreLock(store_path).acquire(timeout_ms=50)
        holder.kill()  # SIGKILL; TerminateProcess on Windows: no chance to unlock either way
        holder.wait(10)
        lock = StoreLock(store_path)
        assert lock.acquire()
        lock.release()
    finally:
        if holder.poll() is None:
            holder.kill()


def test_second_window_asks_and_opens_read_only(qtbot, store_path):
    with Store.open(store_path) as store:
        store.set_profile(dict(PROFILE))
    first = StoreLock(store_path)
    assert first.acquire()
    try:
        on_next_modal(_click_button(qtbot, "openReadOnly"))
        store, lock = _open_store(store_path, interactive=True)
        assert store.readonly and lock is None
        store.close()

        on_next_modal(_click_button(qtbot, "quit"))
        assert _open_store(store_path, interactive=True) is None
    finally:
        first.release()


def test_the_question_says_what_happens(qtbot, store_path):
    texts = {}

    def read(box):
        texts["text"] = box.text() + box.informativeText()
        click(qtbot, box.findChild(object, "quit"))

    on_next_modal(read)
    assert ask_open_read_only(store_path) is False
    assert str(store_path) in texts["text"]
    assert gettext_in("vi", "Your reports are already open in another CT20 window.") in texts["text"]


def test_read_only_window_cannot_change_anything(qtbot, store_path):
    with Store.open(store_path) as store:
        store.set_profile(dict(PROFILE))
        create_report(store, form_id="ct20.province", org_id=ORG_ID, period="2026")
    from desktop.ui.main_window import MainWindow

    with Store.open(store_path, readonly=True) as readonly:
        window = MainWindow(readonly)
        qtbot.addWidget(window)
        window.list_page.table.selectRow(0)
        assert not window.read_only_label.isHidden()
        assert gettext_in("vi", "{title} (read-only)").split("{title}")[-1] in window.windowTitle()
        for name in ("new", "duplicate", "trash"):
            assert not window.named_actions[name].isEnabled(), name
        assert window.named_actions["open"].isEnabled()


def test_gui_on_a_store_in_use_opens_read_only_and_changes_nothing(tmp_path, store_path):
    with Store.open(store_path) as store:
        store.set_profile(dict(PROFILE))
        create_report(store, form_id="ct20.province", org_id=ORG_ID, period="2026")
    holder = StoreLock(store_path)
    assert holder.acquire()
    try:
        before = store_path.read_bytes()
        shot = tmp_path / "shot.png"
        result = run_ct20("--db", str(store_path), "gui", "--screenshot", str(shot))
        assert result.returncode == 0, result.stderr
        assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert store_path.read_bytes() == before
    finally:
        holder.release()


def _dialog_text(qtbot, store_path) -> str:
    texts = {}

    def read(box):
        texts["text"] = f"{box.text()}\n{box.informativeText()}"
        box.accept()

    on_next_modal(read)
    assert _open_store(store_path, interactive=True) is None
    return texts["text"]


def test_a_damaged_store_is_refused_with_a_clear_message(qtbot, store_path):
    store_path.write_bytes(b"this is not a database, it is a letter\n" * 20)
    before = store_path.read_bytes()
    text = _dialog_text(qtbot, store_path)
    assert str(store_path) in text
    assert store_path.read_bytes() == before
    assert StoreLock(store_path).acquire()  # the refused start did not keep the lock


def test_a_store_from_a_newer_version_is_refused(qtbot, store_path):
    Store.open(store_path).close()
    with sqlite3.connect(store_path) as conn:
        conn.execute("PRAGMA user_version = 999")
    conn.close()
    before = store_path.read_bytes()
    text = _dialog_text(qtbot, store_path)
    assert "999" in text
    assert store_path.read_bytes() == before


def test_gui_on_a_damaged_store_exits_1_with_one_sentence(tmp_path, store_path):
    store_path.write_bytes(b"garbage" * 100)
    started = time.monotonic()
    result = run_ct20("--db", str(store_path), "gui", "--screenshot", str(tmp_path / "x.png"))
    assert result.returncode == 1
    assert str(store_path) in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "x.png").exists()
    assert time.monotonic() - started < 30
