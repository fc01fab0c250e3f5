"""Answer text read into SymPy values and compared: the checks' LaTeX clean-up, parsing (as
written or evaluated), equal values (rounded decimals allowed) and equal functions. Runs in the
SymPy worker."""

from __future__ import annotations

import re

from tutor.math.families.common import ratify
from tutor.math.grading import normalize_answer
from tutor.math.parse import parse_latex, parse_plain, sympy_module
from tutor.math.verdicts import VERIFIED

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
    return sympy_module()


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
                expr = parse_plain(candidate, evaluate=False)
                numbers = {t: t.doit() for t in sp.preorder_traversal(expr) if t.is_number and not t.is_Atom}
                with sp.evaluate(False):  # fold the numbers, leave the rest as written
                    return expr.xreplace(numbers)
            expr = parse_plain(candidate)
            return ratify(expr)
        except Exception:  # noqa: BLE001
            continue
    if not evaluate:
        return None
    try:
        return ratify(parse_latex(s))
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
