"""Opening a .asice file with the app (`ct20 gui --open FILE`, `ct20 FILE.asice`: what Windows runs
for a double-clicked package). Real stores, a real report package and a real receipt signed with the
test PKI: a report package lands in the Inbox, imported with its progress; a receipt is attached to
the reporter's report, which opens; garbage is refused with one sentence and changes nothing."""

from __future__ import annotations

import hashlib
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from PySide6.QtWidgets import QProgressDialog

from desktop import cli
from desktop.export.service import export_report
from desktop.inbox.importer import import_packages
from desktop.inbox.receipts import issue_receipt
from desktop.open_requests import post_open_request, requests_folder, take_open_requests
from desktop.package.kind import RECEIPT, SUBMISSION, NotAPackage, package_kind
from desktop.package.roots import add_trust_root
from desktop.reporting.reports import create_report, fill_report
from desktop.signing.signers import open_p12
from desktop.store import Store
from desktop.ui.instance_lock import StoreLock
from desktop.ui.open_files import FileOpener, OpenRequestWatcher
from tests.export.reports import load_full
from tests.inbox.helpers import bulk_packages, ec_signer
from tests.inbox.scenario import reporting_year
from tests.pki import TestPki
from tests.ui.conftest import ORG_ID, PROFILE, run_ct20
from tests.ui.helpers import on_next_modal

FORM = "ct20.province"


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory, pki: TestPki) -> dict:
    """Once per module: a province's report package (as the Ministry receives it by email); and a
    reporter's store with its exported report and the Ministry's receipt accepting it."""
    folder = tmp_path_factory.mktemp("mo tep")  # a space, as in Windows' folder names
    package = bulk_packages(ec_signer(pki, folder), folder / "thư đến", 1, reporting_year())[0]
    reporter = folder / "reporter.sqlite3"
    with Store.open(reporter) as store:
        store.set_profile(dict(PROFILE))
        report_id = create_report(store, form_id=FORM, org_id=ORG_ID, period="2025", source="test")
        fill_report(store, report_id, load_full(FORM))
        signer = open_p12(pki.signer.p12_path, pki.signer.password)
        try:
            exported = export_report(store, report_id, folder / "goi", signer).package_path
        finally:
            signer.close()
        add_trust_root(store, pki.root.cert_pem)
    with Store.open(folder / "atmt.sqlite3") as atmt:
        import_packages(atmt, [exported], trust_paths=[pki.root_pem])
        inbox_id = atmt.find_inbox_package(hashlib.sha256(exported.read_bytes()).hexdigest()).id
        consolidator = open_p12(pki.second_signer.p12_path, pki.second_signer.password)
        try:
            receipt = issue_receipt(atmt, inbox_id, "accepted", folder / "ptn", consolidator,
                                    message="Số liệu đầy đủ.").path
        finally:
            consolidator.close()
    garbage = folder / "hỏng.asice"
    garbage.write_bytes(b"PK\x03\x04 not really a zip")
    other = folder / "khac.asice"  # a well-formed zip, but no ASiC-E container
    with zipfile.ZipFile(other, "w") as archive:
        archive.writestr("mimetype", "text/plain")
    return {"package": package, "reporter": reporter, "report": report_id, "receipt": receipt,
            "garbage": garbage, "other": other}


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def opener_of(window) -> FileOpener:  # type: ignore[no-untyped-def]
    window.file_opener = FileOpener(window)
    return window.file_opener


# ---- what the file is -------------------------------------------------------------------------

def test_the_kind_of_a_file_is_read_from_its_data_file(files):
    assert package_kind(files["package"]) == SUBMISSION
    assert package_kind(files["receipt"]) == RECEIPT
    for name in ("garbage", "other"):
        with pytest.raises(NotAPackage, match=re.escape(files[name].name)):
            package_kind(files[name])
    with pytest.raises(NotAPackage, match=re.escape("khong-co.asice")):
        package_kind(files["package"].parent / "khong-co.asice")


# ---- in the window ----------------------------------------------------------------------------

