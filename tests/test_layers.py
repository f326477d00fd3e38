"""The one-way layers: Qt only in desktop/ui and desktop/app.py; headless commands never load it."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QT_ALLOWED = ("desktop/ui/", "desktop/app.py")
LOWER_LAYERS = ("desktop/forms/", "desktop/store/", "desktop/registry/", "desktop/i18n/")


def imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_pyside6_only_in_the_ui():
    offenders = []
    for path in (ROOT / "desktop").rglob("*.py"):
        rel = path.relative_to(ROOT).as_posix()
        if rel.startswith(QT_ALLOWED):
            continue
        if any(name.split(".")[0] in ("PySide6", "shiboken6") for name in imports(path)):
            offenders.append(rel)
    assert offenders == []


def test_core_does_not_import_upper_layers():
    offenders = []
    for path in (ROOT / "desktop").rglob("*.py"):
        rel = path.relative_to(ROOT).as_posix()
        if rel.startswith(LOWER_LAYERS):
            for name in imports(path):
                if name.startswith(("desktop.ui", "desktop.app", "desktop.export", "desktop.inbox", "desktop.cli")):
                    offenders.append(f"{rel} imports {name}")
    assert offenders == []


def test_headless_commands_do_not_load_qt(tmp_path):
    code = (
        "import sys; from desktop.cli import main; "
        f"main(['report', 'list', '--db', {str(tmp_path / 's.sqlite3')!r}]); main(['forms', 'list']); "
        "print(sorted(m for m in sys.modules if m.startswith('PySide6')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT).stdout
    assert out.strip().splitlines()[-1] == "[]"


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    section = readme.split("## Install and run the tests", 1)[1]
    command = section.split("```sh", 1)[1].split("```", 1)[0].strip()
    assert command in ci.splitlines()


# The arrows of conventions.md: ui -> inbox/export -> reporting -> document/signing/package -> forms/store.
FORBIDDEN = {
    "desktop/inbox/": ("desktop.export", "desktop.ui", "desktop.app", "desktop.cli"),
    "desktop/export/": ("desktop.inbox", "desktop.ui", "desktop.app", "desktop.cli"),
    "desktop/reporting/": ("desktop.export", "desktop.inbox", "desktop.ui", "desktop.app", "desktop.cli"),
    "desktop/document/": ("desktop.export", "desktop.inbox", "desktop.reporting", "desktop.ui", "desktop.app",
                          "desktop.cli"),
    "desktop/signing/": ("desktop.export", "desktop.inbox", "desktop.reporting", "desktop.ui", "desktop.app",
                         "desktop.cli"),
    "desktop/package/": ("desktop.export", "desktop.inbox", "desktop.reporting", "desktop.ui", "desktop.app",
                         "desktop.cli"),
}


def test_layers_point_one_way():
    offenders = []
    for path in (ROOT / "desktop").rglob("*.py"):
        rel = path.relative_to(ROOT).as_posix()
        for folder, banned in FORBIDDEN.items():
            if rel.startswith(folder):
                offenders += [f"{rel} imports {name}" for name in imports(path) if name.startswith(banned)]
    assert offenders == []


def test_every_ui_module_is_qt():
    """Qt-free code belongs in a lower layer, not under desktop/ui."""
    plain = []
    for path in (ROOT / "desktop" / "ui").rglob("*.py"):
        if path.name == "__init__.py":
            continue
        if not any(name.split(".")[0] in ("PySide6", "shiboken6") for name in imports(path)):
            plain.append(path.relative_to(ROOT).as_posix())
    assert plain == []


def test_cli_modules_do_not_import_each_other_in_a_circle():
    """Command modules share desktop.cli.common; only desktop.cli.parser imports them."""
    offenders = []
    for path in (ROOT / "desktop" / "cli").glob("*.py"):
        if path.name in ("parser.py", "__init__.py"):
            continue
        for name in imports(path):
            if name.startswith("desktop.cli") and name != "desktop.cli.common":
                offenders.append(f"{path.name} imports {name}")
    assert offenders == []


# Modules are kept under ~400 lines, split at their seams (COMMON.md); no other module may join
# the one exemption.
LONG_MODULES = {"desktop/store/migrations.py",  # the ordered list of store steps: one idea
                "desktop/record_inits.py"}  # generated: the records' method templates, one per arity
MAX_LINES = 400


def test_modules_stay_under_400_lines():
    long = {path.relative_to(ROOT).as_posix(): len(path.read_text(encoding="utf-8").splitlines())
            for path in (ROOT / "desktop").rglob("*.py")}
    assert {path: n for path, n in long.items() if n > MAX_LINES and path not in LONG_MODULES} == {}


def test_the_app_imports_neither_python_docx_nor_lxml():
    """The Word drafts are written by desktop/document/docx.py on the standard library: python-docx
    and lxml (4 MB of the Windows folder) are for the tests only (they read the drafts back)."""
    offenders = []
    for path in (ROOT / "desktop").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            else:
                continue
            offenders += [f"{path.relative_to(ROOT).as_posix()} imports {name}" for name in names
                          if name.split(".")[0] in ("docx", "lxml")]
    assert offenders == []
