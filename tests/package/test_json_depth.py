"""Nesting deeper than MAX_DEPTH is refused the same on every Python (found running the suite on
Python 3.13: a data file 5,000 levels deep was "not valid JSON" on 3.11, where json gives up below
1,000 levels, fewer the deeper the caller's stack, and "not a JSON object" on 3.13, which reads it;
3.12, the Windows build's Python, gives up between 1,000 and 1,500). The limit is CT20's own, far
below what any of them reads, so the verdict no longer depends on the Python or on the caller."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from desktop.package.datajson import MAX_DEPTH, DataFileError, TooDeepError, loads_unique, nesting_depth, read_data_file
from desktop.reporting.reports import ReportingError, read_values_file

TOO_DEEP = ("The data file nests arrays and objects more than {limit} levels deep; other programs would read it "
            "differently, so it is refused")


def nested(depth: int) -> str:
    """An object whose deepest value sits `depth` levels down, arrays and objects mixed."""
    text = "0"
    for level in range(depth - 1):
        text = f"[{text}]" if level % 2 else f'{{"k": {text}}}'
    return '{"values": ' + text + "}" if depth > 1 else "{}"


@pytest.mark.parametrize("depth", [1, 2, 5, MAX_DEPTH])
def test_up_to_the_limit_a_file_reads_as_json_loads_reads_it(depth: int) -> None:
    text = nested(depth)
    assert nesting_depth(json.loads(text)) == depth
    assert read_data_file(text.encode()) == json.loads(text)
    assert loads_unique(text) == json.loads(text)


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 200, 950, 1_200, 5_000, 30_000])
def test_beyond_the_limit_every_reader_refuses_it_alike(depth: int) -> None:
    text = nested(depth)
    with pytest.raises(DataFileError) as caught:
        read_data_file(text.encode())
    assert caught.value.message.msgid == TOO_DEEP
    assert str(MAX_DEPTH) in caught.value.render("en")
    with pytest.raises(TooDeepError):
        loads_unique(text)


def test_the_verdict_does_not_depend_on_the_callers_stack() -> None:
    # Python 3.11's json gives up at the interpreter's recursion limit counted from the caller:
    # 900 levels read at the top of the stack and not from 150 frames down
    text = nested(900)

    def from_depth(frames: int) -> str:
        if frames:
            return from_depth(frames - 1)
        try:
            read_data_file(text.encode())
        except DataFileError as exc:
            return exc.message.msgid
        return "read"

    assert from_depth(0) == from_depth(150) == TOO_DEEP
    assert sys.getrecursionlimit() >= 1000  # what the comparison above assumes of this Python


def test_brackets_inside_strings_are_no_nesting() -> None:
    text = '{"note": "' + "[" * 500 + '", "rows": [{"a": "{{{"}]}'
    assert read_data_file(text.encode())["note"] == "[" * 500


def test_a_values_file_nested_too_deeply_is_refused_with_its_name(tmp_path: Path) -> None:
    path = tmp_path / "values.json"
    path.write_text(nested(MAX_DEPTH + 1), encoding="utf-8")
    with pytest.raises(ReportingError) as caught:
        read_values_file(path)
    assert caught.value.message.msgid == "The file {file} is nested too deeply."
