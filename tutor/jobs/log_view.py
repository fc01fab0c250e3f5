"""train.log made readable: the job's own lines first, library warnings folded into one line each
with a count (transformers' FutureWarnings and the like would otherwise fill the tail)."""

from __future__ import annotations

import re
from collections import Counter

# the job's log format (train.trainer_setup._setup_logging): "2026-01-01 10:00:00,123 INFO train: message"
_RECORD = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ (?P<level>[A-Z]+) (?P<name>[\w.]+): (?P<msg>.*)$")
_WARNING_TEXT = re.compile(r"^(?:.*?:\d+: )?(?P<text>\w*(?:Warning|Error)\b.*)$")
OWN = ("train", "__main__")


def records(text: str) -> list[tuple[str, str, str]]:
    """(level, logger, message) per record; lines without a header continue the previous one."""
    out: list[tuple[str, str, str]] = []
    for line in text.splitlines():
        m = _RECORD.match(line)
        if m:
            out.append((m["level"], m["name"], line))
        elif out:
            level, name, msg = out[-1]
            out[-1] = (level, name, msg + "\n" + line)
        elif line.strip():
            out.append(("INFO", "", line))
    return out


def _own(level: str, name: str) -> bool:
    return name.split(".")[0] in OWN or level in ("ERROR", "CRITICAL")


def _gist(message: str) -> str:
    """One line for a library message: the warning's class and text, without the path prefix."""
    first = message.splitlines()[0]
    m = _RECORD.match(first)
    body = m["msg"] if m else first
    w = _WARNING_TEXT.match(body)
    return (w["text"] if w else body).strip()[:160]


def readable(text: str, lines: int = 40) -> str:
    """The job's own lines (the last `lines` of them), then the library messages folded."""
    recs = records(text)
    own = [msg for level, name, msg in recs if _own(level, name)]
    other = Counter(f"{name}: {_gist(msg)}" for level, name, msg in recs if not _own(level, name))
    out = "\n".join("\n".join(own).splitlines()[-lines:])
    if other:
        folded = [f"  ×{n} {gist}" if n > 1 else f"  {gist}" for gist, n in other.most_common(8)]
        more = len(other) - len(folded)
        out += (
            f"\n\n── library messages, folded ({sum(other.values())}) ──\n"
            + "\n".join(folded)
            + (f"\n  … and {more} more kinds (full text in train.log)" if more > 0 else "")
        )
    return out.strip("\n")
