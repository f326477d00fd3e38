"""Drives the real app from inside its own process (CT20_TEST_DRIVER, see desktop/app.py).

Writes continuously through the app's own code paths and appends one line to CT20_DRIVER_LOG
(JSON) *after* each write was committed, so the test knows what must be in the store even if
the app is killed:
- the report editor (real ReportEditor, its autosave) types a new text into "proposals";
- the Inbox import (desktop.inbox.importer, as the Inbox page runs it) records packages from
  CT20_DRIVER_PACKAGES, one by one, in a worker thread of the app that opens the store itself
  (`Store.open`, as the app's workers do) and also keeps settings.
Anything that fails is logged as {"error": ...}: the test asserts there is none.
"""

from __future__ import annotations

import json
import os
import threading
import traceback
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer

from desktop.store import Store

LOG = Path(os.environ.get("CT20_DRIVER_LOG", "driver.log"))
_lock = threading.Lock()


def log(**entry: Any) -> None:
    with _lock, LOG.open("a", encoding="utf-8") as out:
        out.write(json.dumps(entry, ensure_ascii=False) + "\n")
        out.flush()
        os.fsync(out.fileno())


def drive(window: Any) -> None:
    from desktop.ui.editor import ReportEditor

    report_id = os.environ["CT20_DRIVER_REPORT"]
    if not window.open_report(report_id):
        log(error="the report did not open")
        return
    editor = window.findChildren(ReportEditor)[0]
    session = editor.session
    state = {"n": 0, "typed": None}

    def tick() -> None:
        try:
            if session.save_error is not None:
                log(error=f"editor save failed: {session.save_error.render('en')}")
            if session.dirty:
                return  # the autosave has not run yet
            if state["typed"] is not None:
                log(editor=state["typed"])
            state["n"] += 1
            state["typed"] = f"Kiến nghị số {state['n']}"
            session.edit_field("proposals", state["typed"])
            session.end_typing()
        except Exception:
            log(error=traceback.format_exc())

    timer = QTimer(window)
    timer.timeout.connect(tick)
    timer.start(100)
    window._driver_timer = timer  # kept alive with the window

    thread = threading.Thread(target=inbox_worker, args=(Path(window.store.path),), daemon=True)
    thread.start()
    log(ready=True)


def inbox_worker(store_path: Path) -> None:
    from desktop.inbox.importer import import_packages

    folder = Path(os.environ["CT20_DRIVER_PACKAGES"])
    files = sorted(folder.glob("*.asice"))
    n = 0
    while True:
        try:
            with Store.open(store_path) as store:  # a worker's own opening of the app's store
                for path in files[n:n + 1]:
                    result = import_packages(store, [path])
                    for item in result.items:
                        if item.outcome == "error":
                            log(error=f"import of {path.name}: {item.problems}")
                        else:
                            log(package=path.name)
                n += 1
                store.set_setting(f"driver.{n}", n)
                log(setting=f"driver.{n}", value=n)
        except Exception:
            log(error=traceback.format_exc())
        threading.Event().wait(0.2)
