"""The completeness and timeliness board: every expected organisation, exactly one state each."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from desktop.forms import Period
from desktop.inbox.board import build_board, deadline_end, is_on_time
from desktop.inbox.board_xlsx import board_xlsx
from desktop.inbox.decisions import DecisionError, decide
from desktop.registry import get_organization, provinces
from desktop.signing.signers import VN_TZ
from desktop.store import Store
from tests.inbox.scenario import CORPORATIONS, FOREIGN, LATE, REVISED, TAMPERED, Scenario, libfaketime


def expected_province_states(scenario: Scenario) -> dict[str, str]:
    states = {org.id: "missing" for org in provinces()}
    for index, org in enumerate(scenario.province_ids()):
        states[org] = {LATE: "late", TAMPERED: "rejected", FOREIGN: "untrusted"}.get(index, "on_time")
    return states


def test_the_province_board_has_every_province_in_its_exact_state(consolidator: Store, scenario: Scenario) -> None:
    board = build_board(consolidator, scenario.period, "ct20.province", today=dt.date(scenario.year, 11, 10))
    assert [row.org_id for row in board.rows] == [org.id for org in provinces()]  # the registry's order, all 34
    assert {row.org_id: row.status for row in board.rows} == expected_province_states(scenario)
    assert board.counts() == {"on_time": 17, "late": 1, "missing": 14, "rejected": 1, "untrusted": 1}
    assert board.deadline == dt.date(scenario.year, 11, 15) and board.days_left == 5
    assert all(row.expected for row in board.rows)


def test_rows_tell_when_by_whom_which_revision_and_why(consolidator: Store, scenario: Scenario) -> None:
    rows = {row.org_id: row for row in build_board(consolidator, scenario.period, "ct20.province").rows}
    ids = scenario.province_ids()
    first = rows[ids[0]]
    assert first.submitted_at == dt.datetime(scenario.year, 11, 11, 8, 0, tzinfo=VN_TZ) and first.proof == "receipt"
    assert first.claimed_at == first.submitted_at  # the signer's clock, shown beside the proof
    assert first.signer == "Nguyễn Văn An" and first.revision == 1 and first.inbox_id is not None
    revised = rows[ids[REVISED]]
    assert revised.revision == 2 and revised.submitted_at == deadline_end(scenario.deadline)  # the last second
    assert [(e.revision, e.state) for e in revised.history] == [(2, "on_time"), (1, "superseded")]
    late = rows[ids[LATE]]
    assert scenario.faked_clock or libfaketime() is None  # exported under libfaketime wherever it is installed
    start = dt.datetime.combine(scenario.deadline + dt.timedelta(days=1), dt.time(10), VN_TZ)
    assert start <= late.submitted_at < start + dt.timedelta(minutes=5)  # the faked clock of the export
    rejected = rows[ids[TAMPERED]]
    assert [p.render("en") for p in rejected.problems] == ["The data file was changed after signing"]
    untrusted = rows[ids[FOREIGN]]
    assert [p.render("en") for p in untrusted.problems] == ["The signer's certificate does not lead to a trusted root"]
    missing = rows["so-ct-an-giang"]
    assert (missing.submitted_at, missing.revision, missing.inbox_id, missing.history) == (None, None, None, ())
    data = rows[ids[0]].to_json("en")
    assert {"org", "status", "submitted", "revision", "inbox_id"} <= set(data)
    assert data["submitted"] == f"{scenario.year}-11-11T08:00:00+07:00"


def test_the_enterprise_board(consolidator: Store, scenario: Scenario) -> None:
    board = build_board(consolidator, scenario.period, "ct20.enterprise")
    assert {row.org_id: row.status for row in board.rows} == {**dict.fromkeys(CORPORATIONS, "on_time"),
                                                              "veam": "missing"}


def test_the_deadline_ends_at_23_59_59_vietnam_time() -> None:
    day = dt.date(2026, 11, 15)
    assert is_on_time(dt.datetime(2026, 11, 15, 23, 59, 59, tzinfo=VN_TZ), day)
    assert not is_on_time(dt.datetime(2026, 11, 16, 0, 0, 0, tzinfo=VN_TZ), day)
    assert is_on_time(dt.datetime(2026, 11, 15, 16, 59, 59, tzinfo=dt.UTC), day)  # = 23:59:59 +07:00
    assert not is_on_time(dt.datetime(2026, 11, 15, 17, 0, 0, tzinfo=dt.UTC), day)
    assert is_on_time(dt.datetime(2030, 1, 1, tzinfo=VN_TZ), None)  # no deadline: nothing is late


def test_accepting_an_untrusted_package_puts_it_on_the_board(consolidator: Store, scenario: Scenario) -> None:
    org = scenario.province_ids()[FOREIGN]
    row = next(r for r in build_board(consolidator, scenario.period, "ct20.province").rows if r.org_id == org)
    decide(consolidator, row.inbox_id, "accepted")
    row = next(r for r in build_board(consolidator, scenario.period, "ct20.province").rows if r.org_id == org)
    assert row.status == "on_time"
    decide(consolidator, row.inbox_id, "rejected")
    row = next(r for r in build_board(consolidator, scenario.period, "ct20.province").rows if r.org_id == org)
    assert row.status == "rejected"
    tampered = next(r for r in build_board(consolidator, scenario.period, "ct20.province").rows
                    if r.org_id == scenario.province_ids()[TAMPERED])
    with pytest.raises(DecisionError):
        decide(consolidator, tampered.inbox_id, "accepted")


def test_an_invalid_later_package_never_hides_an_accepted_one(consolidator: Store, scenario: Scenario) -> None:
    org = scenario.province_ids()[0]
    consolidator.add_inbox_package(
        file_name=f"BC-ct20.province-{org}-{scenario.period}-r7.asice", data=b"PK-gia-mao", status="invalid",
        problems=[], org_id=org, form_id="ct20.province", period=scenario.period, revision=7,
        details={"claimed": True},
    )
    row = next(r for r in build_board(consolidator, scenario.period, "ct20.province").rows if r.org_id == org)
    assert row.status == "on_time" and row.revision == 1
    assert [(e.revision, e.state) for e in row.history] == [(7, "rejected"), (1, "on_time")]


def test_the_board_as_a_workbook(consolidator: Store, scenario: Scenario) -> None:
    board = build_board(consolidator, scenario.period, "ct20.province", today=dt.date(scenario.year, 11, 10))
    sheet = load_workbook(io.BytesIO(board_xlsx(board, "en"))).active
    assert sheet.title == "Board"
    assert [c.value for c in sheet[3]][:4] == ["No.", "Organisation", "Status", "Submitted (+07:00)"]
    assert sheet["A1"].value == ("Submissions: Report on the implementation of Prime Minister's Directive 20/CT-TTg of "
                                 "12 July 2025 (from the provincial Departments of Industry and Trade), "
                                 + Period.parse(scenario.period).label().render("en"))
    rows = list(sheet.iter_rows(min_row=4, values_only=True))
    assert len(rows) == 34 and rows[0][:3] == (1, "Sở Công Thương thành phố Hà Nội", "on time")
    assert rows[0][3] == dt.datetime(scenario.year, 11, 11, 8, 0) and rows[0][4] == "first receipt"
    name = {org_id: get_organization(org_id).name for org_id in ("so-ct-an-giang", *scenario.province_ids())}
    states = {row[1]: row[2] for row in rows}
    assert states[name["so-ct-an-giang"]] == "missing" and states[name[scenario.province_ids()[LATE]]] == "late"
    assert states[name[scenario.province_ids()[TAMPERED]]] == "rejected"
    problems = {row[1]: row[8] for row in rows}
    assert problems[name[scenario.province_ids()[TAMPERED]]] == "The data file was changed after signing"
    assert not any("so-ct-" in str(value) for row in rows for value in row)  # organisations by name only
    assert sheet["A2"].value == f"Deadline 15/11/{scenario.year} (23:59:59 +07:00); 5 days left on 10/11/{scenario.year}"
    assert sheet.freeze_panes == "A4"
