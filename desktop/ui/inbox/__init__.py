"""The Inbox screen (Cục ATMT): import received packages, the board, consolidation.

`actions.InboxActions` puts it in the main window's toolbar and File menu, beside the reports;
`InboxPage` is the screen. Nothing heavy (pyHanko, reportlab, openpyxl) is imported until the
screen is first used, so the main window starts as fast as before.
"""

from __future__ import annotations

from typing import Any

__all__ = ["InboxPage"]


def __getattr__(name: str) -> Any:
    if name == "InboxPage":
        from desktop.ui.inbox.inbox_page import InboxPage

        return InboxPage
    raise AttributeError(f"module 'desktop.ui.inbox' has no attribute {name!r}")
