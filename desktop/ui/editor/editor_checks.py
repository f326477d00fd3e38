"""The checks half of `ReportEditor`: running them, and showing each problem where it is.

A blank report is not shown in red: a field's problems appear once the user has left it (or pasted
into its table), and every problem once the user asks for the checks (F8, the checks panel). A
report that was already worked on shows everything at once.
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QListWidget, QStackedWidget, QWidget

from desktop.forms.issues import Issue
from desktop.forms.model import FormDefinition
from desktop.i18n import _, count_text, current_language, ngettext
from desktop.reporting.verdict import Verdict, judge, judge_in_steps

from .checks import ChecksPanel
from .fields import FieldEditor, TableField
from .page import FieldEditors, SectionPage, section_title
from .session import EditSession

UNPAINTED_CHECKS_MS = 2000  # the first checks of an editor shown but not painted (checks_when_shown)


class EditorChecks:
    """Mixed into `ReportEditor`, which provides the attributes below."""

    session: EditSession
    form: FormDefinition
    editors: FieldEditors
    section_pages: list[SectionPage]
    page_of: dict[str, int]
    navigator: QListWidget
    pages: QStackedWidget
    checks: ChecksPanel
    _check_timer: QTimer

    def init_reveal(self) -> None:
        session = self.session
        # worked on before (saved after it was created, or typed text kept): nothing to hide
        self.reveal_all = session.base_seq > 1 or bool(session.pending)
        self.touched: set[str] = set()
        self._cell_issues: dict[str, dict[tuple[int, str], Issue]] = {}
        self._field_issues: dict[str, list[tuple[str, str]]] = {}
        self._derived: dict[str, Any] | None = None
        self._checks_run = False
        # The first checks start once the editor has been painted (paintEvent): a big report shows
        # at once with its values, and its problems appear a moment later. They run a step at a
        # time (a table's column each) from the event loop, so the window takes input meanwhile;
        # the checks panel says it is checking until they are done.
        self._painted = False
        self._when_painted: list[Callable[[], None]] = []
        self._steps: Generator[None, None, Verdict] | None = None  # the first checks, under way
        self._step_timer = QTimer(self, interval=0)  # type: ignore[arg-type]
        self._step_timer.timeout.connect(self._check_step)
        self._unpainted_checks = QTimer(self, singleShot=True, interval=UNPAINTED_CHECKS_MS)  # type: ignore[arg-type]
        self._unpainted_checks.timeout.connect(self._first_checks)
        session.fieldChanged.connect(self._table_changed)
        session.changed.connect(self._drop_steps)  # the edit's own checks follow (CHECK_DELAY_MS)
        self.checks.finish_checks = self.finish_checks

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)  # type: ignore[misc]  # the QWidget's: this mixin precedes it
        if not self._painted:  # the first paint is done: then what waited for it, then the checks
            self._painted = True
            for callback in self._when_painted:
                QTimer.singleShot(0, callback)
            self._when_painted.clear()
            QTimer.singleShot(0, self._first_checks)

    def painted(self) -> bool:
        """True once the editor has been painted (with the report's values) for the first time."""
        return self._painted

    def when_painted(self, callback: Callable[[], None]) -> None:
        """Call `callback` from the event loop once the editor has been painted with the report's
        values for the first time (at once if it was), before its first checks start: what the
        user waits for when a report opens (`ct20 gui --screenshot` grabs the window then)."""
        if self._painted:
            QTimer.singleShot(0, callback)
        else:
            self._when_painted.append(callback)

    def checks_when_shown(self) -> None:
        """Shown: should no paint come (a minimised window), the first checks still run. The paint
        comes well before this fallback, whatever the machine: a fallback due sooner (it was the
        300 ms edit delay) ran the checks before the first paint when the start was slow enough."""
        if self._checks_run:
            return
        if self._painted:  # shown again, hidden before its checks began: they begin now
            QTimer.singleShot(0, self._first_checks)
        else:
            self._unpainted_checks.start()

    def _first_checks(self) -> None:
        self._unpainted_checks.stop()
        # hidden meanwhile (the window closed right after its first paint, as `--screenshot`
        # does): they begin when it is shown again (checks_when_shown)
        if not self._checks_run and self._steps is None and self.isVisible():  # type: ignore[attr-defined]
            session = self.session
            self._steps = judge_in_steps(self.form, session.values, session.context, pending=session.pending,
                                         acknowledged=session.acks, lang=current_language())
            self._step_timer.start()

    def _check_step(self) -> None:
        steps = self._steps
        if steps is None:
            self._step_timer.stop()
            return
        try:
            next(steps)
        except StopIteration as done:
            self._drop_steps()
            self._show_checks(done.value)

    def _drop_steps(self) -> None:
        """The values changed (or the checks run whole now): the steps under way are of no use."""
        self._steps = None
        self._step_timer.stop()

    def finish_checks(self) -> None:
        """The first checks done now, if they are still under way (F8 needs their whole result)."""
        if not self._checks_run:
            self.run_checks()

    def checks_ran(self) -> bool:
        """True once the checks have run (the first time, in steps, right after the editor was first painted)."""
        return self._checks_run

    def show_checks_on(self, page: SectionPage) -> None:
        """A page built after the checks ran shows their results as if it had always been there."""
        for editor in page.editors:
            path = editor.field.key
            editor.reveal(self.reveal_all or path in self.touched)
            editor.set_issues(self._field_issues.get(path, []))
            if isinstance(editor, TableField):
                self._show_cells(path)
        if page.derived is not None:
            if self._derived is None:  # none shown at the last checks (or none run yet): computed now
                self._derived = _derived_values(self.form, self.session.values)
            page.derived.update_values(self._derived)

    def run_checks(self) -> None:
        """Validate now (the timer calls this ~300 ms after the last change)."""
        self._check_timer.stop()
        self._drop_steps()
        session = self.session
        self._show_checks(judge(self.form, session.values, session.context, pending=session.pending,
                                acknowledged=session.acks, lang=current_language()))

    def _show_checks(self, checks: Verdict) -> None:
        session = self.session
        lang = current_language()
        self.checks.set_checks(checks)
        per_field: dict[str, list[tuple[str, str]]] = {}
        per_cell: dict[str, dict[tuple[int, str], Issue]] = {}  # rendered only when shown
        counts: dict[str, int] = {}
        for section_key, issues in checks.groups:
            counts[section_key] = sum(1 for i in issues if i.severity == "E")
            for issue in issues:
                if issue.row is not None and issue.column is not None:
                    cells = per_cell.setdefault(issue.field, {})
                    known = cells.get((issue.row, issue.column))
                    if known is None or known.severity != "E":
                        cells[(issue.row, issue.column)] = issue
                elif issue.path == issue.field:  # typed text that cannot be read included
                    per_field.setdefault(issue.field, []).append((issue.severity, issue.message.render(lang)))
        self._cell_issues = per_cell
        self._field_issues = per_field
        self._checks_run = True
        for path, editor in self.editors.built().items():  # a page built later: show_checks_on
            editor.set_issues(per_field.get(path, []))
            if isinstance(editor, TableField):
                self._show_cells(path)
        for number, section in enumerate(self.form.sections):
            title = section_title(section, lang)
            errors = counts.get(section.key, 0)
            item = self.navigator.item(number)
            item.setText(_("{section} ({count})").format(section=title, count=errors) if errors else title)
            item.setToolTip(ngettext("{count} error", "{count} errors", errors).format(
                count=count_text(errors)) if errors else "")
        # The values derived from these: for the pages built that show some; a page built later
        # has them computed then (show_checks_on), from the values it is built on.
        shown = [box for page in self.section_pages if page.built and (box := page.derived) is not None]
        self._derived = None
        if shown:
            self._derived = derived = _derived_values(self.form, session.values)
            for box in shown:
                box.update_values(derived)

    def _show_cells(self, path: str) -> None:
        editor = self.editors.built().get(path)
        if isinstance(editor, TableField):
            shown = self.reveal_all or path in self.touched
            editor.editor.model.set_issues(self._cell_issues.get(path, {}) if shown else {})

    # -- when problems show

    def reveal_field(self, path: str) -> None:
        """The user left this field: its problems may show now."""
        if path in self.touched or path not in self.editors:
            return
        self.touched.add(path)
        editor = self.editors.built().get(path)
        if editor is not None:  # one built later is revealed as it is made
            editor.reveal()
        self._show_cells(path)

    def reveal_everything(self) -> None:
        """The user asked for the checks: every problem shows where it is."""
        if self.reveal_all:
            return
        self.reveal_all = True
        for path, editor in self.editors.built().items():
            editor.reveal()
            self._show_cells(path)

    def field_of(self, widget: QWidget | None) -> str | None:
        """The field whose editor holds `widget` (a cell editor of a table included)."""
        while widget is not None:
            if isinstance(widget, FieldEditor):
                return widget.field.key
            widget = widget.parentWidget()
        return None

    def left_widget(self, old: QWidget | None, new: QWidget | None) -> None:
        left = self.field_of(old)
        if left is not None and left != self.field_of(new):
            self.reveal_field(left)

    def _table_changed(self, path: str) -> None:
        field = self.form.field(path) if path in self.editors else None
        if field is not None and field.type == "table" and self.session.undo_stack.count():
            self.reveal_field(path)  # a paste, an import, a typed cell: a finished action

    def go_to_issue(self, issue: Issue) -> None:
        """Show the field or table cell of a problem and put the cursor on it."""
        self.reveal_everything()
        editor = self.editors.get(issue.field)
        if editor is None:
            return
        number = self.page_of[issue.field]
        self.navigator.setCurrentRow(number)
        page = self.section_pages[number]
        page.reveal(editor)
        if isinstance(editor, TableField) and issue.row is not None:
            editor.editor.focus_cell(issue.row, issue.column)
        else:
            editor.focus_input()


def _derived_values(form: FormDefinition, values: dict[str, Any]) -> dict[str, Any]:
    """desktop.forms.compute_derived, imported when first needed: it brings the rules engine,
    which the editor's first paint does without (its checks come after it)."""
    from desktop.forms import compute_derived

    return compute_derived(form, values)
