"""`forms schema` is a valid JSON Schema, and a data file of a valid report validates against it."""

from __future__ import annotations

import copy
import json

import jsonschema
import pytest

from desktop.cli import main
from desktop.forms import compute_derived, get_form
from desktop.forms.schema import data_file_schema
from tests.forms.samples import BASELINES

ORGS = {
    "ct20.province": {"id": "so-ct-ninh-binh", "name": "Sở Công Thương tỉnh Ninh Bình", "kind": "province"},
    "ct20.enterprise": {"id": "vinapaco", "name": "Tổng công ty Giấy Việt Nam", "kind": "enterprise"},
    "ct20.ministry-unit": {"id": "cuc-hoa-chat", "name": "Cục Hóa chất", "kind": "ministry-unit"},
    "kh1375.unit": {"id": "cuc-hoa-chat", "name": "Cục Hóa chất", "kind": "ministry-unit"},
}
PERIODS = {
    "ct20.province": {"kind": "year", "year": 2025},
    "ct20.enterprise": {"kind": "adhoc", "year": 2026, "requested": "2026-03-15", "reference": "Công văn 123/BCT-ATMT"},
    "ct20.ministry-unit": {"kind": "half", "year": 2025, "half": 2},
    "kh1375.unit": {"kind": "year", "year": 2025},
}


def data_file(form_id: str) -> dict:
    form = get_form(form_id)
    values = BASELINES[form_id]()
    return {
        "format": "ct20.submission", "format_version": 1,
        "form": {"id": form.id, "version": form.version},
        "organization": ORGS[form_id],
        "period": PERIODS[form_id],
        "report": {"id": "0b6d1d8e-2f0c-4a51-9a2e-0d7b7c2b9a10", "revision": 1, "supersedes": None},
        "document": values["document"],
        "values": values,
        "derived": compute_derived(form, values),
        "attachments": [{"name": "dinh-kem/ke-hoach.pdf", "sha256": "a" * 64, "size": 12345}],
        "generated": {"app": "ct20 0.1.0", "at": "2025-11-10T09:12:00+07:00"},
    }


@pytest.mark.parametrize("form_id", list(BASELINES))
def test_schema_is_valid_and_accepts_a_valid_report(form_id, capsys):
    assert main(["forms", "schema", form_id]) == 0
    schema = json.loads(capsys.readouterr().out)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    errors = list(validator.iter_errors(data_file(form_id)))
    assert errors == []


@pytest.mark.parametrize(("mutate", "why"), [
    (lambda d: d["values"]["clusters"].update(operating="ba"), "type"),
    (lambda d: d["values"]["clusters"].update(colour="red"), "unknown key"),
    (lambda d: d["values"]["clusters"]["wastewater"][0].update(wwtp_status="broken"), "enum"),
    (lambda d: d["values"]["clusters"]["wastewater"][0].pop("name"), "required column"),
    (lambda d: d["values"].pop("difficulties"), "required field"),
    (lambda d: d["values"]["program"].update(plan_date="10/11/2025"), "date format"),
    (lambda d: d["values"]["clusters"]["wastewater"][0].update(occupancy_pct=101), "maximum"),
    (lambda d: d.update(form={"id": "ct20.province", "version": "2099.1"}), "version"),
    (lambda d: d.update(period={"kind": "half", "year": 2025, "half": 1}), "period kind"),
    (lambda d: d["attachments"][0].update(name="../etc/passwd"), "attachment name"),
])
def test_schema_refuses_a_wrong_data_file(mutate, why):
    schema = data_file_schema(get_form("ct20.province"))
    data = copy.deepcopy(data_file("ct20.province"))
    mutate(data)
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    assert list(validator.iter_errors(data)), why
