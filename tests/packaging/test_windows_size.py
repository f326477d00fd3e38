"""packaging/windows_size.py sums the wheels as ct20.spec filters them; the spec's tz trimming keeps
every zone a Windows setting can lead to (issue 16). Nothing is downloaded: the wheels here are
small zip files made by the test, laid out as the real win_amd64 wheels are."""

from __future__ import annotations

import importlib.resources
import importlib.util
import sys
import zipfile
from pathlib import Path
from types import ModuleType

import pytest
from tzlocal.windows_tz import win_tz

ROOT = Path(__file__).resolve().parents[2]


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"ct20_packaging_{name}", ROOT / "packaging" / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def size() -> ModuleType:
    return _load("windows_size")


@pytest.fixture(scope="module")
def rules(size):
    return size.spec_rules()


def test_the_rules_are_the_specs_own(rules):
    from tests.packaging.test_spec import _spec_constant

    for name in ("EXCLUDES", "QT_PLUGINS", "UNUSED_LIBRARIES"):
        assert rules[name] == _spec_constant(name)
    assert rules["_qt_entry_wanted"]("PySide6/plugins/platforms/qwindows.dll")
    assert not rules["_qt_entry_wanted"]("PySide6/plugins/imageformats/qjpeg.dll")
    assert not rules["_qt_entry_wanted"]("PySide6/translations/qtbase_vi.qm")


def test_every_zone_a_windows_setting_leads_to_is_kept(rules):
    zones = rules["_tz_zones"]()
    wanted = rules["_tz_entry_wanted"]
    for zone in {*win_tz.values(), "Asia/Ho_Chi_Minh", "UTC", "Etc/GMT-7", "Etc/GMT+12"}:
        assert wanted(f"tzdata/zoneinfo/{zone}", zones), zone
    assert wanted("tzdata/zones", zones) and wanted("tzdata/zoneinfo/Asia/__init__.py", zones)
    for dropped in ("America/Argentina/Jujuy", "Antarctica/Troll", "tzdata.zi", "leapseconds"):
        assert not wanted(f"tzdata/zoneinfo/{dropped}", zones), dropped
    assert wanted("PySide6/QtCore.pyd", zones)  # other packages are not its business


def test_the_kept_zones_exist_and_are_far_fewer(rules):
    zones = rules["_tz_zones"]()
    root = importlib.resources.files("tzdata") / "zoneinfo"
    for zone in zones:
        assert (root / zone).is_file(), f"{zone} is not in tzdata: the spec keeps a zone that is gone"
    every = [p for p in Path(str(root)).rglob("*") if p.is_file() and p.name[0].isupper()]
    kept = [p for p in every if rules["_tz_entry_wanted"](f"tzdata/zoneinfo/{p.relative_to(str(root)).as_posix()}",
                                                          zones)]
    assert len(kept) < len(every) / 2


@pytest.mark.parametrize(("path", "module"), [
    ("lxml/etree.cp312-win_amd64.pyd", "lxml.etree"),
    ("lxml/etree.cpython-311-x86_64-linux-gnu.so", "lxml.etree"),
    ("PySide6/QtCore.pyd", "PySide6.QtCore"),
    ("PySide6/QtCore.abi3.so", "PySide6.QtCore"),
    ("_ssl.pyd", "_ssl"),
    ("cryptography/hazmat/bindings/_rust.abi3.so", "cryptography.hazmat.bindings._rust"),
    ("lxml/etree.pyx", None),
])
def test_module_names_of_windows_and_linux_files(size, path, module):
    assert size.module_of(path) == module


def _wheel(folder: Path, name: str, files: dict[str, bytes]) -> Path:
    path = folder / name
    with zipfile.ZipFile(path, "w") as archive:
        for member, data in files.items():
            archive.writestr(member, data)
    return path


def _bundle(folder: Path) -> Path:
    internal = folder / "ct20" / "_internal"
    for rel, data in {
        "desktop/__init__.pyc": b"\x00" * 1000,
        "resources/fonts/NotoSans-Regular.ttf": b"\x00" * 3000,
        "pkcs11/_pkcs11.cpython-311-x86_64-linux-gnu.so": b"\x7fELF" + b"\x00" * 5000,
        "PySide6/QtCore.abi3.so": b"\x7fELF" + b"\x00" * 7000,
        "python3.11/lib-dynload/_ssl.cpython-311-x86_64-linux-gnu.so": b"\x7fELF" + b"\x00" * 100,
        "libpython3.11.so.1.0": b"\x7fELF" + b"\x00" * 9000,
    }.items():
        (internal / rel).parent.mkdir(parents=True, exist_ok=True)
        (internal / rel).write_bytes(data)
    return folder / "ct20"


