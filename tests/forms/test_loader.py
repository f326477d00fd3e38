"""Definitions load, and a broken one is refused with the file and the key named."""

from __future__ import annotations

import copy
import json

import pytest

from desktop.forms import DefinitionError, get_form, list_forms, load_definition
from desktop.forms.loader import DEFINITIONS_DIR

PROVINCE = json.loads((DEFINITIONS_DIR / "ct20.province@2025.1.json").read_text(encoding="utf-8"))


def test_every_shipped_definition_loads():
    forms = list_forms()
    assert {f.ref for f in forms} == {
        "ct20.province@2025.1", "ct20.enterprise@2025.1", "ct20.ministry-unit@2025.1", "ct20.ministry-unit@2025.2",
        "kh1375.unit@2025.1",
    }
    for form in forms:
        assert form.fields and form.title["vi"] and form.title["en"]
        assert "document.number" in form.fields and "difficulties" in form.fields


def test_get_form_by_id_and_version():
    assert get_form("ct20.province").version == "2025.1"
    assert get_form("ct20.province@2025.1") is get_form("ct20.province", "2025.1")


def test_province_field_keys_match_the_contract():
    form = get_form("ct20.province")
    columns = [c.key for c in form.fields["clusters.wastewater"].columns]
    assert columns == ["name", "commune", "area_ha", "occupancy_pct", "facilities", "wastewater_m3d",
                       "wwtp_status", "design_capacity_m3d", "actual_flow_m3d", "auto_monitoring",
                       "data_transmitted", "effluent", "note", "code"]  # code: issue 13, point 6
    assert form.fields["clusters.wastewater"].max_rows == 2000
    assert form.fields["program.plan_status"].option_keys == ("issued", "drafting", "not_started")


def _broken(tmp_path, mutate, name="ct20.province@2025.1.json"):
    data = copy.deepcopy(PROVINCE)
    mutate(data)
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(DefinitionError) as caught:
        load_definition(path)
    return caught.value


def _section(data, key):
    return next(s for s in data["sections"] if s.get("key") == key)


def _field(data, key):
    for section in data["sections"]:
        for field in section.get("fields", []):
            if field["key"] == key:
                return field
    raise KeyError(key)


@pytest.mark.parametrize(("mutate", "where", "problem"), [
    (lambda d: _field(d, "clusters.operating").update(type="number"), "clusters.operating", "unknown type"),
    (lambda d: _field(d, "clusters.operating")["label"].pop("vi"), "clusters.operating", "vi"),
    (lambda d: _field(d, "clusters.operating").update(requird=True), "clusters.operating", "requird"),
    (lambda d: _field(d, "clusters.operating")["rules"][0].update(field="clusters.establishd"),
     "clusters.operating", "clusters.establishd"),
    (lambda d: _field(d, "clusters.operating")["rules"][0].update(check="between"), "clusters.operating", "between"),
    (lambda d: _field(d, "clusters.operating")["rules"][0].update(op="=>"), "clusters.operating", "op"),
    (lambda d: _field(d, "program.plan_status").pop("options"), "program.plan_status", "options"),
    (lambda d: _field(d, "program.plan_document")["rules"][0]["when"].update({"in": ["isued"]}),
     "program.plan_document", "isued"),
    (lambda d: _field(d, "clusters.wastewater")["columns"][0].update(type="table"), "name", "column"),
    (lambda d: _section(d, "imports")["fields"].append(copy.deepcopy(_field(d, "imports.summary"))),
     "imports.summary", "repeats"),
    (lambda d: d["derived"][5].update(numerator="clusters.nothing"), "derived[5]", "numerator"),
    (lambda d: d.update(periods=["weekly"]), "periods", "expected"),
    (lambda d: d.update(deadlines={"year": "02-30"}), "deadlines", "MM-DD"),
    (lambda d: _section(d, "issues")["fields"].append(
        {"key": "difficulties.more", "type": "text", "label": {"vi": "a", "en": "b"}}), "difficulties.more", "path"),
])
def test_broken_definition_is_refused_naming_file_and_key(tmp_path, mutate, where, problem):
    error = _broken(tmp_path, mutate)
    text = error.render("en")
    assert "ct20.province@2025.1.json" in text
    assert where in text and problem in text


def test_file_name_must_match_id_and_version(tmp_path):
    error = _broken(tmp_path, lambda d: None, name="ct20.province@2026.1.json")
    assert error.file == "ct20.province@2026.1.json" and "2025.1" in error.problem


def test_malformed_json_and_missing_include_are_named(tmp_path):
    path = tmp_path / "x@1.json"
    path.write_text('{"id": "x", "version": 1,,}', encoding="utf-8")
    with pytest.raises(DefinitionError) as caught:
        load_definition(path)
    assert "x@1.json" in caught.value.render("en") and "JSON" in caught.value.render("en")
    error = _broken(tmp_path, lambda d: d["sections"].__setitem__(0, {"include": "no-such-fragment@1"}))
    assert "no-such-fragment@1.json" in error.render("en")


