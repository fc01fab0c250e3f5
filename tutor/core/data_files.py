"""A teacher's own data file: read by its content (CSV, JSONL, JSON or Parquet), bounded, stored
under the runs folder with its SHA-256, and its columns mapped to the training formatters' fields.

Shared by the app (the Train tab's data panel) and the training job (which pins an uploaded file
into its run folder). No Gradio here. Every size and count is bounded (`Limits`); a malformed file
is refused with the row and column it failed on (`DataFileError`); files are only ever written
under the folder the caller names (the runs folder's `uploads/`, a run's `data/`).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

KINDS = ("csv", "jsonl", "json", "parquet")
UPLOADS = "uploads"  # under the runs folder


@dataclass(frozen=True)
class Limits:
    """Bounds on an uploaded file: bytes, rows read, one cell's characters, columns."""

    max_bytes: int = 50 * 1024 * 1024
    max_rows: int = 50_000
    max_cell_chars: int = 100_000
    max_columns: int = 64


LIMITS = Limits()


class DataFileError(ValueError):
    """The file cannot be used; `row` (the file's line, 1-based; a JSON list's item) and `column`
    (a CSV field, a JSON character position, or a column name) say where it failed, when known."""

    def __init__(self, message: str, row: int | None = None, column: int | str | None = None):
        self.row, self.column = row, column
        where = ", ".join(
            p for p in (f"line {row}" if row else "", f"column {column}" if column else "") if p
        )
        super().__init__(f"{where}: {message}" if where else message)


@dataclass
class DataFile:
    """Rows read from one file (at most `Limits.max_rows`), and what was learnt about it."""

    kind: str
    rows: list[dict]
    columns: list[str]
    truncated: bool = False  # the file holds more rows than were read


# ---- reading, by content ----------------------------------------------------------------------


def sniff(path: str | Path) -> str:
    """The file's kind from its bytes, whatever its name says: Parquet's magic number, JSON that
    parses, else text read as CSV; anything binary is refused."""
    p = Path(path)
    with open(p, "rb") as f:
        head = f.read(64 * 1024)
        if head[:4] == b"PAR1":
            f.seek(-4, 2)
            if f.read(4) == b"PAR1":
                return "parquet"
            raise DataFileError("starts like a Parquet file but is cut short (no footer)")
    if not head.strip():
        raise DataFileError("the file is empty")
    if b"\x00" in head:
        raise DataFileError("not a CSV, JSONL, JSON or Parquet file (binary content)")
    try:
        text = head.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if len(head) == 64 * 1024 and exc.start > len(head) - 4:  # a character cut by the read
            text = head[: exc.start].decode("utf-8-sig")
        else:
            raise DataFileError(f"not UTF-8 text (byte {exc.start + 1})") from None
    first = text.lstrip()[:1]
    if first == "[":
        return "json"
    if first == "{":
        line = text.lstrip().split("\n", 1)[0].strip()
        try:
            json.loads(line)
            return "jsonl"
        except json.JSONDecodeError:
            return "json"  # one object spread over lines
    return "csv"


def _cell(value, limits: Limits, row: int, column: str):
    if isinstance(value, str) and len(value) > limits.max_cell_chars:
        raise DataFileError(f"a cell holds over {limits.max_cell_chars:,} characters", row, column)
    return value


def _read_csv(p: Path, limits: Limits) -> DataFile:
    text = p.read_text(encoding="utf-8-sig")
    head = text.split("\n", 1)[0]
    other = next((d for d in (";", "\t") if d in head and "," not in head), None)
    if other:  # the training job reads CSV with commas (datasets' csv builder): say so now
        raise DataFileError(f"columns are separated by {other!r}: save the file with commas", 1)
    dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect, strict=True)
    try:
        header = next(reader)
    except (StopIteration, csv.Error) as exc:
        raise DataFileError(f"no header line ({exc})" if str(exc) else "no header line", 1) from None
    header = [h.strip() for h in header]
    for i, h in enumerate(header, 1):
        if not h:
            raise DataFileError("the header has an empty column name", 1, i)
        if header.index(h) != i - 1:
            raise DataFileError(f"the header names {h!r} twice", 1, i)
    if len(header) > limits.max_columns:
        raise DataFileError(f"{len(header)} columns (at most {limits.max_columns})", 1)
    rows: list[dict] = []
    while True:
        line = reader.line_num + 1
        try:
            fields = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise DataFileError(f"unreadable CSV ({exc})", line, _quote_column(text, line, dialect)) from None
        if not any(s.strip() for s in fields):
            continue  # blank line
        if len(fields) != len(header):
            col = min(len(fields), len(header)) + 1
            raise DataFileError(
                f"{len(fields)} fields where the header has {len(header)} "
                f"({'an extra field' if len(fields) > len(header) else 'missing ' + repr(header[col - 1])})",
                reader.line_num,
                col,
            )
        if len(rows) >= limits.max_rows:
            return DataFile("csv", rows, header, truncated=True)
        rows.append({h: _cell(v, limits, reader.line_num, h) for h, v in zip(header, fields)})
    return DataFile("csv", rows, header)


