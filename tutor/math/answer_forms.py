"""Final answers in the forms people write them, for the grader (issue 25): several answers meaning
one set (``\\boxed{3}`` and ``\\boxed{-1}``, "3 and -1", "x = 3 or x = -1"), the decimal comma
(``2,75`` where no thousands reading fits), inequalities in words or symbols (``y \\geq 3``,
"y is at least 3"), and two forms of one line (``3x - y + 2 = 0`` and ``y = 3x + 2``).

:func:`regrade` is called by :func:`tutor.math.grading.grade` after its own reading; it returns
None when none of these forms is in play, else (correct, extracted, method). Where the meaning is
not clear (several different answers to a question with one), no credit is given and the method
says why.
"""

from __future__ import annotations

import re

__all__ = ["regrade", "split_values", "line_coefficients", "same_line", "final_span"]

_SEP = re.compile(
    r"\s*(?:;|,\s+|,(?!\d{3}(?!\d))|\band\b|\bor\b|\\text\{\s*(?:and|or)\s*\}|\\(?:quad|qquad))\s*"
)
_ASSIGN = re.compile(r"^\s*\\?\(?\s*[a-zA-Z]\s*=\s*")
_DECIMAL_COMMA = re.compile(r"(?<![\d,.])(\d+),(\d{1,2}|\d{4,})(?![\d,])")
_REL_WORDS = [
    (r"\bis\s+greater\s+than\s+or\s+equal\s+to\b|\bis\s+at\s+least\b|\bis\s+no\s+less\s+than\b", ">="),
    (r"\bis\s+less\s+than\s+or\s+equal\s+to\b|\bis\s+at\s+most\b|\bis\s+no\s+more\s+than\b", "<="),
    (r"\bis\s+greater\s+than\b|\bis\s+more\s+than\b", ">"),
    (r"\bis\s+less\s+than\b", "<"),
]
_REL_TEX = [
    (r"\\geq?(?:slant)?\b|≥|=>", ">="),
    (r"\\leq?(?:slant)?\b|≤|=<", "<="),
    (r"\\gt\b", ">"),
    (r"\\lt\b", "<"),
]


def _boxed_all(text: str) -> list[str]:
    out: list[str] = []
    i = 0
    while True:
        j = text.find("\\boxed{", i)
        if j < 0:
            return out
        k, depth = j + len("\\boxed{"), 1
        start = k
        while k < len(text) and depth:
            depth += {"{": 1, "}": -1}.get(text[k], 0)
            k += 1
        out.append(text[start : k - 1])
        i = k


def _strip(s: str) -> str:
    """One value without its decoration (the math core's one answer normaliser,
    :func:`tutor.math.grading.normalize_answer`) and without an "x =" in front."""
    from tutor.math.grading import normalize_answer

    return _ASSIGN.sub("", normalize_answer(s)).strip()


def split_values(s: str) -> list[str]:
    """'3, -1' / '3 and -1' / 'x = 3 or x = -1' / '{3, -1}' -> ['3', '-1'] (thousands commas
    such as 1,250 stay one number)."""
    s = s.strip().strip("$").strip()
    s = re.sub(r"^\\?\{|\\?\}$", "", s) if re.match(r"^\\?\{.*\\?\}$", s) else s
    parts = [_strip(p) for p in _SEP.split(s)]
    return [p for p in parts if p]


def _final_text(response: str) -> str:
    text = response or ""
    if "</think>" in text:
        text = text.rsplit("</think>", 1)[1]
    return text


def final_span(text: str) -> str | None:
    """The reply's final answer statement, whole (see :func:`_answer_span`)."""
    return _answer_span(_final_text(text))


def _answer_span(text: str) -> str | None:
    """The span after the last "answer(s) is/are", "solutions are", "x = … or …", or the last line."""
    m = None
    for m in re.finditer(
        r"(?:answers?|solutions?|roots?|values?)\s*(?:is|are|=|:)\s*:?\s*(.+?)(?:\.(?:\s|$)|\n|$)", text, re.I
    ):
        pass
    if m:
        return m.group(1)
    lines = [ln for ln in text.splitlines() if ln.strip()]
    return lines[-1] if lines else None


def _equal(a: str, b: str) -> bool:
    from tutor.math.grading import answers_equal

    return answers_equal(a, b)


def _same_set(mine: list[str], gold: list[str]) -> bool:
    if len(mine) != len(gold):
        return False
    left = list(gold)
    for v in mine:
        hit = next((g for g in left if _equal(v, g)), None)
        if hit is None:
            return False
        left.remove(hit)
    return True


