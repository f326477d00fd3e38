"""The release files agree with the code, without building anything (seconds, not minutes).

The PyInstaller spec names resources that exist and leaves nothing the app imports out; the
version files build.py generates follow desktop.__version__ and the installer reads them; portable
mode puts the store, settings and logs beside the executable; a windowed start without a console
writes its messages to the log; a store under a Vietnamese folder name with spaces works through
the CLI. The real build and smoke test are `python packaging/build.py && python packaging/smoke.py`.
"""

from __future__ import annotations

import ast
import hashlib
import importlib.util
import json
import re
import shlex
import sqlite3
import sys
from pathlib import Path
from types import ModuleType

import pytest

import desktop
from desktop import paths
from desktop.cli import build_parser, main
from desktop.store import CorruptStoreError, Store  # before a test pretends to be Windows
from tests.forms.samples import province

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
SPEC = PACKAGING / "ct20.spec"
ISS = PACKAGING / "ct20.iss"


def _load(name: str) -> ModuleType:
    """A script of packaging/ (not a package: its name would shadow PyPI's `packaging`)."""
    spec = importlib.util.spec_from_file_location(f"ct20_packaging_{name}", PACKAGING / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _spec_constant(name: str):
    """A literal assigned at the top of the spec (RESOURCES, EXCLUDES, QT_PLUGINS ...)."""
    tree = ast.parse(SPEC.read_text(encoding="utf-8"), filename=str(SPEC))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == name for t in node.targets):
            return ast.literal_eval(node.value)
    raise AssertionError(f"ct20.spec assigns no {name}")


def _spec_calls(func: str) -> list[ast.Call]:
    tree = ast.parse(SPEC.read_text(encoding="utf-8"))
    return [n for n in ast.walk(tree) if isinstance(n, ast.Call) and getattr(n.func, "id", None) == func]


def _matched(folder: str, pattern: str) -> set[Path]:
    return {p for p in (ROOT / folder).glob(pattern) if p.is_file()}


# ---- the spec ---------------------------------------------------------------------------------

def test_every_resource_of_the_spec_matches_files():
    for folder, pattern in _spec_constant("RESOURCES"):
        if pattern.endswith(".mo"):  # compiled by build.py from the .po files in git
            assert _matched(folder, pattern.replace(".mo", ".po")), f"{folder}/{pattern}: no .po to compile"
        else:
            assert _matched(folder, pattern), f"{folder}/{pattern} matches nothing"


def test_every_data_file_the_app_reads_is_bundled():
    bundled: set[Path] = set()
    for folder, pattern in _spec_constant("RESOURCES"):
        bundled |= _matched(folder, pattern)
    data = {p for p in (ROOT / "desktop").rglob("*.json")} | {p for p in (ROOT / "resources" / "fonts").iterdir()}
    missing = sorted(str(p.relative_to(ROOT)) for p in data - bundled)
    assert not missing, f"add these to RESOURCES in packaging/ct20.spec: {missing}"


def _imported_top_level_modules() -> dict[str, set[str]]:
    """{module: files} of every import in desktop/, PySide6 modules by their full name."""
    found: dict[str, set[str]] = {}
    for path in (ROOT / "desktop").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            for name in names:
                parts = name.split(".")
                key = ".".join(parts[:2]) if parts[0] == "PySide6" else parts[0]
                found.setdefault(key, set()).add(str(path.relative_to(ROOT)))
    return found


def test_nothing_the_app_imports_is_excluded_from_the_bundle():
    excluded = set(_spec_constant("EXCLUDES"))
    imported = _imported_top_level_modules()
    # babel only compiles a .po when no .mo exists; the bundle ships the .mo files.
    clashes = {name: sorted(files) for name, files in imported.items() if name in excluded and name != "babel"}
    assert not clashes, f"imported by the app but excluded in packaging/ct20.spec: {clashes}"


