"""The spec zips the compiled modules once for both programs (issue 16, a lean bundle).

ct20.spec's `_zip_modules` is run from the spec's own source on .pyc files compiled here, and the
zip it writes is imported from by a real Python through zipimport, as the frozen programs do
(PyInstaller's bootloader puts `base_library.zip` first on sys.path), with the spec's runtime hook
packaging/rth_shared_zip.py installed the way PyInstaller runs it (sys._MEIPASS set). The real
build and smoke test are `python packaging/build.py && python packaging/smoke.py`.
"""

from __future__ import annotations

import ast
import py_compile
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "packaging" / "ct20.spec"
HOOK = ROOT / "packaging" / "rth_shared_zip.py"


def _spec_namespace() -> dict[str, Any]:
    """SHARED_ZIP, DATA_BESIDE_CODE, LOOSE_PACKAGES and _zip_modules, run from the spec's source."""
    source = SPEC.read_text(encoding="utf-8")
    namespace: dict[str, Any] = {"Path": Path}
    for node in ast.parse(source).body:
        named = isinstance(node, ast.Assign) and any(
            getattr(t, "id", None) in ("SHARED_ZIP", "DATA_BESIDE_CODE", "LOOSE_PACKAGES") for t in node.targets)
        if named or (isinstance(node, ast.FunctionDef) and node.name == "_zip_modules"):
            exec(ast.get_source_segment(source, node) or "", namespace)  # our own spec's source
    return namespace


def _pyc(folder: Path, name: str, code: str) -> str:
    source = folder / "src" / name.replace("/", "_")
    source.parent.mkdir(parents=True, exist_ok=True)
    source.write_text(code, encoding="utf-8")
    return py_compile.compile(str(source), cfile=str(folder / "pyc" / (name + "c")), doraise=True)


READS_BESIDE = "from pathlib import Path\nHERE = Path(__file__).resolve().parent\n"


def _collected(tmp_path: Path) -> list[tuple[str, str, str]]:
    """The datas PyInstaller collects with noarchive=True: .pyc files and data files."""
    datas = [(dest + "c", _pyc(tmp_path, dest, code), "DATA") for dest, code in {
        "ct20_mod.py": "VALUE = 'module'\n",
        "ct20_pkg/__init__.py": "VALUE = 'package'\n",
        "ct20_pkg/sub/__init__.py": "from ct20_pkg.sub.leaf import VALUE\n",
        "ct20_pkg/sub/leaf.py": "VALUE = 'leaf'\n",
        "ct20_ns/part/__init__.py": "VALUE = 'namespace portion'\n",  # ct20_ns has no __init__
        # a library that reads its data through its loader: stays loose
        "ct20_data/__init__.py": "import pkgutil\nDATA = pkgutil.get_data(__name__, 'data.json').decode()\n",
        # a package with an extension module (loose, collected as a binary, not a data file)
        "ct20_ext/__init__.py": "from ct20_ext._speedups import VALUE\n",
        "ct20_ext/inner/__init__.py": "from ct20_ext.inner._c import VALUE\n",
        # our own package: data beside its modules, read through __file__
        "desktop/__init__.py": READS_BESIDE,
        "desktop/forms/__init__.py": READS_BESIDE + "DATA = (HERE / 'data.json').read_text()\n",
        "jeepney/__init__.py": "VALUE = 'Linux only'\n",
        # what delvewheel writes at the top of a Windows wheel's package (psycopg_binary had it; none of
        # today's wheels does): its DLLs are found through __file__, in <package>.libs beside the package
        "ct20_dw/__init__.py": "import os\nLIBS = os.path.isdir(os.path.abspath(os.path.join("
                               "os.path.dirname(__file__), os.pardir, 'ct20_dw.libs')))\n",
    }.items()]
    (tmp_path / "data.json").write_text('{"read": true}', encoding="utf-8")
    datas += [("ct20_data/data.json", str(tmp_path / "data.json"), "DATA"),
              ("desktop/forms/data.json", str(tmp_path / "data.json"), "DATA"),
              ("ct20_pkg-1.0.dist-info/METADATA", str(tmp_path / "data.json"), "DATA")]
    return datas


