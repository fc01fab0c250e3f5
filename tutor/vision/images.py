"""A visitor's photo, checked before anything reads it: size, pixel count and format by content.

* Format by the file's first bytes (PNG, JPEG, WebP, GIF, BMP), never by its name or MIME type;
  SVG (a script carrier), TIFF, PDF and the rest are refused. Pillow is then told to try only the
  decoder of that format.
* Size: at most `MAX_BYTES` of file; pixel count read from the header BEFORE decoding and refused
  above `MAX_PIXELS` (a decompression bomb: a small PNG that decodes to gigabytes), with Pillow's
  own bomb warning turned into a refusal as a second line.
* The decoded picture is copied into a fresh RGB image: EXIF (GPS position, camera, time) and
  every other metadata chunk are left behind; the EXIF orientation is applied first so a phone's
  portrait photo is upright.
* Everything happens in memory. `read_upload` reads a file Gradio already wrote and, on a public
  app, deletes it at once (`tutor.ui.photo_panel`).

No Gradio here.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import io
import os
import warnings
from dataclasses import dataclass
from pathlib import Path

MAX_BYTES = 10 * 1024 * 1024  # a phone photo is 2-6 MB
MAX_PIXELS = 40_000_000  # 48 MP phone sensors bin to 12 MP; 40 MP leaves room, a bomb does not fit
MAX_SIDE = 12_000
WORK_SIDE = 2400  # longer side kept after loading: enough for OCR of a page, bounded memory

# (magic prefix, Pillow format name)
SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"BM", "BMP"),
)
ALLOWED = "PNG, JPEG, WebP, GIF or BMP"


class ImageRejected(ValueError):
    """The picture cannot be used; the message says why in plain words."""


@dataclass(frozen=True)
class Photo:
    """A checked picture: an upright RGB image without metadata, and what was done to it."""

    image: object  # PIL.Image.Image (RGB)
    format: str
    digest: str  # sha256 of the file's bytes: the same photo sent twice is recognised
    original_size: tuple[int, int]
    downscaled: bool = False

    @property
    def size(self) -> tuple[int, int]:
        return self.image.size


def sniff_format(data: bytes) -> str | None:
    """The image format named by the file's first bytes, or None for anything not allowed."""
    head = bytes(data[:16])
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WEBP"
    for magic, name in SIGNATURES:
        if head.startswith(magic):
            return name
    return None


def describe_refused(data: bytes) -> str:
    head = bytes(data[:256]).lstrip().lower()
    if head.startswith(b"<?xml") or b"<svg" in head:
        return "SVG drawings are not accepted (they can carry scripts)"
    if head.startswith(b"%pdf"):
        return "PDF files are not accepted"
    if head[:4] in (b"ii*\x00", b"mm\x00*"):
        return "TIFF files are not accepted"
    return "this file is not a picture this app reads"


def load_photo(data: bytes) -> Photo:
    """Check `data` (a file's bytes) and decode it; raises ImageRejected with the reason."""
    from PIL import Image, ImageOps

    if not isinstance(data, (bytes, bytearray, memoryview)) or len(data) == 0:
        raise ImageRejected("The picture is empty.")
    if len(data) > MAX_BYTES:
        raise ImageRejected(
            f"The picture is {len(data) / 1e6:.1f} MB; the limit is {MAX_BYTES / 1e6:.0f} MB. "
            "Send a smaller photo (a screenshot of the problem is plenty)."
        )
    fmt = sniff_format(data)
    if fmt is None:
        raise ImageRejected(f"Please send a photo ({ALLOWED}): {describe_refused(data)}.")
    data = bytes(data)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            im = Image.open(io.BytesIO(data), formats=[fmt])
            w, h = im.size  # from the header: nothing decoded yet
            if w <= 0 or h <= 0 or w * h > MAX_PIXELS or max(w, h) > MAX_SIDE:
                raise ImageRejected(
                    f"The picture is {w} × {h} pixels; the limit is {MAX_PIXELS / 1e6:.0f} million "
                    f"pixels and {MAX_SIDE} on a side."
                )
            im.seek(0)  # an animation: its first frame
            im.load()
            im = ImageOps.exif_transpose(im)  # upright, as the phone showed it
    except ImageRejected:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageRejected(
            f"The picture has far more pixels than a photo (the limit is {MAX_PIXELS / 1e6:.0f} million pixels); "
            "refused."
        ) from None
    except Exception as exc:  # noqa: BLE001 - truncated or corrupt files: one plain message
        raise ImageRejected(
            f"The picture could not be read ({type(exc).__name__}); is the file complete?"
        ) from None
    rgb = _rgb(im)
    clean = Image.new("RGB", rgb.size, "white")  # a fresh image: no EXIF, ICC, text chunks
    clean.paste(rgb)
    downscaled = False
    if max(clean.size) > WORK_SIDE:
        clean.thumbnail((WORK_SIDE, WORK_SIDE), Image.Resampling.LANCZOS)
        downscaled = True
    return Photo(clean, fmt, hashlib.sha256(data).hexdigest(), (w, h), downscaled)


def _rgb(im):
    from PIL import Image

    if im.mode in ("RGBA", "LA") or (im.mode == "P" and "transparency" in im.info):
        im = im.convert("RGBA")
        flat = Image.new("RGB", im.size, "white")  # transparent screenshots: on white paper
        flat.paste(im, mask=im.getchannel("A"))
        return flat
    return im.convert("RGB")


def read_upload(path: str | os.PathLike, *, delete: bool = False) -> bytes:
    """The bytes of an uploaded file (at most MAX_BYTES + 1 are read, so an oversized file is
    refused by `load_photo` without reading it whole); `delete` removes the file afterwards."""
    p = Path(path)
    try:
        with open(p, "rb") as fh:
            return fh.read(MAX_BYTES + 1)
    finally:
        if delete:
            try:
                p.unlink()
            except OSError:
                pass


def decode_base64(text: str) -> bytes:
    """An image sent through the API: a `data:image/...;base64,` URL or bare base64 text."""
    if not isinstance(text, str):
        raise ImageRejected("The image must be base64 text (or a data: URL).")
    s = text.strip()
    if s.startswith("data:"):
        head, _, s = s.partition(",")
        if ";base64" not in head:
            raise ImageRejected("The data: URL must be base64-encoded.")
    if len(s) > (MAX_BYTES * 4) // 3 + 8:
        raise ImageRejected(f"The image is larger than the {MAX_BYTES / 1e6:.0f} MB limit.")
    try:
        return base64.b64decode("".join(s.split()), validate=True)
    except (binascii.Error, ValueError):
        raise ImageRejected("The image is not valid base64.") from None


def thumbnail_data_url(image, side: int = 240) -> str:
    """A small JPEG of `image` as a data: URL, for the chat (shown without a file on disk)."""
    thumb = image.copy()
    thumb.thumbnail((side, side))
    buf = io.BytesIO()
    thumb.save(buf, format="JPEG", quality=80)
    return "data:image/jpeg;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def to_png_bytes(image) -> bytes:
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    return buf.getvalue()
