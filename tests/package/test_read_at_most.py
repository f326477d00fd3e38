"""`read_at_most`: the bounded read of files from outside, without allocating the bound."""

from __future__ import annotations

import contextlib
import io
import os
import threading
import tracemalloc
from pathlib import Path

import pytest

from desktop.package.smallfile import read_at_most


@pytest.mark.parametrize("size", [0, 1, 999, 1000])
def test_a_file_within_the_limit_is_read_whole(tmp_path: Path, size: int) -> None:
    path = tmp_path / "f.bin"
    content = os.urandom(size)
    path.write_bytes(content)
    with path.open("rb") as handle:
        assert read_at_most(handle, 1000) == content


def test_a_file_over_the_limit_gives_none(tmp_path: Path) -> None:
    path = tmp_path / "f.bin"
    path.write_bytes(b"x" * 1001)
    with path.open("rb") as handle:
        assert read_at_most(handle, 1000) is None


def test_the_rest_after_the_current_position(tmp_path: Path) -> None:
    path = tmp_path / "f.bin"
    path.write_bytes(b"head" + b"y" * 10)
    with path.open("rb") as handle:
        handle.read(4)
        assert read_at_most(handle, 10) == b"y" * 10
    with path.open("rb") as handle:
        handle.read(3)
        assert read_at_most(handle, 10) is None


def test_a_file_written_to_while_open_is_read_as_it_is_then(tmp_path: Path) -> None:
    path = tmp_path / "f.bin"
    path.write_bytes(b"a" * 10)
    with path.open("rb") as handle, path.open("ab") as writer:
        writer.write(b"b" * 5000)  # after the open, as if while the Inbox reads the folder
        writer.flush()
        assert read_at_most(handle, 4000) is None
    with path.open("rb") as handle:
        assert read_at_most(handle, 5010) == b"a" * 10 + b"b" * 5000


def test_streams_without_a_size_are_read_in_chunks() -> None:
    content = os.urandom(3 * 1024 * 1024 + 7)
    assert read_at_most(io.BytesIO(content), len(content)) == content
    assert read_at_most(io.BytesIO(content), len(content) - 1) is None
    assert read_at_most(io.BytesIO(b""), 0) == b""
    assert read_at_most(io.BytesIO(b"x"), 0) is None


def test_a_pipe_is_cut_off_at_the_limit() -> None:
    read_end, write_end = os.pipe()

    def write() -> None:
        with open(write_end, "wb") as out, contextlib.suppress(BrokenPipeError):  # the reader stops early
            out.write(b"z" * (3 << 20))

    writer = threading.Thread(target=write)
    writer.start()
    with open(read_end, "rb") as handle:
        assert read_at_most(handle, 2 << 20) is None
        handle.read()  # let the writer finish
    writer.join()


def test_reading_a_small_file_does_not_allocate_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "small.bin"
    path.write_bytes(b"s" * 4096)
    limit = 64 * 1024 * 1024
    with path.open("rb") as handle:
        tracemalloc.start()
        try:
            data = read_at_most(handle, limit)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    assert data == b"s" * 4096
    assert peak < 1024 * 1024  # `handle.read(limit + 1)` peaks at 64 MB here


def test_a_negative_limit_is_a_programming_error() -> None:
    with pytest.raises(ValueError):
        read_at_most(io.BytesIO(b""), -1)
