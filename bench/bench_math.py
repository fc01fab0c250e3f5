"""Math core benchmark (issue 12): how often the offline engine answers and is right, how
trustworthy the verdict badges are, and how the grader reads final answers.

    python -m bench.bench_math [--limit N] [--write]

Corpus: bench/data/math_corpus.jsonl (built by bench/make_math_corpus.py; every row records its
source). `--write` puts the figures in BENCHMARKS.md between the "issue 12" markers (the rest of
the file is left alone) and in bench/math_results.json.
"""

from __future__ import annotations

import argparse
import json
import re
import time
from collections import Counter, defaultdict
from pathlib import Path

from bench.common import replace_section

ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path(__file__).with_name("data") / "math_corpus.jsonl"
HELDOUT = Path(__file__).with_name("data") / "math_heldout.jsonl"
# Textbook-style problems written by team members who did not read the solver (sources per row):
# the first was used while improving the solver after 2026-12-02 01:15; the second never was.
TEXTBOOK = Path(__file__).with_name("data") / "textbook_corpus.jsonl"
TEXTBOOK_HELDOUT = Path(__file__).with_name("data") / "textbook_heldout.jsonl"
BEGIN, END = "<!-- issue-12 math core: begin -->", "<!-- issue-12 math core: end -->"


def _same(sol, gold: str) -> bool:
    """Is the solver's answer the corpus's gold answer (mathematics_dataset writes SymPy syntax,
    True/False, and comma lists)?"""
    import sympy as sp

    from tutor.math.grading import answers_equal

    ans = sol.answer_latex
    if gold in ("True", "False"):
        return f"\\text{{{gold}}}" == ans
    if "," in gold:
        a, g = [t.strip() for t in ans.split(",")], [t.strip() for t in gold.split(",")]
        return len(a) == len(g) and all(answers_equal(x, y) for x, y in zip(a, g))
    if answers_equal(ans, gold):
        return True
    try:
        g = sp.sympify(gold.replace("^", "**"))
        val = sol.answer
        if isinstance(val, dict) or isinstance(val, list):
            return False
        return bool(sp.simplify(sp.sympify(val) - g) == 0)
    except Exception:  # noqa: BLE001
        return False


def offline(path: Path, limit: int | None = None) -> dict:
    """Only the offline engine's answered / right figures, on another corpus file."""
    from tutor.math import solve

    rows = [json.loads(line) for line in path.read_text().splitlines() if line.strip()][:limit]
    answered = right = 0
    wrong = []
    for r in rows:
        sol = solve(r["problem"])
        if sol.ok:
            answered += 1
            if _same(sol, r["gold"]):
                right += 1
            else:
                wrong.append((r["problem"], r["gold"], sol.answer_latex))
    return {
        "n": len(rows),
        "answered": answered,
        "right": right,
        "answered_pct": round(100 * answered / max(1, len(rows)), 1),
        "right_of_answered_pct": round(100 * right / max(1, answered), 1),
        "wrong_examples": wrong[:10],
    }


def textbook(path: Path, limit: int | None = None) -> dict:
    """The offline engine on a textbook-style corpus whose gold answers are written as people
    write them ("x = 2 or x = 3", "x > 3", "36%", "yes"). An answer counts as right when the math
    core verifies the gold stated as a reply (the gold equals the solver's own answer) or the
    grader finds the gold in the solver's reply (math-verify equivalence); everything else
    answered is listed for a person to read (`unconfirmed`), so the figure can only undercount."""
    from tutor.math import grade, solve, verify

    rows = [json.loads(line) for line in path.read_text().splitlines() if line.strip()][:limit]
    per_kind: dict[str, Counter] = defaultdict(Counter)
    answered = right = 0
    unconfirmed = []
    for r in rows:
        c = per_kind[r["kind"]]
        c["n"] += 1
        sol = solve(r["problem"])
        if not sol.ok:
            continue
        answered += 1
        c["answered"] += 1
        ok = verify(r["problem"], f"The answer is {r['gold']}.").status == "verified"
        ok = ok or grade(sol.to_markdown(), r["gold"]).correct
        if ok:
            right += 1
            c["right"] += 1
        else:
            unconfirmed.append((r["kind"], r["problem"], r["gold"], sol.answer_latex))
    return {
        "n": len(rows),
        "answered": answered,
        "right": right,
        "answered_pct": round(100 * answered / max(1, len(rows)), 1),
        "right_of_answered_pct": round(100 * right / max(1, answered), 1),
        "per_kind": {k: dict(v) for k, v in sorted(per_kind.items())},
        "unconfirmed": unconfirmed,
    }


