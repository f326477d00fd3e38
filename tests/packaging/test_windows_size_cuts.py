"""The Windows estimate drops what the spec drops, by the spec's own rules (not by subtracting
figures): an extension module of a package the spec excludes is not counted even when a Linux
bundle held one of the same name, nor a Qt plugin QT_PLUGINS leaves out."""

from __future__ import annotations

from tests.packaging.test_windows_size import _bundle, _wheel, size  # noqa: F401 - `size` is a fixture


def test_excluded_modules_and_plugins_are_not_counted(size, tmp_path):  # noqa: F811
    wheels = tmp_path / "wheels"
    wheels.mkdir()
    _wheel(wheels, "pyside6_essentials-6.12.0-cp310-abi3-win_amd64.whl", {
        "PySide6/QtCore.pyd": b"Q" * 700,
        "PySide6/plugins/platforms/qwindows.dll": b"W" * 900,
        "PySide6/plugins/platforms/qminimal.dll": b"M" * 500,
        "PySide6/plugins/platforms/qoffscreen.dll": b"O" * 300,
    })
    _wheel(wheels, "charset_normalizer-3.5.3-cp312-cp312-win_amd64.whl", {
        "charset_normalizer/md.cp312-win_amd64.pyd": b"C" * 2000,
    })
    _wheel(wheels, "python_pkcs11-0.9.5-cp312-cp312-win_amd64.whl", {"pkcs11/_pkcs11.cp312-win_amd64.pyd": b"K" * 600})
    _wheel(wheels, "pillow-13.0.0-cp312-cp312-win_amd64.whl", {  # excluded as a whole (a stand-in of ours)
        "PIL/_imaging.cp312-win_amd64.pyd": b"E" * 600, "PIL/_avif.cp312-win_amd64.pyd": b"S" * 600,
        "PIL/_imagingcms.cp312-win_amd64.pyd": b"B" * 600,
    })
    _wheel(wheels, "lxml-6.1.3-cp312-cp312-win_amd64.whl", {  # excluded as a whole
        "lxml/etree.cp312-win_amd64.pyd": b"E" * 600,
    })
    bundle = _bundle(tmp_path)
    internal = bundle / "_internal"
    # as if an older spec had collected them on Linux: the spec's EXCLUDES still decide
    for rel in ("charset_normalizer/md.cpython-311-x86_64-linux-gnu.so", "PIL/_avif.cpython-311-x86_64-linux-gnu.so",
                "PIL/_imagingcms.cpython-311-x86_64-linux-gnu.so", "lxml/etree.cpython-311-x86_64-linux-gnu.so"):
        (internal / rel).parent.mkdir(parents=True, exist_ok=True)
        (internal / rel).write_bytes(b"\x7fELF" + b"\x00" * 10)
    counted = {dest for part in size.estimate(wheels, bundle) for dest in part.files}
    assert {"PySide6/QtCore.pyd", "PySide6/plugins/platforms/qwindows.dll",
            "PySide6/plugins/platforms/qoffscreen.dll", "pkcs11/_pkcs11.cp312-win_amd64.pyd"} <= counted
    for left_out in ("PySide6/plugins/platforms/qminimal.dll", "charset_normalizer/md.cp312-win_amd64.pyd",
                     "PIL/_avif.cp312-win_amd64.pyd", "PIL/_imagingcms.cp312-win_amd64.pyd", "PIL/_imaging.cp312-win_amd64.pyd",
                     "lxml/etree.cp312-win_amd64.pyd"):
        assert left_out not in counted
