"""Images at scale: a site of N photos of 3000x2000 px, one a story's lead image each.

    nice python3 bench/images_bench.py [--photos 200] [--jobs N]

Makes the site once under bench/out/images/ (photos drawn with Pillow, each different,
each with EXIF orientation and GPS tags like a camera's), then measures with
`sitegen build --no-search`:

- a clean build (no output, no cache): wall time, CPU time, and peak memory (the
  largest resident set of any one process of the build: the parent or a worker);
- a build with nothing changed;
- a build after one new story with one new photo: only that photo is processed (the
  count comes from the build's own report, SITEGEN_TIMINGS).

It is CPU-heavy (every photo is decoded once and written as 9 files): run it alone,
with `nice`, on a quiet machine, and read the figures as one sample.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "bench" / "out" / "images"
SIZE = (3000, 2000)

WRAPPER = (
    "import resource, subprocess, sys, time\n"
    "t = time.perf_counter()\n"
    "r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)\n"
    "t = time.perf_counter() - t\n"
    "u = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "sys.stderr.buffer.write(r.stderr)\n"
    "print(r.returncode, t, u.ru_maxrss, u.ru_utime + u.ru_stime)\n"
)


def draw(seed: int) -> Image.Image:
    """A 'photo': a sky-to-ground gradient, buildings and people, different per seed."""
    rng = random.Random(seed)
    top = tuple(rng.randrange(60, 200) for _ in range(3))
    bottom = tuple(rng.randrange(20, 120) for _ in range(3))
    gradient = Image.linear_gradient("L").resize(SIZE)
    im = Image.composite(Image.new("RGB", SIZE, bottom), Image.new("RGB", SIZE, top), gradient)
    d = ImageDraw.Draw(im)
    for _ in range(60):
        x, y = rng.randrange(SIZE[0]), rng.randrange(SIZE[1] // 3, SIZE[1])
        w, h = rng.randrange(80, 600), rng.randrange(80, 900)
        d.rectangle((x, y - h, x + w, y), fill=tuple(rng.randrange(256) for _ in range(3)))
    for _ in range(200):
        x, y = rng.randrange(SIZE[0]), rng.randrange(SIZE[1] // 2, SIZE[1])
        d.ellipse((x, y, x + 30, y + 30), fill=tuple(rng.randrange(256) for _ in range(3)))
    return im


def save_photo(path: Path, seed: int) -> None:
    exif = Image.Exif()
    exif[0x0112] = 1
    exif[0x010F] = "Bench Camera"
    exif[0x8825] = {1: "N", 2: (37.0, 48.0, float(seed % 60)), 3: "W", 4: (122.0, 16.0, 0.0)}
    draw(seed).save(path, quality=85, exif=exif.tobytes())


def story(i: int) -> str:
    return textwrap.dedent(
        f"""\
        ---
        title: Day {i} at the courthouse
        date: 2026-0{1 + i % 8}-{1 + i % 28:02d}T09:{i % 60:02d}:00
        section: news
        summary: What happened on day {i}.
        image:
          src: images/photo-{i:04d}.jpg
          alt: The courthouse on day {i}
          credit: Bench Photographer
        ---
        The court heard from witness {i}. The jury listened.
        """
    )


def make_site(photos: int) -> None:
    images = SITE / "content" / "images"
    articles = SITE / "content" / "articles"
    images.mkdir(parents=True, exist_ok=True)
    articles.mkdir(parents=True, exist_ok=True)
    (SITE / "site.yaml").write_text(
        "title: Image bench\nbase_url: https://example.org/\nsections:\n  news: {title: News}\n"
    )
    for i in range(photos):
        photo = images / f"photo-{i:04d}.jpg"
        if not photo.exists():
            save_photo(photo, i)
        (articles / f"day-{i:04d}.md").write_text(story(i))
    extra = images / f"photo-{photos:04d}.jpg"  # the one added later
    extra.unlink(missing_ok=True)
    (articles / f"day-{photos:04d}.md").unlink(missing_ok=True)


def build(jobs: int | None) -> dict[str, float]:
    command = [sys.executable, "-m", "sitegen", "build", "--site", str(SITE), "--no-search"]
    if jobs:
        command += ["--jobs", str(jobs)]
    env = {"SITEGEN_TIMINGS": "1", "PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-c", WRAPPER, *command], capture_output=True, text=True, env=env
    )
    code, seconds, rss_kb, cpu = done.stdout.split()
    if code != "0":
        raise SystemExit(f"build failed:\n{done.stderr[-3000:]}")
    processed = re.search(r"images: (\d+) processed", done.stderr)
    return {
        "seconds": float(seconds),
        "cpu": float(cpu),
        "peak_mb": int(rss_kb) / 1024,
        "processed": float(processed.group(1)) if processed else 0.0,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=200)
    parser.add_argument("--jobs", type=int, default=None)
    args = parser.parse_args()
    started = time.perf_counter()
    make_site(args.photos)
    made = time.perf_counter() - started
    print(f"site: {args.photos} photos of {SIZE[0]}x{SIZE[1]} ({made:.0f} s to make)")
    for name in ("public", ".sitegen-cache"):
        shutil.rmtree(SITE / name, ignore_errors=True)
    rows = [("clean build", build(args.jobs)), ("nothing changed", build(args.jobs))]
    save_photo(SITE / "content/images" / f"photo-{args.photos:04d}.jpg", args.photos)
    (SITE / "content/articles" / f"day-{args.photos:04d}.md").write_text(story(args.photos))
    rows.append(("one new photo", build(args.jobs)))
    print(f"{'build':<18}{'wall s':>8}{'CPU s':>8}{'peak MB':>9}{'processed':>11}")
    for name, m in rows:
        print(
            f"{name:<18}{m['seconds']:>8.2f}{m['cpu']:>8.1f}{m['peak_mb']:>9.0f}"
            f"{int(m['processed']):>11}"
        )


if __name__ == "__main__":
    main()
