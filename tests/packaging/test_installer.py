"""The Windows installer, the spec, the frozen entry point and the workflow agree (issue 16).

Nothing here builds: the installer is compiled on Windows by the workflow. These checks keep the
files from drifting apart: the Windows version the installer admits is the one Qt 6 starts on, the
mutex the installer waits for is the one the app holds, the icon is one file used by both, signing
covers the executables, the installer and the uninstaller, and the workflow pins Inno Setup 6.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

import yaml
from PIL import Image

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
ISS = PACKAGING / "ct20.iss"
WORKFLOW = ROOT / ".github" / "workflows" / "windows.yml"


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"ct20_packaging_{name}", PACKAGING / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _iss() -> str:
    return ISS.read_text(encoding="utf-8-sig")


def _setup() -> dict[str, str]:
    text = _iss()
    section = text.split("[Setup]", 1)[1].split("\n[", 1)[0]
    return dict(re.findall(r"^(\w+)=(.*)$", section, re.MULTILINE))


def _defines(text: str) -> dict[str, str]:
    return dict(re.findall(r'^#define (\w+) "([^"]*)"', text, re.MULTILINE))


def test_windows_older_than_qt6_needs_is_refused_with_a_vietnamese_message():
    assert _setup()["MinVersion"] == "10.0.17763"  # Windows 10 1809: the oldest Qt 6 runs on
    text = _iss()
    vi = re.search(r"^vi\.WinVersionTooLowError=(.+)$", text, re.MULTILINE)
    en = re.search(r"^en\.WinVersionTooLowError=(.+)$", text, re.MULTILINE)
    assert vi and "1809" in vi.group(1) and "Windows" in vi.group(1)
    assert en and "1809" in en.group(1)


def test_setup_waits_for_the_mutex_the_running_app_holds():
    mutex = _defines(_iss())["AppMutexName"]
    names = [name.replace("{#AppMutexName}", mutex) for name in _setup()["AppMutex"].split(",")]
    entry = _load("entry")
    assert mutex == entry.APP_MUTEX
    assert names == list(entry.APP_MUTEXES) == [mutex, "Global\\" + mutex]  # this session and any other
    source = (PACKAGING / "entry.py").read_text(encoding="utf-8")
    main = source.split("def main()", 1)[1]
    # held before anything else runs, and kept (a module global) until the process ends
    assert main.index("_MUTEX = hold_app_mutex()") < main.index("from desktop.cli import main")
    held = entry.hold_app_mutex()
    if sys.platform == "win32":  # the workflow's Windows suite: both mutexes really exist now
        assert isinstance(held, list) and len(held) == len(entry.APP_MUTEXES) and all(held)
        import ctypes

        kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
        kernel32.OpenMutexW.restype = ctypes.c_void_p
        kernel32.OpenMutexW.argtypes = [ctypes.c_uint32, ctypes.c_bool, ctypes.c_wchar_p]
        synchronize = 0x00100000
        opened = kernel32.OpenMutexW(synchronize, False, entry.APP_MUTEX)
        assert opened, "the installer's AppMutex check would not see the running app"
        kernel32.CloseHandle(ctypes.c_void_p(opened))
    else:
        assert held is None  # nothing to hold elsewhere


def test_one_icon_for_the_executables_and_the_installer():
    icon = ROOT / "resources" / "icons" / "ct20.ico"
    setup_icon = _setup()["SetupIconFile"].replace("\\", "/")
    assert (PACKAGING / setup_icon).resolve() == icon
    spec = (PACKAGING / "ct20.spec").read_text(encoding="utf-8")
    assert 'ICON = str(ROOT / "resources" / "icons" / "ct20.ico")' in spec
    assert "icon=ICON" in spec
    with Image.open(icon) as image:
        sizes = set(image.info["sizes"])
    assert {(16, 16), (32, 32), (48, 48), (256, 256)} <= sizes


def test_compression_and_the_association_respect_other_programs():
    setup = _setup()
    assert setup["Compression"] == "lzma2/ultra64"
    assert setup["SolidCompression"] == "yes"
    text = _iss()
    owner_lines = [line for line in text.splitlines()
                   if line.startswith("Root: HKA") and 'Subkey: "Software\\Classes\\.asice";' in line]
    assert owner_lines and all("Check: AsiceIsFree" in line for line in owner_lines)
    assert "function AsiceIsFree: Boolean;" in text
    progids = [line for line in text.splitlines() if "OpenWithProgids" in line and line.startswith("Root:")]
    assert progids and all("Check:" not in line for line in progids), "Open with is offered always"


def test_signing_covers_executables_installer_and_uninstaller():
    text = _iss()
    block = text.split("#ifdef Sign", 1)[1].split("#endif", 1)[0]
    assert "SignTool=ct20sign" in block and "SignedUninstaller=yes" in block
    build = _load("build")
    assert build.signing_config({}) is None
    config = build.signing_config({"CT20_SIGN_PFX": "C:/k/code sign.pfx", "CT20_SIGN_PASSWORD": "pw"})
    command = build.signtool_command(config, "ct20.exe")
    assert command[:2] == ["signtool", "sign"] and "/fd" in command and "SHA256" in command
    assert "/tr" in command and command[-1] == "ct20.exe"


def test_building_without_a_certificate_says_so(tmp_path, capsys, monkeypatch):
    build = _load("build")
    monkeypatch.delenv("CT20_SIGN_PFX", raising=False)
    (tmp_path / "ct20.exe").write_bytes(b"MZ")
    assert build.sign_bundle(tmp_path) == 0
    assert "code signing skipped" in capsys.readouterr().out


def test_iscc_of_inno_setup_6_is_looked_for_where_it_is_installed():
    build = _load("build")
    found = build.inno_candidates({"PROGRAMFILES(X86)": "C:/PF86", "LOCALAPPDATA": "C:/U/AppData/Local"})
    assert Path("C:/PF86/Inno Setup 6/ISCC.exe") in found
    assert Path("C:/U/AppData/Local/Programs/Inno Setup 6/ISCC.exe") in found
    assert build.INNO_MAJOR == "6"


def test_the_workflow_pins_inno_setup_6_and_a_current_python():
    flow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    env = flow["env"]
    assert re.fullmatch(r"6\.\d+\.\d+", env["INNO_VERSION"])
    assert tuple(int(n) for n in env["PYTHON_VERSION"].split(".")) >= (3, 12)
    steps = flow["jobs"]["build"]["steps"]
    install = next(s for s in steps if s.get("name") == "Install Inno Setup")
    # the runner image may hold another 6.x already: choco replaces it only when allowed to downgrade
    assert '--version "${{ env.INNO_VERSION }}" --allow-downgrade' in install["run"]
    compile_step = next(s for s in steps if s.get("name") == "Build the installer")
    assert compile_step["env"]["CT20_INNO_VERSION"] == "${{ env.INNO_VERSION }}"
    # the Vietnamese texts are those of Inno Setup 6.5.0 and later
    assert tuple(int(n) for n in env["INNO_VERSION"].split(".")) >= (6, 5, 0)
    assert flow["jobs"]["build"]["needs"] == "tests", "the suite passes on Windows before a build"
    release = flow["jobs"]["release"]
    assert "SHA256SUMS.txt" in release["steps"][-1]["run"]


def test_python_range_admits_the_local_ci_and_the_windows_build():
    import tomllib

    from packaging.specifiers import SpecifierSet

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    supported = SpecifierSet(project["project"]["requires-python"])
    flow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    running = f"{sys.version_info.major}.{sys.version_info.minor}"  # the local CI's (3.11), or Windows' suite
    assert running in supported, "the Python running the suite is supported"
    assert flow["env"]["PYTHON_VERSION"] in supported, "the Windows build's Python is supported"
    listed = sorted(c.rsplit(" :: ", 1)[1] for c in project["project"]["classifiers"]
                    if re.fullmatch(r"Programming Language :: Python :: 3\.\d+", c))
    assert [v for v in ("3.10", "3.11", "3.12", "3.13", "3.14") if v in supported] == listed
    lowest = min(listed, key=lambda v: int(v.split(".")[1]))
    # ruff judges the code for the oldest supported Python, so nothing newer slips in
    assert project["tool"]["ruff"]["target-version"] == "py" + lowest.replace(".", "")
    assert project["tool"]["mypy"]["python_version"] == lowest


# ---- upgrade in place, the version and the sizes -------------------------------------------------

APP_ID = "{{3C8F0E7A-5B1D-4E2A-9C63-0D2F7B4A81E5}"


def test_an_upgrade_replaces_the_program_and_keeps_the_data():
    setup = _setup()
    assert setup["AppId"] == APP_ID, "a new AppId would install beside the old version instead of upgrading it"
    assert setup["UsePreviousAppDir"] == "yes" and setup["CloseApplications"] == "yes"
    text = _iss()
    section = text.split("[InstallDelete]", 1)[1].split("\n[", 1)[0]
    deleted = re.findall(r'Name: "([^"]+)"', section)
    assert deleted and all(name.startswith("{app}\\") for name in deleted)
    assert "[UninstallDelete]" not in text
    # the data folder (desktop/paths.py) is not the program's: %LOCALAPPDATA%\CT20 beside
    # {autopf}\CT20 = %LOCALAPPDATA%\Programs\CT20 (per user) or Program Files\CT20 (all users)
    assert setup["DefaultDirName"] == r"{autopf}\CT20"
    flow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    step = next(s for s in flow["jobs"]["build"]["steps"] if str(s.get("name", "")).startswith("Install, upgrade"))
    assert step["run"].count("Install-CT20 ") == 2, "the workflow installs twice: the second is an upgrade"
    assert "the upgrade lost a report" in step["run"] and "the roaming store was changed" in step["run"]


def test_the_windows_data_folder_is_local_and_not_the_program_folder(tmp_path, monkeypatch):
    import sys

    from desktop import paths

    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(tmp_path / "Local" / "Programs" / "CT20" / "ct20.exe"))
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "Local"))
    monkeypatch.setenv("APPDATA", str(tmp_path / "Roaming"))
    monkeypatch.delenv("CT20_DB", raising=False)
    assert paths.data_dir() == tmp_path / "Local" / "CT20"
    program = Path(sys.executable).parent
    assert program not in paths.data_dir().parents and paths.data_dir() not in program.parents


def test_the_installer_is_named_after_the_one_version():
    import desktop

    setup = _setup()
    assert setup["OutputBaseFilename"] == "CT20-Setup-{#AppVersion}"
    assert setup["AppVersion"] == "{#AppVersion}" and setup["VersionInfoVersion"] == "{#AppVersionNumeric}"
    build = _load("build")
    assert build.app_version() == desktop.__version__
    defines = _defines(build.iss_defines(desktop.__version__))
    assert defines["AppVersion"] == desktop.__version__
    flow = WORKFLOW.read_text(encoding="utf-8")
    assert 'dist/installer/CT20-Setup-$version.exe' in flow


def test_the_installer_signing_arguments_hide_nothing_and_quote_paths(monkeypatch, capsys):
    build = _load("build")
    monkeypatch.setenv("CT20_SIGN_PFX", "C:/Khóa ký/code sign.pfx")
    monkeypatch.setenv("CT20_SIGN_PASSWORD", "mật-khẩu")
    arguments = build._iscc_signing_arguments()
    assert arguments[-1] == "/DSign" and arguments[0].startswith("/Sct20sign=signtool sign ")
    assert "$qC:/Khóa ký/code sign.pfx$q" in arguments[0] and arguments[0].endswith(" $f")
    flow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    steps = flow["jobs"]["build"]["steps"]
    # the password only where build.py signs: the bundle's build and the installer's
    given = [s["name"] for s in steps if s.get("env", {}).get("CT20_SIGN_PASSWORD") == "${{ secrets.CT20_SIGN_PASSWORD }}"]
    assert given == ["Build dist/ct20 (catalogs, version files, PyInstaller, signing)", "Build the installer"]
    assert "env" not in flow["jobs"]["build"], "no secret for every step (pip and the smoke test run others' code)"
    step = next(s for s in steps if "Code-signing" in str(s.get("name", "")))
    assert "CT20_SIGN_PFX=" in step["run"] and "signtool.exe" in step["run"]


def test_build_and_workflow_print_the_folders_size(tmp_path, capsys):
    build = _load("build")
    (tmp_path / "_internal").mkdir()
    (tmp_path / "ct20.exe").write_bytes(b"M" * 1000)
    (tmp_path / "_internal" / "libicudata.so.73").write_bytes(b"I" * 3000)
    (tmp_path / "_internal" / "base.pyc").write_bytes(b"P" * 500)
    (tmp_path / "_internal" / "jeepney").mkdir()
    (tmp_path / "_internal" / "jeepney" / "bus.pyc").write_bytes(b"J" * 70)
    assert build.folder_size(tmp_path) == (4570, 4)
    assert build.linux_only_size(tmp_path) == 3070  # ICU data and the Secret Service client
    source = (PACKAGING / "build.py").read_text(encoding="utf-8")
    assert 'print(f"built {BUNDLE.relative_to(ROOT)}: {size / 1e6:.1f} MB' in source
    flow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    sizes = next(s for s in flow["jobs"]["build"]["steps"] if str(s.get("name", "")).startswith("Sizes"))
    # MB are 10^6 bytes there too (the 85 MB goal); PowerShell's 1MB is a MiB
    assert 'dist/ct20: {0:N1} MB ({1:N1} MiB) in {2} files" -f ($size / 1e6), ($size / 1MB)' in sizes["run"]
    assert '-f ($size / 1MB), $files' not in sizes["run"]


def test_the_release_is_compiled_only_by_the_pinned_inno_setup(tmp_path, monkeypatch, capsys):
    build = _load("build")
    iscc = tmp_path / "Inno Setup 6" / "ISCC.exe"
    registered = [(tmp_path / "Other", "6.4.3"), (tmp_path / "Inno Setup 6", "6.7.1")]
    assert build.installed_inno_version(iscc, registered) == "6.7.1"
    assert build.installed_inno_version(iscc, registered[:1]) is None
    assert build.inno_version_problem("6.7.1", "6.7.1") is None
    assert build.inno_version_problem("6.4.3", None) is None  # a developer's machine: any 6.x
    assert "is Inno Setup 6.4.3" in build.inno_version_problem("6.4.3", "6.7.1")
    assert "records no version" in build.inno_version_problem(None, "6.7.1")
    # the whole step: an ISCC.exe whose version Windows does not record is refused when one is pinned
    iscc.parent.mkdir()
    iscc.write_bytes(b"MZ")
    monkeypatch.setenv("CT20_ISCC", str(iscc))
    monkeypatch.setenv(build.INNO_VERSION_VARIABLE, "6.7.1")
    assert build.build_installer() == 1
    assert "asks for Inno Setup 6.7.1" in capsys.readouterr().err


def test_a_dollar_in_the_password_reaches_signtool_and_never_the_log(monkeypatch, capsys):
    build = _load("build")
    monkeypatch.setenv("CT20_SIGN_PFX", "C:/k/sign.pfx")
    monkeypatch.setenv("CT20_SIGN_PASSWORD", "p$q w$$")
    argument = build._iscc_signing_arguments()[0]
    # Inno reads $$ as one $, $q as a quote and $f as the file: the password arrives as typed
    assert " /p $qp$$q w$$$$$q " in argument and argument.endswith(" $f")
    build.run(sys.executable, "-c", "pass", argument, secrets=("p$$q w$$$$", "p$q w$$"))
    echoed = capsys.readouterr().out
    assert " /p $q***$q " in echoed and "w$" not in echoed


def test_the_certificate_secret_gates_signing_and_stays_out_of_the_script():
    flow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    step = next(s for s in flow["jobs"]["build"]["steps"] if "Code-signing" in str(s.get("name", "")))
    assert step["env"]["CT20_SIGN_PFX_BASE64"] == "${{ secrets.CT20_SIGN_PFX_BASE64 }}"
    # signing follows the certificate, not the password (which a .pfx may lack)
    first = step["run"].strip().splitlines()[0]
    assert first == "if (-not $env:CT20_SIGN_PFX_BASE64) {" and "code signing skipped" in step["run"]
    assert "secrets." not in step["run"], "a secret pasted into the script text would be parsed by PowerShell"


def test_a_certificate_without_a_password_is_signed_without_one(monkeypatch):
    build = _load("build")
    monkeypatch.setenv("CT20_SIGN_PFX", "C:/k/sign.pfx")
    monkeypatch.setenv("CT20_SIGN_PASSWORD", "")
    command = build.signtool_command(build.signing_config())
    assert "/p" not in command and command[command.index("/f") + 1] == "C:/k/sign.pfx"
    argument = build._iscc_signing_arguments()[0]
    assert " /p " not in argument and "/f C:/k/sign.pfx /d $qCT20 Desktop$q $f" in argument


def test_a_failing_command_is_reported_without_its_secret(monkeypatch, capsys):
    import pytest

    build = _load("build")
    with pytest.raises(SystemExit) as stopped:
        build.run(sys.executable, "-c", "raise SystemExit(3)", "/p", "s3cret", secrets=("s3cret",))
    assert "exit status 3" in str(stopped.value) and "s3cret" not in str(stopped.value)
    assert "s3cret" not in capsys.readouterr().out
    monkeypatch.setenv("CT20_SIGN_PFX", "C:/k/sign.pfx")
    monkeypatch.setenv("CT20_SIGN_PASSWORD", 'say "hi"')
    with pytest.raises(SystemExit, match="quote"):
        build._iscc_signing_arguments()


def test_the_build_signs_what_it_built_before_measuring_it():
    import ast

    tree = ast.parse((PACKAGING / "build.py").read_text(encoding="utf-8"))
    functions = {node.name: node for node in tree.body if isinstance(node, ast.FunctionDef)}

    def calls(function: str) -> list[str]:
        return [node.func.id for node in ast.walk(functions[function])
                if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)]

    def line_of(function: str, name: str, argument: str | None = None) -> int:
        return next(node.lineno for node in ast.walk(functions[function])
                    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == name
                    and (argument is None or any(isinstance(a, ast.Name) and a.id == argument for a in node.args)))

    # PyInstaller (the `run` given the spec), then the signing of what it built, then its size
    assert line_of("build", "run", "SPEC") < line_of("build", "sign_bundle") < line_of("build", "folder_size")
    assert "_iscc_signing_arguments" in calls("build_installer")


def test_the_workflow_upgrades_the_latest_release_in_place_when_there_is_one():
    flow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    steps = flow["jobs"]["build"]["steps"]
    names = [str(s.get("name", "")) for s in steps]
    upgrade = steps[names.index("Upgrade from the latest published release (when there is one)")]
    assert names.index("Build the installer") < names.index(upgrade["name"])
    script = upgrade["run"]
    assert 'gh release download' in script and '"CT20-Setup-*.exe"' in script
    # an older version really installed first, then this one over it: version and reports checked
    assert script.index("$old.FullName") < script.index('"dist/installer/CT20-Setup-$version.exe"')
    assert 'ct20 $version' in script and "lost the report it had made" in script
    # only "no release yet" skips the step; any other failure of gh fails it
    assert '-match "release not found"' in script and 'throw "gh release view failed' in script
    assert "is not tested in this run" in script, "no release yet: said, not silently passed"
    # that release's user starts from scratch (no data left by the step before)
    assert script.index("Remove-Item -Recurse -Force $folder") < script.index("$old.FullName")


def test_the_windows_suite_runs_all_it_can_before_the_build():
    flow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    job = flow["jobs"]["tests"]
    names = [str(s.get("name", "")) for s in job["steps"]]
    run = job["steps"][names.index("Tests (without those needing a program Windows lacks)")]
    assert run["run"] == 'python -m pytest -q -p no:cacheprovider -m "not unix_tools"'
    assert "QT_QPA_PLATFORM" not in {**flow.get("env", {}), **job.get("env", {}), **run.get("env", {})}, \
        "the root conftest.py sets the 1366x768 screen the layout tests need"
    assert run["env"]["CT20_TEST_PG"].startswith("postgresql://postgres@127.0.0.1:5432/")
    assert names.index("PostgreSQL for the shared-Inbox tests (the runner's own server)") < names.index(run["name"])
    assert flow["jobs"]["build"]["needs"] == "tests"


def test_the_cli_commands_the_workflow_runs_work(tmp_path):
    """Each `ct20-cli report new …` of the workflow, run here with the same arguments: a period the
    form refuses (2024 was one: the plan starts in 2025) would fail the Windows job."""
    import subprocess

    text = WORKFLOW.read_text(encoding="utf-8")
    commands = re.findall(r"ct20-cli\.exe[\"')]* report new ((?:--\w+ [\w.-]+ ?)+)--json", text)
    assert len(commands) >= 3
    for number, arguments in enumerate(commands):
        done = subprocess.run([sys.executable, "-m", "desktop", "--db", str(tmp_path / f"s{number}.sqlite3"),
                               "report", "new", *arguments.split(), "--json"],
                              capture_output=True, text=True, encoding="utf-8", timeout=120, cwd=ROOT)
        assert done.returncode == 0, (arguments, done.stderr)
