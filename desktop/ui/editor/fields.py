"""One editor per top-level field, chosen by the field's type (no per-form widgets).

Each input hands what the user typed to the session on every change (so autosave always has the
latest text) and shows the stored value again when it changes from elsewhere (undo, restore).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.forms.model import NUMBER_TYPES, Field
from desktop.forms.values import choice_options
from desktop.i18n import _, current_language, pick
from desktop.i18n.formatting import format_number
from desktop.reporting.cells import edit_text, number_decimals
from desktop.reporting.examples import field_help

from .message_line import MessageLine, mute
from .session import EditSession
from .table_editor import TableEditor

if TYPE_CHECKING:
    from PySide6.QtWidgets import QCalendarWidget

PENDING_STYLE = "border: 2px solid #b00020; background: #fde2e2;"


def escape_html(text: str) -> str:
    """`html.escape(text)`: the `html` module costs the start its table of 2,000 entities (issue 16)."""
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;").replace("'", "&#x27;"))


class FieldEditor(QWidget):
    """Label (with * when required), the input, its unit, help text and the field's problems."""

    def __init__(self, session: EditSession, field: Field, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.field = field
        self._pushing = False
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.help = QLabel(self)
        self.help.setWordWrap(True)
        mute(self.help)
        self.problem = MessageLine(self)  # always there: a message never moves the fields below
        self.revealed = False  # problems show once the user left the field or asked for the checks
        self._issues: list[tuple[str, str]] = []
        self.unit = QLabel(self)
        self.input = self.build_input()
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        wide = field.type in ("text", "longtext", "table")
        row.addWidget(self.input, 1 if wide else 0)
        for extra in self.extra_widgets():
            row.addWidget(extra)
        row.addWidget(self.unit)
        if not wide:
            row.addStretch(1)  # short inputs (numbers, dates, choices) stay at the left edge
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 8)
        layout.setSpacing(3)
        layout.addWidget(self.label)
        layout.addLayout(row)
        layout.addWidget(self.problem)
        layout.addWidget(self.help)
        self.label.setBuddy(self.input)
        session.fieldChanged.connect(self._on_field_changed)
        self.retranslate()
        self.set_read_only(session.read_only)

    # -- for subclasses

    def build_input(self) -> QWidget:
        raise NotImplementedError

    def extra_widgets(self) -> list[QWidget]:
        return []

    def refresh(self) -> None:
        """Show the session's value (or the text kept as typed)."""

    def set_read_only(self, read_only: bool) -> None:
        self.input.setEnabled(not read_only)

    def focus_input(self) -> None:
        self.input.setFocus(Qt.FocusReason.OtherFocusReason)

    def focus_widget(self) -> QWidget:
        return self.input

    # -- shared

    def push(self, raw: Any) -> None:
        self._pushing = True
        try:
            self.session.edit_field(self.field.key, raw)
        finally:
            self._pushing = False
        self.show_pending()

    def _on_field_changed(self, path: str) -> None:
        if path in ("", self.field.key) and not self._pushing:
            self.refresh()
            self.show_pending()

    def show_pending(self) -> None:
        pending = self.session.pending_text(self.field.key)
        self.input.setStyleSheet(PENDING_STYLE if pending is not None and self.revealed else "")
        if pending is not None:
            reading = self.session.read(self.field.key, pending)
            reason = reading.error.render(current_language()) if reading.error else ""
            self.input.setToolTip(_("Not saved as a value yet, kept as typed: {reason}").format(reason=reason))
        else:
            self.input.setToolTip("")

    def set_issues(self, issues: list[tuple[str, str]]) -> None:
        """Problems of this field from the checks, typed text that cannot be read first: [(severity, text)]."""
        self._issues = issues
        self._show_issues()

    def reveal(self, revealed: bool = True) -> None:
        """Show this field's problems (the user left it, or asked for the checks)."""
        if revealed != self.revealed:
            self.revealed = revealed
            self._show_issues()
            self.show_pending()

    def _show_issues(self) -> None:
        issues = self._issues if self.revealed else []
        more = _("… and {count} more in the checks panel").format(count=len(issues) - 3) if len(issues) > 3 else ""
        self.problem.set_messages(issues[:3], more)

    def retranslate(self) -> None:
        lang = current_language()
        label = pick(self.field.label, lang)
        marker = ' <span style="color:#b00020">*</span>' if self.field.required else ""
        self.label.setText(escape_html(label) + marker)
        help_text = field_help(self.field, lang, self.session.examples)  # examples from the organisation
        self.help.setText(help_text)
        self.help.setVisible(bool(help_text))
        unit = pick(self.field.unit, lang) if self.field.unit else ""
        self.unit.setText(unit)
        self.unit.setVisible(bool(unit))
        name = _("{label} (required)").format(label=label) if self.field.required else label
        self.focus_widget().setAccessibleName(name)
        description = " ".join(t for t in (help_text, unit and _("Unit: {unit}").format(unit=unit)) if t)
        self.focus_widget().setAccessibleDescription(description)
        self.refresh()
        self.show_pending()