def _quote_column(text: str, line: int, dialect) -> int | None:
    """The field (1-based) on `line` where an unbalanced quote opens, for the error message."""
    lines = text.splitlines()
    if not 0 < line <= len(lines):
        return None
    delim, quote = getattr(dialect, "delimiter", ","), getattr(dialect, "quotechar", '"')
    col, inside = 1, False
    for ch in lines[line - 1]:
        if ch == quote:
            inside = not inside
        elif ch == delim and not inside:
            col += 1
    return col


def _object_row(obj, row: int, limits: Limits) -> dict:
    if not isinstance(obj, dict):
        raise DataFileError(f"expected a JSON object per row, got {type(obj).__name__}", row)
    if len(obj) > limits.max_columns:
        raise DataFileError(f"{len(obj)} keys (at most {limits.max_columns})", row)
    return {str(k): _cell(v, limits, row, str(k)) for k, v in obj.items()}


def _read_jsonl(p: Path, limits: Limits) -> DataFile:
    rows: list[dict] = []
    with open(p, encoding="utf-8-sig") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            if len(rows) >= limits.max_rows:
                return DataFile("jsonl", rows, _columns(rows), truncated=True)
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise DataFileError(f"not valid JSON ({exc.msg})", n, exc.colno) from None
            rows.append(_object_row(obj, n, limits))
    return DataFile("jsonl", rows, _columns(rows))


def _read_json(p: Path, limits: Limits) -> DataFile:
    try:
        data = json.loads(p.read_text(encoding="utf-8-sig"))
    except json.JSONDecodeError as exc:
        raise DataFileError(f"not valid JSON ({exc.msg})", exc.lineno, exc.colno) from None
    if not isinstance(data, list):  # the training job reads a JSON file as a list of rows
        raise DataFileError(
            f"expected a JSON list of rows ([{{...}}, ...]) or JSONL, found a {type(data).__name__}"
        )
    rows = [_object_row(o, i, limits) for i, o in enumerate(data[: limits.max_rows], 1)]
    return DataFile("json", rows, _columns(rows), truncated=len(data) > limits.max_rows)


def _read_parquet(p: Path, limits: Limits) -> DataFile:
    import pyarrow.parquet as pq

    try:
        pf = pq.ParquetFile(p)
        names = pf.schema_arrow.names
        if len(names) > limits.max_columns:
            raise DataFileError(f"{len(names)} columns (at most {limits.max_columns})")
        rows: list[dict] = []
        for batch in pf.iter_batches(batch_size=1000):
            for r in batch.to_pylist():
                if len(rows) >= limits.max_rows:
                    return DataFile("parquet", rows, names, truncated=True)
                rows.append(_object_row(r, len(rows) + 1, limits))
    except DataFileError:
        raise
    except Exception as exc:  # noqa: BLE001 - Arrow's errors, in one line
        raise DataFileError(f"unreadable Parquet ({type(exc).__name__}: {str(exc)[:200]})") from None
    return DataFile("parquet", rows, names)


def _columns(rows: list[dict]) -> list[str]:
    seen: dict[str, None] = {}
    for r in rows[:100]:
        seen.update(dict.fromkeys(r))
    return list(seen)


def read_file(path: str | Path, limits: Limits = LIMITS) -> DataFile:
    """The rows of a local file, its kind found from its content; raises DataFileError."""
    p = Path(path)
    size = p.stat().st_size
    if size > limits.max_bytes:
        raise DataFileError(f"the file is {size / 1e6:.1f} MB (at most {limits.max_bytes / 1e6:.0f} MB)")
    kind = sniff(p)
    try:
        data = {"csv": _read_csv, "jsonl": _read_jsonl, "json": _read_json, "parquet": _read_parquet}[kind](
            p, limits
        )
    except UnicodeDecodeError as exc:
        raise DataFileError(f"not UTF-8 text (byte {exc.start + 1})") from None
    if not data.rows:
        raise DataFileError("the file has a header but no rows" if kind == "csv" else "the file has no rows")
    return data


