"""The compiled validator of the normal path and jsonschema, which explains failures, agree.

Each document is judged by both: the compiled one (fastjsonschema, `first_mismatch`) and
jsonschema with the same formats (`mismatches`); they must say the same thing (sound or not),
on every form's valid data file, on a 2,000-row one and on a set of broken ones that touch each
keyword the schema uses, including the places where drafts and libraries differ (booleans
against numbers and const/enum, 1.0 as an integer, formats).
"""

from __future__ import annotations

import copy

import jsonschema
import pytest

from desktop.forms import compute_derived, get_form
from desktop.forms.schema import data_file_schema
from desktop.forms.schemacheck import FORMATS, first_mismatch, is_date, is_date_time, mismatches, schema_errors
from tests.export.reports import large_province_values
from tests.forms.samples import BASELINES
from tests.forms.test_schema import data_file


def _both(form_id: str, data: dict) -> tuple[str | None, list]:
    form = get_form(form_id)  # the schema of the form version the file claims, whatever it holds
    return first_mismatch(form, data), mismatches(form, data)


def _large() -> dict:
    data = data_file("ct20.province")
    values = large_province_values(2000)
    data["values"] = values
    data["document"] = values["document"]
    data["derived"] = compute_derived(get_form("ct20.province"), values)
    return data


@pytest.mark.parametrize("form_id", list(BASELINES))
def test_both_accept_every_forms_valid_data_file(form_id):
    found, errors = _both(form_id, data_file(form_id))
    assert found is None
    assert errors == []


def test_both_accept_a_2000_row_data_file_and_reject_it_broken_in_its_last_row():
    data = _large()
    assert _both("ct20.province", data) == (None, [])
    data["values"]["clusters"]["wastewater"][-1]["facilities"] = "mười"
    found, errors = _both("ct20.province", data)
    assert found is not None
    assert [list(e.absolute_path) for e in errors] == [["values", "clusters", "wastewater", 1999, "facilities"]]


def _row(d: dict) -> dict:
    return d["values"]["clusters"]["wastewater"][0]


VALID_EDGES = [
    (lambda d: _row(d).update(facilities=12.0), "1.0 is an integer"),
    (lambda d: _row(d).update(area_ha=7), "an integer is a number"),
    (lambda d: d.update(format_version=1.0), "1.0 equals the const 1"),
    (lambda d: d["report"].update(supersedes={"package": "a.asice", "sha256": "b" * 64, "revision": 1}),
     "the second branch of oneOf"),
    (lambda d: d["organization"].update(extra="kept"), "organization allows more keys"),
    (lambda d: d["generated"].update(at="2026-03-15T09:30:00Z"), "a date-time in UTC"),
    (lambda d: d["values"]["program"].update(plan_date="2024-02-29"), "a leap day"),
]

INVALID = [
    (lambda d: d["values"]["clusters"].update(operating="ba"), "string for an integer"),
    (lambda d: d["values"]["clusters"].update(operating=True), "boolean for an integer"),
    (lambda d: _row(d).update(area_ha=False), "boolean for a number"),
    (lambda d: _row(d).update(facilities=12.5), "fraction for an integer"),
    (lambda d: _row(d).update(facilities=None), "null for an integer"),
    (lambda d: d.update(format_version=True), "True for the const 1"),
    (lambda d: d.update(format_version=2), "another format version"),
    (lambda d: d.update(format="ct20.other"), "another format"),
    (lambda d: d.update(period={"kind": "year", "year": True}), "boolean year"),
    (lambda d: d.update(period={"kind": "year", "year": 1999}), "year below the minimum"),
    (lambda d: d.update(period={"kind": "year", "year": 2025, "half": 1}), "no such key in the year variant"),
    (lambda d: d["values"]["clusters"].update(colour="red"), "unknown key"),
    (lambda d: _row(d).update(colour="red"), "unknown column"),
    (lambda d: _row(d).update(wwtp_status="broken"), "enum"),
    (lambda d: _row(d).update(wwtp_status=1), "number for a string enum"),
    (lambda d: _row(d).pop("name"), "required column"),
    (lambda d: _row(d).update(name=""), "minLength"),
    (lambda d: _row(d).update(name="x" * 5000), "maxLength"),
    (lambda d: _row(d).update(occupancy_pct=101), "maximum"),
    (lambda d: _row(d).update(occupancy_pct=-1), "minimum"),
    (lambda d: d["values"].pop("difficulties"), "required field"),
    (lambda d: d["values"].pop("clusters"), "required group"),
    (lambda d: d["values"]["program"].update(plan_date="10/11/2025"), "date pattern"),
    (lambda d: d["values"]["program"].update(plan_date="2025-02-30"), "a day that does not exist"),
    (lambda d: d["values"]["program"].update(plan_date="٢٠٢٥-١١-١٠"), "Arabic-Indic digits"),
    (lambda d: d["generated"].update(at="yesterday"), "date-time format"),
    (lambda d: d["generated"].update(at="2026-03-15T09:30:00"), "date-time without offset"),
    (lambda d: d["generated"].update(at="2026-13-15T09:30:00+07:00"), "month 13"),
    (lambda d: d.update(form={"id": "ct20.province", "version": "2099.1"}), "version const"),
    (lambda d: d.update(period={"kind": "half", "year": 2025, "half": 1}), "period kind"),
    (lambda d: d["attachments"][0].update(name="../etc/passwd"), "attachment name pattern"),
    (lambda d: d["attachments"][0].update(sha256="A" * 64), "sha256 pattern"),
    (lambda d: d.update(attachments=[d["attachments"][0]] * 21), "maxItems"),
    (lambda d: d["report"].update(supersedes={"package": "a.asice"}), "neither branch of oneOf"),
    (lambda d: d["report"].update(revision=0), "revision minimum"),
    (lambda d: d.pop("derived"), "required top-level"),
    (lambda d: d.update(extra=1), "unknown top-level key"),
    (lambda d: d["derived"]["clusters"].update(listed=-1), "derived count minimum"),
    (lambda d: d["derived"]["clusters"]["by_wwtp_status"].update(none="0"), "additionalProperties schema"),
    (lambda d: d["organization"].update(kind=True), "boolean for an enum of strings"),
    (lambda d: d["organization"].update(id="so ct"), "organization id pattern"),
    (lambda d: d.update(values=[]), "array for an object"),
]


