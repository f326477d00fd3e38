"""Opening the window reads its command line with the parser of `gui` alone (issue 16: start-up);
it must read every such command line exactly as the whole parser does, errors included."""

from __future__ import annotations

import pytest

from desktop.cli.common import CliError
from desktop.cli.parser import build_parser, opens_window, read_window_arguments

WINDOW = [
    [],
    ["gui"],
    ["--db", "x.sqlite3"],
    ["--db=x.sqlite3", "--lang", "en", "gui"],
    ["--lang", "vi", "--debug", "--json", "gui", "--report", "r-1", "--screenshot", "s.png"],
    ["--inbox-url", "postgresql://u@h/d", "--inbox-ca", "ca.pem", "gui", "--open", "a.asice", "--open", "b.asice"],
    ["gui", "--db", "y.sqlite3", "--lang", "en"],
    ["--db", "gui", "gui"],  # a data file named "gui"
    ["--db=", "gui", "--screenshot=s.png", "--report=r=1", "--open", "a b.asice"],
    ["--db", "a", "--db", "b", "gui", "--db", "c", "--report", "1", "--report", "2"],  # the last one wins
    ["gui", "--json", "--debug", "--lang=en", "--inbox-url=postgresql://h/d"],
]
WINDOW_ERRORS = [
    ["gui", "--bogus"],
    ["gui", "extra"],
    ["--lang", "fr", "gui"],
    ["--db"],
    ["gui", "--report"],
    ["gui", "--report", "--screenshot", "s.png"],
    ["--db", "-x.sqlite3", "gui"],
    ["gui", "gui"],
    ["--lang=", "gui"],
]
NOT_WINDOW = [
    ["--help"], ["-h"], ["--version"], ["gui", "--help"], ["gui", "-h"], ["report", "list"],
    ["--db", "gui", "report", "list"], ["--de", "gui"], ["trust", "list"], ["x.asice"], ["--json=1", "gui"],
]


def _parse(argv: list[str], *, gui_only: bool) -> dict:
    return _values(build_parser(gui_only=gui_only).parse_args(argv))


def _values(args) -> dict:  # type: ignore[no-untyped-def]
    values = vars(args)
    values["func"] = getattr(values.get("func"), "__name__", None)
    return values


@pytest.mark.parametrize("argv", WINDOW, ids=" ".join)
def test_the_window_s_command_lines_read_the_same(argv: list[str]) -> None:
    assert opens_window(argv)
    assert _parse(argv, gui_only=True) == _parse(argv, gui_only=False)


@pytest.mark.parametrize("argv", WINDOW, ids=" ".join)
def test_the_window_s_reader_reads_them_as_the_parser_does(argv: list[str]) -> None:
    """The window's start reads its command line without building a parser at all."""
    read = read_window_arguments(argv)
    assert read is not None
    assert _values(read) == _parse(argv, gui_only=False)


@pytest.mark.parametrize("argv", WINDOW_ERRORS + NOT_WINDOW, ids=" ".join)
def test_the_reader_leaves_mistakes_and_other_commands_to_the_parser(argv: list[str]) -> None:
    assert read_window_arguments(argv) is None


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
