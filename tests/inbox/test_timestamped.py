"""An ad hoc report sent with a trusted timestamp: the timestamp's time counts, not the signer's clock,
and the deadline is the one the request set (carried in the package)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from desktop.export.service import export_report
from desktop.inbox.board import build_board
from desktop.inbox.importer import import_packages
from desktop.reporting.reports import create_report, fill_report
from desktop.signing.signers import VN_TZ, OpenedSigner
from desktop.store import Store
from tests.export.reports import load_full
from tests.export.test_timestamp import tsa_url  # noqa: F401 - the loopback timestamp server fixture
from tests.inbox.conftest import pin_test_signers
from tests.pki import TestPki


def test_the_timestamp_decides_the_submission_time(tmp_path: Path, pki: TestPki, signers: dict[str, OpenedSigner],
                                                   tsa_url: str) -> None:  # noqa: F811
    today = dt.datetime.now(VN_TZ).date()
    period = f"adhoc-{today.isoformat()}"
    deadline = today + dt.timedelta(days=3)
    with Store.open(tmp_path / "reporter.sqlite3") as reporter:
        report_id = create_report(reporter, form_id="ct20.province", org_id="so-ct-gia-lai", period=period,
                                  reference="Công văn số 4567/BCT-ATMT", deadline=deadline.isoformat())
        fill_report(reporter, report_id, load_full("ct20.province"))
        claimed = dt.datetime.now(VN_TZ).replace(microsecond=0) - dt.timedelta(hours=2)  # a slow clock
        result = export_report(reporter, report_id, tmp_path / "out", signers["main"], timestamp_url=tsa_url,
                               now=claimed)
    assert result.timestamped
    with Store.open(tmp_path / "atmt.sqlite3") as store:
        pin_test_signers(store, pki, ["so-ct-gia-lai"])
        imported = import_packages(store, [result.package_path], trust_paths=[pki.root_pem])
        assert imported.items[0].status == "valid"
        board = build_board(store, period, "ct20.province")
    assert board.deadline == deadline
    row = next(r for r in board.rows if r.org_id == "so-ct-gia-lai")
    assert row.status == "on_time" and row.proof == "timestamp"
    assert abs(row.submitted_at - dt.datetime.now(VN_TZ)) < dt.timedelta(minutes=5)  # not the claimed time
    assert row.submitted_at - claimed > dt.timedelta(hours=1)
