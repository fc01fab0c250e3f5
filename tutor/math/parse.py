"""The front door from text to SymPy objects: cheap pre-checks in the caller's process
(:func:`precheck`, no SymPy), then plain-text and LaTeX parsing inside the worker. English words
are refused with the words named, never read as products of letters; decimals are exact; `i` is
the imaginary unit in complex arithmetic; plain `log` is base 10 in equations when asked."""

from __future__ import annotations

import contextlib
import contextvars
import functools
import re

from tutor.math.input_guard import MAX_CHARS, MAX_DEPTH, MAX_EXPONENT, precheck  # the checks before parsing
from tutor.math.problems import Unsupported

__all__ = [
    "MAX_CHARS",
    "MAX_DEPTH",
    "MAX_EXPONENT",
    "precheck",
    "sympy_module",
    "parse_plain",
    "parse_latex",
    "parse_any",
    "latex",
    "sort_symbols",
    "rebuild",
    "is_latex",
    "read_mixed_numbers",
    "imaginary_unit",
    "i_reading",
    "new_i_reading",
    "imaginary_context",
]


@functools.cache
def sympy_module():
    """The sympy module, imported on first use (importing it takes a second or more)."""
    import sympy

    return sympy


def exact_number(value):
    """`value` as an exact SymPy number. Rationals stay as they are and a Float becomes the decimal
    it prints as: `sympy.nsimplify` (1.14) turns some plain values into products of odd powers
    (1338/5 and 267.6 both become 100000000*2**(68/113)*3**(47/113)*...), a wrong answer that looks
    exact. Anything else (pi, roots) goes through `nsimplify`."""
    sp = sympy_module()
    v = sp.sympify(value)
    if v.is_Rational:
        return v
    if v.is_Float:
        near = sp.nsimplify(v)  # 0.333333333333333 -> 1/3
        return near if near.is_Rational else sp.Rational(str(v))
    return sp.nsimplify(v)


_FUNCS = [
    "arcsin",
    "arccos",
    "arctan",
    "asin",
    "acos",
    "atan",
    "sinh",
    "cosh",
    "tanh",
    "sin",
    "cos",
    "tan",
    "cot",
    "sec",
    "csc",
    "sqrt",
    "exp",
    "log",
    "ln",
    "abs",
    "factorial",
    "pi",
    "oo",
    "inf",
    "infinity",
]
_STOPWORDS = {
    "the",
    "of",
    "is",
    "for",
    "to",
    "in",
    "by",
    "with",
    "from",
    "as",
    "at",
    "an",
    "are",
    "be",
    "if",
    "it",
    "how",
    "why",
    "who",
    "use",
    "find",
    "what",
    "value",
    "and",
    "or",
    "when",
    "then",
    "this",
    "that",
    "please",
    "me",
    "my",
    "you",
    "can",
    "do",
    "does",
    "help",
    "show",
    "number",
}


def _local_dict(log10: bool = False, imaginary: bool = False):
    sp = sympy_module()
    names = {
        "e": sp.E,
        "E": sp.E,
        "pi": sp.pi,
        "oo": sp.oo,
        "inf": sp.oo,
        "infinity": sp.oo,
        "sin": sp.sin,
        "cos": sp.cos,
        "tan": sp.tan,
        "cot": sp.cot,
        "sec": sp.sec,
        "csc": sp.csc,
        "asin": sp.asin,
        "acos": sp.acos,
        "atan": sp.atan,
        "arcsin": sp.asin,
        "arccos": sp.acos,
        "arctan": sp.atan,
        "sinh": sp.sinh,
        "cosh": sp.cosh,
        "tanh": sp.tanh,
        "sqrt": sp.sqrt,
        "exp": sp.exp,
        "log": _log10_fn if log10 else sp.log,
        "ln": sp.log,
        "abs": sp.Abs,
        "factorial": sp.factorial,
    }
    if imaginary:
        names["i"] = sp.I
    return names


def _global_dict():
    sp = sympy_module()
    return {
        "__builtins__": {},
        "Symbol": sp.Symbol,
        "Integer": sp.Integer,
        "Float": sp.Float,
        "Rational": sp.Rational,
        "Function": sp.Function,
        "factorial": sp.factorial,
        "Mul": sp.Mul,
        "Add": sp.Add,
        "Pow": sp.Pow,
    }


_ENGLISH_SHORT = {
    "is",
    "of",
    "at",
    "to",
    "in",
    "on",
    "by",
    "or",
    "an",
    "as",
    "be",
    "do",
    "if",
    "it",
    "me",
    "my",
    "no",
    "so",
    "up",
    "us",
    "we",
    "he",
    "am",
    "go",
    "and",
    "the",
    "for",
    "are",
    "its",
    "let",
    "put",
    "sum",
    "new",
    "one",
    "two",
    "six",
    "ten",
    "own",
}


