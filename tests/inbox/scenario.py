"""The packages Cục ATMT receives in the acceptance tests, made by the real export.

20 provinces and 3 corporations report `ct20.province` / `ct20.enterprise` for one year, each from
its own reporter store (reporting.create_report + fill_report + export_report, test PKI .p12):

- provinces 0–15 and the corporations: on time;
- province 16: revision 1 on time, then revision 2 at 23:59:59 +07:00 of the deadline day;
- province 17: exported by `ct20 report export` in a process whose clock is faked (libfaketime)
  to the day after the deadline: late;
- province 18: its package was damaged after signing (the data file changed): rejected;
- province 19: signed by a certificate of a foreign root: untrusted;
- an exact copy of province 0's package, under another name, in a sub-folder: a duplicate.

Each package reached Cục ATMT (`sent`) when it was signed: the consolidator's store records that
as its first receipt, and pins the test signers for every organisation (an imported list of
signers: the test PKI's certificates all name one province).

The year is chosen so that the test PKI (valid from 30 days before it was made) covers every
signing time: the first 15 November at most 20 days ago.
"""

from __future__ import annotations

import copy
import datetime as dt
import glob
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop.export.service import export_report
from desktop.registry import get_organization, provinces
from desktop.reporting.reports import create_report, fill_report, revise_report, validate_report
from desktop.signing.signers import VN_TZ, OpenedSigner
from desktop.store import Store
from tests.export.helpers import modify
from tests.export.reports import cluster_row, load_full
from tests.pki import TestPki

ROOT = Path(__file__).resolve().parents[2]
CORPORATIONS = ("vinapaco", "habeco", "mie")  # veam does not report: missing
REVISED, LATE, TAMPERED, FOREIGN = 16, 17, 18, 19


def reporting_year(now: dt.datetime | None = None) -> int:
    back = (now or dt.datetime.now(VN_TZ)) - dt.timedelta(days=20)
    return back.year if dt.date(back.year, 11, 15) >= back.date() else back.year + 1


def libfaketime() -> str | None:
    for pattern in ("/usr/lib/*/faketime/libfaketime.so.1", "/usr/lib/faketime/libfaketime.so.1",
                    "/usr/local/lib/faketime/libfaketime.so.1"):
        found = sorted(glob.glob(pattern))
        if found:
            return found[0]
    return None


def province_values(index: int, org_name: str, place: str) -> dict[str, Any]:
    """A full province report whose every figure depends on `index`."""
    values = load_full("ct20.province")
    rows = 3 + (index * 7) % 11
    values["clusters"]["wastewater"] = [cluster_row(index * 13 + k) for k in range(rows)]
    values["clusters"].update({
        "operating": rows, "established": rows + index % 5, "inspections": 10 + index, "violations": index % 4,
        "monitoring_required": 20 + index, "monitoring_installed": 10 + index, "monitoring_transmitting": 5 + index % 6,
    })
    values["program"]["env_industry_enterprises"] = 100 * index + 7
    values["imports"].update({"coordination_activities": index % 3 + 1, "scrap_importers": index + 2,
                              "violations": index % 2})
    values["communication"].update({"events": index + 1, "participants": 100 + 37 * index,
                                    "enterprises_reached": 50 + index, "news_items": 3 * index})
    values["document"].update({"place": place, "number": f"{index + 10}/BC-SCT"})
    values["difficulties"] = f"Thiếu kinh phí quan trắc (mã {index:02d})."  # one line in the PDF's cell
    values["proposals"] = f"Đề nghị hỗ trợ tập huấn (mã {index:02d})."
    return values


def enterprise_values(index: int, org_name: str) -> dict[str, Any]:
    """The full enterprise report, scaled by `index`; corporation 1 reuses only 60 % of its ash."""
    values = load_full("ct20.enterprise")
    scale = 1 + 0.25 * index
    for row in values["facilities"]:
        for key in ("wastewater_m3y", "solid_waste_t", "hazardous_waste_t", "ash_slag_gypsum_t"):
            row[key] = round(row[key] * scale, 2)
        row["solid_waste_recycled_t"] = round(row["solid_waste_t"] * 0.7, 2)
        row["hazardous_waste_transferred_t"] = row["hazardous_waste_t"]
        row["ash_slag_gypsum_reused_t"] = round(row["ash_slag_gypsum_t"] * (0.6 if index == 1 else 0.85), 2)
        row["incidents"] = (row["incidents"] + index) % 3
    values["facilities"] = values["facilities"][: 3 + index]
    values["difficulties"] = f"Khó khăn của {org_name} (mã DN{index})."
    values["proposals"] = f"Kiến nghị của {org_name} (mã DN{index})."
    return values


@dataclass
class Scenario:
    year: int
    deadline: dt.date
    inbox: Path  # the folder the consolidator drops everything into
    reporters: dict[str, Path] = field(default_factory=dict)  # org id → its reporter store
    report_ids: dict[str, str] = field(default_factory=dict)  # org id → its newest report id
    values: dict[str, dict[str, Any]] = field(default_factory=dict)  # org id → values of its newest revision
    packages: dict[str, list[Path]] = field(default_factory=dict)  # org id → its packages, oldest first
    duplicate: Path | None = None
    faked_clock: bool = False
    sent: dict[Path, dt.datetime] = field(default_factory=dict)  # package → when it reached Cục ATMT by e-mail

    @property
    def period(self) -> str:
        return str(self.year)

    def province_ids(self) -> list[str]:
        return [org.id for org in provinces()[:20]]


