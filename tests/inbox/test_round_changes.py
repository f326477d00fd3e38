"""Two gaps of one round, one report (issue 13, points 5 and 6), over real signed exports:

- the year round shows, per province, the industrial clusters whose treatment status changed,
  appeared or disappeared since the previous year's round (the previous round's accepted packages
  in the same Inbox), with a sentence counting them; every figure computed here from what the
  reporters typed;
- an ad hoc request recorded with the Inbox API is a round: `ct20 inbox consolidate --round <id>`
  in its own process names the request and counts only its addressees."""

from __future__ import annotations

import copy
import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from desktop.export.service import export_report
from desktop.forms import get_form
from desktop.inbox.importer import import_packages
from desktop.inbox.round_outputs import RoundFiles, write_round
from desktop.registry import get_organization
from desktop.reporting.reports import create_report, fill_report, validate_report
from desktop.signing.signers import VN_TZ
from desktop.store import Store
from tests.inbox.helpers import signed_package
from tests.inbox.round_scenario import RoundScenario
from tests.inbox.scenario import TAMPERED
from tests.inbox.test_round import docx_text, flat, registry_orgs, round_scenario, text_of  # noqa: F401
from tests.pki import TestPki

ROOT = Path(__file__).resolve().parents[2]
STATUS_VI = {"none": "Chưa có", "planned": "Đã có kế hoạch", "under_construction": "Đang xây dựng",
             "operating": "Đang vận hành", "suspended": "Ngừng vận hành"}
KIND_VI = {"changed": "Thay đổi tình trạng", "new": "Mới có trong danh sách", "removed": "Không còn trong danh sách"}
COMPARED = 5  # the first five provinces report both years; TAMPERED reported last year only (refused this year)


def flip(row: dict[str, Any]) -> dict[str, Any]:
    """The row as it was a year before: no treatment plant working yet (valid under the form's rules)."""
    return {**row, "wwtp_status": "none" if row["wwtp_status"] == "planned" else "planned", "actual_flow_m3d": 0}


