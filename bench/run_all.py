"""Run every benchmark in bench/ in one go and write docs/performance.md: `python bench/run_all.py`.

Each `bench_*.py` runs in its own process (as a user would start it), its output is kept, and
the figures it publishes (bench/figures.py) are laid out beside the baseline each one measured
in the same run, with the ratio, under a description of the machine. Options: `--only NAME`
(repeatable) runs some of them, `--out FILE` writes elsewhere, `--quick` uses smaller sizes
(for trying this script, not for the report), `--wheels DIR` (or CT20_WIN_WHEELS) the folder of
the win_amd64 wheels from which packaging/windows_size.py estimates the Windows folder
(bench/sizes.py), `--bundle DIR` the Linux bundle it starts from (default dist/ct20).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from sizes import BUNDLE, GOAL_MB, WindowsFolder, section, windows_folder

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
DEFAULT_OUT = REPO / "docs" / "performance.md"
QUICK = {
    "bench_cli": ["--rounds", "1", "--rows", "500"],
    "bench_consolidate": ["--provinces", "4", "--rows", "500"],
    "bench_export": ["--rows", "500"],
    "bench_history": ["--saves", "300", "--rows", "500", "--big-rows", "2000"],
    "bench_inbox": ["--count", "10"],
    "bench_load": ["--runs", "1", "--reports", "1000", "--packages", "500"],
    "bench_pdf": ["--rows", "500", "--runs", "1", "--long", "2000"],
    "bench_pdfa": ["--rows", "500", "--runs", "1"],
    "bench_startup": ["--runs", "1", "--rows", "200"],
    "bench_store": ["--saves", "5"],
}
TIMEOUT = 1800

# Issue 16's table: each row names the benchmark figure that measures it (title, start of the
# figure's name), the goal in words and the test of the goal (on value and ratio).
GOALS = [
    ("start, report list", "Startup to an idle window", "CT20 main window", "≤ 1.5× the bare window",
     lambda value, ratio: ratio is not None and ratio <= 1.5),
    ("start, 2,000-row report open", "Startup to an idle window", "CT20 with the", "≤ 2× the bare window",
     lambda value, ratio: ratio is not None and ratio <= 2.0),
    ("export, 2,000 rows", "Export", "export of a", "≤ 1.15× the floor",
     lambda value, ratio: ratio is not None and ratio <= 1.15),
    ("import of a real 2,000-row package", "Inbox import", "import one package (read", "≥ 20 packages/s (≤ 50 ms)",
     lambda value, ratio: value <= 50),
    ("verify a real 2,000-row package", "Verification", "verify a", "≥ 20 packages/s (≤ 50 ms)",
     lambda value, ratio: value <= 50),
    ("report list, 5,000 reports", "Load", "report list opens", "≤ 1.5× the bare QTableView",
     lambda value, ratio: ratio is not None and ratio <= 1.5),
    ("PDF render per row", "Report PDF", "render_report_pdf per row", "linear (≤ 1.15× per row)",
     lambda value, ratio: ratio is not None and ratio <= 1.15),
    # bounded: a quarter of what the same autosaves would keep unthinned (the bound the test states)
    ("history after 2,000 autosaves: entries", "History", "history entries after",
     "bounded: ≤ ¼ of unthinned", lambda value, ratio: ratio is not None and ratio <= 0.25),
    ("history after 2,000 autosaves: store size", "History", "store size after",
     "bounded: ≤ ¼ of unthinned", lambda value, ratio: ratio is not None and ratio <= 0.25),
    ("autosave of a 20,000-row report, on the UI thread", "History", "UI thread per autosave",
     "off the UI thread: ≤ 50 ms there", lambda value, ratio: value <= 50),
]


@dataclass
class Run:
    name: str
    seconds: float
    code: int
    output: str
    title: str = ""
    setup: str = ""
    figures: list[dict] = field(default_factory=list)
    args: list[str] = field(default_factory=list)  # the script's arguments


def run(script: Path, extra: list[str]) -> Run:
    with tempfile.TemporaryDirectory(prefix="ct20-bench-") as tmp:
        figures_file = Path(tmp) / "figures.json"
        env = {**os.environ, "CT20_BENCH_FIGURES": str(figures_file), "PYTHONPATH": str(REPO)}
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
        env.pop("CT20_DB", None)
        started = time.perf_counter()
        try:
            proc = subprocess.run([sys.executable, str(script), *extra], cwd=REPO, env=env, capture_output=True,
                                  text=True, timeout=TIMEOUT)
            code, output = proc.returncode, proc.stdout + proc.stderr
        except subprocess.TimeoutExpired as exc:
            code, output = -1, f"{exc.stdout or ''}{exc.stderr or ''}\n(stopped after {TIMEOUT} s)"
        result = Run(script.stem, time.perf_counter() - started, code, output.strip(), args=list(extra))
        if figures_file.exists():
            published = json.loads(figures_file.read_text(encoding="utf-8"))
            result.title, result.setup, result.figures = published["title"], published["setup"], published["figures"]
    return result


def _first_line(path: str, key: str) -> str:
    try:
        for line in Path(path).read_text(encoding="utf-8").splitlines():
            if line.startswith(key):
                return line.split(":", 1)[1].strip() if ":" in line else line.split("=", 1)[1].strip().strip('"')
    except OSError:
        pass
    return ""


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "-"


def _git(*args: str) -> str:
    try:
        return subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        return ""


def load_average() -> str:
    """The 1-minute load average (Linux), or "-": on a machine shared with other work, figures of
    a busy moment are slower, the ratios less so."""
    try:
        return Path("/proc/loadavg").read_text(encoding="ascii").split()[0]
    except (OSError, IndexError):
        return "-"


def machine(out: Path = DEFAULT_OUT) -> list[tuple[str, str]]:
    memory = _first_line("/proc/meminfo", "MemTotal")
    if memory.endswith("kB"):
        memory = f"{int(memory.split()[0]) / 1024 / 1024:.1f} GiB"
    commit = _git("rev-parse", "--short", "HEAD")
    # the report being rewritten (`out`) is no change of the code measured
    excluded = f":(exclude){out.resolve().relative_to(REPO)}" if out.resolve().is_relative_to(REPO) else ""
    if commit and _git("status", "--porcelain", "--untracked-files=no", "--", ".", *filter(None, [excluded])):
        commit += " (with uncommitted changes)"
    system = _first_line("/etc/os-release", "PRETTY_NAME") or platform.platform()
    return [
        ("CPU", _first_line("/proc/cpuinfo", "model name") or platform.processor() or platform.machine()),
        ("Cores (logical)", str(os.cpu_count())),
        ("Memory", memory or "-"),
        ("Operating system", f"{system} ({platform.system()} {platform.release()}, {platform.machine()})"),
        ("Python", f"{platform.python_implementation()} {platform.python_version()}"),
        ("Qt (PySide6)", next((v for v in (_version("PySide6_Essentials"), _version("PySide6")) if v != "-"), "-")),
        ("SQLite", sqlite3.sqlite_version),
        ("pyHanko / reportlab", f"{_version('pyHanko')} / {_version('reportlab')}"),
        ("Qt platform", os.environ.get("QT_QPA_PLATFORM", "offscreen")),
        ("Commit", commit or "-"),
        ("Date", dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %z")),
    ]


def _number(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.2f}" if abs(value) >= 1 else f"{value:.3f}"


def _ratio_sentence(figure: dict) -> str:
    ratio = figure["value"] / figure["baseline_value"]
    unit = figure["unit"]
    amounts = f"{_number(figure['value'])} {unit} against {_number(figure['baseline_value'])} {unit}"
    timed = unit in ("s", "ms", "µs")
    if ratio >= 1:
        what = "the time of the baseline" if timed else "the baseline"
        return f"{figure['name']}: {ratio:.2f}× {what} ({figure['baseline']}), {amounts}."
    return (f"{figure['name']}: {ratio:.2f}× the baseline ({figure['baseline']}), i.e. "
            f"{'faster' if timed else 'less'}: {amounts}.")


def _find(runs: list[Run], title: str, prefix: str) -> dict | None:
    for result in runs:
        if (result.title or result.name) == title:
            for figure in result.figures:
                if figure["name"].startswith(prefix):
                    return figure
    return None


STAGE_LINE = re.compile(r"^\s+([\d.]+) M\s+up to: (.+)$")


def stage_summary(stages: Run | None, what: str) -> str:
    """The largest stretches of a bench/startup_stages.py run (`what`: "on the report list"…)."""
    if stages is None or stages.code != 0:
        return ""
    # with --bare the floor's stages come first, in a block of their own: CT20's is the last
    blocks = re.split(r"^(?=instructions of )", stages.output, flags=re.M)
    own, bare = blocks[-1], next((b for b in blocks if b.startswith("instructions of the bare")), "")
    found = [(float(m[1]), m[2]) for m in map(STAGE_LINE.match, own.splitlines()) if m]
    total = re.search(r"([\d.]+) M\s+in all", own)
    if not found or total is None:
        return ""
    largest = ", ".join(f"{count:.0f} M up to “{name}”" for count, name in sorted(found, reverse=True)[:6])
    command = " ".join(["python bench/startup_stages.py", *stages.args])
    floor = re.search(r"([\d.]+) M\s+in all", bare)
    against = f" against the bare window's {float(floor[1]):.0f} M" if floor else ""
    return (f"; instructions by stage of the start {what} (callgrind, `{command}`, "
            f"{float(total[1]):.0f} M in all{against}): {largest}")


# which start-up stages explain which goal: bench/startup_stages.py --list, or with a report open
STAGES_OF = {"start, report list": ("list", "on the report list"),
             "start, 2,000-row report open": ("report", "with a report open")}


def goals_table(runs: list[Run], windows: WindowsFolder | None = None,
                stages: dict[str, Run] | None = None) -> list[str]:
    """Issue 16's table: each figure beside its floor from this run, the goal, met or not, and
    for a goal not met what the benchmark's own breakdown says of where the time (or size) goes."""
    lines = ["## Goals (issue 16)", "",
             "| What | Figure | Floor, same run | Ratio | Goal | Met |", "|---|---:|---:|---:|---|---|"]
    gaps = []
    for what, title, prefix, goal, test in GOALS:
        figure = _find(runs, title, prefix)
        if figure is None:
            lines.append(f"| {what} | not measured in this run | | | {goal} | – |")
            continue
        base = figure["baseline_value"]
        ratio = figure["value"] / base if base else None
        met = test(figure["value"], ratio)
        floor = f"{_number(base)} {figure['unit']} ({figure['baseline']})" if base else "–"
        lines.append(f"| {what} | {_number(figure['value'])} {figure['unit']} | {floor} | "
                     f"{f'{ratio:.2f}×' if ratio else '–'} | {goal} | {'yes' if met else '**no** (see below)'} |")
        if not met:
            which = STAGES_OF.get(what)
            profile = stage_summary((stages or {}).get(which[0]), which[1]) if which else ""
            gaps.append(f"- **{what}**: {figure.get('note') or 'see the benchmark output below.'}{profile}")
    windows = windows or windows_folder(None)
    goal = f"≤ {GOAL_MB:.0f} MB"
    if windows.megabytes is None:
        lines.append(f"| Windows folder | {windows.reason} | | | {goal} | – |")
    else:
        lines.append(f"| Windows folder (estimated from the win_amd64 wheels) | {windows.megabytes:.1f} MB, "
                     f"{windows.files} files | – | – | {goal} | {'yes' if windows.met else '**no**'} |")
        if not windows.met:
            gaps.append(f"- **Windows folder**: {windows.breakdown()} (`{windows.command}`; details under "
                        "Bundle sizes).")
    if gaps:
        lines += ["", "Where the time (or size) goes when a goal is not met (each benchmark's own breakdown, "
                      "same run):", "",
                  *gaps]
    return lines