def test_the_wheels_are_filtered_as_the_spec_filters_them(size, tmp_path, capsys):
    wheels = tmp_path / "wheels"
    wheels.mkdir()
    _wheel(wheels, "pyside6_essentials-6.12.0-cp310-abi3-win_amd64.whl", {
        "PySide6/QtCore.pyd": b"Q" * 700,
        "PySide6/QtNetwork.pyd": b"N" * 800,  # not imported by the app: not in the bundle
        "PySide6/plugins/platforms/qwindows.dll": b"W" * 900,
        "PySide6/plugins/imageformats/qjpeg.dll": b"J" * 1000,
        "PySide6/opengl32sw.dll": b"O" * 20_000,
        "PySide6/translations/qtbase_vi.qm": b"T" * 50,
        "PySide6/__init__.py": b"# code: counted from the bundle",
        "pyside6_essentials-6.12.0.dist-info/RECORD": b"",
    })
    _wheel(wheels, "python_pkcs11-0.9.5-cp312-cp312-win_amd64.whl", {"pkcs11/_pkcs11.cp312-win_amd64.pyd": b"E" * 600})
    _wheel(wheels, "pillow-13.0.0-cp312-cp312-win_amd64.whl", {  # excluded by the spec (a stand-in of ours)
        "PIL/_imaging.cp312-win_amd64.pyd": b"P" * 600, "PIL/_webp.cp312-win_amd64.pyd": b"X" * 600,
    })
    _wheel(wheels, "tzdata-2026.6-py2.py3-none-any.whl", {
        "tzdata/zones": b"Asia/Bangkok\n", "tzdata/zoneinfo/Asia/Bangkok": b"B" * 30,
        "tzdata/zoneinfo/America/Argentina/Jujuy": b"J" * 30, "tzdata/zoneinfo/tzdata.zi": b"Z" * 300,
    })
    _wheel(wheels, "pyinstaller-6.22.3-py3-none-win_amd64.whl", {
        "PyInstaller/bootloader/Windows-64bit-intel/run.exe": b"R" * 400,
        "PyInstaller/bootloader/Windows-64bit-intel/runw.exe": b"R" * 410,
        "PyInstaller/bootloader/Windows-64bit-intel/run_d.exe": b"D" * 999,
    })
    bundle = _bundle(tmp_path)
    parts = size.estimate(wheels, bundle)
    counted = {dest for part in parts for dest in part.files}
    assert {"PySide6/QtCore.pyd", "PySide6/plugins/platforms/qwindows.dll", "pkcs11/_pkcs11.cp312-win_amd64.pyd",
            "tzdata/zones", "tzdata/zoneinfo/Asia/Bangkok", "run.exe", "runw.exe",
            "desktop/__init__.pyc", "resources/fonts/NotoSans-Regular.ttf"} <= counted
    for left_out in ("PySide6/QtNetwork.pyd", "PySide6/plugins/imageformats/qjpeg.dll", "PySide6/opengl32sw.dll",
                     "PySide6/translations/qtbase_vi.qm", "PIL/_webp.cp312-win_amd64.pyd", "PIL/_imaging.cp312-win_amd64.pyd",
                     "tzdata/zoneinfo/America/Argentina/Jujuy", "tzdata/zoneinfo/tzdata.zi", "run_d.exe",
                     "pkcs11/_pkcs11.cpython-311-x86_64-linux-gnu.so"):
        assert left_out not in counted
    total = sum(part.size for part in parts)
    assert total == 700 + 900 + 600 + 13 + 30 + 400 + 410 + 1000 + 3000 + 9004 + 104  # runtime: Linux's, said so

    assert size.main(["--wheels", str(wheels), "--bundle", str(bundle)]) == 0
    out = capsys.readouterr().out
    assert "Windows folder, estimated from 5 wheels (win_amd64" in out and "goal <= 85 MB: met" in out
    assert "ESTIMATED from the Linux runtime" in out


def test_nothing_is_downloaded_and_a_missing_bundle_is_said(size, tmp_path, capsys):
    assert size.main(["--wheels", str(tmp_path), "--bundle", str(tmp_path / "nowhere")]) == 1
    assert "build the bundle first" in capsys.readouterr().err
    text = (ROOT / "packaging" / "windows_size.py").read_text(encoding="utf-8")
    assert all(word not in text for word in ("urllib", "import http", "requests", "socket"))


