"""Photos of problems without a browser: the picture checks (format by content, size, pixel count,
EXIF), the OCR reading and its light repair, and the refusals."""

import base64
import io
import shutil
import struct
import zlib

import pytest
from PIL import Image, ImageDraw, ImageFont

from tutor.engine.engines import SymbolicEngine
from tutor.tutoring.service import Tutor
from tutor.vision import images, ocr
from tutor.vision.images import ImageRejected, decode_base64, load_photo
from tutor.vision.mathrepair import canonical, repair

needs_tesseract = pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract-ocr not installed")


def encode(im, fmt="PNG", **kw) -> bytes:
    buf = io.BytesIO()
    im.save(buf, format=fmt, **kw)
    return buf.getvalue()


def printed(text: str, size=(820, 140), font_size=40) -> Image.Image:
    im = Image.new("RGB", size, "white")
    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", font_size)
    ImageDraw.Draw(im).text((24, 40), text, fill="black", font=font)
    return im


def png_claiming(width: int, height: int) -> bytes:
    """A tiny valid PNG whose header claims width x height (a decompression bomb's shape)."""
    raw = encode(Image.new("L", (1, 1)))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    chunk = b"IHDR" + ihdr
    return raw[:8] + struct.pack(">I", 13) + chunk + struct.pack(">I", zlib.crc32(chunk)) + raw[33:]


def test_formats_are_told_by_content_not_by_name():
    for fmt in ("PNG", "JPEG", "WEBP", "GIF", "BMP"):
        photo = load_photo(encode(Image.new("RGB", (40, 30), "red"), fmt))
        assert photo.format == fmt and photo.image.mode == "RGB" and photo.size == (40, 30)
    svg = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    with pytest.raises(ImageRejected, match="SVG"):
        load_photo(svg)
    with pytest.raises(ImageRejected, match="PDF"):
        load_photo(b"%PDF-1.7 ...")
    with pytest.raises(ImageRejected, match="TIFF"):
        load_photo(encode(Image.new("RGB", (4, 4)), "TIFF"))
    with pytest.raises(ImageRejected, match="could not be read"):
        load_photo(encode(Image.new("RGB", (400, 300), "blue"), "PNG")[:60])  # truncated
    with pytest.raises(ImageRejected, match="empty"):
        load_photo(b"")


def test_size_and_pixel_limits_refuse_before_decoding():
    with pytest.raises(ImageRejected, match="million pixels"):
        load_photo(png_claiming(50_000, 50_000))  # 2.5 gigapixels in a 70-byte file
    with pytest.raises(ImageRejected, match="limit is 10 MB"):
        load_photo(b"\x89PNG\r\n\x1a\n" + b"\0" * (images.MAX_BYTES + 1))
    big = load_photo(encode(Image.new("RGB", (5000, 1000), "white"), "JPEG"))
    assert big.downscaled and max(big.size) == images.WORK_SIDE and big.original_size == (5000, 1000)


def test_exif_is_dropped_and_the_orientation_applied():
    im = Image.new("RGB", (60, 20), "white")
    im.putpixel((0, 0), (255, 0, 0))
    exif = Image.Exif()
    exif[0x0112] = 6  # rotated 90°: the phone held upright
    exif[0x010F] = "PhoneMaker"  # camera make
    exif[0x8825] = {1: "N", 2: (51.0, 30.0, 0.0)}  # GPS
    data = encode(im, "JPEG", exif=exif.tobytes(), quality=95)
    assert b"PhoneMaker" in data
    photo = load_photo(data)
    assert photo.size == (20, 60)  # upright
    assert not photo.image.info.get("exif") and not photo.image.getexif()
    again = encode(photo.image, "JPEG")
    assert b"PhoneMaker" not in again and b"Exif" not in again


def test_api_images_come_as_base64_or_data_urls():
    data = encode(Image.new("RGB", (8, 8)))
    assert decode_base64(base64.b64encode(data).decode()) == data
    assert decode_base64("data:image/png;base64," + base64.b64encode(data).decode()) == data
    with pytest.raises(ImageRejected, match="base64"):
        decode_base64("not base64 at all!")
    with pytest.raises(ImageRejected, match="limit"):
        decode_base64("A" * (images.MAX_BYTES * 2))


