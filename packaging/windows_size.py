"""The Windows folder's size, estimated on any system from the win_amd64 wheels (issue 16).

    python packaging/windows_size.py --wheels DIR [--bundle dist/ct20] [--python-zip FILE]

Nothing is downloaded here. DIR holds the win_amd64 wheels of the dependencies with compiled
parts (and the Windows-only ones, tzdata and pywin32-ctypes), fetched beforehand with pip, e.g.
`pip download --no-deps --only-binary=:all: --platform win_amd64 --python-version 3.12 -d DIR
pyside6-essentials==6.12.0 ...` (packaging/README.md lists them). The estimate is the sum of:

1. the Python code and data of the Linux bundle built by build.py (`--bundle`): the same .pyc
   and data files land in the Windows folder, only the compiled files differ;
2. the compiled files of the wheels, kept as packaging/ct20.spec keeps them: an extension module
   when the Linux bundle holds the same module, Qt plugins by QT_PLUGINS, no Qt translations, no
   UNUSED_LIBRARIES, and every other DLL only when a kept file links to it (read from the PE
   import tables, as PyInstaller's own pruning does); the spec's own filter functions are used;
3. what only Windows carries: the tzdata package trimmed as the spec trims it, pywin32-ctypes;
4. CPython's Windows runtime (python3XY.dll, its extension modules and DLLs), from the
   embeddable Python zip given with `--python-zip`, or, without it, the size of the Linux
   runtime's counterparts (without the modules Windows has no counterpart of), said as such;
5. the two launchers: PyInstaller's Windows bootloaders from its wheel;
6. an extension module of the bundle whose win_amd64 wheel is not in DIR (e.g. a PySide6 module
   of the pyside6-addons wheel) is never silently left out: its Linux file and the Linux libraries
   of its own package it links to are counted as an ESTIMATE, named in the output, while the
   libraries it links to that a wheel of DIR has (Qt6Network.dll ...) are counted with their
   Windows size.
"""

from __future__ import annotations

import argparse
import ast
import re
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "packaging" / "ct20.spec"
BUNDLE = ROOT / "dist" / "ct20"
GOAL_MB = 85.0
ELF_MAGIC = b"\x7fELF"
WINDOWS_ONLY = ("tzdata", "pywin32_ctypes", "win32ctypes")
# Pure-Python packages the Linux bundle carries for Linux only (keyring's Secret Service backend)
LINUX_ONLY = ("jeepney", "secretstorage")
# CPython's own libraries in the Linux bundle (not the copies other packages bring, named with a hash)
LINUX_RUNTIME = re.compile(r"^lib(python3\.\d+|ssl|crypto|sqlite3|ffi|expat|z|bz2|lzma)\.so")
BINARY = (".pyd", ".dll")
WINDOWS_EXTENSIONS = {"_overlapped", "_wmi"}  # asyncio's proactor loop, platform's WMI queries
# CPython extension modules of the Linux runtime that Windows' CPython does not have (POSIX only)
POSIX_ONLY = {"readline", "termios", "fcntl", "grp", "resource", "_posixsubprocess", "_posixshmem", "syslog",
              "_curses", "_curses_panel", "_dbm", "_gdbm", "_crypt", "nis", "spwd", "ossaudiodev"}


def spec_rules(spec: Path = SPEC) -> dict[str, Any]:
    """The spec's filter constants and functions (run from its own source, so they cannot drift)."""
    tree = ast.parse(spec.read_text(encoding="utf-8"), filename=str(spec))
    source = spec.read_text(encoding="utf-8")
    names = {"EXCLUDES", "QT_PLUGINS", "UNUSED_LIBRARIES", "TZ_EXTRA_ZONES", "TZ_INDEX_FILES"}
    functions = {"_qt_entry_wanted", "_tz_entry_wanted", "_tz_zones"}
    namespace: dict[str, Any] = {"Path": Path}
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) in names for t in node.targets):
            exec(compile(ast.Module([node], []), str(spec), "exec"), namespace)  # our own spec's source
        elif isinstance(node, ast.FunctionDef) and node.name in functions:
            exec(ast.get_source_segment(source, node) or "", namespace)
    missing = (names | functions) - namespace.keys()
    if missing:
        raise SystemExit(f"ct20.spec no longer defines {sorted(missing)}")
    return namespace


