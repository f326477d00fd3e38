"""The fast reader of PDF hex strings gives what pyHanko's own reader gives - the same object,
the same stream position, the same refusal - on every kind of input, and it is what pyHanko
uses once verification is imported."""

from __future__ import annotations

import io
import random

import pytest
from pyhanko.pdf_utils import generic

from desktop.package import hexstrings

ORIGINAL = hexstrings._ORIGINAL


def _outcome(reader, data: bytes):  # type: ignore[no-untyped-def]
    stream = io.BytesIO(data)
    try:
        value = reader(stream)
    except Exception as exc:
        return ("error", type(exc), str(exc))
    return (type(value), bytes(value) if isinstance(value, generic.ByteStringObject) else str(value), stream.tell())


CASES = [
    b"<>", b"<>>", b"<0>", b"<41>", b"<4142 43>", b"<4>", b"<abcdefABCDEF0123456789>", b"< 41\n42\r43\t44\x0c45\x0046 >",
    b"<FEFF00410042>", b"<EFBBBF41>", b"<41 % a comment\n 42>", b"<41%>", b"<41 4G>", b"<41 42", b"<", b"<41 42 >tail",
    b"<41>>", b"<41<42>", b"<41 (x)>", b"<\x80>", b"<41\x0b42>", b"<" + b"3082" * 20000 + b">",
    b"<" + b"30 82\n" * 20000 + b">", b"<" + b"ab" * 40000, b"<" + b"ab" * 32767 + b"%\n>",
]


@pytest.mark.parametrize("data", CASES, ids=range(len(CASES)))
def test_the_same_result_as_pyhanko(data: bytes) -> None:
    assert _outcome(hexstrings.read_hex_string_from_stream, data) == _outcome(ORIGINAL, data)


def test_the_same_result_on_random_strings() -> None:
    alphabet = b"0123456789abcdefABCDEF" * 4 + b" \n\r\t\x0c\x00%>gZ<(\x80\xff"
    chance = random.Random(20)
    for _ in range(3000):
        data = b"<" + bytes(chance.choice(alphabet) for _ in range(chance.randrange(0, 80))) + b"> rest"
        assert _outcome(hexstrings.read_hex_string_from_stream, data) == _outcome(ORIGINAL, data), data


def test_a_stream_that_starts_elsewhere() -> None:
    data = b"12 0 obj <4142> endobj"
    fast, slow = io.BytesIO(data), io.BytesIO(data)
    fast.seek(9)
    slow.seek(9)
    assert str(hexstrings.read_hex_string_from_stream(fast)) == str(ORIGINAL(slow)) == "AB"
    assert fast.tell() == slow.tell() == 15


def test_verification_installs_it() -> None:
    import desktop.package.verify  # noqa: F401

    assert generic.read_hex_string_from_stream is hexstrings.read_hex_string_from_stream
    obj = generic.read_object(io.BytesIO(b"<3082 01>"), None)  # type: ignore[arg-type]
    assert bytes(obj) == b"\x30\x82\x01"
