"""Notation the general parsers misread, and the front door's guard against answers they invent.

* Logarithms with a base: ``log_2 8``, ``log_{2} 8``, ``log_2(8)``, ``\\log_{2} 8``, ``log2(8)``,
  ``log(8, 2)``, "log base 2 of 8", and ``lg x`` (the common logarithm, ISO 80000-2) become
  ``ln(x)/ln(b)`` before parsing. Plain ``log`` with no base, in a problem with no variable,
  means the common logarithm log_10 (as on school calculators, and as in the solver's
  equations); a step says so. ``ln`` is the natural logarithm.
* Combinations and permutations: ``10C3``, ``^10C_3``, ``{}^{10}C_{3}``, ``C(10,3)``, ``nCr(10,3)``,
  ``\\binom{10}{3}``, ``{10 \\choose 3}``, ``5P2``, ``P(5,2)``, ``nPr(5,2)``: exact values with the
  factorial formula as a step.
* :func:`guard`: a solution whose answer has a free symbol the input never wrote as a variable
  (``_2`` from ``log_2``, the ``C`` of ``10C3``, a letter pulled out of a word), or whose LaTeX
  has a stray ``_`` subscript on a number, is refused, naming what could not be read.
"""

from __future__ import annotations

import re

from tutor.math.parse import _FUNCS, _readable_word, _split_word, latex, sympy_module
from tutor.math.problems import Solution, Unsupported

__all__ = ["rewrite", "solve_notation", "guard", "variable_names"]

_NUM = r"\d+(?:\.\d+)?"
_GROUP = r"\((?:[^()]|\([^()]*\))*\)|\{(?:[^{}]|\{[^{}]*\})*\}"  # two levels of nesting
_ARG = rf"(?:{_GROUP}|\\frac\s*\{{[^{{}}]*\}}\s*\{{[^{{}}]*\}}|{_NUM}|[A-Za-z](?![A-Za-z(]))"
_BASE = rf"(?:\{{\s*(?P<bb>[^{{}}]+?)\s*\}}|(?P<bn>{_NUM}|[A-Za-z](?![A-Za-z])))"
_LOG_SUB = re.compile(rf"\\?\blog\s*_\s*{_BASE}\s*(?P<arg>{_ARG})")
_LOG_WORDS = re.compile(
    rf"\blog(?:arithm)?\s+(?:to\s+)?(?:the\s+)?base\s+(?P<b>{_NUM}|[A-Za-z])\s+of\s+(?P<arg>{_NUM}\s*/\s*{_NUM}(?![\d.])|{_ARG})",
    re.IGNORECASE,
)
_LOG_FUSED = re.compile(rf"\blog(?P<b>2|10)\s*(?P<arg>{_GROUP})")
_LOG_COMMA = re.compile(rf"\blog\s*\(\s*(?P<arg>[^(),]+?)\s*,\s*(?P<b>{_NUM}|[A-Za-z])\s*\)")
_LG = re.compile(rf"\\?\blg\b\s*(?P<arg>{_ARG})")
_PLAIN_LOG = re.compile(rf"(?:\\)?\blog\b(?!\s*_)\s*(?P<arg>{_ARG})")

_CHOOSE = [  # (pattern, kind); n and k are the groups n, k
    re.compile(r"(?<![\w.^])(?P<n>\d+)\s*(?P<kind>[CP])\s*(?P<k>\d+)(?![\w.])"),
    re.compile(r"(?:\{\s*\})?\^\s*\{?\s*(?P<n>\d+)\s*\}?\s*(?P<kind>[CP])\s*_\s*\{?\s*(?P<k>\d+)\s*\}?"),
    re.compile(r"(?<![\w.])_\s*\{?\s*(?P<n>\d+)\s*\}?\s*(?P<kind>[CP])\s*_\s*\{?\s*(?P<k>\d+)\s*\}?"),
    re.compile(r"\bn(?P<kind>[CP])r\s*\(\s*(?P<n>\d+)\s*,\s*(?P<k>\d+)\s*\)"),
    re.compile(r"\\binom\s*\{\s*(?P<n>\d+)\s*\}\s*\{\s*(?P<k>\d+)\s*\}"),
    re.compile(r"\{\s*(?P<n>\d+)\s*\\choose\s*(?P<k>\d+)\s*\}"),
]
# C(10,3) / P(5,2) only as the whole problem: P(5,2) is also a point
_CHOOSE_CALL = re.compile(r"(?P<kind>[CP])\s*\(\s*(?P<n>\d+)\s*,\s*(?P<k>\d+)\s*\)")
_LEAD = re.compile(
    r"^(?:(?:please|what\s+is|what's|find|compute|calculate|evaluate|work\s+out|determine|"
    r"the\s+value\s+of|value\s+of|the\s+number)\b[\s,:]*)*",
    re.IGNORECASE,
)
_MAX_N = 1000


