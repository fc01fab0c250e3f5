"""The recorded split of the outside word-problem corpora (issue 25): one row per problem, a
part from a hash of its corpus, id and text (so the held-out part never changes by accident)."""

from __future__ import annotations

import json
from collections import Counter

from bench.make_word_split import HELDOUT_SHARE, SPLIT, part_of


def test_split_file_is_complete_and_stable():
    rows = [json.loads(x) for x in SPLIT.read_text().splitlines()]
    keys = [(r["corpus"], r["id"]) for r in rows]
    assert len(keys) == len(set(keys))
    counts = Counter(r["corpus"] for r in rows)
    assert counts == {"asdiv": 2305, "gsm8k": 1319}
    for corpus in ("asdiv", "gsm8k"):
        held = sum(r["part"] == "heldout" for r in rows if r["corpus"] == corpus)
        assert abs(held / counts[corpus] - HELDOUT_SHARE) < 0.03
    assert all(r["part"] in ("dev", "heldout") and len(r["sha256_16"]) == 16 and r["source"] for r in rows)


def test_part_depends_only_on_the_row():
    assert part_of("asdiv", "x-1", "text") == part_of("asdiv", "x-1", "text")
    parts = {part_of("asdiv", f"id-{i}", "t") for i in range(50)}
    assert parts == {"dev", "heldout"}
