"""The spec zips the pure-Python packages once for both programs (issue 16, a lean bundle).

ct20.spec's `_zip_pure_modules` is run from the spec's own source on .pyc files compiled here, and
the zip it writes is imported from by a real Python through zipimport, as the frozen programs do
(PyInstaller's bootloader puts `base_library.zip` first on sys.path). The real build and smoke
test are `python packaging/build.py && python packaging/smoke.py`.
"""

from __future__ import annotations

import ast
import py_compile
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "packaging" / "ct20.spec"


def _spec_namespace() -> dict[str, Any]:
    """SHARED_ZIP, LOOSE_PACKAGES and _zip_pure_modules, run from the spec's source."""
    source = SPEC.read_text(encoding="utf-8")
    namespace: dict[str, Any] = {"Path": Path}
    for node in ast.parse(source).body:
        named = isinstance(node, ast.Assign) and any(
            getattr(t, "id", None) in ("SHARED_ZIP", "LOOSE_PACKAGES") for t in node.targets)
        if named or (isinstance(node, ast.FunctionDef) and node.name == "_zip_pure_modules"):
            exec(ast.get_source_segment(source, node) or "", namespace)  # our own spec's source
    return namespace


def _pyc(folder: Path, name: str, code: str) -> str:
    source = folder / "src" / name.replace("/", "_")
    source.parent.mkdir(parents=True, exist_ok=True)
    source.write_text(code, encoding="utf-8")
    return py_compile.compile(str(source), cfile=str(folder / "pyc" / (name + "c")), doraise=True)


def _collected(tmp_path: Path) -> tuple[list[tuple[str, str, str]], list[tuple[str, str, str]]]:
    datas = [(dest + "c", _pyc(tmp_path, dest, code), "DATA") for dest, code in {
        "ct20_mod.py": "VALUE = 'module'\n",
        "ct20_pkg/__init__.py": "VALUE = 'package'\n",
        "ct20_pkg/sub/__init__.py": "from ct20_pkg.sub.leaf import VALUE\n",
        "ct20_pkg/sub/leaf.py": "VALUE = 'leaf'\n",
        "ct20_ns/part/__init__.py": "VALUE = 'namespace portion'\n",  # ct20_ns has no __init__
        "ct20_data/__init__.py": "import os\nHERE = os.path.dirname(__file__)\n",
        "ct20_ext/__init__.py": "VALUE = 'with an extension'\n",
        "jeepney/__init__.py": "VALUE = 'Linux only'\n",
    }.items()]
    (tmp_path / "data.json").write_text("{}", encoding="utf-8")
    datas += [("ct20_data/data.json", str(tmp_path / "data.json"), "DATA"),
              ("ct20_pkg-1.0.dist-info/METADATA", str(tmp_path / "data.json"), "DATA")]
    binaries = [("ct20_ext/_speedups.abi3.so", str(tmp_path / "data.json"), "EXTENSION"),
                ("libpython3.11.so.1.0", str(tmp_path / "data.json"), "BINARY")]
    return datas, binaries


def test_pure_packages_go_into_one_zip_the_others_stay_loose(tmp_path):
    spec = _spec_namespace()
    datas, binaries = _collected(tmp_path)
    zip_path = tmp_path / "work" / spec["SHARED_ZIP"]
    result = spec["_zip_pure_modules"](datas, binaries, zip_path)

    destinations = {dest for dest, _src, _kind in result}
    assert ("base_library.zip", str(zip_path), "DATA") in result  # the name the bootloader puts on sys.path
    assert {"ct20_data/__init__.pyc", "ct20_data/data.json", "ct20_ext/__init__.pyc", "jeepney/__init__.pyc",
            "ct20_pkg-1.0.dist-info/METADATA"} <= destinations
    assert not {"ct20_mod.pyc", "ct20_pkg/__init__.pyc", "ct20_pkg/sub/leaf.pyc"} & destinations
    with zipfile.ZipFile(zip_path) as archive:
        names = set(archive.namelist())
        assert {"ct20_mod.pyc", "ct20_pkg/__init__.pyc", "ct20_pkg/sub/__init__.pyc", "ct20_pkg/sub/leaf.pyc",
                "ct20_ns/", "ct20_ns/part/__init__.pyc"} <= names
        assert not any(name.startswith(("ct20_data", "ct20_ext", "jeepney")) for name in names)
        assert all(info.compress_type == zipfile.ZIP_DEFLATED for info in archive.infolist() if not info.is_dir())
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}  # reproducible


def test_python_imports_modules_packages_and_namespace_portions_from_the_zip(tmp_path):
    spec = _spec_namespace()
    datas, binaries = _collected(tmp_path)
    zip_path = tmp_path / "work" / "base_library.zip"
    spec["_zip_pure_modules"](datas, binaries, zip_path)
    script = (
        "import sys; sys.path.insert(0, sys.argv[1])\n"
        "import ct20_mod, ct20_pkg, ct20_pkg.sub, ct20_ns.part\n"
        "print(ct20_mod.VALUE, ct20_pkg.VALUE, ct20_pkg.sub.VALUE, ct20_ns.part.VALUE, sep='|')\n"
        "print(ct20_pkg.sub.__file__)\n"
        "try:\n    import ct20_data\nexcept ImportError:\n    print('ct20_data stays loose')\n"
    )
    ran = subprocess.run([sys.executable, "-I", "-c", script, str(zip_path)], capture_output=True, text=True,
                         check=True, cwd=tmp_path)
    lines = ran.stdout.splitlines()
    assert lines[0] == "module|package|leaf|namespace portion"
    assert str(zip_path) in lines[1]
    assert lines[2] == "ct20_data stays loose"


def test_the_spec_zips_after_pyinstaller_collected_loose_pyc():
    tree = ast.parse(SPEC.read_text(encoding="utf-8"))
    analysis = next(n for n in ast.walk(tree) if isinstance(n, ast.Call) and getattr(n.func, "id", None) == "Analysis")
    keywords = {k.arg: k.value for k in analysis.keywords}
    assert ast.literal_eval(keywords["noarchive"]) is True  # else PyInstaller writes its own base_library.zip
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and getattr(n.func, "id", None) == "_zip_pure_modules"]
    assert len(calls) == 1
