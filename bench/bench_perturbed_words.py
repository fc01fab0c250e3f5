"""Precision of the offline word-problem engine on NUMBER-PERTURBED ASDiv problems (issue 25).

    python -m bench.bench_perturbed_words [--variants N] [--limit N] [--no-text]

A rule fitted to a corpus row's wording answers that row right and may answer the same story with
other numbers wrong (or not at all). Here every development-part ASDiv row whose formula is plain
arithmetic (numbers, + - * /, parentheses; or the remainder form "59/8=7 r3" of the division
structures) gets N seeded variants: each number of the text is replaced by another plausible number
of its kind, the gold is recomputed by evaluating the formula with the new numbers (exact
Fractions; the formula is parsed with `ast` and only numbers, + - * / and parentheses are
evaluated, never `eval`), and `tutor.math.solve` runs on the new text.

A row is skipped (counted, not perturbed) when its text's numbers cannot be matched one-to-one to
the formula's operands (a distractor number, a number the formula takes from a word such as
"twice" or "dozen", a time "3:30" or a fraction "1/2" in the text), or the formula is not plain
arithmetic, or the formula disagrees with the row's gold. The number 1 is never changed (it is as
often "a"/"one of" as a count, and "1 apples" is not English), so a 1 in the text or the formula
needs no partner.

Numbers the story's words tie down stay: 0 and 1, the counts up to the highest ordinal it names
("two boxes ... the second box"), 2 where it says "both", "the other" or "a pair", the n of "the n
of them", the count that divides a sum of that many amounts (a mean). A variant keeps the story's
sense: whole numbers stay whole (at least 2), decimals keep their places, round numbers stay as
round, percents stay under 100, minutes/seconds under 60, hours under 24, months under 12, years
near the year; the ORDER of all the text's numbers is kept (a part stays smaller than its whole),
and every step of the formula keeps its sign and, where it was whole, its wholeness (10 shared by 5
stays a whole number each; 8 - 3 stays positive). A variant that breaks one of these is drawn
again (at most 100 draws; one number may keep its value, not all).

Only the development part (`split_rows("asdiv", "dev")`) is used; the held-out part never. The
wrong answers are listed (text, engine answer, gold, the readers that answered) for EVEN numeric
ids only; odd ids are the check half and are reported as aggregates only. Nothing is written.
"""

from __future__ import annotations

import argparse
import ast
import json
import random
import re
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from fractions import Fraction

from bench.bench_words import answer_value, gold_value
from bench.make_word_split import data_dir
from bench.make_word_split import rows as split_rows

__all__ = [
    "UnsafeFormula",
    "eval_formula",
    "formula_operands",
    "parse_formula",
    "number_mentions",
    "perturb",
    "substitute",
]

MAX_FORMULA = 200  # characters of a formula's left side; ASDiv's longest plain one is far shorter
MAX_DEPTH = 30
DRAWS = 100


class UnsafeFormula(ValueError):
    """A formula that is not plain arithmetic of numbers (a name, a call, a power, an attribute)."""


# ---- the formula: parsed with ast, only numbers, + - * / and parentheses evaluated ---------------

_OPS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/"}


def _tree(expr: str) -> ast.expr:
    if len(expr) > MAX_FORMULA:
        raise UnsafeFormula("formula too long")
    try:
        tree = ast.parse(expr.strip(), mode="eval")
    except SyntaxError as e:
        raise UnsafeFormula(f"not arithmetic: {expr!r}") from e
    return tree.body


def _walk(node: ast.expr, src: str, values: dict[Fraction, Fraction] | None, steps: list, depth: int = 0):
    if depth > MAX_DEPTH:
        raise UnsafeFormula("formula nested too deep")
    if isinstance(node, ast.Constant) and type(node.value) in (int, float):
        seg = ast.get_source_segment(src, node)
        v = Fraction(seg if seg is not None else str(node.value))  # "0.1" exactly, not the float
        return values.get(v, v) if values is not None else v
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        v = _walk(node.operand, src, values, steps, depth + 1)
        return -v if isinstance(node.op, ast.USub) else v
    if isinstance(node, ast.BinOp) and type(node.op) in _OPS:
        a = _walk(node.left, src, values, steps, depth + 1)
        b = _walk(node.right, src, values, steps, depth + 1)
        op = type(node.op)
        if op is ast.Add:
            v = a + b
        elif op is ast.Sub:
            v = a - b
        elif op is ast.Mult:
            v = a * b
        else:
            if b == 0:
                raise ZeroDivisionError("division by zero in the formula")
            v = a / b
        steps.append(v)
        return v
    raise UnsafeFormula(f"not plain arithmetic: {ast.dump(node)[:60]}")


