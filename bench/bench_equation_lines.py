"""Lines with an unknown checked as equations (issue 25 item 3): how often the first altered line
of a derivation is located exactly, and how often a line nobody altered is called wrong.

Derivations: the offline solver's worked steps (each displayed ``$$lhs = rhs$$``, one a line) for
every problem of the development corpora that it answers (bench/data/math_corpus.jsonl's typed
problems from mathematics_dataset, bench/data/textbook_corpus.jsonl): written before this checker
existed, on problems nobody here wrote. Unaltered: every derivation as the solver wrote it (every
line read is a chance of a false alarm). Altered: for each line after the first with a number on one
side, a copy with that number changed (+1, and its sign flipped) — the checker should name that
line. Run: ``python -m bench.bench_equation_lines`` (a few seconds)."""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from pathlib import Path

DATA = Path(__file__).with_name("data")
CORPORA = ("math_corpus.jsonl", "textbook_corpus.jsonl")  # the development parts only


def derivations() -> list[tuple[str, list[str]]]:
    from tutor.math import solve
    from tutor.math.problems import Solution

    out = []
    for name in CORPORA:
        for raw in (DATA / name).read_text().splitlines():
            row = json.loads(raw)
            if row.get("module") == "gsm8k":
                continue
            sol = solve(row["problem"])
            if not isinstance(sol, Solution):
                continue
            lines = [m[-1] for m in (re.findall(r"\$\$(.+?)\$\$", s) for s in sol.steps) if m]
            if len(lines) >= 2:
                out.append((row["problem"], lines))
    return out


def _altered(line: str) -> list[str]:
    """Copies of an equation line with its number side changed (+1, sign flipped)."""
    left, _, right = line.partition("=")
    out = []
    for side, other, put in (
        (right, left, lambda s: f"{left}= {s}"),
        (left, right, lambda s: f"{s} ={right}"),
    ):
        m = re.fullmatch(r"\s*(-?\s*\d+)\s*", side)
        if m and re.search(r"[a-z]", other):
            n = int(m.group(1).replace(" ", ""))
            out += [put(str(n + 1))] + ([put(str(-n))] if n else [])
            break
    return out


def run() -> dict:
    from tutor.math.checking.lines import first_unimplied_line, read_equation

    t0 = time.perf_counter()
    c: Counter = Counter({"false alarms (unaltered derivations)": 0})
    for problem, lines in derivations():
        c["derivations"] += 1
        read = sum(1 for ln in lines if read_equation(ln) is not None)
        c["lines"] += len(lines)
        c["lines read as equations"] += read
        if first_unimplied_line(problem, lines) is not None:
            c["false alarms (unaltered derivations)"] += 1
        for k in range(1, len(lines)):
            if read_equation(lines[k]) is None:
                continue
            for bad in _altered(lines[k]):
                c["altered"] += 1
                got = first_unimplied_line(problem, lines[:k] + [bad] + lines[k + 1 :])
                if got is not None and got["line"] == k + 1:
                    c["located exactly"] += 1
                elif got is not None:
                    c["named another line"] += 1
                else:
                    c["not found"] += 1
    return {**c, "seconds": round(time.perf_counter() - t0, 1)}


if __name__ == "__main__":
    print(json.dumps(run(), indent=1))
