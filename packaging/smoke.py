"""Smoke test of the built app: `python packaging/smoke.py [--dist dist/ct20] [--in-place]`.

Runs the frozen programs as a user's scripts would, never the source tree:
  ct20-cli --version, forms list, report new / fill / validate, report export signed with a test
  .p12, verify against the test root, inbox import + consolidate (PDF, XLSX, DOCX) in a second
  store, the same package attached to an Outlook .msg imported into a third, the shared Inbox
  on PostgreSQL (with CT20_TEST_PG: init, import, list); the Vietnamese catalogs answer;
  portable mode keeps the store beside the executable;
  `ct20 gui --screenshot` draws the main window and the report's editor (Qt's offscreen platform).
The bundle is first copied to a folder whose name has Vietnamese letters and spaces, and every
file the test makes lives under such a folder too ("Dữ liệu báo cáo"), as on an officer's PC.

Prints the timings (frozen start-up for --version and for a screenshot), the bundle's size and
file count; exits 1 if any step failed.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.forms.samples import province  # noqa: E402
from tests.pki import build_pki  # noqa: E402

EXE = ".exe" if sys.platform == "win32" else ""
FORMS = {"ct20.province", "ct20.enterprise", "ct20.ministry-unit", "kh1375.unit"}
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
TIMEOUT = 180


def _load_build():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("ct20_build", ROOT / "packaging" / "build.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class SmokeFailure(Exception):
    pass


@dataclass
class Ran:
    out: str
    err: str
    seconds: float

    @property
    def json(self) -> Any:
        return json.loads(self.out)


class Smoke:
    def __init__(self, bundle: Path, work: Path) -> None:
        self.bundle = bundle
        self.work = work
        self.cli = bundle / f"ct20-cli{EXE}"
        self.gui = bundle / f"ct20{EXE}"
        self.store = work / "Dữ liệu báo cáo" / "ct20.sqlite3"
        self.timings: dict[str, float] = {}
        self.results: list[tuple[str, bool, str]] = []
        self.env = {k: v for k, v in os.environ.items() if k not in ("CT20_DB", "CT20_LANG", "PYTHONPATH")}
        self.env["QT_QPA_PLATFORM"] = "offscreen"
        # The per-user data folder (logs, a store without --db) stays inside the test's folder.
        self.env["APPDATA"] = str(work / "AppData" / "Roaming")  # Windows: older releases
        self.env["LOCALAPPDATA"] = str(work / "AppData" / "Local")  # Windows: the store and logs
        self.env["XDG_DATA_HOME"] = str(work / "xdg")  # elsewhere (platformdirs)
        # every run appends the modules it imported (packaging/entry.py), for `--imports`
        self.import_log = work / "imported-modules.txt"
        self.env["CT20_IMPORT_LOG"] = str(self.import_log)

    def imported_modules(self) -> set[str]:
        """The modules any of the frozen runs imported (by name)."""
        if not self.import_log.exists():
            return set()
        return {line for line in self.import_log.read_text(encoding="utf-8").splitlines() if line}

    # ---- running the frozen programs -------------------------------------------------------

    def run(self, program: Path, *args: str | Path, db: bool = True, store: Path | None = None,
            expect: int = 0) -> Ran:
        """Run a frozen program (with the test store unless db=False); it must exit `expect`."""
        command = [str(program), *(str(a) for a in args)]
        if db:
            command += ["--db", str(store or self.store)]
        started = time.perf_counter()
        proc = subprocess.run(command, capture_output=True, text=True, encoding="utf-8", errors="replace",
                              env=self.env, timeout=TIMEOUT, cwd=self.work)
        seconds = time.perf_counter() - started
        if proc.returncode != expect:
            raise SmokeFailure(
                f"`{' '.join(command)}` exited {proc.returncode}\n"
                f"stdout: {proc.stdout[-2000:]}\nstderr: {proc.stderr[-2000:]}{self._log_tail()}"
            )
        return Ran(proc.stdout, proc.stderr, seconds)

    def _log_tail(self) -> str:
        """The windowed program's log (it has no console on Windows), for a failure's report."""
        logs = [*self.work.glob("AppData/CT20/logs/ct20.log"), *self.work.glob("xdg/CT20/logs/ct20.log")]
        return "".join(f"\n{log}: {log.read_text(encoding='utf-8', errors='replace')[-2000:]}" for log in logs)

    def step(self, name: str, check: Callable[[], str]) -> bool:
        try:
            detail = check()
        except (SmokeFailure, subprocess.TimeoutExpired, AssertionError, OSError, ValueError, KeyError) as exc:
            self.results.append((name, False, str(exc) or type(exc).__name__))
            print(f"FAIL  {name}\n      {exc}", flush=True)
            return False
        self.results.append((name, True, detail))
        print(f"ok    {name}: {detail}", flush=True)
        return True

    # ---- the steps -------------------------------------------------------------------------

    def version(self) -> str:
        expected = f"ct20 {_load_build().app_version()}"
        times = []
        for _ in range(5):
            proc = self.run(self.cli, "--version", db=False)
            assert proc.out.strip() == expected, f"printed {proc.out.strip()!r}, expected {expected!r}"
            times.append(proc.seconds)
        self.timings["--version, first run"] = times[0]
        self.timings["--version, best of 5"] = min(times)
        return expected

    def forms_list(self) -> str:
        forms = self.run(self.cli, "forms", "list", "--json").json
        ids = {form["id"] for form in forms}
        assert ids == FORMS, f"forms {sorted(ids)}"
        return f"{len(forms)} forms"

    def catalogs(self) -> str:
        vi = self.run(self.cli, "--help", "--lang", "vi", db=False).out
        en = self.run(self.cli, "--help", "--lang", "en", db=False).out
        assert "Chỉ thị số 20/CT-TTg" in vi, "the Vietnamese catalog did not answer"
        assert "reports under Directive 20/CT-TTg" in en, "the English text is missing"
        return "vi and en"

    def report_round_trip(self) -> str:
        report = self.run(self.cli, "report", "new", "--form", "ct20.province", "--org", "so-ct-ninh-binh",
                          "--period", "2025", "--json").json["id"]
        values = self.work / "Dữ liệu báo cáo" / "giá trị báo cáo.json"
        values.write_text(json.dumps(province(), ensure_ascii=False), encoding="utf-8")
        filled = self.run(self.cli, "report", "fill", report, "--from", values, "--json").json
        assert filled["changed"] > 0, f"fill changed {filled['changed']} fields"
        result = self.run(self.cli, "report", "validate", report, "--json").json
        assert not result["errors"], f"errors: {result['errors']}"
        self.report_id = report
        return f"report {report[:8]}, {filled['changed']} fields, {len(result['warnings'])} warnings"

    def export_and_verify(self) -> str:
        pki = build_pki(self.work / "Chứng thư thử nghiệm")
        password = self.work / "Chứng thư thử nghiệm" / "mật khẩu.txt"
        password.write_bytes(pki.signer.password)
        out = self.work / "Gói đã xuất"
        ran = self.run(self.cli, "report", "export", self.report_id, "--out", out, "--p12", pki.signer.p12_path,
                       "--p12-password-file", password, "--json")
        self.timings["report export (PDF, sign, package)"] = ran.seconds
        package = Path(ran.json["package"])
        assert package.is_file(), f"no package at {package}"
        rows = self.run(self.cli, "verify", package, "--trust", pki.root_pem, "--json").json
        assert rows[0]["status"] == "valid", f"verify said {rows[0]['status']}: {rows[0]['problems']}"
        self.package, self.root_pem = package, pki.root_pem
        return f"{package.name} ({ran.json['size']} bytes) is valid"

    def inbox(self) -> str:
        """The consolidator's side, in a store of its own: import the package, consolidate (PDF, XLSX, DOCX)."""
        try:
            self.run(self.cli, "inbox", "--help", db=False)
        except SmokeFailure:
            return "skipped: this build has no `inbox` command"
        store = self.work / "Cục ATMT" / "ct20.sqlite3"
        rows = self.run(self.cli, "inbox", "import", self.package, "--trust", self.root_pem, "--json", store=store).json
        assert rows[0]["status"] == "valid", f"import said {rows}"
        out = self.work / "Cục ATMT" / "Tổng hợp"
        files = self.run(self.cli, "inbox", "consolidate", "--period", "2025", "--form", "ct20.province",
                         "--out", out, "--json", store=store).json
        made = {kind: Path(files[kind]) for kind in ("pdf", "xlsx", "docx")}
        for kind, path in made.items():
            assert path.is_file() and path.stat().st_size > 1000, f"no {kind} at {path}"
        return ", ".join(path.name for path in made.values())

    def outlook_msg(self) -> str:
        """The exported package attached to an Outlook .msg file (tests/inbox/msgwriter.py writes it
        as Outlook lays it out), imported by the frozen program into a store of its own: the
        bundle's own .msg reader (olefile) finds the attachment and the package verifies."""
        import datetime as dt

        from tests.inbox.msgwriter import MsgAttachment, MsgMessage, write_msg

        sent = dt.datetime.now(dt.UTC).replace(microsecond=0)
        message = MsgMessage(subject="Báo cáo CT20 năm 2025", sender_name="Sở Công Thương tỉnh Ninh Bình",
                             sender_address="soct@ninhbinh.gov.vn", delivered=sent, submitted=sent,
                             attachments=[MsgAttachment(name=self.package.name, data=self.package.read_bytes())])
        mail = self.work / "Thư nhận được" / "Báo cáo CT20.msg"
        mail.parent.mkdir(parents=True, exist_ok=True)
        mail.write_bytes(write_msg(message))
        store = self.work / "Cục ATMT (thư)" / "ct20.sqlite3"
        rows = self.run(self.cli, "inbox", "import", mail, "--trust", self.root_pem, "--json", store=store).json
        assert len(rows) == 1 and rows[0]["status"] == "valid", f"import said {rows}"
        return f"{mail.name}: 1 package, valid"

    def shared_inbox(self) -> str:
        """The shared Inbox through the frozen PostgreSQL driver (pg8000 on CPython's ssl): a closed
        port is said plainly; with CT20_TEST_PG (as in CI), init, import and list on a throw-away
        database of that server."""
        where = "postgresql://officer@127.0.0.1:1/ct20"
        refused = self.run(self.cli, "inbox", "list", "--inbox-url", where, "--lang", "en", expect=1)
        assert f"Cannot connect to the shared Inbox at {where}: the server refused" in refused.err, refused.err
        server = os.environ.get("CT20_TEST_PG", "").strip()
        if not server:
            return "a closed port said plainly (no CT20_TEST_PG: no server round trip)"
        from urllib.parse import urlsplit, urlunsplit

        from desktop.store.pg.connect import connect

        name = f"ct20_smoke_{os.getpid()}"
        with connect(server) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
            try:
                url = urlunsplit(urlsplit(server)._replace(path=f"/{name}"))
                store = self.work / "Cục ATMT (máy chủ)" / "ct20.sqlite3"
                self.run(self.cli, "inbox", "init", "--inbox-url", url, db=False)
                rows = self.run(self.cli, "inbox", "import", self.package, "--trust", self.root_pem, "--json",
                                "--inbox-url", url, store=store).json
                listed = self.run(self.cli, "inbox", "list", "--json", "--inbox-url", url, store=store).json
            finally:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        assert rows[0]["status"] == "valid" and len(listed) == 1, f"import said {rows}, list said {listed}"
        return f"a closed port said plainly; init, import, list on {urlsplit(server).scheme} server: 1 package"

    def portable(self) -> str:
        marker = self.bundle / "portable"
        marker.write_text("", encoding="utf-8")
        try:
            self.run(self.cli, "report", "new", "--form", "ct20.province", "--org", "so-ct-ninh-binh",
                     "--period", "2025", "--json", db=False)  # no --db, no CT20_DB: the default store
            store = self.bundle / "data" / "ct20.sqlite3"
            assert store.is_file(), f"portable mode did not make {store}"
        finally:
            marker.unlink()
        return f"store at {store.relative_to(self.bundle)}"

    def screenshot(self, name: str, *args: str) -> Ran:
        """`ct20 gui --screenshot` (the windowed program) must write a real PNG."""
        png = self.work / "Ảnh chụp" / name
        png.parent.mkdir(parents=True, exist_ok=True)
        png.unlink(missing_ok=True)
        ran = self.run(self.gui, "gui", "--screenshot", png, *args)
        data = png.read_bytes()
        assert data.startswith(PNG_SIGNATURE), f"{png} is not a PNG"
        assert len(data) > 10_000, f"{png} is only {len(data)} bytes"
        return ran

    def gui_main_window(self) -> str:
        runs = [self.screenshot("main-window.png") for _ in range(4)]
        self.timings["gui --screenshot (main window), first run"] = runs[0].seconds
        self.timings["gui --screenshot (main window), best of 4"] = min(r.seconds for r in runs)
        return f"{min(r.seconds for r in runs):.2f} s"

    def gui_editor(self) -> str:
        ran = self.screenshot("editor.png", "--report", self.report_id)
        self.timings["gui --screenshot --report (editor)"] = ran.seconds
        return f"{ran.seconds:.2f} s"


