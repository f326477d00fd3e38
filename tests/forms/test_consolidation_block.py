"""The `consolidation` block of a definition is checked by the loader like the rules: a copied
definition whose field is renamed, without its block being updated, is refused with the name
given; no form id and no field path is written in desktop/inbox's code."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from desktop.forms import DefinitionError, get_form, list_forms, load_definition
from desktop.forms.loader import DEFINITIONS_DIR
from desktop.inbox.consolidate_tables import build_table
from desktop.registry import get_organization

ROOT = Path(__file__).resolve().parents[2]
PROVINCE = DEFINITIONS_DIR / "ct20.province@2025.1.json"


def copy_as(tmp_path: Path, change: Any, version: str = "2026.1") -> Path:
    """The province definition as a new version, changed by `change(data)`."""
    data = json.loads(PROVINCE.read_text(encoding="utf-8"))
    data["version"] = version
    change(data)
    path = tmp_path / f"ct20.province@{version}.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def _section(data: dict, key: str) -> dict:
    return next(s for s in data["sections"] if s.get("key") == key)


def _field(data: dict, section: str, key: str) -> dict:
    return next(f for f in _section(data, section)["fields"] if f["key"] == key)


@pytest.fixture(autouse=True)
def fragments(tmp_path: Path) -> None:
    shutil.copytree(DEFINITIONS_DIR / "fragments", tmp_path / "fragments")


def test_every_shipped_definition_has_a_checked_consolidation_block() -> None:
    for form in list_forms():
        assert form.consolidation is not None, form.ref


def test_a_renamed_table_field_is_named_by_the_loader(tmp_path: Path) -> None:
    def rename(data: dict) -> None:
        _field(data, "clusters", "clusters.wastewater")["key"] = "clusters.parks"
        data["derived"] = []  # the derived values are checked too: only the block is left stale here

    with pytest.raises(DefinitionError) as caught:
        load_definition(copy_as(tmp_path, rename))
    assert "clusters.wastewater" in caught.value.problem and caught.value.where.startswith("consolidation.")
    assert caught.value.file == "ct20.province@2026.1.json"


def test_a_renamed_column_and_a_renamed_scalar_are_named(tmp_path: Path) -> None:
    def rename_column(data: dict) -> None:
        table = _field(data, "clusters", "clusters.wastewater")
        next(c for c in table["columns"] if c["key"] == "actual_flow_m3d")["key"] = "flow_m3d"
        data["derived"] = [d for d in data["derived"] if d.get("column") != "actual_flow_m3d"]

    with pytest.raises(DefinitionError) as caught:
        load_definition(copy_as(tmp_path, rename_column))
    assert "'actual_flow_m3d'" in caught.value.problem and "column 'flow'" in caught.value.where

    def rename_scalar(data: dict) -> None:
        _field(data, "clusters", "clusters.inspections")["key"] = "clusters.inspection_count"

    with pytest.raises(DefinitionError) as caught:
        load_definition(copy_as(tmp_path, rename_scalar))
    assert "'clusters.inspections'" in caught.value.problem

    def rename_narrative(data: dict) -> None:
        _field(data, "imports", "imports.summary")["key"] = "imports.results"

    with pytest.raises(DefinitionError) as caught:
        load_definition(copy_as(tmp_path, rename_narrative))
    assert "'imports.summary'" in caught.value.problem and "narrative" in caught.value.where


@pytest.mark.parametrize(("change", "words"), [
    (lambda c: c["tables"][0]["columns"][0].update(agg="median"), "median"),
    (lambda c: c["tables"][0].update(summary={"vi": "có {unknown} cụm", "en": "{unknown}"}), "{unknown}"),
    (lambda c: c["tables"][0]["columns"][-1].update(numerator="nothing"), "numerator"),
    (lambda c: c["tables"][1]["columns"][0].update(field="clusters.wastewater"), "table"),
    (lambda c: c.update(feeds="qd9999"), "feeds"),
    (lambda c: c["plan"].update(issued=["published"]), "plan.issued"),
    (lambda c: c["tables"][0]["columns"][6].update(column="name"), "text"),
    (lambda c: c["tables"][0].update(sheet={"vi": "x" * 32, "en": "x"}), "31"),
    (lambda c: c["tables"][0]["columns"][1].update(where={"field": "wwtp_status", "in": ["flooded"]}), "flooded"),
])
def test_a_broken_block_is_refused_with_its_place(tmp_path: Path, change: Any, words: str) -> None:
    with pytest.raises(DefinitionError) as caught:
        load_definition(copy_as(tmp_path, lambda data: change(data["consolidation"])))
    assert words in f"{caught.value.where} {caught.value.problem}"


def test_each_package_is_read_with_its_own_form_version(tmp_path: Path) -> None:
    """A later version moves the clusters' table and renames a column, its block updated: the
    national table (laid out by the newest version) counts both versions' packages alike."""
    def move(data: dict) -> None:
        table = _field(data, "clusters", "clusters.wastewater")
        table["key"] = "clusters.parks"
        next(c for c in table["columns"] if c["key"] == "design_capacity_m3d")["key"] = "capacity_m3d"
        text = json.dumps(data, ensure_ascii=False)
        text = text.replace('"clusters.wastewater"', '"clusters.parks"').replace(
            '"design_capacity_m3d"', '"capacity_m3d"')
        data.clear()
        data.update(json.loads(text))

    newer = load_definition(copy_as(tmp_path, move))
    older = get_form("ct20.province", "2025.1")
    row = {"name": "CCN A", "wwtp_status": "operating", "design_capacity_m3d": 500, "actual_flow_m3d": 300,
           "auto_monitoring": "yes"}
    moved = {**{k: v for k, v in row.items() if k != "design_capacity_m3d"}, "capacity_m3d": 700}

    class Reporter:
        def __init__(self, org_id: str, form: Any, values: dict) -> None:
            org = get_organization(org_id)
            self.org_id, self.name, self.place, self.form, self.values = org_id, org.name, org.place, form, values

    reporters = [Reporter("so-ct-ha-noi", older, {"clusters": {"wastewater": [row, dict(row, wwtp_status="none")]}}),
                 Reporter("so-ct-hue", newer, {"clusters": {"parks": [moved]}})]
    layout = newer.consolidation.table("clusters_by_province")
    table = build_table(layout, newer, reporters, "Bảng 1")
    assert [(r["org"], r["listed"], r["st_operating"], r["design"]) for r in table.rows] == [
        ("Hà Nội", 2, 1, 500), ("Huế", 1, 1, 700)]
    assert (table.total["listed"], table.total["design"], table.total["operating_pct"]) == (3, 1200, 66.67)


