"""Text hygiene for what leaves the app: spreadsheet-safe CSV cells and secret redaction."""

from __future__ import annotations

import os

# A cell starting with one of these is run as a formula by Excel, LibreOffice and Google Sheets
# (OWASP "CSV injection"); a leading apostrophe makes it text.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
SECRET_ENV = ("HF_TOKEN", "HUGGING_FACE_HUB_TOKEN", "OPENAI_API_KEY", "TUTOR_AUTH")


def csv_safe(value):
    """`value` for a CSV cell: strings that a spreadsheet would evaluate get a leading `'`.
    Numbers stay numbers (a negative number is data, not a formula)."""
    if not isinstance(value, str) or not value:
        return value
    if value.startswith(_FORMULA_START):
        try:
            float(value)
            return value  # "-3.5" is a number
        except ValueError:
            return "'" + value
    return value


def secret_values(env=None, names=SECRET_ENV) -> list[str]:
    """The values of the secret environment variables (passwords of TUTOR_AUTH included)."""
    env = os.environ if env is None else env
    out = []
    for name in names:
        value = (env.get(name) or "").strip()
        if not value:
            continue
        if name == "TUTOR_AUTH":
            out += [p.partition(":")[2] for p in value.split(",") if ":" in p]
        else:
            out.append(value)
    return [v for v in out if len(v) >= 6]


def redact(text: str, secrets: list[str]) -> str:
    for s in secrets:
        if s and s in text:
            text = text.replace(s, "[redacted]")
    return text