def test_the_modules_go_into_one_zip_what_reads_data_through_a_loader_stays_loose(tmp_path):
    spec = _spec_namespace()
    zip_path = tmp_path / "work" / spec["SHARED_ZIP"]
    result = spec["_zip_modules"](_collected(tmp_path), zip_path)

    destinations = {dest for dest, _src, _kind in result}
    assert ("base_library.zip", str(zip_path), "DATA") in result  # the name the bootloader puts on sys.path
    assert destinations == {"base_library.zip", "ct20_data/__init__.pyc", "ct20_data/data.json",
                            "desktop/forms/data.json", "jeepney/__init__.pyc", "ct20_pkg-1.0.dist-info/METADATA"}
    with zipfile.ZipFile(zip_path) as archive:
        names = set(archive.namelist())
        assert {"ct20_mod.pyc", "ct20_pkg/__init__.pyc", "ct20_pkg/sub/__init__.pyc", "ct20_pkg/sub/leaf.pyc",
                "ct20_ns/", "ct20_ns/part/__init__.pyc", "ct20_ext/__init__.pyc", "ct20_ext/inner/__init__.pyc",
                "desktop/__init__.pyc", "desktop/forms/__init__.pyc"} <= names
        assert not any(name.startswith(("ct20_data", "jeepney")) or name.endswith(".json") for name in names)
        assert all(info.compress_type == zipfile.ZIP_DEFLATED for info in archive.infolist() if not info.is_dir())
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}  # reproducible


def _frozen_folder(tmp_path: Path) -> Path:
    """An `_internal` folder as COLLECT lays it out: the zip, the loose files, the binaries."""
    spec = _spec_namespace()
    internal = tmp_path / "_internal"
    for dest, src, _kind in spec["_zip_modules"](_collected(tmp_path), tmp_path / "work" / "base_library.zip"):
        (internal / dest).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, internal / dest)
    # stand-ins for extension modules (binaries: loose beside their package's zipped modules)
    (internal / "ct20_ext" / "inner").mkdir(parents=True)
    (internal / "ct20_ext" / "_speedups.py").write_text("VALUE = 'extension'\n", encoding="utf-8")
    (internal / "ct20_ext" / "inner" / "_c.py").write_text("VALUE = 'inner extension'\n", encoding="utf-8")
    (internal / "ct20_dw").mkdir()
    (internal / "ct20_dw" / "_c.py").write_text("", encoding="utf-8")
    (internal / "ct20_dw.libs").mkdir()
    (internal / "ct20_dw.libs" / "libcrypto-3-x64.dll").write_bytes(b"MZ")
    return internal


FROZEN_START = (
    "import sys\n"
    "internal = sys.argv[1]\n"
    "sys._MEIPASS = internal\n"
    "sys.path[:0] = [internal + '/base_library.zip', internal]\n"
    "exec(compile(open(sys.argv[2], encoding='utf-8').read(), sys.argv[2], 'exec'), {'__name__': '__main__'})\n"
)


def _run_frozen(internal: Path, code: str) -> list[str]:
    ran = subprocess.run([sys.executable, "-I", "-c", FROZEN_START + code, str(internal), str(HOOK)],
                         capture_output=True, text=True, cwd=internal.parent)
    assert ran.returncode == 0, ran.stderr
    return ran.stdout.splitlines()


def test_python_imports_modules_packages_and_namespace_portions_from_the_zip(tmp_path):
    internal = _frozen_folder(tmp_path)
    lines = _run_frozen(internal, (
        "import ct20_mod, ct20_pkg, ct20_pkg.sub, ct20_ns.part, ct20_data\n"
        "print(ct20_mod.VALUE, ct20_pkg.VALUE, ct20_pkg.sub.VALUE, ct20_ns.part.VALUE, ct20_data.DATA, sep='|')\n"
        "print(ct20_pkg.sub.__file__)\n"
    ))
    assert lines[0] == 'module|package|leaf|namespace portion|{"read": true}'
    assert "base_library.zip" in lines[1]


def test_the_hook_gives_zipped_modules_their_loose_folder(tmp_path):
    internal = _frozen_folder(tmp_path)
    lines = _run_frozen(internal, (
        "import ct20_ext, ct20_ext.inner, desktop.forms\n"
        "print(ct20_ext.VALUE, ct20_ext.inner.VALUE, desktop.forms.DATA, sep='|')\n"
        "print(desktop.forms.__file__, desktop.forms.__path__, sep='|')\n"
        "print(type(desktop.forms.__loader__).__name__, type(ct20_ext._speedups.__loader__).__name__)\n"
    ))
    assert lines[0] == 'extension|inner extension|{"read": true}'
    folder = internal / "desktop" / "forms"
    assert lines[1] == f"{folder / '__init__.pyc'}|{[str(internal / 'base_library.zip' / 'desktop' / 'forms'), str(folder)]}"
    assert lines[2] == "zipimporter SourceFileLoader"  # the code from the zip, the extension from the folder