def eval_formula(
    expr: str, values: dict[Fraction, Fraction] | None = None, steps: list | None = None
) -> Fraction:
    """The exact value of an arithmetic expression ("(5+3)*2"), with each number v read as
    values[v] when `values` maps it; the value of every operation is appended to `steps`.
    Raises UnsafeFormula for anything but numbers, + - * /, unary minus and parentheses."""
    src = expr.strip()
    return _walk(_tree(src), src, values, steps if steps is not None else [])


def formula_operands(expr: str) -> list[Fraction]:
    """The numbers an arithmetic expression uses, in order (after checking it is plain arithmetic)."""
    src = expr.strip()
    eval_formula(src)
    nodes = [n for n in ast.walk(_tree(src)) if isinstance(n, ast.Constant)]
    return [Fraction(_segment(src, n)) for n in sorted(nodes, key=lambda n: n.col_offset)]


@dataclass(frozen=True)
class Formula:
    lhs: str  # the arithmetic
    result: Fraction  # the value the row states after "="
    remainder: Fraction | None  # "59/8=7 r3": the remainder stated


_FORMULA = re.compile(r"\s*([\d.+\-*/() ]+?)\s*=\s*(\d+(?:\.\d+)?)\s*(?:r\s*(\d+))?\s*")


def parse_formula(formula: str) -> Formula | None:
    """An ASDiv formula of one step ("8-3=5", "(5+3)*2=16", "59/8=7 r3"), or None for any other
    form (several steps "a; b", units "(hour)", LCM[...], unknowns, ratios)."""
    m = _FORMULA.fullmatch(formula)
    if not m:
        return None
    try:
        eval_formula(m.group(1))
    except (UnsafeFormula, ZeroDivisionError):
        return None
    rem = Fraction(m.group(3)) if m.group(3) is not None else None
    return Formula(m.group(1), Fraction(m.group(2)), rem)


def gold_of(f: Formula, values: dict[Fraction, Fraction] | None, kind: str) -> Fraction | None:
    """The answer of formula `f` with its numbers mapped by `values`: the value itself ("value"),
    or for a division with a remainder its quotient ("floor"), the quotient rounded up ("ceil")
    or the remainder ("rest"). None when the remainder form is not a division of wholes."""
    v = eval_formula(f.lhs, values)
    if kind == "value":
        return v
    node = _tree(f.lhs)
    if not (isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div)):
        return None
    src = f.lhs.strip()
    a, b = eval_formula(_segment(src, node.left), values), eval_formula(_segment(src, node.right), values)
    if a.denominator != 1 or b.denominator != 1 or b <= 0:
        return None
    q, r = divmod(int(a), int(b))
    return Fraction({"floor": q, "ceil": q + (1 if r else 0), "rest": r}[kind])


def _segment(src: str, node: ast.expr) -> str:
    seg = ast.get_source_segment(src, node)
    if seg is None:
        raise UnsafeFormula("no source segment")
    return seg


def answer_kind(f: Formula, gold: Fraction) -> str | None:
    """Which value of the formula the row's gold is: the value, or (remainder form) the quotient,
    the quotient rounded up, or the remainder. None when none or several fit."""
    if f.remainder is None:
        v = eval_formula(f.lhs)
        return "value" if v == gold == f.result else None
    fits = [k for k in ("floor", "ceil", "rest") if gold_of(f, None, k) == gold]
    if gold_of(f, None, "rest") != f.remainder or len(fits) != 1:
        return None
    return fits[0]


# ---- the numbers a text states ------------------------------------------------------------------

