"""The acceptance test of a store shared by the running app, its worker thread and `ct20`.

The real app (`python -m desktop gui`, offscreen) writes continuously through its own code
(tests/load/app_driver.py: the editor's autosave, Inbox imports in a worker thread that opens
the store itself) while `ct20 inbox status`, `ct20 trust add` and `ct20 report fill` run in
other processes. No write fails, the -wal is never pulled from under the app, and after the app
is killed with SIGKILL the store is intact and holds every committed write.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from desktop.reporting.reports import create_report
from desktop.store import Store
from desktop.store.history import AUTOSAVE, KEEP_NEWEST
from tests.inbox.helpers import bulk_packages, ec_signer
from tests.pki import TestPki

REPO = Path(__file__).resolve().parents[2]
DRIVER = Path(__file__).with_name("app_driver.py")
ROUNDS = 6


def ca_pem(folder: Path, n: int) -> Path:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
                      x509.NameAttribute(NameOID.COMMON_NAME, f"CA thử nghiệm {n}")])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=365))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    path = folder / f"ca-{n}.pem"
    path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return path


def entries(log: Path) -> list[dict]:
    if not log.exists():
        return []
    return [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_the_app_the_cli_and_a_worker_share_one_store(tmp_path: Path, pki: TestPki) -> None:
    db = tmp_path / "data" / "ct20.sqlite3"
    with Store.open(db) as store:
        store.set_profile({"org_id": "bo-cong-thuong", "name": "Bộ Công Thương"})
        report_id = create_report(store, form_id="ct20.province", org_id="so-ct-ha-noi", period="2025")
    packages = tmp_path / "received"
    bulk_packages(ec_signer(pki, tmp_path), packages, 40, 2025)
    certs = [ca_pem(tmp_path, n) for n in range(ROUNDS)]
    log = tmp_path / "driver.log"
    env = {**os.environ, "PYTHONPATH": str(REPO), "QT_QPA_PLATFORM": "offscreen", "CT20_TEST_DRIVER": str(DRIVER),
           "CT20_DRIVER_LOG": str(log), "CT20_DRIVER_REPORT": report_id, "CT20_DRIVER_PACKAGES": str(packages)}
    env.pop("CT20_DB", None)
    app = subprocess.Popen([sys.executable, "-m", "desktop", "--db", str(db), "gui"], env=env, cwd=REPO,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    cli_env = {k: v for k, v in env.items() if not k.startswith("CT20_")}
    fills: list[str] = []
    try:
        deadline = time.monotonic() + 120
        while not any("ready" in e for e in entries(log)):
            assert app.poll() is None, app.communicate()[1].decode()
            assert time.monotonic() < deadline, "the app did not start"
            time.sleep(0.2)
        for n in range(ROUNDS):
            values = tmp_path / f"fill-{n}.json"
            place = f"Nơi số {n}"
            values.write_text(json.dumps({"document": {"place": place}}, ensure_ascii=False), encoding="utf-8")
            commands = [
                ["inbox", "status", "--period", "2025"],
                ["trust", "add", str(certs[n])],
                ["report", "fill", report_id, "--from", str(values)],
            ]
            runs = [subprocess.Popen([sys.executable, "-m", "desktop", "--db", str(db), *args], env=cli_env,
                                     cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                    for args in commands]
            for args, run in zip(commands, runs, strict=True):
                _out, err = run.communicate(timeout=180)
                assert run.returncode == 0, f"ct20 {' '.join(args)}: {err}"
            fills.append(place)
            assert Path(f"{db}-wal").exists(), "the -wal was removed under the running app"
            assert app.poll() is None, app.communicate()[1].decode()
        written = entries(log)
        assert sum("editor" in e for e in written) >= 2 and sum("package" in e for e in written) >= 2, written
    finally:
        app.send_signal(signal.SIGKILL)  # in the middle of its writes
        _out, err = app.communicate(timeout=60)

    written = entries(log)
    assert [e for e in written if "error" in e] == [], err.decode()[-3000:]
    with Store.open(db) as store:
        assert store.shared.raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        history = [store.values_at(report_id, h.seq) for h in store.history(report_id)]
        proposals = {v.get("proposals") for v in history}
        places = {(v.get("document") or {}).get("place") for v in history}
        # The history keeps the newest autosaves one by one and thins older ones (desktop/store/
        # history.py): those must all be there (one more may have been saved but not logged before
        # the kill); every one of them was written, as the audit log says.
        typed = [entry["editor"] for entry in written if "editor" in entry]
        for value in typed[-(KEEP_NEWEST - 1):]:
            assert value in proposals, f"the editor's save {value!r} is lost"
        autosaves = [a for a in store.audit_log(report_id=report_id, limit=100_000)
                     if a["action"] == "report.save" and a["details"]["source"] == AUTOSAVE]
        assert len(autosaves) >= len(typed)
        for entry in written:
            if "package" in entry:
                assert any(p.file_name == entry["package"] for p in store.list_inbox_packages()), entry
            if "setting" in entry:
                assert store.get_setting(entry["setting"]) == entry["value"], entry
        assert set(fills) <= places, "a ct20 report fill was reverted by the editor"
        assert len(store.trust_roots()) >= ROUNDS
        current = store.get_values(report_id)
        assert (current.get("document") or {}).get("place") == fills[-1]  # the last fill is not reverted
