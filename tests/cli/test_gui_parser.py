"""Opening the window reads its command line with the parser of `gui` alone (issue 16: start-up);
it must read every such command line exactly as the whole parser does, errors included."""

from __future__ import annotations

import pytest

from desktop.cli.common import CliError
from desktop.cli.parser import build_parser, opens_window

WINDOW = [
    [],
    ["gui"],
    ["--db", "x.sqlite3"],
    ["--db=x.sqlite3", "--lang", "en", "gui"],
    ["--lang", "vi", "--debug", "--json", "gui", "--report", "r-1", "--screenshot", "s.png"],
    ["--inbox-url", "postgresql://u@h/d", "--inbox-ca", "ca.pem", "gui", "--open", "a.asice", "--open", "b.asice"],
    ["gui", "--db", "y.sqlite3", "--lang", "en"],
    ["--db", "gui", "gui"],  # a data file named "gui"
]
WINDOW_ERRORS = [
    ["gui", "--bogus"],
    ["gui", "extra"],
    ["--lang", "fr", "gui"],
    ["--db"],
    ["gui", "--report"],
]
NOT_WINDOW = [
    ["--help"], ["-h"], ["--version"], ["gui", "--help"], ["gui", "-h"], ["report", "list"],
    ["--db", "gui", "report", "list"], ["--de", "gui"], ["trust", "list"], ["x.asice"],
]


def _parse(argv: list[str], *, gui_only: bool) -> dict:
    args = build_parser(gui_only=gui_only).parse_args(argv)
    values = vars(args)
    values["func"] = getattr(values.get("func"), "__name__", None)
    return values


@pytest.mark.parametrize("argv", WINDOW, ids=" ".join)
def test_the_window_s_command_lines_read_the_same(argv: list[str]) -> None:
    assert opens_window(argv)
    assert _parse(argv, gui_only=True) == _parse(argv, gui_only=False)


@pytest.mark.parametrize("argv", WINDOW_ERRORS, ids=" ".join)
def test_the_window_s_mistakes_are_told_the_same(argv: list[str]) -> None:
    assert opens_window(argv)
    messages = []
    for gui_only in (True, False):
        with pytest.raises(CliError) as raised:
            build_parser(gui_only=gui_only).parse_args(argv)
        messages.append(raised.value.message.render("en"))
    assert messages[0] == messages[1]


@pytest.mark.parametrize("argv", NOT_WINDOW, ids=" ".join)
def test_other_command_lines_get_the_whole_parser(argv: list[str]) -> None:
    assert not opens_window(argv)


def test_the_gui_only_parser_knows_no_other_command() -> None:
    with pytest.raises(CliError):
        build_parser(gui_only=True).parse_args(["report", "list"])
    assert _parse(["report", "list"], gui_only=False)["command"] == "report"
