"""The main window's toolbar on the laptop screen most offices have (1366×768, set by the root
conftest): every action is on the bar itself, none behind the » chevron, in Vietnamese (the longer
labels) and in English; a label shortened for the bar keeps the whole name in its tooltip."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QApplication, QToolButton


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_toolbar_action_is_visible_at_1366_pixels(qtbot, window, lang: str) -> None:
    from desktop.i18n import set_language
    from desktop.ui.qt_i18n import QtLanguage

    set_language(lang)
    QtLanguage().apply(lang)
    window.retranslate()
    screen = QApplication.primaryScreen().geometry()
    assert (screen.width(), screen.height()) == (1366, 768)
    window.resize(screen.width(), screen.height())
    qtbot.waitUntil(lambda: window.width() == 1366)
    toolbar = window.toolbar
    QApplication.processEvents()
    shown = [action for action in toolbar.actions() if not action.isSeparator() and action.isVisible()]
    names = {action.objectName() for action in shown}
    assert {"action_new", "action_list", "action_inbox", "action_backup", "action_export", "action_revise",
            "action_check_pdf"} <= names  # the bar's own, the Inbox, export and revise, the PDF check
    bar = QRect(0, 0, toolbar.width(), toolbar.height())
    for action in shown:
        widget = toolbar.widgetForAction(action)
        assert widget is not None and widget.isVisible(), action.text()  # not in the » overflow
        assert bar.contains(widget.geometry()), (action.text(), widget.geometry(), bar)
        whole = re.sub(r"&(.)", r"\1", action.text()).rstrip("…").strip()
        if action.iconText() != whole:  # shortened on the bar: the whole name on hover
            assert action.toolTip().startswith(whole), (action.iconText(), action.toolTip())
    chevron = toolbar.findChild(QToolButton, "qt_toolbar_ext_button")
    assert chevron is None or not chevron.isVisible()
    # the menus keep the whole names
    assert window.named_actions["backup"].text() != window.named_actions["backup"].iconText()
