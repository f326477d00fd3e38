"""Draw the application icon (`resources/icons/ct20.ico` and `ct20.png`): `python scripts/make_icon.py`.

A green rounded square (environmental protection) with a white report sheet and "20". Drawn, not
downloaded, so its licence is the project's own. The .ico carries the sizes Windows asks for.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "resources" / "icons"
SIZES = [16, 20, 24, 32, 40, 48, 64, 128, 256]
GREEN = (22, 122, 74, 255)
PAPER = (255, 255, 255, 255)


def draw(size: int = 256) -> Image.Image:
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    s = size / 256
    pen.rounded_rectangle((8 * s, 8 * s, 248 * s, 248 * s), radius=44 * s, fill=GREEN)
    pen.rounded_rectangle((64 * s, 40 * s, 192 * s, 216 * s), radius=10 * s, fill=PAPER)
    for y in (72, 96, 120):
        pen.rectangle((84 * s, y * s, 172 * s, (y + 8) * s), fill=GREEN)
    font_path = ROOT / "resources" / "fonts" / "NotoSans-Regular.ttf"
    font = ImageFont.truetype(str(font_path), int(64 * s))
    pen.text((128 * s, 176 * s), "20", font=font, fill=GREEN, anchor="mm")
    return image


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    big = draw(256)
    big.save(OUT / "ct20.png")
    big.save(OUT / "ct20.ico", sizes=[(n, n) for n in SIZES])
    print(f"wrote {OUT / 'ct20.ico'} and {OUT / 'ct20.png'}")


if __name__ == "__main__":
    main()
