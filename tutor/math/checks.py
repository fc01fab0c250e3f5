"""Independent checks of replies with SymPy and exact arithmetic (no Gradio here).

:func:`verify` checks a *model's* reply to a problem; :func:`check_student` checks a *student's*
answer (or worked lines). Both return a :class:`tutor.math.verdicts.Verdict` (statuses
``verified`` / ``calculations_checked`` / ``calculation_error`` / ``wrong`` / ``none``, see that
module). SymPy work runs in the solver's killable worker process (:func:`tutor.math.symbolic.call`)
with a time limit, so a check can never hang the app; the arithmetic statements are checked in
this process by :mod:`tutor.math.calculations` (exact fractions, bounded sizes).

* The problem is typed (SymPy solves it): the final answer is substituted, differentiated back
  or compared with SymPy's answer: ``verified`` or ``wrong``.
* Otherwise (a word problem, a proof): every ``a op b = c`` statement of the reply is checked:
  ``calculation_error`` on the first wrong one, ``calculations_checked`` when all are right
  (the setup is not checked, so never a ✓), ``none`` when there is nothing to check.
"""

from __future__ import annotations

import logging
import re

from tutor.math import symbolic
from tutor.math.calculations import check_calculations
from tutor.math.grading import extract_answer, normalize_answer
from tutor.math.problems import EquationData, ExpressionData, FunctionData, MatrixData, NumberData, SetData
from tutor.math.verdicts import CALCULATION_ERROR, CALCULATIONS_CHECKED, NONE, VERIFIED, WRONG, Verdict

log = logging.getLogger(__name__)

__all__ = ["verify", "verify_many", "check_student", "calculation_verdict", "DEFAULT_TIMEOUT"]

DEFAULT_TIMEOUT = 4.0
MAX_REPLY_CHARS = 20_000


_ASSIGNMENT = re.compile(r"(?<![A-Za-z\\])([A-Za-z])\s*=\s*([^=\n]+?)\s*\$?\s*[.;,]?\s*$")


def _answer_for_check(response: str) -> tuple[str | None, bool]:
    """(final answer, weak). When the reply states no answer (no boxed / "the answer is" / …),
    the grader's last resort is the last number, which for "x = \\ln 7/\\ln 10" is 10: then
    the last `v = …` statement is used instead, and the answer is *weak* — it may be verified
    but never marked wrong, since a badge that calls a right answer wrong is worse than none."""
    answer, method = extract_answer(response or "")
    if answer is None or method.endswith("last_number"):
        claim = _claim(response)
        if claim is not None:
            return claim, False
    if not method.endswith("last_number"):
        return answer, False
    for line in reversed(_tail(response).splitlines()):
        m = _ASSIGNMENT.search(line.strip())
        if m:
            return f"{m.group(1)} = {m.group(2).strip().strip('$').strip()}", True
    return answer, True


_CLAIM_NONE = re.compile(
    r"\b(?:there\s+(?:is|are)\s+no\s+(?:real\s+)?solutions?|(?:has|have)\s+no\s+(?:real\s+)?solutions?|"
    r"no\s+(?:real\s+)?solutions?\s+exists?)\b",
    re.IGNORECASE,
)
_CLAIM_ALL = re.compile(
    r"^(?:(?:the\s+)?(?:answer|solution)\s+is\s+|so\s+|x\s+(?:can\s+be|is)\s+)?(?:all|every|any)\s+real\s+numbers?\b"
    r"|\b(?:infinitely\s+many\s+solutions|every\s+(?:value|real\s+number)\s+(?:of\s+\w+\s+)?is\s+a\s+solution)\b",
    re.IGNORECASE,
)


def _claim(response: str) -> str | None:
    """A final line that says in words there is no solution, or that every value is one (the
    extractor finds no answer in "There is no real solution."): the answer it states."""
    lines = [ln.strip() for ln in _tail(response).splitlines() if ln.strip()]
    if not lines:
        return None
    last = re.split(r"(?<=[.!])\s+(?=[A-Z])", lines[-1])[-1]
    if re.search(r"(?<![\\A-Za-z])[A-Za-z]\s*=\s*-?\d", last):
        return None  # it also states a value
    if _CLAIM_NONE.search(last):
        return "no real solution"
    if _CLAIM_ALL.search(last):
        return "all real numbers"
    return None


def _tail(response: str) -> str:
    text = response or ""
    return text.rsplit("</think>", 1)[1] if "</think>" in text else text


def calculation_verdict(text: str, who: str = "reply") -> Verdict:
    """The verdict of the arithmetic statements alone (word problems, unsettled problems)."""
    report = check_calculations(text)
    bad = report.first_error
    if bad is not None:
        return Verdict(
            CALCULATION_ERROR,
            f"line {bad.line}: ${_tex(bad.left)} = {_tex(bad.correct_text)}$, not ${_tex(bad.right)}$",
            line=bad.line,
            expected=bad.correct_text,
            method="calculations",
        )
    if report.checked:
        n = report.checked
        return Verdict(
            CALCULATIONS_CHECKED,
            f"{n} calculation{'s' if n != 1 else ''} in the {who} checked, all right; "
            "the setup of the problem is not checked",
            method="calculations",
        )
    return Verdict(NONE, reason="SymPy can't settle this problem and there is no calculation to check")


def _tex(text: str) -> str:
    """Arithmetic as written, safe inside $...$ (no currency signs, % not a LaTeX comment)."""
    t = text.replace("\\$", "").replace("$", "").replace("\\%", "%").replace("%", "\\%")
    t = t.replace("**", "^").replace("*", " \\times ").replace("×", " \\times ").replace("÷", " \\div ")
    return re.sub(r"\s+", " ", t.replace("…", "\\ldots")).strip()


def _from_worker(d: dict) -> Verdict:
    return Verdict(
        status=d["status"],
        message=d.get("check", ""),
        line=d.get("line"),
        expected=d.get("expected"),
        steps=list(d.get("steps") or []),
        reason=d.get("reason", ""),
        kind=d.get("kind", ""),
        method="sympy" if d["status"] != NONE else "none",
    )


def verify(problem: str, response: str, timeout: float = DEFAULT_TIMEOUT) -> Verdict:
    """Check `response` (a model reply) to `problem` (see the module docstring)."""
    return verify_many([(problem, response)], timeout=timeout)[0]


