"""The main window's "Received reports (Inbox)" action: in the main toolbar beside the reports and
in the File menu beside "All reports" (no longer hidden under Tools).

Installed by `MainWindow` with one call, like the export actions; the Inbox opens in a window
of its own on the same store, so the consolidator keeps the report list at hand. The window fits
the screen it opens on and comes back with the size and place the user left it at.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QStyle

from desktop.i18n import N_, _
from desktop.ui.action_host import ActionHost
from desktop.ui.actions import set_action_texts
from desktop.ui.inbox.geometry import fit_to_screen, remember, restore

TEXT = N_("Received reports (&Inbox)")
GEOMETRY_SETTING = "inbox.window_geometry"
TIP = N_("Import the packages received by email, see who has reported, consolidate, send receipts")


class InboxWindow(QMainWindow):
    def __init__(self, store: Any, parent=None) -> None:  # type: ignore[no-untyped-def]
        from desktop.ui.inbox.inbox_page import InboxPage

        super().__init__(parent)
        self.setObjectName("inboxWindow")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
        self.page = InboxPage(store, self)
        self.setCentralWidget(self.page)
        self.setWindowTitle(_("Received reports"))
        self.store = store
        self.resize(1200, 720)
        self.restored = restore(store, GEOMETRY_SETTING, self)

    def closeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        self.page.close()  # waits for a running import: never left behind a closed window
        super().closeEvent(event)

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().showEvent(event)
        fit_to_screen(self)  # again, now that the frame (title bar, borders) is known

    def hideEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        remember(self.store, GEOMETRY_SETTING, self)  # closed, or hidden with the main window
        super().hideEvent(event)


class InboxActions(QObject):
    def __init__(self, window: ActionHost) -> None:
        super().__init__(window.window())
        self.window = window
        self.inbox: InboxWindow | None = None
        self.action = QAction(window.window())
        self.action.setObjectName("action_inbox")
        self.action.setIcon(window.style().standardIcon(QStyle.StandardPixmap.SP_DirOpenIcon))
        window.addAction(self.action)
        self.retranslate()  # texts before the menu and the toolbar show the action (set_action_texts)
        menus = {title: menu for menu, title in window.menus}
        beside = getattr(window, "named_actions", {}).get("list")  # "All reports"
        file_menu = menus.get(N_("&File"))
        if file_menu is not None:
            file_menu.insertAction(_after(file_menu, beside), self.action)
        toolbar = getattr(window, "toolbar", None)
        if toolbar is not None:
            toolbar.insertAction(_after(toolbar, beside), self.action)
        self.action.triggered.connect(self.open_inbox)

    def retranslate(self) -> None:
        set_action_texts(self.action, TEXT, TIP)
        if self.inbox is not None:
            self.inbox.setWindowTitle(_("Received reports"))

    def open_inbox(self) -> InboxWindow | None:
        if self.inbox is None:
            from desktop.store.pg import InboxServerError
            from desktop.store.shared import open_app_inbox

            try:
                store = open_app_inbox(self.window.store)
            except InboxServerError as exc:  # the reports keep working; the Inbox waits for the server
                from PySide6.QtWidgets import QMessageBox

                QMessageBox.warning(self.window.window(), _("Received reports"), exc.render())
                return None
            self.inbox = InboxWindow(store, self.window.window())
        self.inbox.page.refresh()
        if not self.inbox.isVisible():
            restore(self.window.store, GEOMETRY_SETTING, self.inbox)
        self.inbox.show()
        self.inbox.raise_()
        self.inbox.activateWindow()
        return self.inbox


def _after(container, action):  # type: ignore[no-untyped-def]
    """The action that follows `action` in a menu or toolbar (None: append at the end)."""
    actions = container.actions()
    if action in actions and actions.index(action) + 1 < len(actions):
        return actions[actions.index(action) + 1]
    return None
