"""The screenshot tour, drawn in this process on the screen Qt was started with (scripts/screenshots.py).

Each picture is a function that brings the real window into the state an officer would see and
returns what to save. Dialogs are drawn over the window they belong to, where Qt placed them.
"""

from __future__ import annotations

import copy
import datetime as dt
import sys
import tempfile
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
from tests.ui.conftest import ORG_ID, PROFILE  # noqa: E402 - the same officer as the window tests


@dataclass
class Tour:
    app: Any
    window: Any
    store: Any
    folder: Path
    sample: str
    ready: str
    pki: Any
    state: dict[str, Any] = field(default_factory=dict)

    def settle(self, ms: int = 150) -> None:
        """Let Qt lay out and paint (timers of 0 ms, deferred fits) before a picture is taken."""
        from PySide6.QtCore import QEventLoop, QTimer

        # A local event loop (not processEvents(flags, ms): PySide6 6.12 drops a reference to
        # None there, which aborts the interpreter after a few thousand calls).
        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    def wait_until(self, condition: Callable[[], bool], timeout_ms: int = 60_000) -> None:
        import time

        deadline = time.monotonic() + timeout_ms / 1000
        while not condition():
            if time.monotonic() > deadline:
                raise TimeoutError("the window did not reach the state of the picture in time")
            self.settle(50)


def build_store(path: Path) -> tuple[Any, str, str]:
    """A store that looks lived in: (store, the sample report, a filled report ready to export)."""
    from desktop.reporting.reports import create_report
    from desktop.samples import create_sample_report
    from desktop.store import Store

    store = Store.open(path)
    store.set_profile(dict(PROFILE))
    store.set_setting("language", "vi")
    sample = create_sample_report(store, ORG_ID)
    assert sample is not None
    period = store.get_report(sample).period
    year = int(period[:4])
    last_year = create_report(store, form_id="ct20.province", org_id=ORG_ID, period=str(year - 1), source="sample")
    store.set_status(last_year, "submitted")
    create_report(store, form_id="kh1375.unit", org_id=ORG_ID, period=str(year), source="sample")
    # The officer's own report of the year: the sample's figures typed in by hand.
    values = copy.deepcopy(store.get_values(sample))
    ready = create_report(store, form_id="ct20.province", org_id=ORG_ID, period=f"adhoc-{year}-11-02",
                          reference="Công văn số 1234/BCT-ATMT", deadline=f"{year}-12-15")
    store.save_values(ready, values, source="ui")
    # A report being worked on: the number and date not typed yet (errors), one warning explained.
    unfinished = copy.deepcopy(values)
    unfinished["document"].pop("number", None)
    unfinished["document"].pop("date", None)
    checking = create_report(store, form_id="ct20.province", org_id=ORG_ID, period=str(year + 1))
    store.save_values(checking, unfinished, source="ui")
    store.set_setting("tour.checking", checking)
    return store, sample, ready


def grab_with_dialog(tour: Tour, dialog: Any) -> Any:
    """The window with `dialog` drawn where it stands over it (offscreen windows are separate)."""
    from PySide6.QtGui import QPainter

    tour.settle()
    picture = tour.window.grab()
    over = dialog.grab()
    offset = dialog.geometry().topLeft() - tour.window.geometry().topLeft()
    painter = QPainter(picture)
    painter.drawPixmap(offset, over)
    painter.end()
    return picture


# -- the pictures


def shot_list(tour: Tour) -> Any:
    tour.window.show_list()
    tour.window.list_page.reload()
    tour.settle()
    return tour.window.grab()


def shot_editor(tour: Tour) -> Any:
    assert tour.window.open_report(tour.sample)
    tour.settle(300)
    return tour.window.grab()


def _editor_page_with_table(tour: Tour, report_id: str) -> None:
    """Go to the section whose table holds the most rows (the industrial clusters of the sample)."""
    editor = tour.window.editor
    values = tour.store.get_values(report_id)
    best, rows = None, 0
    for number, section in enumerate(editor.form.sections):
        part = values.get(section.key) if hasattr(section, "key") else None
        if isinstance(part, dict):
            for value in part.values():
                if isinstance(value, list) and len(value) > rows:
                    best, rows = number, len(value)
    if best is None:
        raise LookupError("no section of the report holds a table with rows")
    editor.navigator.setCurrentRow(best)


def shot_table(tour: Tour) -> Any:
    assert tour.window.open_report(tour.sample)
    _editor_page_with_table(tour, tour.sample)
    tour.settle(300)
    return tour.window.grab()


def shot_checks(tour: Tour) -> Any:
    """A report being worked on: its errors and a warning in the checks panel, after F8."""
    assert tour.window.open_report(tour.store.get_setting("tour.checking"))
    editor = tour.window.editor
    editor.run_checks()
    tour.settle(300)
    return tour.window.grab()


def shot_export(tour: Tour) -> Any:
    """The export dialog filled in, after "Xem trước PDF": the preview opened in the viewer, said under the button."""
    assert tour.window.open_report(tour.ready)
    actions = tour.window.export_actions
    actions.actions["export"].trigger()
    dialog = actions.dialog
    tour.wait_until(lambda: dialog is not None and dialog.isVisible())
    choice = dialog.signer
    choice.file_radio.setChecked(True)
    choice.file_path.setText(str(tour.pki.signer.p12_path))
    choice.secret.setText(tour.pki.signer.password.decode())
    dialog.folder.setText(str(tour.folder / "goi-bao-cao"))
    dialog.preview.open_url = lambda _url: True  # no system PDF viewer behind an offscreen screen
    dialog.show_preview()
    tour.wait_until(lambda: not dialog.preview.busy())
    tour.state["export_dialog"] = dialog
    tour.settle(400)
    return grab_with_dialog(tour, dialog)