def verify_many(items: list[tuple[str, str]], timeout: float = 30.0) -> list[Verdict]:
    """Verify (problem, response) pairs in one trip to the worker."""
    jobs, out = [], [None] * len(items)
    for i, (problem, response) in enumerate(items):
        response = str(response or "")[:MAX_REPLY_CHARS]
        answer, weak = _answer_for_check(response)
        if answer is None or not str(answer).strip():
            out[i] = Verdict(NONE, reason="no final answer found")
            continue
        try:
            jobs.append((i, symbolic.precheck(problem), str(answer)[:2000], _tail(response)[-4000:], weak))
        except symbolic.Unsupported as exc:
            out[i] = Verdict(NONE, reason=exc.reason)
    if jobs:
        try:
            results = symbolic.call(
                "tutor.math.checks:_verify_many_worker", [j[1:] for j in jobs], timeout=timeout
            )
        except symbolic.Unsupported as exc:
            results = [_none(exc.reason)] * len(jobs)
        except Exception as exc:  # noqa: BLE001 - a check must never break a reply
            log.exception("the SymPy check failed")
            results = [_none(f"the check failed ({type(exc).__name__})")] * len(jobs)
        if not isinstance(results, list) or len(results) != len(jobs):
            results = [_none("the check returned no result")] * len(jobs)
        for (i, *_), r in zip(jobs, results):
            try:
                out[i] = _from_worker(r)
            except Exception:  # noqa: BLE001
                out[i] = Verdict(NONE, reason="the check returned an unreadable result")
    for i, (problem, response) in enumerate(items):
        if out[i].status == NONE:
            calc = calculation_verdict(_tail(str(response or "")[:MAX_REPLY_CHARS]))
            if calc.status != NONE or not out[i].reason:
                out[i] = calc if calc.status != NONE else out[i]
    return out


def check_student(problem: str, work: str, timeout: float = DEFAULT_TIMEOUT) -> Verdict:
    """Check a student's final answer, or several lines of work (one step a line; the last line
    is the final answer): ``verified`` (right), ``wrong``, ``calculation_error`` (a line's
    arithmetic is off), ``calculations_checked`` or ``none``; ``message`` is for the student and
    never holds the full solution."""
    lines = [ln.strip() for ln in str(work or "").splitlines() if ln.strip()]
    if not lines:
        return Verdict(NONE, "Type your answer (or your last lines of work) first.", reason="empty answer")
    try:
        cleaned = symbolic.precheck(problem)
    except symbolic.Unsupported as exc:
        return Verdict(NONE, exc.reason, reason=exc.reason)
    try:
        out = symbolic.call(
            "tutor.math.checks:_student_worker", cleaned, [ln[:500] for ln in lines[:30]], timeout=timeout
        )
    except symbolic.Unsupported as exc:
        out = _student(NONE, exc.reason)
    except Exception as exc:  # noqa: BLE001 - a check must never break check-my-answer
        log.exception("the SymPy student check failed")
        out = _student(NONE, f"I couldn't check that ({type(exc).__name__}).")
    try:
        verdict = Verdict(
            status=out["status"],
            message=out["message"],
            line=out["first_wrong_line"],
            # the student sees this data (/solve_verified, MCP check_answer): SymPy's answer only
            # once theirs is right, never for a wrong or unread one
            expected=out["expected"] if out["status"] == VERIFIED else None,
            method=out["method"],
            kind=out.get("kind", ""),
            reason=out.get("reason", ""),
        )
    except Exception:  # noqa: BLE001
        verdict = Verdict(NONE, "I couldn't check that.", reason="the check returned an unreadable result")
    if verdict.status == NONE and len(lines) > 1 or verdict.status == NONE and "=" in lines[-1]:
        calc = calculation_verdict("\n".join(lines), who="work")
        if calc.status == CALCULATION_ERROR:
            calc.message = (
                f"⚠ **Check line {calc.line}:** `{lines[calc.line - 1]}` — the arithmetic "
                f"gives ${calc.expected}$. (SymPy can't settle the problem itself, so only "
                "your calculations were checked.)"
            )
            return calc
        if calc.status == CALCULATIONS_CHECKED:
            calc.message = (
                "Your calculations are right. SymPy can't settle the problem itself, so "
                "whether the setup is right is not checked."
            )
            return calc
    return verdict


# =============================================================================================
# Everything below runs inside the SymPy worker process (via symbolic.call).
# =============================================================================================

_NO_SOLUTION = re.compile(
    r"no\s+(?:real\s+)?solutions?|\\emptyset|\\varnothing|∅|\{\s*\}|none", re.IGNORECASE
)
_ALL = re.compile(
    r"(?:all|every|any)\s+(?:real\s+)?(?:numbers?|values?|x)|infinitely\s+many|"
    r"\\mathbb\s*\{?R\}?",
    re.IGNORECASE,
)
_DNE = re.compile(r"does\s*n[o']t\s+exist|\bDNE\b|undefined|diverges?|no\s+limit", re.IGNORECASE)


def _sp():
    return symbolic.sympy_module()


def _typed(sol, cls):
    """The solution's check data, which the solver gives every solution of this kind as a `cls`."""
    if not isinstance(sol.check, cls):
        raise TypeError(f"a {sol.kind} solution without {cls.__name__}")
    return sol.check


