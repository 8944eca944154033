"""Draw the example site's images with Pillow (run from the repository's top folder).

    python3 tools/example_images.py

Writes content/images/: a courthouse "photo" stored sideways with an EXIF orientation
and carrying GPS, camera and XMP metadata (the build must turn it upright and strip it
all: the tests check), a courtroom sketch, and a chart. Nothing here is a real photo.
"""

from __future__ import annotations

import random
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageOps

OUT = Path("content/images")


def courthouse() -> Image.Image:
    """A federal courthouse at dawn: sky, steps, columns, a flag, some grain."""
    w, h = 2400, 1600
    im = Image.new("RGB", (w, h))
    d = ImageDraw.Draw(im)
    for y in range(h):  # a morning sky, pale toward the horizon
        t = y / h
        d.line([(0, y), (w, y)], fill=(int(90 + 140 * t), int(140 + 90 * t), int(200 + 40 * t)))
    stone, shade = (214, 205, 186), (160, 150, 132)
    d.rectangle((300, 520, 2100, 1250), fill=stone)  # the building
    d.polygon([(250, 520), (1200, 260), (2150, 520)], fill=stone, outline=shade)  # pediment
    d.rectangle((250, 500, 2150, 540), fill=shade)
    for i in range(10):  # columns
        x = 380 + i * 180
        d.rectangle((x, 560, x + 70, 1200), fill=(232, 225, 208), outline=shade, width=3)
    d.rectangle((1110, 900, 1290, 1250), fill=(70, 55, 40))  # doors
    for i in range(8):  # steps
        y = 1250 + i * 30
        d.rectangle((200 - i * 20, y, 2200 + i * 20, y + 30), fill=(190 - i * 5,) * 3)
    d.rectangle((0, 1490, w, h), fill=(90, 95, 90))  # the street
    d.line([(1200, 120), (1200, 260)], fill=(60, 60, 60), width=8)  # flagpole and flag
    d.rectangle((1204, 124, 1330, 200), fill=(178, 34, 52))
    d.text((930, 420), "UNITED STATES COURTHOUSE", fill=(90, 80, 70))
    rng = random.Random(7)
    grain = Image.effect_noise((w, h), 18).convert("RGB")
    im = Image.blend(im, grain, 0.06)
    for _ in range(40):  # people on the steps
        x, y = rng.randrange(300, 2100), rng.randrange(1280, 1460)
        d = ImageDraw.Draw(im)
        d.ellipse((x, y - 60, x + 24, y - 36), fill=(50, 40, 35))
        d.rectangle((x - 4, y - 36, x + 28, y + 20), fill=rng.choice([(30, 40, 70), (80, 30, 30)]))
    return im.filter(ImageFilter.SMOOTH)


def sketch() -> Image.Image:
    """A courtroom sketch: the bench, the witness stand, a witness, pastel strokes."""
    w, h = 1600, 1000
    im = Image.new("RGB", (w, h), (244, 238, 222))  # paper
    d = ImageDraw.Draw(im)
    rng = random.Random(3)
    for _ in range(900):  # the wood panelling, in loose strokes
        x, y = rng.randrange(w), rng.randrange(0, 420)
        end = (x + rng.randrange(20, 80), y + rng.randrange(-4, 4))
        d.line([(x, y), end], fill=(150, 110, 70), width=2)
    d.rectangle((900, 300, 1550, 620), fill=(120, 80, 50), outline=(60, 40, 25), width=6)  # bench
    d.ellipse((1180, 170, 1280, 280), fill=(230, 200, 170), outline=(40, 30, 20), width=4)  # judge
    d.polygon([(1130, 300), (1330, 300), (1300, 260), (1160, 260)], fill=(20, 20, 25))
    d.rectangle((200, 520, 700, 820), fill=(135, 95, 60), outline=(60, 40, 25), width=6)  # stand
    d.ellipse((380, 300, 500, 430), fill=(235, 205, 175), outline=(40, 30, 20), width=4)  # witness
    body = [(330, 440), (550, 440), (600, 560), (290, 560)]
    d.polygon(body, fill=(35, 45, 80), outline=(15, 15, 30))
    d.line([(520, 470), (640, 430)], fill=(35, 45, 80), width=22)  # a raised hand
    for _ in range(300):  # hatching on the floor
        x, y = rng.randrange(w), rng.randrange(820, h)
        d.line([(x, y), (x + 30, y - 12)], fill=(170, 160, 140), width=1)
    d.text((40, 960), "Courtroom sketch, drawn with code", fill=(90, 80, 70))
    return im


def chart() -> Image.Image:
    """Bar chart: the valuations the trial keeps returning to, in billions of dollars."""
    w, h = 1200, 700
    im = Image.new("RGB", (w, h), "white")
    d = ImageDraw.Draw(im)
    bars = [
        ("OpenAI 2019", 1),
        ("OpenAI 2023", 86),
        ("OpenAI 2025", 500),
        ("OpenAI IPO", 800),
        ("xAI IPO", 1750),
    ]
    top, left, bottom = 80, 160, 620
    d.text((left, 30), "Valuations cited at trial (billions of US dollars)", fill="black")
    for tick in range(0, 2001, 500):
        y = bottom - (bottom - top) * tick / 2000
        d.line([(left, y), (w - 40, y)], fill=(220, 220, 220))
        d.text((left - 60, y - 6), f"{tick:,}", fill=(80, 80, 80))
    step = (w - left - 40) / len(bars)
    for i, (label, value) in enumerate(bars):
        x = left + i * step + 20
        y = bottom - (bottom - top) * value / 2000
        d.rectangle((x, y, x + step - 40, bottom), fill=(10, 83, 160))
        d.text((x, bottom + 12), label, fill="black")
        d.text((x, y - 18), f"${value:,}B", fill="black")
    d.line([(left, bottom), (w - 40, bottom)], fill="black", width=2)
    return im


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    # Stored a quarter-turn sideways, as a camera held upright writes it; EXIF says
    # "turn 90° clockwise" (orientation 6) and where the camera was.
    photo = courthouse()
    exif = Image.Exif()
    exif[0x0112] = 6
    exif[0x010F] = "Example Camera Co."
    exif[0x0110] = "Model 7"
    exif[0x0132] = "2026:05:01 07:42:00"
    exif[0x8825] = {1: "N", 2: (37.0, 48.0, 21.0), 3: "W", 4: (122.0, 16.0, 12.0)}
    stored = photo.rotate(90, expand=True)
    xmp = (
        b'<x:xmpmeta xmlns:x="adobe:ns:meta/">'
        b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        b'<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/">'
        b"<dc:creator>Example Photographer</dc:creator>"
        b"</rdf:Description></rdf:RDF></x:xmpmeta>"
    )
    stored.save(OUT / "courthouse.jpg", quality=72, exif=exif.tobytes(), xmp=xmp)
    upright = ImageOps.exif_transpose(Image.open(OUT / "courthouse.jpg"))
    assert upright.size == photo.size, "orientation 6 must turn it back upright"
    sketch().save(OUT / "day5-sketch.jpg", quality=80)
    chart().save(OUT / "valuations-chart.png", optimize=True)


if __name__ == "__main__":
    main()