def test_each_stand_in_replaces_an_excluded_library_the_app_never_imports_itself():
    """packaging/standins/PIL stands in for Pillow (2.9 MB on Windows), which reportlab imports at
    start: the spec leaves Pillow out and bundles the stand-in, which the app's own code never uses."""
    stand_ins = _spec_constant("STAND_INS")
    assert "PIL" in stand_ins
    assert set(stand_ins) <= set(_spec_constant("EXCLUDES"))
    assert not set(stand_ins) & _imported_top_level_modules().keys()
    for name in stand_ins:
        assert (PACKAGING / "standins" / name / "__init__.py").is_file()
    import reportlab.lib.utils

    assert "\nfrom PIL import Image\n" in Path(reportlab.lib.utils.__file__).read_text(encoding="utf-8"), (
        "reportlab no longer imports Pillow at start: the stand-in may go")


# What would need the real Pillow: a picture drawn into a PDF (reportlab reads a JPEG itself but a
# PNG only through Pillow, so a logo could pass a JPEG test and fail with a PNG), a picture in a
# workbook or in a signature's appearance, Pillow itself.
_PICTURE_NAMES = {"drawImage", "drawInlineImage", "ImageReader", "PdfImage", "add_image"}
_PICTURE_MODULES = ("PIL", "openpyxl.drawing", "pyhanko.pdf_utils.images", "reportlab.graphics")


def test_the_app_draws_no_picture_that_the_pillow_stand_in_would_refuse():
    found = []
    for path in sorted((ROOT / "desktop").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        where = path.relative_to(ROOT)
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom):
                modules = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
                if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("reportlab.platypus"):
                    modules += [f"{node.module}.{a.name}" for a in node.names if a.name == "Image"]
                found += [f"{where}:{node.lineno} imports {m}" for m in modules
                          if m.startswith(_PICTURE_MODULES) or m.endswith("platypus.Image")
                          or m.endswith("flowables.Image")]
            elif isinstance(node, ast.Attribute | ast.Name):
                name = node.attr if isinstance(node, ast.Attribute) else node.id
                if name in _PICTURE_NAMES:
                    found.append(f"{where}:{node.lineno} uses {name}")
            elif isinstance(node, ast.Constant) and isinstance(node.value, str) and "<img" in node.value.lower():
                found.append(f"{where}:{node.lineno} writes an <img> tag")
    assert not found, ("the bundle has a stand-in for Pillow that refuses every picture "
                       f"(packaging/standins/PIL); bundle Pillow again first: {found}")


def test_no_pdf_engine_for_qt_is_imported_depended_on_or_bundled():
    """The export's preview opens in the system's PDF viewer (issue 16): QtPdf (PDFium) with the
    Qt6Network it links would be 6.6 MB of the Windows folder."""
    import tomllib

    qt_pdf = {"PySide6.QtPdf", "PySide6.QtPdfWidgets"}
    assert not qt_pdf & _imported_top_level_modules().keys()
    assert qt_pdf <= set(_spec_constant("EXCLUDES"))  # not collected even where pyside6-pdf is installed
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = project["dependencies"] + [d for extra in project["optional-dependencies"].values() for d in extra]
    names = {re.split(r"[\s\[<>=!~;]", d, maxsplit=1)[0].lower().replace("_", "-") for d in wanted}
    assert not {"pyside6-pdf", "pyside6", "pyside6-addons"} & names


def test_modules_imported_out_of_sight_are_listed():
    """reportlab imports its C accelerator with exec(); PyInstaller's scan cannot see that."""
    import reportlab.lib.rl_accel

    assert "_rl_accel" in Path(reportlab.lib.rl_accel.__file__).read_text(encoding="utf-8")
    assert importlib.util.find_spec("_rl_accel") is not None, "pyproject asks for reportlab[accel]"
    hidden = next(n for n in ast.parse(SPEC.read_text(encoding="utf-8")).body
                  if isinstance(n, ast.Assign) and getattr(n.targets[0], "id", None) == "HIDDEN_IMPORTS")
    listed = {ast.literal_eval(e) for e in hidden.value.elts if isinstance(e, ast.Constant)}
    assert "_rl_accel" in listed