def _clean_answer(s: str) -> str:
    """Answer text -> something the solver's parsers read: the grader's normaliser
    (`grading.normalize_answer`, assignments kept), then the LaTeX the plain parser needs."""
    s = normalize_answer(str(s), keep_assignment=True)
    s = re.sub(r"^\\\(|\\\)$|^\\\[|\\\]$", "", s).strip()
    s = s.replace("\\dfrac", "\\frac").replace("\\tfrac", "\\frac")
    s = re.sub(r"\\frac\s*(\d)\s*(\d)", r"\\frac{\1}{\2}", s)
    s = re.sub(r"\\frac\s*\{([^{}]*)\}\s*(\d)", r"\\frac{\1}{\2}", s)
    s = re.sub(r"\\left\b|\\right\b", "", s)
    s = re.sub(r"\\(?:,|;|:|!|quad|qquad)", " ", s)
    s = re.sub(r"\\(?:text|mathrm|textbf|operatorname)\s*\{\s*([^{}]*)\}", r" \1 ", s)
    s = s.replace("\\cdot", "*").replace("\\times", "*").replace("\\div", "/")
    s = re.sub(r"\\(sec|csc|cot|arcsin|arccos|arctan|sinh|cosh|tanh)\b", r"\1 ", s)
    s = (
        s.replace("\\ln", "ln ")
        .replace("\\log", "log ")
        .replace("\\sin", "sin ")
        .replace("\\cos", "cos ")
        .replace("\\tan", "tan ")
        .replace("\\exp", "exp ")
        .replace("\\infty", "oo")
        .replace("\\pi", "pi")
        .replace("\\sqrt", "sqrt")
    )
    s = s.replace("−", "-").replace("·", "*").replace("×", "*")
    s = re.sub(r"\|([^|]+)\|", r"abs(\1)", s)
    s = re.sub(r"\s+", " ", s).strip().rstrip(".").strip()
    return s


def _to_plain(s: str) -> str:
    """Turn the simple LaTeX left in an answer into plain syntax (\\frac, braces)."""
    for _ in range(6):
        t = re.sub(r"\\frac\s*\{([^{}]*)\}\s*\{([^{}]*)\}", r"((\1)/(\2))", s)
        t = re.sub(r"sqrt\s*\{([^{}]*)\}", r"sqrt(\1)", t)
        t = re.sub(r"\^\s*\{([^{}]*)\}", r"^(\1)", t)
        if t == s:
            break
        s = t
    return s.replace("{", "(").replace("}", ")")


def _parse(s: str, evaluate: bool = True):
    """An expression from answer text, or None. With ``evaluate=False`` the answer as written
    (SymPy's automatic rewriting off, so ``2(x+2)`` stays a product and ``2x + 3x`` a sum; numbers
    are folded): for the checks of the form asked for; None when only the LaTeX parser reads it."""
    sp = _sp()
    s = _clean_answer(s)
    if not s:
        return None
    s = re.sub(r"\s*\+\s*(?:C|c|K)\s*$", "", s)  # constant of integration
    s = re.sub(r"^(?:[A-Za-z]\w*(?:'+)?(?:\([A-Za-z]\))?|\\frac\{d\w*\}\{d\w+\}\S*|dy/dx)\s*=\s*", "", s)
    for candidate in (_to_plain(s), s):
        if "\\" in candidate:
            continue
        try:
            if not evaluate:
                expr = symbolic.parse_plain(candidate, evaluate=False)
                numbers = {t: t.doit() for t in sp.preorder_traversal(expr) if t.is_number and not t.is_Atom}
                with sp.evaluate(False):  # fold the numbers, leave the rest as written
                    return expr.xreplace(numbers)
            expr = symbolic.parse_plain(candidate)
            return symbolic.ratify(expr)
        except Exception:  # noqa: BLE001
            continue
    if not evaluate:
        return None
    try:
        return symbolic.ratify(symbolic.parse_latex(s))
    except Exception:  # noqa: BLE001
        return None


def _decimals(s: str) -> int | None:
    m = re.findall(r"\d\.(\d+)", s)
    return len(m[-1]) if m and len(m) == 1 else None


def _same_value(c, v, text: str = "") -> bool | None:
    """Is number `c` (from answer `text`) the value `v`?  Rounded decimals count when they are
    `v` correctly rounded to the places given.  None when it cannot be decided."""
    sp = _sp()
    try:
        if c.free_symbols or v.free_symbols:
            return None
        if v is sp.nan or v.has(sp.nan):
            return None
        if v.is_infinite or c.is_infinite:
            return bool(c == v)
        d = sp.simplify(c - v)
        if d == 0:
            return True
        dn = complex(sp.N(d, 30))
        scale = max(1.0, abs(complex(sp.N(v, 30))))
        if abs(dn) <= 1e-9 * scale:
            return True
        places = _decimals(text)
        if places is not None and places >= 1 and abs(dn) <= 0.5 * 10 ** (-places) + 1e-12:
            return True
        return False
    except Exception:  # noqa: BLE001
        return None


def _equivalent(a, b) -> bool | None:
    """Are expressions a and b equal as functions?  Symbolic first, then sample points."""
    sp = _sp()
    try:
        d = sp.simplify(a - b)
        if d == 0:
            return True
        syms = sorted(d.free_symbols, key=str)
        if not syms:
            if d.is_number and d.is_finite and d.is_zero is False:
                return False
            return _same_value(d, sp.Integer(0))
        import random

        rng = random.Random(7)
        close = tested = 0
        for _ in range(8):
            pt = {s: sp.Rational(rng.randint(11, 290), 97) for s in syms}
            try:
                va, vb = complex(sp.N(a.subs(pt))), complex(sp.N(b.subs(pt)))
            except Exception:  # noqa: BLE001
                continue
            if any(z != z or abs(z) == float("inf") for z in (va, vb)):
                continue
            tested += 1
            if abs(va - vb) <= 1e-8 * max(1.0, abs(vb)):
                close += 1
            else:
                return False
        return True if tested >= 3 and close == tested else None
    except Exception:  # noqa: BLE001
        return None


def _latex(e) -> str:
    return _sp().latex(e)


def _result(status, check="", expected=None, steps=None, reason=""):
    return {
        "status": status,
        "check": check,
        "expected": expected,
        "steps": list(steps or []),
        "reason": reason,
    }


def _verified(check=""):
    return _result(VERIFIED, check)


def _none(reason):
    return _result("none", reason=reason)


# --------------------------------------------------------------------------- solution sets


def _split_values(s: str) -> list[str]:
    s = re.sub(r"\\\{|\\\}", " ", s)
    s = s.strip()
    if s.startswith("{") and s.endswith("}"):
        s = s[1:-1]
    parts = re.split(r"\s*(?:\bor\b|\band\b|,|;|\\text\s*\{\s*or\s*\}|\\quad)\s*", s)
    return [p for p in parts if p.strip()]


