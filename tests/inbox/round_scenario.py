"""A full round of Cục ATMT from real exports: the Inbox scenario's 20 provinces and 3
corporations (tests/inbox/scenario.py) plus 5 Ministry units reporting the second half of the
year (each from its own reporter store, prefilled with its tasks from the registry, exported and
signed with the test PKI; the first one narrowed its data cut-off), and one ad hoc request to 5 provinces, 4 of which answered."""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop.export.service import export_report
from desktop.inbox.importer import import_packages
from desktop.inbox.rounds import Request
from desktop.reporting.reports import create_report, fill_report, validate_report
from desktop.signing.signers import VN_TZ, OpenedSigner
from desktop.store import Store
from tests.export.reports import load_full
from tests.inbox.conftest import pin_test_signers
from tests.inbox.helpers import signed_package
from tests.inbox.scenario import Scenario
from tests.pki import TestPki

UNITS = ("cuc-cong-nghiep", "cuc-dien-luc", "cuc-hoa-chat", "cuc-dmst", "cuc-xnk")
STATUS_CYCLE = ("completed", "in_progress", "recurring", "not_started")
ADHOC_ADDRESSEES = 5
ADHOC_ANSWERED = 4
NARROWED = "11-10"  # the first unit's data cut-off ends on 10/11 of the year, before the default 14/12


def unit_values(index: int, org_id: str, store: Store, report_id: str) -> dict[str, Any]:
    """The unit's report: its prefilled tasks, each with a status and a result depending on `index`."""
    values = load_full("ct20.ministry-unit")
    tasks = store.get_values(report_id)["tasks"]
    for k, task in enumerate(tasks):
        task.pop("note", None)
        task["status"] = STATUS_CYCLE[(index + k) % len(STATUS_CYCLE)]
        task["result"] = f"Kết quả nhiệm vụ {task['task_id']} của đơn vị {index}."
        task["outputs"] = f"Văn bản số {index}{k}/BC"
    values["tasks"] = tasks
    values["difficulties"] = f"Khó khăn của đơn vị thuộc Bộ (mã DV{index})."
    values["proposals"] = f"Kiến nghị của đơn vị thuộc Bộ (mã DV{index})."
    values["other_activities"] = f"Hoạt động khác của đơn vị (mã DV{index})."
    values["document"]["number"] = f"{index + 1}/BC-DV"
    return values


@dataclass
class RoundScenario:
    base: Scenario
    store: Path  # the consolidator's store with everything imported (a template: copy before changing)
    units: dict[str, dict[str, Any]] = field(default_factory=dict)  # org id → values
    request: Request | None = None
    adhoc: dict[str, str] = field(default_factory=dict)  # org id → difficulties of its ad hoc report

    @property
    def year(self) -> int:
        return self.base.year


def build_round(folder: Path, base: Scenario, template: Path, pki: TestPki,
                signers: dict[str, OpenedSigner]) -> RoundScenario:
    inbox = folder / "inbox-2"
    inbox.mkdir(parents=True)
    scenario = RoundScenario(base, folder / "atmt-round.sqlite3")
    shutil.copyfile(template, scenario.store)
    sent: dict[Path, dt.datetime] = {}
    period = f"{base.year}-H2"
    for index, org_id in enumerate(UNITS):
        with Store.open(folder / "reporters" / f"{org_id}.sqlite3") as store:
            report_id = create_report(store, form_id="ct20.ministry-unit", org_id=org_id, period=period)
            values = unit_values(index, org_id, store, report_id)
            if index == 0:  # narrowed by the reporter (workflow.md: the deadline comes before the default end)
                values["document"]["data_to"] = f"{base.year}-{NARROWED}"
            fill_report(store, report_id, values)
            result = validate_report(store, report_id)
            assert result.ok, [(i.path, i.message.render("en")) for i in result.errors]
            moment = dt.datetime(base.year, 11, 12, 9, index, tzinfo=VN_TZ)
            exported = export_report(store, report_id, inbox, signers["main"], now=moment)
            sent[exported.package_path] = moment
            scenario.units[org_id] = store.get_values(report_id)
    now = dt.datetime.now(VN_TZ).replace(microsecond=0)
    asked = (now - dt.timedelta(days=6)).date()
    addressees = tuple(base.province_ids()[:ADHOC_ADDRESSEES])
    scenario.request = Request("yc-2026-01", asked, "123/BCT-ATMT", "Bộ Công Thương",
                               "báo cáo đột xuất về xử lý nước thải tại các cụm công nghiệp", addressees,
                               (now + dt.timedelta(days=5)).date())
    for index, org_id in enumerate(addressees[:ADHOC_ANSWERED]):
        text = f"Khó khăn đột xuất (mã ĐX{index})."
        path = signed_package(signers["main"], inbox / "adhoc", org_id, f"adhoc-{asked.isoformat()}",
                              signed_at=now - dt.timedelta(hours=2, minutes=index),
                              deadline=scenario.request.deadline.isoformat(), difficulties=text)
        sent[path] = now - dt.timedelta(hours=1, minutes=index)
        scenario.adhoc[org_id] = text
    with Store.open(scenario.store) as store:
        pin_test_signers(store, pki, UNITS)
        result = import_packages(store, [inbox], trust_paths=[pki.root_pem], received=sent)
        assert result.all_valid and len(result.items) == len(UNITS) + ADHOC_ANSWERED, result.items
    return scenario