_UNITS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
).split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
_WORD = {w: i for i, w in enumerate(_UNITS)} | {w: 20 + 10 * i for i, w in enumerate(_TENS)}
_W = "|".join(sorted(_WORD, key=len, reverse=True))
_MENTION = re.compile(
    rf"(?P<word>\b(?:{_W})(?:-(?:{_W}))?(?:\s+hundred(?:\s+(?:and\s+)?(?:{_W})(?:-(?:{_W}))?)?)?\b)"
    r"|(?P<num>(?<![\w.])(?<!\d,)\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!\w|,\d|\.\d)"
    r"|(?<![\w.])(?<!\d,)\d+(?:\.\d+)?(?!\w|,\d|\.\d))",
    re.IGNORECASE,
)
# numbers the substitution cannot write back sensibly: times, fractions, ordinals, glued units
_BLOCKERS = re.compile(
    r"\d+\s*[:/]\s*\d+|\d+(?:st|nd|rd|th)\b|\b\d+[a-zA-Z]|\b(?:dozen|hundred|thousand|million|half|twice|"
    r"double|triple|thrice|quarter|third)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    value: Fraction
    form: str  # "word", "numeral", "comma" (1,250), "decimal"
    text: str  # as written
    after: str  # the words right after it (its unit: "minutes", "%", "percent", "dollars")


def _word_value(words: str) -> int:
    cur = 0
    for t in words.lower().replace("-", " ").split():
        if t == "hundred":
            cur = max(cur, 1) * 100
        elif t != "and":
            cur += _WORD[t]
    return cur


def number_mentions(text: str) -> list[Mention] | None:
    """Every number a text states (numerals, number words), with what follows it; None when the
    text holds a number the substitution cannot rewrite (a time, a fraction, an ordinal, "dozen")."""
    if _BLOCKERS.search(text):
        return None
    out = []
    for m in _MENTION.finditer(text):
        s = m.group(0)
        after = text[m.end() : m.end() + 12].lower()
        if m.group("word"):
            out.append(Mention(m.start(), m.end(), Fraction(_word_value(s)), "word", s, after))
        else:
            form = "comma" if "," in s else "decimal" if "." in s else "numeral"
            out.append(Mention(m.start(), m.end(), Fraction(s.replace(",", "")), form, s, after))
    return out


# ---- new numbers of the same kind ---------------------------------------------------------------


def _step(q: int) -> int:
    """How round a whole number is: 100, 10, 5 or 1 (kept by its replacement)."""
    for s in (100, 10, 5):
        if q % s == 0 and q >= s:
            return s
    return 1


def _cap(v: Fraction, ms: list[Mention]) -> Fraction | None:
    """The bound a number's unit puts on it (a percent under 100, minutes under 60)."""
    caps = []
    for m in ms:
        a = m.after.lstrip()
        if a.startswith(("%", "percent")):
            caps.append(Fraction(99))
        elif re.match(r"(?:minutes?|seconds?)\b", a) and v < 60:
            caps.append(Fraction(59))
        elif re.match(r"hours?\b", a) and v < 24:
            caps.append(Fraction(23))
        elif re.match(r"months?\b", a) and v < 12:
            caps.append(Fraction(11))
        elif re.match(r"cents?\b", a) and v < 100:
            caps.append(Fraction(99))
    return min(caps) if caps else None


def _places(m: Mention) -> int:
    return len(m.text.split(".")[1]) if m.form == "decimal" else 0


def _new_value(v: Fraction, ms: list[Mention], rng: random.Random) -> Fraction:
    """Another plausible number of the kind of v: 1 and 0 stay; a year moves a little; otherwise
    from about half to about twice v, as round as v, with v's decimal places."""
    if v in (0, 1):
        return v
    places = max(_places(m) for m in ms)
    unit = Fraction(1, 10**places)
    q = int(v / unit)
    if places == 0 and 1900 <= q <= 2100:  # a year
        return Fraction(q + rng.choice([d for d in range(-12, 13) if d]))
    step = _step(q)
    lo, hi = max(2 * step if places == 0 else step, q // 2), max(2 * q, q + 6 * step)
    cap = _cap(v, ms)
    if cap is not None:
        hi = min(hi, int(cap / unit))
    lo_k, hi_k = -(-lo // step), hi // step
    if hi_k < lo_k:
        return v
    return Fraction(rng.randint(lo_k, hi_k) * step) * unit  # may be v itself: one number kept


def _words(n: int) -> str:
    if n < 20:
        return _UNITS[n]
    tens, ones = divmod(n, 10)
    return _TENS[tens - 2] + (f"-{_UNITS[ones]}" if ones else "")


def _write(m: Mention, v: Fraction) -> str:
    """v written the way mention m was: a word (capitalised like it) below 100, 1,250 with its
    comma, a decimal with its places."""
    if v == m.value:
        return m.text
    if m.form == "word" and v.denominator == 1 and v < 100:
        w = _words(int(v))
        return w[0].upper() + w[1:] if m.text[0].isupper() else w
    places = _places(m)
    if places:
        return f"{float(v):.{places}f}" if v * 10**places == int(v * 10**places) else str(float(v))
    if v.denominator != 1:
        return str(float(v))
    return f"{int(v):,}" if m.form == "comma" else str(int(v))


def substitute(text: str, mentions: list[Mention], values: dict[Fraction, Fraction]) -> str:
    """The text with every mentioned number v written as values[v] (right to left, so the spans
    stay valid)."""
    out = text
    for m in sorted(mentions, key=lambda m: m.start, reverse=True):
        out = out[: m.start] + _write(m, values.get(m.value, m.value)) + out[m.end :]
    return out


# ---- a row's perturbed variants -----------------------------------------------------------------


@dataclass(frozen=True)
class Plan:
    """What a row's perturbation works with: the formula, its answer kind, the mentions."""

    formula: Formula
    kind: str
    mentions: list[Mention]
    fixed: frozenset[Fraction] = frozenset({Fraction(0), Fraction(1)})  # numbers the story ties down


_ORDINALS = "first second third fourth fifth sixth seventh eighth ninth tenth".split()
_TWO = re.compile(r"\b(?:both|other|either|neither|pair|couple)\b", re.IGNORECASE)
_THE_N_OF = re.compile(rf"\bthe\s+(?P<n>{_W}|\d+)\s+of\s+(?:them|us|you|those|these)\b", re.IGNORECASE)


def fixed_numbers(text: str) -> frozenset[Fraction]:
    """The numbers a variant must keep because the story's words tie them down: 0 and 1; every count
    up to the highest ordinal it names ("two boxes ... the second box": 2 boxes, no more); 2 where
    it says "both", "the other", "a pair"; the n of "the n of them" (the people the story named)."""
    fixed = {Fraction(0), Fraction(1)}
    words = set(re.findall(r"[a-z]+", text.lower()))
    top = max([i + 1 for i, w in enumerate(_ORDINALS) if w in words] + [1])
    top = max([top] + [int(n) for n in re.findall(r"\b(\d+)(?:st|nd|rd|th)\b", text) if int(n) <= 10])
    fixed |= {Fraction(k) for k in range(2, top + 1)}
    if _TWO.search(text):
        fixed.add(Fraction(2))
    for m in _THE_N_OF.finditer(text):
        n = m.group("n").lower()
        fixed.add(Fraction(int(n) if n.isdigit() else _word_value(n)))
    return frozenset(fixed)


def _sum_terms(node: ast.expr) -> int:
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _sum_terms(node.left) + _sum_terms(node.right)
    return 1


def counted_terms(expr: str) -> frozenset[Fraction]:
    """The numbers of a formula that COUNT its terms: the 6 of "(92+106+96+104+96+88)/6" (a mean)
    is how many amounts the story lists, whatever else in the text happens to be 6 ("in the 6
    hours"); it stays, or the recomputed gold would divide by the wrong count."""
    out = set()
    for node in ast.walk(_tree(expr)):
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div | ast.Mult):
            for side, other in ((node.left, node.right), (node.right, node.left)):
                if (
                    isinstance(side, ast.Constant)
                    and type(side.value) is int
                    and side.value == _sum_terms(other) > 1
                ):
                    out.add(Fraction(side.value))
    return frozenset(out)


def plan(text: str, formula: str, gold: Fraction | None) -> tuple[Plan | None, str]:
    """The row's perturbation plan, or None with the reason it is skipped."""
    f = parse_formula(formula)
    if f is None:
        return None, "formula not plain arithmetic"
    if gold is None:
        return None, "gold not one number"
    kind = answer_kind(f, gold)
    if kind is None:
        return None, "formula disagrees with the gold"
    ms = number_mentions(text)
    if ms is None:
        return None, "text holds a time, fraction, ordinal or number word it cannot rewrite"
    told = Counter(m.value for m in ms if m.value != 1)
    used = Counter(v for v in formula_operands(f.lhs) if v != 1)
    if set(told) != set(used) or any(told[v] != used[v] for v in used):
        return None, "text numbers do not match the formula's one to one"
    if not used:
        return None, "nothing to change"
    return Plan(f, kind, ms, fixed_numbers(text) | counted_terms(f.lhs)), ""


def _sign(v: Fraction) -> int:
    return (v > 0) - (v < 0)


def _sensible(p: Plan, values: dict[Fraction, Fraction], keep_order: bool = True) -> Fraction | None:
    """The new gold when the mapped numbers keep the story's sense (order of the numbers, every
    step's sign and wholeness, the answer's), else None."""
    olds = sorted(values)
    news = [values[v] for v in olds]
    if len(set(news)) != len(news):
        return None  # two numbers of the story became one
    if keep_order and any(a >= b for a, b in zip(news, news[1:], strict=False)):
        return None  # the order of the story's numbers changed
    old_steps: list[Fraction] = []
    new_steps: list[Fraction] = []
    try:
        eval_formula(p.formula.lhs, None, old_steps)
        eval_formula(p.formula.lhs, values, new_steps)
        gold = gold_of(p.formula, values, p.kind)
        old_gold = gold_of(p.formula, None, p.kind)
    except ZeroDivisionError:
        return None
    if gold is None or old_gold is None:
        return None
    for a, b in [*zip(old_steps, new_steps, strict=True), (old_gold, gold)]:
        if _sign(a) != _sign(b) or (a.denominator == 1 and b.denominator != 1):
            return None
    if p.kind != "value" and (gold_of(p.formula, values, "floor") or 0) < 1 <= (
        gold_of(p.formula, None, "floor") or 0
    ):
        return None  # "the page that isn't full" needs a full page before it
    if p.kind in ("ceil", "rest") and (gold_of(p.formula, values, "rest") == 0) != (p.formula.remainder == 0):
        return None  # "how many more are needed" with nothing left over reads differently
    return gold


def perturb(p: Plan, text: str, rng: random.Random, keep_order: bool = True) -> tuple[str, Fraction] | None:
    """One variant of the text and its recomputed gold, or None when no sensible draw was found."""
    by_value: dict[Fraction, list[Mention]] = defaultdict(list)
    for m in p.mentions:
        by_value[m.value].append(m)
    for _ in range(DRAWS):
        values = {v: v if v in p.fixed else _new_value(v, ms, rng) for v, ms in by_value.items()}
        if all(values[v] == v for v in values):
            continue
        gold = _sensible(p, values, keep_order)
        if gold is not None:
            return substitute(text, p.mentions, values), gold
    return None


# ---- the run ------------------------------------------------------------------------------------


def asdiv_formulas(ids: set[str]) -> dict[str, str]:
    """The formula of each ASDiv row whose id is in `ids` (the development part's)."""
    out = {}
    for line in (data_dir() / "asdiv" / "asdiv.jsonl").read_text().splitlines():
        r = json.loads(line)
        if r["id"] in ids:
            out[r["id"]] = r["formula"]
    return out


def who_answers(text: str) -> list[str]:
    """The readers that answer a text, with their answers (the phrasing table, the schema reader,
    each of READERS)."""
    from tutor.math.wordproblems.readers import READERS
    from tutor.math.wordproblems.schemas import read_schemas
    from tutor.math.wordproblems.solution import _read_table

    out = []
    try:
        out.append(f"table={_read_table(text).answer}")
    except Exception:  # noqa: BLE001 - a refusal or a fault: not this reader
        pass
    try:
        a = read_schemas(text)
        if a is not None:
            out.append(f"schemas={a.value}")
    except Exception:  # noqa: BLE001
        pass
    for reader in READERS:
        try:
            sol = reader(text)
        except Exception:  # noqa: BLE001
            sol = None
        if sol is not None:
            out.append(f"{reader.__name__}={sol.answer}")
    return out


def half(row_id: str) -> str:
    return "even" if int(re.sub(r"\D", "", row_id)) % 2 == 0 else "odd"


def run(
    variants: int = 10, limit: int | None = None, show_even: bool = True, keep_order: bool = True
) -> dict:
    """Perturb the development part's ASDiv rows and run the engine on every variant."""
    from tutor.math import solve

    rs = split_rows("asdiv", "dev")[:limit]
    formulas = asdiv_formulas({r["id"] for r in rs})
    per: dict[str, dict[str, Counter]] = {"even": defaultdict(Counter), "odd": defaultdict(Counter)}
    skipped: Counter = Counter()
    wrong: list[dict] = []
    fragile: list[dict] = []
    t0 = time.perf_counter()
    for r in rs:
        h = half(r["id"])
        c = per[h][r["structure"]]
        c["rows"] += 1
        p, why = plan(r["text"], formulas[r["id"]], gold_value(r["gold"]))
        if p is None:
            skipped[why] += 1
            continue
        c["usable"] += 1
        as_written = solve(r["text"]).ok
        c["original_answered"] += as_written  # the row as written, for the coverage drop
        seen = {r["text"]}
        refused: list[str] = []
        for k in range(variants):
            made = perturb(p, r["text"], random.Random(f"{r['id']}:{k}"), keep_order)
            if made is None or made[0] in seen:
                continue
            text, gold = made
            seen.add(text)
            c["made"] += 1
            sol = solve(text)
            if not sol.ok:
                refused.append(text)
                continue
            c["answered"] += 1
            a = answer_value(sol)
            if a is not None and a == gold:
                c["right"] += 1
            elif h == "even" and show_even:
                wrong.append(
                    {
                        "id": r["id"],
                        "structure": r["structure"],
                        "text": text,
                        "answer": getattr(sol, "answer_latex", ""),
                        "gold": str(gold),
                        "readers": who_answers(text),
                    }
                )
        if as_written and refused:  # answered as written, refused with other numbers: a reader fitted
            c["fragile_rows"] += 1  # to the numbers (or a number's form) as well as to the story
            if h == "even" and show_even:
                fragile.append({"id": r["id"], "refused": len(refused), "example": refused[0]})
    out: dict = {"corpus": "asdiv", "part": "dev", "variants": variants, "order_kept": keep_order}
    for h in ("even", "odd"):
        tot: Counter = Counter()
        for c in per[h].values():
            tot.update(c)
        out[h] = {
            "rows": tot["rows"],
            "usable": tot["usable"],
            "original_answered": tot["original_answered"],
            "fragile_rows": tot["fragile_rows"],
            "made": tot["made"],
            "answered": tot["answered"],
            "right": tot["right"],
            "answered_pct": round(100 * tot["answered"] / max(1, tot["made"]), 1),
            "right_of_answered_pct": round(100 * tot["right"] / tot["answered"], 2)
            if tot["answered"]
            else None,
            "per_structure": {
                k: {
                    x: v[x]
                    for x in (
                        "rows",
                        "usable",
                        "original_answered",
                        "fragile_rows",
                        "made",
                        "answered",
                        "right",
                    )
                }
                for k, v in sorted(per[h].items())
            },
        }
    out["skipped_rows"] = dict(skipped.most_common())
    out["seconds"] = round(time.perf_counter() - t0, 1)
    out["even_wrong"] = wrong
    out["even_fragile"] = fragile
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--variants", type=int, default=10, help="variants per row (seeded)")
    ap.add_argument("--limit", type=int, help="only the first N development rows")
    ap.add_argument("--no-text", action="store_true", help="list no texts, only figures")
    ap.add_argument(
        "--free-order",
        action="store_true",
        help="let the numbers' order change where the formula's steps keep their sign (a probe: "
        "more variants break the story's sense; read the wrong ones)",
    )
    args = ap.parse_args()
    res = run(args.variants, args.limit, show_even=not args.no_text, keep_order=not args.free_order)
    print(json.dumps(res, indent=1))


if __name__ == "__main__":
    main()
