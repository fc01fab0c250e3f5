"""Light repair of OCR text of a printed math problem, before the student sees and confirms it.

Tesseract reads prose well and math notation less well. The repairs here are the few that are
safe to make on sight, each listed (`Repaired.changes`) so the confirm step can say what was
changed and the student can undo it:

* superscripts: Unicode ones kept as the solver reads them (x² stays x²); a power that OCR
  flattened into the line ("x2 - 5x + 6 = 0": a single-letter variable followed by a digit, in an
  equation or expression) becomes x^2;
* fractions: Unicode vulgar fractions (½ -> 1/2), the fraction slash, and a stacked fraction
  read as three lines (numerator, a bar, denominator) put on one line as (a)/(b);
* operators: dashes and the Unicode minus read as "-", "x" or "X" between two numbers as ×, a
  middle dot between numbers as ×;
* digits: O/o, l/I/| and S misread inside a number (3O5 -> 305, 1l -> 11);
* lines: a problem wrapped over several lines is joined into one (hyphenated words rejoined).

Nothing here guesses a symbol that is not there; what it cannot repair the student corrects.
No Gradio here.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

VULGAR = {
    "½": "1/2",
    "⅓": "1/3",
    "⅔": "2/3",
    "¼": "1/4",
    "¾": "3/4",
    "⅕": "1/5",
    "⅖": "2/5",
    "⅗": "3/5",
    "⅘": "4/5",
    "⅙": "1/6",
    "⅚": "5/6",
    "⅛": "1/8",
    "⅜": "3/8",
    "⅝": "5/8",
    "⅞": "7/8",
}
DASHES = {"−": "-", "–": "-", "—": "-", "‒": "-", "﹣": "-", "－": "-"}
QUOTES = {"‘": "'", "’": "'", "“": '"', "”": '"', "„": '"', "′": "'", "″": '"'}
BAR = re.compile(r"^\s*[-–—_−=]+\s*$")  # a fraction bar read as a line of its own
MATH_LINE = re.compile(r"[=+\-−×÷*/^<>≤≥]")


@dataclass
class Repaired:
    text: str
    changes: list[str] = field(default_factory=list)  # plain-words list of what was changed


def _sub(pattern: str, repl, text: str, changes: list[str], note: str, flags: int = 0) -> str:
    new, n = re.subn(pattern, repl, text, flags=flags)
    if n:
        changes.append(note)
    return new


def join_fraction_lines(lines: list[str], changes: list[str]) -> list[str]:
    """[.., "3", "—", "4", ..] -> [.., "(3)/(4)", ..]: a stacked fraction put on one line."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        if (
            i + 2 < len(lines)
            and BAR.match(lines[i + 1])
            and lines[i].strip()
            and lines[i + 2].strip()
            and len(lines[i].strip()) <= 20
            and len(lines[i + 2].strip()) <= 20
        ):
            num, den = lines[i].strip(), lines[i + 2].strip()
            wrap = (
                (lambda s: s)
                if re.fullmatch(r"\w+", num) and re.fullmatch(r"\w+", den)
                else (lambda s: f"({s})")
            )
            out.append(f"{wrap(num)}/{wrap(den)}")
            changes.append(f"the stacked fraction {num} over {den} was written as {wrap(num)}/{wrap(den)}")
            i += 3
            continue
        out.append(lines[i])
        i += 1
    return out


EDGE_JUNK = re.compile(r"^(?:[|_~]+|[-—–=]{2,}|[‘’'`]+)$")  # a ruled line, a page edge, a speck


def strip_edges(line: str, changes: list[str]) -> str:
    """Drop marks at a line's ends that are page furniture, not math (`|` from a page edge, a
    run of dashes from a ruled line); a lone `-`, `=` or `?` is kept."""
    words = line.split()
    kept = list(words)
    while kept and EDGE_JUNK.match(kept[0]):
        kept.pop(0)
    while kept and EDGE_JUNK.match(kept[-1]):
        kept.pop()
    if len(kept) != len(words) and kept:
        changes.append("marks at the edge of a line (| or ---) were left out")
    return " ".join(kept) if len(kept) != len(words) else line