def run(limit: int | None = None) -> dict:
    from tutor.math import grade, solve
    from tutor.math.checks import verify_many

    rows = [json.loads(line) for line in CORPUS.read_text().splitlines() if line.strip()]
    typed = [r for r in rows if r["module"] != "gsm8k"][:limit]
    words = [r for r in rows if r["module"] == "gsm8k"][: limit and 3 * limit]

    # 1. offline engine on typed school problems
    t0 = time.perf_counter()
    per_module = defaultdict(Counter)
    answered, right, wrong_rows, solved = 0, 0, [], []
    for r in typed:
        sol = solve(r["problem"])
        c = per_module[r["module"]]
        c["n"] += 1
        if sol.ok:
            answered += 1
            c["answered"] += 1
            if _same(sol, r["gold"]):
                right += 1
                c["right"] += 1
                solved.append(r)
            else:
                wrong_rows.append((r["problem"], r["gold"], sol.answer_latex))
    solve_s = time.perf_counter() - t0

    # 2. verdicts on typed problems: the gold answer stated, and a wrong one (gold + 1)
    items, truth = [], []
    for r in solved:
        items.append((r["problem"], f"The answer is {r['gold']}."))
        truth.append(True)
        if re.fullmatch(r"-?\d+", r["gold"]):
            items.append((r["problem"], f"The answer is {int(r['gold']) + 1}."))
            truth.append(False)
        elif r["gold"] in ("True", "False"):
            items.append((r["problem"], f"The answer is {'False' if r['gold'] == 'True' else 'True'}."))
            truth.append(False)
    # 3. verdicts on GSM8K worked replies: as written, one calculation altered, final altered
    for r in words:
        items.append((r["problem"], r["reply"]))
        truth.append(r["alter"] is None)
    t0 = time.perf_counter()
    verdicts = verify_many(items, timeout=120)
    verify_s = time.perf_counter() - t0
    typed_v = verdicts[: len(verdicts) - len(words)]
    typed_t = truth[: len(typed_v)]
    word_v = verdicts[len(typed_v) :]

    verified_on_wrong = sum(v.status == "verified" and not t for v, t in zip(verdicts, truth))
    verified_total = sum(v.status == "verified" for v in verdicts)
    wrong_on_right = sum(v.status == "wrong" and t for v, t in zip(verdicts, truth))
    by_alter = defaultdict(Counter)
    for r, v in zip(words, word_v):
        by_alter[r["alter"] or "as written"][v.status] += 1
    calc_err_on_right = by_alter["as written"]["calculation_error"]

    # 4. grader on the GSM8K replies
    g_right = sum(grade(r["reply"], r["gold"]).correct for r in words if r["alter"] is None)
    g_final = sum(grade(r["reply"], r["gold"]).correct for r in words if r["alter"] == "final")
    n_plain = sum(r["alter"] is None for r in words)
    n_final = sum(r["alter"] == "final" for r in words)

    return {
        "corpus_rows": len(rows),
        "typed_problems": len(typed),
        "gsm8k_replies": len(words),
        "offline": {
            "answered": answered,
            "right": right,
            "answered_pct": round(100 * answered / max(1, len(typed)), 1),
            "right_of_answered_pct": round(100 * right / max(1, answered), 1),
            "seconds": round(solve_s, 1),
            "per_module": {k: dict(v) for k, v in sorted(per_module.items())},
            "wrong_examples": wrong_rows[:10],
        },
        "verdicts": {
            "verified_total": verified_total,
            "verified_on_wrong": verified_on_wrong,
            "verified_on_wrong_pct": round(100 * verified_on_wrong / max(1, verified_total), 2),
            "wrong_on_right_answer": wrong_on_right,
            "typed_right_verified": sum(v.status == "verified" for v, t in zip(typed_v, typed_t) if t),
            "typed_right": sum(typed_t),
            "typed_wrong_flagged": sum(v.status == "wrong" for v, t in zip(typed_v, typed_t) if not t),
            "typed_wrong": sum(not t for t in typed_t),
            "gsm8k": {k: dict(v) for k, v in by_alter.items()},
            "calculation_error_on_right_pct": round(100 * calc_err_on_right / max(1, n_plain), 2),
            "seconds": round(verify_s, 1),
        },
        "heldout": offline(HELDOUT, limit) if HELDOUT.exists() else None,
        "textbook": textbook(TEXTBOOK, limit) if TEXTBOOK.exists() else None,
        "textbook_heldout": textbook(TEXTBOOK_HELDOUT, limit) if TEXTBOOK_HELDOUT.exists() else None,
        "grader": {
            "gsm8k_as_written_correct": g_right,
            "gsm8k_as_written": n_plain,
            "gsm8k_final_altered_marked_correct": g_final,
            "gsm8k_final_altered": n_final,
        },
    }