def _readable_word(w: str) -> bool:
    """Is the letter run `w` maths: a known name (sin, pi, ...), a variable or a product of at
    most two single-letter variables (xy), or such letters stuck to known names (xsinx)?
    English words never become symbols: "choose", "decimal", "Write", "is" are refused."""
    low = w.lower()
    if w in _FUNCS or len(w) == 1:
        return True
    if low in _STOPWORDS or low in _ENGLISH_SHORT:
        return False
    parts = _split_word(w)
    if "oo" in parts and w != "oo":
        return False  # the "oo" of "choose" is not infinity
    singles = [p for p in parts if len(p) == 1]
    if len(parts) == len(singles):
        return len(w) <= 2  # xy, ab
    run = 0
    for p in parts:
        run = run + 1 if len(p) == 1 else 0
        if run >= 3:
            return False
    return True


def _split_word(w: str):
    """Split an alphabetic run such as 'xsinx' into known names and single letters."""
    if w in _FUNCS or len(w) == 1:
        return [w]
    out, i = [], 0
    names = sorted(_FUNCS, key=len, reverse=True)
    while i < len(w):
        for n in names:
            if w.startswith(n, i):
                out.append(n)
                i += len(n)
                break
        else:
            out.append(w[i])
            i += 1
    return out


# a mixed number: a whole number, a space, then a fraction ("2 1/3"), or LaTeX "2\\frac{1}{3}"
_MIXED_PLAIN = re.compile(r"(?<![\d.)/^*\w])(\d+)[ \t]+(\d+)[ \t]*/[ \t]*(\d+)(?![\d.(^\w])")
_MIXED_LATEX = re.compile(
    r"(?<![\d.^_{}\w\\])(\d+)[ \t]*\\[dt]?frac[ \t]*\{[ \t]*(\d+)[ \t]*\}[ \t]*\{[ \t]*(\d+)[ \t]*\}"
)


def read_mixed_numbers(s: str) -> str:
    """Mixed numbers as sums: "2 1/3" is 2 + 1/3 = 7/3 (not 2 times 1/3), and so is LaTeX
    "2\\frac{1}{3}". A whole number next to an improper fraction ("2 4/3") could be a mixed
    number or a product, so it is refused rather than guessed."""

    def plain(m):
        whole, num, den = m.group(1), int(m.group(2)), int(m.group(3))
        if not 0 < num < den:
            raise Unsupported(
                f"I can't tell whether '{m.group(0).strip()}' is a mixed number or a product; "
                f"write it as {whole} + {num}/{den} or {whole} * {num}/{den}."
            )
        return f"({whole} + {num}/{den})"

    def tex(m):
        whole, num, den = m.group(1), int(m.group(2)), int(m.group(3))
        if not 0 < num < den:
            raise Unsupported(
                f"I can't tell whether '{m.group(0).strip()}' is a mixed number or a product; "
                f"write it with + or \\cdot between the parts."
            )
        return f"({whole} + \\frac{{{num}}}{{{den}}})"

    return _MIXED_LATEX.sub(tex, _MIXED_PLAIN.sub(plain, s))


# How `i` is read (issue 12): the imaginary unit where the problem is about complex numbers, a
# variable where it is one (mathematics_dataset's "Solve -30*i = 41 for i"). The solver decides
# once per problem (:func:`imaginary_context`), and the checks read a reply's `i` the way the
# solver read the problem's (:func:`i_reading` after solving, then :func:`imaginary_unit`).
# Per thread (ContextVars, not a module-wide flag): concurrent checks never see each other's reading.
_I_FORCE: contextvars.ContextVar[bool | None] = contextvars.ContextVar("i_force", default=None)
_I_READ: contextvars.ContextVar[bool] = contextvars.ContextVar("i_read", default=False)
# `i` written as a variable: multiplied with `*`, a function name or argument, solved for, ...
_I_VARIABLE = re.compile(
    r"\*\s*i\b|\bi\s*\*|[A-Za-z]\s*\(\s*i\s*\)|\bi\s*\(\s*[A-Za-z]\s*\)|"
    r"\b(?:for|wrt|respect\s+to|assuming|let|suppose)\s+i\b|\bi\s+(?:be|is\s+positive)\b",
    re.IGNORECASE,
)
_I_COMPLEX = re.compile(
    r"\bcomplex\b|\bimaginary\b|\bconjugate\b|\ba\s*\+\s*b\s*\*?\s*i\b|\bstandard\s+form\b|"
    r"\brectangular\s+form\b|\bi\s*\^\s*2\s*=\s*-\s*1\b",
    re.IGNORECASE,
)


