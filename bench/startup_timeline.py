"""Where each start's wall-clock time goes, run by run: `python bench/startup_timeline.py [--runs N] [--list]`.

The wall-clock figure of bench/bench_startup.py scatters from run to run; instruction counts
(bench/startup_stages.py) do not. This runs the same start (`ct20 gui --report ID --screenshot
X.bmp`, compiled bytecode, offscreen) N times with timestamps (the monotonic clock, shared by every
process, and the process's CPU time) at the stages' markers, and with the cyclic garbage
collector's passes timed (gc.callbacks). Each run prints one line: launch to exit, then the wall
milliseconds of each stage, the CPU milliseconds of the process, its voluntary and involuntary
context switches and the collector's passes. A stage whose wall time exceeds its CPU time waited
(for the event loop's timers, for the disk or for another process on the machine); a stage that
scatters with as much CPU time did more work in one run than in another. Prints figures; passes or
fails nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))

from bench_startup import build_store  # noqa: E402
from figures import compiled_bytecode_env  # noqa: E402
from startup_stages import WRAP  # noqa: E402

# Run inside the measured process: stamps at the stages, then starts the app.
STAMPED = r'''
import atexit, gc, json, os, resource, runpy, sys, time
stamps = []
def mark(name):
    stamps.append((name, time.monotonic(), time.process_time()))
mark("python and site")
collections = []
def on_gc(phase, info):
    if phase == "start":
        on_gc.began = time.monotonic()
    else:
        collections.append((info["generation"], time.monotonic() - on_gc.began, info["collected"]))
gc.callbacks.append(on_gc)
''' + WRAP + r'''import desktop.app as app
wrap(app, "_application", "QApplication")
wrap(app, "_open_store", "store")
wrap(app, "resume_collection", "resume gc")
wrap(app, "_keep_auto_backup", "auto backup")
run_app = app.run_app
def run_app_marked(*args, **kwargs):
    try:
        return run_app(*args, **kwargs)
    finally:
        import threading
        mark("run_app returned, threads: " + ",".join(t.name for t in threading.enumerate()))
        atexit.register(lambda: mark("first atexit handler"))
app.run_app = run_app_marked
wrap(app, "_finish_running_jobs", "finish jobs")
from desktop.store import Store
wrap(Store, "close", "store close")
run_window = app._run_main_window
def run_marked(*args, **kwargs):
    from desktop.ui import main_window as mw
    wrap(mw.MainWindow, "__init__", "MainWindow()")
    wrap(mw.MainWindow, "show", "show()")
    wrap(mw.MainWindow, "open_at_start", "open report")
    wrap(mw.MainWindow, "grab", "grab")
    wrap(mw.MainWindow, "close", "close")
    editor_class = mw.editor_class
    def marked_editor_class():
        found = editor_class()
        from desktop.ui.editor import editor_checks
        wrap(editor_checks.EditorChecks, "run_checks", "checks")
        wrap(editor_checks.EditorChecks, "paintEvent", "editor paint")
        return found
    mw.editor_class = marked_editor_class
    return run_window(*args, **kwargs)
app._run_main_window = run_marked
def report():
    mark("exit")
    usage = resource.getrusage(resource.RUSAGE_SELF)
    import threading
    with open(os.environ["CT20_TIMELINE"], "w") as out:
        json.dump({"stamps": stamps, "gc": collections, "nvcsw": usage.ru_nvcsw, "nivcsw": usage.ru_nivcsw,
                   "threads": threading.active_count(), "gc_enabled": gc.isenabled()}, out)
atexit.register(report)
sys.argv = ["desktop", *sys.argv[1:]]
runpy.run_module("desktop", run_name="__main__")
'''

STAGES = (  # (label, from the first stamp named, to the first stamp named after it)
    ("python", None, "python and site"),
    ("Qt app", "python and site", "end QApplication"),
    ("store", "end QApplication", "end store"),
    ("window", "end store", "end MainWindow()"),
    ("show", "end MainWindow()", "end show()"),
    ("editor", "end show()", "end open report"),
    ("to paint", "end open report", "begin editor paint"),
    ("paint", "begin editor paint", "end editor paint"),
    ("to checks", "end editor paint", "begin checks"),
    ("checks", "begin checks", "end checks"),
    ("to grab", "end checks", "begin grab"),
    ("grab", "begin grab", "end grab"),
    ("close", "end grab", "end close"),
    ("to backup", "end close", "begin auto backup"),
    ("backup", "begin auto backup", "end auto backup"),
    ("exit", "end auto backup", "exit"),
)


def stage_times(stamps: list[tuple[str, float, float]], launched: float, ended: float) -> dict[str, float]:
    first = {}
    for name, wall, _cpu in stamps:
        first.setdefault(name, wall)
    times = {}
    for label, start, end in STAGES:
        begin = launched if start is None else first.get(start)
        finish = first.get(end)
        if begin is not None and finish is not None:
            times[label] = (finish - begin) * 1000
    times["after exit"] = (ended - first["exit"]) * 1000
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--list", action="store_true", help="the start on the report list (no report open)")
    parser.add_argument("--raw", action="store_true", help="also print every stamp of every run")
    args = parser.parse_args()
    env = {**os.environ}
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env.pop("CT20_DB", None)
    rows = []
    with tempfile.TemporaryDirectory(prefix="ct20-timeline-") as tmp:
        folder = Path(tmp)
        store = folder / "ct20.sqlite3"
        report_id = build_store(store, args.rows)
        env = compiled_bytecode_env(env, str(folder / "pycache"))
        env["CT20_TIMELINE"] = str(folder / "timeline.json")
        opened = [] if args.list else ["--report", report_id]
        command = [sys.executable, "-c", STAMPED, "--db", str(store), "gui", *opened,
                   "--screenshot", str(folder / "shot.bmp")]
        subprocess.run(command, cwd=REPO, env=env, check=True, timeout=300, capture_output=True)  # compiles
        for _run in range(args.runs):
            launched = time.monotonic()
            subprocess.run(command, cwd=REPO, env=env, check=True, timeout=300, capture_output=True)
            ended = time.monotonic()
            found = json.loads((folder / "timeline.json").read_text())
            times = stage_times(found["stamps"], launched, ended)
            cpu = found["stamps"][-1][2] * 1000
            rows.append(((ended - launched) * 1000, times, cpu, found))
    labels = [label for label, _s, _e in STAGES if label in rows[0][1]] + ["after exit"]
    print("wall ms  " + " ".join(f"{label[:9]:>9}" for label in labels) + "   cpu ms  vcsw ivcsw  gc passes (gen:ms)")
    for total, times, cpu, found in rows:
        passes = " ".join(f"{gen}:{seconds * 1000:.1f}" for gen, seconds, _n in found["gc"])
        print(f"{total:7.0f}  " + " ".join(f"{times.get(label, 0):9.1f}" for label in labels)
              + f"  {cpu:7.0f} {found['nvcsw']:5} {found['nivcsw']:5}  {passes}")
    if args.raw:
        for _total, _times, _cpu, found in rows:
            stamps = found["stamps"]
            print(" | ".join(f"{name} +{(wall - stamps[i - 1][1]) * 1000:.1f}"
                             for i, (name, wall, _c) in enumerate(stamps) if i))
    print("median   " + " ".join(f"{statistics.median(r[1].get(label, 0) for r in rows):9.1f}" for label in labels)
          + f"  {statistics.median(r[2] for r in rows):7.0f}")
    print(f"launch to exit: median {statistics.median(r[0] for r in rows):.0f} ms, "
          f"min {min(r[0] for r in rows):.0f}, max {max(r[0] for r in rows):.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
