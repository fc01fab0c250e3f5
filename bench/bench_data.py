"""Data streaming: rows/s and peak memory while streaming a large local parquet source through the
training data pipeline (`train.data.build_datasets`: load -> GSM8K formatter -> prompt/completion
-> seeded buffer shuffle), vs materializing the same rows into a list and `Dataset.from_list`, as
the seed scripts did.

The parquet file (1M rows; 100k with --quick) is generated here with pyarrow: GSM8K-style rows
(`question`, `answer` with `<<calc>>` annotations and a `#### N` line), 300-1500 characters each,
every row distinct, dictionary encoding off so the file holds all the text. Each side runs in its
own child process, so its peak RSS (VmHWM) is its own.

    python -m bench.bench_data stream|materialize PATH   (the child side; prints JSON)
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SAMPLE_AT = (10_000, 50_000, 100_000, 200_000, 500_000, 1_000_000)

_NAMES = [
    "Janet",
    "Natalia",
    "Weng",
    "Betty",
    "Julie",
    "James",
    "Mark",
    "Albert",
    "Ken",
    "Alexis",
    "Tina",
    "Joy",
    "Randy",
    "Carla",
    "Hans",
    "Mia",
    "Omar",
    "Priya",
    "Chen",
    "Lucas",
]
_ITEMS = [
    "eggs",
    "clips",
    "books",
    "apples",
    "marbles",
    "stickers",
    "pencils",
    "cookies",
    "tickets",
    "shells",
]
_STEP = (
    "{n} sold {a} {item} on day {d}, so the running total is {t} {item}. "
    "Multiplying by the price of ${p} gives {a}*{p} = <<{a}*{p}={ap}>>{ap} dollars for that day. "
)


def make_parquet(path: Path, n_rows: int, seed: int = 0, batch: int = 50_000) -> dict:
    import random

    import pyarrow as pa
    import pyarrow.parquet as pq

    rng = random.Random(seed)
    schema = pa.schema([("question", pa.string()), ("answer", pa.string())])
    total_chars = 0
    t0 = time.perf_counter()
    with pq.ParquetWriter(str(path), schema, use_dictionary=False, compression="snappy") as writer:
        for start in range(0, n_rows, batch):
            qs, ans = [], []
            for i in range(start, min(start + batch, n_rows)):
                name, item = _NAMES[i % 20], _ITEMS[(i // 20) % 10]
                p, days = rng.randint(2, 9), rng.randint(1, 7)
                q = (
                    f"Problem {i}: {name} sells {item} at a market for ${p} each. Over {days} days "
                    f"{name} sells a different number of {item} every day. How much money does "
                    f"{name} make in total?"
                )
                steps, t, money = [], 0, 0
                for d in range(1, days + 1):
                    a = rng.randint(3, 99)
                    t += a
                    money += a * p
                    steps.append(_STEP.format(n=name, a=a, item=item, d=d, t=t, p=p, ap=a * p))
                answer = "".join(steps) + f"In total {name} makes {money} dollars.\n#### {money}"
                qs.append(q)
                ans.append(answer)
                total_chars += len(q) + len(answer)
            writer.write_table(pa.table({"question": qs, "answer": ans}, schema=schema))
    return {
        "rows": n_rows,
        "avg_chars": total_chars / n_rows,
        "bytes": path.stat().st_size,
        "seconds": time.perf_counter() - t0,
    }


def _rss() -> float:
    from bench.common import rss_mb

    return rss_mb() or 0.0


def child_stream(path: str) -> dict:
    from train.config import build_config
    from train.data import build_datasets

    base = _rss()
    cfg = build_config(
        {
            "model": "runs/.tiny-model",
            "max_steps": 1,
            "shuffle_buffer": 1000,
            "datasets": [{"name": "bench", "path": path, "format": "gsm8k"}],
        }
    )
    train, _, _ = build_datasets(cfg)
    samples, n, chars = {}, 0, 0
    t0 = time.perf_counter()
    for row in train:
        n += 1
        chars += len(row["completion"][0]["content"])
        if n in SAMPLE_AT:
            samples[n] = _rss()
    dt = time.perf_counter() - t0
    from bench.common import peak_rss_mb

    return {
        "rows": n,
        "seconds": dt,
        "rows_per_s": n / dt,
        "rss_mb_at": samples,
        "rss_mb_start": base,
        "peak_rss_mb": peak_rss_mb(),
        "chars": chars,
    }


def child_materialize(path: str) -> dict:
    import pyarrow.parquet as pq
    from datasets import Dataset

    from train.data import format_gsm8k, to_prompt_completion
    from tutor import SYSTEM_PROMPT

    base = _rss()
    t0 = time.perf_counter()
    rows, samples = [], {}
    pf = pq.ParquetFile(path)
    for batch in pf.iter_batches(batch_size=10_000):
        for r in batch.to_pylist():
            rows.append(to_prompt_completion(format_gsm8k(r, SYSTEM_PROMPT)))
            if len(rows) in SAMPLE_AT:
                samples[len(rows)] = _rss()
    ds = Dataset.from_list(rows)
    n = len(ds)
    chars = sum(len(c[0]["content"]) for c in ds.select(range(min(n, 1000)))["completion"])
    dt = time.perf_counter() - t0
    from bench.common import peak_rss_mb

    return {
        "rows": n,
        "seconds": dt,
        "rows_per_s": n / dt,
        "rss_mb_at": samples,
        "rss_mb_start": base,
        "peak_rss_mb": peak_rss_mb(),
        "chars_first_1000": chars,
    }


def _child(mode: str, path: Path) -> dict:
    from tutor.core.paths import REPO_ROOT

    out = subprocess.run(
        [sys.executable, "-m", "bench.bench_data", mode, str(path)],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
    )
    if out.returncode != 0:
        raise RuntimeError(f"{mode} child failed: {out.stderr.strip()[-800:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def run(quick: bool = True) -> dict:
    n_rows = 100_000 if quick else 1_000_000
    with tempfile.TemporaryDirectory(prefix="bench-data-") as tmp:
        path = Path(tmp) / "math.parquet"
        made = make_parquet(path, n_rows)
        ours = _child("stream", path)
        base = _child("materialize", path)
    assert ours["rows"] == n_rows == base["rows"], (ours["rows"], base["rows"], n_rows)
    at = {int(k): v for k, v in ours["rss_mb_at"].items()}
    first, last = at.get(10_000), at.get(n_rows)
    growth = (last - first) if first and last else None
    flat = growth is not None and growth < 100
    peak_ok = ours["peak_rss_mb"] < 1024
    b_at = {int(k): v for k, v in base["rss_mb_at"].items()}
    rows = [
        {
            "what": f"rows/s streaming {n_rows:,} parquet rows through `build_datasets` vs list + "
            "`Dataset.from_list`",
            "ours": f"{ours['rows_per_s']:,.0f} rows/s",
            "baseline": f"{base['rows_per_s']:,.0f} rows/s",
            "ratio": ours["rows_per_s"] / base["rows_per_s"],
            "target": "–",
            "met": None,
        },
        {
            "what": f"peak RSS over {n_rows:,} rows (ratio = baseline ÷ ours)",
            "ours": f"{ours['peak_rss_mb']:,.0f} MiB",
            "baseline": f"{base['peak_rss_mb']:,.0f} MiB",
            "ratio": base["peak_rss_mb"] / ours["peak_rss_mb"],
            "target": "< 1 GiB",
            "met": peak_ok,
        },
        {
            "what": f"RSS at 10k rows → at {n_rows:,} rows (flat: grows < 100 MiB)",
            "ours": f"{first:,.0f} → {last:,.0f} MiB",
            "baseline": f"{b_at.get(10_000, 0):,.0f} → {b_at.get(n_rows, 0):,.0f} MiB",
            "ratio": None,
            "target": "flat",
            "met": flat,
        },
    ]
    notes = [
        f"source: {n_rows:,} generated GSM8K-style rows, {made['avg_chars']:.0f} chars on "
        f"average, parquet {made['bytes'] / 2**20:,.0f} MiB (snappy, no dictionary)",
        "ours: `train.data.build_datasets` (streaming `load_dataset('parquet')`, GSM8K "
        "formatter, prompt/completion, shuffle buffer 1000), iterated to the end",
        "baseline: pyarrow batches → formatted dicts in a Python list → `Dataset.from_list`",
        f"RSS samples, ours: {ours['rss_mb_at']}; baseline: {base['rss_mb_at']}",
        "one run per side (each in its own process); the throughput ratio is not interleaved",
    ]
    return {"rows": rows, "raw": {"source": made, "ours": ours, "baseline": base}, "notes": notes}


if __name__ == "__main__":
    mode, p = sys.argv[1], sys.argv[2]
    result = child_stream(p) if mode == "stream" else child_materialize(p)
    print(json.dumps(result))
