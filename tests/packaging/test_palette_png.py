"""The user guide's screenshots are bundled as 256-colour copies (packaging/ct20.spec, PALETTE_PNG):
each copy is the same picture to the eye (same size, every pixel within a few levels of the
original on average), Qt (which shows the guide) reads it, and it is much smaller."""

from __future__ import annotations

import ast
import shutil
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageChops

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "packaging" / "ct20.spec"


def _spec_function(name: str) -> Any:
    source = SPEC.read_text(encoding="utf-8")
    node = next(n for n in ast.parse(source).body if isinstance(n, ast.FunctionDef) and n.name == name)
    namespace: dict[str, Any] = {"Path": Path, "shutil": shutil}
    exec(ast.get_source_segment(source, node) or "", namespace)  # our own spec's source
    return namespace[name]


def _constant(name: str) -> Any:
    tree = ast.parse(SPEC.read_text(encoding="utf-8"))
    node = next(n for n in tree.body if isinstance(n, ast.Assign) and getattr(n.targets[0], "id", None) == name)
    return ast.literal_eval(node.value)


def _bundled_pictures() -> list[Path]:
    folders = set(_constant("PALETTE_PNG"))
    return sorted(p for folder, pattern in _constant("RESOURCES") if folder in folders
                  for p in (ROOT / folder).glob(pattern) if p.suffix == ".png")


def test_the_palette_folders_are_bundled_pictures():
    assert _bundled_pictures(), "PALETTE_PNG names no folder of RESOURCES with pictures"


@pytest.mark.parametrize("picture", _bundled_pictures(), ids=lambda p: p.name)
def test_a_palette_copy_looks_the_same_and_is_smaller(picture, tmp_path):
    copy = _spec_function("palette_png")(picture, tmp_path / "sub" / picture.name)
    with Image.open(picture) as original, Image.open(copy) as small:
        assert small.mode == "P" and small.size == original.size
        difference = ImageChops.difference(original.convert("RGB"), small.convert("RGB")).convert("L")
        levels = difference.histogram()
        mean = sum(level * count for level, count in enumerate(levels)) / sum(levels)
        assert mean < 0.1, f"{picture.name}: on average {mean:.2f} levels off"
        far = sum(levels[24:]) / sum(levels)  # pixels more than 24 of 255 levels off
        assert far < 0.0002, f"{picture.name}: {far:.2%} of the pixels visibly changed"
    assert copy.stat().st_size < 0.7 * picture.stat().st_size


def test_qt_reads_a_palette_copy(tmp_path):
    from PySide6.QtGui import QImage

    picture = _bundled_pictures()[0]
    copy = _spec_function("palette_png")(picture, tmp_path / picture.name)
    image = QImage(str(copy))
    assert not image.isNull()
    with Image.open(picture) as original:
        assert (image.width(), image.height()) == original.size
        x, y = original.size[0] // 2, original.size[1] // 2
        red, green, blue = original.convert("RGB").getpixel((x, y))
    shown = image.pixelColor(x, y)
    assert max(abs(shown.red() - red), abs(shown.green() - green), abs(shown.blue() - blue)) <= 24


def test_a_picture_with_transparency_is_copied_as_it_is(tmp_path):
    source = tmp_path / "icon.png"
    Image.new("RGBA", (4, 4), (10, 20, 30, 128)).save(source)
    copy = _spec_function("palette_png")(source, tmp_path / "out" / "icon.png")
    assert copy.read_bytes() == source.read_bytes()
