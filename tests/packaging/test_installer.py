"""The Windows installer, the spec, the frozen entry point and the workflow agree (issue 16).

Nothing here builds: the installer is compiled on Windows by the workflow. These checks keep the
files from drifting apart: the Windows version the installer admits is the one Qt 6 starts on, the
mutex the installer waits for is the one the app holds, the icon is one file used by both, signing
covers the executables, the installer and the uninstaller, and the workflow pins Inno Setup 6.
"""

from __future__ import annotations

import importlib.util
import re
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
    assert _setup()["AppMutex"] == "{#AppMutexName}"
    entry = _load("entry")
    assert mutex == entry.APP_MUTEX
    assert "hold_app_mutex()" in (PACKAGING / "entry.py").read_text(encoding="utf-8")


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
    assert '--version "${{ env.INNO_VERSION }}"' in install["run"]
    assert flow["jobs"]["build"]["needs"] == "tests", "the suite passes on Windows before a build"
    release = flow["jobs"]["release"]
    assert "SHA256SUMS.txt" in release["steps"][-1]["run"]


def test_python_range_admits_the_local_ci_and_the_windows_build():
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["requires-python"].startswith(">=3.11")
    assert project["tool"]["ruff"]["target-version"] == "py311"
