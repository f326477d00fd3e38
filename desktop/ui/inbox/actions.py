"""The main window's "Received reports (Inbox)…" action, in the Tools menu.

Installed by `MainWindow` with one call, like the export actions; the Inbox opens in a window
of its own on the same store, so the consolidator keeps the report list at hand.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QStyle

from desktop.i18n import N_, _
from desktop.ui.action_host import ActionHost

TEXT = N_("Received reports (&Inbox)…")
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
        self.resize(1200, 720)

    def closeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        self.page.close()  # waits for a running import: never left behind a closed window
        super().closeEvent(event)


class InboxActions(QObject):
    def __init__(self, window: ActionHost) -> None:
        super().__init__(window.window())
        self.window = window
        self.inbox: InboxWindow | None = None
        self.action = QAction(window.window())
        self.action.setObjectName("action_inbox")
        self.action.setIcon(window.style().standardIcon(QStyle.StandardPixmap.SP_DirOpenIcon))
        window.addAction(self.action)
        menus = {title: menu for menu, title in window.menus}
        tools = menus.get(N_("&Tools"))
        if tools is not None:
            tools.addAction(self.action)
        self.action.triggered.connect(self.open_inbox)
        self.retranslate()

    def retranslate(self) -> None:
        self.action.setText(_(TEXT))
        self.action.setStatusTip(_(TIP))
        self.action.setToolTip(_(TIP))
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
        self.inbox.show()
        self.inbox.raise_()
        self.inbox.activateWindow()
        return self.inbox
