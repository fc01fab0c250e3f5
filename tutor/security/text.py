"""Text hygiene for what leaves the app: spreadsheet-safe CSV cells, chat markdown that loads no
image from elsewhere."""

from __future__ import annotations

import re

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


# `![alt](url)` and `![alt][ref]`: the browser would fetch `url` as soon as the message is drawn
# (a visitor's message, or a reply echoing it, could make every reader's browser call any server)
_IMAGE = re.compile(r"!\[")


def no_images(markdown: str) -> str:
    """Chat markdown (HTML already escaped) in which no image is embedded: the `[` of `![` becomes
    its character reference, which markdown shows as `[` but never parses as an image, so the
    text reads the same and nothing is fetched. Links stay links (they load only when clicked)."""
    return _IMAGE.sub("!&#91;", markdown)


MAX_YAML_CHARS = 200_000


def safe_yaml(text: str):
    """`yaml.safe_load` of a visitor's text without alias expansion: an alias (`*name`) is
    refused, so 400 characters of nested aliases (a "billion laughs") cannot become gigabytes;
    and the text itself is bounded. Raises yaml.YAMLError with the reason."""
    import yaml

    class NoAliases(yaml.SafeLoader):
        def compose_node(self, parent, index):
            if self.check_event(yaml.AliasEvent):
                mark = self.peek_event().start_mark
                raise yaml.YAMLError(f"aliases (*name) are not allowed in a recipe (line {mark.line + 1})")
            return super().compose_node(parent, index)

    text = text or ""
    if len(text) > MAX_YAML_CHARS:
        raise yaml.YAMLError(f"the text is {len(text):,} characters long; the limit is {MAX_YAML_CHARS:,}")
    return yaml.load(text, Loader=NoAliases)  # noqa: S506 - a SafeLoader subclass