@pytest.mark.parametrize(("mutate", "why"), VALID_EDGES, ids=[why for _, why in VALID_EDGES])
def test_both_accept_the_edges_of_valid(mutate, why):
    data = copy.deepcopy(data_file("ct20.province"))
    mutate(data)
    assert _both("ct20.province", data) == (None, []), why


@pytest.mark.parametrize(("mutate", "why"), INVALID, ids=[why for _, why in INVALID])
def test_both_refuse_a_broken_data_file(mutate, why):
    data = copy.deepcopy(data_file("ct20.province"))
    mutate(data)
    found, errors = _both("ct20.province", data)
    assert found is not None, why
    assert errors, why


def test_half_year_period_agreement():
    data = copy.deepcopy(data_file("ct20.ministry-unit"))
    assert _both("ct20.ministry-unit", data) == (None, [])
    data["period"]["half"] = True  # True == 1 in Python, not in JSON
    found, errors = _both("ct20.ministry-unit", data)
    assert found is not None
    assert errors


def test_schema_errors_runs_jsonschema_only_for_a_broken_file():
    form = get_form("ct20.province")
    data = copy.deepcopy(data_file("ct20.province"))
    assert schema_errors(form, data) == ([], None)
    data["values"]["clusters"].update(operating="ba")
    errors, first = schema_errors(form, data)
    assert first is not None
    assert [e.message for e in errors] == ["'ba' is not of type 'integer'"]


def test_our_formats_match_jsonschemas_date_check():
    """Our date format accepts exactly what jsonschema's own date checker accepts."""
    theirs = jsonschema.Draft202012Validator.FORMAT_CHECKER
    for text in ("2025-11-10", "2024-02-29", "2025-02-29", "2025-1-10", "20251110", "2025-11-10T00:00:00",
                 "٢٠٢٥-١١-١٠", "2025-11-10\n", " 2025-11-10", "0000-01-01"):
        assert is_date(text) == theirs.conforms(text, "date"), text
    assert is_date_time("2025-11-10T09:12:00+07:00")
    assert is_date_time("2025-11-10t09:12:00.5z")
    assert not is_date_time("2025-11-10T09:12:00+0700")
    assert not is_date_time("2025-11-10T25:12:00+07:00")
    assert set(FORMATS) == {"date", "date-time"}


def test_every_format_the_schema_names_is_one_of_ours():
    """A format the schema named without a checker of ours would be checked by one library only."""
    def formats(node: object) -> set[str]:
        if isinstance(node, dict):
            found = {node["format"]} if isinstance(node.get("format"), str) else set()
            return found.union(*(formats(v) for v in node.values()))
        if isinstance(node, list):
            return set().union(*(formats(v) for v in node))
        return set()

    for form_id in BASELINES:
        assert formats(data_file_schema(get_form(form_id))) <= set(FORMATS)


@pytest.mark.parametrize("value", [5, None, True, ["2026-03-15T09:30:00+07:00"], {"at": "x"}])
def test_a_value_that_is_no_string_in_a_date_field_is_explained_not_a_crash(value):
    """jsonschema hands every value to a format checker; ours read strings only (it raised
    TypeError on 5, and the data file was refused with a technical message and a traceback)."""
    data = copy.deepcopy(data_file("ct20.province"))
    data["generated"]["at"] = value
    data["values"]["program"]["plan_date"] = value
    found, errors = _both("ct20.province", data)
    assert found is not None
    assert sorted(list(e.absolute_path) for e in errors) == [["generated", "at"], ["values", "program", "plan_date"]]
    assert all("is not of type 'string'" in e.message for e in errors)