def module_of(path: str) -> str | None:
    """`lxml/etree.cp312-win_amd64.pyd` or `lxml/etree.cpython-311-x86_64-linux-gnu.so` -> `lxml.etree`."""
    match = re.match(r"^(.+?)\.(?:cp\d+-win_amd64|cpython-\d+-[^.]+|abi3|cp\d+|pypy[^.]*)?\.?(?:pyd|so)$", path)
    if not match:
        return None
    return match.group(1).replace("/", ".")


def excluded(module: str, excludes: list[str]) -> bool:
    return any(module == name or module.startswith(name + ".") for name in excludes)


@dataclass
class Part:
    label: str
    files: dict[str, int] = field(default_factory=dict)  # destination: bytes

    @property
    def size(self) -> int:
        return sum(self.files.values())


def bundle_code_and_data(bundle: Path) -> tuple[Part, set[str]]:
    """(the bundle's platform-independent files, the dotted names of its extension modules)."""
    part = Part("Python code and data (from the Linux bundle; the same files on Windows)")
    extensions: set[str] = set()  # every extension module, CPython's own (lib-dynload) too
    internal = bundle / "_internal"
    for path in sorted(internal.rglob("*")):
        if path.is_symlink() or not path.is_file():
            continue
        rel = path.relative_to(internal).as_posix()
        if rel.split("/")[0].split("-")[0].lower() in LINUX_ONLY:
            continue
        with path.open("rb") as handle:
            elf = handle.read(4) == ELF_MAGIC
        if elf:
            # a Python extension module (not a Qt plugin such as platforms/libqxcb.so)
            tagged = re.search(r"\.(cpython-\d+[^.]*|abi3)\.so$", rel)
            name = module_of(rel.split("lib-dynload/")[-1]) if tagged else None
            if name:
                extensions.add(name)
            continue
        part.files[rel] = path.stat().st_size
    return part, extensions


def pe_imports(data: bytes) -> set[str]:
    """The DLL names a PE file imports (lower case); none for a file pefile cannot read."""
    import pefile  # a build-time tool (PyInstaller itself uses it on Windows)

    try:
        pe = pefile.PE(data=data, fast_load=True)
        pe.parse_data_directories(directories=[pefile.DIRECTORY_ENTRY["IMAGE_DIRECTORY_ENTRY_IMPORT"],
                                               pefile.DIRECTORY_ENTRY["IMAGE_DIRECTORY_ENTRY_DELAY_IMPORT"]])
    except pefile.PEFormatError:
        return set()
    names = set()
    for attr in ("DIRECTORY_ENTRY_IMPORT", "DIRECTORY_ENTRY_DELAY_IMPORT"):
        for entry in getattr(pe, attr, []):
            names.add(entry.dll.decode("ascii", "replace").lower())
    return names


def elf_needed(path: Path) -> list[str]:
    """The DT_NEEDED names of a 64-bit little-endian ELF file (none for anything else)."""
    import struct

    data = path.read_bytes()
    if data[:4] != ELF_MAGIC or data[4] != 2 or data[5] != 1:
        return []
    shoff, = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum = struct.unpack_from("<HH", data, 0x3A)
    sections = [struct.unpack_from("<IIQQQQIIQQ", data, shoff + i * shentsize) for i in range(shnum)]
    names = []
    for _name, kind, _flags, _addr, offset, size, link, _info, _align, entsize in sections:
        if kind != 6 or not entsize:  # SHT_DYNAMIC
            continue
        strtab = sections[link][4]
        for pos in range(offset, offset + size, entsize):
            tag, value = struct.unpack_from("<qQ", data, pos)
            if tag == 1:  # DT_NEEDED
                end = data.index(b"\0", strtab + value)
                names.append(data[strtab + value:end].decode("ascii", "replace"))
    return names


def windows_dll_name(linux_name: str) -> str:
    """`libQt6Svg.so.6` -> `qt6svg.dll`, `libpyside6.abi3.so.6.12` -> `pyside6.abi3.dll`."""
    return linux_name.removeprefix("lib").split(".so")[0].lower() + ".dll"