def repair(raw: str) -> Repaired:
    """The OCR text `raw` made readable for the solver, with the list of changes."""
    changes: list[str] = []
    text = unicodedata.normalize("NFC", raw or "").replace("\r", "")
    text = text.replace("\ufb01", "fi").replace("\ufb02", "fl")  # ligatures Tesseract keeps
    for k, v in QUOTES.items():
        text = text.replace(k, v)
    lines = [ln.rstrip() for ln in text.split("\n")]
    lines = join_fraction_lines(lines, changes)
    lines = [strip_edges(ln, changes) for ln in lines]
    # join lines: a hyphen at a line's end inside a word is a wrap, not a minus
    joined = ""
    for ln in (ln.strip() for ln in lines):
        if not ln:
            continue
        if joined.endswith("-") and re.search(r"[A-Za-z]-$", joined) and ln[:1].islower():
            joined = joined[:-1] + ln
        else:
            joined = f"{joined} {ln}" if joined else ln
    text = re.sub(r"[ \t]+", " ", joined).strip()
    if any(d in text for d in DASHES):
        for k, v in DASHES.items():
            text = text.replace(k, v)
        changes.append("dashes and minus signs were written as -")
    for k, v in VULGAR.items():
        if k in text:
            text = re.sub(rf"(\d){k}", rf"\1 {v}", text).replace(k, v)
            changes.append(f"{k} was written as {v}")
    text = _sub(r"(?<=\d)\s*⁄\s*(?=\d)", "/", text, changes, "the fraction slash was written as /")
    # digits misread inside numbers (both neighbours digits, or a digit and a decimal point)
    text = _sub(
        r"(?<=\d)[Oo](?=\d)|(?<=\d)[Oo](?=[.,]?\d)", "0", text, changes, "O inside a number read as 0"
    )
    text = _sub(r"(?<=\d)[lI|](?=\d)", "1", text, changes, "l inside a number read as 1")
    text = _sub(r"(?<=\d)S(?=\d)", "5", text, changes, "S inside a number read as 5")
    # multiplication: "72 x 15" / "72 X 15" / "6·7" between numbers
    # only with spaces on both sides: "6x42" is a variable (a misread power), not 6 × 42
    text = _sub(r"(?<=\d) [xX]{1,2} (?=\d)", " × ", text, changes, "x between two numbers was read as ×")
    text = _sub(r"(?<=\d) ?[·•] ?(?=\d)", " × ", text, changes, "· between two numbers was read as ×")
    text = re.sub(r" {2,}", " ", text)
    # a power flattened into the line: in an equation/expression, "x2" (a lone variable letter
    # right after a non-letter, then a digit) is x^2; "2x" and words are untouched
    if MATH_LINE.search(text):
        # a caret Tesseract read as * or ~ right after a variable: "6x*2" / "i~*2" -> x^2
        text = _sub(
            r"(?<![A-Za-z])([a-z]) ?[~*]{1,2} ?([2-4])(?!\d|\.\d)",
            r"\1^\2",
            text,
            changes,
            "a * or ~ between a variable and a small number was read as a power (x*2 -> x^2): check it",
        )
        # a caret Tesseract read as 4: "x42 + 3x" -> x^2 (a variable glued to digits is no number)
        text = _sub(
            r"(?<![A-Za-z])([a-z])4([2-4])(?=\s*[-+=)<>]|\s*$)",
            r"\1^\2",
            text,
            changes,
            "a 4 between a variable and a small number was read as a caret (x42 -> x^2): check it",
        )
        # S for 5 at the start of a term: "+ Sy" -> "+ 5y"
        text = _sub(r"(?<=[-+=(] )S(?=[a-z]\b)", "5", text, changes, "S before a variable read as 5")
        text = _sub(
            r"(?<![A-Za-z0-9])([a-z])([2-4])(?=\s*[-+=)<>]|\s*$)",
            r"\1^\2",
            text,
            changes,
            "a digit right after a variable was read as a power (x2 -> x^2)",
        )
        text = _sub(
            r"(?<![A-Za-z0-9])([a-z])[?°](?=\s*[-+=)<>]|\s*$)",
            r"\1^2",
            text,
            changes,
            "a ? or ° right after a variable was read as the power 2 (x? -> x^2): check it",
        )
    return Repaired(text.strip(), changes)


def canonical(text: str) -> str:
    """What the benchmark compares: whitespace collapsed, Unicode dashes and quotes folded. Used
    the same way on the source text and on the reading."""
    t = unicodedata.normalize("NFC", text or "")
    for k, v in {**DASHES, **QUOTES}.items():
        t = t.replace(k, v)
    return re.sub(r"\s+", " ", t).strip()


def canonical_math(text: str) -> str:
    """`canonical`, and spacing around operators and punctuation ignored ("3+ 4" = "3 + 4"):
    the light normalisation a student's confirm step makes no difference to."""
    t = canonical(text)
    return re.sub(r"\s*([-+×÷*/=<>^(),.?:;%$])\s*", r"\1", t)
