"""Under the Inbox board: the selected package's justifications of warnings (and a sample's mark).

A small read-only view; the Inbox screen places it under its board and calls `show_package`."""

from __future__ import annotations

from html import escape as html_escape
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from desktop.i18n import _, count_text, ngettext
from desktop.inbox.received_notes import ReceivedNotes, received_notes

SAMPLE_STYLE = "color: #b71c1c; font-weight: bold;"


class ReceivedNotesView(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("receivedNotes")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.inbox_id: int | None = None
        self.notes = ReceivedNotes()
        self.hide()

    def show_package(self, store: Any, inbox_id: int | None) -> None:
        if inbox_id == self.inbox_id:
            return
        self.inbox_id = inbox_id
        self.notes = received_notes(store, inbox_id) if inbox_id is not None else ReceivedNotes()
        self.render_notes()

    def render_notes(self) -> None:
        notes, parts = self.notes, []
        if notes.sample:
            warning = _("This package is a SAMPLE report: its figures are invented and it has no value.")
            parts.append(f'<p style="{SAMPLE_STYLE}">{html_escape(warning)}</p>')
        if notes.justifications:
            parts.append("<p><b>" + html_escape(ngettext(
                "The reporter's justification of {count} warning:",
                "The reporter's justifications of {count} warnings:",
                len(notes.justifications)).format(count=count_text(len(notes.justifications)))) + "</b></p><ol>")
            for item in notes.justifications:
                parts.append("<li>" + html_escape(item["warning"]) + "<br><i>" + html_escape(
                    _("Justification: {reason}").format(reason=item["reason"])) + "</i></li>")
            parts.append("</ol>")
        self.setText("".join(parts))
        self.setVisible(bool(parts))

    def plain_text(self) -> str:
        """What the view says, without markup (tests and accessibility)."""
        from PySide6.QtGui import QTextDocument

        document = QTextDocument()
        document.setHtml(self.text())
        return document.toPlainText()