def imaginary_context(text: str) -> bool | None:
    """How the whole problem `text` has `i` read: True (it speaks of complex numbers), False (it
    uses `i` as a variable), None (decided per expression: `i` alone among the letters)."""
    if _I_VARIABLE.search(text):
        return False
    if _I_COMPLEX.search(text):
        return True
    return None


@contextlib.contextmanager
def imaginary_unit(force: bool | None):
    """Within the block, `i` is read as the imaginary unit (True), as a variable (False), or as
    decided per expression (None); the block starts with nothing read."""
    old_read = _I_READ.get()
    token = _I_FORCE.set(force)
    _I_READ.set(False)
    try:
        yield
    finally:
        read = _I_READ.get()
        _I_FORCE.reset(token)
        _I_READ.set(read or old_read)


def new_i_reading() -> None:
    """Forget how `i` was read (a new problem starts)."""
    _I_READ.set(False)


def i_reading() -> bool:
    """Was an `i` read as the imaginary unit since the last :func:`imaginary_unit` began?"""
    return bool(_I_READ.get())


def _reads_i_as_unit(letters: set, text: str) -> bool:
    if "i" not in letters:
        return False
    force = _I_FORCE.get()
    unit = bool(force) if force is not None else letters == {"i"} and not _I_VARIABLE.search(text)
    if unit:
        _I_READ.set(True)
    return unit


def _prep_plain(s: str) -> str:
    s = s.replace("{", "(").replace("}", ")").replace("[", "(").replace("]", ")")
    s = read_mixed_numbers(s).replace("÷", "/")
    bad = [w for w in re.findall(r"[A-Za-z]+", s) if not _readable_word(w)]
    if bad:
        words = ", ".join(f"'{w}'" for w in dict.fromkeys(bad))
        raise Unsupported(
            f"I don't understand the word{'s' if len(set(bad)) > 1 else ''} {words} in that problem."
        )
    if re.search(r"\d\s+\.?\d", s):  # after the words: a refusal names an unknown word first
        raise Unsupported(
            "Two numbers stand side by side with nothing between them; please write the operation "
            "(for example 2 * 3 or 2 + 3)."
        )
    # a percent is the whole number before it over 100: 125% is 125/100, not 12*(5/100)
    s = re.sub(r"(?<![\d.])(\d+(?:\.\d+)?|\.\d+)\s*%", r"(\1/100)", s)
    if "%" in s:
        raise Unsupported("I can only read '%' straight after a number (as in 15%).")

    def fix_word(m):
        return " " + " ".join(_split_word(m.group(0))) + " "

    s = re.sub(r"[A-Za-z]+", fix_word, s)
    s = re.sub(r"(\d)\s*([A-Za-z(])", r"\1 \2", s)
    # sin^2 x  ->  (sin(x))^2
    s = re.sub(
        r"\b(sin|cos|tan|cot|sec|csc|sinh|cosh|tanh|ln|log)\s*\^\s*(\d+)\s*([A-Za-z])\b", r"(\1(\3))^\2", s
    )
    # sin x cos x  ->  sin(x) cos(x): a bare one-token argument ends at the next space
    s = re.sub(
        r"\b(sin|cos|tan|cot|sec|csc|sinh|cosh|tanh|ln|log|exp)\s+(\d*\s?[A-Za-z]|\d+)\s+(?=[A-Za-z])(?![*/^(])",
        r"\1(\2) ",
        s,
    )
    return re.sub(r"\s+", " ", s).strip()


