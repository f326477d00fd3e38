"""The data file du-lieu.json (package.md): exact bytes, the form version's schema, round trips."""

from __future__ import annotations

import copy
import datetime as dt
import json
import unicodedata

import jsonschema
import pytest

from desktop.export.datafile import DataFileError, build_data_file, encode_data_file
from desktop.forms import Period, compute_derived, data_file_schema, get_form
from desktop.registry import get_organization
from tests.export.reports import FORMS, PERIODS, large_province_values, load_full

REPORT_ID = "7d1f7a52-0d3c-4c8e-9d0b-2f5b7f0e9a11"
AT = dt.datetime(2025, 11, 10, 9, 12, 5, 123456, tzinfo=dt.timezone(dt.timedelta(hours=7)))
SHA = "a3f1" * 16


def build(form_id: str, values: dict | None = None, **kwargs) -> bytes:
    values = load_full(form_id) if values is None else values
    kwargs.setdefault("generated_at", AT)
    return build_data_file(get_form(form_id), values, org=get_organization(FORMS[form_id]),
                           period=Period.parse(kwargs.pop("period", PERIODS[form_id])),
                           report_id=kwargs.pop("report_id", REPORT_ID), revision=kwargs.pop("revision", 1),
                           **kwargs)


@pytest.mark.parametrize("form_id", list(FORMS))
def test_full_report_validates_and_round_trips(form_id):
    form = get_form(form_id)
    values = load_full(form_id)
    data = build(form_id)
    assert not data.startswith(b"\xef\xbb\xbf") and data.endswith(b"}\n")
    parsed = json.loads(data.decode("utf-8"))
    jsonschema.Draft202012Validator(
        data_file_schema(form), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    ).validate(parsed)
    assert parsed["values"] == values
    assert parsed["document"] == values["document"]
    assert parsed["derived"] == compute_derived(form, values)
    assert parsed["form"] == {"id": form.id, "version": form.version}
    org = get_organization(FORMS[form_id])
    assert parsed["organization"] == {"id": org.id, "name": org.name, "kind": org.kind}
    assert parsed["report"] == {"id": REPORT_ID, "revision": 1, "supersedes": None}
    assert parsed["generated"]["at"] == "2025-11-10T09:12:05+07:00"
    assert parsed["generated"]["app"].startswith("ct20 ")
    assert parsed["attachments"] == []
    assert encode_data_file(parsed) == data  # one byte form: sorted keys all the way down


def test_layout_of_the_bytes():
    text = build("ct20.province").decode("utf-8")
    assert text.startswith('{"attachments":[],"derived":{')  # compact: no insignificant whitespace
    assert text.endswith("}\n") and text.count("\n") == 1
    assert "Sở Công Thương tỉnh Ninh Bình" in text  # UTF-8, not \\u escapes
    assert '"area_ha":18.5' in text and '"established":62' in text  # plain JSON numbers
    assert unicodedata.is_normalized("NFC", text)
    top = list(json.loads(text))
    assert top == sorted(top)


def test_periods_of_every_kind():
    half = json.loads(build("ct20.ministry-unit"))
    assert half["period"] == {"kind": "half", "year": 2025, "half": 2}
    adhoc = json.loads(build("ct20.province", period="adhoc-2026-03-15", period_reference="Văn bản số 512/BCT-ATMT",
                             period_deadline="2026-03-31"))
    assert adhoc["period"] == {"kind": "adhoc", "year": 2026, "requested": "2026-03-15",
                               "reference": "Văn bản số 512/BCT-ATMT", "deadline": "2026-03-31"}


def test_text_is_written_nfc():
    values = load_full("ct20.province")
    decomposed = unicodedata.normalize("NFD", "Đánh giá chung: hệ thống xử lý nước thải")
    values["clusters"]["summary"] = decomposed
    parsed = json.loads(build("ct20.province", values))
    assert parsed["values"]["clusters"]["summary"] == unicodedata.normalize("NFC", decomposed)


def test_revision_supersedes_and_attachments():
    supersedes = {"package": "BC-CT20.PROVINCE-SO-CT-NINH-BINH-2025-r1.asice", "sha256": SHA, "revision": 1}
    attachments = [{"name": "dinh-kem/ke-hoach-178.pdf", "sha256": SHA, "size": 12345}]
    parsed = json.loads(build("ct20.province", revision=2, supersedes=supersedes, attachments=attachments))
    assert parsed["report"] == {"id": REPORT_ID, "revision": 2, "supersedes": supersedes}
    assert parsed["attachments"] == attachments


def test_naive_times_are_vietnam_time():
    parsed = json.loads(build("ct20.enterprise", generated_at=dt.datetime(2025, 11, 12, 16, 30)))
    assert parsed["generated"]["at"] == "2025-11-12T16:30:00+07:00"


def test_a_file_that_breaks_the_schema_is_refused_with_its_problems():
    values = load_full("ct20.province")
    values["clusters"]["wastewater"][3]["wwtp_status"] = "broken"
    values["program"]["unknown"] = 1
    with pytest.raises(DataFileError) as raised:
        build("ct20.province", values, revision=0,
              attachments=[{"name": "../ke-hoach.pdf", "sha256": SHA, "size": 1}])
    problems = raised.value.problems
    assert any(p.startswith("values/clusters/wastewater/3/wwtp_status:") for p in problems)
    assert any(p.startswith("values/program:") and "unknown" in p for p in problems)
    assert any(p.startswith("report/revision:") for p in problems)
    assert any(p.startswith("attachments/0/name:") for p in problems)
    message = raised.value.render("en")
    assert "ct20.province@2025.1" in message and "wwtp_status" in message


def test_values_are_not_changed_by_building():
    values = load_full("kh1375.unit")
    before = copy.deepcopy(values)
    build("kh1375.unit", values)
    assert values == before


def test_not_finite_numbers_are_refused():
    values = load_full("ct20.province")
    values["clusters"]["wastewater"][0]["area_ha"] = float("nan")
    with pytest.raises(DataFileError):
        build("ct20.province", values)


def test_the_2000_row_report_validates():
    parsed = json.loads(build("ct20.province", large_province_values(2000)))
    assert len(parsed["values"]["clusters"]["wastewater"]) == 2000
    assert parsed["derived"]["clusters"]["listed"] == 2000