def test_non_nfc_label_is_refused(tmp_path):
    import unicodedata

    error = _broken(tmp_path, lambda d: _field(d, "difficulties")["label"].update(
        vi=unicodedata.normalize("NFD", "Khó khăn")))
    assert "NFC" in error.problem


def test_a_field_is_what_its_dataclass_was():
    """desktop.forms.model.Field is a plain class (issue 16: generating a dataclass's methods for
    its 23 attributes was 8.7 M instructions of every report's start), with the dataclass's
    signature, repr (a table's columns point back at it), equality and unhashability."""
    import dataclasses
    import inspect
    from typing import Any

    from desktop.forms.model import FIELD_ATTRIBUTES, Field

    @dataclasses.dataclass
    class Field:  # noqa: F811  # what desktop.forms.model.Field was, to hold it to (its name in the repr)
        key: str
        type: str
        label: Any
        help: Any = None
        unit: Any = None
        required: bool = False
        options: tuple = ()
        options_from: Any = None
        default: Any = None
        default_from: Any = None
        max_length: Any = None
        min: Any = None
        max: Any = None
        decimals: int = 3
        rules: tuple = ()
        columns: tuple = ()
        min_rows: int = 0
        max_rows: int = 2000
        prefill: Any = None
        fixed: bool = False
        section: str = ""
        table: Any = None
        row_code: Any = None

    was = Field
    was.__qualname__ = "Field"  # as it was, at the module's top level
    from desktop.forms.model import Field

    def signature(cls):
        return [(p.name, p.default) for p in inspect.signature(cls).parameters.values()]

    assert signature(Field) == signature(was) and tuple(f.name for f in dataclasses.fields(was)) == FIELD_ATTRIBUTES

    def table_of(cls):
        table = cls("t.rows", "table", {"vi": "Bảng", "en": "Table"}, section="t", max_rows=10)
        table.columns = (cls("name", "text", {"vi": "Tên", "en": "Name"}, required=True, table=table),)
        return table

    now, before = table_of(Field), table_of(was)
    assert repr(now) == repr(before) and repr(now.columns[0]) == repr(before.columns[0])
    assert now == now and now.columns[0] == now.columns[0]
    assert Field("a", "int", {}, max=3) == Field("a", "int", {}, max=3) != was("a", "int", {}, max=3)
    assert Field("a", "int", {}) != Field("a", "int", {}, min=1) and Field("a", "int", {}) != "a"
    with pytest.raises(TypeError):
        hash(Field("a", "int", {}))


def test_a_section_and_a_form_are_what_their_dataclasses_were():
    """Section and FormDefinition are plain classes too (issue 16: 7 M instructions of generated
    methods), with their dataclasses' signatures, repr (the consolidation left out) and equality
    (the consolidation's reader left out)."""
    import dataclasses
    import inspect
    from typing import Any

    from desktop.forms import model

    @dataclasses.dataclass
    class Section:
        key: str
        number: str
        title: Any
        help: Any
        fields: list

    @dataclasses.dataclass
    class FormDefinition:
        id: str
        version: str
        title: Any
        org_kinds: tuple
        periods: tuple
        deadlines: dict
        default_recipients: tuple
        sections: list
        derived: list
        source: str = ""
        fields: dict = dataclasses.field(default_factory=dict)
        first_year: int = 2025
        _consolidation: Any = dataclasses.field(default=None, repr=False)
        _consolidation_reader: Any = dataclasses.field(default=None, repr=False, compare=False)

    for was in (Section, FormDefinition):
        was.__qualname__ = was.__name__
    names = [p.name for p in inspect.signature(FormDefinition).parameters.values()]
    assert names == [p.name for p in inspect.signature(model.FormDefinition).parameters.values()]
    assert [p.name for p in inspect.signature(Section).parameters.values()] == list(
        inspect.signature(model.Section).parameters)

    def made(section_class, form_class, reader=None):
        section = section_class("a", "I", {"vi": "A", "en": "A"}, None, [])
        return form_class("f", "1", {"vi": "F", "en": "F"}, ("province",), ("year",), {"year": "12-15"}, (),
                          [section], [], source="f.json", _consolidation_reader=reader)

    now, before = made(model.Section, model.FormDefinition), made(Section, FormDefinition)
    assert repr(now) == repr(before) and repr(now.sections[0]) == repr(before.sections[0])
    assert now.fields == {} and made(model.Section, model.FormDefinition).fields is not now.fields
    assert now == made(model.Section, model.FormDefinition, reader=list)  # the reader is not compared
    other = made(model.Section, model.FormDefinition)
    other.first_year = 2026
    assert now != other and now.sections[0] == other.sections[0]
    with pytest.raises(TypeError):
        hash(now)
    with pytest.raises(TypeError):
        hash(now.sections[0])
    form = get_form("ct20.province")
    assert form.field("clusters.wastewater") is not None and form.consolidation is not None
