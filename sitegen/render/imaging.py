"""One image file processed with Pillow: upright, sRGB, no metadata, at each width.

`process` reads a source file and writes its published copies into a folder, each
named by its content, and returns what it wrote as a `Picture`. Every copy is made
from pixels alone: EXIF (camera, dates, GPS), XMP, IPTC and colour profiles are never
passed on. The source's size is checked before a pixel is decoded, so an image that
declares enormous dimensions (a decompression bomb) is refused at no cost.
"""

from __future__ import annotations

import hashlib
import io
import math
import os
import warnings
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from sitegen.model.images import CARD, WIDTHS, Picture, Variant
from sitegen.shared.slugs import slugify

# Formats an editor's image may come in; anything else Pillow could open (EPS through
# Ghostscript, say) is refused rather than handed to a decoder nobody meant to run.
FORMATS = ("JPEG", "PNG", "WEBP", "GIF", "TIFF")
# The most pixels a source may declare: 100 megapixels is more than any newsroom
# camera makes, and decoding it takes some 400 MB.
MAX_PIXELS = 100_000_000
WEBP_QUALITY = 80
JPEG_QUALITY = 82
# Bump when the files made from the same source and settings change.
VERSION = 1
SETTINGS = (VERSION, WIDTHS, CARD, WEBP_QUALITY, JPEG_QUALITY, MAX_PIXELS, Image.__version__)

_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
# Pillow's own guard, set to ours: it refuses at twice this on opening, before our
# check of the declared size (`header`) could; both refuse before decoding a pixel.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS
_BOMB = (
    f"more than the {MAX_PIXELS // 1_000_000} megapixels sitegen decodes: "
    "it is refused as a possible decompression bomb"
)


class ImageProblem(Exception):
    """A source that cannot be published, in an editor's words."""


@dataclass(frozen=True)
class Header:
    """What a source declares before any pixel is decoded."""

    format: str
    width: int  # upright (EXIF orientation applied)
    height: int


def _open(data: bytes) -> Image.Image:
    with warnings.catch_warnings():
        # Pillow warns above its own limit and refuses at twice it; ours is checked below.
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            return Image.open(io.BytesIO(data), formats=FORMATS)
        except Image.DecompressionBombError:
            raise ImageProblem(f"declares {_BOMB}") from None
        except UnidentifiedImageError:
            raise ImageProblem(
                "is not an image sitegen can publish (JPEG, PNG, WebP, GIF or TIFF)"
            ) from None
        except (OSError, ValueError, SyntaxError) as exc:
            raise ImageProblem(f"cannot be read as an image: {exc}") from None


def _orientation(im: Image.Image) -> int:
    try:
        return int(im.getexif().get(0x0112, 1))
    except Exception:  # noqa: BLE001 - broken EXIF: treat the image as upright
        return 1


def header(data: bytes) -> Header:
    """The format and upright size a source declares; refuses a bomb, decodes nothing."""
    im = _open(data)
    width, height = im.size
    if width * height > MAX_PIXELS:
        raise ImageProblem(f"declares {width}×{height} pixels, {_BOMB}")
    if width < 1 or height < 1:
        raise ImageProblem("has no pixels")
    if _orientation(im) in (5, 6, 7, 8):  # turned a quarter: width and height swap
        width, height = height, width
    return Header(im.format or "", width, height)


def _fallback(fmt: str, has_alpha: bool) -> tuple[str, str, str]:
    """(Pillow format, extension, MIME type) of the copies beside the WebP ones."""
    if fmt == "JPEG" or (fmt != "PNG" and not has_alpha):
        return ("JPEG", "jpg", "image/jpeg")
    return ("PNG", "png", "image/png")


def widths(width: int) -> tuple[int, ...]:
    """The published widths of an image `width` px wide: never wider than it."""
    return tuple(w for w in WIDTHS if w <= width) or (width,)