def test_no_form_id_or_field_path_in_the_inbox_code() -> None:
    names: set[str] = set()
    for form in list_forms():
        names.add(form.id)
        names.update(form.fields)  # every top-level field path ("clusters.wastewater", "difficulties" …)
    found = []
    for path in sorted((ROOT / "desktop" / "inbox").glob("*.py")):
        code = path.read_text(encoding="utf-8")
        for name in names:
            if re.search(rf"[\"'`]{re.escape(name)}[\"'`]", code):
                found.append(f"{path.name}: {name}")
    assert not found, found


def test_the_tracked_rows_are_checked_like_the_rest(tmp_path: Path) -> None:
    """The rows followed across rounds (`tracked`): a renamed status column, a table without a
    row_code column, or a placeholder the report does not fill are refused with the name given."""
    def rename_status(data: dict) -> None:  # every other mention updated, the tracked block forgotten
        renamed = json.loads(json.dumps(data, ensure_ascii=False).replace('"wwtp_status"', '"plant_status"'))
        renamed["consolidation"]["tracked"]["status"] = "wwtp_status"
        data.clear()
        data.update(renamed)

    with pytest.raises(DefinitionError) as caught:
        load_definition(copy_as(tmp_path, rename_status))
    assert "'wwtp_status'" in caught.value.problem and caught.value.where == "consolidation.tracked.status"

    def drop_code(data: dict) -> None:
        table = _field(data, "clusters", "clusters.wastewater")
        table["columns"] = [c for c in table["columns"] if not c.get("row_code")]

    with pytest.raises(DefinitionError) as caught:
        load_definition(copy_as(tmp_path, drop_code, "2026.2"))
    assert "row_code" in caught.value.problem and caught.value.where == "consolidation.tracked.table"

    def unknown_placeholder(data: dict) -> None:
        data["consolidation"]["tracked"]["summary"]["en"] += " ({gone})"

    with pytest.raises(DefinitionError) as caught:
        load_definition(copy_as(tmp_path, unknown_placeholder, "2026.3"))
    assert "{gone}" in caught.value.problem and caught.value.where == "consolidation.tracked.summary.en"
    tracked = get_form("ct20.province").consolidation.tracked
    assert (tracked.table, tracked.code, tracked.status, tracked.name) == ("clusters.wastewater", "code",
                                                                          "wwtp_status", "name")


def test_a_catalog_form_reads_its_consolidation_block_when_asked_as_the_loader_does() -> None:
    """The catalog's forms read the block when first asked for (opening a report never does):
    the same block as a definition loaded whole."""
    from desktop.forms.loader import DEFINITIONS_DIR

    for path in sorted(DEFINITIONS_DIR.glob("*@*.json")):
        later = load_definition(path, consolidation_later=True)
        assert later._consolidation_reader is not None or later.consolidation is None, path.name
        assert later.consolidation == load_definition(path).consolidation, path.name
        assert later._consolidation_reader is None
