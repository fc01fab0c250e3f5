"""Prepare model output for display: math delimiters KaTeX renders, currency kept as text, HTML escaped.

The chat renders only `$$…$$`, `\\[…\\]` and `\\(…\\)`. Inline `$…$` that is math (by pandoc's rules:
the opener is followed by a non-space, the closer is preceded by a non-space and not followed by a
digit) becomes `\\(…\\)`; a `$` that prices something ("$2 each and $3 a dozen") stays a dollar sign.
Fenced and inline code are left alone.
"""

from __future__ import annotations

import re

from tutor.security.text import no_images

DISPLAY_DELIMITERS = [
    {"left": "$$", "right": "$$", "display": True},
    {"left": "\\[", "right": "\\]", "display": True},
    {"left": "\\(", "right": "\\)", "display": False},
]

_CODE = re.compile(r"(```.*?(?:```|$)|`[^`\n]*`)", re.S)
_CURRENCY = re.compile(
    r"\$\d[\d,]*(?:\.\d+)?(?:\s?(?:k|K|M|million|billion|thousand|hundred))?"
    r"(?=$|[\s.,;:!?)\]/'\"-])"
)
_TAG = re.compile(r"<(?=[A-Za-z/!?])")
# control characters, and lone UTF-16 surrogates (a str holding one cannot be encoded: the
# tokenizer raises on it)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def _is_currency_at(text: str, i: int) -> bool:
    m = _CURRENCY.match(text, i)
    if not m:
        return False
    # "$5$" or "$5 + 3$": math. Currency when no closing "$" follows on the same line soon after
    # the amount, or when what follows reads like words ("$3 a dozen").
    rest = text[m.end() :]
    nl = rest.find("\n")
    line = rest if nl == -1 else rest[:nl]
    close = line.find("$")
    if close == -1:
        return True
    between = line[:close]
    return bool(re.search(r"[A-Za-z]{2,}", between)) and "\\" not in between


def _convert_inline(segment: str) -> str:
    out: list[str] = []
    i, n = 0, len(segment)
    while i < n:
        c = segment[i]
        if c == "\\" and i + 1 < n:
            out.append(segment[i : i + 2])  # keep escapes (\$, \(, \[ …) as they are
            i += 2
            continue
        if c != "$":
            out.append(c)
            i += 1
            continue
        if segment.startswith("$$", i):
            close = segment.find("$$", i + 2)
            if close == -1:
                out.append(segment[i:])
                break
            out.append(segment[i : close + 2])
            i = close + 2
            continue
        if _is_currency_at(segment, i):
            out.append("$")
            i += 1
            continue
        # pandoc: opener followed by non-space; closer preceded by non-space, not followed by digit
        if i + 1 < n and not segment[i + 1].isspace():
            j = i + 1
            close = -1
            while j < n:
                if segment[j] == "\\":
                    j += 2
                    continue
                if segment[j] == "\n" and segment[j - 1] == "\n":
                    break  # math does not span paragraphs
                if (
                    segment[j] == "$"
                    and not segment[j - 1].isspace()
                    and not (j + 1 < n and segment[j + 1].isdigit())
                ):
                    close = j
                    break
                j += 1
            if close != -1:
                out.append("\\(" + segment[i + 1 : close] + "\\)")
                i = close + 1
                continue
        out.append("$")
        i += 1
    return "".join(out)


def clean_input(text: str) -> str:
    """Remove null bytes, other control characters and lone surrogates (keeps newlines and tabs)."""
    return _CONTROL.sub("", text)


def escape_html(text: str) -> str:
    """Neutralise HTML tags (`<script>` shows as text) but keep math like `a<b` and `x < y`."""
    return _TAG.sub("&lt;", text)


def render_markdown(text: str) -> str:
    """Model/solver/visitor text → chat markdown: HTML neutralised, markdown images not embedded,
    inline `$…$` math → `\\(…\\)`."""
    text = clean_input(text)
    parts = _CODE.split(text)
    for k in range(0, len(parts), 2):  # even indexes are outside code
        parts[k] = _convert_inline(no_images(escape_html(parts[k])))  # and no image fetched
    return "".join(parts)