class LineField(FieldEditor):
    """text, int, decimal and percent: Vietnamese entry "1.234,5", shown grouped after editing."""

    def build_input(self) -> QWidget:
        line = QLineEdit(self)
        line.textEdited.connect(self.push)
        line.editingFinished.connect(self._finished)
        if self.field.type in NUMBER_TYPES:
            line.setAlignment(Qt.AlignmentFlag.AlignRight)
            line.setFixedWidth(200)
        self.line = line
        return line

    def _finished(self) -> None:
        self.session.end_typing()
        if self.session.pending_text(self.field.key) is None:
            self.refresh()

    def refresh(self) -> None:
        pending = self.session.pending_text(self.field.key)
        text = pending if pending is not None else edit_text(
            self.field, self.session.value(self.field.key), current_language())
        if text != self.line.text():
            self.line.setText(text)

    def set_read_only(self, read_only: bool) -> None:
        self.line.setReadOnly(read_only)

    def retranslate(self) -> None:
        if self.field.type in NUMBER_TYPES:
            sample = 1234 if self.field.type == "int" else 1234.5
            self.line.setPlaceholderText(_("e.g. {example}").format(
                example=format_number(sample, current_language(), decimals=number_decimals(self.field))))
        super().retranslate()


class LongTextField(FieldEditor):
    def build_input(self) -> QWidget:
        box = QPlainTextEdit(self)
        box.setTabChangesFocus(True)
        box.setUndoRedoEnabled(False)  # the editor's undo stack covers it
        box.setMinimumHeight(90)
        box.setMaximumHeight(220)
        box.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        box.textChanged.connect(self._changed)
        self.box = box
        self._refreshing = False
        return box

    def _changed(self) -> None:
        if not self._refreshing:
            self.push(self.box.toPlainText())

    def refresh(self) -> None:
        pending = self.session.pending_text(self.field.key)
        value = self.session.value(self.field.key)
        text = pending if pending is not None else (value or "")
        current = self.box.toPlainText()
        differs = self.session.read(self.field.key, current).value != (value or None)
        if (differs or pending is not None) and text != current:
            self._refreshing = True
            self.box.setPlainText(text)
            self._refreshing = False

    def set_read_only(self, read_only: bool) -> None:
        self.box.setReadOnly(read_only)


