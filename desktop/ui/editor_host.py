"""Finding the report editor (`desktop.ui.editor.ReportEditor`), with a stand-in until it exists.

The editor is imported on first use, so the main window starts without paying for it.
Its contract: `ReportEditor(store, report_id, parent=None)`, signal `titleChanged(str)`,
`flush()` saves pending edits, `retranslate()` re-renders its texts.
"""

from __future__ import annotations

import importlib

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from desktop.i18n import _
from desktop.reporting import report_info as info
from desktop.store import Store
from desktop.ui.signals import emit

EDITOR_MODULE = "desktop.ui.editor"


class EditorWidget(QWidget):
    """What the main window uses of a report editor (the contract above)."""

    titleChanged = Signal(str)

    def __init__(self, store: Store, report_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)

    def flush(self) -> None:
        """Save every pending edit now."""

    def retranslate(self) -> None:
        """Apply the current language to every text."""


def editor_class() -> type[EditorWidget]:
    try:
        module = importlib.import_module(EDITOR_MODULE)
    except ModuleNotFoundError as exc:
        if exc.name and EDITOR_MODULE.startswith(exc.name):
            return PlaceholderEditor  # this build has no editor yet; anything else is a bug
        raise
    # The editor's folder without its `__init__` yet (being written) imports as an empty namespace.
    return getattr(module, "ReportEditor", PlaceholderEditor)


class PlaceholderEditor(EditorWidget):
    """Shows which report was opened; used only while no editor is installed."""

    def __init__(self, store: Store, report_id: str, parent: QWidget | None = None) -> None:
        super().__init__(store, report_id, parent)
        self.setObjectName("placeholderEditor")
        self.store = store
        self.report_id = store.get_report(report_id).id
        self.label = QLabel(self)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        self.retranslate()

    def title(self) -> str:
        return info.describe_report(self.store.get_report(self.report_id))

    def retranslate(self) -> None:
        self.label.setText(
            _("{report}\n\nThe form editor is not available in this version.").format(
                report=self.title()
            )
        )
        emit(self.titleChanged, self.title())

    def flush(self) -> None:
        """Nothing is typed here, so nothing is pending."""
