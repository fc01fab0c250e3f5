"""The evaluation's files: the report JSON and its items' CSV, written atomically (model replies
never run as spreadsheet formulas)."""

from __future__ import annotations

import csv
import json
import os
import tempfile
from pathlib import Path

CSV_FIELDS = [
    "adapter",
    "index",
    "correct",
    "extracted",
    "gold",
    "method",
    "strict_match",
    "flexible_extract",
    "new_tokens",
    "reply_words",
    "verdict",
    "hint_leak",
    "maj_answer",
    "maj_correct",
    "question",
    "response",
    "hint",
]


def _atomic_write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def write_outputs(path: Path, report: dict) -> None:
    _atomic_write(path, json.dumps(report, indent=2, ensure_ascii=False))
    import io

    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=CSV_FIELDS, extrasaction="ignore")
    writer.writeheader()
    from tutor.security.text import csv_safe

    for it in report["items"]:  # model replies and questions: never run as spreadsheet formulas
        writer.writerow({k: csv_safe(v) for k, v in it.items()})
    _atomic_write(path.with_suffix(".csv"), buf.getvalue())
