"""Read a printed problem from a photo with Tesseract (Debian's `tesseract-ocr`, English data).

The picture goes to the `tesseract` program through a pipe (stdin, PNG) and the words come back
through another (stdout, TSV with a confidence per word): nothing is written to disk. Before that
the photo is made easier to read: grey, contrast stretched, a small picture scaled up (Tesseract
wants ~30 px letters), a photo's uneven lighting evened out.

The result is a GUESS for the student to check: `read_problem` returns the repaired text, the
words Tesseract was unsure of, and a refusal when there is no readable text. The tutor never
solves it before the student confirms it (`tutor.ui.photo_panel`, the API's `/read_photo`).
No Gradio here.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import threading
from dataclasses import dataclass, field

from tutor.vision.mathrepair import repair

TESSERACT = "tesseract"
TIMEOUT_S = 30.0
MIN_CONFIDENCE = 30.0  # mean word confidence below this: no readable text
UNSURE_BELOW = 60.0  # words shown to the student as "check these"
_RUNNING = threading.BoundedSemaphore(2)  # at most two Tesseract processes at once


class OcrUnavailable(RuntimeError):
    """Tesseract is not installed (apt-get install tesseract-ocr)."""


@dataclass
class Reading:
    text: str  # repaired, for the student to confirm
    raw: str  # what Tesseract read
    confidence: float  # mean word confidence, 0-100
    unsure: list[str] = field(default_factory=list)  # words read with low confidence
    changes: list[str] = field(default_factory=list)  # what the repair changed
    error: str | None = None  # a refusal: no readable text

    def data(self) -> dict:
        return {
            "text": self.text,
            "raw": self.raw,
            "confidence": round(self.confidence, 1),
            "unsure": self.unsure,
            "changes": self.changes,
            "error": self.error,
        }


def available() -> bool:
    return shutil.which(TESSERACT) is not None


def prepare(image):
    """The photo as Tesseract reads best: grey, even lighting, stretched contrast, letters big
    enough."""
    from PIL import ImageFilter, ImageOps

    grey = ImageOps.grayscale(image)
    w, h = grey.size
    if max(w, h) < 1000:  # small screenshots: scale up so letters are ~30 px high
        f = min(3.0, 1600 / max(w, h))
        grey = grey.resize((int(w * f), int(h * f)))
    # uneven lighting (a photo's shadow): divide by a heavily blurred copy
    bg = grey.filter(ImageFilter.GaussianBlur(radius=max(grey.size) / 30))
    from PIL import ImageChops

    flat = ImageChops.invert(ImageChops.subtract(bg, grey, scale=1.0, offset=0))
    return ImageOps.autocontrast(flat, cutoff=1)


def run_tesseract(image, psm: int = 6) -> list[dict]:
    """Tesseract's words for a prepared image: dicts with text, conf, block/par/line/word."""
    from tutor.vision.images import to_png_bytes

    if not available():
        raise OcrUnavailable("Reading photos needs Tesseract (apt-get install tesseract-ocr).")
    env = dict(os.environ, OMP_THREAD_LIMIT="1")  # one core per read: the machine is shared
    with _RUNNING:
        proc = subprocess.run(
            [TESSERACT, "stdin", "stdout", "-l", "eng", "--psm", str(psm), "tsv"],
            input=to_png_bytes(image),
            capture_output=True,
            timeout=TIMEOUT_S,
            env=env,
            check=False,
        )
    if proc.returncode != 0:
        raise RuntimeError(f"tesseract failed: {proc.stderr.decode(errors='replace')[:200]}")
    rows = csv.DictReader(
        io.StringIO(proc.stdout.decode("utf-8", "replace")), delimiter="\t", quoting=csv.QUOTE_NONE
    )
    words = []
    for r in rows:
        text = (r.get("text") or "").strip()
        if r.get("level") != "5" or not text:
            continue
        try:
            conf = float(r.get("conf") or -1)
        except ValueError:
            conf = -1.0
        words.append(
            {
                "text": text,
                "conf": conf,
                "line": (int(r["block_num"]), int(r["par_num"]), int(r["line_num"])),
            }
        )
    return words


SPECK_CONFIDENCE = 40.0


def drop_specks(words: list[dict]) -> tuple[list[dict], list[str]]:
    """Leave out a line's first or last word when it is a speck, not text: at most two
    characters, and read with confidence under SPECK_CONFIDENCE (a shadow or a dot on the
    paper). Returns the words kept and what was left out."""
    by_line: dict[tuple, list[dict]] = {}
    for w in words:
        by_line.setdefault(w["line"], []).append(w)
    kept, dropped = [], []
    for line in by_line.values():
        while len(line) > 1 and _speck(line[0]):
            dropped.append(line.pop(0)["text"])
        while len(line) > 1 and _speck(line[-1]):
            dropped.append(line.pop()["text"])
        kept += line
    return kept, dropped


def _speck(w: dict) -> bool:
    return len(w["text"]) <= 2 and 0 <= w["conf"] < SPECK_CONFIDENCE


def words_to_text(words: list[dict]) -> str:
    lines: list[str] = []
    last = None
    for w in words:
        if w["line"] != last:
            lines.append(w["text"])
            last = w["line"]
        else:
            lines[-1] += " " + w["text"]
    return "\n".join(lines)


def read_problem(image, psm: int = 6) -> Reading:
    """Read the problem in `image` (a checked RGB `PIL.Image`, see `tutor.vision.images`)."""
    words = run_tesseract(prepare(image), psm=psm)
    real = [w for w in words if any(c.isalnum() for c in w["text"])]
    if not real:
        return Reading("", "", 0.0, error=NO_TEXT)
    confidence = sum(max(w["conf"], 0.0) for w in real) / len(real)
    raw = words_to_text(words)
    if confidence < MIN_CONFIDENCE:
        return Reading("", raw, confidence, error=NO_TEXT)
    words, specks = drop_specks(words)
    fixed = repair(words_to_text(words))
    if specks:
        fixed.changes.insert(0, "marks read at the edge of a line were left out: " + " ".join(specks))
    unsure = [w["text"] for w in real if 0 <= w["conf"] < UNSURE_BELOW]
    return Reading(fixed.text, raw, confidence, unsure=unsure[:12], changes=fixed.changes)


NO_TEXT = (
    "I couldn't find readable printed text in this photo. Try a sharper, closer photo of the "
    "printed problem in good light, or type the problem instead."
)