@pytest.mark.parametrize(
    "raw, fixed",
    [
        ("Work out 72 x 15.", "Work out 72 × 15."),
        ("Solve x2 - 5x + 6 = 0", "Solve x^2 - 5x + 6 = 0"),
        ("Solve x? —5x +6=0", "Solve x^2 -5x +6=0"),
        ("What is 4½ + ¾?", "What is 4 1/2 + 3/4?"),
        ("Work out\n2\n—\n3\nof 36", "Work out 2/3 of 36"),
        ("x + 1\n——\n2\n= 4", "(x + 1)/(2) = 4"),
        ("A shop sold 3O5 pens and 1l2\npencils.", "A shop sold 305 pens and 112 pencils."),
        ("What is 6·7?", "What is 6 × 7?"),
        ("Factor 6x*2+x-2", "Factor 6x^2+x-2"),
        ("Factor 6x42 + x - 2.", "Factor 6x^2 + x - 2."),
        ("What is 6x7?", None),  # no spaces: not read as 6 × 7
        ("Compute i~*2.", "Compute i^2."),
        ("Simplify 3x + 2y - x + Sy.", "Simplify 3x + 2y - x + 5y."),
        ("| Work out 3 + 4 × 5 ----", "Work out 3 + 4 × 5"),
        ("The recipe calls for 3 eggs per cake. How many eggs for 2 cakes?", None),  # unchanged
        ("A rect-\nangle is 4 m long.", "A rectangle is 4 m long."),
    ],
)
def test_light_math_repair(raw, fixed):
    r = repair(raw)
    assert r.text == (fixed or raw)
    if fixed is None or "-\n" in raw:  # nothing repaired / only a wrapped line joined
        assert r.changes == []
    else:  # every repair is listed for the student
        assert r.changes


def test_specks_at_a_line_edge_are_left_out_only_when_unsure():
    def w(text, conf, line=(1, 1, 1)):
        return {"text": text, "conf": conf, "line": line}

    kept, dropped = ocr.drop_specks([w("Ee", 12.0), w("Compute", 91.0), w("i^2.", 88.0), w("7", 20.0)])
    assert [x["text"] for x in kept] == ["Compute", "i^2."] and dropped == ["Ee", "7"]
    sure = [w("x", 95.0), w("=", 90.0), w("7", 93.0)]
    assert ocr.drop_specks(sure) == (sure, [])


def test_canonical_folds_only_spacing_dashes_and_quotes():
    assert canonical("Solve  2x − 3 = 7") == canonical("Solve 2x - 3 = 7")
    assert canonical("72 × 15") != canonical("72 x 15")


@needs_tesseract
def test_ocr_reads_a_printed_problem_and_repairs_it():
    reading = ocr.read_problem(load_photo(encode(printed("Work out 72 × 15."))).image)
    assert reading.error is None and reading.text == "Work out 72 × 15."
    assert reading.confidence > 60


@needs_tesseract
def test_no_readable_text_is_refused():
    blank = load_photo(encode(Image.new("RGB", (600, 400), (200, 190, 180)))).image
    assert ocr.read_problem(blank).error == ocr.NO_TEXT
    noise = Image.effect_noise((160, 120), 90).convert("RGB")
    assert ocr.read_problem(noise).error == ocr.NO_TEXT


def test_the_offline_tutor_never_solves_a_photo_it_cannot_see():
    """The SymPy engine does not read pictures: a photo sent straight to it is refused (it must
    be read and confirmed first), not solved from a guess."""
    tutor = Tutor(SymbolicEngine())
    pic = printed("Solve 3x + 7 = 22")
    last = list(tutor.respond("solve", "Solve this", [], images=[pic]))[-1]
    assert last.error and "does not read pictures" in last.error and not last.text


def _public_ctx(tmp_path, requests_per_minute=1):
    from types import SimpleNamespace

    from tutor.security import Limits, Quotas

    config = SimpleNamespace(is_public=True, space_id=None, public_max_new_tokens=512)
    engine = SimpleNamespace(info=SimpleNamespace(images=False))
    return SimpleNamespace(
        config=config, engine=engine, quotas=Quotas(Limits(requests_per_minute=requests_per_minute))
    )


def test_a_public_app_deletes_the_upload_and_counts_the_photo_in_the_quotas(tmp_path, monkeypatch):
    import gradio as gr

    from tutor.ui import photo_panel

    monkeypatch.setattr(ocr, "read_problem", lambda image: ocr.Reading("Solve 3x + 7 = 22", "", 90.0))
    ctx = _public_ctx(tmp_path)
    request = type("R", (), {"session_hash": "s1", "client": None, "headers": {}})()
    upload = tmp_path / "upload.png"
    upload.write_bytes(encode(Image.new("RGB", (50, 40), "white")))
    routed = photo_panel.route(ctx, respond=None, controls=None)
    args = ([], [], 256, 0.0, 0.95, 1.0, "base", "Solve", "", 0, None)
    outs = list(routed({"text": "", "files": [str(upload)]}, *args, request=request))
    assert not upload.exists()  # read into memory, then deleted
    assert outs[-1][-1] == "Solve 3x + 7 = 22"  # the reading, put in the box to confirm
    upload.write_bytes(encode(Image.new("RGB", (50, 40), "white")))
    with pytest.raises(gr.Error, match="Too many requests"):  # the photo was one request
        list(routed({"text": "", "files": [str(upload)]}, *args, request=request))


def test_public_uploads_go_to_memory(monkeypatch):
    from tutor.ui import photo_panel

    monkeypatch.setenv("GRADIO_TEMP_DIR", "")  # recorded, so the variable is restored afterwards
    monkeypatch.delenv("GRADIO_TEMP_DIR")
    assert photo_panel.uploads_in_memory(False) is None
    folder = photo_panel.uploads_in_memory(True)
    try:
        import os

        assert folder.startswith("/dev/shm/") and os.environ["GRADIO_TEMP_DIR"] == folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