def markdown(runs: list[Run], quick: bool, seconds: float, load: str = "-", windows: WindowsFolder | None = None,
             bundle: Path = BUNDLE, out: Path = DEFAULT_OUT, stages: dict[str, Run] | None = None,
             command: str = "python bench/run_all.py") -> str:
    lines = [
        "# Performance",
        "",
        "Regenerated with `python packaging/build.py && python bench/run_all.py --wheels DIR` (the build",
        "for the bundle sizes, DIR the win_amd64 wheels for the Windows folder's estimate; this run:",
        f"`{command}`). It runs every benchmark in `bench/` in one go, each in",
        "its own process. Every figure stands beside a baseline measured **in the same run, on the same",
        "machine and data**: the bare library doing the least the feature needs (a bare Qt window for",
        "startup, bare reportlab + pyHanko for export, bare pyHanko validation for import, the bare SQL",
        "query or Qt view for the store and the lists). The ratio is figure ÷ baseline: how much CT20's",
        "own work adds. Absolute times depend on the machine; the ratios travel better.",
        "",
    ]
    if quick:
        lines += ["**Quick run (`--quick`): smaller sizes than the defaults; not the reference figures.**", ""]
    lines += ["## Machine", "", "| | |", "|---|---|"]
    lines += [f"| {key} | {value} |" for key, value in machine(out)]
    lines.append(f"| Load average (1 min), start / end of the run | {load} / {load_average()} "
                 f"(cores: {os.cpu_count()}) |")
    lines += ["", f"All benchmarks took {seconds / 60:.1f} minutes.", ""]
    windows = windows or windows_folder(None)
    lines += goals_table(runs, windows, stages)
    lines += ["", *section(windows, bundle)]
    if stages:
        lines += ["", "## Start-up by stage (`bench/startup_stages.py`)", "",
                  "Instructions (valgrind's callgrind: the same count on a busy machine) of the start on the "
                  "report list (`--list`) and with the 2,000-row report open, stretch by stretch between markers "
                  "around its stages."]
        for key in ("list", "report"):
            if key in stages:
                lines += ["", "```text", stages[key].output, "```"]
    lines += ["", "## Summary", "",
              "| Benchmark | Figure | Value | Baseline (same run) | Baseline value | Ratio |",
              "|---|---|---:|---|---:|---:|"]
    for result in runs:
        for figure in result.figures:
            base = figure["baseline_value"]
            value = f"{_number(figure['value'])} {figure['unit']}"
            baseline = f"{_number(base)} {figure['unit']}" if base else "–"
            ratio = f"{figure['value'] / base:.2f}×" if base else "–"
            lines.append(f"| {result.title or result.name} | {figure['name']} | {value} | "
                         f"{figure['baseline'] or '–'} | {baseline} | {ratio} |")
        if not result.figures:
            lines.append(f"| {result.name} | did not finish (exit {result.code}) | | | | |")
    for result in runs:
        lines += ["", f"## {result.title or result.name} (`bench/{result.name}.py`)", ""]
        if result.setup:
            lines += [f"Setup: {result.setup}. Took {result.seconds:.0f} s.", ""]
        if result.code != 0:
            lines += [f"**The benchmark failed (exit {result.code}); its output is below.**", ""]
        stated = [f"- {_ratio_sentence(f)}" for f in result.figures if f["baseline_value"]]
        stated += [f"- {f['name']}: {_number(f['value'])} {f['unit']} (no baseline)." for f in result.figures
                   if not f["baseline_value"]]
        notes = [f"- {f['name']}: {f['note']}" for f in result.figures if f.get("note")]
        lines += stated
        if notes:
            lines += ["", "Notes:", *notes]
        lines += ["", "<details><summary>Output</summary>", "", "```text", result.output, "```", "", "</details>"]
    return "\n".join(lines) + "\n"