def _textbook_rows(label: str, t: dict | None) -> list[str]:
    if not t:
        return []
    return [
        f"| offline engine on the {label}: answered | {t['answered']}/{t['n']} ({t['answered_pct']}%) | >= 60% |",
        f"| offline engine on the {label}: right, of the answers it gives (confirmed) | "
        f"{t['right']}/{t['answered']} ({t['right_of_answered_pct']}%) | >= 98% |",
    ]


def _textbook_notes(res: dict) -> list[str]:
    out = [
        "The two textbook corpora were written on 2026-12-02 by two team members who had not read "
        "the solver, in different curricula's styles (sources per row). Measured first on the "
        "solver as it was then: the first 120/240 answered, 110/120 right; the second 124/237 "
        "answered, 100/124 right (wrong: `48 ÷ 6 × 2 = 4`, mixed numbers as products, `5! = 5`, "
        "`125% = 0.6`, `log_2 8` and `10C3` read with stray symbols, `i^2` left as a variable, an "
        "a + bi problem answered with the sentence's letters). The first was then used to find and "
        "fix failure classes; of the second only its failure classes (not its rows) were used, "
        "for log bases and nCr: neither is a clean held-out figure any more; the first "
        "measurement is.",
        "",
    ]
    for key, name in (("textbook", TEXTBOOK.name), ("textbook_heldout", TEXTBOOK_HELDOUT.name)):
        t = res.get(key)
        if not t:
            continue
        kinds = "; ".join(
            f"{k} {d.get('answered', 0)}/{d.get('right', 0)} of {d['n']}" for k, d in t["per_kind"].items()
        )
        out.append(f"{name} per kind (answered/right of n): {kinds}.")
        out.append("")
        if t["unconfirmed"]:
            out.append(
                f"{name}: answered but not confirmed right automatically (read by a person: a wrong "
                "answer, or a right one written in another form):"
            )
            out.append("")
            out += [f"- {k}: `{p}` gold `{g}`, solver `{a}`" for k, p, g, a in t["unconfirmed"]]
            out.append("")
    return out