def _candidate_roots(ans: str, x):
    """A list of values for unknown `x` from answer text; None when unreadable; "all" for
    every value."""
    raw = str(ans)
    if _NO_SOLUTION.search(raw) and not re.search(r"\d", re.sub(r"\\emptyset", "", raw)):
        return []
    if _ALL.search(raw):
        return "all"
    s = _clean_answer(raw)
    s = re.sub(r"\\pm|±|\+-|\+/-", "±", s)
    values = []
    for part in _split_values(s):
        part = part.strip()
        m = re.match(r"^([A-Za-z]\w*)\s*=\s*(.+)$", part)
        if m:
            if m.group(1) != str(x):
                return None
            part = m.group(2)
        if "±" in part:
            a, _, b = part.partition("±")
            for sign in (1, -1):
                e = _parse(f"({a or 0}) + ({sign})*({b})")
                if e is None:
                    return None
                values.append(e)
            continue
        e = _parse(part)
        if e is None or e.free_symbols:
            return None
        values.append(e)
    return values or None


def _candidate_system(ans: str, syms):
    """{var: value} for a system answer ("x = 6, y = 4" or "(6, 4)"); None when unreadable."""
    raw = str(ans)
    if _NO_SOLUTION.search(raw) and not re.search(r"\d", raw):
        return []
    if _ALL.search(raw):
        return "all"
    s = _clean_answer(raw)
    names = {str(v): v for v in syms}
    pairs = re.findall(r"([A-Za-z])\s*=\s*([^,;=]+?)(?=\s*(?:,|;|\band\b|$|\s[A-Za-z]\s*=))", s)
    out = {}
    if pairs:
        for name, val in pairs:
            if name not in names:
                return None
            e = _parse(val)
            if e is None or e.free_symbols:
                return None
            out[names[name]] = e
        return [out] if len(out) == len(syms) else None
    m = re.fullmatch(r"\(\s*(.+)\s*\)", s)
    if m:
        vals = [v for v in m.group(1).split(",")]
        if len(vals) == len(syms):
            exprs = [_parse(v) for v in vals]
            if all(e is not None and not e.free_symbols for e in exprs):
                return [dict(zip(syms, exprs))]
    return None


def _subst_text(eqs, point) -> str:
    """'substituting $x = 5$: $3 \\cdot 5 + 7 = 22$' for each equation."""
    sp = _sp()
    assign = ", ".join(f"{_latex(k)} = {_latex(v)}" for k, v in point.items())
    shown = []
    for lhs, rhs in eqs:
        u = {k: sp.UnevaluatedExpr(v) for k, v in point.items()}
        try:
            l_un, r_un = lhs.subs(u), rhs.subs(u)
            lv, rv = sp.simplify(lhs.subs(point)), sp.simplify(rhs.subs(point))
        except Exception:  # noqa: BLE001
            continue
        left = _latex(l_un) if l_un != lv else _latex(lv)
        right = _latex(r_un) if (r_un != rv and rhs.free_symbols) else _latex(rv)
        if sp.simplify(lv - rv) == 0:
            shown.append(
                f"${left} = {_latex(lv)}$" + ("" if right == _latex(lv) else f" and ${right} = {_latex(rv)}$")
            )
        else:
            shown.append(f"${left} = {_latex(lv)} \\neq {_latex(rv)}$")
    return f"substituting ${assign}$: " + "; ".join(shown)


def _satisfies(eqs, point) -> bool | None:
    sp = _sp()
    try:
        out = True
        for lhs, rhs in eqs:
            d = sp.simplify((lhs - rhs).subs(point))
            if d.has(sp.nan, sp.zoo) or not d.is_number:
                return False
            if d != 0:
                if abs(complex(sp.N(d))) > 1e-9:
                    out = False
        return out
    except Exception:  # noqa: BLE001
        return None


def _in_domain(sol, point) -> bool:
    dom = sol.check.domain if isinstance(sol.check, EquationData) else None
    if not dom:
        return True
    sp = _sp()
    try:
        return all(bool(sp.simplify(cond.subs(point))) for cond in dom)
    except Exception:  # noqa: BLE001
        return False


def _same_point_set(a: list, b: list) -> bool:
    def has(lst, p):
        return any(all(_same_value(p[k], q.get(k)) for k in p) for q in lst if set(q) == set(p))

    return all(has(b, p) for p in a) and all(has(a, q) for q in b)


def _widen(ans: str, tail: str) -> str:
    """The extractor stops at the first math span ("$x = 2$ or $x = -2$" -> "x = 2"); read the
    rest of the sentence that states the answer as well."""
    if not tail or not ans:
        return ans
    ans = re.sub(r"\s+[A-Za-z]+$", "", ans.strip()) or ans  # a trailing "unit" word ("or")
    for line in reversed(tail.splitlines()):
        i = line.find(ans)
        if i >= 0:
            seg = line[i:]
            seg = re.split(r"\.(?:\s|$)|(?<=\$)\s*(?:,\s*)?(?:so|since|because|which)\b", seg)[0]
            seg = seg.replace("$", " ")
            return re.sub(r"\s+", " ", seg).strip().rstrip(".")
    return ans