def _unwrap(t: str) -> str:
    t = t.strip()
    if t[:1] in "({" and t[-1:] in ")}":
        t = t[1:-1].strip()
    return t


def _log_text(arg: str, base: str, latex_in: bool) -> str:
    arg, base = _unwrap(arg), _unwrap(base)
    if re.fullmatch(r"-?\s*" + _NUM, base) and (base.startswith("-") or float(base) in (0.0, 1.0)):
        raise Unsupported(f"A logarithm's base must be positive and not 1 (the base here is {base}).")
    if latex_in:
        return f"\\frac{{\\ln\\left({arg}\\right)}}{{\\ln\\left({base}\\right)}}"
    return f"(ln({arg})/ln({base}))"


def _has_variable(text: str) -> bool:
    return bool(variable_names(text) - {"e", "i"})


def _ambiguous_arg(m: re.Match, s: str) -> None:
    """A bare number argument followed by / or ^ ("log_5 1/25", "log base 2 of 8^2"): is the
    division or power inside the logarithm or after it? Refused rather than guessed."""
    arg = m.group("arg")
    if re.fullmatch(_NUM, arg.strip()) and re.match(r"\s*[/^]", s[m.end() :]):
        raise Unsupported(
            f"I can't tell whether what follows '{m.group(0).strip()}' is inside the logarithm: "
            "write it with brackets, e.g. log_5(1/25)."
        )


_DEGREES = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)\s*(?:\^\s*\{?\s*\\circ\s*\}?|°|\\degree\b|\s+degrees?\b)")


def _degrees(s: str, latex_in: bool, notes: list[str]) -> str:
    """Angles in degrees inside trigonometric functions (sin 30°, \\sin 30^\\circ) become radians,
    so their value is kept (a solver that dropped the degree sign would change the problem)."""
    if not re.search(r"\b(?:sin|cos|tan|sec|csc|cot)\b", s) or not _DEGREES.search(s):
        return s
    seen = []

    def rad(m):
        d = m.group(1)
        seen.append(d)
        return f"\\left(\\frac{{{d} \\pi}}{{180}}\\right)" if latex_in else f"({d}*pi/180)"

    out = _DEGREES.sub(rad, s)
    notes.append(
        "Angles in degrees, in radians: "
        + ", ".join(f"${d}^\\circ = \\frac{{{d}\\pi}}{{180}}$" for d in dict.fromkeys(seen))
        + "."
    )
    return out


def rewrite(text: str) -> tuple[str, list[str]]:
    """``text`` with the logarithm and nCr/nPr notations rewritten into what the parsers read,
    and the steps that say how they were read."""
    s, notes = text, []
    latex_in = "\\" in s

    def sub(pat, fn, s):
        return pat.sub(fn, s)

    def base_of(m):
        return m.group("bb") or m.group("bn")

    def note_base(b):
        notes.append(
            f"$\\log_{{{b}}} u$ is the logarithm to base ${b}$: the power of ${b}$ that gives $u$; "
            f"$\\log_{{{b}}} u = \\frac{{\\ln u}}{{\\ln {b}}}$."
        )

    def log_sub(m):
        b, arg = base_of(m), m.group("arg")
        if m.group("bn") and re.fullmatch(r"\d+", m.group("bn")) and re.match(r"\d", arg):
            if m.group(0).startswith("\\") and not re.search(r"_\s*\d+\s+\d", m.group(0)):
                # LaTeX: an unbraced subscript is one character, so \log_381 is log_3 81
                digits = m.group("bn") + arg
                b, arg = digits[0], digits[1:]
            elif not re.search(r"_\s*\d+\s+\d", m.group(0)):
                raise Unsupported(
                    f"I can't tell where the base ends in '{m.group(0).strip()}': write log_{{3}}(81) or log_3 81."
                )
        _ambiguous_arg(m, s_now[0])
        note_base(_unwrap(b))
        return _log_text(arg, b, latex_in)

    def log_named(m):
        if "/" not in m.group("arg"):
            _ambiguous_arg(m, s_now[0])
        note_base(m.group("b"))
        return _log_text(m.group("arg"), m.group("b"), latex_in)

    s_now = [s]
    s = _degrees(s, latex_in, notes)
    s_now[0] = s
    s = sub(_LOG_SUB, log_sub, s)
    s_now[0] = s
    s = sub(_LOG_WORDS, log_named, s)
    s = sub(_LOG_FUSED, log_named, s)
    s = sub(_LOG_COMMA, log_named, s)
    if _LG.search(s):
        notes.append("$\\lg$ is the common logarithm $\\log_{10}$.")
        s = _LG.sub(lambda m: _log_text(m.group("arg"), "10", latex_in), s)
    if _PLAIN_LOG.search(s) and not _has_variable(s):
        notes.append(
            "Here $\\log$ with no base means the common logarithm $\\log_{10}$ (as on school "
            "calculators; write `ln` for the natural logarithm)."
        )
        s = _PLAIN_LOG.sub(lambda m: _log_text(m.group("arg"), "10", latex_in), s)

    for pat in _CHOOSE:

        def choose_sub(m):
            kind = m.groupdict().get("kind") or "C"
            n, k = int(m.group("n")), int(m.group("k"))
            value = _choose_value(kind, n, k)
            notes.append(f"${_choose_latex(kind, n, k)} = {value}$.")
            return f"({value})"

        s = pat.sub(choose_sub, s)
    s = re.sub(r"\s+", " ", s).strip()
    return s, list(dict.fromkeys(notes))


