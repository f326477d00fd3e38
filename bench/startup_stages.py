"""Where the start spends its instructions, stage by stage, with a 2,000-row report open or, with
`--list`, on the report list: `python bench/startup_stages.py [--rows N] [--list] [--bare]`.

`--bare` first counts the floor the same way: bench/bench_startup.py's bare PySide6 window, with
markers after Python's own start, each PySide6 import, the QApplication, show() and the grab, so
that each of CT20's stages can be set beside the bare window's.

The app runs as bench/bench_startup.py runs it (`ct20 gui --report ID --screenshot X.bmp`, compiled
bytecode, offscreen) under valgrind's callgrind, with markers around its stages (the Qt application,
the store, the main window, the editor's imports, the session's reads, each section page built,
the grab at the editor's first paint; its first checks come after it, in steps, uncounted): each
marker calls getppid(), and `--dump-before=getppid` makes callgrind write one part per stretch
between two markers. The counts are deterministic; the
markers cost a few thousand instructions each. Prints figures; passes or fails nothing.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench_startup import build_store  # noqa: E402
from figures import compiled_bytecode_env  # noqa: E402

# Inside the measured process: `wrap(owner, attr, label)` puts marks (the script's own `mark`)
# around a function of the app; startup_timeline.py uses it too.
WRAP = r'''
def wrap(owner, attr, label):
    fn = getattr(owner, attr)
    def marked(*args, **kwargs):
        mark("begin " + label)
        try:
            return fn(*args, **kwargs)
        finally:
            mark("end " + label)
    setattr(owner, attr, marked)
'''

# Run inside the measured process: wraps the stages' functions with markers, then starts the app.
MARKED = r'''
import atexit, importlib, os, runpy, sys
names = []
def mark(name):
    os.getppid()  # callgrind dumps the stretch that ends here
    names.append(name)
''' + WRAP + r'''mark("python and site")
import desktop.app as app
wrap(app, "_application", "QApplication (PySide6 imported, fonts)")
wrap(app, "_open_store", "open the store")
run_window = app._run_main_window
def editor_marks():
    from desktop.ui.editor import editor, editor_checks, page, session
    for attr in ("form_of", "context_of", "example_values", "read_meta"):
        wrap(session, attr, "session: " + attr)
    wrap(session.EditSession, "__init__", "EditSession()")
    wrap(editor.ReportEditor, "__init__", "ReportEditor()")
    wrap(page.SectionPage, "build", "section page built")
    wrap(editor_checks, "_derived_values", "derived values")
def run_marked(*args, **kwargs):
    from desktop.ui import main_window as mw
    from desktop.store.reports import ReportStore
    wrap(mw.MainWindow, "__init__", "MainWindow()")
    wrap(mw.MainWindow, "open_at_start", "open the report")
    wrap(mw.MainWindow, "grab", "grab (the screenshot)")
    wrap(mw.MainWindow, "show", "show()")
    wrap(mw, "create_actions", "main window: actions")
    wrap(mw.ReportListPage, "__init__", "main window: report list page")
    wrap(mw.ReportListPage, "reload", "report list: read and filled")
    for name in ("ExportActions", "InboxActions", "ReceiptActions", "PdfCheckActions", "TrustActions"):
        wrap(getattr(mw, name), "__init__", "main window: " + name)
    wrap(ReportStore, "values_with_seq", "session: values read")
    editor_class = mw.editor_class
    def marked_editor_class():
        mark("begin editor imports")
        found = editor_class()
        mark("end editor imports")
        editor_marks()
        return found
    mw.editor_class = marked_editor_class
    return run_window(*args, **kwargs)
app._run_main_window = run_marked
atexit.register(lambda: (mark("exit"), open(os.environ["CT20_STAGE_NAMES"], "w").write("\n".join(names))))
sys.argv = ["desktop", *sys.argv[1:]]
runpy.run_module("desktop", run_name="__main__")
'''


# The floor (bench_startup.BARE_WINDOW) with markers between its steps.
BARE_MARKED = r'''
import os, sys
names = []
def mark(name):
    os.getppid()
    names.append(name)
mark("python and site")
from PySide6.QtCore import QTimer
mark("import PySide6.QtCore")
from PySide6.QtWidgets import QApplication, QMainWindow
mark("import PySide6.QtWidgets")
app = QApplication(sys.argv[:1])
mark("QApplication")
window = QMainWindow()
window.resize(int(sys.argv[2]), int(sys.argv[3]))
window.show()
mark("window made and shown")
def capture():
    mark("event loop up to the timer")
    app.processEvents()
    window.grab().save(sys.argv[1], "BMP")
    mark("grab (the screenshot)")
    window.close()
    app.quit()
QTimer.singleShot(0, capture)
app.exec()
import atexit
atexit.register(lambda: (mark("exit"), open(os.environ["CT20_STAGE_NAMES"], "w").write("\n".join(names))))
'''


def stages_of(command: list[str], env: dict[str, str], folder: Path) -> tuple[list[tuple[str, int]], int | None]:
    """(stretch name, instructions) for each marker of `command`, and the run's total."""
    subprocess.run(command, cwd=REPO, env=env, check=True, timeout=300, capture_output=True)  # compiles
    out = folder / "cg.out"
    for old in folder.glob("cg.out*"):
        old.unlink()
    done = subprocess.run(["valgrind", "--tool=callgrind", "--dump-before=getppid", f"--callgrind-out-file={out}",
                           *command], cwd=REPO, env=env, timeout=1200, capture_output=True, text=True)
    total = re.search(r"Collected\s*:\s*(\d+)", done.stderr)
    names = Path(env["CT20_STAGE_NAMES"]).read_text(encoding="utf-8").splitlines()
    parts = []
    for number, name in enumerate(names, start=1):
        part = folder / f"cg.out.{number}"
        found = re.search(r"^summary:\s*(\d+)", part.read_text(errors="replace"), re.M) if part.exists() else None
        parts.append((name, int(found.group(1)) if found else 0))
    return parts, int(total.group(1)) if total else None


