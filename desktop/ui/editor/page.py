"""A scrollable page per section: its title, help, field editors and the values derived from them."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QScrollArea, QSizePolicy, QVBoxLayout, QWidget

from desktop.forms.model import Derived, FormDefinition, Section
from desktop.forms.values import choice_options, get_path
from desktop.i18n import _, current_language, pick
from desktop.i18n.formatting import format_number

from .fields import FieldEditor, make_field_editor
from .message_line import mute
from .session import EditSession


def section_title(section: Section, lang: str) -> str:
    title = pick(section.title, lang)
    return f"{section.number}. {title}" if section.number else title


def derived_for_section(form: FormDefinition, section: Section) -> list[Derived]:
    """The derived values shown on a section's page: those of its tables or under its key."""
    items = []
    for item in form.derived:
        table = form.field(item.table) if item.table else None
        home = table.section if table is not None else item.key.split(".")[0]
        if home == section.key:
            items.append(item)
    return items


class DerivedBox(QGroupBox):
    """Totals, counts and shares computed from the values, updated as the user types."""

    def __init__(self, form: FormDefinition, items: list[Derived], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = form
        self.items = items
        # A grid, not a form layout: a form layout's wrapped rows clip and overlap long labels.
        self.layout_ = QGridLayout(self)
        self.layout_.setHorizontalSpacing(16)
        self.layout_.setVerticalSpacing(6)
        self.layout_.setColumnStretch(0, 3)
        self.layout_.setColumnStretch(1, 2)
        self.names: list[QLabel] = []
        self.values: list[QLabel] = []
        top = Qt.AlignmentFlag.AlignTop
        for row, _item in enumerate(items):
            name, value = QLabel(self), QLabel(self)
            for label in (name, value):
                label.setWordWrap(True)
                label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
                label.setAlignment(top | Qt.AlignmentFlag.AlignLeft)
            name.setMinimumWidth(180)
            value.setMinimumWidth(120)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                          | Qt.TextInteractionFlag.TextSelectableByKeyboard)
            value.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            self.layout_.addWidget(name, row, 0, top)
            self.layout_.addWidget(value, row, 1, top)
            self.names.append(name)
            self.values.append(value)
        self._last: dict[str, Any] = {}
        self.retranslate()

    def retranslate(self) -> None:
        lang = current_language()
        self.setTitle(_("Computed from the values (updated as you type)"))
        for item, name in zip(self.items, self.names, strict=True):
            name.setText(pick(item.label, lang) + ":")
        self.update_values(self._last)

    def update_values(self, derived: dict[str, Any]) -> None:
        self._last = derived
        lang = current_language()
        for item, label, name in zip(self.items, self.values, self.names, strict=True):
            text = self.format(item, get_path(derived, item.key), lang)
            label.setText(text)
            label.setAccessibleName(name.text().rstrip(":"))
            label.setAccessibleDescription(text)

    def format(self, item: Derived, value: Any, lang: str) -> str:
        if value is None:
            return "—"
        unit = f" {pick(item.unit, lang)}" if item.unit else ""
        if isinstance(value, dict):
            table = self.form.field(item.table or "")
            column = table.column(item.column or "") if table else None
            labels = dict(choice_options(column)) if column else {}
            return "\n".join(
                _("{option}: {count}").format(option=pick(labels.get(key, {"vi": key}), lang),
                                              count=format_number(count, lang))
                for key, count in value.items())  # one option per line
        text = format_number(value, lang, decimals=2) + unit
        if item.target is not None:
            text = _("{value} (target: {target})").format(
                value=text, target=format_number(item.target, lang) + unit)
        return text


class SectionPage(QScrollArea):
    """A section's page, built the first time it is shown (`build`): a report opens with only
    its first section's editors made, not a 2,000-row table that is three sections away."""

    def __init__(self, session: EditSession, section: Section, parent: QWidget | None = None,
                 on_built: Callable[[SectionPage], None] | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.section = section
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        self._editors: list[FieldEditor] = []
        self._derived: DerivedBox | None = None
        self.built = False
        self._on_built = on_built

    def build(self) -> bool:
        """Make the page's widgets now, if not yet; True if they were made by this call."""
        if self.built:
            return False
        self.built = True
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(16, 12, 16, 16)
        self.title = QLabel(body)
        self.title.setWordWrap(True)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title.setFont(font)
        self.help = QLabel(body)
        self.help.setWordWrap(True)
        mute(self.help)
        layout.addWidget(self.title)
        layout.addWidget(self.help)
        for field in self.section.fields:
            editor = make_field_editor(self.session, field, body)
            layout.addWidget(editor)
            self._editors.append(editor)
        items = derived_for_section(self.session.form, self.section)
        self._derived = DerivedBox(self.session.form, items, body) if items else None
        if self._derived is not None:
            layout.addWidget(self._derived)
        layout.addStretch(1)
        self.setWidget(body)
        self._texts()
        if self._on_built is not None:
            self._on_built(self)
        return True

    @property
    def editors(self) -> list[FieldEditor]:
        """The section's field editors (building the page if it is not yet)."""
        self.build()
        return self._editors

    @property
    def derived(self) -> DerivedBox | None:
        """The box of values computed from the others, if the section has one (building the page)."""
        self.build()
        return self._derived

    def showEvent(self, event: QShowEvent) -> None:
        self.build()
        super().showEvent(event)

    def _texts(self) -> None:
        lang = current_language()
        self.title.setText(section_title(self.section, lang))
        help_text = pick(self.section.help, lang) if self.section.help else ""
        self.help.setText(help_text)
        self.help.setVisible(bool(help_text))

    def retranslate(self) -> None:
        if not self.built:
            return  # made in the language of the day it is first shown
        self._texts()
        for editor in self._editors:
            editor.retranslate()
        if self._derived is not None:
            self._derived.retranslate()

    def reveal(self, editor: FieldEditor) -> None:
        self.ensureWidgetVisible(editor, 0, 40)


class FieldEditors(Mapping[str, FieldEditor]):
    """Every field's editor by its path, as if all were made: looking one up builds its page.
    `built()` gives only those already made (what the editor updates without building more)."""

    def __init__(self, pages: list[SectionPage]) -> None:
        self._pages = pages
        self.page_of: dict[str, int] = {field.key: number for number, page in enumerate(pages)
                                        for field in page.section.fields}
        self._made: dict[str, FieldEditor] = {}

    def add_page(self, page: SectionPage) -> None:
        """Called once a page is built: its editors become known."""
        for editor in page.editors:
            self._made[editor.field.key] = editor

    def built(self) -> dict[str, FieldEditor]:
        return self._made

    def __getitem__(self, path: str) -> FieldEditor:
        if path not in self._made:
            self._pages[self.page_of[path]].build()  # KeyError for a path no section has
        return self._made[path]

    def __contains__(self, path: object) -> bool:
        return path in self.page_of

    def __iter__(self) -> Iterator[str]:
        return iter(self.page_of)

    def __len__(self) -> int:
        return len(self.page_of)
