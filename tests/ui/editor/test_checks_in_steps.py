"""A report's first checks come after its first paint, a step at a time (issue 16: start with a
2,000-row report open): the window shows the values at once, takes input while the checks run,
says it is checking meanwhile, and ends with what the checks always found. F8 never acts on a
verdict not yet found."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer

from desktop.i18n import _, current_language
from desktop.reporting.verdict import judge
from tests.ui.editor.test_lazy_sections import TABLE, VALUES


def _expected(editor):
    session = editor.session
    return judge(editor.form, session.values, session.context, pending=session.pending,
                 acknowledged=session.acks, lang=current_language())


def _paths(verdict) -> tuple[list, list]:
    return [(i.path, i.code) for i in verdict.errors], [(i.path, i.code) for i in verdict.warnings]


def _open(qtbot, store, report_id, at_first_paint):
    """The editor shown; `at_first_paint(editor)` runs from the event loop right after its first
    paint, before any step of its checks (what `ct20 gui --screenshot` grabs)."""
    from desktop.ui.editor import ReportEditor

    editor = ReportEditor(store, report_id)
    qtbot.addWidget(editor)
    editor.resize(1400, 900)
    editor.when_painted(lambda: at_first_paint(editor))
    editor.show()
    return editor


def test_the_first_checks_leave_the_event_loop_turns_between_their_steps(qtbot, store, new_report):
    report_id = new_report("ct20.province", VALUES)
    seen = []

    def watch(editor):
        assert editor.painted() and not editor.checks_ran()
        assert editor.checks.summary.text() == _("Checking the report…")
        assert editor.editors["document.number"].input.text() == "12/BC-SCT"  # the values are shown

        def turn():  # one event loop turn: typing or a click would be handled here
            seen.append(editor.checks_ran())
            if not editor.checks_ran():
                QTimer.singleShot(0, turn)
        QTimer.singleShot(0, turn)

    editor = _open(qtbot, store, report_id, watch)
    qtbot.waitUntil(editor.checks_ran)
    columns = len(editor.form.field(TABLE).columns)
    assert seen.count(False) >= columns  # at least one turn for each column of the 40-row table
    assert _paths(editor.checks.checks) == _paths(_expected(editor))
    assert editor.checks.summary.text() != _("Checking the report…")


def test_f8_while_checking_goes_to_the_first_error(qtbot, store, new_report):
    report_id = new_report("ct20.province", VALUES)
    pressed = {}

    def press_next(editor):
        assert not editor.checks_ran()
        qtbot.mouseClick(editor.checks.next_button, Qt.MouseButton.LeftButton)  # "Next error (F8)"
        pressed["checked"] = editor.checks_ran()
        pressed["issue"] = editor.checks.selected_issue()

    editor = _open(qtbot, store, report_id, press_next)
    qtbot.waitUntil(lambda: "issue" in pressed)
    expected = _expected(editor)
    assert pressed["checked"] is True and expected.errors
    assert pressed["issue"] is not None and pressed["issue"].path == expected.errors[0].path
    assert editor.checks.checks.errors[0].path == expected.errors[0].path


def test_typing_while_checking_ends_with_the_checks_of_what_was_typed(qtbot, store, new_report):
    report_id = new_report("ct20.province", {**VALUES, "document": {}})
    turns = {"n": 0}

    def type_later(editor):
        def turn():
            turns["n"] += 1
            if turns["n"] < 3:  # a few steps of the checks done, on the values before the typing
                QTimer.singleShot(0, turn)
                return
            assert not editor.checks_ran()
            field = editor.editors["document.number"]
            qtbot.keyClicks(field.input, "7/BC-SCT")
        QTimer.singleShot(0, turn)

    editor = _open(qtbot, store, report_id, type_later)
    qtbot.waitUntil(lambda: editor.session.value("document.number") == "7/BC-SCT")
    qtbot.waitUntil(editor.checks_ran)
    shown = editor.checks.checks
    assert not any(i.path == "document.number" for i in shown.errors)
    assert _paths(shown) == _paths(_expected(editor))


def test_an_editor_hidden_right_after_its_first_paint_checks_once_shown_again(qtbot, store, new_report):
    """`ct20 gui --screenshot` closes the window right after the first paint: no check begins in
    a hidden editor (nor brings the rules engine into that start); shown again, it checks."""
    report_id = new_report("ct20.province", VALUES)
    hidden = {}

    def hide(editor):
        editor.hide()
        hidden["at"] = True

    editor = _open(qtbot, store, report_id, hide)
    qtbot.waitUntil(lambda: "at" in hidden)
    qtbot.wait(50)
    assert not editor.checks_ran() and editor.checks.summary.text() == _("Checking the report…")
    editor.show()
    qtbot.waitUntil(editor.checks_ran)
    assert _paths(editor.checks.checks) == _paths(_expected(editor))
