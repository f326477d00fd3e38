"""SIGKILL at random points while saving, exporting and importing, many rounds: the store passes
`integrity_check`, every report is in one of the states that were saved (never a mix), no
package with a final name is ever half-written, and an interrupted import resumes to one record
per package."""

from __future__ import annotations

import hashlib
import random
import shutil
import sqlite3
import sys
import time
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from desktop.inbox.importer import import_packages, package_files
from desktop.package.verify import verify_package
from desktop.reporting.reports import create_report, fill_report
from desktop.store import Store
from tests.export.reports import load_full
from tests.faults.workers import FORM_ID, stored_state
from tests.faults.zygote import Zygote
from tests.pki import TestPki

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="fork and SIGKILL are POSIX")
CORPUS = Path(__file__).resolve().parents[1] / "data" / "hostile"
ORG = "so-ct-ninh-binh"


@pytest.fixture(scope="module")
def zygote() -> Iterator[Zygote]:
    with Zygote() as started:
        yield started


def integrity(path: Path) -> list[str]:
    """PRAGMA integrity_check on a plain connection, as SQLite itself sees the file."""
    with closing(sqlite3.connect(path)) as conn:
        return [row[0] for row in conn.execute("PRAGMA integrity_check")]


def test_kill_during_save_leaves_an_old_or_a_new_state(zygote: Zygote, tmp_path: Path) -> None:
    db = tmp_path / "ct20.sqlite3"
    with Store.open(db) as store:
        report_id = create_report(store, form_id=FORM_ID, org_id=ORG, period="2025")
        initial = store.get_values(report_id)
    rng = random.Random(7)
    committed = 0  # the highest state a worker said it had saved
    seen_states = set()
    for _round in range(30):
        worker = zygote.fork("save_loop", db, report_id, committed + 1)
        worker.wait_for("ready")
        # let a few saves land first (a loaded machine saves slowly), then kill at a random moment
        for _save in range(rng.randrange(0, 3)):
            committed = max(committed, worker.wait_for("saved")["n"])
        time.sleep(rng.uniform(0, 0.06))
        worker.kill()
        while True:  # what the worker said before it died
            try:
                committed = max(committed, zygote.next_message(worker.pid, time.monotonic() + 0.05)["n"])
            except AssertionError:
                break
        assert integrity(db) == ["ok"]
        with Store.open(db) as store:
            values = store.get_values(report_id)
            number = (values.get("document") or {}).get("number")
            state = int(number.split("/")[0]) if number else 0
            assert values == (stored_state(initial, state) if state else initial), f"state {state} is torn"
            assert committed <= state <= committed + 1, (committed, state)  # at most the save in flight
            history = store.history(report_id)
            assert store.values_at(report_id, history[-1].seq) == values  # history and values agree
            assert [h.seq for h in history] == list(range(1, len(history) + 1))
        committed = max(committed, state)
        seen_states.add(state)
    assert len(seen_states) > 10  # the kills really landed at many different points


def test_kill_during_export_never_leaves_a_half_written_package(
    zygote: Zygote, tmp_path: Path, pki: TestPki
) -> None:
    db, out, aside = tmp_path / "ct20.sqlite3", tmp_path / "out", tmp_path / "moved-away"
    out.mkdir()
    aside.mkdir()
    with Store.open(db) as store:
        report_id = create_report(store, form_id=FORM_ID, org_id=ORG, period="2025")
        fill_report(store, report_id, load_full(FORM_ID))
    attachment = tmp_path / "anh-hien-truong.jpg"  # 3 MB that do not compress: a slow write
    attachment.write_bytes(random.Random(1).randbytes(3 * 1024 * 1024))
    rng = random.Random(11)
    checked: set[str] = set()  # packages already verified in an earlier round
    assert pki.signer.p12_path is not None
    for _round in range(10):
        worker = zygote.fork("export_loop", db, out, pki.signer.p12_path, pki.signer.password.decode(), attachment)
        worker.wait_for("ready")
        if _round == 0:  # one export finishes whatever the machine's load; later kills land anywhere
            worker.wait_for("exported", timeout=120)
        time.sleep(rng.uniform(0, 0.9))
        worker.kill()
        assert integrity(db) == ["ok"]
        with Store.open(db, readonly=True) as store:
            kept = {p.file_name: p for p in store.list_packages()}
            for path in out.iterdir():
                if path.name.startswith(".ct20-") and path.suffix == ".part":
                    continue  # an interrupted write: hidden, never taken for a package (see below)
                assert path.suffix == ".asice", path.name
                if path.name not in checked:
                    result = verify_package(path, trust_roots=[pki.root.cert])
                    assert result.status == "valid", (path.name, [p.render("en") for p in result.problems])
                record = kept.get(path.name)
                if record is None:
                    # killed after the rename, before the store committed: a complete package whose
                    # report is still a draft; the next export says the file exists (a user moves it)
                    shutil.move(path, aside / path.name)
                else:
                    assert hashlib.sha256(path.read_bytes()).hexdigest() == record.sha256
                    checked.add(path.name)
            for report in store.list_reports():
                package = store.get_package(report.id, with_data=False)
                assert (report.status == "submitted") == (package is not None)
    leftovers = [p for p in out.iterdir() if p.suffix == ".part"]
    assert all(p.name.startswith(".") for p in leftovers)
    assert package_files([out]) == sorted(p for p in out.iterdir() if p.suffix == ".asice")  # .part ignored
    with Store.open(db, readonly=True) as store:
        assert store.list_packages(), "no export ever finished: the kills came too early"


def test_kill_during_inbox_import_resumes_to_one_record_per_package(
    zygote: Zygote, tmp_path: Path
) -> None:
    db, folder = tmp_path / "atmt.sqlite3", tmp_path / "nhan"
    folder.mkdir()
    Store.open(db).close()
    root = CORPUS / "pki" / "root.cert.pem"
    corpus = sorted(CORPUS.glob("*.asice"))
    random.Random(3).shuffle(corpus)
    rng = random.Random(5)
    for round_ in range(12):
        for path in corpus[round_ * 6 : round_ * 6 + 6]:  # new mail arrives between the rounds
            shutil.copy(path, folder / path.name)
        worker = zygote.fork("import_loop", db, folder, root)
        worker.wait_for("ready")
        time.sleep(rng.uniform(0, 0.25))
        worker.kill()
        assert integrity(db) == ["ok"]
        with Store.open(db, readonly=True) as store:
            records = store.list_inbox_packages()
            assert len({r.sha256 for r in records}) == len(records)
            for record in records:
                assert hashlib.sha256(store.inbox_package_bytes(record.id)).hexdigest() == record.sha256
            imports = [a for a in store.audit_log(limit=100_000) if a["action"] == "inbox.import"]
            assert sorted(a["details"]["inbox_id"] for a in imports) == sorted(r.id for r in records)
    for path in corpus[72:]:
        shutil.copy(path, folder / path.name)
    with Store.open(db) as store:
        import_packages(store, [folder], trust_paths=[root])
        records = store.list_inbox_packages()
    files = {hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir() if p.stat().st_size}
    assert sorted(r.sha256 for r in records) == sorted(files)