def _check_equation(sol, ans: str, tail: str = ""):
    data = _typed(sol, EquationData)
    wide = _widen(ans, tail)
    if wide != ans:
        if len(data.variables) == 1:
            more = _candidate_roots(wide, data.variables[0])
        else:
            more = _candidate_system(wide, data.variables)
        if more is not None:
            ans = wide
    eqs, syms, expected = data.equations, data.variables, data.solutions
    asked = data.asked
    if asked is not None and len(syms) > 1 and expected:
        cand = _candidate_roots(ans, asked)
        if cand is None or cand == "all":
            pairs = _candidate_system(ans, syms)
            if not pairs or pairs == "all":
                return _none("could not read the answer as a value of the asked unknown")
            cand = [pairs[0][asked]]
        want = expected[0][asked]
        if len(cand) == 1 and _same_value(cand[0], want, ans):
            return _verified(
                f"SymPy solves the system: ${_latex(asked)} = {_latex(want)}$ ("
                + ", ".join(f"${_latex(k)} = {_latex(v)}$" for k, v in expected[0].items())
                + ")"
            )
        if len(cand) == 1 and _same_value(cand[0], want, ans) is False:
            return _result(
                WRONG,
                f"SymPy solves the system: ${_latex(asked)} = {_latex(want)}$, not ${_latex(cand[0])}$",
                sol.answer_latex,
                sol.steps,
            )
        return _none("could not compare the answer with the system's solution")
    if len(syms) == 1:
        x = syms[0]
        cand = _candidate_roots(ans, x)
        exp_points = None if expected is None else [{x: r} for r in expected]
        cand_points = cand if cand in (None, "all") else [{x: r} for r in cand]
    else:
        cand = _candidate_system(ans, syms)
        exp_points = None if expected is None else list(expected)
        cand_points = cand
    if cand_points is None:
        return _none("could not read the answer as a solution")
    wrong = lambda check: _result(WRONG, check, sol.answer_latex, sol.steps)  # noqa: E731
    if exp_points is None:  # every value solves it
        if cand_points == "all":
            return _verified("both sides are identical, so every value is a solution")
        return wrong("the equation holds for every value, so the answer misses solutions")
    if cand_points == "all":
        return wrong("not every value satisfies the equation")
    real_expected = [p for p in exp_points if all(v.is_real is not False for v in p.values())]
    if not cand_points:
        if not real_expected:
            return _verified(
                "SymPy finds no real solution either"
                + (f" (only ${sol.answer_latex}$)" if exp_points else "")
            )
        return wrong(_subst_text(eqs, exp_points[0]) + " — a solution exists")
    if (
        len(syms) == 1
        and _decimals(ans) is not None
        and exp_points
        and len(cand_points) == len(real_expected or exp_points)
        and all(any(_same_value(p[x], q[x], ans) for q in exp_points) for p in cand_points)
    ):
        return _verified(f"${sol.answer_latex}$, which is ${_clean_answer(ans)}$ to the places given")
    for p in cand_points:
        ok = _satisfies(eqs, p)
        if ok is None:
            return _none("could not substitute the answer")
        if not ok or not _in_domain(sol, p):
            why = (
                _subst_text(eqs, p)
                if ok is False
                else f"${', '.join(f'{_latex(k)} = {_latex(v)}' for k, v in p.items())}$ is outside the domain"
            )
            return wrong(why)
    if not (_same_point_set(cand_points, exp_points) or _same_point_set(cand_points, real_expected)):
        missing = [
            p
            for p in exp_points
            if not _same_point_set([p], [q for q in cand_points if set(q) == set(p)] or [{}])
        ]
        what = (
            ", ".join(
                "$" + ", ".join(f"{_latex(k)} = {_latex(v)}" for k, v in p.items()) + "$" for p in missing
            )
            or "another value"
        )
        return wrong(f"the answer misses the solution {what}")
    checks = "; ".join(_subst_text(eqs, p) for p in cand_points[:3])
    return _verified(checks)


# --------------------------------------------------------------------------- by kind

_NUMERIC_KINDS = {
    "arithmetic",
    "percentage",
    "definite_integral",
    "limit",
    "determinant",
    "statistics",
    "gcd",
    "lcm",
    "remainder",
    "rounding",
    "slope",
    "sequence",
    "function_value",
    "unit_conversion",
    "comparison",
}
_EXPR_KINDS = {"simplify", "expand", "factor", "derivative"}


def _check_numeric(sol, ans: str):
    sp = _sp()
    v = sol.answer
    if v is sp.nan or (hasattr(v, "has") and v.has(sp.nan)):
        if _DNE.search(ans):
            return _verified(f"SymPy also finds ${sol.problem_latex}$ does not exist")
        c = _parse(ans)
        if c is None:
            return _none("could not read the answer")
        return _result(WRONG, f"${sol.problem_latex}$ does not exist (diverges)", sol.answer_latex, sol.steps)
    if _DNE.search(ans) and not re.search(r"\d", _clean_answer(ans)):
        return _result(WRONG, f"${sol.problem_latex} = {sol.answer_latex}$", sol.answer_latex, sol.steps)
    text = _clean_answer(ans).replace("%", "")
    c = _parse(text)
    if c is None:
        return _none("could not read the answer as a number")
    same = _same_value(c, v, text)
    if same is None:
        return _none("could not compare the values")
    shown = f"${sol.problem_latex} = {sol.answer_latex}$"
    if same:
        written = text if _decimals(text) is not None else _latex(c)
        return _verified(
            shown
            + (
                ""
                if written == sol.answer_latex
                else f", which equals ${written}$"
                + (" to the places given" if _decimals(text) and c != v else "")
            )
        )
    return _result(WRONG, shown + f", not ${_latex(c)}$", sol.answer_latex, sol.steps)


def _check_expression(sol, ans: str):
    c = _parse(ans)
    if c is None:
        return _none("could not read the answer as an expression")
    e = sol.answer
    same = _equivalent(c, e)
    if same is None:
        return _none("could not decide equivalence")
    if not same:
        if sol.kind == "derivative":
            data = _typed(sol, FunctionData)
            f, x = data.f, data.var
            check = (
                f"$\\frac{{d}}{{d{_latex(x)}}}\\left({_latex(f)}\\right) = {_latex(e)}$, not ${_latex(c)}$"
            )
        else:
            check = f"${_latex(c)}$ is not equal to ${sol.problem_latex}$"
        return _result(WRONG, check, sol.answer_latex, sol.steps)
    if sol.kind in ("simplify", "expand", "factor"):
        form = _form_check(sol, ans, c)
        if form is not None:
            return form
    if sol.kind == "derivative":
        data = _typed(sol, FunctionData)
        f, x, order = data.f, data.var, data.order
        d = f"\\frac{{d{'^' + str(order) if order > 1 else ''}}}{{d{_latex(x)}{'^' + str(order) if order > 1 else ''}}}"
        return _verified(
            f"${d}\\left({_latex(f)}\\right) = {_latex(e)}$"
            + ("" if _latex(c) == _latex(e) else f", which equals ${_latex(c)}$")
        )
    return _verified(
        f"${sol.problem_latex} = {_latex(e)}$"
        + ("" if _latex(c) == _latex(e) else f", and ${_latex(c)} - ({_latex(e)})$ simplifies to $0$")
    )