def _new_report(store: Store, form: str, org: str, period: str, values: dict[str, Any]) -> str:
    report_id = create_report(store, form_id=form, org_id=org, period=period)
    fill_report(store, report_id, values)
    result = validate_report(store, report_id)
    assert result.ok, [(i.path, i.message.render("en")) for i in result.errors]
    return report_id


def _late_export(scenario: Scenario, db: Path, report_id: str, pki: TestPki, out: Path) -> subprocess.Popen:
    """`ct20 report export` in its own process, its clock faked to the day after the deadline."""
    password = out.parent / "p12-password.txt"
    password.write_bytes(pki.signer.password)
    env = {**os.environ, "TZ": "UTC", "PYTHONPATH": str(ROOT)}
    env.pop("CT20_DB", None)
    late = dt.datetime.combine(scenario.deadline + dt.timedelta(days=1), dt.time(3, 0))  # 10:00 +07:00
    env.update(LD_PRELOAD=str(libfaketime()), FAKETIME=f"@{late:%Y-%m-%d %H:%M:%S}", FAKETIME_DONT_FAKE_MONOTONIC="1")
    return subprocess.Popen(
        [sys.executable, "-m", "desktop", "report", "export", report_id, "--out", str(out), "--p12",
         str(pki.signer.p12_path), "--p12-password-file", str(password), "--db", str(db), "--json"],
        env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def build_scenario(folder: Path, pki: TestPki, signers: dict[str, OpenedSigner]) -> Scenario:
    """Export every package of the scenario into `folder/inbox` (signers: "main", "second", "foreign")."""
    year = reporting_year()
    scenario = Scenario(year, dt.date(year, 11, 15), folder / "inbox")
    scenario.inbox.mkdir(parents=True)
    on_time = dt.datetime(year, 11, 11, 8, 0, tzinfo=VN_TZ)
    late_process = None
    for index, org_id in enumerate(scenario.province_ids()):
        org = get_organization(org_id)
        db = folder / "reporters" / f"{org_id}.sqlite3"
        values = province_values(index, org.name, org.place)
        with Store.open(db) as store:
            report_id = _new_report(store, "ct20.province", org_id, scenario.period, values)
            scenario.reporters[org_id], scenario.report_ids[org_id] = db, report_id
            scenario.values[org_id] = store.get_values(report_id)
            if index == LATE and libfaketime():
                scenario.faked_clock = True
                late_process = _late_export(scenario, db, report_id, pki, scenario.inbox)
                continue
            signer = signers["foreign" if index == FOREIGN else "main"]
            moment = on_time + dt.timedelta(minutes=index)
            if index == LATE:  # no libfaketime here: the export's own clock argument instead
                moment = dt.datetime.combine(scenario.deadline + dt.timedelta(days=1), dt.time(10), VN_TZ)
            result = export_report(store, report_id, scenario.inbox, signer, now=moment)
            scenario.packages[org_id] = [result.package_path]
            scenario.sent[result.package_path] = moment
            if index == REVISED:
                new_id, _ = revise_report(store, report_id)
                changed = copy.deepcopy(scenario.values[org_id])
                changed["clusters"]["inspections"] += 100
                changed["clusters"]["wastewater"].append(cluster_row(999))
                changed["clusters"]["operating"] += 1
                changed["clusters"]["established"] += 1
                fill_report(store, new_id, changed)
                boundary = dt.datetime.combine(scenario.deadline, dt.time(23, 59, 59), VN_TZ)
                result = export_report(store, new_id, scenario.inbox, signer, now=boundary)
                scenario.packages[org_id].append(result.package_path)
                scenario.sent[result.package_path] = boundary
                scenario.report_ids[org_id], scenario.values[org_id] = new_id, store.get_values(new_id)
    for index, org_id in enumerate(CORPORATIONS):
        org = get_organization(org_id)
        db = folder / "reporters" / f"{org_id}.sqlite3"
        with Store.open(db) as store:
            report_id = _new_report(store, "ct20.enterprise", org_id, scenario.period,
                                    enterprise_values(index, org.name))
            moment = on_time + dt.timedelta(hours=2, minutes=index)
            result = export_report(store, report_id, scenario.inbox, signers["second" if index == 2 else "main"],
                                   now=moment)
            scenario.sent[result.package_path] = moment
            scenario.reporters[org_id], scenario.report_ids[org_id] = db, report_id
            scenario.values[org_id] = store.get_values(report_id)
            scenario.packages[org_id] = [result.package_path]
    tampered = scenario.packages[scenario.province_ids()[TAMPERED]][0]
    tampered.write_bytes(modify(tampered.read_bytes(), _change_data_file))
    first = scenario.packages[scenario.province_ids()[0]][0]
    scenario.duplicate = scenario.inbox / "da-gui-lai" / f"copy-of-{first.name}"
    scenario.duplicate.parent.mkdir()
    shutil.copyfile(first, scenario.duplicate)
    scenario.sent[scenario.duplicate] = scenario.sent[first] + dt.timedelta(days=1)
    if late_process is not None:
        out, err = late_process.communicate(timeout=120)
        assert late_process.returncode == 0, err
        late_package = Path(json.loads(out)["package"])
        scenario.packages[scenario.province_ids()[LATE]] = [late_package]
        scenario.sent[late_package] = dt.datetime.combine(scenario.deadline + dt.timedelta(days=1), dt.time(10), VN_TZ)
    return scenario


def _change_data_file(entries: list[tuple[str, bytes]]) -> list[tuple[str, bytes]]:
    """What a careless (or dishonest) hand does after signing: one figure changed."""
    changed = []
    for name, content in entries:
        if name == "du-lieu.json":
            data = json.loads(content)
            data["values"]["clusters"]["established"] += 50
            content = json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2).encode() + b"\n"
        changed.append((name, content))
    return changed
