"""Draw the sample dossier's images: schematic maps, a chart and placeholder portraits.

Run from the repository root: ``python scripts/make_sample_images.py``. The
drawings use only Pillow and its built-in font, so the same Pillow version
gives the same files. They are schematic: borders and coasts are rough.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

OUT = Path(__file__).resolve().parent.parent / "content" / "static" / "images"
LAND, WATER, BORDER, INK, ACCENT, MUTED = "#efe9dc", "#b9d3e6", "#8a7f6b", "#1b1b1f", "#a4161a", "#6b6b73"
# Map frame: longitude 38–60 °E, latitude 28–39 °N, drawn at 72 px per degree.
WEST, NORTH, SCALE = 38.0, 39.0, 72
CITIES = {
    "Baghdad": (44.36, 33.31),
    "Tehran": (51.39, 35.69),
    "Kirkuk": (44.39, 35.47),
    "Erbil": (44.01, 36.19),
    "Ain al-Asad": (42.44, 33.80),
    "Kerman": (57.08, 30.28),
}
IRAQ_IRAN_BORDER = [
    (44.8, 37.3), (45.5, 36.0), (46.0, 35.1), (45.4, 34.0), (46.1, 33.2),
    (47.4, 32.4), (47.9, 31.0), (48.0, 30.5), (48.6, 29.9),
]  # fmt: skip
GULF = [
    (48.0, 30.0), (48.9, 30.0), (49.6, 29.9), (50.3, 29.3), (50.9, 28.6),
    (51.3, 28.0), (48.6, 28.0), (48.4, 28.6), (48.0, 29.4),
]  # fmt: skip
CASPIAN = [
    (49.0, 39.0),
    (49.0, 38.0),
    (49.5, 37.4),
    (50.4, 37.1),
    (51.5, 36.8),
    (53.0, 36.85),
    (54.0, 37.3),
    (54.0, 39.0),
]
COUNTRIES = {"IRAQ": (42.6, 32.6), "IRAN": (53.5, 33.2), "SYRIA": (38.6, 35.8), "SAUDI ARABIA": (41.0, 29.2)}


def font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size=size)


def xy(lon: float, lat: float) -> tuple[float, float]:
    return (lon - WEST) * SCALE, (NORTH - lat) * SCALE


def base_map() -> tuple[Image.Image, ImageDraw.ImageDraw]:
    image = Image.new("RGB", (int(22 * SCALE), int(11 * SCALE)), LAND)
    draw = ImageDraw.Draw(image)
    draw.polygon([xy(*p) for p in GULF], fill=WATER)
    draw.polygon([xy(*p) for p in CASPIAN], fill=WATER)
    draw.line([xy(*p) for p in IRAQ_IRAN_BORDER], fill=BORDER, width=4, joint="curve")
    for name, place in COUNTRIES.items():
        draw.text(xy(*place), name, fill=MUTED, font=font(34), anchor="mm")
    draw.text(xy(49.6, 28.6), "Persian Gulf", fill="#4b6f8c", font=font(24), anchor="mm")
    draw.text(xy(51.5, 38.0), "Caspian Sea", fill="#4b6f8c", font=font(24), anchor="mm")
    return image, draw


def city(draw: ImageDraw.ImageDraw, name: str, colour: str = INK, below: bool = False) -> None:
    """A dot and a name: to the right, or below for places close to another one."""
    x, y = xy(*CITIES[name])
    draw.ellipse((x - 9, y - 9, x + 9, y + 9), fill=colour, outline="white", width=3)
    if below:
        draw.text((x, y + 36), name, fill=colour, font=font(30), anchor="mm")
    else:
        draw.text((x + 16, y - 4), name, fill=colour, font=font(30), anchor="lm")


def legend(draw: ImageDraw.ImageDraw, image: Image.Image, text: str) -> None:
    draw.rectangle((0, image.height - 56, image.width, image.height), fill="#1b1b1f")
    draw.text((24, image.height - 28), text, fill="white", font=font(26), anchor="lm")


def region_map() -> Image.Image:
    image, draw = base_map()
    for name in CITIES:
        city(draw, name, below=name in ("Kirkuk", "Ain al-Asad"))
    legend(draw, image, "Iraq and Iran: places in this dossier (schematic)")
    return image


def strikes_map() -> Image.Image:
    image, draw = base_map()
    launch = xy(47.06, 34.31)  # western Iran, near Kermanshah
    draw.ellipse((launch[0] - 12, launch[1] - 12, launch[0] + 12, launch[1] + 12), outline=ACCENT, width=5)
    draw.text((launch[0] + 18, launch[1] + 20), "launch area", fill=ACCENT, font=font(26), anchor="lm")
    for target in ("Ain al-Asad", "Erbil"):
        end = xy(*CITIES[target])
        draw.line([launch, end], fill=ACCENT, width=6)
        draw.ellipse((end[0] - 16, end[1] - 16, end[0] + 16, end[1] + 16), outline=ACCENT, width=5)
    for name in ("Ain al-Asad", "Erbil", "Baghdad"):
        city(draw, name, ACCENT if name != "Baghdad" else INK, below=name == "Ain al-Asad")
    legend(draw, image, "8 January 2020: Iranian missiles aimed at Ain al-Asad and Erbil (schematic)")
    return image


def injuries_chart() -> Image.Image:
    """Reported US troop injuries after the missile strike, by the date each count was given."""
    counts = [("8 Jan", 0), ("16 Jan", 11), ("24 Jan", 34), ("28 Jan", 50), ("30 Jan", 64), ("10 Feb", 109)]
    image = Image.new("RGB", (1400, 800), "white")
    draw = ImageDraw.Draw(image)
    left, bottom, top, right = 120, 680, 120, 1340
    draw.text(
        (left, 50), "Reported US troop injuries after the strike on Ain al-Asad", fill=INK, font=font(36)
    )
    for value in range(0, 121, 20):
        y = bottom - (bottom - top) * value / 120
        draw.line((left, y, right, y), fill="#e4e0d8", width=2)
        draw.text((left - 16, y), str(value), fill=MUTED, font=font(24), anchor="rm")
    step = (right - left) / len(counts)
    for n, (label, value) in enumerate(counts):
        x0 = left + n * step + step * 0.2
        x1 = left + (n + 1) * step - step * 0.2
        y = bottom - (bottom - top) * value / 120
        draw.rectangle((x0, y, x1, bottom), fill=ACCENT)
        draw.text(((x0 + x1) / 2, y - 14), str(value), fill=INK, font=font(28), anchor="ms")
        draw.text(((x0 + x1) / 2, bottom + 34), label, fill=INK, font=font(26), anchor="mm")
    draw.line((left, bottom, right, bottom), fill=INK, width=3)
    draw.text((left, 750), "Counts as the Pentagon gave them, 2020", fill=MUTED, font=font(22))
    return image


def portrait(initials: str, hue: tuple[int, int, int]) -> Image.Image:
    """A placeholder portrait: initials in a circle on a soft vertical gradient."""
    size = 800
    image = Image.new("RGB", (size, size))
    draw = ImageDraw.Draw(image)
    for y in range(size):
        t = y / size
        draw.line((0, y, size, y), fill=tuple(int(c * (0.55 + 0.35 * t)) for c in hue))
    draw.ellipse((150, 150, 650, 650), fill="#f7f3ea", outline="white", width=10)
    draw.text((400, 410), initials, fill=hue, font=font(220), anchor="mm")
    return image


IMAGES = {
    "region-map.png": region_map,
    "missile-strikes-map.png": strikes_map,
    "troop-injuries-chart.png": injuries_chart,
    "portrait-qassem-soleimani.jpg": lambda: portrait("QS", (96, 110, 74)),
    "portrait-donald-trump.jpg": lambda: portrait("DT", (70, 96, 150)),
    "portrait-ali-khamenei.jpg": lambda: portrait("AK", (120, 84, 70)),
}


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, draw in IMAGES.items():
        image = draw()
        path = OUT / name
        if name.endswith(".png"):
            image.save(path, optimize=True)
        else:
            image.save(path, quality=85, optimize=True)
        print(
            f"{path.relative_to(OUT.parent.parent.parent)}: {image.width}×{image.height}, {path.stat().st_size // 1024} KB"
        )


if __name__ == "__main__":
    main()