def test_a_report_package_is_imported_in_the_inbox(qtbot, window, files):
    opener = opener_of(window)
    opener.open([str(files["package"])])
    inbox = window.inbox_actions.inbox
    assert inbox is not None and inbox.isVisible()
    progress = inbox.page.findChild(QProgressDialog, "inboxProgress")
    assert progress is not None  # the usual progress
    # The dialog is deleted with deleteLater() once the import ends: wait for its destruction, not
    # for a moment when it may still be only scheduled for deletion.
    with qtbot.waitSignal(progress.destroyed, timeout=30_000):
        qtbot.waitUntil(lambda: not opener.busy(), timeout=30_000)
    result = inbox.page.last_import
    assert result is not None and result.count("imported") == 1
    assert window.store.find_inbox_package(sha(files["package"])) is not None
    assert inbox.page.findChild(QProgressDialog, "inboxProgress") is None


def test_a_second_package_waits_for_the_running_import(qtbot, window, files, tmp_path):
    copy = tmp_path / "ban sao.asice"
    shutil.copyfile(files["package"], copy)
    opener = opener_of(window)
    opener.open([files["package"]])
    opener.open([copy])  # the same package under another name: already in the inbox afterwards
    qtbot.waitUntil(lambda: not opener.busy(), timeout=30_000)
    assert window.inbox_actions.inbox.page.last_import.count("duplicate") == 1


@pytest.fixture
def reporter_window(qtbot, tmp_path, files):  # type: ignore[no-untyped-def]
    from desktop.ui.main_window import MainWindow

    path = tmp_path / "ct20.sqlite3"
    shutil.copyfile(files["reporter"], path)
    store = Store.open(path)
    main = MainWindow(store)
    qtbot.addWidget(main)
    main.show()
    yield main
    main.close()
    store.close()


def test_a_receipt_is_attached_to_its_report_which_opens(qtbot, reporter_window, files):
    window = reporter_window
    told: dict[str, str] = {}

    def read(box) -> None:  # type: ignore[no-untyped-def]
        told["title"], told["text"] = box.windowTitle(), box.text()
        box.accept()

    on_next_modal(read)
    opener_of(window).open([files["receipt"]])
    assert told["title"] == "Đã nhập phiếu tiếp nhận" and "Đã chấp nhận" in told["text"]
    assert window.store.report_meta(files["report"])["receipt"]["decision"] == "accepted"
    assert window.editor is not None and window.editor_report_id == files["report"]
    assert window.stack.currentWidget() is window.editor
    assert window.inbox_actions.inbox is None  # a receipt is not an Inbox matter


def test_garbage_is_refused_with_a_clear_message_and_nothing_changes(qtbot, window, files):
    before = window.store.path.read_bytes() if hasattr(window.store.path, "read_bytes") else None
    told: dict[str, str] = {}

    def read(box) -> None:  # type: ignore[no-untyped-def]
        told["title"], told["text"] = box.windowTitle(), box.text()
        box.accept()

    on_next_modal(read)
    opener = opener_of(window)
    opener.open([files["garbage"], files["other"]])
    assert told["title"] == "Không mở được tệp"
    assert files["garbage"].name in told["text"] and files["other"].name in told["text"]
    assert "không phải là gói CT20" in told["text"]
    assert opener.last_message == told["text"]
    assert window.inbox_actions.inbox is None and window.editor is None
    assert window.store.list_inbox_packages() == [] and window.store.list_receipts() == []
    if before is not None:
        assert window.store.path.read_bytes() == before


def test_a_read_only_window_imports_nothing(qtbot, tmp_path, files):
    from desktop.ui.main_window import MainWindow

    path = tmp_path / "ct20.sqlite3"
    shutil.copyfile(files["reporter"], path)
    with Store.open(path, readonly=True) as store:
        window = MainWindow(store)
        qtbot.addWidget(window)
        window.quiet = True
        opener = opener_of(window)
        opener.open([files["package"], files["receipt"]])
        assert "chỉ đọc" in opener.last_message
        assert window.inbox_actions.inbox is None
        assert store.list_inbox_packages() == []
        window.close()


# ---- passed on to the window that holds the store ---------------------------------------------

