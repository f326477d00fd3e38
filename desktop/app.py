"""Starting the desktop application: Qt set-up, the store (one writer at a time), first start.

`ct20 gui` and `ct20` without a command call `run_app`. The widgets in `desktop.ui` are
imported only here, inside `run_app`, so the headless commands never load Qt.
"""

from __future__ import annotations

import gc
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from desktop import APP_NAME, __version__
from desktop.i18n import DEFAULT_LANGUAGE, normalize_language, set_language
from desktop.paths import default_store_path, resources_dir
from desktop.store import Store

LANGUAGE_SETTING = "language"
EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2

log = logging.getLogger(__name__)


def resume_collection() -> None:
    """End the start's pause of cyclic garbage collection (desktop.cli.parser.main pauses it for
    `ct20 gui`: the objects made until the first paint, modules, classes and widgets, are nearly
    all kept, and the collector would walk them again and again). Called once the window is
    painted, before any dialog waits for the user, and on every way out: what the start made is
    moved out of the collector's sight (gc.freeze: it lives as long as the app) and collection
    runs again for everything made from now on."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


def choose_language(requested: str | None, saved: str | None) -> str:
    """A language asked for on this start (`--lang`, CT20_LANG) wins; otherwise the saved setting.

    The CLI passes None when the user did not choose, so an explicit `--lang vi` is honoured.
    """
    if requested:
        return normalize_language(requested)
    return normalize_language(saved) if saved else DEFAULT_LANGUAGE


def _skip_pyside_source_scan() -> None:
    """Spare PySide6 reading the source of every module imported.

    Once imported, PySide6 looks at every module named by an import statement, once, to learn
    whether it selects one of its `__feature__`s (shibokensupport.feature: it reads the module's
    whole source file and searches it for "PySide6"), also when the statement names a module
    loaded long before: typing, logging, dataclasses, CT20's own. From source that was 18 M
    instructions of the report list's start and 20 M more of the start with a report open, for
    the modules loaded after PySide6 (issue 16). The frozen app has no source files to read: there
    PySide6 enters every module as one without PySide ("ignore", -1), and so it does here too,
    for the modules loaded before it (entered at once) and after it (its scan answers "no" without
    reading). CT20 selects no feature anywhere; a `from __feature__ import` statement would still
    select its feature (PySide6 sees that statement itself). Nothing is done if this PySide6 keeps
    no such table or scan."""
    feature = sys.modules.get("shibokensupport.feature")
    table = getattr(feature, "pyside_feature_dict", None)
    if isinstance(table, dict):
        for name in list(sys.modules):
            table.setdefault(name, -1)
    if callable(getattr(feature, "_mod_uses_pyside", None)):
        feature._mod_uses_pyside = _no_source_read  # type: ignore[union-attr]


def _no_source_read(module: object) -> bool:
    """shibokensupport.feature's scan of a module's source, answered as in the frozen app."""
    return False


def _application():
    from PySide6.QtCore import Qt

    _skip_pyside_source_scan()
    from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
            Qt.HighDpiScaleFactorRoundingPolicy.PassThrough  # 125 %/150 % Windows scaling stays sharp
        )
        app = QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)  # the widgets need a QApplication, not a bare QCoreApplication
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setApplicationVersion(__version__)
    if sys.platform != "win32":  # Windows' Segoe UI covers Vietnamese; elsewhere bring a font that does
        font_id = QFontDatabase.addApplicationFont(str(resources_dir() / "fonts" / "NotoSans-Regular.ttf"))
        families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        if families:
            app.setFont(QFont(families[0], app.font().pointSize()))
    return app


def _open_store(path: Path, *, interactive: bool, open_files: Sequence[str] = ()):
    """(store, lock) or None after telling the user why not. The lock is None when read-only.
    False when the files to open were passed on to the window that holds the store.

    With `open_files` (packages to import) a store held by another window is never opened
    read-only: the files are passed on to that window instead (desktop.ui.open_files)."""
    from desktop.i18n import _
    from desktop.store import Store, StoreError, StoreReadOnlyMediumError
    from desktop.ui.instance_lock import StoreLock, ask_open_read_only, show_store_error

    lock = StoreLock(path)
    readonly = False
    if not lock.acquire():
        resume_collection()  # the slow way, where dialogs may wait for the user
        if not path.exists():  # the other window has not even created it yet: nothing to read
            readonly = False
            if not lock.acquire(timeout_ms=3000):
                show_store_error(_("Another CT20 window is starting with this data file."), path)
                return None
        elif lock.denied:  # a folder we may not write to: reading is all that is possible
            readonly = True
        elif open_files:  # never read-only for an import: the window holding the store gets them
            _pass_to_running_window(path, open_files, interactive=interactive)
            return False
        elif interactive and not ask_open_read_only(path):
            return None
        else:
            readonly = True
    store: Store | None
    try:
        try:
            store = Store.open(path, readonly=readonly, daily_backup=True)
        except StoreReadOnlyMediumError:  # a read-only disk or file: not damage, the data can be read
            store, readonly = Store.open(path, readonly=True), True
            lock.release()
    except StoreError as exc:
        resume_collection()
        store, error = _recover(path, exc) if interactive and not readonly else (None, exc)
        if store is None:
            lock.release()
            if interactive:
                show_store_error(error.render(), path)
            else:
                sys.stderr.write(error.render() + "\n")
            return None
    return store, (None if readonly else lock)


def _pass_to_running_window(path: Path, files: Sequence[str], *, interactive: bool) -> None:
    """Another CT20 window holds the store: leave it the files to open, and say so."""
    from desktop.i18n import _
    from desktop.open_requests import post_open_request

    names = ", ".join(Path(f).name for f in files)
    try:
        post_open_request(path, files)
    except OSError:
        text = _("Your reports are already open in another CT20 window. To import {file}, use that window "
                 "(Inbox, or Report › Import a receipt).").format(file=names)
    else:
        text = _("Your reports are already open in another CT20 window. {file} was passed to it: "
                 "switch to that window to see the result.").format(file=names)
    if not interactive:
        sys.stderr.write(text + "\n")
        return
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Information, _("CT20 is already open"), text, QMessageBox.StandardButton.Ok)
    box.exec()


def _recover(path: Path, error):  # type: ignore[no-untyped-def]
    """(store, None) after putting the automatic backup in place of a damaged store, if the user
    agrees; otherwise (None, the error to show)."""
    from desktop.autobackup import auto_backup_time, restore_auto_backup
    from desktop.store import CorruptStoreError, NotAStoreError, Store, StoreError
    from desktop.ui.store_recovery import ask_restore_auto_backup

    made = auto_backup_time(path)
    if made is None or not isinstance(error, CorruptStoreError) or isinstance(error, NotAStoreError):
        return None, error
    if not ask_restore_auto_backup(path, made):
        return None, error
    try:
        restore_auto_backup(path)  # the damaged file is kept aside, never deleted
        return Store.open(path), None
    except StoreError as failed:
        return None, failed


def _keep_auto_backup(store, *, interactive: bool) -> None:
    """Refresh the automatic backup; a store holding less than it replaces it only if the user says so."""
    from desktop.autobackup import keep_auto_backup_outcome

    outcome = keep_auto_backup_outcome(store)
    if outcome.skipped == "smaller" and interactive:
        from desktop.ui.store_recovery import ask_replace_larger_backup

        if ask_replace_larger_backup(store.path, outcome.smaller):
            keep_auto_backup_outcome(store, force=True)


def _first_start(store: Store) -> bool:
    """The wizard when the store has no profile yet; False if the user cancelled it."""
    from desktop.ui.first_start import FirstStartWizard

    wizard = FirstStartWizard(store)
    return bool(wizard.exec())


def run_app(db: str | Path | None = None, report: str | None = None,
            screenshot: str | Path | None = None, lang: str | None = None,
            open_files: Sequence[str | Path] = ()) -> int:
    """Open the application; returns the exit code. `screenshot`: save the window and quit (once
    the `open_files` are imported). `open_files`: .asice files to open (desktop.ui.open_files)."""
    from desktop.store.files import make_private_folder

    path = Path(db) if db else default_store_path()
    make_private_folder(path.parent)  # the store and its backups are the user's only
    set_language(lang or DEFAULT_LANGUAGE)
    app = _application()

    from desktop.ui.qt_i18n import QtLanguage

    qt_language = QtLanguage()
    qt_language.apply(lang or DEFAULT_LANGUAGE)
    interactive = screenshot is None
    files = [str(f) for f in open_files]
    opened = _open_store(path, interactive=interactive, open_files=files)
    if opened is None:
        return EXIT_ERROR
    if opened is False:
        return EXIT_OK
    store, lock = opened
    try:
        language = choose_language(lang, store.get_setting(LANGUAGE_SETTING))
        set_language(language)
        qt_language.apply(language)
        needs_profile = not store.readonly and not store.get_profile().get("org_id")
        if interactive and needs_profile:
            resume_collection()  # the wizard waits for the user
            if not _first_start(store):
                return EXIT_OK
        return _run_main_window(app, store, qt_language, report=report, screenshot=screenshot, open_files=files)
    finally:
        resume_collection()
        _keep_auto_backup(store, interactive=interactive)  # to fall back on if the store is ever damaged
        store.close()
        if lock is not None:
            lock.release()


def _start_test_driver(window) -> None:
    """CT20_TEST_DRIVER=<file.py>: the acceptance tests drive the real app from inside (its
    `drive(window)` runs once the event loop starts). Never set by users or the installer."""
    import os

    driver = os.environ.get("CT20_TEST_DRIVER")
    if not driver:
        return
    import runpy

    from PySide6.QtCore import QTimer

    drive = runpy.run_path(driver)["drive"]
    QTimer.singleShot(0, lambda: drive(window))


def _run_main_window(app, store, qt_language, *, report, screenshot, open_files=()) -> int:
    from PySide6.QtCore import QTimer

    from desktop.ui.main_window import MainWindow
    from desktop.ui.open_files import FileOpener, OpenRequestWatcher

    window = MainWindow(store, qt_language=qt_language, list_when_shown=bool(report))
    window.quiet = screenshot is not None  # no dialog may wait for a user who is not there
    opener = window.file_opener = FileOpener(window)
    if not store.readonly:  # files double-clicked while this window is open come here
        window.open_requests = OpenRequestWatcher(opener, store.path)
    if report and screenshot is not None:
        from desktop.store import StoreError

        try:
            report = store.get_report(report).id
        except StoreError as exc:
            sys.stderr.write(exc.render() + "\n")
            return EXIT_USAGE
    window.show()
    if report:
        window.open_at_start(report)
    QTimer.singleShot(0, resume_collection)  # the first event loop turn, once the window is painted
    _start_test_driver(window)
    if open_files:
        QTimer.singleShot(0, lambda: opener.open(open_files))
    if screenshot is not None:
        result = {"code": EXIT_OK}

        def capture(painted: bool = False) -> None:
            if opener.busy():  # the opened files' import comes first
                QTimer.singleShot(50, capture)
                return
            until_painted = _until_painted(window)
            if until_painted is not None:  # an open report: once it is painted with its values
                until_painted(lambda: capture(painted=True))
                return
            if not painted:  # (just painted: the events now due are the report's first checks)
                app.processEvents()
            if not window.grab().save(str(screenshot), _image_format(screenshot)):
                sys.stderr.write(f"cannot write the screenshot {screenshot}\n")
                result["code"] = EXIT_ERROR
            window.close()
            app.quit()

        QTimer.singleShot(0, capture)  # runs once the event loop has drawn the window
        app.exec()
        _finish_running_jobs()
        return result["code"]
    code = int(app.exec())
    _finish_running_jobs()
    return code


def _image_format(path: str | Path) -> str:
    """PNG, or BMP for a .bmp file: uncompressed, what bench/bench_startup.py asks for, so that its
    figures hold the start, not the compression of the picture (a third of a bare window's run,
    and more for a window with more on it)."""
    return "BMP" if Path(path).suffix.lower() == ".bmp" else "PNG"


def _until_painted(window):  # type: ignore[no-untyped-def]
    """None once the window is as the user first sees it, an open report painted with its values;
    until then, the editor's `when_painted` (it calls back right after that paint).

    The report's first checks start after that paint and run a step at a time from the event loop,
    so the window takes input meanwhile (desktop.ui.editor.editor_checks): they are not waited
    for, and the checks panel says it is checking. `--screenshot` (and bench/bench_startup.py,
    which times it) grabs the window at that first paint, at one well-defined point before any
    step of the checks."""
    editor = window.editor
    if editor is None or getattr(editor, "when_painted", None) is None or editor.painted():
        return None
    return editor.when_painted


def _finish_running_jobs() -> None:
    """Let a background job still running (a package being signed or saved) end before exit."""
    worker = sys.modules.get("desktop.ui.export.worker")  # not imported: no job was ever started
    if worker is not None and not worker.wait_for_running_jobs(120_000):
        log.warning("a background job was still running when the application quit")
