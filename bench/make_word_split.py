"""The one split of the outside word-problem corpora into a development part and a held-out part
(issue 25), written once to bench/data/wordproblem_split.jsonl.

    python -m bench.make_word_split

Every row of ../shared/data/asdiv/asdiv.jsonl (by `id`) and ../shared/data/gsm8k/test.jsonl (by
line number) gets a part from the SHA-256 of its corpus name, id and text: deterministic, no
seed, and independent of the order or the content of the other rows. The file records each row's
corpus, id, source file, the hash of its text (so a changed row is noticed) and its part. The
held-out part (40%) is never read while writing the word-problem rules; it is measured once
before the work and once at the end (BENCHMARKS.md).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
SPLIT = Path(__file__).with_name("data") / "wordproblem_split.jsonl"
HELDOUT_SHARE = 0.4
SOURCES = {
    "asdiv": "asdiv/asdiv.jsonl",  # ASDiv, chaochun/nlu-asdiv-dataset@883f90a9, by its `id`
    "gsm8k": "gsm8k/test.jsonl",  # GSM8K test (openai/grade-school-math), id = line number
}


def data_dir() -> Path:
    """The shared data folder (../shared/data from the repository root)."""
    return DATA


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def part_of(corpus: str, row_id: str, text: str) -> str:
    h = int(hashlib.sha256(f"{corpus}\n{row_id}\n{text}".encode()).hexdigest()[:8], 16)
    return "heldout" if h / 0xFFFFFFFF < HELDOUT_SHARE else "dev"


def corpus_rows(corpus: str) -> list[dict]:
    """The rows of one outside corpus, each with `id`, `text` (the whole problem), `gold` and,
    for ASDiv, its `solution_type`."""
    out = []
    if corpus == "asdiv":
        for line in (DATA / "asdiv" / "asdiv.jsonl").read_text().splitlines():
            r = json.loads(line)
            text = f"{r['body'].strip()} {r['question'].strip()}"
            out.append(
                {
                    "id": r["id"],
                    "text": text,
                    "gold": r["answer"],
                    "structure": r["solution_type"],
                    "grade": r["grade"],
                }
            )
    else:
        for i, line in enumerate((DATA / "gsm8k" / "test.jsonl").read_text().splitlines()):
            r = json.loads(line)
            gold = r["answer"].rsplit("####", 1)[-1].strip().replace(",", "")
            steps = r["answer"].count("<<")
            out.append(
                {
                    "id": f"gsm8k-test-{i:04d}",
                    "text": r["question"],
                    "gold": gold,
                    "structure": f"{min(steps, 4)}{'+' if steps >= 4 else ''} steps",
                }
            )
    return out


def load_split() -> dict[tuple[str, str], str]:
    """(corpus, id) -> "dev" / "heldout", from the recorded split file."""
    out = {}
    for line in SPLIT.read_text().splitlines():
        r = json.loads(line)
        out[(r["corpus"], r["id"])] = r["part"]
    return out


def rows(corpus: str, part: str) -> list[dict]:
    """The rows of `corpus` in `part` ("dev" or "heldout"), checked against the recorded hashes."""
    split = {}
    for line in SPLIT.read_text().splitlines():
        r = json.loads(line)
        if r["corpus"] == corpus:
            split[r["id"]] = r
    out = []
    for r in corpus_rows(corpus):
        rec = split[r["id"]]
        if rec["sha256_16"] != text_hash(r["text"]):
            raise RuntimeError(f"{corpus} row {r['id']} changed since the split was recorded")
        if rec["part"] == part:
            out.append(r)
    return out


def main() -> None:
    lines = []
    for corpus in ("asdiv", "gsm8k"):
        for r in corpus_rows(corpus):
            rec = {
                "corpus": corpus,
                "id": r["id"],
                "source": SOURCES[corpus],
                "sha256_16": text_hash(r["text"]),
                "part": part_of(corpus, r["id"], r["text"]),
            }
            lines.append(json.dumps(rec))
    SPLIT.write_text("\n".join(lines) + "\n")
    print(f"wrote {len(lines)} rows to {SPLIT}")


if __name__ == "__main__":
    main()
