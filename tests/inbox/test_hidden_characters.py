"""A signed data file holding a character CT20 never stores (normalize's rule) makes the package
`invalid` with a reason: a signed file cannot be cleaned, and what it hides must not reach the board."""

from __future__ import annotations

import datetime as dt
import json
import uuid

import pytest

from desktop.export.datafile import build_data_file_object
from desktop.forms import Period, get_form
from desktop.package import asic
from desktop.package.datacheck import character_problems, data_file_check
from desktop.package.verify import verify_package
from desktop.registry import get_organization
from desktop.signing import pdfsign
from desktop.signing.signers import VN_TZ, OpenedSigner
from tests.export.helpers import SIGNATURE_BOX, report_pdf
from tests.export.reports import load_full
from tests.pki import TestPki


def signed_package(signer: OpenedSigner, change) -> bytes:  # type: ignore[no-untyped-def]
    form = get_form("ct20.province")
    moment = dt.datetime.now(VN_TZ).replace(microsecond=0) - dt.timedelta(hours=1)
    data = build_data_file_object(form, load_full("ct20.province"), org=get_organization("so-ct-ha-noi"),
                                  period=Period.parse("2025"), report_id=str(uuid.uuid4()), revision=1,
                                  generated_at=moment)
    change(data)
    raw = json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")
    signed = pdfsign.sign_pdf(report_pdf(1), signer, SIGNATURE_BOX, data_json=raw, signing_time=moment)
    return asic.build_package(signed.data, raw, [], signer, signing_time=moment).data


def _set_name(char: str):  # type: ignore[no-untyped-def]
    def change(data: dict) -> None:
        data["values"]["clusters"]["wastewater"][0]["name"] = f"CCN Gián{char} Khẩu"
    return change


@pytest.mark.parametrize("char", ["\u202e", "\x01", "\x0b", "\u200d", "\ufeff", "\u2066"])
def test_a_signed_data_file_with_a_hidden_character_is_invalid(pki: TestPki, signers, char: str) -> None:
    package = signed_package(signers["main"], _set_name(char))
    result = verify_package(package, trust_roots=[pki.root_pem.read_bytes()], schema_check=data_file_check())
    assert result.status == "invalid"
    reasons = [problem.render("en") for problem in result.problems]
    code = f"U+{ord(char):04X}"
    assert any(code in r and "values.clusters.wastewater[0].name" in r for r in reasons), reasons
    assert all(code in problem.render("vi") for problem in result.problems if code in problem.render("en"))


def test_the_same_package_without_it_is_valid(pki: TestPki, signers) -> None:
    package = signed_package(signers["main"], _set_name(""))
    result = verify_package(package, trust_roots=[pki.root_pem.read_bytes()], schema_check=data_file_check())
    assert result.status == "valid", [p.render("en") for p in result.problems]


def test_keys_and_deep_values_are_checked_without_recursion() -> None:
    deep: object = "ok\u202e"
    for _ in range(5000):
        deep = [deep]
    assert character_problems({"a": deep})[0].render("en").count("U+202E") == 1
    assert character_problems({"na\x00me": "x"}) != []
    assert character_problems({"text": "Dòng 1\n\tDòng 2 – “ổn”"}) == []


def test_hidden_characters_in_a_claimed_organisation_name(pki: TestPki, signers) -> None:
    def change(data: dict) -> None:
        data["organization"]["name"] = "Sở Công Thương\u202e"
    package = signed_package(signers["main"], change)
    result = verify_package(package, trust_roots=[pki.root_pem.read_bytes()],
                            schema_check=data_file_check())
    assert result.status == "invalid"
    assert any("organization.name" in p.render("en") for p in result.problems)


# Every kind of character normalize refuses (control, C1 control, format, surrogate, line and
# paragraph separators) and the JSON escapes that produce one; then false alarms of the fast pass.
REFUSED = ["\x00", "\x01", "\r", "\x08", "\x0c", "\x1f", "\x7f", "\x85", "\x9f", "\u00ad", "\u061c", "\u200b",
           "\u200e", "\u2028", "\u2029", "\u202e", "\u2066", "\ufeff", "\ud800", "\udfff", "\U000e0001"]
HARMLESS = ["\u00a0", "\u3000", "\\u", "C:\\users", "\t", "\n", '"', "\\", "ạ", "😀"]


def _text(data: object, form: str) -> str | bytes | None:
    """The JSON text a verifier parsed `data` from: none, escaped ASCII, as CT20 writes it, or
    that text's UTF-8 bytes as they come out of the package (what verify_package hands over; a
    lone surrogate written as UTF-8 never decodes, yet the pass must still find it)."""
    if form == "none":
        return None
    text = json.dumps(data, ensure_ascii=form == "ascii", indent=2 if form in ("ct20", "bytes") else None)
    return text.encode("utf-8", "surrogatepass") if form == "bytes" else text


FORMS = ["none", "ascii", "ct20", "bytes"]


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("char", REFUSED, ids=[f"U+{ord(c):04X}" for c in REFUSED])
@pytest.mark.parametrize("where", ["value", "key", "deep"])
def test_the_fast_pass_never_misses_a_refused_character(char: str, where: str, form: str) -> None:
    from desktop.forms.normalize import forbidden_character

    assert forbidden_character(char) == char
    text = f"CCN Gián{char} Khẩu"
    data: dict = {"values": {"rows": [{"name": "a"}] * 3}}
    if where == "value":
        data["values"]["rows"] = [{"name": "a"}, {"name": text}]
    elif where == "key":
        data["values"][text] = 1
    else:
        node: dict = data
        for _ in range(50):
            node["x"] = {}
            node = node["x"]
        node["name"] = [text]
    # the same document read back from its JSON text, as a verifier gets it
    text = _text(data, form)
    parsed = json.loads(text if text is not None else json.dumps(data))
    problems = character_problems(parsed, text)
    assert [p.render("en").count(f"U+{ord(char):04X}") for p in problems] == [1]


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("text", HARMLESS)
def test_harmless_text_gives_no_problem(text: str, form: str) -> None:
    data = {"values": {"name": f"a{text}b", f"k{text}": [text]}}
    assert character_problems(json.loads(json.dumps(data)), _text(data, form)) == []


def test_the_pass_on_bytes_agrees_with_the_pass_on_text_for_every_character() -> None:
    """verify_package hands the fast pass the data file's bytes: for every code point outside the
    surrogates, in a value and in a key, it says what the pass on the decoded text says."""
    from desktop.package.datacheck import _may_hold_forbidden

    for code in [*range(0xD800), *range(0xE000, 0x10000), 0x1F600, 0xE0001, 0xF0000, 0x10FFFF]:
        char = chr(code)
        data = {"values": {"name": f"CCN {char} ạ", f"k{char}": [1, "x"]}}
        text = json.dumps(data, ensure_ascii=False, indent=2)
        assert _may_hold_forbidden(data, text.encode("utf-8")) == _may_hold_forbidden(data, text), f"U+{code:04X}"