def missing_wheel_part(bundle: Path, modules: set[str], windows_dlls: set[str]) -> tuple[Part, set[str]]:
    """(the Linux files of `modules` and of the libraries of their own package they link to, as an
    estimate; the Windows DLL names they link to that the wheels have, to be counted from there)."""
    part = Part("ESTIMATED from the Linux bundle: extension modules without a win_amd64 wheel in the "
                f"wheel folder ({', '.join(sorted(modules)) or 'none'})")
    internal = bundle / "_internal"
    by_name = {p.name: p for p in internal.rglob("*.so*") if p.is_file()}
    wanted: set[str] = set()
    todo = [p for p in internal.rglob("*.so") if not p.is_symlink()
            and module_of(p.relative_to(internal).as_posix()) in modules]
    seen: set[Path] = set()
    while todo:
        path = todo.pop()
        real = path.resolve()
        if real in seen:
            continue
        seen.add(real)
        rel = real.relative_to(internal.resolve()).as_posix()
        part.files[rel] = real.stat().st_size
        top = rel.split("/")[0]
        for needed in elf_needed(real):
            if windows_dll_name(needed) in windows_dlls:
                wanted.add(windows_dll_name(needed))
            elif needed in by_name and by_name[needed].resolve().relative_to(internal.resolve()).parts[0] == top:
                todo.append(by_name[needed])  # e.g. PySide6/Qt/lib/libQt6Svg.so.6 (system libraries: not ours)
    return part, wanted


def wheel_parts(wheels: list[Path], rules: dict[str, Any], extensions: set[str],
                bundle: Path | None = None) -> list[Part]:
    """The compiled files of the wheels the spec keeps, and the Windows-only packages."""
    qt_wanted, tz_wanted, zones = rules["_qt_entry_wanted"], rules["_tz_entry_wanted"], rules["_tz_zones"]()
    unused = {name.lower() for name in rules["UNUSED_LIBRARIES"]}
    excludes = list(rules["EXCLUDES"])
    binaries: dict[str, tuple[int, set[str], str]] = {}  # dest: (bytes, imports, package)
    roots: set[str] = set()
    found: set[str] = set()  # the bundle's extension modules a wheel has
    windows_only = Part("only on Windows (tzdata trimmed as the spec trims it, pywin32-ctypes)")
    launchers = Part("launchers ct20.exe and ct20-cli.exe (PyInstaller's Windows bootloaders)")
    for wheel in wheels:
        package = wheel.name.split("-")[0].lower()
        with zipfile.ZipFile(wheel) as archive:
            for info in archive.infolist():
                name = info.filename
                if info.is_dir() or ".dist-info/" in name:
                    continue
                top = PurePosixPath(name).parts[0]
                if top in WINDOWS_ONLY:
                    if not name.endswith(BINARY) and tz_wanted(name, zones):
                        windows_only.files[name] = info.file_size
                    continue
                if package == "pyinstaller":
                    if re.search(r"bootloader/Windows-64bit-intel/runw?\.exe$", name):
                        launchers.files[PurePosixPath(name).name] = info.file_size
                    continue
                if not name.lower().endswith(BINARY):
                    continue  # code and data: counted from the bundle
                module = module_of(name)
                if module is not None and name.endswith(".pyd"):
                    if module not in extensions or excluded(module, excludes):
                        continue
                    found.add(module)
                    roots.add(name)
                if not qt_wanted(name) or PurePosixPath(name).name.lower() in unused:
                    continue
                if "plugins" in PurePosixPath(name).parts:
                    roots.add(name)
                binaries[name] = (info.file_size, pe_imports(archive.read(info)), package)
    by_name = {PurePosixPath(dest).name.lower(): dest for dest in binaries}
    estimated = Part("ESTIMATED from the Linux bundle: extension modules without a win_amd64 wheel (none)")
    if bundle is not None:
        missing = {m for m in extensions - found if not _is_cpython_module(bundle, m)}
        if missing:
            estimated, linked = missing_wheel_part(bundle, missing, set(by_name))
            roots |= {by_name[name] for name in linked}
    keep: set[str] = set()
    todo = [dest for dest in roots if dest in binaries]
    while todo:
        dest = todo.pop()
        if dest in keep:
            continue
        keep.add(dest)
        todo.extend(by_name[n] for n in binaries[dest][1] if n in by_name)
    qt = Part("Qt (PySide6, shiboken6): modules, kept plugins, the libraries they link to")
    others = Part("other compiled packages (cryptography, pkcs11, rpds, aiohttp ...)")
    for dest in sorted(keep):
        size, _imports, package = binaries[dest]
        (qt if package in ("pyside6_essentials", "shiboken6") else others).files[dest] = size
    return [qt, others, *([estimated] if estimated.files else []), windows_only, launchers]