def print_stages(title: str, parts: list[tuple[str, int]], total: int | None, everything: bool) -> None:
    print(title)
    for name, count in parts:
        if everything or count >= 500_000:
            print(f"  {count / 1e6:8.1f} M  up to: {name}")
    if total:
        print(f"  {total / 1e6:8.1f} M  in all")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--list", action="store_true", help="the start on the report list (no report open)")
    parser.add_argument("--bare", action="store_true", help="first count the bare PySide6 window's stages too")
    parser.add_argument("--all", action="store_true", help="also print stretches under 0.5 M instructions")
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        print("valgrind is not installed: nothing measured")
        return 0
    env = {**os.environ}
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env.pop("CT20_DB", None)
    with tempfile.TemporaryDirectory(prefix="ct20-stages-") as tmp:
        folder = Path(tmp)
        store = folder / "ct20.sqlite3"
        report_id = build_store(store, args.rows)
        env = compiled_bytecode_env(env, str(folder / "pycache"))
        env["CT20_STAGE_NAMES"] = str(folder / "names.txt")
        opened = [] if args.list else ["--report", report_id]
        command = [sys.executable, "-c", MARKED, "--db", str(store), "gui", *opened,
                   "--screenshot", str(folder / "shot.bmp")]
        parts, total = stages_of(command, env, folder)
        if args.bare:  # the floor, drawn at the size CT20's window was (bench_startup.py does the same)
            from bench_startup import bmp_size

            width, height = bmp_size(folder / "shot.bmp")
            bare = [sys.executable, "-c", BARE_MARKED, str(folder / "bare.bmp"), str(width), str(height)]
            print_stages(f"instructions of the bare PySide6 window ({width}×{height}, the floor; callgrind)",
                         *stages_of(bare, env, folder), True)
    what = "`ct20 gui` on the report list" if args.list else f"`ct20 gui --report` with a {args.rows}-row report"
    print_stages(f"instructions of {what} (callgrind; each line: the stretch that ends at the marker named)",
                 parts, total, args.all)
    return 0


if __name__ == "__main__":
    sys.exit(main())