def test_a_delvewheel_package_still_finds_its_dlls(tmp_path):
    internal = _frozen_folder(tmp_path)
    assert _run_frozen(internal, "import ct20_dw\nprint(ct20_dw.LIBS, ct20_dw.__file__)\n") == [
        f"True {internal / 'ct20_dw' / '__init__.pyc'}"]


def test_without_the_hook_a_zipped_package_misses_its_loose_parts(tmp_path):
    """What the hook is for: plain zipimport looks for extension modules and data inside the zip."""
    internal = _frozen_folder(tmp_path)
    ran = subprocess.run([sys.executable, "-I", "-c", FROZEN_START.split("exec(")[0] + "import ct20_ext\n",
                          str(internal)], capture_output=True, text=True, cwd=tmp_path)
    assert ran.returncode == 1 and "No module named 'ct20_ext._speedups'" in ran.stderr


def test_our_package_reads_its_data_beside_its_modules_never_through_a_loader():
    spec = _spec_namespace()
    for package in spec["DATA_BESIDE_CODE"]:
        for path in (ROOT / package).rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            for word in ("importlib.resources", "importlib_resources", "pkgutil", "get_data", "__loader__",
                         "get_resource_reader"):
                assert word not in text, f"{path.relative_to(ROOT)} uses {word}: zipped, it would find nothing"


def test_the_spec_zips_after_pyinstaller_collected_loose_pyc():
    tree = ast.parse(SPEC.read_text(encoding="utf-8"))
    analysis = next(n for n in ast.walk(tree) if isinstance(n, ast.Call) and getattr(n.func, "id", None) == "Analysis")
    keywords = {k.arg: k.value for k in analysis.keywords}
    assert ast.literal_eval(keywords["noarchive"]) is True  # else PyInstaller writes its own base_library.zip
    assert "rth_shared_zip.py" in ast.get_source_segment(SPEC.read_text(encoding="utf-8"), keywords["runtime_hooks"])
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and getattr(n.func, "id", None) == "_zip_modules"]
    assert len(calls) == 1


DESCRIBE = (
    "import importlib, importlib.resources\n"
    "for name in ('ct20_mod', 'ct20_pkg', 'ct20_pkg.sub', 'ct20_pkg.sub.leaf', 'ct20_ns.part'):\n"
    "    m = importlib.import_module(name)\n"
    "    print(name, m.__file__, list(getattr(m, '__path__', [])), type(m.__loader__).__name__,\n"
    "          m.__loader__.archive, m.__loader__.prefix, m.__spec__.cached, m.__spec__.parent, sep='|')\n"
    "print(sorted(p.name for p in importlib.resources.files('ct20_pkg').iterdir()))\n"
)


def test_the_hook_makes_the_same_modules_zipimport_makes(tmp_path):
    """For a package without loose parts: the same __file__, __path__, loader, cached and resources."""
    internal = _frozen_folder(tmp_path)
    with_hook = _run_frozen(internal, DESCRIBE)
    plain = subprocess.run([sys.executable, "-I", "-c", FROZEN_START.split("exec(")[0] + DESCRIBE, str(internal)],
                           capture_output=True, text=True, check=True, cwd=tmp_path).stdout.splitlines()
    assert with_hook == plain
    assert with_hook[-1] == "['__init__.pyc', 'sub']"


def test_each_zipped_module_is_decompressed_once(tmp_path):
    """zipimport's own finder reads a module twice (once for its file name); the hook's once."""
    internal = _frozen_folder(tmp_path)
    count = (
        "import zlib\n"
        "calls = []\n"
        "real = zlib.decompress\n"
        "zlib.decompress = lambda *a, **k: (calls.append(1), real(*a, **k))[1]\n"
        "import ct20_pkg.sub, ct20_ext\n"
        "print(len(calls))\n"
    )
    assert _run_frozen(internal, count) == ["4"]  # ct20_pkg, ct20_pkg.sub, ct20_pkg.sub.leaf, ct20_ext
    plain = subprocess.run([sys.executable, "-I", "-c", FROZEN_START.split("exec(")[0] + count.replace(", ct20_ext", ""),
                            str(internal)], capture_output=True, text=True, check=True, cwd=tmp_path)
    assert plain.stdout.split() == ["6"]
