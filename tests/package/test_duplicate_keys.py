"""A data file naming a key twice in one object is refused (issue 10: a package reads the same
everywhere). Python's json keeps the last value, other readers the first: one signed file would
be two reports."""

from __future__ import annotations

import json

import pytest

from desktop.package.datacheck import data_file_check
from desktop.package.datajson import DuplicateKeyError, encode_data_file, loads_unique
from desktop.package.verify import verify_package
from desktop.signing.signers import OpenedSigner
from tests.export.helpers import data_json, make_package
from tests.pki import TestPki

DUPLICATE = "The data file names the key “{key}” twice in the same object; other programs may read the other " \
            "value, so the file is refused"


@pytest.mark.parametrize(("text", "key"), [
    ('{"a": 1, "a": 2}', "a"),
    ('{"a": {"b": [1, {"c": 1, "d": 2, "c": 3}]}}', "c"),
    ('[{"x": 1}, {"y": 2, "y": 2}]', "y"),  # the same value twice is still two readings of a file
    ('{"\\u0061": 1, "a": 2}', "a"),  # an escape names the same key
])
def test_a_key_named_twice_is_refused_at_any_depth(text: str, key: str) -> None:
    with pytest.raises(DuplicateKeyError) as caught:
        loads_unique(text)
    assert caught.value.key == key
    assert not isinstance(caught.value, ValueError)  # never taken for a syntax error


def test_unique_keys_read_as_json_loads_reads_them() -> None:
    text = '{"b": [1, {"x": null, "y": "z"}], "a": {"a": 1}, "c": 1.5}'
    assert loads_unique(text) == json.loads(text)
    data = {"values": {"rows": [{"id": i, "name": f"r{i}"} for i in range(50)]}, "format": "ct20.submission"}
    assert loads_unique(encode_data_file(data)) == data


def test_a_package_whose_data_file_names_a_key_twice_is_invalid(signer: OpenedSigner, pki: TestPki) -> None:
    honest = data_json()
    twice = honest.replace(b'"year": 2025', b'"year": 2024, "year": 2025', 1)
    assert twice != honest and json.loads(twice) == json.loads(honest)  # Python alone sees nothing wrong
    made = make_package(signer, data=twice)  # the PDF carries the same bytes: only the data check can object
    result = verify_package(made.package, trust_roots=[pki.root.cert], schema_check=data_file_check())
    assert result.status == "invalid"
    assert [p.msgid for p in result.problems] == [DUPLICATE]  # type: ignore[attr-defined]
    assert "“year”" in result.problems[0].render("en")
    honest_result = verify_package(make_package(signer, data=honest).package, trust_roots=[pki.root.cert])
    assert honest_result.status == "valid", [p.render("en") for p in honest_result.problems]