def test_qt_plugins_cover_windows_the_smoke_test_and_linux():
    plugins = _spec_constant("QT_PLUGINS")
    assert {"qwindows", "qoffscreen", "qxcb"} <= set(plugins["platforms"])
    assert "qmodernwindowsstyle" in plugins["styles"]


def test_a_windowed_and_a_console_program_without_upx():
    programs = {}
    for call in _spec_calls("_exe"):
        name = ast.literal_eval(call.args[0])
        programs[name] = next(ast.literal_eval(k.value) for k in call.keywords if k.arg == "console")
    assert programs == {"ct20": False, "ct20-cli": True}
    text = SPEC.read_text(encoding="utf-8")
    assert "upx=True" not in text and text.count("upx=False") >= 2
    collect = _spec_calls("COLLECT")
    assert len(collect) == 1, "one folder shared by both programs"


# ---- version files and installer --------------------------------------------------------------

def _defines(text: str) -> dict[str, str]:
    return dict(re.findall(r'^#define (\w+) "([^"]*)"', text, re.MULTILINE))


def test_version_files_follow_the_one_version_source(tmp_path):
    build = _load("build")
    info, iss = build.write_version_files(tmp_path)
    defines = _defines(iss.read_text(encoding="utf-8-sig"))
    assert iss.read_bytes().startswith(b"\xef\xbb\xbf"), "Inno Setup reads UTF-8 only with a BOM"
    assert defines["AppVersion"] == desktop.__version__
    numbers = build.numeric_version(desktop.__version__)
    assert defines["AppVersionNumeric"] == ".".join(map(str, numbers))

    resource = ast.parse(info.read_text(encoding="utf-8"), mode="eval")
    fixed = next(n for n in ast.walk(resource) if isinstance(n, ast.Call) and n.func.id == "FixedFileInfo")
    values = {k.arg: k.value for k in fixed.keywords}
    assert ast.literal_eval(values["filevers"]) == numbers == ast.literal_eval(values["prodvers"])
    strings = {ast.literal_eval(n.args[0]): ast.literal_eval(n.args[1]) for n in ast.walk(resource)
               if isinstance(n, ast.Call) and n.func.id == "StringStruct"}
    assert strings["FileVersion"] == strings["ProductVersion"] == desktop.__version__


@pytest.mark.parametrize(("version", "numbers"), [
    ("0.1.0", (0, 1, 0, 0)), ("1.2", (1, 2, 0, 0)), ("2.0.1rc1", (2, 0, 1, 0)), ("1.4.2+win.7", (1, 4, 2, 0)),
])
def test_windows_wants_four_numbers(version, numbers):
    assert _load("build").numeric_version(version) == numbers


def test_the_installer_script_reads_what_build_py_writes():
    build = _load("build")
    raw = ISS.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "Inno Setup reads UTF-8 only with a BOM"
    text = raw.decode("utf-8-sig")
    include = re.search(r'^#include SourcePath \+ "([^"]+)"', text, re.MULTILINE)
    assert include, "ct20.iss includes the generated version.iss"
    assert (PACKAGING / include.group(1).replace("\\", "/")).resolve() == build.GENERATED / "version.iss"
    for define in _defines(build.iss_defines(desktop.__version__)):
        assert "{#" + define + "}" in text, f"ct20.iss does not use {define}"
    source = re.search(r'^Source: "([^"]+)\\\*"', text, re.MULTILINE)
    assert source and (PACKAGING / source.group(1).replace("\\", "/")).resolve() == build.BUNDLE
    assert _defines(text)["AppExe"] == "ct20.exe"  # the windowed program of the spec