def earlier_rows(index: int, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Last year's clusters of the province at `index`, from this year's (without their codes)."""
    rows = [{k: v for k, v in row.items() if k != "code"} for row in copy.deepcopy(rows)]
    if index in (0, TAMPERED):
        rows[0] = flip(rows[0])
    elif index == 1:
        rows[0], rows[1] = flip(rows[0]), flip(rows[1])
    elif index == 2:  # closed since: no longer on this year's list
        rows.append({**rows[-1], "name": "Cụm công nghiệp Đã Giải Thể"})
    elif index == 3:  # this year's last cluster was not on last year's list
        rows.pop()
    return rows


@dataclass
class TwoRounds:
    store: Path
    year: int
    before: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # org id → last year's rows
    after: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # org id → this year's rows


@pytest.fixture(scope="module")
def two_rounds(round_scenario: RoundScenario, pki: TestPki, signers: dict,  # noqa: F811
               tmp_path_factory: pytest.TempPathFactory) -> TwoRounds:
    """The round's store with last year's province reports imported (real exports, signed now)."""
    folder = tmp_path_factory.mktemp("last-year")
    base = round_scenario.base
    rounds = TwoRounds(folder / "atmt.sqlite3", base.year)
    shutil.copyfile(round_scenario.store, rounds.store)
    now = dt.datetime.now(VN_TZ).replace(microsecond=0)
    sent = {}
    ids = base.province_ids()
    for index in [*range(COMPARED), TAMPERED]:
        org_id = ids[index]
        values = copy.deepcopy(base.values[org_id])
        rows = earlier_rows(index, values["clusters"]["wastewater"])
        values["clusters"]["wastewater"] = rows
        values["clusters"]["operating"] = len(rows)
        values["clusters"]["established"] = max(values["clusters"]["established"], len(rows))
        with Store.open(folder / f"{org_id}.sqlite3") as reporter:
            report_id = create_report(reporter, form_id="ct20.province", org_id=org_id, period=str(base.year - 1))
            fill_report(reporter, report_id, values)
            result = validate_report(reporter, report_id)
            assert result.ok, [(i.path, i.message.render("en")) for i in result.errors]
            moment = now - dt.timedelta(hours=3, minutes=index)
            sent[export_report(reporter, report_id, folder / "out", signers["main"], now=moment).package_path] = moment
        rounds.before[org_id] = rows
        if index < COMPARED:
            rounds.after[org_id] = base.values[org_id]["clusters"]["wastewater"]
    with Store.open(rounds.store) as store:
        result = import_packages(store, [folder / "out"], trust_paths=[pki.root_pem], received=sent)
        assert result.all_valid and len(result.items) == COMPARED + 1, result.items
    return rounds


def expected_changes(rounds: TwoRounds) -> list[tuple[str, str, str, str, str]]:
    """(place, name, before, after, change) of every cluster that changed, matched here by name."""
    found = []
    for org_id, rows in rounds.after.items():  # in the board's (registry's) order
        place = get_organization(org_id).place
        earlier = {row["name"]: row["wwtp_status"] for row in rounds.before[org_id]}
        now = {row["name"]: row["wwtp_status"] for row in rows}
        for name, status in now.items():
            if name not in earlier:
                found.append((place, name, "", STATUS_VI[status], KIND_VI["new"]))
            elif earlier[name] != status:
                found.append((place, name, STATUS_VI[earlier[name]], STATUS_VI[status], KIND_VI["changed"]))
        found += [(place, name, STATUS_VI[status], "", KIND_VI["removed"]) for name, status in earlier.items()
                  if name not in now]
    return found


@pytest.fixture(scope="module")
def year_round(two_rounds: TwoRounds, tmp_path_factory: pytest.TempPathFactory) -> RoundFiles:
    with Store.open(two_rounds.store, readonly=True) as store:
        return write_round(store, str(two_rounds.year), tmp_path_factory.mktemp("bc"))


def test_the_year_round_shows_the_clusters_that_changed_since_last_year(two_rounds: TwoRounds,
                                                                         year_round: RoundFiles) -> None:
    expected = expected_changes(two_rounds)
    kinds = [change[4] for change in expected]
    counts = {kind: kinds.count(label) for kind, label in KIND_VI.items()}
    assert counts == {"changed": 3, "new": 1, "removed": 1}  # the scenario above, counted from the rows
    provinces = len(registry_orgs("ct20.province"))
    sentence = (f"So với kỳ báo cáo năm {two_rounds.year - 1} (theo báo cáo của {COMPARED}/{provinces} tỉnh, thành "
                f"phố có báo cáo được chấp nhận ở cả hai kỳ), {counts['changed']} cụm công nghiệp thay đổi tình trạng "
                f"hệ thống xử lý nước thải tập trung, {counts['new']} cụm công nghiệp mới có trong danh sách, "
                f"{counts['removed']} cụm công nghiệp không còn trong danh sách.")
    pdf = flat(text_of(year_round.pdf))
    assert sentence in pdf
    title = "Các cụm công nghiệp thay đổi tình trạng xử lý nước thải tập trung so với kỳ báo cáo trước"
    assert re.search(rf"Bảng \d+\. {title}", pdf)
    # in the body, before the assessment and the annexes; the sentence is among the figures placed there
    assert pdf.index(sentence) < pdf.index("ĐÁNH GIÁ VÀ ĐỀ XUẤT") < pdf.rindex(sentence)
    rows = list(load_workbook(year_round.xlsx)["Thay đổi CCN"].iter_rows(min_row=2, values_only=True))
    assert rows[0] == ("TT", "Tỉnh, thành phố", "Mã cụm", "Tên cụm công nghiệp", "Trạng thái HTXLNT tập trung kỳ trước",
                       "Trạng thái HTXLNT tập trung kỳ này", "Thay đổi")
    sheet = rows[1:]
    assert [(r[1], r[3], r[4] or "", r[5] or "", r[6]) for r in sheet] == expected
    assert [r[0] for r in sheet] == list(range(1, len(expected) + 1))
    codes = [r[2] for r in sheet]
    assert all(re.fullmatch(r"CCN-\d{3}", code or "") for code in codes), codes
    for code in codes:
        assert code in pdf
    docx = docx_text(year_round.docx)
    assert sentence in docx and all(change[1] in docx for change in expected)


def test_a_cluster_is_followed_by_its_code_when_renamed(two_rounds: TwoRounds, signers: dict, pki: TestPki,
                                                        tmp_path: Path) -> None:
    """A cluster renamed this year keeps its code: not one cluster gone and another new, but the same."""
    from desktop.inbox.round_changes import compare, previous_round
    from desktop.inbox.round_report import gather
    from desktop.inbox.rounds import parse_round

    with Store.open(two_rounds.store, readonly=True) as store:
        round_ = parse_round(str(two_rounds.year), store)
        states = {s.form.id: s for s in gather(store, round_)}
        previous = previous_round(round_, store)
        assert previous is not None and previous.id == str(two_rounds.year - 1)
        earlier = {s.form.id: s for s in gather(store, previous)}
    form = get_form("ct20.province")
    spec = form.consolidation.tracked
    now, before = states[form.id].reporters, earlier[form.id].reporters
    renamed = now[0]
    rows = renamed.values["clusters"]["wastewater"]
    assert rows[1]["code"]  # given on export
    values = {**renamed.values, "clusters": {**renamed.values["clusters"], "wastewater": [
        rows[0], {**rows[1], "name": "Cụm công nghiệp Tên Mới"}, *rows[2:]]}}
    import dataclasses

    found = compare(spec, previous, [dataclasses.replace(renamed, values=values)], before)
    assert [(c.code, c.kind) for c in found.changes] == [(rows[0]["code"], "changed")]


def test_an_ad_hoc_request_recorded_in_the_inbox_is_a_round(round_scenario: RoundScenario, signers: dict,  # noqa: F811
                                                            pki: TestPki, tmp_path: Path) -> None:
    """Cục ATMT records a request to 5 provinces; 3 answer, one province not addressed answers too;
    `ct20 inbox consolidate --round <request id> --json`, in its own process, names the request and
    counts only its addressees."""
    db = tmp_path / "atmt.sqlite3"
    shutil.copyfile(round_scenario.store, db)
    now = dt.datetime.now(VN_TZ).replace(microsecond=0)
    asked = (now - dt.timedelta(days=3)).date()
    deadline = (now + dt.timedelta(days=4)).date()
    ids = round_scenario.base.province_ids()
    addressees, outsider = ids[5:10], ids[10]
    with Store.open(db) as store:
        record, created = store.add_request(
            request_id=f"yc-{asked.isoformat()}-456-bct-atmt", number="456/BCT-ATMT", date=asked.isoformat(),
            requester="Bộ Công Thương", content="báo cáo đột xuất về kiểm soát nhập khẩu phế liệu",
            addressees=addressees, deadline=deadline.isoformat())
        assert created
        answers = {org: f"Khó khăn theo Công văn 456 (mã YC{i})." for i, org in enumerate(addressees[:3])}
        named = {"id": record.id, "number": record.number, "date": record.date, "requester": record.requester,
                 "content": record.content, "deadline": record.deadline}
        other = {**named, "id": f"yc-{asked.isoformat()}-999-ubnd", "number": "999/UBND-KT",
                 "requester": "Ủy ban nhân dân tỉnh"}
        sent = {}
        for i, (org_id, text, request) in enumerate([
                *((org, text, named if k == 0 else None) for k, (org, text) in enumerate(answers.items())),
                (outsider, "Báo cáo không được yêu cầu.", None),  # not an addressee
                (addressees[3], "Báo cáo cho một yêu cầu khác cùng ngày.", other)]):  # answers another request
            moment = now - dt.timedelta(hours=1, minutes=i)
            path = signed_package(signers["main"], tmp_path / "answers", org_id, f"adhoc-{asked.isoformat()}",
                                  signed_at=moment, deadline=deadline.isoformat(), difficulties=text, request=request)
            sent[path] = moment
        result = import_packages(store, [tmp_path / "answers"], trust_paths=[pki.root_pem], received=sent)
        assert result.all_valid and len(result.items) == 5, result.items
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("CT20_DB", None)
    run = subprocess.run([sys.executable, "-m", "desktop", "inbox", "consolidate", "--round", record.id, "--out",
                          str(tmp_path / "out"), "--json", "--db", str(db), "--lang", "en"],
                         env=env, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    printed = json.loads(run.stdout)
    assert set(printed) == {"pdf", "docx", "xlsx", "reminders"}
    text = flat(text_of(Path(printed["pdf"])))
    assert (f"Thực hiện Công văn số 456/BCT-ATMT ngày {asked.strftime('%d/%m/%Y')} của Bộ Công Thương về việc báo "
            "cáo đột xuất về kiểm soát nhập khẩu phế liệu") in text
    assert f"đột xuất theo Công văn số 456/BCT-ATMT ngày {asked.strftime('%d/%m/%Y')}" in text
    assert f"đã nhận báo cáo của {len(answers)}/{len(addressees)} tỉnh, thành phố (đúng hạn: {len(answers)}" in text
    book = load_workbook(printed["xlsx"])
    status = list(book["Gửi báo cáo"].iter_rows(min_row=3, values_only=True))
    names = {get_organization(org).name for org in addressees}
    assert {row[1] for row in status} == names and len(status) == len(addressees)
    issues = list(book["Khó khăn 1"].iter_rows(min_row=3, values_only=True))
    assert sorted(row[2] for row in issues) == sorted(answers.values())
    assert "không được yêu cầu" not in text and "yêu cầu khác cùng ngày" not in text
    assert len(printed["reminders"]) == 1  # to the two addressees still missing, and to no one else
    letter = flat(text_of(Path(printed["reminders"][0]["pdf"])))
    for org_id in ids[:11]:
        named = get_organization(org_id).name in letter
        assert named == (org_id in addressees[3:]), org_id


def test_the_change_is_the_same_from_the_shared_inbox(two_rounds: TwoRounds, year_round: RoundFiles,
                                                      tmp_path: Path) -> None:
    """Both rounds' packages moved onto a shared (PostgreSQL) Inbox: the same clusters, the same sentence."""
    from desktop.store.pg import PgInboxStore, init_inbox
    from desktop.store.pg.transfer import migrate_from_local
    from desktop.store.shared import SharedInbox
    from tests.pgtest import throwaway_database

    path = tmp_path / "atmt.sqlite3"
    shutil.copyfile(two_rounds.store, path)
    with throwaway_database() as url:
        init_inbox(url)
        with SharedInbox(Store.open(path), PgInboxStore.open(url)) as shared:
            migrate_from_local(shared.local, shared.inbox)
            files = write_round(shared, str(two_rounds.year), tmp_path / "out")
    sheet = list(load_workbook(files.xlsx)["Thay đổi CCN"].iter_rows(min_row=3, values_only=True))
    assert [(r[1], r[3], r[4] or "", r[5] or "", r[6]) for r in sheet] == expected_changes(two_rounds)
    assert sheet == list(load_workbook(year_round.xlsx)["Thay đổi CCN"].iter_rows(min_row=3, values_only=True))
    sentence = re.compile(r"So với kỳ báo cáo năm \d{4} \(theo báo cáo của 5/\d+ tỉnh, thành phố[^.]*\.")
    found = sentence.search(flat(text_of(files.pdf)))
    assert found and found.group(0) in flat(text_of(year_round.pdf))


def test_without_last_years_reports_the_round_says_there_is_nothing_to_compare(round_scenario: RoundScenario,  # noqa: F811
                                                                               tmp_path: Path) -> None:
    """The round's store holds no province report of the year before: a sentence, no table; the
    first round (2025) and an ad hoc round have no previous round at all."""
    from desktop.inbox.round_changes import previous_round
    from desktop.inbox.rounds import parse_round

    with Store.open(round_scenario.store, readonly=True) as store:
        files = write_round(store, str(round_scenario.year), tmp_path)
    text = flat(text_of(files.pdf))
    assert (f"So với kỳ báo cáo năm {round_scenario.year - 1}: chưa có tỉnh, thành phố nào có báo cáo được chấp nhận "
            "ở cả hai kỳ để so sánh.") in text
    assert "Thay đổi CCN" not in load_workbook(files.xlsx).sheetnames
    assert previous_round(parse_round("2025")) is None and previous_round(parse_round("adhoc-2026-03-15")) is None
    assert previous_round(parse_round("2027-H1")).id == "2026-H1"  # type: ignore[union-attr]