def _form_check(sol, ans: str, c):
    """None when the answer (equal to the expression) is in the form asked for; else the verdict:
    ``wrong`` when it is plainly not (a restatement, an unexpanded product, a reducible factor),
    ``none`` when SymPy can't tell (a half-simplified form)."""
    sp = _sp()
    raw = _parse(ans, evaluate=False)
    written = raw if raw is not None else c
    shown = _latex(written)
    not_asked = lambda what: _result(  # noqa: E731
        WRONG,
        f"${shown}$ is equal to the expression but {what}",
        sol.answer_latex,
        sol.steps,
    )
    try:
        if sol.kind == "factor":
            if not _fully_factored(written, content=raw is not None):
                return not_asked("not fully factored (over the rational numbers)")
        elif sol.kind == "expand":
            if not _expanded(written):
                return not_asked("not expanded")
        else:
            e = sol.answer
            ops = sp.count_ops(written)
            forms = [e, sp.expand(e), sp.factor(e), sp.cancel(e), sp.together(e)]
            num, den = sp.fraction(written)  # as written: a factor left to cancel is not simplified
            left_to_cancel = bool(den.free_symbols) and bool(sp.gcd(num, den).free_symbols)
            if ops > max(sp.count_ops(t) for t in forms) or left_to_cancel:
                problem = _typed(sol, ExpressionData).expr
                if ops >= sp.count_ops(problem):
                    return not_asked("not simplified")
                return _none("equal to the expression, but SymPy can't tell whether this form is simplified")
    except Exception:  # noqa: BLE001
        return _none("could not tell whether the answer is in the form asked for")
    return None


def _factors(e):
    """The multiplicative factors of `e` as written (bases of integer powers, products flattened)."""
    if e.is_Mul:
        for a in e.args:
            yield from _factors(a)
    elif e.is_Pow and e.exp.is_Integer:
        yield from _factors(e.base)
    else:
        yield e


def _fully_factored(e, content: bool = True) -> bool:
    """Is every factor of `e` (as written) irreducible over the rationals?  With `content`, a sum
    with a common integer factor (2x + 4) counts as not factored."""
    sp = _sp()
    for f in _factors(e):
        if f.is_number or f.is_Symbol:
            continue
        try:
            coeff, parts = sp.factor_list(f)
        except Exception:  # noqa: BLE001 - not a polynomial (sin x, e^x): not judged
            continue
        if sum(m for _, m in parts) > 1:
            return False
        if content and f.is_Add and coeff.is_Integer and abs(coeff) != 1:
            return False
    return True


def _expanded(e) -> bool:
    """No power of a sum and no product with a sum in it (a sum over a denominator, or -(a + b),
    is left alone)."""
    sp = _sp()
    for t in sp.preorder_traversal(e):
        if t.is_Pow and t.base.is_Add and t.exp.is_Integer and t.exp > 1:
            return False
        if t.is_Mul:
            top = [
                a
                for a in t.args
                if not (a.is_Pow and a.exp.is_negative) and a not in (sp.S.One, sp.S.NegativeOne)
            ]
            sums = [a for a in top if a.is_Add or (a.is_Pow and a.base.is_Add and a.exp.is_positive)]
            if sums and len(top) > 1:
                return False
    return True


def _check_integral(sol, ans: str):
    sp = _sp()
    c = _parse(ans)
    if c is None:
        return _none("could not read the antiderivative")
    data = _typed(sol, FunctionData)
    f, x = data.f, data.var
    if c.has(sp.Abs):  # d/dx ln|x| needs a real variable
        real = {t: sp.Symbol(t.name, real=True) for t in c.free_symbols | f.free_symbols}
        c, f, x = c.xreplace(real), f.xreplace(real), real.get(x, x)
    try:
        dc = sp.diff(c, x)
    except Exception:  # noqa: BLE001
        return _none("could not differentiate the answer")
    same = _equivalent(dc, f)
    if same is None:
        return _none("could not compare the derivative with the integrand")
    nice = symbolic.simplest_form(dc)
    if same:
        return _verified(
            f"differentiating: $\\frac{{d}}{{d{_latex(x)}}}\\left({_latex(c)}\\right) = "
            f"{_latex(nice)}$, the integrand"
        )
    return _result(
        WRONG,
        f"differentiating: $\\frac{{d}}{{d{_latex(x)}}}\\left({_latex(c)}\\right) = "
        f"{_latex(nice)} \\neq {_latex(f)}$",
        sol.answer_latex,
        sol.steps,
    )


def _check_matrix(sol, ans: str):
    sp = _sp()
    c = _parse_matrix(ans)
    if c is None:
        return _none("could not read the matrix")
    A = _typed(sol, MatrixData).matrix
    if c.shape != A.shape:
        return _result(
            WRONG,
            f"the answer is {c.shape[0]}×{c.shape[1]}, not {A.shape[0]}×{A.shape[1]}",
            sol.answer_latex,
            sol.steps,
        )
    prod = (A * c).applyfunc(sp.simplify)
    if prod == sp.eye(A.shape[0]):
        return _verified(f"multiplying: ${_latex(A)} {_latex(c)} = I$")
    return _result(
        WRONG, f"multiplying: ${_latex(A)} {_latex(c)} = {_latex(prod)} \\neq I$", sol.answer_latex, sol.steps
    )


def _parse_matrix(ans: str):
    sp = _sp()
    s = str(ans)
    m = re.search(r"\\begin\{[pbBvV]?matrix\}(.*?)\\end\{[pbBvV]?matrix\}", s, re.DOTALL)
    rows = None
    if m:
        rows = [[cell for cell in r.split("&")] for r in re.split(r"\\\\", m.group(1)) if r.strip()]
    else:
        m = re.search(r"\[\s*\[(.*)\]\s*\]", s, re.DOTALL)
        if m:
            rows = [r.split(",") for r in re.split(r"\]\s*,\s*\[", m.group(1))]
    if not rows:
        return None
    try:
        vals = [[_parse(cell) for cell in r] for r in rows]
    except Exception:  # noqa: BLE001
        return None
    if any(v is None for r in vals for v in r) or len({len(r) for r in vals}) != 1:
        return None
    return sp.Matrix(vals)