def test_the_installer_needs_no_administrator_and_keeps_the_users_data():
    text = ISS.read_text(encoding="utf-8-sig")
    setup = dict(re.findall(r"^(\w+)=(.*)$", text, re.MULTILINE))
    assert setup["PrivilegesRequired"] == "lowest"
    # IT may choose a machine-wide install (dialog or /ALLUSERS); {autopf} is then Program Files,
    # and %LOCALAPPDATA%\Programs for the default per-user install.
    assert setup["PrivilegesRequiredOverridesAllowed"] == "commandline dialog"
    assert setup["DefaultDirName"] == r"{autopf}\CT20"
    assert "[UninstallDelete]" not in text
    assert "appdata}" not in text.replace("{localappdata}", ""), "the installer never touches %APPDATA%\\CT20"
    assocs = [line for line in text.splitlines() if "Software\\Classes" in line and not line.startswith(";")]
    assert assocs and all(line.startswith("Root: HKA;") for line in assocs), "per-user file association"


def test_opening_a_package_runs_gui_open_with_its_path():
    """The .asice association's command, as Windows stores it, opens the double-clicked file."""
    text = ISS.read_text(encoding="utf-8-sig")
    line = next(line for line in text.splitlines() if "shell\\open\\command" in line)
    value = re.search(r'ValueData: "((?:[^"]|"")*)"', line).group(1).replace('""', '"')
    for name, define in _defines(text).items():
        value = value.replace("{#" + name + "}", define)
    assert value == '"{app}\\ct20.exe" gui --open "%1"'
    path = "C:\\Users\\An\\Tải về\\Gói báo cáo.asice"
    args = shlex.split(value.replace("%1", path.replace("\\", "/")))  # what ct20.exe then receives
    assert args[1:] == ["gui", "--open", path.replace("\\", "/")]
    parsed = build_parser().parse_args(args[1:])
    assert parsed.open_files == [path.replace("\\", "/")]


# ---- portable mode and data folders -----------------------------------------------------------

@pytest.fixture
def frozen_exe(tmp_path, monkeypatch):
    """Pretend to be the frozen ct20.exe in a folder named as a user might name it."""
    exe = tmp_path / "Ứng dụng CT20" / "ct20.exe"
    exe.parent.mkdir()
    exe.write_bytes(b"")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(exe))
    monkeypatch.delenv("CT20_DB", raising=False)
    return exe


def test_portable_mode_keeps_store_settings_and_logs_beside_the_executable(frozen_exe):
    (frozen_exe.parent / "portable").write_text("", encoding="utf-8")
    data = frozen_exe.parent.resolve() / "data"
    assert paths.portable_dir() == frozen_exe.parent.resolve()
    assert paths.default_store_path() == data / "ct20.sqlite3"  # the settings live in the store
    assert paths.logs_dir() == data / "logs"


@pytest.fixture
def windows_profile(frozen_exe, tmp_path, monkeypatch):
    """A Windows user profile under tmp_path: (roaming %APPDATA%, local %LOCALAPPDATA%)."""
    monkeypatch.setattr(sys, "platform", "win32")
    roaming, local = tmp_path / "AppData" / "Roaming", tmp_path / "AppData" / "Local"
    monkeypatch.setenv("APPDATA", str(roaming))
    monkeypatch.setenv("LOCALAPPDATA", str(local))
    return roaming, local


def test_without_the_portable_file_the_data_stays_in_the_local_user_profile(windows_profile):
    roaming, local = windows_profile
    assert paths.portable_dir() is None
    assert paths.default_store_path() == local / "CT20" / "ct20.sqlite3"
    assert paths.logs_dir() == local / "CT20" / "logs"
    assert not (roaming / "CT20").exists()


def _store_with_a_report(path: Path, number: str) -> str:
    with Store.open(path) as store:
        return store.create_report(form_id="ct20.province", form_version="2025.1", org_id="so-ct-phu-tho",
                                   period="2025", values={"document.number": number})