class DateField(LineField):
    """A date typed as dd/mm/yyyy (or picked from a calendar); empty until the user gives one."""

    def build_input(self) -> QWidget:
        line = super().build_input()
        line.setFixedWidth(130)
        self.calendar_button = QToolButton(self)
        self.calendar_button.setText("…")
        self.calendar_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.calendar_button)
        self.calendar: QCalendarWidget | None = None  # made when the menu first opens (issue 16)
        menu.aboutToShow.connect(self._prepare_calendar)
        self.calendar_button.setMenu(menu)
        return line

    def _made_calendar(self) -> QCalendarWidget:
        if self.calendar is None:
            from PySide6.QtWidgets import QCalendarWidget, QWidgetAction

            menu = self.calendar_button.menu()
            self.calendar = QCalendarWidget(menu)
            self.calendar.setGridVisible(True)
            action = QWidgetAction(menu)
            action.setDefaultWidget(self.calendar)
            menu.addAction(action)
            self.calendar.clicked.connect(self._picked)
        return self.calendar

    def extra_widgets(self) -> list[QWidget]:
        return [self.calendar_button]

    def _prepare_calendar(self) -> None:
        value = self.session.value(self.field.key)
        date = QDate.fromString(value, "yyyy-MM-dd") if isinstance(value, str) else QDate.currentDate()
        self._made_calendar().setSelectedDate(date if date.isValid() else QDate.currentDate())

    def _picked(self, date: QDate) -> None:
        self.calendar_button.menu().close()
        self.session.end_typing()
        self.push(date.toString("yyyy-MM-dd"))
        self.session.end_typing()
        self.refresh()
        self.line.setFocus()

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        self.calendar_button.setEnabled(not read_only)

    def retranslate(self) -> None:
        self.line.setPlaceholderText(_("dd/mm/yyyy"))
        self.calendar_button.setToolTip(_("Choose a date"))
        self.calendar_button.setAccessibleName(_("Choose a date"))
        super().retranslate()


class BoolField(FieldEditor):
    def build_input(self) -> QWidget:
        box = QCheckBox(self)
        box.clicked.connect(lambda checked: self.push(bool(checked)))
        self.box = box
        return box

    def refresh(self) -> None:
        self.box.setChecked(self.session.value(self.field.key) is True)

    def retranslate(self) -> None:
        super().retranslate()
        self.box.setText(_("Yes"))


class _StillCombo(QComboBox):
    """Ignores the mouse wheel unless focused: scrolling the page must not change an answer."""

    def wheelEvent(self, event: QWheelEvent) -> None:
        if self.hasFocus():
            super().wheelEvent(event)
        else:
            event.ignore()


class ChoiceField(FieldEditor):
    """Translated labels; the key is stored. An empty first entry means "not answered"."""

    def build_input(self) -> QWidget:
        combo = _StillCombo(self)
        combo.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        combo.activated.connect(lambda index: self.push(combo.itemData(index)))
        self.combo = combo
        return combo

    def refresh(self) -> None:
        index = self.combo.findData(self.session.value(self.field.key))
        self.combo.setCurrentIndex(max(index, 0))

    def retranslate(self) -> None:
        lang = current_language()
        self.combo.clear()
        self.combo.addItem(_("(not chosen)"), None)
        for key, label in choice_options(self.field):
            self.combo.addItem(pick(label, lang), key)
        super().retranslate()


class TableField(FieldEditor):
    def build_input(self) -> QWidget:
        self.editor = TableEditor(self.session, self.field, self)
        return self.editor

    def focus_widget(self) -> QWidget:
        return self.editor.view

    def focus_input(self) -> None:
        self.editor.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def set_read_only(self, read_only: bool) -> None:
        self.editor._update_buttons()

    def show_pending(self) -> None:
        pass  # cells show their own typed text

    def retranslate(self) -> None:
        self.editor.retranslate()
        super().retranslate()


EDITORS: dict[str, type[FieldEditor]] = {
    "text": LineField, "int": LineField, "decimal": LineField, "percent": LineField,
    "longtext": LongTextField, "date": DateField, "bool": BoolField, "choice": ChoiceField,
    "table": TableField,
}


def make_field_editor(session: EditSession, field: Field, parent: QWidget | None = None) -> FieldEditor:
    return EDITORS[field.type](session, field, parent)
