"""The window and the editor's panels open as the officer left them, fitted to the screen."""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import QSplitter, QTextBrowser

from desktop.reporting.reports import create_report
from desktop.ui.main_window import MainWindow
from tests.ui.conftest import ORG_ID


def _window(qtbot, store) -> MainWindow:
    window = MainWindow(store)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def _screen() -> QRect:
    return QGuiApplication.primaryScreen().availableGeometry()


def test_size_and_position_come_back_after_a_restart(qtbot, profiled_store):
    first = _window(qtbot, profiled_store)
    area = _screen()
    width = first.minimumSizeHint().width() + 5
    first.resize(width, 500)
    first.move(area.x() + 3, area.y() + 10)
    qtbot.waitUntil(lambda: first.size().width() == width and first.size().height() == 500)
    wanted = (first.size(), first.pos())
    assert wanted[0] != (1200, 760)
    first.close()

    second = _window(qtbot, profiled_store)
    assert second.size() == wanted[0]
    # Qt's restoreGeometry() on the offscreen platform allows for a title bar it does not draw:
    # the window comes back at most a title bar's height lower.
    assert second.pos().x() == wanted[1].x() and 0 <= second.pos().y() - wanted[1].y() <= 16
    second.close()


def test_a_window_saved_on_a_wider_screen_is_fitted_to_this_one(qtbot, profiled_store):
    area = _screen()
    first = _window(qtbot, profiled_store)
    first.setGeometry(area.x() + 300, area.y() + 200, area.width() + 900, area.height() + 600)
    first.close()  # saved as it is: larger than the screen it will open on

    second = _window(qtbot, profiled_store)
    qtbot.waitUntil(lambda: area.contains(second.frameGeometry()), timeout=3000)
    frame = second.frameGeometry()
    assert area.width() == 1366 and area.height() == 768  # the office laptop of tests/ui/conftest.py
    assert frame.width() <= area.width() and frame.height() <= area.height()
    assert area.contains(frame.topLeft())
    assert frame.bottom() <= area.bottom()
    second.close()


def test_a_first_start_fits_and_is_centred(qtbot, profiled_store):
    window = _window(qtbot, profiled_store)
    area = _screen()
    qtbot.wait(50)  # the fit after the first paint, once the frame is known
    frame = window.frameGeometry()
    assert frame.width() <= area.width() and frame.height() <= area.height()
    assert area.contains(frame.topLeft())
    assert abs(frame.center().x() - area.center().x()) <= 2
    window.close()


def test_the_editor_panels_keep_the_width_the_officer_gave_them(qtbot, profiled_store):
    report_id = create_report(profiled_store, form_id="ct20.province", org_id=ORG_ID, period="2026")
    window = _window(qtbot, profiled_store)
    assert window.open_report(report_id)
    splitter = window.editor.findChild(QSplitter, "editorSplitter")
    total = sum(splitter.sizes())
    splitter.moveSplitter(total // 2, 2)  # the officer widens the checks panel
    wanted = splitter.sizes()
    assert wanted[2] > 320
    window.close()

    again = _window(qtbot, profiled_store)
    assert again.open_report(report_id)
    restored = again.editor.findChild(QSplitter, "editorSplitter").sizes()
    assert abs(restored[2] - wanted[2]) <= 2
    again.close()


def test_a_damaged_saved_geometry_is_ignored(qtbot, profiled_store):
    profiled_store.set_setting("ui.layout.main.geometry", "not base64 at all!")
    window = _window(qtbot, profiled_store)
    assert window.width() > 300
    window.close()


def test_help_opens_the_bundled_guide_with_its_pictures(qtbot, window):
    action = window.named_actions["guide"]
    assert action.shortcut() == QKeySequence(QKeySequence.StandardKey.HelpContents)
    help_menu = next(menu for menu, title in window.menus if title == "&Help")
    assert action in help_menu.actions()
    action.trigger()
    from desktop.ui.user_guide import UserGuideDialog

    dialog = window.findChild(UserGuideDialog)
    assert dialog is not None and dialog.isVisible()
    browser = dialog.findChild(QTextBrowser)
    text = browser.toPlainText()
    assert "Hướng dẫn" in text and len(text) > 5000
    assert browser.document().resource(2, browser.source().resolved(  # an image of the guide loads
        __import__("PySide6.QtCore", fromlist=["QUrl"]).QUrl("screenshots/list-vi.png"))) is not None
    action.trigger()  # a second press brings the same window forward
    assert len(window.findChildren(UserGuideDialog)) == 1


def test_a_window_closed_as_it_opened_writes_nothing(qtbot, profiled_store):
    first = _window(qtbot, profiled_store)
    first.close()
    saved = profiled_store.get_setting("ui.layout.main.geometry")
    assert isinstance(saved, str)
    writes = []
    profiled_store.shared.raw.set_trace_callback(
        lambda sql: writes.append(sql) if sql.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")) else None)
    try:
        second = _window(qtbot, profiled_store)
        second.close()  # the same geometry: nothing to save
    finally:
        profiled_store.shared.raw.set_trace_callback(None)
    assert [w for w in writes if "ui.layout.main.geometry" in w or "settings" in w.lower()] == []
    assert profiled_store.get_setting("ui.layout.main.geometry") == saved
    third = _window(qtbot, profiled_store)
    third.resize(third.width() - 40, third.height())
    qtbot.waitUntil(lambda: profiled_store is not None and third.width() > 0)
    third.close()  # changed: saved
    assert profiled_store.get_setting("ui.layout.main.geometry") != saved