def _is_cpython_module(bundle: Path, module: str) -> bool:
    """True for an extension module of CPython itself (lib-dynload), counted with the runtime."""
    return any((bundle / "_internal").glob(f"python3.*/lib-dynload/{module}.*"))


def python_runtime(python_zip: Path | None, bundle: Path, extensions: set[str]) -> Part:
    """CPython's Windows DLLs and extension modules the bundle needs."""
    if python_zip is None:
        part = Part("Python runtime (ESTIMATED from the Linux runtime: give --python-zip for Windows' own)")
        internal = bundle / "_internal"
        for path in internal.iterdir():
            if LINUX_RUNTIME.match(path.name):
                part.files[path.name] = path.stat().st_size
        for path in (internal / next(internal.glob("python3.*")).name / "lib-dynload").glob("*.so"):
            if module_of(path.name) not in POSIX_ONLY:
                part.files[path.name] = path.stat().st_size
        return part
    part = Part(f"Python runtime ({python_zip.name})")
    with zipfile.ZipFile(python_zip) as archive:
        for info in archive.infolist():
            name = info.filename
            # every DLL: python3XY.dll, python3.dll (abi3 modules), OpenSSL, SQLite, libffi ...
            needed = name.endswith(".pyd") and (module_of(name) or "") in extensions | WINDOWS_EXTENSIONS
            if name.endswith(".dll") or needed:
                part.files[name] = info.file_size
    return part


def estimate(wheels_dir: Path, bundle: Path = BUNDLE, python_zip: Path | None = None) -> list[Part]:
    wheels = sorted(wheels_dir.glob("*win_amd64.whl")) + sorted(
        w for w in wheels_dir.glob("*-none-any.whl") if w.name.split("-")[0].lower() in
        ("tzdata", "pywin32_ctypes"))
    if not wheels:
        raise SystemExit(f"{wheels_dir}: no win_amd64 wheels (see this script's doc)")
    rules = spec_rules()
    code, extensions = bundle_code_and_data(bundle)
    parts = [code, *wheel_parts(wheels, rules, extensions, bundle)]
    parts.append(python_runtime(python_zip, bundle, extensions))
    return parts


def report(parts: list[Part], wheels: int) -> str:
    total = sum(p.size for p in parts)
    files = sum(len(p.files) for p in parts)
    lines = [f"Windows folder, estimated from {wheels} wheels (win_amd64 and Windows-only): {total / 1e6:.1f} MB "
             f"({total / 2**20:.1f} MiB), {files} files; goal <= {GOAL_MB:.0f} MB: "
             f"{'met' if total / 1e6 <= GOAL_MB else 'NOT met'}"]
    for part in parts:
        lines.append(f"  {part.size / 1e6:6.1f} MB {len(part.files):5d} files  {part.label}")
    biggest = sorted(((size, dest) for p in parts for dest, size in p.files.items()), reverse=True)[:12]
    lines.append("  largest files:")
    lines += [f"    {size / 1e6:5.1f} MB  {dest}" for size, dest in biggest]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wheels", type=Path, required=True, help="folder of the win_amd64 wheels")
    parser.add_argument("--bundle", type=Path, default=BUNDLE, help="the Linux bundle built by build.py")
    parser.add_argument("--python-zip", type=Path, help="CPython's embeddable zip for Windows (amd64)")
    args = parser.parse_args(argv)
    if not (args.bundle / "_internal").is_dir():
        print(f"{args.bundle}: build the bundle first (python packaging/build.py)", file=sys.stderr)
        return 1
    parts = estimate(args.wheels, args.bundle, args.python_zip)
    print(report(parts, len(list(args.wheels.glob("*.whl")))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