def _to_srgb(im: Image.Image) -> Image.Image:
    """RGB or RGBA in sRGB: a colour profile is applied, then dropped."""
    has_alpha = im.mode in ("RGBA", "LA", "La", "RGBa", "PA") or "transparency" in im.info
    mode = "RGBA" if has_alpha else "RGB"
    icc = im.info.get("icc_profile")
    if im.mode == "P" or im.mode == "PA":
        im = im.convert("RGBA" if has_alpha else "RGB")
    elif im.mode.startswith(("I", "F")):  # 16-bit or float greys: scaled to 8 bits
        wide = im.convert("I")
        top = wide.getextrema()[1]
        scale = 1 / 257 if isinstance(top, int | float) and top > 255 else 1  # 65535 -> 255
        im = wide.point(lambda v: v * scale).convert("L")
    if icc:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            if im.mode not in ("RGB", "RGBA", "CMYK", "L"):
                im = im.convert(mode)
            im = ImageCms.profileToProfile(im, source, _SRGB, outputMode=mode)  # type: ignore[assignment]
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # a broken profile: the pixels are taken as sRGB, as browsers would
    if im.mode != mode:
        im = im.convert(mode)
    return im


def _encode(im: Image.Image, fmt: str) -> bytes:
    buffer = io.BytesIO()
    if fmt == "WEBP":
        im.save(buffer, "WEBP", quality=WEBP_QUALITY, method=4)
    elif fmt == "JPEG":
        im.save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    else:
        im.save(buffer, "PNG")
    return buffer.getvalue()


def _write(folder: Path, name: str, data: bytes) -> None:
    """Into the folder atomically; a file of that name already has these bytes."""
    target = folder / name
    if target.exists():
        return
    tmp = folder / f".{name}.{os.getpid()}.tmp"
    tmp.write_bytes(data)
    os.replace(tmp, target)


def _card_box(width: int, height: int) -> tuple[int, int, int, int]:
    """The largest 1.91:1 box: centred across, a third of the way down (faces sit high)."""
    ratio = CARD[0] / CARD[1]
    if width / height > ratio:
        w, h = max(1, round(height * ratio)), height
    else:
        w, h = width, max(1, round(width / ratio))
    left, top = (width - w) // 2, (height - h) // 3
    return (left, top, left + w, top + h)


def process(data: bytes, source: str, card: bool, folder: Path, prefix: str) -> Picture:
    """Publishable copies of the image `data` (the file `source`) written to `folder`,
    named `<prefix><stem>-<width>-<hash>.<ext>`; with the social card when `card`."""
    head = header(data)
    im = _open(data)
    largest = widths(head.width)[-1]
    # A JPEG decodes straight to a smaller size when that is still at least what the
    # widest copy needs: a 6000 px photo decodes at 3000 px, four times less work.
    if im.format == "JPEG":
        scale = largest / head.width
        im.draft("RGB", (math.ceil(im.size[0] * scale), math.ceil(im.size[1] * scale)))
    try:
        im.load()
        im = ImageOps.exif_transpose(im)  # type: ignore[assignment]
        im = _to_srgb(im)
    except (OSError, ValueError, SyntaxError) as exc:
        if "truncated" in str(exc):
            raise ImageProblem("is incomplete: the file ends before the image does") from None
        raise ImageProblem(f"cannot be read as an image: {exc}") from None
    except Image.DecompressionBombError:
        raise ImageProblem(f"declares {_BOMB}") from None
    im.info = {}  # what Pillow would otherwise carry into a copy (profiles, EXIF, XMP)
    fmt, ext, mime = _fallback(head.format, im.mode == "RGBA")
    stem = slugify(Path(source).stem)[:40]
    folder.mkdir(parents=True, exist_ok=True)

    def publish(image: Image.Image, kind: str, encoder: str, extension: str, type_: str):
        encoded = _encode(image, encoder)
        name = f"{stem}-{kind}-{hashlib.sha256(encoded).hexdigest()[:12]}.{extension}"
        _write(folder, name, encoded)
        return Variant(prefix + name, image.width, image.height, type_, len(encoded))

    webp, fallback = [], []
    for w in widths(head.width):
        h = max(1, round(head.height * w / head.width))
        sized = im if im.size == (w, h) else im.resize((w, h), Image.Resampling.LANCZOS)
        webp.append(publish(sized, str(w), "WEBP", "webp", "image/webp"))
        fallback.append(publish(sized, str(w), fmt, ext, mime))
    made = None
    if card:
        cropped = im.crop(_card_box(*im.size))
        if cropped.width > CARD[0]:
            cropped = cropped.resize(CARD, Image.Resampling.LANCZOS)
        if fmt == "JPEG" and cropped.mode != "RGB":
            cropped = cropped.convert("RGB")
        made = publish(cropped, "card", fmt, ext, mime)
    top = fallback[-1]
    return Picture(source, top.width, top.height, tuple(webp), tuple(fallback), made)
