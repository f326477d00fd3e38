"""The one verdict and the report metadata, without a display: rules, unreadable typed text,
acknowledgements; the list rows of `ct20 report list`; what a damaged metadata entry reads as."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.reporting.meta import ReportMeta, read_meta, save_acknowledgements, save_pending
from desktop.reporting.reports import create_report, fill_report, validate_report
from desktop.reporting.rows import load_rows
from desktop.reporting.verdict import ack_key, acknowledgement
from desktop.store import Store
from tests.export.reports import load_full

REPO = Path(__file__).resolve().parents[2]
CELL = "clusters.wastewater[0].area_ha"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "ct20.sqlite3") as opened:
        yield opened


@pytest.fixture
def full_report(store: Store) -> str:
    report_id = create_report(store, form_id="ct20.province", org_id="so-ct-ninh-binh", period="2025")
    fill_report(store, report_id, load_full("ct20.province"))
    return report_id


def ct20(store: Store, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([sys.executable, "-m", "desktop", *args, "--db", str(store.path)], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=120)


def test_unreadable_text_is_an_error_of_its_cell_in_place_of_the_rules(store: Store, full_report: str) -> None:
    assert validate_report(store, full_report).ok
    save_pending(store, full_report, {CELL: "khoảng 20"})
    verdict = validate_report(store, full_report, lang="en")
    assert [(i.path, i.code) for i in verdict.errors] == [(CELL, "input")]
    text = verdict.errors[0].message.render("en")
    assert "row 1" in text and "“khoảng 20”" in text and "area_ha" not in text
    refusal = verdict.refusal()
    assert refusal is not None and refusal.render("en") == (
        f"The report has 1 error and cannot be exported: {text}")
    assert verdict.to_json("en")["errors"][0]["path"] == CELL


def test_text_for_a_cell_of_a_removed_column_or_field_is_ignored(store: Store, full_report: str) -> None:
    save_pending(store, full_report, {"clusters.wastewater[0].no_such_column": "x", "no.such.field": "y"})
    assert validate_report(store, full_report).ok


def test_fill_replaces_the_text_of_the_fields_it_gives_and_keeps_the_others(store: Store, full_report: str) -> None:
    save_pending(store, full_report, {CELL: "khoảng 20", "clusters.established": "12 cum"})
    established = store.get_values(full_report)["clusters"]["established"]
    fill_report(store, full_report, {"clusters.established": established})  # the same value, typed again
    assert read_meta(store, full_report).pending == {CELL: "khoảng 20"}
    rows = store.get_values(full_report)["clusters"]["wastewater"]
    fill_report(store, full_report, {"clusters.wastewater": rows})  # the table given again, unchanged
    assert read_meta(store, full_report).pending == {}
    assert validate_report(store, full_report).ok


def test_an_acknowledged_warning_says_so_in_the_json_and_the_text_of_validate(store: Store, full_report: str) -> None:
    warning = validate_report(store, full_report).warnings[0]
    save_acknowledgements(store, full_report, {ack_key(warning): acknowledgement(warning, "Số liệu đã kiểm tra")})
    verdict = validate_report(store, full_report)
    assert verdict.acknowledgement(warning) is not None and verdict.ok
    first = verdict.to_json("vi")["warnings"][0]
    assert first["acknowledged"] == "Số liệu đã kiểm tra"
    assert all("acknowledged" not in w for w in verdict.to_json("vi")["warnings"][1:] if w["path"] != warning.path)
    run = ct20(store, "report", "validate", full_report)
    assert run.returncode == 0, run.stderr
    message = warning.message.render("vi")
    assert f"Cảnh báo (đã giải trình: Số liệu đã kiểm tra): {message}" in run.stdout.splitlines()


def test_ct20_report_list_shows_the_rows_of_the_window_list(store: Store, full_report: str) -> None:
    other = create_report(store, form_id="kh1375.unit", org_id="cuc-atmt", period="2025")
    store.trash_report(other)
    listed = json.loads(ct20(store, "report", "list", "--json").stdout)
    assert listed == [row.to_json() for row in load_rows(store, include_trashed=False)]
    assert [r["id"] for r in listed] == [full_report]
    every = json.loads(ct20(store, "report", "list", "--all", "--json").stdout)
    assert [r["id"] for r in every] == [row.id for row in load_rows(store)] == [other, full_report]


@pytest.mark.parametrize("raw", [None, [], "x", {"pending_cells": ["a"], "acknowledged": "x", "sample": "yes",
                                                "receipt": [1], "export_attachments": [1, "a.pdf"]}])
def test_damaged_metadata_reads_as_nothing_kept(raw: object) -> None:
    meta = ReportMeta.from_dict(raw)
    assert (meta.pending, meta.acknowledged, meta.sample, meta.receipt) == ({}, {}, False, None)
    assert meta.attachments in ([], ["a.pdf"])