def read_hub(name: str, config: str | None, split: str, limits: Limits = LIMITS) -> DataFile:
    """The first rows of a Hub dataset (streamed: nothing else is downloaded)."""
    if not re.fullmatch(r"[A-Za-z0-9][\w.-]*(/[\w.-]+)?", name or ""):
        raise DataFileError(f"{name!r} is not a Hub dataset id (USER/NAME)")
    from datasets import load_dataset

    try:
        ds = load_dataset(name, config or None, split=split or "train", streaming=True)
        rows = [_object_row(r, i, limits) for i, r in enumerate(ds.take(limits.max_rows), 1)]
    except DataFileError:
        raise
    except Exception as exc:  # noqa: BLE001 - offline, gated, unknown: one line
        text = f"{type(exc).__name__}: {exc}".splitlines()[0][:300]
        low = text.lower()
        if "offline" in low or "couldn't reach" in low or "connection" in low:
            text = f"no network (or offline mode) and it is not in the local cache ({text})"
        elif "gated" in low or "401" in low or "403" in low:
            text = f"the dataset is gated: accept its terms on the Hub and set HF_TOKEN ({text})"
        raise DataFileError(f"could not read the Hub dataset {name!r}: {text}") from None
    if not rows:
        raise DataFileError(f"the Hub dataset {name!r} ({split}) has no rows")
    return DataFile("hub", rows, _columns(rows))


# ---- storing ------------------------------------------------------------------------------------


def sha256_file(path: str | Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def safe_name(name: str, kind: str) -> str:
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", Path(name or "data").stem).strip("._") or "data"
    return f"{stem[:60]}.{kind}"


def _inside(path: Path, folder: Path) -> Path:
    path, folder = path.resolve(), folder.resolve()
    if path != folder and folder not in path.parents:
        raise DataFileError(f"refused to write outside {folder}")
    return path


@dataclass
class StoredFile:
    path: str
    sha256: str
    kind: str
    rows: int
    columns: list[str]
    truncated: bool = False
    first_rows: list[dict] = field(default_factory=list)


def store_upload(src: str | Path, runs_dir: str | Path, name: str | None = None, limits: Limits = LIMITS):
    """Check an uploaded file (size, kind by content, every row read) and copy it to
    `runs_dir/uploads/<sha256[:16]>/<name>`; returns (StoredFile, DataFile)."""
    src = Path(src)
    data = read_file(src, limits)
    digest = sha256_file(src)
    folder = Path(runs_dir) / UPLOADS / digest[:16]
    dest = _inside(folder / safe_name(name or src.name, data.kind), Path(runs_dir))
    dest.parent.mkdir(parents=True, exist_ok=True)
    if not dest.exists():
        shutil.copyfile(src, dest)
    return StoredFile(str(dest), digest, data.kind, len(data.rows), data.columns, data.truncated), data


def store_rows(rows: list[dict], runs_dir: str | Path, name: str) -> StoredFile:
    """Rows written as JSONL under `runs_dir/uploads/<sha256[:16]>/` (a filtered copy)."""
    body = "".join(json.dumps(r, ensure_ascii=False, default=str) + "\n" for r in rows).encode()
    digest = hashlib.sha256(body).hexdigest()
    dest = _inside(Path(runs_dir) / UPLOADS / digest[:16] / safe_name(name, "jsonl"), Path(runs_dir))
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_bytes(body)
    return StoredFile(str(dest), digest, "jsonl", len(rows), _columns(rows))


def pin_uploads(raw: dict, run_dir: str | Path, runs_dir: str | Path) -> dict:
    """A recipe whose sources point at checked uploads (a `sha256` is recorded) gets copies of those
    files in its own run folder (`run_dir/data/`), checked against their hash; the paths are
    rewritten to the copies. Other sources are left as they are."""
    out = dict(raw)
    sources = []
    for src in raw.get("datasets") or []:
        if isinstance(src, dict) and src.get("sha256") and src.get("path"):
            path = Path(str(src["path"]))
            if not path.is_absolute():
                from tutor.core.train_config import REPO_ROOT

                path = REPO_ROOT / path
            if not path.is_file():
                raise DataFileError(f"data file {path} is missing")
            if sha256_file(path) != src["sha256"]:
                raise DataFileError(
                    f"data file {path.name} changed since it was checked (its SHA-256 differs)"
                )
            dest = _inside(Path(run_dir) / "data" / f"{str(src['sha256'])[:16]}-{path.name}", Path(runs_dir))
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, dest)
            src = {**src, "path": str(dest)}
        sources.append(src)
    out["datasets"] = sources
    return out