def _folder_size(folder: Path) -> tuple[int, int]:
    return _load_build().folder_size(folder)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist" / "ct20", help="the built folder")
    parser.add_argument("--in-place", action="store_true",
                        help="run the bundle where it is instead of a copy under a Vietnamese folder name")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (screenshots, store)")
    parser.add_argument("--imports", type=Path, metavar="FILE",
                        help="write the names of the modules the frozen runs imported, one a line")
    args = parser.parse_args(argv)
    if not (args.dist / f"ct20-cli{EXE}").exists():
        print(f"no build at {args.dist}; run `python packaging/build.py` first", file=sys.stderr)
        return 2

    size, files = _folder_size(args.dist)
    work = Path(tempfile.mkdtemp(prefix="ct20-smoke-"))
    try:
        (work / "Dữ liệu báo cáo").mkdir()
        bundle = args.dist.resolve()
        if not args.in_place:
            started = time.perf_counter()
            bundle = work / "Ứng dụng CT20" / "ct20"
            shutil.copytree(args.dist, bundle, symlinks=True)
            print(f"copied the bundle to {bundle} in {time.perf_counter() - started:.1f} s")
        smoke = Smoke(bundle, work)
        smoke.step("ct20-cli --version", smoke.version)
        smoke.step("ct20-cli forms list", smoke.forms_list)
        smoke.step("catalogs", smoke.catalogs)
        if smoke.step("report new / fill / validate", smoke.report_round_trip):
            if smoke.step("report export + verify", smoke.export_and_verify):
                smoke.step("inbox import + consolidate", smoke.inbox)
                smoke.step("inbox import of an Outlook .msg", smoke.outlook_msg)
                smoke.step("shared Inbox (PostgreSQL)", smoke.shared_inbox)
            smoke.step("ct20 gui --screenshot --report (editor)", smoke.gui_editor)
        smoke.step("ct20 gui --screenshot (main window)", smoke.gui_main_window)
        smoke.step("portable mode", smoke.portable)

        print(f"\nbundle: {size / 1e6:.1f} MB ({size / 2**20:.1f} MiB), {files} files")
        imported = smoke.imported_modules()
        print(f"modules imported by the frozen runs: {len(imported)}")
        if args.imports:
            args.imports.write_text("".join(f"{name}\n" for name in sorted(imported)), encoding="utf-8")
        for name, seconds in smoke.timings.items():
            print(f"{name:45} {seconds:6.2f} s")
        failed = [name for name, ok, _detail in smoke.results if not ok]
        print(f"\nsmoke: {len(smoke.results) - len(failed)} passed, {len(failed)} failed")
        if args.keep:
            print(f"kept {work}")
        return 1 if failed else 0
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
