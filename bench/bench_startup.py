"""Startup to an idle main window, against a bare PySide6 window: `python bench/bench_startup.py`.

The store holds a province report whose cluster table has 2,000 rows (the form's maximum). Each
measurement is a fresh process, timed from launch until it has drawn its window once the event
loop is idle and exited, which `--screenshot` does; the bare window does the same work (show,
grab, save) at the size CT20's window was drawn, read from its first screenshot. CT20 fits its
window to the screen (829×732, its minimum width, on the offscreen platform's 800×800 screen).
The screenshots are saved as BMP, uncompressed: compressing a PNG is no part of a start, cost
about 250 M instructions in every run (28 % of the bare window's), and more the more the window
shows (285 M for CT20's editor): counted on both sides it made every ratio look nearer 1.
Runs are interleaved so both see the same machine, and read compiled bytecode as an installed app
does (figures.compiled_bytecode_env).
With a report open, the run ends once the editor is drawn with the report's values (desktop.app
._until_painted, the editor's `when_painted`): what the user waits for. Its first checks start right
after that paint and run a step at a time from the event loop (a table's column each), so the
window takes input meanwhile and the checks panel says it is checking; they are not counted.
(Until issue 16 they ran in one go on the UI thread right after the first paint, before any input
could be handled, so the run waited for them: 72 M instructions of judging and a second paint of
the window with their result. Before that end point was defined, a normal run exited before them
and a run under valgrind reached their fallback first: the count was one of two values.)
A second floor, the bare window that first builds the Qt namespace and QStyle (BARE_WITH_ENUMS),
shows what PySide6 itself costs any real window: at their first use it makes each of their C++
enums a Python enum through the enum module (94 enums with 1,199 members for Qt, 11 with 570 for
QStyle; ENUM_PROFILE times them), and a window with a table, a header or the style's icons cannot
avoid that first use while the bare window never makes it. The goal stays the bare window's.
`--clock cpu` times the child's CPU time instead of the wall clock; `--instructions` also counts
each start's instructions under valgrind (the same count on a busy machine as on an idle one).
Prints figures; passes or fails nothing.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from figures import Figure, compiled_bytecode_env, publish  # noqa: E402

from desktop.reporting.reports import create_report, fill_report  # noqa: E402
from desktop.store import Store  # noqa: E402

ORG_ID = "so-ct-ninh-binh"
ENUMS_NAME = "bare window + Qt namespace + QStyle"
STATUSES = ("operating", "under_construction", "planned", "none", "suspended")

BARE_WINDOW = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.resize(int(sys.argv[2]), int(sys.argv[3]))  # the size CT20's window was drawn at
window.show()
def capture():
    app.processEvents()
    window.grab().save(sys.argv[1], "BMP")
    window.close()
    app.quit()
QTimer.singleShot(0, capture)
app.exec()
"""


# The bare window once more, having first built the PySide6 types that any window with a table,
# a header or the style's icons builds at their first use, and that the bare window never touches:
# the Qt namespace (its enums: alignment, roles, orientation, item flags …) and QStyle (standard
# icons, metrics). PySide6 makes each of their C++ enums a Python enum through the enum module
# when the type is first used (ENUM_PROFILE counts them). CT20 is measured against both floors;
# the goal is the bare window's.
BARE_WITH_ENUMS = BARE_WINDOW.replace("window.show()\n", """from PySide6.QtCore import Qt
from PySide6.QtWidgets import QStyle
Qt.AlignmentFlag.AlignLeft
window.style().standardIcon(QStyle.StandardPixmap.SP_DirOpenIcon)
window.show()
""", 1)
assert BARE_WITH_ENUMS != BARE_WINDOW

ENUM_PROFILE = """
import enum, json, time
from PySide6 import QtCore, QtWidgets
found = {}
for name, module in (("Qt", QtCore), ("QStyle", QtWidgets)):
    began = time.perf_counter()
    holder = getattr(module, name)
    took = time.perf_counter() - began
    enums = [value for value in vars(holder).values() if isinstance(value, type) and issubclass(value, enum.Enum)]
    found[name] = [took * 1000, len(enums), sum(len(e.__members__) for e in enums)]
print(json.dumps(found))
"""


def enum_profile(env: dict[str, str], runs: int) -> dict[str, tuple[float, int, int]]:
    """{type: (median ms to build it at its first use, its enums, their members)}: what PySide6
    spends making the Qt namespace's and QStyle's C++ enums Python enums (each run a new process)."""
    import json

    seen: dict[str, list[list[float]]] = {}
    for _run in range(runs):
        out = subprocess.run([sys.executable, "-c", ENUM_PROFILE], cwd=REPO, env=env, capture_output=True,
                             text=True, check=True, timeout=120).stdout
        for name, values in json.loads(out).items():
            seen.setdefault(name, []).append(values)
    return {name: (statistics.median(v[0] for v in values), int(values[0][1]), int(values[0][2]))
            for name, values in seen.items()}


