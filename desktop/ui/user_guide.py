"""Help > User guide: the bundled guide (Markdown with its screenshots), read offline in a window."""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from desktop.i18n import _, current_language
from desktop.paths import user_guide_path
from desktop.ui.layout_memory import fit_to_screen


class UserGuideDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("userGuide")
        self.setWindowTitle(_("CT20 user guide"))
        self.browser = QTextBrowser(self)
        self.browser.setObjectName("userGuideText")
        self.browser.setOpenExternalLinks(True)  # links out of the guide open in the browser
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
        path = user_guide_path(current_language())
        if path.exists():
            self.browser.setSource(QUrl.fromLocalFile(str(path)), QTextDocument.ResourceType.MarkdownResource)
        else:  # a damaged install: say so instead of an empty window
            self.browser.setPlainText(_("The user guide is missing from this installation ({path}). "
                                        "Reinstall CT20 to get it back.").format(path=str(path)))
        self.resize(980, 760)
        fit_to_screen(self, centre=True)


def show_user_guide(parent: QWidget) -> UserGuideDialog:
    """Open the guide without blocking the window behind it (an officer reads while typing)."""
    existing = parent.findChild(UserGuideDialog)
    if existing is not None:
        existing.raise_()
        existing.activateWindow()
        return existing
    dialog = UserGuideDialog(parent)
    dialog.show()
    return dialog