def test_the_roaming_store_of_an_older_release_is_copied_once_and_kept(windows_profile):
    roaming, local = windows_profile
    old = roaming / "CT20" / "ct20.sqlite3"
    report = _store_with_a_report(old, "15/BC-SCT")
    (roaming / "CT20" / "ct20.sqlite3.auto-backup").write_bytes(old.read_bytes())
    before = hashlib.sha256(old.read_bytes()).hexdigest()

    new = paths.default_store_path()
    assert new == local / "CT20" / "ct20.sqlite3"
    with Store.open(new) as store:
        assert store.get_values(report) == {"document.number": "15/BC-SCT"}
        store.save_values(report, {"document.number": "16/BC-SCT"})
    assert (local / "CT20" / "ct20.sqlite3.auto-backup").is_file()
    assert hashlib.sha256(old.read_bytes()).hexdigest() == before  # the old file: kept, unchanged

    assert paths.default_store_path() == new  # once: the newer values are not overwritten
    with Store.open(new) as store:
        assert store.get_values(report) == {"document.number": "16/BC-SCT"}
    # a user who removes the new store on purpose does not get the old one back
    for suffix in ("", "-wal", "-shm"):
        Path(f"{new}{suffix}").unlink(missing_ok=True)
    paths.default_store_path()
    assert not new.exists() and old.exists()


def test_what_an_interrupted_session_left_in_the_wal_comes_along(windows_profile):
    roaming, _local = windows_profile
    old = roaming / "CT20" / "ct20.sqlite3"
    report = _store_with_a_report(old, "1/BC")
    writer = sqlite3.connect(old, isolation_level=None)  # the old app, still running (or killed)
    writer.execute("PRAGMA journal_mode = WAL")
    writer.execute("PRAGMA wal_autocheckpoint = 0")
    writer.execute("UPDATE report_values SET data = '{\"document.number\":\"2/BC\"}'")
    assert Path(f"{old}-wal").stat().st_size > 0
    try:
        new = paths.default_store_path()
    finally:
        writer.close()
    with Store.open(new) as store:
        assert store.get_values(report) == {"document.number": "2/BC"}


def test_a_damaged_roaming_store_is_copied_as_it_is(windows_profile):
    roaming, _local = windows_profile
    old = roaming / "CT20" / "ct20.sqlite3"
    old.parent.mkdir(parents=True)
    old.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    new = paths.default_store_path()
    assert new.read_bytes() == old.read_bytes()
    with pytest.raises(CorruptStoreError):
        Store.open(new)


def test_a_local_store_is_never_replaced_by_the_roaming_one(windows_profile):
    roaming, local = windows_profile
    _store_with_a_report(roaming / "CT20" / "ct20.sqlite3", "cũ")
    mine = _store_with_a_report(local / "CT20" / "ct20.sqlite3", "mới")
    with Store.open(paths.default_store_path()) as store:
        assert [r.id for r in store.list_reports()] == [mine]


def test_a_portable_txt_made_in_explorer_counts_too(frozen_exe):
    (frozen_exe.parent / "portable.txt").write_text("", encoding="utf-8")
    assert paths.default_store_path() == frozen_exe.parent.resolve() / "data" / "ct20.sqlite3"


def test_ct20_db_wins_over_portable_mode(frozen_exe, tmp_path, monkeypatch):
    (frozen_exe.parent / "portable").write_text("", encoding="utf-8")
    monkeypatch.setenv("CT20_DB", str(tmp_path / "other.sqlite3"))
    assert paths.default_store_path() == tmp_path / "other.sqlite3"


def test_a_source_checkout_ignores_a_portable_file(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "frozen", False, raising=False)
    monkeypatch.setattr(sys, "executable", str(tmp_path / "python"))
    (tmp_path / "portable").write_text("", encoding="utf-8")
    assert paths.portable_dir() is None


