"""`PIL.Image` of CT20 Desktop's stand-in for Pillow (see the package's doc): every picture is refused."""

from __future__ import annotations

from typing import Any

from PIL import UnidentifiedImageError

__all__ = ["Image", "UnidentifiedImageError", "new", "open"]


class Image:
    """The type libraries test objects against (`isinstance(x, Image.Image)`); none is ever made."""

    def __init__(self) -> None:
        raise OSError("pictures are not supported in this program")


def open(fp: Any, mode: str = "r", formats: Any = None) -> Image:
    """Refuses every picture, as Pillow does one it cannot identify."""
    name = getattr(fp, "name", fp if isinstance(fp, str) else "picture")
    raise UnidentifiedImageError(f"cannot identify image file {name!r} (pictures are not supported)")


def new(mode: str, size: Any, color: Any = 0) -> Image:
    raise OSError("pictures are not supported in this program")
