"""A number other programs read differently is refused (issue 10: a package reads the same
everywhere). `1e400` is `inf` for Python and an error for Go's and Rust's JSON readers, and the
national consolidation showed it as a blank cell; an integer beyond 2**53 is rounded by
JavaScript. Numbers every reader holds alike still read as json.loads reads them."""

from __future__ import annotations

import json

import pytest

from desktop.package.datacheck import data_file_check
from desktop.package.datajson import MAX_EXACT_INTEGER, DataFileError, read_data_file
from desktop.package.verify import verify_package
from desktop.signing.signers import OpenedSigner
from tests.export.helpers import data_json, make_package
from tests.pki import TestPki

TOO_LARGE = ("The data file holds the number {number}, too large for other programs to read it the same way, "
             "so the file is refused")


@pytest.mark.parametrize(("text", "number"), [
    ('{"area_ha": 1e400}', "1e400"),
    ('{"a": [1, {"b": -1.5E+309}]}', "-1.5E+309"),
    ('{"n": 18500000000000000000000}', "18500000000000000000000"),
    (f'{{"n": {MAX_EXACT_INTEGER + 1}}}', str(MAX_EXACT_INTEGER + 1)),
    (f'{{"n": -{MAX_EXACT_INTEGER + 1}}}', f"-{MAX_EXACT_INTEGER + 1}"),
])
def test_a_number_beyond_what_every_reader_holds_is_refused(text: str, number: str) -> None:
    with pytest.raises(DataFileError) as caught:
        read_data_file(text.encode())
    assert caught.value.message.msgid == TOO_LARGE
    assert number in caught.value.render("en")


@pytest.mark.parametrize("text", [
    f'{{"n": {MAX_EXACT_INTEGER}, "m": -{MAX_EXACT_INTEGER}}}',
    '{"x": 1e308, "y": 1.7976931348623157e308, "z": 2.5e-300, "w": 1e-400}',
    '{"tax_code": "0101234567890123456789", "big": "1e400"}',  # in strings: only text, read exactly
    '{"ratio": 0.1234567890123456789, "e": 12E99}',
])
def test_numbers_every_reader_holds_alike_read_as_json_loads_reads_them(text: str) -> None:
    assert read_data_file(text.encode()) == json.loads(text)


def test_a_package_with_an_overflowing_number_is_invalid(signer: OpenedSigner, pki: TestPki) -> None:
    honest = data_json()
    overflow = honest.replace(b'"year":2025', b'"year":2025,"z":1e400', 1).replace(
        b'"year": 2025', b'"year": 2025, "z": 1e400', 1)
    assert b"1e400" in overflow and "inf" in repr(json.loads(overflow))  # Python alone sees a number
    result = verify_package(make_package(signer, data=overflow).package, trust_roots=[pki.root.cert],
                            schema_check=data_file_check())
    assert result.status == "invalid"
    assert [p.msgid for p in result.problems] == [TOO_LARGE]  # type: ignore[attr-defined]