def test_requests_are_taken_once_and_in_order(tmp_path):
    store = tmp_path / "ct20.sqlite3"
    assert take_open_requests(store) == []
    post_open_request(store, [tmp_path / "a.asice"])
    post_open_request(store, [tmp_path / "b c.asice", tmp_path / "d.asice"])
    assert [Path(p).name for p in take_open_requests(store)] == ["a.asice", "b c.asice", "d.asice"]
    assert take_open_requests(store) == [] and list(requests_folder(store).iterdir()) == []


def test_the_running_window_opens_what_another_start_left_for_it(qtbot, window, files):
    opener = opener_of(window)
    OpenRequestWatcher(opener, window.store.path)
    post_open_request(window.store.path, [files["package"]])
    qtbot.waitUntil(lambda: window.inbox_actions.inbox is not None, timeout=10_000)
    qtbot.waitUntil(lambda: not opener.busy(), timeout=30_000)
    assert window.store.find_inbox_package(sha(files["package"])) is not None


# ---- the command line, in a fresh process -----------------------------------------------------

def test_gui_open_imports_a_package(tmp_path, files):
    store = tmp_path / "ct20.sqlite3"
    with Store.open(store) as opened:
        opened.set_profile(dict(PROFILE))
    shot = tmp_path / "shot.png"
    result = run_ct20("--db", str(store), "gui", "--open", str(files["package"]), "--screenshot", str(shot))
    assert result.returncode == 0, result.stderr
    with Store.open(store, readonly=True) as opened:
        assert opened.find_inbox_package(sha(files["package"])) is not None


def test_a_store_in_use_gets_the_file_passed_on_never_read_only(tmp_path, files):
    store = tmp_path / "ct20.sqlite3"
    with Store.open(store) as opened:
        opened.set_profile(dict(PROFILE))
    holder = StoreLock(store)
    assert holder.acquire()
    try:
        before = store.read_bytes()
        result = run_ct20("--db", str(store), "gui", "--open", str(files["package"]),
                          "--screenshot", str(tmp_path / "x.png"))
        assert result.returncode == 0, result.stderr
        assert "CT20 khác" in result.stderr and files["package"].name in result.stderr
        assert not (tmp_path / "x.png").exists()
        assert store.read_bytes() == before
        assert take_open_requests(store) == [str(files["package"].resolve())]
    finally:
        holder.release()


# ---- argument parsing -------------------------------------------------------------------------

@pytest.fixture
def started(monkeypatch) -> dict:
    """What `ct20 ...` would have started the app with, without starting it."""
    import desktop.app

    calls: dict = {}
    monkeypatch.setattr(desktop.app, "run_app", lambda **kwargs: calls.update(kwargs) or 0)
    return calls


def test_a_bare_package_path_opens_it(started, tmp_path):
    path = str(tmp_path / "Gói báo cáo.ASICE")
    assert cli.main([path]) == 0
    assert list(started["open_files"]) == [path] and started["report"] is None


def test_several_bare_paths_and_global_options(started, tmp_path):
    db = str(tmp_path / "s.sqlite3")
    assert cli.main(["--db", db, "a.asice", "--lang", "en", "b.asice"]) == 0
    assert list(started["open_files"]) == ["a.asice", "b.asice"]
    assert started["db"] == db and started["lang"] == "en"


def test_gui_open_is_repeatable(started):
    assert cli.main(["gui", "--open", "a", "--open", "b"]) == 0
    assert list(started["open_files"]) == ["a", "b"]


def test_gui_and_no_arguments_still_open_the_app(started):
    assert cli.main([]) == 0
    assert not started["open_files"]
    assert cli.main(["gui", "--report", "R1", "--screenshot", "x.png"]) == 0
    assert started["report"] == "R1" and started["screenshot"] == "x.png" and not started["open_files"]


@pytest.mark.parametrize("argv", [[], ["gui"], ["report", "list"], ["x.asice", "report"], ["--json"],
                                  ["notes.txt"], ["-x.asice"]])
def test_other_arguments_are_not_taken_for_packages(argv):
    assert cli.bare_packages(argv) is None


def test_bare_packages_become_gui_open():
    assert cli.bare_packages(["--db=s", "C:\\Thư mục\\a.asice"]) == ["--db=s", "gui", "--open", "C:\\Thư mục\\a.asice"]