def _command_line() -> str:
    """This run's command, as typed from the repository's root (a home folder shortened to ~)."""
    home = str(Path.home())
    return " ".join(["python", "bench/run_all.py", *(a.replace(home, "~") for a in sys.argv[1:])])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", action="append", default=[], help="run only this benchmark (e.g. bench_load)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--quick", action="store_true", help="smaller sizes, to try the script")
    parser.add_argument("--wheels", type=Path, default=os.environ.get("CT20_WIN_WHEELS") or None,
                        help="folder of the win_amd64 wheels, to estimate the Windows folder")
    parser.add_argument("--bundle", type=Path, default=BUNDLE, help="the Linux bundle built by packaging/build.py")
    args = parser.parse_args()
    scripts = sorted(BENCH.glob("bench_*.py"))
    if args.only:
        scripts = [s for s in scripts if s.stem in args.only or s.stem.removeprefix("bench_") in args.only]
    started = time.perf_counter()
    load = load_average()
    runs = []
    for script in scripts:
        print(f"running {script.name} …", flush=True)
        result = run(script, QUICK.get(script.stem, []) if args.quick else [])
        print(result.output + "\n", flush=True)
        runs.append(result)
    stages: dict[str, Run] = {}
    if any(r.name == "bench_startup" for r in runs) and shutil.which("valgrind"):
        for key, extra in (("list", ["--list", "--bare"]), ("report", [])):
            print(f"running startup_stages.py {' '.join(extra)}…", flush=True)
            stages[key] = run(BENCH / "startup_stages.py", (["--rows", "200"] if args.quick else []) + extra)
            print(stages[key].output + "\n", flush=True)
    print("estimating the Windows folder …", flush=True)
    windows = windows_folder(args.wheels, args.bundle)
    print((windows.output or windows.reason) + "\n", flush=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(markdown(runs, args.quick, time.perf_counter() - started, load, windows, args.bundle,
                                 args.out, stages, _command_line()),
                        encoding="utf-8")
    print(f"wrote {args.out}")
    return 0 if all(r.code == 0 for r in runs) and (windows.megabytes is not None or not args.wheels) else 1


if __name__ == "__main__":
    sys.exit(main())
