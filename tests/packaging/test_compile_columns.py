"""The bundle's modules are compiled without column positions (packaging/build.py,
COMPILE_ENVIRONMENT): the shared zip is 2.2 MB smaller, tracebacks keep their file and line."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
MODULE = textwrap.dedent('''
    """A module with a function, a class and a comprehension: code objects nested three deep."""
    class Totals:
        def add(self, rows):
            return sum(int(cell) for row in rows for cell in row)

    def fail():
        return {}["missing"]
''')


def _build() -> ModuleType:
    spec = importlib.util.spec_from_file_location("ct20_packaging_build", ROOT / "packaging" / "build.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _compile(source: Path, target: Path, environment: dict[str, str]) -> None:
    """Compile as PyInstaller does: in a Python started with `environment`."""
    env = {key: value for key, value in os.environ.items() if key != "PYTHONNODEBUGRANGES"}
    subprocess.run([sys.executable, "-c", "import py_compile, sys; py_compile.compile(sys.argv[1], sys.argv[2], "
                    "doraise=True)", str(source), str(target)], check=True, env={**env, **environment})


def _zip(tmp_path: Path, environment: dict[str, str]) -> Path:
    source = tmp_path / "totals.py"
    source.write_text(MODULE, encoding="utf-8")
    compiled = tmp_path / "totals.pyc"
    _compile(source, compiled, environment)
    archive = tmp_path / f"modules-{len(environment)}" / "base_library.zip"
    archive.parent.mkdir()
    with zipfile.ZipFile(archive, "w") as out:
        out.writestr(zipfile.ZipInfo("app/"), b"")  # (a namespace package: zipimport needs its folder)
        out.write(compiled, "app/totals.pyc")
        out.writestr("app/data.txt", "not code")
    return archive


def test_the_build_environment_compiles_without_columns_and_the_check_sees_the_difference(tmp_path):
    build = _build()
    with_columns = _zip(tmp_path, {})
    assert build.modules_with_columns(with_columns.parent) == ["base_library.zip/app/totals.pyc"]
    without = _zip(tmp_path, build.COMPILE_ENVIRONMENT)
    assert build.modules_with_columns(without.parent) == []
    # a loose .pyc beside the zip (PySide6/__init__, certifi ...) is checked too
    loose = without.parent / "certifi" / "core.pyc"
    loose.parent.mkdir()
    loose.write_bytes((tmp_path / "totals.pyc").read_bytes())  # the last one compiled: no columns
    assert build.modules_with_columns(without.parent) == []
    _compile(tmp_path / "totals.py", loose, {})
    assert build.modules_with_columns(without.parent) == ["certifi/core.pyc"]


def test_a_module_compiled_by_another_python_is_said_not_misread(tmp_path):
    build = _build()
    folder = _zip(tmp_path, build.COMPILE_ENVIRONMENT).parent
    foreign = folder / "old.pyc"
    foreign.write_bytes(b"\x55\x0d\x0d\x0a" + b"\x00" * 12 + b"\xe3")  # Python 3.8's magic number
    with pytest.raises(SystemExit, match="not compiled by this Python"):
        build.modules_with_columns(folder)


def test_a_module_compiled_so_still_runs_and_its_traceback_names_file_and_line(tmp_path):
    build = _build()
    archive = _zip(tmp_path, build.COMPILE_ENVIRONMENT)
    program = ("import sys; sys.path.insert(0, sys.argv[1]); import app.totals as t; "
               "assert t.Totals().add([['1', '2'], ['3']]) == 6; t.fail()")
    env = {key: value for key, value in os.environ.items() if key != "PYTHONNODEBUGRANGES"}
    result = subprocess.run([sys.executable, "-c", program, str(archive)], capture_output=True, text=True, env=env)
    assert result.returncode == 1
    assert 'totals.py", line 8, in fail' in result.stderr, result.stderr
    assert "KeyError: 'missing'" in result.stderr


def test_the_spec_refuses_to_compile_with_columns():
    spec = (ROOT / "packaging" / "ct20.spec").read_text(encoding="utf-8")
    guard = spec.index("co_positions()")
    assert guard < spec.index("a = Analysis(") and "PYTHONNODEBUGRANGES=1" in spec[guard:spec.index("a = Analysis(")]
