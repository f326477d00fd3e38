"""The main window hosts the report editor: open with Enter, back to the list, flush on close."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop.reporting.reports import create_report
from desktop.ui.actions import KEYS_PROPERTY
from desktop.ui.editor_host import PlaceholderEditor, editor_class
from tests.ui.conftest import ORG_ID
from tests.ui.helpers import type_text


def test_enter_opens_the_selected_report_and_close_saves_what_was_typed(qtbot, window, profiled_store):
    report_id = create_report(profiled_store, form_id="ct20.province", org_id=ORG_ID, period="2026")
    page = window.list_page
    page.reload()
    page.select(report_id)
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert window.editor_report_id == report_id
    assert window.stack.currentWidget() is window.editor

    field = window.editor.editors["document.number"].focus_widget()
    field.setFocus()
    type_text(qtbot, field, "125/BC-SCT")
    window.close()  # well before the editor's own autosave
    assert profiled_store.get_values(report_id)["document"]["number"] == "125/BC-SCT"


def test_opening_another_report_replaces_the_editor(qtbot, window, profiled_store):
    first = create_report(profiled_store, form_id="ct20.province", org_id=ORG_ID, period="2025")
    second = create_report(profiled_store, form_id="kh1375.unit", org_id=ORG_ID, period="2025")
    window.list_page.reload()
    assert window.open_report(first)
    editor = window.editor
    assert window.open_report(first) and window.editor is editor  # the same report: kept
    assert window.open_report(second)
    assert window.editor is not editor and window.editor_report_id == second
    assert window.stack.count() == 2  # the list and one editor


def test_trashing_the_open_report_closes_its_editor(qtbot, window, profiled_store):
    report_id = create_report(profiled_store, form_id="ct20.province", org_id=ORG_ID, period="2025")
    window.list_page.reload()
    window.open_report(report_id)
    window.show_list()
    window.list_page.select(report_id)
    window.named_actions["trash"].trigger()
    assert window.editor is None
    assert profiled_store.get_report(report_id).trashed_at is not None


def test_the_editor_is_found_or_stood_in_for(qtbot, profiled_store):
    cls = editor_class()
    assert cls.__name__ in ("ReportEditor", "PlaceholderEditor")
    report_id = create_report(profiled_store, form_id="ct20.province", org_id=ORG_ID, period="2026")
    stand_in = PlaceholderEditor(profiled_store, report_id)
    qtbot.addWidget(stand_in)
    with qtbot.waitSignal(stand_in.titleChanged):
        stand_in.retranslate()
    stand_in.flush()


def test_ctrl_s_while_typing_in_the_editor_saves_at_once(qtbot, window, profiled_store):
    """The officer types a figure and presses Ctrl+S, as in Word or Excel: it is in the store at once,
    well before the editor's own autosave (the main window's Save action and the editor's key must
    not cancel each other out)."""
    report_id = create_report(profiled_store, form_id="ct20.province", org_id=ORG_ID, period="2026")
    window.show()
    qtbot.waitExposed(window)
    assert window.open_report(report_id)
    field = window.editor.editors["document.number"].focus_widget()
    field.setFocus()
    qtbot.waitUntil(field.hasFocus)
    type_text(qtbot, field, "126/BC-SCT")
    qtbot.keyClick(field, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert profiled_store.get_values(report_id)["document"]["number"] == "126/BC-SCT"


def test_every_key_of_the_main_window_is_an_action_the_editor_weighs_its_own_keys_against(
        qtbot, window, profiled_store):
    """The editor gives way to the window's actions with its keys (editor/shortcuts.py), looking
    at the window's own children only (issue 16: not the 500 objects under it): every action
    outside the editor that has a key must be one of them."""
    from PySide6.QtGui import QAction

    report_id = create_report(profiled_store, form_id="ct20.province", org_id=ORG_ID, period="2026")
    window.show()
    qtbot.waitExposed(window)
    assert window.open_report(report_id)
    editor = window.editor
    keyed = [a for a in window.findChildren(QAction) if a.shortcuts()
             and not (a.parent() is editor or editor.isAncestorOf(a.parent()))]
    assert len(keyed) >= 8 and all(action.parent() is window for action in keyed)
    # each with its keys as the text the editor compares (actions.set_shortcut)
    assert all(action.property(KEYS_PROPERTY) == action.shortcut().toString() for action in keyed)
    assert all(s.property(KEYS_PROPERTY) == s.key().toString() for s in editor._shortcuts)
    window_keys = {keys.toString() for action in keyed for keys in action.shortcuts()}
    disabled = {s.key().toString() for s in editor._shortcuts if not s.isEnabled()}
    assert "Ctrl+S" in window_keys and not disabled & {"Ctrl+S", "F8", "Ctrl+Z"}


def test_keys_are_compared_whatever_the_order_of_their_modifiers():
    from desktop.ui.editor.shortcuts import key_set

    assert key_set("Ctrl+Shift+Z") == key_set("Shift+Ctrl+Z") == key_set("ctrl+shift+z")
    assert key_set("Ctrl++") != key_set("Ctrl+-") and key_set("Ctrl++") == key_set("Ctrl + +".replace(" ", ""))
    assert key_set("F8") != key_set("Shift+F8") and key_set("Ctrl+S") != key_set("Ctrl+Shift+S")