def shot_confirm(tour: Tour) -> Any:
    """The confirmation that names the organisation, the period, the signer and what will happen."""
    dialog = tour.state.get("export_dialog")
    if dialog is None:
        shot_export(tour)
        dialog = tour.state["export_dialog"]
    dialog.export_button.click()
    tour.wait_until(lambda: dialog.confirm_box is not None and dialog.confirm_box.isVisible())
    tour.settle(300)
    return grab_with_dialog(tour, dialog.confirm_box)


def shot_result(tour: Tour) -> Any:
    from PySide6.QtWidgets import QPushButton

    dialog = tour.state.get("export_dialog")
    if dialog is None or dialog.confirm_box is None:
        shot_confirm(tour)
        dialog = tour.state["export_dialog"]
    dialog.confirm_box.findChild(QPushButton, "confirmSign").click()
    tour.wait_until(lambda: dialog.confirm_box is None)
    tour.wait_until(lambda: not dialog.busy())
    tour.settle(300)
    return grab_with_dialog(tour, dialog)


def shot_inbox(tour: Tour) -> Any:
    from desktop.package.roots import add_trust_root
    from desktop.package.verify import verify_package
    from tests.inbox.helpers import pin_for_provinces

    if "packages" not in tour.state:
        tour.state["packages"] = packages = _inbox_packages(tour)
        add_trust_root(tour.store, tour.pki.root.cert_pem)  # as `ct20 trust add` does
        # Cục ATMT's list of who signs for each province, imported once.
        pin_for_provinces(tour.store, verify_package(packages[0], trust_roots=[]).signer_certificate)
    inbox = tour.window.inbox_actions.open_inbox()
    assert inbox is not None
    page = inbox.page
    page.form.setCurrentIndex(page.form.findData("ct20.province"))
    page.period.setText(tour.state["inbox_period"])
    page.period.editingFinished.emit()  # as the field does when the officer leaves it
    files = [str(p) for p in tour.state["packages"]]
    page.pick_files = lambda _parent: files  # what the officer picks in the file dialog
    page.import_files()
    tour.wait_until(lambda: not page.busy())
    page.refresh()
    tour.settle(300)
    return inbox.grab()


def shot_received(tour: Tour) -> Any:
    """A received report opened read-only from the Inbox board, with its signature and revisions."""
    if "packages" not in tour.state:
        shot_inbox(tour)
    page = tour.window.inbox_actions.open_inbox().page
    for number in range(page.proxy.rowCount()):
        page.table.selectRow(number)
        row = page.selected_row()
        if row is not None and row.current is not None and row.current.verified:
            break
    window = page.open_received()
    assert window is not None, "no received report could be opened"
    window.showMaximized()
    tour.wait_until(window.isVisible)
    tour.settle(500)
    picture = window.grab()
    window.close()
    return picture


def shot_trust(tour: Tour) -> Any:
    dialog = tour.window.trust_actions.open_trust()
    tour.wait_until(dialog.isVisible)
    tour.settle(300)
    picture = grab_with_dialog(tour, dialog)
    dialog.close()
    return picture


def _inbox_packages(tour: Tour) -> list[Path]:
    from tests.inbox.helpers import bulk_packages, ec_signer

    year = dt.date.today().year
    tour.state["inbox_period"] = f"adhoc-{year}-03-01"  # the first 34 bulk packages: one request
    return bulk_packages(ec_signer(tour.pki, tour.folder), tour.folder / "thu-den", 27, year)


SHOT_FUNCTIONS: dict[str, Callable[[Tour], Any]] = {
    "list": shot_list, "editor": shot_editor, "table": shot_table, "checks": shot_checks,
    "export": shot_export, "confirm": shot_confirm, "result": shot_result, "inbox": shot_inbox,
    "received": shot_received, "trust": shot_trust,
}


def run_tour(out: Path, size: str, only: list[str], *, guide: bool) -> int:
    from desktop.app import _application
    from desktop.i18n import set_language
    from desktop.ui.main_window import MainWindow
    from desktop.ui.qt_i18n import QtLanguage
    from tests.pki import build_pki

    set_language("vi")
    app = _application()
    qt_language = QtLanguage()
    qt_language.apply("vi")
    failed = 0
    with tempfile.TemporaryDirectory(prefix="ct20-tour-") as tmp:
        folder = Path(tmp)
        store, sample, ready = build_store(folder / "ct20.sqlite3")
        pki = build_pki(folder / "pki")
        window = MainWindow(store, qt_language=qt_language)
        window.quiet = True
        window.showMaximized()
        tour = Tour(app, window, store, folder, sample, ready, pki)
        tour.settle(300)
        for name in only:
            try:
                picture = SHOT_FUNCTIONS[name](tour)
            except Exception:  # say which picture failed and go on to the next
                failed += 1
                sys.stderr.write(f"[{size}] {name}: FAILED\n{traceback.format_exc()}\n")
                continue
            targets = [out / f"{name}-vi-{size}.png"] + ([out / f"{name}-vi.png"] if guide else [])
            for target in targets:
                if not picture.save(str(target), "PNG"):
                    failed += 1
                    sys.stderr.write(f"cannot write {target}\n")
                else:
                    print(f"wrote {target.relative_to(REPO) if target.is_relative_to(REPO) else target}")
        window.close()
        store.close()
    return 1 if failed else 0