def _relation(s: str):
    """'y >= 3' (in symbols or words) as a SymPy relational in one variable, or None."""
    import sympy as sp

    t = _strip_rel(s)
    m = re.fullmatch(r"\s*([a-zA-Z])\s*(>=|<=|>|<)\s*(.+?)\s*", t)
    m2 = re.fullmatch(r"\s*(.+?)\s*(>=|<=|>|<)\s*([a-zA-Z])\s*", t)
    try:
        if m:
            x, op, rhs = sp.Symbol(m.group(1)), m.group(2), _parse(m.group(3))
            return x, sp.Rel(x, rhs, op)
        if m2:
            x, op, lhs = sp.Symbol(m2.group(3)), m2.group(2), _parse(m2.group(1))
            return x, sp.Rel(lhs, x, op)
    except Exception:  # noqa: BLE001 - an unreadable side is no relation
        return None
    return None


def _strip_rel(s: str) -> str:
    t = s.strip().strip("$").strip().rstrip(".")
    for pat, op in _REL_TEX + _REL_WORDS:
        t = re.sub(pat, f" {op} ", t, flags=re.I)
    return re.sub(r"\s+", " ", t)


def _parse(s: str):
    from tutor.math.parse import parse_any

    return parse_any(s.strip())


def line_coefficients(s: str):
    """An equation in x and y as (a, b, c) of a x + b y + c = 0, or None."""
    import sympy as sp

    t = s.strip().strip("$").strip().rstrip(".")
    if t.count("=") != 1 or not re.search(r"\by\b|y", t):
        return None
    lhs, rhs = t.split("=")
    try:
        e = sp.expand(_parse(lhs) - _parse(rhs))
    except Exception:  # noqa: BLE001
        return None
    x, y = sp.Symbol("x"), sp.Symbol("y")
    if not e.free_symbols <= {x, y} or y not in e.free_symbols:
        return None
    try:
        p = sp.Poly(e, x, y)
    except sp.PolynomialError:
        return None
    if p.total_degree() != 1:
        return None
    return (p.coeff_monomial(x), p.coeff_monomial(y), p.coeff_monomial(1))


def same_line(a, b) -> bool:
    """Are two (a, b, c) triples the same line (one a multiple of the other)?"""
    import sympy as sp

    m = sp.Matrix([list(a), list(b)])
    return m.rank() == 1


def regrade(response: str, gold: str, extracted: str | None) -> tuple[bool, str | None, str] | None:
    """The grade when the reply or the gold is a set, a decimal comma, an inequality or a line
    (see the module docstring); None to keep the grader's own reading."""
    text = _final_text(response)
    g = str(gold).strip()
    g_boxed = _boxed_all(g)
    gold_values = [v for b in g_boxed for v in split_values(b)] if g_boxed else split_values(g)
    boxed = _boxed_all(text)

    # a relation or a line: compare meanings, not strings
    span = boxed[-1] if boxed else (extracted or _answer_span(text) or "")
    if re.search(r"[<>]|\\[gl]eq?|\\[gl]t|≥|≤|\bat\s+(?:least|most)\b|\bgreater\b|\bless\b", g):
        rg, rm = _relation(g), _relation(span) or _relation(_answer_span(text) or "")
        if rg and rm:
            import sympy as sp

            sg = sp.solveset(rg[1], rg[0], sp.S.Reals)
            sm = sp.solveset(rm[1].subs(rm[0], rg[0]), rg[0], sp.S.Reals)
            return sg == sm, span, "relation"
    lg = line_coefficients(g)
    if lg is not None:
        lm = line_coefficients(span)
        if lm is not None:
            return same_line(lg, lm), span, "line"

    # the decimal comma, where no thousands reading fits (2,75 / 0,5 / 3,14159) and the answer is
    # one number (no other separator: "2,75" alone, never "2, 75" or "2,75 and 3")
    src = boxed[-1] if len(boxed) == 1 else _answer_span(text) or "" if not boxed else ""
    m = _DECIMAL_COMMA.search(src)
    if (
        m
        and len(gold_values) == 1
        and len(_DECIMAL_COMMA.findall(src)) == 1
        and not re.search(r",\s|\band\b|\bor\b|;", src)
    ):
        value = f"{m.group(1)}.{m.group(2)}"
        return _equal(value, gold_values[0]), value, "decimal comma"

    # several answers
    if len(boxed) >= 2:
        mine = [v for b in boxed for v in split_values(b)]
    else:
        src = boxed[0] if boxed else _answer_span(text) or ""
        mine = split_values(src) if re.search(r"\band\b|\bor\b|,", src) else []
        if len(mine) < 2:
            mine = []
    if len(gold_values) >= 2 or len(mine) >= 2:
        if not mine:
            return None
        distinct: list[str] = []
        for v in mine:
            if not any(_equal(v, d) for d in distinct):
                distinct.append(v)
        if len(gold_values) == 1 and len(distinct) > 1:
            return False, ", ".join(distinct), "several answers (no credit: the question has one)"
        return _same_set(distinct, gold_values), ", ".join(distinct), "set"

    return None