def bmp_size(path: Path) -> tuple[int, int]:
    """Width and height of a BMP file (its BITMAPINFOHEADER; a top-down bitmap's height is negative)."""
    head = path.read_bytes()[:26]
    return (int.from_bytes(head[18:22], "little", signed=True),
            abs(int.from_bytes(head[22:26], "little", signed=True)))


def cluster_rows(count: int) -> list[dict]:
    rows = []
    for n in range(count):
        status = STATUSES[n % len(STATUSES)]
        row = {"name": f"Cụm công nghiệp số {n + 1}", "commune": f"Xã Phú Lộc {n % 97 + 1}",
               "area_ha": 20 + n % 80 + 0.5, "occupancy_pct": n % 100, "facilities": n % 60,
               "wastewater_m3d": 100 + n % 900, "wwtp_status": status,
               "auto_monitoring": "yes" if status == "operating" else "not_required",
               "effluent": "compliant" if status == "operating" else "not_assessed"}
        if status in ("operating", "under_construction", "suspended"):
            row["design_capacity_m3d"] = 1500
        if status == "operating":
            row["actual_flow_m3d"] = 1200
            row["data_transmitted"] = True
        rows.append(row)
    return rows


def build_store(path: Path, rows: int) -> str:
    with Store.open(path) as store:
        store.set_profile({"org_id": ORG_ID, "signer_name": "Nguyễn Văn An",
                           "signer_title": "Phó Giám đốc"})
        report_id = create_report(store, form_id="ct20.province", org_id=ORG_ID, period="2026")
        fill_report(store, report_id, {"clusters": {"established": rows, "operating": rows,
                                                    "wastewater": cluster_rows(rows)}})
        # a few more yearly reports in the list as well (none before the plan's first year, 2025)
        for period in ("2025", "2027", "2028", "2029", "2030", "2031"):
            create_report(store, form_id="ct20.province", org_id=ORG_ID, period=period)
    return report_id


