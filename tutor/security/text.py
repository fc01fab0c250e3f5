"""Text hygiene for what leaves the app: spreadsheet-safe CSV cells."""

from __future__ import annotations

# A cell starting with one of these is run as a formula by Excel, LibreOffice and Google Sheets
# (OWASP "CSV injection"); a leading apostrophe makes it text.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


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