def parse_plain(s: str, evaluate=True, log10: bool = False):
    sp = sympy_module()
    from sympy.parsing.sympy_parser import (
        convert_xor,
        implicit_multiplication_application,
        parse_expr,
        rationalize,
        standard_transformations,
    )

    code = _prep_plain(s)
    # `i` is the imaginary unit when it is the only letter of a numeric expression ("(1+2i)(6-3i)")
    letters = set(re.findall(r"(?<![A-Za-z])[A-Za-z](?![A-Za-z])", code))
    imaginary = _reads_i_as_unit(letters, s)  # (1+2i)(6-3i), i^7; not 18*i**2 or b(i)
    if not code:
        raise Unsupported("There's no expression to work with.")
    if re.search(r"[^0-9A-Za-z_+\-*/^().,!' ]", code):
        bad = sorted(set(re.findall(r"[^0-9A-Za-z_+\-*/^().,!' ]", code)))
        raise Unsupported(f"I can't read the symbol(s) {' '.join(bad)} in that expression.")
    if re.search(r"(?<![A-Za-z0-9])_", code):
        raise Unsupported(f"I couldn't read the '_' in '{s.strip()[:80]}'.")
    if re.search(r"[A-Za-z_]\s*\.\s*[A-Za-z_]", code):
        raise Unsupported("Attribute access isn't allowed in maths input.")
    trans = standard_transformations + (implicit_multiplication_application, convert_xor)
    if re.search(r"\d\.\d|(?<!\d)\.\d", code):
        trans = trans + (rationalize,)  # exact decimals: 0.2 is 1/5, not a binary float
    try:
        expr = parse_expr(
            code,
            local_dict=_local_dict(log10, imaginary),
            global_dict=_global_dict(),
            transformations=trans,
            evaluate=evaluate,
        )
    except Unsupported:
        raise
    except Exception:
        raise Unsupported(f"I couldn't read the expression '{s.strip()[:80]}'.") from None
    if not isinstance(expr, sp.Basic) or isinstance(expr, (sp.FunctionClass,)):
        raise Unsupported("That isn't a mathematical expression I can work with.")
    if isinstance(expr, sp.Basic) and any(
        isinstance(a, sp.core.function.AppliedUndef) for a in sp.preorder_traversal(expr)
    ):
        raise Unsupported("I only know the standard functions (sin, cos, exp, ln, sqrt, ...).")
    return expr


def rebuild(expr):
    """Re-evaluate a tree built with evaluate=False (keeps Integral/Limit/Derivative unevaluated)."""
    sp = sympy_module()
    if not isinstance(expr, sp.Basic) or expr.is_Atom:
        return expr
    args = [rebuild(a) for a in expr.args]
    if isinstance(expr, sp.log) and len(args) == 2:
        return sp.log(args[0]) / sp.log(args[1])
    try:
        return expr.func(*args)
    except Exception:
        return expr


def _refuse_latex_words(s: str) -> None:
    """The English-word guard of the plain parser, for LaTeX: the letter runs outside commands
    (and inside \\text{...}) must be maths, so "\\frac{2}{1-i} in the form a + bi" is refused,
    never read as a product of the letters of "in", "the", "form"."""
    t = re.sub(r"\\(?:begin|end)\s*\{[^{}]*\}", " ", s)
    t = re.sub(r"\\(?:mathrm|operatorname|mathit|mathbf)\s*\{([^{}]*)\}", r" \1 ", t)
    t = re.sub(r"\\[A-Za-z]+", " ", t)
    bad = [w for w in re.findall(r"[A-Za-z]+", t) if not _readable_word(w)]
    if bad:
        words = ", ".join(f"'{w}'" for w in dict.fromkeys(bad))
        raise Unsupported(
            f"I don't understand the word{'s' if len(set(bad)) > 1 else ''} {words} in that problem."
        )


def parse_latex(s: str):
    sp = sympy_module()
    try:
        from latex2sympy2_extended import latex2sympy
    except Exception:  # pragma: no cover
        raise Unsupported("LaTeX input isn't available on this installation.") from None
    _refuse_latex_words(s)
    s = read_mixed_numbers(s.replace("\\%", "%"))
    s = re.sub(r"\\(,|;|:|!|quad|qquad)", " ", s)
    s = re.sub(r"\\(displaystyle|limits)", "", s)
    s = re.sub(r"(\\to\s*[^}^]*?)\^\s*(?:\{\s*[+-]\s*\}|[+-])", r"\1", s)  # one-sided limit marks
    try:
        expr = latex2sympy(s)
    except Exception:
        raise Unsupported("I couldn't read that LaTeX.") from None
    if isinstance(expr, (list, tuple)) or not isinstance(expr, sp.Basic):
        raise Unsupported("I couldn't read that LaTeX as a single expression.")
    i = sp.Symbol("i")
    if i in expr.free_symbols and _reads_i_as_unit({x.name for x in expr.free_symbols}, s):
        expr = expr.xreplace({i: sp.I})
    return rebuild(expr)


def is_latex(s: str) -> bool:
    return "\\" in s


def parse_any(s: str, evaluate=True, log10: bool = False):
    s = s.strip()
    if not s:
        raise Unsupported("There's no expression to work with.")
    if is_latex(s):
        return parse_latex(s)
    return parse_plain(s, evaluate=evaluate, log10=log10)


def latex(e, **kw) -> str:
    return sympy_module().latex(e, **kw)


def sort_symbols(syms):
    return sorted(syms, key=lambda t: t.name)


def _log10_fn(a, b=10):
    return sympy_module().log(a, b)