def _elf(needed: list[str], size: int = 0) -> bytes:
    """A minimal 64-bit ELF file whose dynamic section needs `needed` (what windows_size reads)."""
    import struct

    strtab = b"\0" + b"".join(name.encode() + b"\0" for name in needed)
    offsets = [strtab.index(name.encode() + b"\0") for name in needed]
    dynamic = b"".join(struct.pack("<qQ", 1, offset) for offset in offsets) + struct.pack("<qQ", 0, 0)
    body_start = 64
    shoff = body_start + len(strtab) + len(dynamic) + size
    header = bytearray(64)
    header[:6] = b"\x7fELF\x02\x01"
    struct.pack_into("<Q", header, 0x28, shoff)
    struct.pack_into("<HH", header, 0x3A, 64, 3)
    sections = struct.pack("<IIQQQQIIQQ", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    sections += struct.pack("<IIQQQQIIQQ", 0, 3, 0, 0, body_start, len(strtab), 0, 0, 1, 0)
    sections += struct.pack("<IIQQQQIIQQ", 0, 6, 0, 0, body_start + len(strtab), len(dynamic), 1, 0, 8, 16)
    return bytes(header) + strtab + dynamic + b"\0" * size + sections


def test_a_module_without_its_windows_wheel_is_estimated_from_linux_and_said(size, tmp_path, capsys):
    wheels = tmp_path / "wheels"
    wheels.mkdir()
    _wheel(wheels, "pyside6_essentials-6.12.0-cp310-abi3-win_amd64.whl", {
        "PySide6/QtCore.pyd": b"Q" * 700, "PySide6/Qt6Network.dll": b"N" * 1800,
    })
    _wheel(wheels, "python_pkcs11-0.9.5-cp312-cp312-win_amd64.whl", {"pkcs11/_pkcs11.cp312-win_amd64.pyd": b"E" * 600})
    bundle = _bundle(tmp_path)
    internal = bundle / "_internal"
    module = _elf(["libpyside6.abi3.so.6.12", "libQt6WebSockets.so.6", "libc.so.6"], size=270)
    library = _elf(["libQt6Network.so.6", "libstdc++.so.6"], size=4500)
    (internal / "PySide6" / "QtWebSockets.abi3.so").write_bytes(module)  # pyside6-addons
    (internal / "PySide6" / "Qt" / "lib").mkdir(parents=True)
    (internal / "PySide6" / "Qt" / "lib" / "libQt6WebSockets.so.6").write_bytes(library)
    (internal / "libQt6WebSockets.so.6").symlink_to("PySide6/Qt/lib/libQt6WebSockets.so.6")
    (internal / "libstdc++.so.6").write_bytes(_elf([], size=2000))  # a system library: not PySide6's
    (internal / "PySide6" / "Qt" / "plugins" / "platforms").mkdir(parents=True)
    (internal / "PySide6" / "Qt" / "plugins" / "platforms" / "libqxcb.so").write_bytes(_elf([], size=90))
    (internal / "python3.11" / "lib-dynload" / "readline.cpython-311-x86_64-linux-gnu.so").write_bytes(
        b"\x7fELF" + b"\x00" * 40)  # Windows' CPython has no readline

    parts = size.estimate(wheels, bundle)
    by_label = {part.label.split(":")[0]: part for part in parts}
    estimated = by_label["ESTIMATED from the Linux bundle"]
    assert estimated.files == {"PySide6/QtWebSockets.abi3.so": len(module),
                               "PySide6/Qt/lib/libQt6WebSockets.so.6": len(library)}
    qt = next(part for part in parts if part.label.startswith("Qt"))
    assert qt.files == {"PySide6/QtCore.pyd": 700, "PySide6/Qt6Network.dll": 1800}  # Windows' own size
    runtime = next(part for part in parts if part.label.startswith("Python runtime"))
    assert not any(name.startswith("readline") for name in runtime.files)

    assert size.main(["--wheels", str(wheels), "--bundle", str(bundle)]) == 0
    out = capsys.readouterr().out
    assert "ESTIMATED from the Linux bundle: extension modules without a win_amd64 wheel" in out
    assert "(PySide6.QtWebSockets)" in out


def test_the_dependencies_of_an_elf_file_are_read(size, tmp_path):
    path = tmp_path / "lib.so"
    path.write_bytes(_elf(["libQt6Gui.so.6", "libc.so.6"], size=10))
    assert size.elf_needed(path) == ["libQt6Gui.so.6", "libc.so.6"]
    path.write_bytes(b"MZ not an ELF file")
    assert size.elf_needed(path) == []
    assert size.windows_dll_name("libQt6WebSockets.so.6") == "qt6websockets.dll"
    assert size.windows_dll_name("libpyside6.abi3.so.6.12") == "pyside6.abi3.dll"