def _choose_value(kind: str, n: int, k: int) -> int:
    sp = sympy_module()
    if n > _MAX_N:
        raise Unsupported(f"That number of items ({n}) is too large for me.")
    if k > n:
        raise Unsupported(
            f"In {n}{kind}{k} the number chosen ({k}) is larger than the number of items ({n}); "
            "please check the problem."
        )
    return int(sp.binomial(n, k) if kind == "C" else sp.ff(n, k))


def _choose_latex(kind: str, n: int, k: int) -> str:
    return f"\\binom{{{n}}}{{{k}}}" if kind == "C" else f"{{}}^{{{n}}}P_{{{k}}}"


def solve_notation(text: str) -> Solution | None:
    """A problem that is one nCr/nPr expression (``10C3``, ``C(10,3)``, ``\\binom{10}{3}``, ``5P2``),
    worked with the factorial formula; None for anything else."""
    s = re.sub(r"[\s?.!]+$", "", text.strip())
    s = _LEAD.sub("", s).strip().strip("$").strip()
    for pat in (*_CHOOSE, _CHOOSE_CALL):
        m = pat.fullmatch(s)
        if m:
            break
    else:
        return None
    kind = m.groupdict().get("kind") or "C"
    n, k = int(m.group("n")), int(m.group("k"))
    value = _choose_value(kind, n, k)
    sp = sympy_module()
    shown = _choose_latex(kind, n, k)
    if kind == "C":
        steps = [
            f"The number of ways to choose ${k}$ of ${n}$ items (order does not matter) is "
            f"$${shown} = \\frac{{n!}}{{k!\\,(n-k)!}} = \\frac{{{n}!}}{{{k}!\\,{n - k}!}}$$",
        ]
        if k <= 12 and n - k >= 0:
            kk = min(k, n - k)
            top = " \\cdot ".join(str(n - j) for j in range(kk)) or "1"
            bottom = " \\cdot ".join(str(j) for j in range(kk, 0, -1)) or "1"
            steps.append(f"Cancel $({n - kk})!$: $$\\frac{{{top}}}{{{bottom}}} = {value}$$")
    else:
        steps = [
            f"The number of ordered arrangements of ${k}$ of ${n}$ items is "
            f"$${shown} = \\frac{{n!}}{{(n-k)!}} = \\frac{{{n}!}}{{{n - k}!}}$$",
        ]
        if k <= 12:
            prod = " \\cdot ".join(str(n - j) for j in range(k)) or "1"
            steps.append(f"Cancel $({n - k})!$: $${prod} = {value}$$")
    steps.append(f"So $${shown} = {value}$$")
    return Solution("arithmetic", shown, steps, str(value), sp.Integer(value))


# ---- the guard ------------------------------------------------------------------------------