# ---- the windowed program's log ---------------------------------------------------------------

def test_a_windowed_start_writes_its_messages_to_the_log(frozen_exe, monkeypatch):
    (frozen_exe.parent / "portable").write_text("", encoding="utf-8")
    entry = _load("entry")
    handed_to_faulthandler = []
    monkeypatch.setattr(entry.faulthandler, "enable", handed_to_faulthandler.append)
    monkeypatch.setattr(sys, "stdout", None)
    monkeypatch.setattr(sys, "stderr", None)
    stream = entry.give_streams_a_home()
    try:
        assert sys.stdout is stream and sys.stderr is stream and handed_to_faulthandler == [stream]
        sys.stderr.write("Không có kho dữ liệu.\n")
    finally:
        stream.close()
    log = paths.logs_dir() / entry.LOG_NAME
    text = log.read_text(encoding="utf-8")
    assert f"ct20 {desktop.__version__}" in text and "Không có kho dữ liệu." in text


def test_a_console_start_keeps_its_streams(monkeypatch):
    entry = _load("entry")
    before = sys.stdout, sys.stderr
    assert entry.give_streams_a_home() is None
    assert (sys.stdout, sys.stderr) == before


def test_a_big_log_is_set_aside(frozen_exe):
    (frozen_exe.parent / "portable").write_text("", encoding="utf-8")
    entry = _load("entry")
    folder = paths.logs_dir()
    folder.mkdir(parents=True)
    (folder / entry.LOG_NAME).write_bytes(b"x" * (entry.MAX_LOG_BYTES + 1))
    with entry.open_log() as log:
        log.write("new\n")
    assert (folder / (entry.LOG_NAME + ".1")).stat().st_size == entry.MAX_LOG_BYTES + 1
    assert (folder / entry.LOG_NAME).read_text(encoding="utf-8") == "new\n"


# ---- Vietnamese letters and spaces in paths -----------------------------------------------------

def test_a_store_under_a_vietnamese_folder_name_with_spaces_works_through_the_cli(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("CT20_DB", raising=False)
    folder = tmp_path / "Dữ liệu báo cáo" / "Sở Công Thương"
    db = ["--db", str(folder / "ct20.sqlite3")]

    def ct20(*args: str) -> str:
        code = main([*args, *db])
        out = capsys.readouterr().out
        assert code == 0, out
        return out

    report = json.loads(ct20("report", "new", "--form", "ct20.province", "--org", "so-ct-ninh-binh",
                             "--period", "2025", "--json"))["id"]
    values = folder / "giá trị đã nhập.json"
    values.write_text(json.dumps(province(), ensure_ascii=False), encoding="utf-8")
    assert json.loads(ct20("report", "fill", report, "--from", str(values), "--json"))["changed"] > 0
    assert json.loads(ct20("report", "validate", report, "--json"))["errors"] == []
    backup = folder / "Sao lưu ngày 10.11.2025.sqlite3"
    ct20("backup", "--out", str(backup))
    assert backup.stat().st_size > 0


def test_a_copy_that_cannot_be_made_leaves_the_old_store_in_use(windows_profile, tmp_path):
    roaming, local = windows_profile
    old = roaming / "CT20" / "ct20.sqlite3"
    report = _store_with_a_report(old, "15/BC-SCT")
    local.parent.mkdir(parents=True, exist_ok=True)
    local.write_text("not a folder", encoding="utf-8")  # %LOCALAPPDATA% cannot hold CT20\
    assert paths.default_store_path() == old  # this run works where the older release did
    with Store.open(old) as store:
        assert store.get_values(report) == {"document.number": "15/BC-SCT"}
    local.unlink()
    assert paths.default_store_path() == local / "CT20" / "ct20.sqlite3"  # the next run copies it
    assert not list((local / "CT20").glob(".*copying"))