def render(res: dict) -> str:
    o, v, g, h = res["offline"], res["verdicts"], res["grader"], res.get("heldout")
    gs = v["gsm8k"]

    def dist(k):
        d = gs.get(k, {})
        return ", ".join(f"{s} {n}" for s, n in sorted(d.items())) or "-"

    lines = [
        BEGIN,
        "## Math core (issue 12): offline engine, verdict badges, grader",
        "",
        f"`python -m bench.bench_math --write` on bench/data/math_corpus.jsonl ({res['corpus_rows']} rows: "
        f"{res['typed_problems']} typed school problems from DeepMind's mathematics_dataset 1.0.1 "
        f"train-easy, {res['gsm8k_replies']} GSM8K train worked replies as written and altered; "
        "sources per row in the file, built by bench/make_math_corpus.py).",
        "",
        "| figure | value | target |",
        "| --- | --- | --- |",
        f"| offline engine: answered | {o['answered']}/{res['typed_problems']} ({o['answered_pct']}%) | >= 60% |",
        f"| offline engine: right, of the answers it gives | {o['right']}/{o['answered']} ({o['right_of_answered_pct']}%) | >= 98% |",
        *(
            [
                f"| offline engine on the held-out draw (other seeds, never used to tune): answered | "
                f"{h['answered']}/{h['n']} ({h['answered_pct']}%) | >= 60% |",
                f"| offline engine on the held-out draw: right, of the answers it gives | "
                f"{h['right']}/{h['answered']} ({h['right_of_answered_pct']}%) | >= 98% |",
            ]
            if h
            else []
        ),
        *(
            _textbook_rows(
                "first textbook corpus (written without reading the solver; used while improving it)",
                res.get("textbook"),
            )
        ),
        *(
            _textbook_rows(
                "second textbook corpus (written without reading the solver; see the note on its use)",
                res.get("textbook_heldout"),
            )
        ),
        f'| "verified" badges on a wrong answer | {v["verified_on_wrong"]}/{v["verified_total"]} ({v["verified_on_wrong_pct"]}%) | <= 2% |',
        f'| "calculation error" on an unaltered GSM8K reply | {gs.get("as written", {}).get("calculation_error", 0)}/'
        f"{sum(gs.get('as written', {}).values())} ({v['calculation_error_on_right_pct']}%) | <= 2% |",
        f'| "wrong" on a right answer | {v["wrong_on_right_answer"]} | 0 |',
        f"| typed problems: right answer verified | {v['typed_right_verified']}/{v['typed_right']} | |",
        f"| typed problems: wrong answer (gold + 1, or True/False flipped) marked wrong | {v['typed_wrong_flagged']}/{v['typed_wrong']} | |",
        f"| GSM8K as written (people's right solutions): verdicts | {dist('as written')} | never wrong or calculation_error (verified only where the engine settled the story) |",
        f"| GSM8K one calculation altered: verdicts | {dist('calculation')} | calculation_error |",
        f"| GSM8K final answer altered: verdicts | {dist('final')} | never verified (wrong where the engine settled the story) |",
        f"| grader: GSM8K replies as written graded correct | {g['gsm8k_as_written_correct']}/{g['gsm8k_as_written']} | all |",
        f"| grader: final answer altered graded correct | {g['gsm8k_final_altered_marked_correct']}/{g['gsm8k_final_altered']} | 0 |",
        "",
        f"Offline solve time {o['seconds']} s for {res['typed_problems']} problems; verdicts "
        f"{v['seconds']} s (one trip to the SymPy worker). Per kind (answered/right of n): "
        + "; ".join(
            f"{k} {d.get('answered', 0)}/{d.get('right', 0)} of {d['n']}" for k, d in o["per_module"].items()
        )
        + ".",
        "",
        *_textbook_notes(res),
        "Notes. The everyday phrasings (tutor/math/everyday.py) were written after looking at the "
        "main corpus's refusals, so its answered figure is in-sample; the held-out draw (same "
        "generator, other seeds, never looked at while writing them) is the fairer one, but its "
        "phrasing templates are the same generator's: problem sets written by other people will "
        "answer less often. Right-of-answered is what the design protects: an unknown word is a "
        'refusal, never a guess. A word problem gets "verified" or "wrong" only where the offline '
        'engine settled the story itself (issue 25); elsewhere its badge is "calculations checked" '
        '(neutral) or "calculation error". An altered '
        "calculation goes unseen when the changed number stands in prose without its expression "
        '("he has 25 apples"): then there is nothing to check, and the badge says only how many '
        "calculations were read."
        + (
            ' The typed wrong answers not marked wrong get no verdict, never "verified".'
            if v["typed_wrong_flagged"] < v["typed_wrong"]
            else ""
        ),
        END,
    ]
    return "\n".join(lines)


def write(res: dict) -> None:
    (ROOT / "bench" / "math_results.json").write_text(json.dumps(res, indent=1) + "\n")
    replace_section(ROOT / "BENCHMARKS.md", BEGIN, END, render(res))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=None, help="first N typed problems / GSM8K rows")
    ap.add_argument("--write", action="store_true", help="update BENCHMARKS.md and bench/math_results.json")
    ap.add_argument("--words", action="store_true", help="only the word-problem figures (issue 25)")
    ap.add_argument(
        "--heldout",
        action="store_true",
        help="also measure the word problems' held-out part (once, at the end)",
    )
    args = ap.parse_args()
    if args.words:
        from bench import bench_words

        res = (
            bench_words.write(args.limit, heldout=args.heldout)
            if args.write
            else bench_words.badge(args.limit)
        )
        print(json.dumps(res, indent=1)[:4000])
        return
    res = run(args.limit)
    print(json.dumps(res, indent=1))
    if args.write:
        write(res)


if __name__ == "__main__":
    main()