def timed_run(command: list[str], env: dict[str, str], clock: str = "wall") -> float:
    """Seconds from launch to exit: on the wall clock, or (`clock="cpu"`) the CPU time the child
    process used, user and system, which other programs on a shared machine disturb far less."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN) if clock == "cpu" else None
    start = time.perf_counter()
    # Waited for with a blocking waitpid, which returns the moment the child exits: a wait with a
    # timeout (subprocess.run(timeout=...)) polls instead, sleeping 0.5, 1, 2 … then 50 ms between
    # looks, so every time came out rounded up to 165, 215, 265, 315, 365 … ms, and a start of
    # 314 ms read 315 one run and 365 the next (the "bimodal" figures of issue 16).
    process = subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    guard = threading.Timer(300, process.kill)
    guard.start()
    try:
        code = process.wait()
    finally:
        guard.cancel()
    if code != 0:
        raise subprocess.CalledProcessError(code, command)
    if before is None:
        return time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def import_profile(command: list[str], env: dict[str, str]) -> list[tuple[str, float]]:
    """Where the start's imports go (`python -X importtime`, .pyc compiled): milliseconds per
    top-level package, the largest first."""
    proc = subprocess.run([command[0], "-X", "importtime", *command[1:]], cwd=REPO, env=env, timeout=300,
                          capture_output=True, text=True)
    totals: dict[str, float] = {}
    for line in proc.stderr.splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        parts = line.split("|")
        name = parts[-1]
        if name.startswith("  ") or not parts[1].strip().isdigit():
            continue  # nested imports count in their parent's cumulative time
        root = name.strip().split(".")[0]
        totals[root] = totals.get(root, 0.0) + int(parts[1]) / 1000
    return sorted(totals.items(), key=lambda item: -item[1])


def instructions(command: list[str], env: dict[str, str]) -> int | None:
    """Instructions the process executes (valgrind's callgrind, `Collected`): the same count on a
    busy machine as on an idle one, so two versions compare where times only scatter. None
    without valgrind."""
    if shutil.which("valgrind") is None:
        return None
    proc = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *command],
                          cwd=REPO, env=env, timeout=1200, capture_output=True, text=True)
    found = re.search(r"Collected\s*:\s*(\d+)", proc.stderr)
    return int(found.group(1)) if proc.returncode == 0 and found else None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--clock", choices=("wall", "cpu"), default="wall",
                        help="wall: launch to exit; cpu: the child's CPU time (steadier on a busy machine)")
    parser.add_argument("--instructions", action="store_true",
                        help="also count each start's instructions under valgrind (deterministic; slow)")
    args = parser.parse_args()
    env = {**os.environ}
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env.pop("CT20_DB", None)
    with tempfile.TemporaryDirectory(prefix="ct20-bench-") as tmp:
        folder = Path(tmp)
        store = folder / "ct20.sqlite3"
        report_id = build_store(store, args.rows)
        shots = {name: folder / f"{name}.bmp" for name in ("bare", "list", "report")}
        commands = {
            "CT20 main window (report list)": [sys.executable, "-m", "desktop", "--db", str(store),
                                               "gui", "--screenshot", str(shots["list"])],
            f"CT20 with the {args.rows}-row report open": [
                sys.executable, "-m", "desktop", "--db", str(store), "gui", "--report", report_id,
                "--screenshot", str(shots["report"])],
        }
        env = compiled_bytecode_env(env, str(folder / "pycache"))
        for command in commands.values():  # warm the file cache once, and compile every module's .pyc
            timed_run(command, env)
        # the bare window draws and saves as many pixels as CT20's window (fitted to the screen) did
        size = bmp_size(shots["list"])
        commands = {"bare PySide6 QMainWindow": [sys.executable, "-c", BARE_WINDOW, str(shots["bare"]),
                                                 *map(str, size)],
                    ENUMS_NAME: [sys.executable, "-c", BARE_WITH_ENUMS, str(folder / "enums.bmp"), *map(str, size)],
                    **commands}
        timed_run(commands["bare PySide6 QMainWindow"], env)
        timed_run(commands[ENUMS_NAME], env)
        drawn = {name: bmp_size(path) for name, path in shots.items()}
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _run in range(args.runs):
            for name, command in commands.items():
                times[name].append(timed_run(command, env, args.clock))
        counts = {name: instructions(command, env) for name, command in commands.items()} if args.instructions else {}
        # while the store still exists: after the folder is gone the profile would be a first start's
        imports = import_profile(commands["CT20 main window (report list)"], env)
    enums = enum_profile(env, args.runs)
    bare_name = "bare PySide6 QMainWindow"
    bare = statistics.median(times[bare_name])
    clock = "CPU time of the process" if args.clock == "cpu" else "wall clock"
    print(f"startup to an idle window ({clock}), median of {args.runs} runs, every module's .pyc compiled beforehand "
          f"(platform {env['QT_QPA_PLATFORM']}, Python {sys.version.split()[0]}; windows drawn and saved at "
          + ", ".join(f"{name} {w}×{h}" for name, (w, h) in drawn.items()) + "):")
    for name, values in times.items():
        median = statistics.median(values)
        print(f"  {name:42} {median * 1000:7.0f} ms  (min {min(values) * 1000:.0f}, "
              f"max {max(values) * 1000:.0f})  ratio {median / bare:.2f}x")
    floor = counts.get(bare_name)
    if counts and floor:
        print("instructions executed (valgrind callgrind, one run each):")
        for name, count in counts.items():
            print(f"  {name:42} {count / 1e6:7.0f} M" + (f"  ratio {count / floor:.2f}x" if count else ""))
    elif args.instructions:
        print("instructions: valgrind is not installed or failed; nothing counted")
    top = ", ".join(f"{name} {ms:.0f} ms" for name, ms in imports[:6])
    print(f"imports of the report-list start (-X importtime, cumulative per top-level package): {top}")
    built = "; ".join(f"{name}: {count} enums with {members:,} members, {ms:.1f} ms"
                      for name, (ms, count, members) in enums.items())
    print(f"PySide6 types built at their first use (median of {args.runs} processes): {built}")
    with_enums = statistics.median(times[ENUMS_NAME])
    list_start = statistics.median(times["CT20 main window (report list)"])
    enum_note = (f"PySide6 builds the Qt namespace's and QStyle's enums at their first use, which the bare "
                 f"window never makes and every window with a table, a header or the style's icons does "
                 f"({built}); the bare window that builds them too: {with_enums * 1000:.0f} ms, "
                 f"{(with_enums - bare) * 1000:.0f} ms more than the bare one; the report list against it: "
                 f"{list_start / with_enums:.2f}x")
    publish([Figure(name, statistics.median(values) * 1000, "ms", bare_name, bare * 1000,
                    note=f"{enum_note}; imports at start (-X importtime): {top}")
             for name, values in times.items() if name not in (bare_name, ENUMS_NAME)]
            + [Figure("report list, against the bare window that builds the same PySide6 enums", list_start * 1000,
                      "ms", ENUMS_NAME, with_enums * 1000, note=enum_note)],
            title="Startup to an idle window",
            setup=f"new process each run, median of {args.runs}, {clock}, .pyc compiled, "
                  f"Qt platform {env['QT_QPA_PLATFORM']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
