"""Help > User guide: the bundled guide (Markdown with its screenshots), read offline in a window."""

from __future__ import annotations

import re

from PySide6.QtCore import QUrl
from PySide6.QtGui import QTextCursor, QTextDocument, QTextImageFormat, QTextLength
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
            prepare_guide(self.browser.document())
        else:  # a damaged install: say so instead of an empty window
            self.browser.setPlainText(_("The user guide is missing from this installation ({path}). "
                                        "Reinstall CT20 to get it back.").format(path=str(path)))
        self.resize(980, 760)
        fit_to_screen(self, centre=True)


def heading_anchor(title: str) -> str:
    """The anchor a Markdown viewer (GitHub) gives a heading: "7. Xuất và ký số" -> "7-xuất-và-ký-số"."""
    return re.sub(r"[^\w\- ]", "", title.strip().lower()).replace(" ", "-")


def prepare_guide(document: QTextDocument) -> None:
    """What Qt's Markdown reader leaves out: anchors on the headings (the contents' links) and
    pictures no wider than the window (a 1366-pixel screenshot would need sideways scrolling)."""
    fit = QTextLength(QTextLength.Type.PercentageLength, 100)
    block = document.begin()
    while block.isValid():
        if block.blockFormat().headingLevel() > 0 and block.length() > 1:
            cursor = QTextCursor(block)
            cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor)
            anchor = cursor.charFormat()
            anchor.setAnchor(True)
            anchor.setAnchorNames([heading_anchor(block.text())])
            cursor.mergeCharFormat(anchor)
        pieces = block.begin()
        while not pieces.atEnd():
            piece = pieces.fragment()
            if piece.charFormat().isImageFormat():
                picture = QTextImageFormat(piece.charFormat().toImageFormat())
                picture.setMaximumWidth(fit)
                cursor = QTextCursor(document)
                cursor.setPosition(piece.position())
                cursor.setPosition(piece.position() + piece.length(), QTextCursor.MoveMode.KeepAnchor)
                cursor.setCharFormat(picture)
            pieces += 1
        block = block.next()


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