_GREEK = {
    "alpha", "beta", "gamma", "delta", "epsilon", "theta", "lambda", "mu", "nu", "phi", "psi",
    "omega", "rho", "sigma", "tau", "xi", "zeta", "eta", "kappa", "chi",
}  # fmt: skip
_STRAY_SUB = re.compile(r"(?:^|[\s{(\[+\-*/=,])_")  # 8 _2, \frac{_10}{100}; not 101_{2}


def variable_names(text: str) -> set[str]:
    """The names ``text`` writes as variables: lone letters (not one stuck between digits, as
    the C of 10C3), letters of short products (xy) or stuck to function names (xsinx), Greek
    letters (\\theta) and subscripted names (x_1); never the letters of an English word."""
    names: set[str] = set()
    for m in re.finditer(r"\\([A-Za-z]+)", text):
        if m.group(1) in _GREEK:
            names.add(m.group(1))
    t = re.sub(r"\\[A-Za-z]+", " ", text)
    for m in re.finditer(r"(?<![A-Za-z])[A-Za-z]\w*_\{?\w+\}?", t):
        names.add(re.sub(r"[{}]", "", m.group(0)))
    for m in re.finditer(r"[A-Za-z]+", t):
        w = m.group(0)
        if len(w) == 1:
            before, after = t[m.start() - 1 : m.start()], t[m.end() : m.end() + 1]
            if not (before.isdigit() and after.isdigit()):
                names.add(w)
            continue
        if w in _FUNCS or w in _GREEK:
            if w in _GREEK:
                names.add(w)
            continue
        if _readable_word(w):
            parts = _split_word(w)
            if len(w) <= 2 or any(p in _FUNCS for p in parts):
                names |= {p for p in parts if len(p) == 1}
    return names


def _symbols(obj) -> set:
    sp = sympy_module()
    if isinstance(obj, dict):
        out = set()
        for k, v in obj.items():
            out |= _symbols(k) | _symbols(v)
        return out
    if isinstance(obj, (list, tuple, set, frozenset)):
        out = set()
        for v in obj:
            out |= _symbols(v)
        return out
    if isinstance(obj, sp.Basic):
        return set(obj.free_symbols)
    return set()


def guard(text: str, sol: Solution) -> Solution:
    """``sol``, unless its answer has a symbol ``text`` never wrote as a variable or its LaTeX a
    stray subscript (raises :class:`Unsupported`, naming what could not be read)."""
    for what in (sol.answer_latex, sol.problem_latex):
        if isinstance(what, str) and _STRAY_SUB.search(what):
            raise Unsupported(
                "I couldn't read a subscript ('_') in that problem; for a logarithm write it as "
                "`log_2(8)` or 'log base 2 of 8'."
            )
    names = variable_names(text) | set(sol.introduces)
    odd = sorted(str(t) for t in _symbols(sol.answer) if str(t) not in names)
    if odd:
        shown = ", ".join(f"'{n}'" for n in odd)
        raise Unsupported(
            f"I couldn't read {shown} in that problem: it isn't written as a variable there, so I "
            "won't guess what it means."
        )
    return sol


def latex_ln(e) -> str:
    return latex(e, ln_notation=True)


def exact_logs(sol: Solution) -> None:
    """A numeric answer with logarithms in its simplest exact form (log_2 8 = 3, log_4 2 = 1/2),
    with a step; the answer LaTeX writes ln for the natural logarithm."""
    sp = sympy_module()
    v = sol.answer
    if not isinstance(v, sp.Basic) or v.free_symbols or not v.has(sp.log):
        return
    if v.is_real is not True:
        raise Unsupported("That logarithm is not a real number (its argument must be positive).")
    if sol.kind == "arithmetic":  # SymPy's log is the natural logarithm: show it as ln
        sol.steps = [t.replace("\\log{", "\\ln{") for t in sol.steps if not t.startswith("Numerically,")]
        sol.problem_latex = sol.problem_latex.replace("\\log{", "\\ln{")
    w = sp.nsimplify(sp.simplify(v), rational=False)
    if w != v and not w.has(sp.log) or (w.is_number and sp.count_ops(w) < sp.count_ops(v)):
        if abs(sp.N(w - v, 30)) > sp.Float("1e-20"):
            return
        sol.steps.append(f"Simplify: $${latex_ln(v)} = {latex_ln(w)}$$")
        v = w
        sol.answer = w
    sol.answer_latex = latex_ln(v)
    if not v.is_Rational:
        sol.steps.append(f"Numerically, ${latex_ln(v)} \\approx {sp.N(v, 10)}$.")