def _check_factorization(sol, ans: str):
    sp = _sp()
    n = _typed(sol, NumberData).n
    s = _clean_answer(ans)
    s = re.sub(r"^\d+\s*=\s*", "", s)
    factors = [f.strip() for f in re.split(r"\*|\\cdot|×", s) if f.strip()]
    total, ok = 1, True
    for f in factors:
        m = re.fullmatch(r"\(?(\d+)\)?(?:\s*\^\s*\(?\{?(\d+)\}?\)?)?", f)
        if not m:
            return _none("could not read the factorisation")
        p, e = int(m.group(1)), int(m.group(2) or 1)
        ok = ok and sp.isprime(p)
        total *= p**e
    if total == n and ok:
        return _verified(f"the factors are prime and multiply to ${n}$")
    why = f"they multiply to ${total}$" if total != n else "not every factor is prime"
    return _result(WRONG, why, sol.answer_latex, sol.steps)


def _check_interval(sol, ans: str):
    sp = _sp()
    data = _typed(sol, SetData)
    cand = _parse_set(ans, data.var)
    if cand is None:
        return _none("could not read the answer as an interval")
    exp = data.set
    if (
        cand == exp
        or sp.simplify(sp.Complement(cand, exp)) == sp.S.EmptySet
        and sp.simplify(sp.Complement(exp, cand)) == sp.S.EmptySet
    ):
        return _verified(f"SymPy's solution set is ${_latex(exp)}$ too")
    extra = sp.Complement(cand, exp)
    point = None
    try:
        if extra != sp.S.EmptySet:
            point = extra.inf if extra.inf.is_finite else extra.sup
            if point not in extra:
                point = extra.inf + 1 if extra.inf.is_finite else extra.sup - 1
    except Exception:  # noqa: BLE001
        point = None
    why = f"SymPy's solution set is ${_latex(exp)}$, not ${_latex(cand)}$"
    return _result(WRONG, why, sol.answer_latex, sol.steps)


def _parse_set(ans: str, x):
    """An interval answer ('(2, \\infty)', 'x > 2', '2 < x < 3', 'x < 2 or x > 3', unions)."""
    sp = _sp()
    s = _clean_answer(ans)
    s = s.replace("\\leq", "<=").replace("\\le", "<=").replace("\\geq", ">=").replace("\\ge", ">=")
    s = s.replace("≤", "<=").replace("≥", ">=").replace("\\lt", "<").replace("\\gt", ">")
    s = re.sub(r"^[A-Za-z]\s*\\in\s*", "", s)
    s = re.sub(r"^[A-Za-z]\s+in\s+", "", s)
    if re.fullmatch(r"\s*(?:all\s+real\s+numbers|\(-oo,\s*oo\)|R|\\mathbb\{?R\}?)\s*", s):
        return sp.S.Reals
    if _NO_SOLUTION.search(s) and not re.search(r"\d", s):
        return sp.S.EmptySet
    pieces = re.split(r"\s*(?:\\cup|∪|\bU\b|\bor\b)\s*", s)
    total = sp.S.EmptySet
    for piece in pieces:
        piece = piece.strip()
        m = re.fullmatch(r"([(\[])\s*([^,]+?)\s*,\s*([^,]+?)\s*([)\]])", piece)
        if m:
            a, b = _parse(m.group(2)), _parse(m.group(3))
            if a is None or b is None:
                return None
            total = total.union(
                sp.Interval(a, b, m.group(1) == "(" or a.is_infinite, m.group(4) == ")" or b.is_infinite)
            )
            continue
        parts = re.split(r"\s*(<=|>=|<|>)\s*", piece)
        if len(parts) in (3, 5):
            cur = sp.S.Reals
            for i in range(0, len(parts) - 2, 2):
                a, op, b = parts[i], parts[i + 1], parts[i + 2]
                ea, eb = _parse(a), _parse(b)
                if ea is None or eb is None:
                    return None
                rel = {"<": sp.Lt, "<=": sp.Le, ">": sp.Gt, ">=": sp.Ge}[op](ea, eb)
                try:
                    cur = cur.intersect(sp.solve_univariate_inequality(rel, x, relational=False))
                except Exception:  # noqa: BLE001
                    return None
            total = total.union(cur)
            continue
        return None
    return total


def _check_solution(sol, ans: str, tail: str = ""):
    kind = sol.kind
    if kind == "word_problem":  # the word-problem reader's own checker (issue 25)
        from tutor.math.wordproblems.check import check_answer

        return check_answer(sol, ans, tail)
    if kind in ("linear_equation", "quadratic_equation", "linear_system", "exp_log_equation"):
        return _check_equation(sol, ans, tail)
    if kind == "integral":
        return _check_integral(sol, ans)
    if kind in _EXPR_KINDS:
        return _check_expression(sol, ans)
    if kind == "inverse":
        return _check_matrix(sol, ans)
    if kind == "prime_factorization":
        return _check_factorization(sol, ans)
    if kind == "inequality":
        return _check_interval(sol, ans)
    if kind in _NUMERIC_KINDS:
        return _check_numeric(sol, ans)
    if kind in _YES_NO_KINDS:
        return _check_yes_no(sol, ans)
    from tutor.math.answer_checks import check_by_type  # chosen by the type of the answer held

    return check_by_type(sol, ans, _check_numeric, tail)


_YES_NO_KINDS = {"prime", "divisibility", "comparison_test"}


def _check_yes_no(sol, ans: str):
    """True/False questions ("Is 91 prime?"): only a bare yes/no/true/false answer is read."""
    word = re.sub(r"[^a-z]", "", _clean_answer(ans).lower())
    said = {"true": True, "yes": True, "false": False, "no": False}.get(word)
    if said is None:
        return _none("could not read the answer as yes or no")
    truth = bool(sol.answer)
    shown = "true" if truth else "false"
    if said == truth:
        return _verified(f"SymPy finds the statement {shown}: {sol.steps[0] if sol.steps else ''}")
    return _result(
        WRONG,
        f"SymPy finds the statement {shown}: {sol.steps[0] if sol.steps else ''}",
        sol.answer_latex,
        sol.steps,
    )


_NOT_SETTLEABLE = re.compile(
    r"\b(?:prove|proof|explain|why|show\s+that|justify|describe|"
    r"what\s+does|meaning)\b",
    re.IGNORECASE,
)


def _verify_worker(problem: str, answer: str, tail: str, weak: bool = False) -> dict:
    if _NOT_SETTLEABLE.search(problem):
        return _none("not a problem SymPy can settle (proof / explanation)")
    try:
        sol = symbolic.solve_here(problem)
    except symbolic.Unsupported as exc:
        out = _none(exc.reason)
    else:
        with symbolic.imaginary_unit(symbolic.i_reading()):  # the reply's `i` as the problem's
            out = _check_solution(sol, answer, tail)
        out["kind"] = sol.kind
    if weak and out["status"] == WRONG:
        return _none("the reply states no clear final answer, so it is not marked wrong")
    return out


def _verify_many_worker(jobs) -> list[dict]:
    out = []
    for problem, answer, tail, weak in jobs:
        try:
            out.append(_verify_worker(problem, answer, tail, weak))
        except Exception as exc:  # noqa: BLE001
            out.append(_none(f"{type(exc).__name__}"))
    return out


# --------------------------------------------------------------------------- student checks


def _line_sides(line: str):
    """(lhs, rhs) expressions of an equation line, or (None, expr) for an expression line."""
    s = line.strip().lstrip("=").strip()
    s = re.sub(r"^(?:so|then|thus|therefore|hence)\b[,:]?\s*", "", s, flags=re.IGNORECASE)
    s = s.strip().strip("$").strip()
    if s.count("=") == 1:
        l, r = s.split("=")
        return _parse(l), _parse(r)
    if "=" in s:
        return None, _parse(s.rsplit("=", 1)[1])
    return None, _parse(s)


def _student_worker(problem: str, lines: list[str]) -> dict:
    if _NOT_SETTLEABLE.search(problem):
        return _student(NONE, "SymPy can't settle this kind of question.")
    try:
        sol = symbolic.solve_here(problem)
    except symbolic.Unsupported as exc:
        return _student(NONE, exc.reason)
    with symbolic.imaginary_unit(symbolic.i_reading()):  # the student's `i` as the problem's
        return _student_verdict(sol, lines)


def _student_verdict(sol, lines: list[str]) -> dict:
    final = lines[-1]
    if "=" in final and sol.kind not in (
        "linear_equation",
        "quadratic_equation",
        "linear_system",
        "exp_log_equation",
        "inequality",
    ):
        final = final.rsplit("=", 1)[1]
    verdict = _check_solution(sol, final)
    if verdict["status"] == "none" and len(lines) == 1:
        return _student(
            NONE,
            "I couldn't read your answer; write just the final answer: `x = ` and a value, or a number.",
            expected=sol.answer_latex,
        )
    wrong_at = None
    if len(lines) > 1:
        wrong_at = _first_wrong_line(sol, lines)
    if verdict["status"] == VERIFIED and wrong_at is None:
        return _student(VERIFIED, "✓ **Right!** " + _polish(verdict["check"]), expected=sol.answer_latex)
    if verdict["status"] == VERIFIED and wrong_at is not None:
        return _student(
            VERIFIED,
            f"Your final answer is right, but check line {wrong_at}: `{lines[wrong_at - 1]}` doesn't follow.",
            wrong_at,
            expected=sol.answer_latex,
        )
    msg = "✗ **Not quite.**"
    if wrong_at is not None:
        msg += f" The first step that goes wrong is line {wrong_at}: `{lines[wrong_at - 1]}`."
    elif verdict["status"] == WRONG and "is equal to the expression but" in verdict["check"]:
        msg += " " + _polish(verdict["check"]) + "."
    elif verdict["status"] == WRONG and sol.kind in (
        "linear_equation",
        "quadratic_equation",
        "linear_system",
        "exp_log_equation",
    ):
        msg += " " + _polish(_hide_expected(verdict["check"], sol)) + "."
    msg += " Try that step again, or ask for a hint."
    if verdict["status"] == NONE and wrong_at is None:
        return _student(NONE, "I couldn't read your final line as an answer.", expected=sol.answer_latex)
    return _student(WRONG, msg, wrong_at, expected=sol.answer_latex)


def _polish(check: str) -> str:
    return check[:1].upper() + check[1:] if check else ""


def _hide_expected(check: str, sol) -> str:
    # substitution of the student's own values only; never the missing solution
    return check if "misses the solution" not in check else "Your answer misses a solution."


def _student(status, message, line=None, expected=None):
    return {
        "status": status,
        "message": message,
        "first_wrong_line": line,
        "method": "sympy" if status != NONE else "none",
        "expected": expected,
    }


def _first_wrong_line(sol, lines: list[str]) -> int | None:
    """The first line whose truth differs from SymPy's solution (1-based), or None."""
    sp = _sp()
    kind = sol.kind
    for i, line in enumerate(lines, 1):
        try:
            lhs, rhs = _line_sides(line)
        except Exception:  # noqa: BLE001
            continue
        if rhs is None:
            continue
        if kind in ("linear_equation", "quadratic_equation", "linear_system", "exp_log_equation"):
            data = sol.check
            sols = data.solutions if isinstance(data, EquationData) else None
            if lhs is None or not sols:
                continue
            points = sols if isinstance(sols[0], dict) else [{data.variables[0]: r} for r in sols]
            syms = (lhs - rhs).free_symbols
            if not syms:
                continue
            for p in points:
                if all(v.is_real is not False for v in p.values()):
                    ok = _satisfies([(lhs, rhs)], {k: v for k, v in p.items()})
                    if ok is False:
                        return i
            if len(data.variables) == 1 and i == len(lines):
                x = data.variables[0]
                try:
                    got = sp.solveset(lhs - rhs, x, sp.S.Reals)
                    want = sp.FiniteSet(*[p[x] for p in points if p[x].is_real is not False])
                    if got.is_FiniteSet and got != want:
                        return i
                except Exception:  # noqa: BLE001
                    pass
        elif kind == "integral":
            fdata = _typed(sol, FunctionData)
            x, f = fdata.var, fdata.f
            if _equivalent(sp.diff(rhs, x), f) is False:
                return i
        elif kind in _EXPR_KINDS:
            if _equivalent(rhs, sol.answer) is False and (lhs is None or i == len(lines)):
                if kind == "derivative" and i < len(lines):
                    continue  # intermediate lines of a derivative are not the derivative yet
                return i
        elif kind in _NUMERIC_KINDS:
            if rhs.free_symbols:
                continue
            if _same_value(rhs, sol.answer, line) is False:
                return i
    return None
