"""Offline step-by-step SymPy tutor (used when no model weights are available).

Public API: :data:`CAPABILITIES`, :class:`Solution`, :class:`Unsupported`, :func:`solve`,
:func:`shutdown`.

All SymPy work runs in a persistent worker *process* (``spawn`` context) so that a runaway
computation can be killed on timeout without hurting the caller.  Cheap, SymPy-free sanity
checks run in the calling process first.  This module must never import gradio.

The worker is started with the ``spawn`` method but does *not* re-import the program's main
script (see :func:`_install_spawn_patch`), so it never loads torch or the app.
"""

from __future__ import annotations

import atexit
import dataclasses
import math
import multiprocessing as mp
import re
import threading

from tutor.math.problems import Solution

__all__ = ["CAPABILITIES", "Solution", "Unsupported", "Timeout", "solve", "call", "shutdown"]

CAPABILITIES = (
    "I can solve, step by step: **linear and quadratic equations** (e.g. `Solve 3x + 7 = 22`, "
    "`x^2 - 5x + 6 = 0`), **linear and quadratic inequalities** (`2x + 3 > 7`, `x^2 - 5x + 6 <= 0`), "
    "**exponential and logarithmic equations** (`2^x = 8`, `e^(2x) = 5`, `log(x) + log(x-3) = 1`; "
    "in equations `log` means base 10 and `ln` the natural log), **linear systems** of two or three "
    "equations (`x + y = 10, x - y = 2`), **determinants and inverses** of 2×2 and 3×3 matrices "
    "(`determinant of [[1,2],[3,4]]`, `inverse of [[2,1],[1,1]]`), **simplify / expand / "
    "factor** (`factor x^2 + 5x + 6`), **derivatives** (`derivative of x^2 sin x`), **integrals**, "
    "indefinite or definite (`integrate x^2 from 0 to 1`), **limits** (`limit of sin(x)/x as x -> 0`), "
    "**fraction and percentage arithmetic** (`1/2 + 1/3`, `What is 15% of 80?`), **GCD / LCM, prime "
    "factorisation** and **mean / median / standard deviation** (`gcd of 12 and 18`, `mean of 2, 4, 9`). "
    "Type plain text or LaTeX such as `\\int_0^1 x^2\\,dx`."
)

MAX_CHARS = 2000
MAX_SOLUTION_CHARS = 20_000
MAX_DEPTH = 24
MAX_EXPONENT = 10_000
_WORKER_START_TIMEOUT = 90.0
_QUEUE_TIMEOUT = 60.0


class Unsupported(ValueError):
    """Raised for input the offline solver cannot handle; ``str(exc)`` is a friendly message."""

    def __init__(self, reason: str = "I couldn't understand that problem."):
        self.reason = reason
        super().__init__(f"{reason}\n\n{CAPABILITIES}")

    def __reduce__(self):
        return (Unsupported, (self.reason,))


# ---------------------------------------------------------------------------------------------
# Cheap pre-checks (caller process, no SymPy)
# ---------------------------------------------------------------------------------------------

_UNICODE_MAP = {
    "\u00d7": "*", "\u22c5": "*", "\u00b7": "*", "\u2217": "*", "\u00f7": " ÷ ", "\u2212": "-",
    "\u2013": "-", "\u2014": "-", "\u00b2": "^2", "\u00b3": "^3", "\u03c0": "pi", "\u221a": "sqrt",
    "\u221e": "oo", "\u2192": "->", "\u222b": "integral of ", "\u2019": "'", "\u2018": "'",
    "\u201c": '"', "\u201d": '"', "\u00a0": " ", "\u2009": " ", "\u202f": " ", "\u2264": " <= ", "\u2265": " >= ",
    "\u2a7d": " <= ", "\u2a7e": " >= ",
}
_FORBIDDEN_WORDS = re.compile(
    r"\b(import|lambda|exec|eval|open|globals|locals|getattr|setattr|delattr|compile|"
    r"builtins|subprocess|system|os|sys)\b|__|`|;|\bdef\b|\bclass\b", re.IGNORECASE)
_NUMPOW = re.compile(r"(\d+(?:\.\d+)?)\s*(?:\*\*|\^)\s*[({]?\s*(\d+)")
_EXPONENT_LITERAL = re.compile(r"(?:\*\*|\^)\s*[({]?\s*(\d+)")
_TOWER = re.compile(r"(?:\*\*|\^)\s*[({]\s*(\d+(?:\.\d+)?)\s*(?:\*\*|\^)\s*[({]?\s*(\d+)")
_FACTORIAL = re.compile(r"(?:factorial\s*\(\s*(\d+))|(?:(\d+)\s*!)")


# markup: a tag (`<b>`, `</x`, `<!--`, `<img src=...`), an entity, or a `<`/`>` pair around a word
_HTML = re.compile(r"</|<!|<\?|&[#\w]+;|<\s*[A-Za-z][\w-]*(?:\s+[\w-]+\s*=|\s*/?\s*>)|"
                   r"<\s*[A-Za-z][\w-]*\s+[A-Za-z][^<>]*>", re.IGNORECASE)
# what inequality input may look like: maths characters and words, one or two relation signs
# (`a < x < b`), each `<`/`>` optionally followed by `=`
_INEQ_INPUT = re.compile(r"(?=(?:[^<>]*(?:<=?|>=?|=<|=>)){1,2}[^<>]*$)(?!.*(?:<\s*>|>\s*<|[<>]{2}))"
                         r"[\w\s.,+\-*/^()\[\]{}\\$:?!'<>=\u00f7\u2264\u2265]+", re.DOTALL)


def _precheck(text) -> str:
    if not isinstance(text, str):
        raise Unsupported("Please type the problem as text.")
    s = text.strip()
    if not s:
        raise Unsupported("The problem is empty.")
    if len(s) > MAX_CHARS:
        raise Unsupported(f"That input is too long ({len(s)} characters); please keep it under {MAX_CHARS}.")
    if any((ord(c) < 32 and c not in "\n\t\r") or ord(c) == 127 for c in s):
        raise Unsupported("The input contains control characters (such as a null byte) that I can't read.")
    if "<" in s or re.search(r"(?<!-)>", s):
        if _HTML.search(s) or not _INEQ_INPUT.fullmatch(s):
            raise Unsupported("The input looks like HTML or markup; '<' and '>' can only be used in an "
                              "inequality such as `2x + 3 > 7`.")
    for k, v in _UNICODE_MAP.items():
        s = s.replace(k, v)
    bad = sorted({c for c in s if ord(c) > 126 and c != "÷"})
    if bad:
        raise Unsupported("The input contains characters I can't read: " + " ".join(repr(c) for c in bad[:5]) + ".")
    if _FORBIDDEN_WORDS.search(s):
        raise Unsupported("The input contains words or symbols that are not maths (like 'import' or '__').")
    # dollars: `\$` is a literal dollar; a lone `$` before a number is currency
    s = s.replace("\\$", "")
    if s.count("$") % 2:
        s = re.sub(r"\$(?=\s?\d)", "", s)
    if s.count("$") % 2:
        raise Unsupported("The input has an unbalanced '$' math delimiter.")
    s = re.sub(r"\$\$?", " ", s).strip()
    if s.startswith("\\(") and s.endswith("\\)") or s.startswith("\\[") and s.endswith("\\]"):
        s = s[2:-2].strip()
    # brackets: balance and nesting depth
    depth, stack = 0, []
    pairs = {")": "(", "]": "[", "}": "{"}
    for c in s:
        if c in "([{":
            stack.append(c)
            depth = max(depth, len(stack))
        elif c in ")]}":
            if not stack or stack[-1] != pairs[c]:
                raise Unsupported(f"The brackets are unbalanced (unexpected '{c}').")
            stack.pop()
    if stack:
        what = "braces (e.g. an unfinished \\frac{...})" if "{" in stack else "brackets"
        raise Unsupported(f"The {what} are unbalanced: a '{stack[-1]}' is never closed.")
    if depth > MAX_DEPTH:
        raise Unsupported(f"The expression is nested too deeply (more than {MAX_DEPTH} levels).")
    if s.count("\\left") != s.count("\\right"):
        raise Unsupported("The LaTeX \\left/\\right pairs are unbalanced.")
    # absurd sizes
    for m in _EXPONENT_LITERAL.finditer(s):
        if int(m.group(1)) > MAX_EXPONENT:
            raise Unsupported(f"The exponent {m.group(1)} is too large for me to work with.")
    for m in _TOWER.finditer(s):
        base, ex = float(m.group(1)), int(m.group(2))
        if ex * math.log10(max(base, 2.0)) > math.log10(MAX_EXPONENT):
            raise Unsupported("That expression has an exponent that is itself a huge power; it is too large.")
    for m in _NUMPOW.finditer(s):
        base, ex = float(m.group(1)), int(m.group(2))
        if base > 1 and ex * math.log10(base) > 1000:
            raise Unsupported("That number is too large (more than 1000 digits).")
    for m in _FACTORIAL.finditer(s):
        if int(m.group(1) or m.group(2)) > 5000:
            raise Unsupported("That factorial is too large.")
    if re.search(r"factorial\s*\([^)]*(\^|\*\*)", s) or re.search(r"\)\s*!", s) and re.search(r"(\^|\*\*)", s):
        raise Unsupported("Factorials of powers are too large for me.")
    if re.search(r"\d{60,}", s):
        raise Unsupported("That number has too many digits.")
    return s


# ---------------------------------------------------------------------------------------------
# Worker process management (caller process)
# ---------------------------------------------------------------------------------------------

_lock = threading.Lock()
_proc = None
_conn = None


def _kill_worker() -> None:
    global _proc, _conn
    proc, conn = _proc, _conn
    _proc = _conn = None
    if conn is not None:
        try:
            conn.close()
        except Exception:
            pass
    if proc is not None:
        try:
            if proc.is_alive():
                proc.kill()
            proc.join(timeout=5)
        except Exception:
            pass


_tls = threading.local()


def _install_spawn_patch() -> None:
    """Make *our* worker skip re-importing the app's ``__main__`` module.

    A spawn child normally re-runs the parent's main script (as ``__mp_main__``), which would
    re-import torch/gradio app code in the worker, or even recurse if the script has no
    ``if __name__ == "__main__"`` guard.  The worker only needs ``tutor.math.symbolic``, so while we
    start it (flag set on this thread only) the main-module entries are dropped from the
    preparation data.  Other users of multiprocessing are unaffected.
    """
    from multiprocessing import spawn

    if getattr(spawn.get_preparation_data, "_tutor_symbolic_patch", False):
        return
    original = spawn.get_preparation_data

    def get_preparation_data(name):
        data = original(name)
        if getattr(_tls, "skip_main", False):
            data.pop("init_main_from_path", None)
            data.pop("init_main_from_name", None)
        return data

    get_preparation_data._tutor_symbolic_patch = True
    spawn.get_preparation_data = get_preparation_data


def _ensure_worker():
    global _proc, _conn
    if _proc is not None and _proc.is_alive() and _conn is not None:
        return _conn
    _kill_worker()
    ctx = mp.get_context("spawn")
    parent, child = ctx.Pipe(duplex=True)
    proc = ctx.Process(target=_worker_main, args=(child,), name="symbolic-tutor-worker", daemon=True)
    _install_spawn_patch()
    _tls.skip_main = True
    try:
        proc.start()
    finally:
        _tls.skip_main = False
    child.close()
    _proc, _conn = proc, parent
    try:
        ok = parent.poll(_WORKER_START_TIMEOUT) and parent.recv() == ("ready", None)
    except (EOFError, OSError):
        ok = False
    if not ok:
        _kill_worker()
        raise Unsupported("The offline maths solver could not start.")
    return parent


def shutdown() -> None:
    """Stop the worker process (safe to call many times; a later solve() restarts it)."""
    acquired = _lock.acquire(timeout=10)
    try:
        if _conn is not None and _proc is not None and _proc.is_alive():
            try:
                _conn.send(None)
                _proc.join(timeout=2)
            except Exception:
                pass
        _kill_worker()
    finally:
        if acquired:
            _lock.release()


atexit.register(shutdown)


def solve(text: str, timeout: float = 5.0) -> Solution:
    """Solve ``text`` step by step.  Raises :class:`Unsupported` for anything it cannot handle."""
    cleaned = _precheck(text)
    status, payload = _request(cleaned, timeout, "solve")
    if status == "ok" and isinstance(payload, Solution):
        return payload
    raise Unsupported(str(payload))


class Timeout(Unsupported):
    """The worker did not answer in time (it has been killed; the next call restarts it)."""

    def __reduce__(self):
        return (Timeout, (self.reason,))


def call(target: str, *args, timeout: float = 5.0):
    """Run ``target`` ("tutor.module:function", a function of this package) with ``args`` in the
    SymPy worker process, killed after ``timeout`` seconds (raises :class:`Timeout`).  The function
    may raise :class:`Unsupported`; any other exception becomes :class:`Unsupported` too.  Used by
    verification, hints and answer checks so that no SymPy work can hang the app."""
    if not isinstance(target, str) or not re.fullmatch(r"tutor(\.\w+)+:\w+", target):
        raise ValueError(f"not a tutor function: {target!r}")
    status, payload = _request(("call", target, args), timeout, "check")
    if status == "ok":
        return payload
    raise Unsupported(str(payload))


def _request(msg, timeout, what: str):
    try:
        timeout = float(timeout)
    except (TypeError, ValueError):
        timeout = 5.0
    if not timeout > 0:
        timeout = 5.0
    if not _lock.acquire(timeout=_QUEUE_TIMEOUT):
        raise Unsupported("The maths solver is busy; please try again in a moment.")
    try:
        conn = _ensure_worker()
        try:
            conn.send(msg)
            ready = conn.poll(timeout)
        except (EOFError, OSError, BrokenPipeError):
            _kill_worker()
            raise Unsupported("The maths solver crashed on that input.") from None
        if not ready:
            _kill_worker()
            if what == "solve":
                raise Timeout(f"That problem took too long to solve (more than {timeout:g} s).")
            raise Timeout(f"The check took too long (more than {timeout:g} s).")
        try:
            return conn.recv()
        except Exception:
            _kill_worker()
            raise Unsupported("The maths solver crashed on that input.") from None
    finally:
        _lock.release()


def _dispatch(msg):
    if isinstance(msg, tuple) and len(msg) == 3 and msg[0] == "call":
        import importlib

        mod, _, fn = msg[1].partition(":")
        return getattr(importlib.import_module(mod), fn)(*msg[2])
    solution = _solve_impl(msg)
    size = len(solution.to_markdown())
    if size > MAX_SOLUTION_CHARS:  # e.g. expand (x+y)^5000: 5001 terms teach nothing
        raise Unsupported(f"The result is too large to show step by step ({size:,} characters of "
                          f"LaTeX). Try a smaller version of the problem.")
    return solution


def _worker_main(conn) -> None:  # runs in the spawned worker process
    try:
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        cap = 3 * 1024 ** 3
        if hard == resource.RLIM_INFINITY or hard > cap:
            resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    except Exception:
        pass
    import sys

    sys.setrecursionlimit(4000)
    _solve_impl("1+1")  # warm up imports
    conn.send(("ready", None))
    while True:
        try:
            text = conn.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            return
        if text is None:
            return
        try:
            msg = ("ok", _dispatch(text))
        except Unsupported as exc:
            msg = ("unsupported", exc.reason)
        except MemoryError:
            msg = ("unsupported", "That problem needs too much memory to solve.")
        except RecursionError:
            msg = ("unsupported", "That expression is too deeply nested for me.")
        except Exception as exc:  # noqa: BLE001 - anything from SymPy/parsers
            msg = ("unsupported", f"I couldn't work that out ({type(exc).__name__}).")
        try:
            conn.send(msg)
        except Exception:
            try:
                conn.send(("unsupported", "I couldn't package the answer."))
            except Exception:
                return


# ---------------------------------------------------------------------------------------------
# Everything below runs inside the worker.
# ---------------------------------------------------------------------------------------------

_sp = None


def _sympy():
    global _sp
    if _sp is None:
        import sympy

        _sp = sympy
    return _sp


_FUNCS = ["arcsin", "arccos", "arctan", "asin", "acos", "atan", "sinh", "cosh", "tanh", "sin", "cos",
          "tan", "cot", "sec", "csc", "sqrt", "exp", "log", "ln", "abs", "factorial", "pi", "oo", "inf",
          "infinity"]
_STOPWORDS = {"the", "of", "is", "for", "to", "in", "by", "with", "from", "as", "at", "an", "are", "be",
              "if", "it", "how", "why", "who", "use", "find", "what", "value", "and", "or", "when", "then",
              "this", "that", "please", "me", "my", "you", "can", "do", "does", "help", "show", "number"}


def _local_dict():
    sp = _sympy()
    return {
        "e": sp.E, "E": sp.E, "pi": sp.pi, "oo": sp.oo, "inf": sp.oo, "infinity": sp.oo,
        "sin": sp.sin, "cos": sp.cos, "tan": sp.tan, "cot": sp.cot, "sec": sp.sec, "csc": sp.csc,
        "asin": sp.asin, "acos": sp.acos, "atan": sp.atan, "arcsin": sp.asin, "arccos": sp.acos,
        "arctan": sp.atan, "sinh": sp.sinh, "cosh": sp.cosh, "tanh": sp.tanh, "sqrt": sp.sqrt,
        "exp": sp.exp, "log": _log10_fn if _LOG10 else sp.log, "ln": sp.log, "abs": sp.Abs, "factorial": sp.factorial,
    }


def _global_dict():
    sp = _sympy()
    return {"__builtins__": {}, "Symbol": sp.Symbol, "Integer": sp.Integer, "Float": sp.Float,
            "Rational": sp.Rational, "Function": sp.Function, "factorial": sp.factorial,
            "Mul": sp.Mul, "Add": sp.Add, "Pow": sp.Pow}


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


def _prep_plain(s: str) -> str:
    s = s.replace("{", "(").replace("}", ")").replace("[", "(").replace("]", ")")
    s = s.replace("÷", "/")
    s = re.sub(r"(\d)\s*%", r"(\1/100)", s)

    def fix_word(m):
        w = m.group(0)
        low = w.lower()
        if low in _STOPWORDS:
            raise Unsupported(f"I don't understand the word '{w}' in that expression.")
        parts = _split_word(w)
        singles = 0
        for p in parts:
            singles = singles + 1 if len(p) == 1 else 0
            if singles >= 4:
                raise Unsupported(f"I don't understand the word '{w}'.")
        return " " + " ".join(parts) + " "

    s = re.sub(r"[A-Za-z]+", fix_word, s)
    s = re.sub(r"(\d)\s*([A-Za-z(])", r"\1 \2", s)
    # sin^2 x  ->  (sin(x))^2
    s = re.sub(r"\b(sin|cos|tan|cot|sec|csc|sinh|cosh|tanh|ln|log)\s*\^\s*(\d+)\s*([A-Za-z])\b",
               r"(\1(\3))^\2", s)
    return re.sub(r"\s+", " ", s).strip()


def _parse_plain(s: str, evaluate=True):
    sp = _sympy()
    from sympy.parsing.sympy_parser import (convert_xor, implicit_multiplication_application,
                                            parse_expr, standard_transformations)

    code = _prep_plain(s)
    if not code:
        raise Unsupported("There's no expression to work with.")
    if re.search(r"[^0-9A-Za-z_+\-*/^().,!' ]", code):
        bad = sorted(set(re.findall(r"[^0-9A-Za-z_+\-*/^().,!' ]", code)))
        raise Unsupported(f"I can't read the symbol(s) {' '.join(bad)} in that expression.")
    if re.search(r"[A-Za-z_]\s*\.\s*[A-Za-z_]", code):
        raise Unsupported("Attribute access isn't allowed in maths input.")
    trans = standard_transformations + (implicit_multiplication_application, convert_xor)
    try:
        expr = parse_expr(code, local_dict=_local_dict(), global_dict=_global_dict(),
                          transformations=trans, evaluate=evaluate)
    except Unsupported:
        raise
    except Exception:
        raise Unsupported(f"I couldn't read the expression '{s.strip()[:80]}'.") from None
    if not isinstance(expr, sp.Basic) or isinstance(expr, (sp.FunctionClass,)):
        raise Unsupported("That isn't a mathematical expression I can work with.")
    if isinstance(expr, sp.Basic) and any(isinstance(a, sp.core.function.AppliedUndef) for a in sp.preorder_traversal(expr)):
        raise Unsupported("I only know the standard functions (sin, cos, exp, ln, sqrt, ...).")
    return expr


def _rebuild(expr):
    """Re-evaluate a tree built with evaluate=False (keeps Integral/Limit/Derivative unevaluated)."""
    sp = _sympy()
    if not isinstance(expr, sp.Basic) or expr.is_Atom:
        return expr
    args = [_rebuild(a) for a in expr.args]
    if isinstance(expr, sp.log) and len(args) == 2:
        return sp.log(args[0]) / sp.log(args[1])
    try:
        return expr.func(*args)
    except Exception:
        return expr


def _parse_latex(s: str):
    sp = _sympy()
    try:
        from latex2sympy2_extended import latex2sympy
    except Exception:  # pragma: no cover
        raise Unsupported("LaTeX input isn't available on this installation.") from None
    s = s.replace("\\%", "%")
    s = re.sub(r"\\(,|;|:|!|quad|qquad)", " ", s)
    s = re.sub(r"\\(displaystyle|limits)", "", s)
    s = re.sub(r"(\\to\s*[^}^]*?)\^\s*(?:\{\s*[+-]\s*\}|[+-])", r"\1", s)  # one-sided limit marks
    try:
        expr = latex2sympy(s)
    except Exception:
        raise Unsupported("I couldn't read that LaTeX.") from None
    if isinstance(expr, (list, tuple)) or not isinstance(expr, sp.Basic):
        raise Unsupported("I couldn't read that LaTeX as a single expression.")
    return _rebuild(expr)


def _is_latex(s: str) -> bool:
    return "\\" in s


def _parse_any(s: str, evaluate=True):
    s = s.strip()
    if not s:
        raise Unsupported("There's no expression to work with.")
    if _is_latex(s):
        return _parse_latex(s)
    return _parse_plain(s, evaluate=evaluate)


def _L(e, **kw) -> str:
    return _sympy().latex(e, **kw)


def _sym_sort(syms):
    return sorted(syms, key=lambda t: t.name)


# ---------------------------------------------------------------------------------------------
# Problem text -> kind
# ---------------------------------------------------------------------------------------------

_POLITE = re.compile(
    r"^(?:(?:please|kindly|hey|hi|hello|ok|okay|now|so|can you|could you|would you|will you|help me|"
    r"i need to|i want to|i'd like to|let's|lets|tutor|show me how to|show me|how do i|how do you|"
    r"what is|what's|whats|what are|find|compute|calculate|evaluate|determine|work out|give me|tell me|"
    r"get)\b[\s,:]*)+", re.IGNORECASE)
_TRAILING = re.compile(r"(?:[\s?.!]|\bplease\b|\bthanks?\b|\bthank you\b|\bfor me\b)+$", re.IGNORECASE)


def _strip_polite(s: str) -> str:
    prev = None
    while prev != s:
        prev = s
        s = _POLITE.sub("", s).strip()
        s = _TRAILING.sub("", s).strip()
        s = re.sub(r"^(?:the|a|an)\s+(?=(?:value|derivative|integral|limit|definite|indefinite|"
                   r"antiderivative|solution|simplified|expanded|factored|answer)\b)", "", s,
                   flags=re.IGNORECASE).strip()
        s = re.sub(r"^(?:value of|answer to|result of)\s+", "", s, flags=re.IGNORECASE).strip()
    return s


def _solve_impl(text: str) -> Solution:
    s = _strip_polite(text.strip())
    s = s.rstrip(":").strip()
    if not s:
        raise Unsupported("I couldn't find a maths problem in that message.")
    low = s.lower()

    sol = _try_percentage(s)
    if sol is not None:
        return sol
    sol = _try_numbers(s)
    if sol is not None:
        return sol

    if _has_inequality(s):
        return _inequality_text(s)
    sol = _try_matrix(s)
    if sol is not None:
        return sol
    m = re.match(r"^(?:solve|solution (?:of|to))\b[\s:]*(.*)$", s, re.IGNORECASE | re.DOTALL)
    if m:
        return _solve_equations(m.group(1))
    for kind, pat in (("simplify", r"simplify|simplification of|simplified form of|reduce"),
                      ("expand", r"expand|expansion of|multiply out|expanded form of"),
                      ("factor", r"factor|factorise|factorize|factorization of|factorisation of|factored form of")):
        m = re.match(rf"^(?:{pat})\b[\s:]*(.*)$", s, re.IGNORECASE | re.DOTALL)
        if m:
            return _algebra(kind, m.group(1))
    if re.match(r"^(?:(?:the\s+)?(?:first|second|third|2nd|3rd)\s+derivative|differentiate|derivative|"
                r"d\s*/\s*d[a-z]\b|\\frac\s*\{\s*d\s*\}|derive)", low):
        return _derivative_text(s)
    if re.match(r"^(?:integrate|integral|antiderivative|definite integral|indefinite integral|\\int)", low):
        return _integral_text(s)
    if re.match(r"^(?:limit|lim\b|\\lim)", low):
        return _limit_text(s)
    if "=" in s and not re.search(r"\\int|\\lim|\\frac\s*\{\s*d\s*\}", s):
        return _solve_equations(s)
    return _bare_expression(s)


# ---------------------------------------------------------------------------------------------
# Percentages & arithmetic
# ---------------------------------------------------------------------------------------------

_NUM = r"(\d+(?:\.\d+)?|\.\d+)"


def _num(t: str):
    sp = _sympy()
    return sp.Rational(t.replace(",", ""))


def _fmt_num(v, decimals_hint=False) -> str:
    """LaTeX for a rational result; terminating decimals are shown as decimals when hinted."""
    sp = _sympy()
    v = sp.nsimplify(v) if isinstance(v, sp.Float) else v
    if isinstance(v, sp.Rational) and not isinstance(v, sp.Integer):
        q = int(v.q)
        while q % 2 == 0:
            q //= 2
        while q % 5 == 0:
            q //= 5
        if decimals_hint and q == 1:
            return _dec(v)
    return _L(v)


def _dec(v) -> str:
    sp = _sympy()
    if isinstance(v, sp.Integer):
        return str(int(v))
    s = f"{float(v):.10f}".rstrip("0").rstrip(".")
    return s


def _pct_solution(kind_text, problem_latex, steps, value, unit="") -> Solution:
    ans = _fmt_num(value, decimals_hint=True) + unit
    return Solution("percentage", problem_latex, steps, ans, value)


def _try_percentage(s: str):
    sp = _sympy()
    t = s.replace(",", "").strip()
    t = re.sub(r"\\%", "%", t)
    t = re.sub(r"\s*(?:percent|per cent)\b", "%", t, flags=re.IGNORECASE)
    P = _NUM + r"\s*%"
    m = re.fullmatch(P + r"\s+of\s+" + _NUM, t, re.IGNORECASE)
    if m:
        p, x = _num(m.group(1)), _num(m.group(2))
        frac = p / 100
        val = frac * x
        steps = [f"Convert the percent to a fraction: ${_dec(p)}\\% = \\frac{{{_dec(p)}}}{{100}} = {_L(frac)}$.",
                 f"\"Of\" means multiply: ${_L(frac)} \\times {_dec(x)} = {_fmt_num(val, True)}$."]
        return _pct_solution("of", f"{_dec(p)}\\% \\text{{ of }} {_dec(x)}", steps, val)
    m = re.fullmatch(r"(increase|raise|decrease|reduce|lower)\s+" + _NUM + r"\s+by\s+" + P, t, re.IGNORECASE)
    m2 = re.fullmatch(_NUM + r"\s+(increased|decreased|reduced|raised|lowered)\s+by\s+" + P, t, re.IGNORECASE)
    m3 = re.fullmatch(P + r"\s+(off|more than|less than|increase on|decrease on|discount on)\s+" + _NUM, t, re.IGNORECASE)
    if m or m2 or m3:
        if m:
            verb, x, p = m.group(1).lower(), _num(m.group(2)), _num(m.group(3))
        elif m2:
            x, verb, p = _num(m2.group(1)), m2.group(2).lower(), _num(m2.group(3))
        else:
            p, verb, x = _num(m3.group(1)), m3.group(2).lower(), _num(m3.group(3))
        up = verb.startswith(("increase", "raise", "more"))
        frac = p / 100
        change = frac * x
        val = x + change if up else x - change
        word = "increase" if up else "decrease"
        steps = [f"Convert the percent to a fraction: ${_dec(p)}\\% = {_L(frac)}$.",
                 f"Find the {word}: ${_L(frac)} \\times {_dec(x)} = {_fmt_num(change, True)}$.",
                 (f"Add it to the original amount: ${_dec(x)} + {_fmt_num(change, True)} = {_fmt_num(val, True)}$."
                  if up else
                  f"Subtract it from the original amount: ${_dec(x)} - {_fmt_num(change, True)} = {_fmt_num(val, True)}$."),
                 f"(Equivalently, multiply by ${_dec(1 + frac if up else 1 - frac)}$: "
                 f"${_dec(x)} \\times {_dec(1 + frac if up else 1 - frac)} = {_fmt_num(val, True)}$.)"]
        sign = "+" if up else "-"
        return _pct_solution(word, f"{_dec(x)} {sign} {_dec(p)}\\% \\text{{ of }} {_dec(x)}", steps, val)
    m = re.fullmatch(_NUM + r"\s+is\s+what\s*(?:%|percentage)\s+of\s+" + _NUM, t, re.IGNORECASE)
    m2 = re.fullmatch(r"what\s*(?:%|percentage)\s+of\s+" + _NUM + r"\s+is\s+" + _NUM, t, re.IGNORECASE)
    if m or m2:
        part, whole = (_num(m.group(1)), _num(m.group(2))) if m else (_num(m2.group(2)), _num(m2.group(1)))
        if whole == 0:
            raise Unsupported("The whole amount can't be zero.")
        val = part / whole * 100
        steps = [f"Write the part over the whole: $\\frac{{{_dec(part)}}}{{{_dec(whole)}}} = {_L(part / whole)}$.",
                 f"Multiply by $100$ to convert to a percent: ${_L(part / whole)} \\times 100 = {_fmt_num(val, True)}$."]
        return _pct_solution("what", f"\\frac{{{_dec(part)}}}{{{_dec(whole)}}} \\times 100\\%", steps, val, "\\%")
    return None


def _int_list(t: str):
    items = [x for x in re.split(r"\s*(?:,|\band\b|\s)\s*", t.strip()) if x]
    if len(items) < 2 or not all(re.fullmatch(r"\d{1,12}", x) for x in items):
        return None
    return [int(x) for x in items]


def _num_list(t: str):
    items = [x for x in re.split(r"\s*(?:,|\band\b|\s)\s*", t.strip()) if x]
    if not items or not all(re.fullmatch(r"-?\d+(?:\.\d+)?", x) for x in items):
        return None
    return [_num(x) for x in items]


def _factor_latex(n: int) -> str:
    sp = _sympy()
    f = sp.factorint(n)
    return " \\cdot ".join(f"{p}^{{{e}}}" if e > 1 else str(p) for p, e in sorted(f.items()))


def _try_numbers(s: str):
    """GCD / LCM, prime factorisation, mean / median / standard deviation, with steps."""
    sp = _sympy()
    t = s.strip().rstrip("?.").strip()
    m = re.fullmatch(r"(?:the\s+)?(gcd|gcf|hcf|greatest common (?:divisor|factor)|highest common factor|"
                     r"lcm|least common multiple|lowest common multiple)\s*(?:of\s*)?\(?(.*?)\)?", t, re.I)
    if m:
        nums = _int_list(m.group(2))
        if nums is None:
            return None
        is_lcm = m.group(1).lower().startswith(("lcm", "least", "lowest"))
        steps = ["Write each number as a product of primes: "
                 + ", ".join(f"${n} = {_factor_latex(n)}$" for n in nums if n > 1) + "."]
        if is_lcm:
            val = sp.ilcm(*nums)
            steps.append("The LCM takes every prime with its **highest** power.")
            kind, name = "lcm", "\\operatorname{lcm}"
        else:
            val = sp.igcd(*nums)
            steps.append("The GCD takes the primes common to all the numbers with their **lowest** power.")
            kind, name = "gcd", "\\gcd"
        steps.append(f"So ${name}({', '.join(map(str, nums))}) = {val}$.")
        return Solution(kind, f"{name}({', '.join(map(str, nums))})", steps, str(val), sp.Integer(val))
    m = re.fullmatch(r"(?:the\s+)?prime factori[sz]ation\s+of\s+(\d{1,12})|factori[sz]e\s+(\d{1,12})\s+into primes",
                     t, re.I)
    if m:
        n = int(m.group(1) or m.group(2))
        if n < 2:
            raise Unsupported("Prime factorisation needs a whole number of at least 2.")
        steps, k = [], n
        for p_, e in sorted(sp.factorint(n).items()):
            for _ in range(e):
                steps.append(f"${k} \\div {p_} = {k // p_}$")
                k //= p_
        steps.append(f"Collect the prime factors: ${n} = {_factor_latex(n)}$.")
        return Solution("prime_factorization", str(n), steps, _factor_latex(n), sp.Integer(n), {"n": n})
    m = re.fullmatch(r"(?:the\s+)?(mean|average|median|(?:population\s+|sample\s+)?(?:standard deviation|variance))"
                     r"\s+of\s+(?:the\s+)?(?:numbers|data|values)?\s*:?\s*\(?(.*?)\)?", t, re.I)
    if m:
        xs = _num_list(m.group(2))
        if xs is None:
            return None
        what = m.group(1).lower()
        n = len(xs)
        total = sum(xs)
        mean = total / n
        steps = [f"There are $n = {n}$ values with sum ${_L(total)}$."]
        if what in ("mean", "average"):
            steps.append(f"Mean $= \\frac{{{_L(total)}}}{{{n}}} = {_L(mean)}$.")
            val = mean
        elif what == "median":
            ys = sorted(xs)
            steps.append("Sort them: $" + ", ".join(_L(y) for y in ys) + "$.")
            if n % 2:
                val = ys[n // 2]
                steps.append(f"$n$ is odd, so the median is the middle value, ${_L(val)}$.")
            else:
                a_, b_ = ys[n // 2 - 1], ys[n // 2]
                val = (a_ + b_) / 2
                steps.append(f"$n$ is even, so the median is the mean of the two middle values: "
                             f"$\\frac{{{_L(a_)} + {_L(b_)}}}{{2}} = {_L(val)}$.")
        else:
            sample = what.startswith("sample")
            if sample and n < 2:
                raise Unsupported("A sample standard deviation needs at least two values.")
            ss = sum((v - mean) ** 2 for v in xs)
            div = n - 1 if sample else n
            var = ss / div
            steps.append(f"Mean $\\bar x = {_L(mean)}$; sum of squared deviations $\\sum (x_i - \\bar x)^2 = {_L(ss)}$.")
            steps.append(("This is the **sample** version: divide by $n - 1 = " if sample else
                          "This is the **population** version (say \"sample\" for $n-1$): divide by $n = ")
                         + f"{div}$, variance $= {_L(var)}$.")
            val = var if "variance" in what else sp.sqrt(var)
            if "variance" not in what:
                steps.append(f"Standard deviation $= \\sqrt{{{_L(var)}}} = {_L(val)} \\approx {sp.N(val, 6)}$.")
        return Solution("statistics", f"\\text{{{what} of }} " + ", ".join(_L(v) for v in xs), steps,
                        _L(sp.nsimplify(val)), sp.nsimplify(val))
    return None


def _wrap_fractions(s: str) -> str:
    return re.sub(r"(?<![\d.)/^])(\d+(?:\.\d+)?)\s*/\s*(\d+(?:\.\d+)?)(?![\d.(^])", r"(\1/\2)", s)


def _arith_problem(s: str):
    """Parse arithmetic unevaluated (for display) and evaluated (exact, decimals as rationals)."""
    sp = _sympy()
    t = s.replace(",", "") if not re.search(r"\d,\d{1,2}\b", s) else s
    if "÷" in t:
        t = "(" + ")/(".join(_wrap_fractions(p) for p in t.split("÷")) + ")"
    else:
        t = _wrap_fractions(t)
    t = re.sub(r"(\d+(?:\.\d+)?)\s*%\s*of\b", r"(\1/100)*", t)
    t = re.sub(r"\)\s*of\b", ")*", t)
    if _is_latex(t):
        t2 = re.sub(r"\\[dt]?frac\s*\{\s*(\d+)\s*\}\s*\{\s*(\d+)\s*\}", r"(\1/\2)", t)
        t2 = t2.replace("\\cdot", "*").replace("\\times", "*").replace("\\div", "÷")
        t2 = re.sub(r"\\left|\\right", "", t2)
        if "\\" not in t2 and re.fullmatch(r"[\d\s.+\-*/()÷^]+", t2):
            return _arith_problem(t2)
    if _is_latex(t):
        raw = _parse_latex(t)
        shown = raw
    else:
        shown = _parse_plain(t, evaluate=False)
        raw = _parse_plain(t)
    has_dec = bool(re.search(r"\d\.\d|\.\d", s))
    return shown, sp.nsimplify(raw, rational=True) if has_dec else raw, has_dec


def _bare_expression(s: str) -> Solution:
    sp = _sympy()
    if re.search(r"\\int|\\lim|\\frac\s*\{\s*d\s*\}", s):
        expr = _parse_latex(s)
        if isinstance(expr, sp.Integral):
            return _integral(expr)
        if isinstance(expr, sp.Limit):
            return _limit(expr.args[0], expr.args[1], expr.args[2], _latex_dir(s))
        if isinstance(expr, sp.Derivative):
            return _derivative(expr.expr, expr.variables)
        raise Unsupported("I couldn't tell what to do with that LaTeX.")
    shown, value, has_dec = _arith_problem(s)
    if isinstance(value, sp.Integral):
        return _integral(value)
    if isinstance(value, sp.Limit):
        return _limit(value.args[0], value.args[1], value.args[2], str(value.args[3]))
    if isinstance(value, sp.Derivative):
        return _derivative(value.expr, value.variables)
    if value.free_symbols:
        return _algebra("simplify", s)
    return _arithmetic(shown, value, has_dec)


def _arithmetic(shown, value, has_dec) -> Solution:
    sp = _sympy()
    value = sp.nsimplify(value) if isinstance(value, sp.Float) else value
    if value.has(sp.zoo, sp.nan) or value is sp.zoo:
        raise Unsupported("That expression is undefined (division by zero).")
    shown = _fold_fractions(shown)
    steps = [f"Evaluate $${_arith_latex(shown)}$$"]
    steps += _arith_walk(shown)
    exact = sp.nsimplify(value) if value.is_Float else value
    if isinstance(exact, sp.Rational) and not isinstance(exact, sp.Integer):
        g = exact
        steps.append(f"In lowest terms the result is ${_L(g)}$, which is about ${_dec(g)}$"
                     f"{' (exactly)' if _fmt_num(g, True) != _L(g) else ''}.")
    elif exact.is_number and not exact.is_Rational and exact.is_real:
        steps.append(f"Numerically, ${_L(exact)} \\approx {sp.N(exact, 10)}$.")
    ans = _fmt_num(exact, decimals_hint=has_dec)
    return Solution("arithmetic", _arith_latex(shown), steps, ans, exact)


def _arith_walk(expr, max_steps=10):
    """Evaluate an unevaluated numeric tree innermost-first, explaining fraction operations."""
    sp = _sympy()
    steps = []
    cur = _fold_fractions(expr)
    for _ in range(max_steps):
        node = _innermost(cur)
        if node is None:
            break
        val = _rebuild(node)
        if val == node:
            break
        steps.append(_explain_op(node, val))
        cur = _replace_uneval(cur, node, val)
        cur = _fold_fractions(cur)
        steps.append(f"$${_arith_latex(cur)}$$")
    return steps


def _replace_uneval(e, node, val):
    sp = _sympy()
    if e == node:
        return val
    if not isinstance(e, sp.Basic) or e.is_Atom:
        return e
    args = [_replace_uneval(a, node, val) for a in e.args]
    if isinstance(e, (sp.Add, sp.Mul, sp.Pow)):
        return e.func(*args, evaluate=False)
    return e.func(*args)


def _fold_fractions(expr):
    """Turn unevaluated integer quotients p*q**-1 into Rationals (displayed as fractions)."""
    sp = _sympy()

    def is_int(a):
        return isinstance(a, sp.Integer)

    def as_frac(e):
        if isinstance(e, sp.Pow) and is_int(e.base) and e.exp == -1 and e.base != 0:
            return sp.Rational(1, e.base)
        if isinstance(e, sp.Mul) and len(e.args) == 2:
            a, b = e.args
            if is_int(a) and isinstance(b, sp.Pow) and is_int(b.base) and b.exp == -1 and b.base != 0:
                return sp.Rational(a, b.base)
            if is_int(b) and isinstance(a, sp.Pow) and is_int(a.base) and a.exp == -1 and a.base != 0:
                return sp.Rational(b, a.base)
        return None

    def walk(e):
        if not isinstance(e, sp.Basic) or e.is_Atom:
            return e
        fr = as_frac(e)
        if fr is not None:
            return fr
        if isinstance(e, sp.Mul):
            raw, args, i = list(e.args), [], 0
            while i < len(raw):
                a = raw[i]
                b = raw[i + 1] if i + 1 < len(raw) else None
                if is_int(a) and b is not None and isinstance(b, sp.Pow) and is_int(b.base) \
                        and b.exp == -1 and b.base != 0:
                    args.append(sp.Rational(a, b.base))
                    i += 2
                    continue
                args.append(walk(a))
                i += 1
            if len(args) == 2 and args[0] == -1 and isinstance(args[1], sp.Rational):
                return -args[1]
            if len(args) == 1:
                return args[0]
        else:
            args = [walk(a) for a in e.args]
        return e.func(*args, evaluate=False) if isinstance(e, (sp.Add, sp.Mul, sp.Pow)) else e.func(*args)

    try:
        return walk(expr)
    except Exception:
        return expr


def _arith_latex(e) -> str:
    """LaTeX for an unevaluated numeric tree, showing division by fractions with \\div."""
    sp = _sympy()
    if isinstance(e, sp.Mul):
        out = ""
        for i, a in enumerate(e.args):
            if isinstance(a, sp.Pow) and a.exp == -1 and not (isinstance(a.base, sp.Integer)) and i > 0:
                inner = _arith_latex(a.base)
                if isinstance(a.base, (sp.Add, sp.Mul)):
                    inner = f"\\left({inner}\\right)"
                out += f" \\div {inner}"
            else:
                inner = _arith_latex(a)
                if isinstance(a, sp.Add) or (i > 0 and a.could_extract_minus_sign()):
                    inner = f"\\left({inner}\\right)"
                out += (" \\cdot " if i > 0 else "") + inner
        return out
    if isinstance(e, sp.Add):
        out = ""
        for i, a in enumerate(e.args):
            t = _arith_latex(a)
            if i == 0:
                out = t
            elif t.startswith("-"):
                out += " - " + t[1:].lstrip()
            else:
                out += " + " + t
        return out
    if isinstance(e, sp.Pow) and not (e.exp == -1):
        b = _arith_latex(e.base)
        if not e.base.is_Atom:
            b = f"\\left({b}\\right)"
        return f"{b}^{{{_arith_latex(e.exp)}}}"
    return _L(e)


def _innermost(e):
    sp = _sympy()
    if not isinstance(e, sp.Basic) or e.is_Atom or e.is_Rational or e in (sp.pi, sp.E):
        return None
    for a in e.args:
        n = _innermost(a)
        if n is not None:
            return n
    if all(a.is_Atom for a in e.args):
        val = _rebuild(e)
        return e if val != e else None
    return None


def _explain_op(node, val) -> str:
    sp = _sympy()
    args = node.args
    if isinstance(node, sp.Add) and len(args) == 2 and all(isinstance(a, sp.Rational) for a in args) \
            and any(not isinstance(a, sp.Integer) for a in args):
        a, b = args
        d = sp.ilcm(a.q, b.q)
        if a.q != b.q:
            return (f"Use the common denominator ${d}$: ${_L(a)} = \\frac{{{a.p * (d // a.q)}}}{{{d}}}$ and "
                    f"${_L(b)} = \\frac{{{b.p * (d // b.q)}}}{{{d}}}$, so the sum is "
                    f"$\\frac{{{a.p * (d // a.q)} + {b.p * (d // b.q)}}}{{{d}}}".replace("+ -", "- ")
                    + f" = {_L(val)}$.")
        return f"Same denominator, so add the numerators: ${_L(node)} = {_L(val)}$."
    if isinstance(node, sp.Mul) and all(isinstance(a, sp.Rational) for a in args) \
            and any(not isinstance(a, sp.Integer) for a in args):
        nums = " \\cdot ".join(str(a.p) for a in args)
        dens = " \\cdot ".join(str(a.q) for a in args)
        p = sp.prod([a.p for a in args])
        q = sp.prod([a.q for a in args])
        tail = f" = {_L(val)}$ (in lowest terms)." if sp.gcd(p, q) != 1 else "$."
        return (f"Multiply numerators and denominators: $\\frac{{{nums}}}{{{dens}}} = \\frac{{{p}}}{{{q}}}" + tail)
    if isinstance(node, sp.Pow) and node.exp == -1 and isinstance(node.base, sp.Rational):
        return f"Dividing by ${_L(node.base)}$ means multiplying by its reciprocal ${_L(val)}$."
    return f"Compute ${_L(node)} = {_L(val)}$."


# ---------------------------------------------------------------------------------------------
# Equations
# ---------------------------------------------------------------------------------------------


def _parse_equation(t: str):
    sp = _sympy()
    t = t.strip()
    if t.count("=") != 1:
        raise Unsupported("Each equation should contain exactly one '=' sign.")
    l, r = t.split("=")
    lhs, rhs = _parse_any(l), _parse_any(r)
    if lhs.has(sp.Integral, sp.Limit, sp.Derivative) or rhs.has(sp.Integral, sp.Limit, sp.Derivative):
        raise Unsupported("I can't solve equations that contain integrals, limits or derivatives.")
    return _ratify(lhs), _ratify(rhs)


def _ratify(e):
    sp = _sympy()
    if e.has(sp.Float):
        return sp.nsimplify(e, rational=True)
    return e


def _solve_equations(body: str) -> Solution:
    sp = _sympy()
    body = body.strip()
    var = None
    m = re.search(r"\s*(?:,\s*)?\bfor\s+([A-Za-z])\s*$", body)
    if m:
        var, body = m.group(1), body[:m.start()]
    m = re.match(r"^for\s+([A-Za-z])\s*[:,]?\s*(.*)$", body, re.DOTALL)
    if m:
        var, body = m.group(1), m.group(2)
    body = re.sub(r"^(?:the\s+)?(?:system|equations?|simultaneous equations)\s*(?:of equations)?[\s:]*", "",
                  body, flags=re.IGNORECASE)
    if "=" not in body:
        raise Unsupported("To solve something I need an equation with an '=' sign.")
    parts = [p for p in re.split(r"\s*(?:,|;|\band\b|\\\\|\\text\s*\{\s*and\s*\}|\n)\s*", body) if p.strip()]
    global _LOG10
    _LOG10 = bool(re.search(r"(?<!\\)\blog\b", body))  # plain-text log = log10 in equations
    try:
        eqs = [_parse_equation(p) for p in parts]
    finally:
        _LOG10 = False
    syms = set()
    for l, r in eqs:
        syms |= (l - r).free_symbols
    if len(eqs) == 1:
        lhs, rhs = eqs[0]
        if var is not None:
            x = sp.Symbol(var)
            if x not in syms:
                raise Unsupported(f"The variable {var} doesn't appear in the equation.")
            if syms - {x}:
                raise Unsupported("I can only solve equations with one unknown (no extra letters).")
        elif len(syms) == 1:
            x = next(iter(syms))
        elif not syms:
            raise Unsupported("That equation has no unknown to solve for.")
        else:
            raise Unsupported("I can solve single equations in one unknown, or a system of two equations in two unknowns.")
        return _solve_single(lhs, rhs, x)
    if len(eqs) == 2 and len(syms) == 2:
        return _solve_system(eqs, _sym_sort(syms))
    if len(eqs) == 3 and len(syms) == 3:
        return _solve_system3(eqs, _sym_sort(syms))
    raise Unsupported("I can solve one equation in one unknown, or a linear system of two equations in two "
                      "unknowns or three equations in three unknowns.")


def _poly_degree(expr, x):
    sp = _sympy()
    try:
        p = sp.Poly(expr, x)
    except Exception:
        return None, None
    if any(c.free_symbols for c in p.all_coeffs()):
        return None, None
    return p.degree(), p


def _eq_data(eqs, syms, solutions, domain=None):
    """Checker data: the original equations, the unknowns, and the solution set (a list of
    values for one unknown, a list of dicts for systems; None = every value)."""
    return {"equations": list(eqs), "vars": list(syms), "solutions": solutions, "domain": domain}


def _solve_single(lhs, rhs, x) -> Solution:
    sp = _sympy()
    if _is_exp_log(lhs - rhs, x):
        return _exp_log_equation(lhs, rhs, x)
    lhs0, rhs0 = lhs, rhs
    problem = _L(sp.Eq(lhs, rhs, evaluate=False))
    steps = [f"We want to solve $${problem}$$ for ${_L(x)}$."]
    diff = lhs - rhs
    num, den = sp.together(diff).as_numer_denom()
    excluded = []
    if den.has(x):
        num = sp.expand(num)
        steps.append(f"Multiply both sides by ${_L(den)}$ to clear the denominators (this requires "
                     f"${_L(den)} \\neq 0$): $${_L(sp.Eq(num, 0, evaluate=False))}$$")
        lhs, rhs = num, sp.Integer(0)
        excluded = [r for r in sp.solve(den, x)]
    deg, poly = _poly_degree(sp.expand(lhs - rhs), x)
    if deg is None:
        raise Unsupported("I can only solve linear and quadratic equations (polynomial of degree 1 or 2).")
    if deg == 0:
        if sp.expand(lhs - rhs) == 0:
            steps.append(f"Both sides are always equal, so every value of ${_L(x)}$ is a solution.")
            return Solution("linear_equation", problem, steps, f"\\text{{every }} {_L(x)}", sp.S.Reals,
                            _eq_data([(lhs0, rhs0)], [x], None))
        steps.append("The unknown cancels out and what is left is false, so there is no solution.")
        return Solution("linear_equation", problem, steps, "\\text{no solution}", [],
                        _eq_data([(lhs0, rhs0)], [x], []))
    if deg == 1:
        sol, st = _linear_steps(lhs, rhs, x)
        steps += st
        kind, roots = "linear_equation", [sol]
    elif deg == 2:
        roots, st = _quadratic_steps(lhs, rhs, x)
        steps += st
        kind = "quadratic_equation"
    else:
        raise Unsupported(f"That is a degree-{deg} polynomial equation; I can only solve linear and quadratic ones.")
    if excluded:
        bad = [r for r in roots if any(sp.simplify(r - e) == 0 for e in excluded)]
        if bad:
            steps.append("Reject " + ", ".join(f"${_L(x)} = {_L(b)}$" for b in bad)
                         + " because it makes a denominator zero.")
            roots = [r for r in roots if r not in bad]
    if not roots:
        steps.append("There is no valid solution.")
        return Solution(kind, problem, steps, "\\text{no solution}", [], _eq_data([(lhs0, rhs0)], [x], []))
    answer_latex = " \\text{ or } ".join(f"{_L(x)} = {_L(r)}" for r in roots)
    answer = {x: roots[0]} if kind == "linear_equation" else [{x: r} for r in roots]
    return Solution(kind, problem, steps, answer_latex, answer, _eq_data([(lhs0, rhs0)], [x], roots))


def _move_text(term, x_side: str) -> str:
    """'Subtract 7 from' / 'Add 7 to' for removing ``term`` from a side."""
    sp = _sympy()
    neg = term.could_extract_minus_sign()
    mag = -term if neg else term
    return (f"Add ${_L(mag)}$ to" if neg else f"Subtract ${_L(mag)}$ from") + " both sides"


def _linear_steps(lhs, rhs, x):
    sp = _sympy()
    steps = []
    L, R = sp.expand(lhs), sp.expand(rhs)
    if L != lhs or R != rhs:
        steps.append(f"Expand and simplify both sides: $${_L(sp.Eq(L, R, evaluate=False))}$$")
    aL, bL = L.coeff(x, 1), L.coeff(x, 0)
    aR, bR = R.coeff(x, 1), R.coeff(x, 0)
    if aL == 0 or (aR != 0 and abs(aR) > abs(aL) and False):
        pass
    if aR != 0:
        a = aL - aR
        steps.append(f"{_move_text(aR * x, 'left')} to collect the ${_L(x)}$-terms on the left: "
                     f"$${_L(sp.Eq(a * x + bL, bR, evaluate=False))}$$")
    else:
        a = aL
    if bL != 0:
        steps.append(f"{_move_text(bL, 'left')}: $${_L(sp.Eq(a * x, bR - bL, evaluate=False))}$$")
    c = bR - bL
    sol = sp.nsimplify(c / a) if (c / a).has(sp.Float) else sp.simplify(c / a)
    if a == -1:
        steps.append(f"Multiply both sides by $-1$: $${_L(x)} = {_L(sol)}$$")
    elif a != 1:
        if isinstance(a, sp.Rational) and a.p == 1:
            steps.append(f"Multiply both sides by ${a.q}$: $${_L(x)} = {_L(sol)}$$")
        else:
            steps.append(f"Divide both sides by ${_L(a)}$: $${_L(x)} = {_L(sol)}$$")
    check_l, check_r = lhs.subs(x, sol), rhs.subs(x, sol)
    steps.append(f"Check: substituting ${_L(x)} = {_L(sol)}$ gives ${_L(sp.simplify(check_l))} = "
                 f"{_L(sp.simplify(check_r))}$ ✓")
    return sol, steps


def _quadratic_steps(lhs, rhs, x):
    sp = _sympy()
    steps = []
    expr = sp.expand(lhs - rhs)
    P = sp.Poly(expr, x)
    a, b, c = P.all_coeffs()
    if rhs != 0 or lhs != expr:
        steps.append(f"Move every term to one side and collect like terms: $${_L(sp.Eq(expr, 0, evaluate=False))}$$")
    steps.append(f"This is a quadratic $a{_L(x)}^2 + b{_L(x)} + c = 0$ with $a = {_L(a)}$, $b = {_L(b)}$, $c = {_L(c)}$.")
    D = sp.simplify(b ** 2 - 4 * a * c)
    steps.append(f"Compute the discriminant: $\\Delta = b^2 - 4ac = ({_L(b)})^2 - 4({_L(a)})({_L(c)}) = {_L(D)}$.")
    rational = all(k.is_rational for k in (a, b, c))
    roots = []
    if rational and sp.sqrt(D).is_rational:
        f = sp.factor(expr)
        steps.append(f"Since $\\Delta = {_L(D)}$ is a perfect square, the quadratic factors over the rationals: "
                     f"$${_L(f)} = 0$$")
        _, facs = sp.factor_list(expr)
        lin = [g for g, _m in facs if sp.degree(g, x) == 1]
        if D == 0:
            g = lin[0]
            r = sp.solve(g, x)[0]
            steps.append(f"The factor is repeated, so there is one (double) root: ${_L(g)} = 0 \\Rightarrow {_L(x)} = {_L(r)}$.")
            roots = [r]
        else:
            steps.append("Set each factor equal to zero: " + " or ".join(f"${_L(g)} = 0$" for g in lin) + ".")
            roots = sorted((sp.solve(g, x)[0] for g in lin), key=lambda r: float(r))
            steps.append("So " + " or ".join(f"${_L(x)} = {_L(r)}$" for r in roots) + ".")
    else:
        steps.append(f"$\\Delta$ is not a perfect square, so use the quadratic formula "
                     f"$${_L(x)} = \\frac{{-b \\pm \\sqrt{{b^2 - 4ac}}}}{{2a}} = \\frac{{{_L(-b)} \\pm \\sqrt{{{_L(D)}}}}}{{{_L(2 * a)}}}$$")
        r1 = sp.radsimp(sp.simplify((-b + sp.sqrt(D)) / (2 * a)))
        r2 = sp.radsimp(sp.simplify((-b - sp.sqrt(D)) / (2 * a)))
        if D.is_negative:
            steps.append("Because $\\Delta < 0$ there are no real solutions; the two solutions are complex "
                         "conjugates (with $i = \\sqrt{-1}$).")
        elif D == 0:
            steps.append("Because $\\Delta = 0$ there is exactly one (double) root.")
        else:
            steps.append("Because $\\Delta > 0$ there are two distinct real roots.")
        roots = [r1] if D == 0 else ([r2, r1] if D.is_positive and (r2 - r1).is_negative else [r1, r2])
        steps.append("Simplify: " + " or ".join(f"${_L(x)} = {_L(r)}$" for r in roots)
                     + ("" if D.is_negative or not all(r.is_real for r in roots) else
                        " (approximately " + ", ".join(f"${sp.N(r, 6)}$" for r in roots) + ")") + ".")
    return roots, steps


def _solve_system(eqs, syms) -> Solution:
    sp = _sympy()
    x, y = syms
    problem = " \\\\ ".join(_L(sp.Eq(l, r, evaluate=False)) for l, r in eqs)
    problem = f"\\begin{{cases}} {problem} \\end{{cases}}"
    rows = []
    for l, r in eqs:
        e = sp.expand(l - r)
        try:
            p = sp.Poly(e, x, y)
        except Exception:
            raise Unsupported("I can only solve systems of *linear* equations.") from None
        if p.total_degree() > 1 or any(cf.free_symbols for cf in p.coeffs()):
            raise Unsupported("I can only solve systems of *linear* equations.")
        rows.append((e.coeff(x), e.coeff(y), -e.subs({x: 0, y: 0})))
    (a1, b1, c1), (a2, b2, c2) = rows
    E1 = sp.Eq(a1 * x + b1 * y, c1, evaluate=False)
    E2 = sp.Eq(a2 * x + b2 * y, c2, evaluate=False)
    steps = [f"Write both equations in standard form $ax + by = c$: $${_L(E1)} \\quad (1)$$ $${_L(E2)} \\quad (2)$$"]
    det = a1 * b2 - a2 * b1
    if det == 0:
        if sp.Matrix([[a1, b1, c1], [a2, b2, c2]]).rank() == 1:
            steps.append("The second equation is a multiple of the first, so the system has infinitely many solutions.")
            return Solution("linear_system", problem, steps, "\\text{infinitely many solutions}", [],
                            _eq_data(eqs, syms, None))
        steps.append("The left sides are proportional but the right sides are not, so the lines are parallel: no solution.")
        return Solution("linear_system", problem, steps, "\\text{no solution}", [], _eq_data(eqs, syms, []))
    # eliminate y (or x if that is simpler)
    elim, keep = (y, x)
    ea1, eb1, ea2, eb2 = b1, a1, b2, a2  # coefficients of elim / keep
    if not (b1 == b2 or b1 == -b2) and (a1 == a2 or a1 == -a2) and a1 != 0:
        elim, keep = x, y
        ea1, eb1, ea2, eb2 = a1, b1, a2, b2
    if ea1 == ea2:
        k_coef, rhs = eb1 - eb2, c1 - c2
        steps.append(f"The ${_L(elim)}$-coefficients are equal, so subtract (2) from (1) to eliminate ${_L(elim)}$: "
                     f"$${_L(sp.Eq(k_coef * keep, rhs, evaluate=False))}$$")
    elif ea1 == -ea2:
        k_coef, rhs = eb1 + eb2, c1 + c2
        steps.append(f"The ${_L(elim)}$-coefficients are opposites, so add (1) and (2) to eliminate ${_L(elim)}$: "
                     f"$${_L(sp.Eq(k_coef * keep, rhs, evaluate=False))}$$")
    elif ea1 == 0 or ea2 == 0:
        src = 1 if ea1 == 0 else 2
        k_coef, rhs = (eb1, c1) if ea1 == 0 else (eb2, c2)
        steps.append(f"Equation ({src}) contains only ${_L(keep)}$: $${_L(sp.Eq(k_coef * keep, rhs, evaluate=False))}$$")
    else:
        m1, m2 = ea2, ea1
        k_coef, rhs = eb1 * m1 - eb2 * m2, c1 * m1 - c2 * m2
        steps.append(f"Multiply (1) by ${_L(m1)}$ and (2) by ${_L(m2)}$ so the ${_L(elim)}$-coefficients match: "
                     f"$${_L(sp.Eq(sp.expand(m1 * (eb1 * keep + ea1 * elim)), m1 * c1, evaluate=False))}$$ "
                     f"$${_L(sp.Eq(sp.expand(m2 * (eb2 * keep + ea2 * elim)), m2 * c2, evaluate=False))}$$")
        steps.append(f"Subtract the second from the first to eliminate ${_L(elim)}$: "
                     f"$${_L(sp.Eq(k_coef * keep, rhs, evaluate=False))}$$")
    kval = sp.simplify(rhs / k_coef)
    if k_coef != 1:
        steps.append(f"Divide by ${_L(k_coef)}$: $${_L(keep)} = {_L(kval)}$$")
    # back-substitute into an equation that contains elim
    use = 1 if ea1 != 0 else 2
    ea, eb, ec = (ea1, eb1, c1) if use == 1 else (ea2, eb2, c2)
    sub_eq = sp.Eq(ea * elim + eb * kval, ec, evaluate=False)
    evalue = sp.simplify((ec - eb * kval) / ea)
    steps.append(f"Substitute ${_L(keep)} = {_L(kval)}$ into ({use}): ${_L(sub_eq)}$, so ${_L(elim)} = {_L(evalue)}$.")
    sol = {keep: kval, elim: evalue}
    checks = ", ".join(f"${_L(sp.simplify(l.subs(sol)))} = {_L(sp.simplify(r.subs(sol)))}$" for l, r in eqs)
    steps.append(f"Check in both original equations: {checks} ✓")
    answer = {x: sol[x], y: sol[y]}
    return Solution("linear_system", problem, steps,
                    f"{_L(x)} = {_L(sol[x])}, \\; {_L(y)} = {_L(sol[y])}", answer, _eq_data(eqs, syms, [answer]))


# ---------------------------------------------------------------------------------------------
# simplify / expand / factor
# ---------------------------------------------------------------------------------------------


def _algebra(kind: str, body: str) -> Solution:
    sp = _sympy()
    body = _strip_polite(body)
    if "=" in body:
        raise Unsupported(f"To {kind} I need an expression, not an equation.")
    expr = _ratify(_parse_any(body))
    if expr.has(sp.Integral, sp.Limit, sp.Derivative):
        raise Unsupported(f"I can't {kind} integrals, limits or derivatives; ask for them directly.")
    problem = _L(expr)
    steps = []
    if kind == "expand":
        res = sp.expand(expr)
        if isinstance(expr, sp.Pow) and isinstance(expr.base, sp.Add) and expr.exp.is_Integer and expr.exp > 1 \
                and len(expr.base.args) == 2:
            n = int(expr.exp)
            a, b = expr.base.args
            steps.append(f"Use the binomial theorem $(a+b)^{{{n}}} = \\sum_{{k=0}}^{{{n}}} \\binom{{{n}}}{{k}} "
                         f"a^{{{n}-k}} b^k$ with $a = {_L(a)}$ and $b = {_L(b)}$.")
            if n <= 8:
                coeffs = ", ".join(str(sp.binomial(n, k)) for k in range(n + 1))
                steps.append(f"The binomial coefficients (row {n} of Pascal's triangle) are ${coeffs}$.")
        elif isinstance(expr, sp.Mul) or isinstance(expr, sp.Pow):
            steps.append("Distribute: multiply every term of each bracket by every term of the other(s).")
        else:
            steps.append("Expand each product and power, then collect like terms.")
        steps.append(f"Collect like terms: $${_L(res)}$$")
    elif kind == "factor":
        res = sp.factor(expr)
        content, prim = expr.as_content_primitive() if expr.is_Add else (sp.Integer(1), expr)
        if content != 1:
            steps.append(f"Take out the common factor ${_L(content)}$: $${_L(content)}\\left({_L(prim)}\\right)$$")
        syms = list(expr.free_symbols)
        if len(syms) == 1:
            x = syms[0]
            deg, poly = _poly_degree(prim, x)
            if deg == 2:
                a, b, c = poly.all_coeffs()
                if a == 1 and b.is_integer and c.is_integer:
                    roots = sp.roots(poly)
                    if all(r.is_integer for r in roots):
                        rs = list(roots.elements() if hasattr(roots, "elements") else
                                  [r for r, m in roots.items() for _ in range(m)])
                        p, q = -rs[0], -rs[-1]
                        steps.append(f"Look for two numbers whose product is ${_L(c)}$ and whose sum is ${_L(b)}$: "
                                     f"${_L(p)}$ and ${_L(q)}$ (since ${_L(p)} \\cdot {_L(q)} = {_L(c)}$ and "
                                     f"${_L(p)} + {_L(q)} = {_L(b)}$).")
            elif deg is not None and deg >= 2:
                rr = [r for r in sp.roots(poly, filter="Q")]
                if rr:
                    steps.append("Find rational roots (by the rational root theorem): "
                                 + ", ".join(f"${_L(x)} = {_L(r)}$" for r in rr)
                                 + f"; each root $r$ gives a factor $({_L(x)} - r)$.")
        if isinstance(expr, sp.Add) and len(expr.args) == 2:
            a, b = expr.args
            if a.is_Pow and b.could_extract_minus_sign() and (-b).is_Pow or True:
                pass
        if res == expr:
            steps.append("The expression cannot be factored further over the rational numbers.")
        steps.append(f"Factored form: $${_L(res)}$$")
        steps.append(f"Check by expanding: ${_L(sp.expand(res))}$ ✓")
    else:
        res = _best_simplify(expr)
        n, d = sp.fraction(sp.together(expr))
        syms = expr.free_symbols
        if d != 1 and d.free_symbols:
            fn, fd = sp.factor(n), sp.factor(d)
            steps.append(f"Write as a single fraction and factor the numerator and the denominator: "
                         f"$$\\frac{{{_L(fn)}}}{{{_L(fd)}}}$$")
            g = sp.gcd(n, d)
            if g != 1 and g.free_symbols:
                steps.append(f"Cancel the common factor ${_L(sp.factor(g))}$ (valid where ${_L(sp.factor(g))} \\neq 0$).")
        elif expr.has(sp.sin, sp.cos, sp.tan) and res != expr:
            steps.append("Use trigonometric identities such as $\\sin^2\\theta + \\cos^2\\theta = 1$.")
        elif res != expr:
            steps.append("Expand, combine like terms and cancel where possible.")
        if res == expr:
            steps.append("The expression is already as simple as it gets.")
        steps.append(f"Result: $${_L(res)}$$")
    return Solution(kind, problem, steps, _L(res), res, {"expr": expr})


def _best_simplify(expr):
    sp = _sympy()
    cands = [expr, sp.simplify(expr), sp.factor(sp.cancel(expr)) if expr.is_rational_function() else expr,
             sp.cancel(expr) if expr.is_rational_function() else expr, sp.expand(sp.simplify(expr))]
    return min(cands, key=lambda e: (sp.count_ops(e), len(str(e))))


# ---------------------------------------------------------------------------------------------
# Derivatives
# ---------------------------------------------------------------------------------------------


def _pick_var(expr, name=None):
    sp = _sympy()
    if name:
        return sp.Symbol(name)
    syms = _sym_sort(expr.free_symbols)
    if not syms:
        return sp.Symbol("x")
    if len(syms) == 1:
        return syms[0]
    for n in ("x", "t", "y"):
        if sp.Symbol(n) in syms:
            return sp.Symbol(n)
    raise Unsupported("Please say which variable to use (e.g. 'with respect to x').")


def _derivative_text(s: str) -> Solution:
    sp = _sympy()
    var = None
    m = re.search(r"\s*,?\s*(?:with respect to|wrt|w\.r\.t\.?)\s+([A-Za-z])\s*$", s, re.IGNORECASE)
    if m:
        var, s = m.group(1), s[:m.start()]
    order = 1
    m = re.match(r"^(?:(?:the\s+)?(first|second|third|2nd|3rd)\s+)?(?:differentiate|derivative(?:\s+of)?|derive)\b\s*(.*)$",
                 s, re.IGNORECASE | re.DOTALL)
    if m:
        body = m.group(2)
    else:
        m = re.match(r"^d\s*/\s*d([a-z])\s*(.*)$", s, re.IGNORECASE | re.DOTALL)
        if m:
            var, body = m.group(1), m.group(2)
        else:
            expr = _parse_latex(s)
            if not isinstance(expr, sp.Derivative):
                raise Unsupported("I couldn't read that derivative.")
            return _derivative(expr.expr, expr.variables)
    mo = re.match(r"^(?:the\s+)?(second|third|2nd|3rd)\s+derivative", s, re.IGNORECASE)
    if mo:
        order = 2 if mo.group(1).lower() in ("second", "2nd") else 3
    m = re.match(r"^([a-zA-Z])\s*\(\s*([a-z])\s*\)\s*=\s*(.*)$", body.strip(), re.DOTALL)
    if m:
        var, body = var or m.group(2), m.group(3)
    m = re.search(r"\s*,?\s*(?:with respect to|wrt)\s+([A-Za-z])\s*$", body, re.IGNORECASE)
    if m:
        var, body = m.group(1), body[:m.start()]
    body = body.strip()
    if not body:
        raise Unsupported("Which function should I differentiate?")
    f = _ratify(_parse_any(body))
    if isinstance(f, sp.Derivative):
        return _derivative(f.expr, f.variables)
    x = _pick_var(f, var)
    return _derivative(f, (x,) * order)


_STD_DERIV = {
    "sin": "\\frac{d}{du}\\sin u = \\cos u", "cos": "\\frac{d}{du}\\cos u = -\\sin u",
    "tan": "\\frac{d}{du}\\tan u = \\sec^2 u", "exp": "\\frac{d}{du} e^u = e^u",
    "log": "\\frac{d}{du}\\ln u = \\frac{1}{u}", "asin": "\\frac{d}{du}\\arcsin u = \\frac{1}{\\sqrt{1-u^2}}",
    "acos": "\\frac{d}{du}\\arccos u = -\\frac{1}{\\sqrt{1-u^2}}", "atan": "\\frac{d}{du}\\arctan u = \\frac{1}{1+u^2}",
    "sinh": "\\frac{d}{du}\\sinh u = \\cosh u", "cosh": "\\frac{d}{du}\\cosh u = \\sinh u",
    "cot": "\\frac{d}{du}\\cot u = -\\csc^2 u", "sec": "\\frac{d}{du}\\sec u = \\sec u \\tan u",
    "csc": "\\frac{d}{du}\\csc u = -\\csc u \\cot u",
}


def _rule_name(f, x) -> str:
    sp = _sympy()
    if not f.has(x):
        return "constant rule"
    if f == x:
        return "power rule"
    if isinstance(f, sp.Add):
        return "sum rule"
    if isinstance(f, sp.Mul):
        c, rest = f.as_independent(x, as_Add=False)
        if c != 1:
            return "constant multiple rule with the " + _rule_name(rest, x)
        n, d = sp.fraction(f)
        if d.has(x) and n.has(x):
            return "quotient rule"
        return "product rule"
    if isinstance(f, sp.Pow):
        if f.base == x and not f.exp.has(x):
            return "power rule"
        if not f.exp.has(x):
            return "chain rule (power of a function)"
        if not f.base.has(x):
            return "exponential rule" + (" with the chain rule" if f.exp != x else "")
        return "logarithmic differentiation"
    if isinstance(f, sp.Function) and len(f.args) == 1:
        return "chain rule" if f.args[0] != x else "standard derivative"
    return "differentiation rules"


def _d(f, x):
    sp = _sympy()
    return sp.diff(f, x)


def _nice(e):
    sp = _sympy()
    cands = [e, sp.simplify(e), sp.factor(e), sp.expand(e)]
    return min(cands, key=lambda t: (sp.count_ops(t), len(str(t))))


def _deriv_lines(f, x):
    sp = _sympy()
    D = lambda g: f"\\frac{{d}}{{d{_L(x)}}}"  # noqa: E731
    dx = D(f)
    lines = []
    if not f.has(x):
        lines.append(f"The derivative of a constant is $0$.")
        return lines
    if isinstance(f, sp.Add):
        lines.append("Use the **sum rule**: differentiate term by term.")
        for t in f.as_ordered_terms():
            lines.append(f"- ${dx}\\left[{_L(t)}\\right] = {_L(_nice(_d(t, x)))}$ ({_rule_name(t, x)})")
        return lines
    if isinstance(f, sp.Mul):
        c, rest = f.as_independent(x, as_Add=False)
        if c != 1:
            lines.append(f"Use the **constant multiple rule**: ${dx}\\left[{_L(c)} \\cdot g\\right] = {_L(c)} \\cdot g'$ "
                         f"with $g = {_L(rest)}$.")
            lines += _deriv_lines(rest, x)
            return lines
        n, d = sp.fraction(f)
        if d.has(x) and n.has(x):
            un, vd = _d(n, x), _d(d, x)
            lines.append(f"Use the **quotient rule** $\\left(\\frac{{u}}{{v}}\\right)' = \\frac{{u'v - uv'}}{{v^2}}$ "
                         f"with $u = {_L(n)}$, $v = {_L(d)}$.")
            lines.append(f"Then $u' = {_L(un)}$ and $v' = {_L(vd)}$.")
            lines.append(f"So $$f' = \\frac{{\\left({_L(un)}\\right)\\left({_L(d)}\\right) - \\left({_L(n)}\\right)"
                         f"\\left({_L(vd)}\\right)}}{{\\left({_L(d)}\\right)^2}}$$")
            return lines
        factors = list(f.args)
        u = factors[0]
        v = sp.Mul(*factors[1:])
        du, dv = _d(u, x), _d(v, x)
        lines.append(f"Use the **product rule** $(uv)' = u'v + uv'$ with $u = {_L(u)}$ and $v = {_L(v)}$.")
        lines.append(f"Then $u' = {_L(_nice(du))}$ ({_rule_name(u, x)}) and $v' = {_L(_nice(dv))}$ ({_rule_name(v, x)}).")
        lines.append(f"So $$f' = \\left({_L(_nice(du))}\\right)\\left({_L(v)}\\right) + \\left({_L(u)}\\right)\\left({_L(_nice(dv))}\\right)$$")
        return lines
    if isinstance(f, sp.Pow):
        b, e = f.base, f.exp
        if not e.has(x):
            if b == x:
                lines.append(f"Use the **power rule** ${dx} x^n = n x^{{n-1}}$ with $n = {_L(e)}$: "
                             f"${dx}{_L(f)} = {_L(e)} {_L(x)}^{{{_L(e - 1)}}}$.")
            else:
                db = _d(b, x)
                lines.append(f"Use the **chain rule** with the power rule: the outer function is $u^{{{_L(e)}}}$ and the "
                             f"inner function is $u = {_L(b)}$, with $u' = {_L(_nice(db))}$.")
                lines.append(f"So $$f' = {_L(e)}\\left({_L(b)}\\right)^{{{_L(e - 1)}}} \\cdot \\left({_L(_nice(db))}\\right)$$")
            return lines
        if not b.has(x):
            de = _d(e, x)
            lines.append(f"Use the **exponential rule** ${dx} a^u = a^u \\ln a \\cdot u'$ with $a = {_L(b)}$, "
                         f"$u = {_L(e)}$" + (f" (**chain rule**, $u' = {_L(de)}$)." if e != x else "."))
            return lines
        lines.append("Use **logarithmic differentiation**: write $f = e^{g \\ln b}$ and apply the chain rule.")
        return lines
    if isinstance(f, sp.Function) and len(f.args) == 1:
        name = f.func.__name__
        u = f.args[0]
        std = _STD_DERIV.get(name)
        if u == x:
            lines.append(f"Use the standard derivative" + (f" ${std}$." if std else "."))
        else:
            du = _d(u, x)
            lines.append(f"Use the **chain rule** $\\frac{{d}}{{dx}} f(u) = f'(u) \\cdot u'$: the outer function is "
                         f"${_L(f.func(sp.Symbol('u')))}$ and the inner function is $u = {_L(u)}$"
                         + (f" (standard derivative ${std}$)" if std else "") + ".")
            lines.append(f"The inner derivative is $u' = {_L(_nice(du))}$.")
        return lines
    lines.append("Apply the differentiation rules.")
    return lines


def _derivative(f, variables) -> Solution:
    sp = _sympy()
    f = _ratify(f)
    if any(not isinstance(v, sp.Symbol) for v in variables):
        raise Unsupported("I can only differentiate with respect to a single variable.")
    if len(set(variables)) != 1:
        raise Unsupported("I can only do ordinary derivatives in one variable.")
    x = variables[0]
    n = len(variables)
    order_txt = {1: "", 2: "second ", 3: "third "}.get(n, f"{n}th ")
    prob = sp.Derivative(f, *variables)
    steps = [f"We want the {order_txt}derivative $${_L(prob)}$$"]
    cur = f
    for k in range(n):
        if n > 1:
            steps.append(f"**Derivative number {k + 1}** of ${_L(cur)}$:")
        steps += _deriv_lines(cur, x)
        raw = _d(cur, x)
        nice = _nice(raw)
        if raw != nice:
            steps.append(f"Simplify: $${_L(nice)}$$")
        else:
            steps.append(f"Result: $${_L(nice)}$$")
        cur = nice
    prime = "'" * n if n <= 3 else f"^{{({n})}}"
    if len(f.free_symbols) <= 1:
        ans = f"f{prime}({_L(x)}) = {_L(cur)}" if False else _L(cur)
    else:
        ans = _L(cur)
    return Solution("derivative", _L(prob), steps, ans, cur, {"f": f, "var": x, "order": n})


# ---------------------------------------------------------------------------------------------
# Integrals
# ---------------------------------------------------------------------------------------------


def _integral_text(s: str) -> Solution:
    sp = _sympy()
    if s.lstrip().startswith("\\int"):
        expr = _parse_latex(s)
        if not isinstance(expr, sp.Integral):
            raise Unsupported("I couldn't read that integral.")
        return _integral(expr)
    m = re.match(r"^(?:(?:the\s+)?(?:definite|indefinite)\s+)?(?:integrate|integral|antiderivative)\b\s*(?:of\b)?\s*(.*)$",
                 s, re.IGNORECASE | re.DOTALL)
    if not m:
        raise Unsupported("I couldn't read that integral.")
    body = m.group(1).strip()
    if body.startswith("\\int"):
        return _integral_text(body)
    lo = hi = None
    var = None
    pat_bounds = r"\s*,?\s*(?:from|between)\s+(.+?)\s+(?:to|and)\s+(.+?)\s*$"
    mb = re.match(r"^(?:from|between)\s+(.+?)\s+(?:to|and)\s+(.+?)\s+of\s+(.*)$", body, re.IGNORECASE | re.DOTALL)
    if mb:
        lo, hi, body = mb.group(1), mb.group(2), mb.group(3)
    m = re.search(r"\s*,?\s*(?:with respect to|wrt)\s+([A-Za-z])\b", body, re.IGNORECASE)
    if m:
        var = m.group(1)
        body = body[:m.start()] + body[m.end():]
    mb = re.search(pat_bounds, body, re.IGNORECASE | re.DOTALL)
    if mb and lo is None:
        lo, hi, body = mb.group(1), mb.group(2), body[:mb.start()]
    m = re.search(r"(?:\s|\*|\))\s*d([A-Za-z])\s*$", " " + body)
    if m:
        var = var or m.group(1)
        body = (" " + body)[:m.start() + 1].strip()
    body = body.strip()
    if not body:
        raise Unsupported("Which function should I integrate?")
    f = _ratify(_parse_any(body))
    x = _pick_var(f, var)
    if lo is not None:
        a, b = _ratify(_parse_any(lo)), _ratify(_parse_any(hi))
        if a.free_symbols or b.free_symbols:
            raise Unsupported("The limits of integration should be numbers.")
        return _integral(sp.Integral(f, (x, a, b)))
    return _integral(sp.Integral(f, x))


_RULE_TEXT = {
    "ConstantRule": "The integral of a constant $c$ is $c\\,x$",
    "PowerRule": "**Power rule** $\\int x^n\\,dx = \\frac{x^{n+1}}{n+1}$",
    "ReciprocalRule": "$\\int \\frac{1}{x}\\,dx = \\ln|x|$",
    "ExpRule": "**Exponential rule** $\\int e^x\\,dx = e^x$",
    "SinRule": "Standard integral $\\int \\sin x\\,dx = -\\cos x$",
    "CosRule": "Standard integral $\\int \\cos x\\,dx = \\sin x$",
    "SecTanRule": "Standard integral $\\int \\sec x \\tan x\\,dx = \\sec x$",
    "Sec2Rule": "Standard integral $\\int \\sec^2 x\\,dx = \\tan x$",
    "CscCotRule": "Standard integral $\\int \\csc x\\cot x\\,dx = -\\csc x$",
    "Csc2Rule": "Standard integral $\\int \\csc^2 x\\,dx = -\\cot x$",
    "ArctanRule": "Standard integral $\\int \\frac{1}{1+x^2}\\,dx = \\arctan x$",
    "ArcsinRule": "Standard integral $\\int \\frac{1}{\\sqrt{1-x^2}}\\,dx = \\arcsin x$",
    "AddRule": "**Linearity**: integrate term by term",
    "ConstantTimesRule": "Pull the constant factor out of the integral",
    "URule": "**Substitution**",
    "PartsRule": "**Integration by parts** $\\int u\\,dv = uv - \\int v\\,du$",
    "CyclicPartsRule": "**Integration by parts** twice (the integral reappears, so solve for it)",
    "RewriteRule": "Rewrite the integrand",
    "ErfRule": "This integral has no elementary antiderivative; it is expressed with the error function",
    "TrigSubstitutionRule": "**Trigonometric substitution**",
}


def _int_rule_lines(rule, x, out, depth=0, max_lines=10):
    sp = _sympy()
    from sympy.integrals.manualintegrate import AlternativeRule

    if len(out) >= max_lines or rule is None:
        return
    if isinstance(rule, AlternativeRule):
        if rule.alternatives:
            _int_rule_lines(rule.alternatives[0], x, out, depth, max_lines)
        return
    name = type(rule).__name__
    try:
        res = rule.eval()
    except Exception:
        res = None
    integrand = getattr(rule, "integrand", None)
    var = getattr(rule, "variable", x)
    desc = _RULE_TEXT.get(name, "Integrate")
    if name == "URule":
        desc = f"**Substitution** $u = {_L(rule.u_func)}$, so $du = {_L(sp.diff(rule.u_func, var))}\\,d{_L(var)}$"
    elif name == "PartsRule":
        desc = (f"**Integration by parts** $\\int u\\,dv = uv - \\int v\\,du$ with $u = {_L(rule.u)}$, "
                f"$dv = {_L(rule.dv)}\\,d{_L(var)}$")
    elif name == "RewriteRule":
        desc = f"Rewrite the integrand as ${_L(rule.rewritten)}$"
    elif name == "ConstantTimesRule":
        desc = f"Pull the constant ${_L(rule.constant)}$ out of the integral"
    ulabel = "u" if str(var).startswith("_u") else _L(var)
    if integrand is not None and res is not None and name not in ("AddRule",):
        shown_int = integrand.subs(var, sp.Symbol("u")) if ulabel == "u" else integrand
        shown_res = res.subs(var, sp.Symbol("u")) if ulabel == "u" else res
        out.append(f"{'  ' * 0}{desc}: $\\int {_L(shown_int)}\\,d{ulabel} = {_L(shown_res)}$")
    else:
        out.append(desc + ":" if name == "AddRule" else desc + ".")
    if name in ("URule",):
        pass
    for fld in dataclasses.fields(rule) if dataclasses.is_dataclass(rule) else []:
        if fld.name in ("v_step",):
            continue
        val = getattr(rule, fld.name)
        if isinstance(val, list):
            for v in val:
                if hasattr(v, "eval") and hasattr(v, "integrand"):
                    _int_rule_lines(v, x, out, depth + 1, max_lines)
        elif hasattr(val, "eval") and hasattr(val, "integrand"):
            if name == "ConstantTimesRule" and type(val).__name__ in ("PowerRule", "ConstantRule"):
                _int_rule_lines(val, x, out, depth + 1, max_lines)
            else:
                _int_rule_lines(val, x, out, depth + 1, max_lines)


def _antiderivative(f, x):
    """Return (F, step lines) for an indefinite integral."""
    sp = _sympy()
    from sympy.integrals.manualintegrate import integral_steps, manualintegrate

    lines = []
    F = None
    try:
        rule = integral_steps(f, x)
        if "DontKnowRule" not in repr(rule):
            F = manualintegrate(f, x)
            _int_rule_lines(rule, x, lines)
    except Exception:
        F = None
    if F is None or F.has(sp.Integral):
        F = sp.integrate(f, x)
        lines = ["Use SymPy's general integration algorithm (no simple textbook rule applies directly)."]
    if F.has(sp.Integral):
        raise Unsupported("I couldn't find an antiderivative for that function.")
    Fs = _nice(F)
    if sp.simplify(sp.diff(Fs, x) - f) != 0:
        Fs = F
    return Fs, lines


def _integral(I) -> Solution:
    sp = _sympy()
    f = _ratify(I.function)
    limits = I.limits
    if len(limits) != 1:
        raise Unsupported("I can only do single integrals.")
    lim = limits[0]
    x = lim[0]
    if len(lim) == 3:
        a, b = _ratify(lim[1]), _ratify(lim[2])
        return _definite(f, x, a, b)
    prob = sp.Integral(f, x)
    steps = [f"We want the antiderivative $${_L(prob)}$$"]
    F, lines = _antiderivative(f, x)
    steps += lines
    steps.append(f"Add the constant of integration: $${_L(prob)} = {_L(F)} + C$$")
    steps.append(f"Check: $\\frac{{d}}{{d{_L(x)}}}\\left({_L(F)}\\right) = {_L(_nice(sp.diff(F, x)))}$ ✓")
    return Solution("integral", _L(prob), steps, f"{_L(F)} + C", F, {"f": f, "var": x})


def _definite(f, x, a, b) -> Solution:
    sp = _sympy()
    prob = sp.Integral(f, (x, a, b))
    steps = [f"We want to evaluate $${_L(prob)}$$"]
    exact = sp.integrate(f, (x, a, b))
    if isinstance(exact, sp.Integral) or exact.has(sp.Integral):
        raise Unsupported("I couldn't evaluate that definite integral exactly.")
    if exact.has(sp.nan, sp.zoo) or exact.is_infinite:
        steps.append("The integrand is unbounded on (or near) the interval, so this is an improper integral; "
                     "the limits that define it do not converge, so the integral **diverges**.")
        ans = _L(exact) if exact.is_infinite else "\\text{diverges}"
        return Solution("definite_integral", _L(prob), steps, ans, exact if exact.is_infinite else sp.nan)
    F, lines = _antiderivative(f, x)
    steps.append(f"First find an antiderivative $F({_L(x)})$:")
    steps += lines
    steps.append(f"So $F({_L(x)}) = {_L(F)}$ (no $+C$ needed for a definite integral).")
    try:
        Fb = sp.limit(F, x, b, "-") if b.is_infinite else sp.simplify(F.subs(x, b))
        Fa = sp.limit(F, x, a, "+") if a.is_infinite else sp.simplify(F.subs(x, a))
    except Exception:
        Fb = Fa = sp.nan
    ftc = sp.simplify(Fb - Fa) if not (Fb.has(sp.nan, sp.zoo) or Fa.has(sp.nan, sp.zoo)) else sp.nan
    if a.is_infinite or b.is_infinite:
        steps.append("One of the bounds is infinite, so this is an improper integral: take limits of $F$ at the bounds.")
    steps.append(f"Apply the Fundamental Theorem of Calculus: $$\\int_{{{_L(a)}}}^{{{_L(b)}}} f\\,d{_L(x)} = F({_L(b)}) - F({_L(a)})$$")
    ok = ftc is not sp.nan and exact.is_finite and sp.simplify(ftc - exact) == 0
    if ok:
        steps.append(f"$F({_L(b)}) = {_L(Fb)}$ and $F({_L(a)}) = {_L(Fa)}$, so the integral is "
                     f"${_L(Fb)} - \\left({_L(Fa)}\\right) = {_L(exact)}$.")
    elif exact.is_infinite or exact is sp.nan:
        steps.append("The integrand blows up (or the area is unbounded), so the integral **diverges**.")
    else:
        steps.append("The integrand is not continuous on the whole interval, so the FTC must be applied piece by "
                     f"piece (with limits); doing so gives ${_L(exact)}$.")
    val = _nice(exact)
    if val.is_number and not val.is_Rational and val.is_finite:
        steps.append(f"Numerically, ${_L(val)} \\approx {sp.N(val, 8)}$.")
    return Solution("definite_integral", _L(prob), steps, _L(val), val)


# ---------------------------------------------------------------------------------------------
# Limits
# ---------------------------------------------------------------------------------------------


def _limit_text(s: str) -> Solution:
    sp = _sympy()
    if s.lstrip().startswith("\\lim"):
        expr = _parse_latex(s)
        if not isinstance(expr, sp.Limit):
            raise Unsupported("I couldn't read that limit.")
        return _limit(expr.args[0], expr.args[1], expr.args[2], _latex_dir(s))
    m = re.match(r"^(?:the\s+)?(?:limit|lim)\b\s*(?:of\b)?\s*(.*)$", s, re.IGNORECASE | re.DOTALL)
    body = m.group(1).strip()
    arrow = r"(?:->|-->|→|\\to|\\rightarrow|approaches|tends to|goes to|=>)"
    m1 = re.match(rf"^(.*?)\s*,?\s*(?:as|when|for|where)\s+([A-Za-z])\s*{arrow}\s*(.+?)\s*$", body, re.IGNORECASE | re.DOTALL)
    m2 = re.match(rf"^\(?\s*([A-Za-z])\s*{arrow}\s*([^)\s]+?)\s*\)?\s+(?:of\s+)?(.+)$", body, re.IGNORECASE | re.DOTALL)
    if m1:
        fb, var, pt = m1.group(1), m1.group(2), m1.group(3)
    elif m2:
        var, pt, fb = m2.group(1), m2.group(2), m2.group(3)
    else:
        raise Unsupported("Please write the limit like 'limit of sin(x)/x as x -> 0'.")
    direction = "+-"
    pm = re.match(r"^(.*?)\s*(\^?\s*[+-]|from the (left|right)|from (above|below))\s*$", pt, re.IGNORECASE)
    if pm and pm.group(1).strip():
        tail = pm.group(2).lower()
        if "left" in tail or "below" in tail or tail.endswith("-"):
            direction = "-"
        else:
            direction = "+"
        pt = pm.group(1)
    f = _ratify(_parse_any(fb))
    a = _ratify(_parse_any(pt.replace("infinity", "oo").replace("∞", "oo")))
    if a.free_symbols:
        raise Unsupported("The point the variable approaches should be a number.")
    return _limit(f, sp.Symbol(var), a, direction)


def _latex_dir(s: str) -> str:
    m = re.search(r"\\to\s*[^}]*?\^\s*\{?\s*([+-])", s)
    return m.group(1) if m else "+-"


def _limit(f, x, a, direction="+-") -> Solution:
    sp = _sympy()
    f = _ratify(f)
    if a.is_infinite:
        direction = "-" if a == sp.oo else "+"
    arrow = f"{_L(x)} \\to {_L(a)}" + ({"+": "^+", "-": "^-"}.get(direction, "") if not a.is_infinite else "")
    prob = f"\\lim_{{{arrow}}} {_L(f)}"
    steps = [f"We want $${prob}$$"]
    value = sp.limit(f, x, a, direction) if direction != "+-" else None
    if value is None:
        try:
            value = sp.limit(f, x, a, "+-")
        except ValueError:
            right, left = sp.limit(f, x, a, "+"), sp.limit(f, x, a, "-")
            steps.append(f"The one-sided limits differ: from the right ${_L(right)}$, from the left ${_L(left)}$, "
                         "so the two-sided limit does not exist.")
            return Solution("limit", prob, steps, "\\text{does not exist}", sp.nan)
    if value is sp.zoo or value.has(sp.zoo):
        steps.append(f"Near ${_L(x)} = {_L(a)}$ the function grows without bound, with different signs on the "
                     "two sides, so the limit does not exist (it is unbounded).")
        return Solution("limit", prob, steps, "\\text{does not exist}", sp.nan)
    n, d = sp.fraction(sp.together(f))
    direct = None
    if not a.is_infinite:
        try:
            direct = sp.simplify(f.subs(x, a))
        except Exception:
            direct = None
    if direct is not None and direct.is_finite and not direct.has(sp.nan, sp.zoo, sp.oo, -sp.oo):
        steps.append(f"The function is continuous at ${_L(x)} = {_L(a)}$, so use **direct substitution**: "
                     f"$${_L(f.subs(x, sp.UnevaluatedExpr(a)))} = {_L(direct)}$$")
        value = direct if sp.simplify(direct - value) == 0 else value
    else:
        if d.has(x):
            try:
                na, da = sp.limit(n, x, a, "+" if direction == "+-" else direction), \
                    sp.limit(d, x, a, "+" if direction == "+-" else direction)
            except Exception:
                na = da = None
            form = None
            if na == 0 and da == 0:
                form = "\\frac{0}{0}"
            elif na is not None and da is not None and na.is_infinite and da.is_infinite:
                form = "\\frac{\\infty}{\\infty}"
            if form:
                steps.append(f"Direct substitution gives the indeterminate form ${form}$.")
                known = {sp.sin(x) / x: "\\lim_{x\\to 0}\\frac{\\sin x}{x} = 1",
                         (1 - sp.cos(x)) / x: "\\lim_{x\\to 0}\\frac{1-\\cos x}{x} = 0",
                         (sp.exp(x) - 1) / x: "\\lim_{x\\to 0}\\frac{e^x - 1}{x} = 1"}
                xs = sp.Symbol("x")
                fx = f.subs(x, xs)
                if a == 0 and any(sp.simplify(fx - k) == 0 for k in known):
                    k = next(k for k in known if sp.simplify(fx - k) == 0)
                    steps.append(f"This is a standard limit: ${known[k]}$.")
                g = sp.factor(f) if f.is_rational_function(x) else None
                if g is not None and not a.is_infinite and sp.gcd(n, d).has(x):
                    c = sp.cancel(f)
                    steps.append(f"Factor and cancel the common factor: $${_L(sp.factor(n))} / {_L(sp.factor(d))} \\;\\to\\; {_L(c)}$$")
                    steps.append(f"Now substitute ${_L(x)} = {_L(a)}$: ${_L(c.subs(x, a))}$.")
                elif f.is_rational_function(x) and a.is_infinite:
                    p = sp.degree(d, x)
                    steps.append(f"Divide numerator and denominator by ${_L(x ** p)}$, the highest power in the denominator; "
                                 f"terms like $\\frac{{1}}{{{_L(x)}}}$ tend to $0$.")
                else:
                    num, den = n, d
                    for _ in range(3):
                        num, den = _nice(sp.diff(num, x)), _nice(sp.diff(den, x))
                        steps.append(f"Apply **L'Hôpital's rule** (differentiate the numerator and denominator "
                                     f"separately): $$\\lim_{{{arrow}}} \\frac{{{_L(num)}}}{{{_L(den)}}}$$")
                        try:
                            val2 = sp.simplify((num / den).subs(x, a)) if not a.is_infinite else None
                        except Exception:
                            val2 = None
                        if val2 is not None and val2.is_finite:
                            steps.append(f"Now direct substitution works: ${_L(val2)}$.")
                            break
                        if a.is_infinite:
                            break
            else:
                steps.append("Direct substitution does not give a finite number, so examine how the function behaves near the point.")
        elif a.is_infinite:
            steps.append(f"Examine the behaviour as ${_L(x)} \\to {_L(a)}$ (dominant terms).")
        else:
            steps.append("Direct substitution is not possible, so examine the behaviour near the point.")
    if value.has(sp.Limit):
        raise Unsupported("I couldn't evaluate that limit.")
    steps.append(f"Therefore $${prob} = {_L(value)}$$")
    return Solution("limit", prob, steps, _L(value), value)


# ---------------------------------------------------------------------------------------------
# Inequalities (linear and quadratic, one unknown)
# ---------------------------------------------------------------------------------------------

_REL_OPS = {"<": "Lt", "<=": "Le", ">": "Gt", ">=": "Ge"}
_FLIP = {"<": ">", "<=": ">=", ">": "<", ">=": "<="}
_INEQ_SIGN = re.compile(r"<=|>=|=<|=>|(?<!-)<|(?<!-)>|\\(?:leq?|geq?|leqslant|geqslant|lt|gt)(?![A-Za-z])")


def _has_inequality(s: str) -> bool:
    return bool(_INEQ_SIGN.search(s)) and not re.match(r"^(?:limit|lim\b|\\lim|integrat|integral|\\int)", s, re.I)


def _norm_ineq(s: str) -> str:
    s = re.sub(r"\\(?:leqslant|leq|le)(?![A-Za-z])", "<=", s)
    s = re.sub(r"\\(?:geqslant|geq|ge)(?![A-Za-z])", ">=", s)
    s = re.sub(r"\\lt(?![A-Za-z])", "<", s)
    s = re.sub(r"\\gt(?![A-Za-z])", ">", s)
    return s.replace("=<", "<=").replace("=>", ">=")


def _rel(op, a, b):
    sp = _sympy()
    return getattr(sp, _REL_OPS[op])(a, b, evaluate=False)


def _set_words(S, x) -> str:
    """'x > 2', '2 \\le x \\le 3' ... for a simple interval (LaTeX), else the set itself."""
    sp = _sympy()
    if isinstance(S, sp.Interval):
        a, b = S.start, S.end
        if a.is_infinite and b.is_infinite:
            return f"\\text{{every real }} {_L(x)}"
        if a.is_infinite:
            return _L(_rel("<" if S.right_open else "<=", x, b))
        if b.is_infinite:
            return _L(_rel(">" if S.left_open else ">=", x, a))
        lo = "<" if S.left_open else "\\le"
        hi = "<" if S.right_open else "\\le"
        return f"{_L(a)} {lo} {_L(x)} {hi} {_L(b)}"
    if S == sp.S.EmptySet:
        return "\\text{no solution}"
    if S == sp.S.Reals:
        return f"\\text{{every real }} {_L(x)}"
    if isinstance(S, sp.Union):
        return " \\text{ or } ".join(_set_words(a, x) for a in S.args)
    return _L(S)


def _ineq_set(expr, op, x):
    """Solution set (over the reals) of ``expr op 0``."""
    sp = _sympy()
    xr = sp.Dummy("xr", real=True)
    return sp.solve_univariate_inequality(getattr(sp, _REL_OPS[op])(expr.subs(x, xr), 0), xr,
                                          relational=False)


def _inequality_text(s: str) -> Solution:
    sp = _sympy()
    body = re.sub(r"^(?:solve|solution (?:of|to))\b[\s:]*", "", s.strip(), flags=re.I)
    body = re.sub(r"^(?:the\s+)?inequalit(?:y|ies)\b[\s:]*", "", body, flags=re.I)
    var = None
    m = re.search(r"\s*(?:,\s*)?\bfor\s+([A-Za-z])\s*$", body)
    if m:
        var, body = m.group(1), body[:m.start()]
    body = _norm_ineq(body).strip()
    if "=" in re.sub(r"<=|>=", "", body):
        raise Unsupported("An inequality should not also contain an '=' sign (use <= or >=).")
    parts = re.split(r"\s*(<=|>=|<|>)\s*", body)
    if len(parts) not in (3, 5) or any(not p.strip() for p in parts[::2]):
        raise Unsupported("Write the inequality like `2x + 3 > 7` or `1 < 2x + 1 <= 5`.")
    exprs = [_ratify(_parse_any(p)) for p in parts[::2]]
    ops = parts[1::2]
    syms = set()
    for e in exprs:
        if e.has(sp.Integral, sp.Limit, sp.Derivative):
            raise Unsupported("I can't solve inequalities with integrals, limits or derivatives.")
        syms |= e.free_symbols
    if var is not None:
        x = sp.Symbol(var)
        if syms - {x}:
            raise Unsupported("I can only solve inequalities in one unknown.")
    elif len(syms) == 1:
        x = next(iter(syms))
    elif not syms:
        raise Unsupported("That inequality has no unknown to solve for.")
    else:
        raise Unsupported("I can only solve inequalities in one unknown.")
    if len(exprs) == 3:
        a, b, c = exprs
        if b.free_symbols and not (a.free_symbols or c.free_symbols) and ops[0][0] == ops[1][0]:
            return _compound_inequality(a, ops[0], b, ops[1], c, x)
        raise Unsupported("For a double inequality write it like `1 < 2x + 1 <= 5` (the unknown in the middle).")
    return _inequality(exprs[0], ops[0], exprs[1], x)


def _inequality(lhs, op, rhs, x, header=True) -> Solution:
    sp = _sympy()
    problem = _L(_rel(op, lhs, rhs))
    steps = [f"We want every ${_L(x)}$ with $${problem}$$"] if header else []
    expr = sp.expand(lhs - rhs)
    deg, poly = _poly_degree(expr, x)
    if deg is None or deg > 2:
        raise Unsupported("I can only solve linear and quadratic inequalities (polynomials of degree 1 or 2).")
    S = _ineq_set(expr, op, x)
    if deg <= 1:
        steps += _linear_ineq_steps(lhs, op, rhs, x)
        kind_deg = "linear"
    else:
        steps += _quadratic_ineq_steps(expr, op, x, S)
        kind_deg = "quadratic"
    steps.append(f"Solution set: $${_set_words(S, x)}, \\quad \\text{{i.e.}} \\quad {_L(x)} \\in {_L(S)}$$")
    return Solution("inequality", problem, steps, _L(S), S,
                    {"var": x, "set": S, "inequality": (lhs, op, rhs), "degree": kind_deg})


def _linear_ineq_steps(lhs, op, rhs, x):
    sp = _sympy()
    steps = []
    L, R = sp.expand(lhs), sp.expand(rhs)
    if L != lhs or R != rhs:
        steps.append(f"Expand and simplify both sides: $${_L(_rel(op, L, R))}$$")
    aL, bL, aR, bR = L.coeff(x, 1), L.coeff(x, 0), R.coeff(x, 1), R.coeff(x, 0)
    a = aL - aR
    if aR != 0:
        steps.append(f"{_move_text(aR * x, 'left')} to collect the ${_L(x)}$-terms on the left "
                     f"(adding or subtracting the same thing keeps the sign): $${_L(_rel(op, a * x + bL, bR))}$$")
    c = bR - bL
    if bL != 0:
        steps.append(f"{_move_text(bL, 'left')}: $${_L(_rel(op, a * x, c))}$$")
    if a == 0:
        holds = bool(getattr(sp, _REL_OPS[op])(0, c))
        steps.append(f"The ${_L(x)}$-terms cancel, leaving ${_L(_rel(op, 0, c))}$, which is "
                     + ("**always true**: every real number is a solution." if holds else
                        "**false**: no number is a solution."))
        return steps
    v = sp.nsimplify(c / a)
    if a.is_negative:
        nop = _FLIP[op]
        steps.append(f"Divide both sides by ${_L(a)}$. Because we divide by a **negative** number, the "
                     f"inequality sign **flips** (${_tex_op(op)}$ becomes ${_tex_op(nop)}$): "
                     f"$${_L(_rel(nop, x, v))}$$")
    elif a != 1:
        nop = op
        steps.append(f"Divide both sides by ${_L(a)}$ (positive, so the sign stays the same): "
                     f"$${_L(_rel(op, x, v))}$$")
    else:
        nop = op
    inside = v + (1 if nop in (">", ">=") else -1)
    steps.append(f"Check with a value inside, ${_L(x)} = {_L(inside)}$: "
                 f"${_L(lhs.subs(x, inside))} {_tex_op(op)} {_L(rhs.subs(x, inside))}$ ✓; at the boundary "
                 f"${_L(x)} = {_L(v)}$ both sides equal ${_L(sp.simplify(lhs.subs(x, v)))}$, so it is "
                 + ("included." if op in ("<=", ">=") else "excluded."))
    return steps


def _tex_op(op: str) -> str:
    return {"<": "<", ">": ">", "<=": "\\le", ">=": "\\ge"}[op]


def _test_points(roots):
    """One convenient test value in each interval cut out by the sorted real ``roots``."""
    sp = _sympy()
    pts = [sp.floor(roots[0]) - 1 if sp.floor(roots[0]) != roots[0] else roots[0] - 1]
    for a, b in zip(roots, roots[1:]):
        c = sp.floor(a) + 1
        pts.append(c if c < b else (a + b) / 2)
    pts.append(sp.ceiling(roots[-1]) + 1 if sp.ceiling(roots[-1]) != roots[-1] else roots[-1] + 1)
    return pts


def _quadratic_ineq_steps(expr, op, x, S):
    sp = _sympy()
    steps = [f"Move every term to one side: $${_L(_rel(op, expr, 0))}$$"]
    a, b, c = sp.Poly(expr, x).all_coeffs()
    D = sp.simplify(b ** 2 - 4 * a * c)
    steps.append(f"Find where ${_L(expr)} = 0$: the discriminant is $\\Delta = b^2 - 4ac = {_L(D)}$.")
    if D.is_negative:
        sign = "positive" if a.is_positive else "negative"
        t = sp.Integer(0)
        steps.append(f"Since $\\Delta < 0$ there are no real roots, so the parabola never crosses the axis and "
                     f"${_L(expr)}$ has the same sign for every ${_L(x)}$. Test ${_L(x)} = 0$: the value is "
                     f"${_L(expr.subs(x, t))}$, which is {sign}.")
        return steps
    roots = sorted(set(sp.roots(sp.Poly(expr, x), filter=None).keys()), key=lambda r: float(r))
    roots = [r for r in roots if r.is_real]
    f = sp.factor(expr)
    if f != expr and all(r.is_rational for r in roots):
        steps.append(f"Factor: $${_L(f)} {_tex_op(op)} 0$$")
    else:
        steps.append("Use the quadratic formula $x = \\frac{-b \\pm \\sqrt{\\Delta}}{2a}$.")
    steps.append("The roots are " + " and ".join(f"${_L(x)} = {_L(r)}$" for r in roots)
                 + ". They split the number line into intervals; the sign of the quadratic can only change at a root.")
    pts = _test_points(roots)
    edges = [-sp.oo] + roots + [sp.oo]
    rows = []
    for (lo, hi), t in zip(zip(edges, edges[1:]), pts):
        val = expr.subs(x, t)
        ok = bool(getattr(sp, _REL_OPS[op])(val, 0))
        rows.append(f"- on $\\left({_L(lo)}, {_L(hi)}\\right)$ test ${_L(x)} = {_L(t)}$: value ${_L(val)}$ "
                    + ("✓ satisfies" if ok else "✗ fails") + f" ${_tex_op(op)} 0$")
    steps.append("Test one point in each interval:\n" + "\n".join(rows))
    steps.append("The roots themselves give $0$, so they are "
                 + ("**included** (the inequality allows equality)." if op in ("<=", ">=") else
                    "**excluded** (the inequality is strict)."))
    return steps


def _compound_inequality(a, op1, mid, op2, c, x) -> Solution:
    sp = _sympy()
    problem = f"{_L(a)} {_tex_op(op1)} {_L(mid)} {_tex_op(op2)} {_L(c)}"
    steps = [f"We want every ${_L(x)}$ with $${problem}$$",
             f"This means both ${_L(_rel(op1, a, mid))}$ **and** ${_L(_rel(op2, mid, c))}$."]
    M = sp.expand(mid)
    deg, _ = _poly_degree(M, x)
    if deg != 1:
        raise Unsupported("I can only solve double inequalities with a linear middle part.")
    k, b = M.coeff(x, 1), M.coeff(x, 0)
    if b != 0:
        steps.append(f"{_move_text(b, 'left').replace('both sides', 'all three parts')}: "
                     f"$${_L(a - b)} {_tex_op(op1)} {_L(k * x)} {_tex_op(op2)} {_L(c - b)}$$")
    lo, hi = (a - b) / k, (c - b) / k
    o1, o2 = op1, op2
    if k.is_negative:
        o1, o2 = _FLIP[op1], _FLIP[op2]
        steps.append(f"Divide all three parts by ${_L(k)}$; it is **negative**, so both inequality signs **flip**: "
                     f"$${_L(lo)} {_tex_op(o1)} {_L(x)} {_tex_op(o2)} {_L(hi)}$$")
    elif k != 1:
        steps.append(f"Divide all three parts by ${_L(k)}$ (positive, signs unchanged): "
                     f"$${_L(lo)} {_tex_op(o1)} {_L(x)} {_tex_op(o2)} {_L(hi)}$$")
    S = _ineq_set(a - M, op1, x).intersect(_ineq_set(M - c, op2, x))
    steps.append(f"Solution set: $${_set_words(S, x)}, \\quad \\text{{i.e.}} \\quad {_L(x)} \\in {_L(S)}$$")
    return Solution("inequality", problem, steps, _L(S), S,
                    {"var": x, "set": S, "inequality": (a, op1, mid, op2, c), "degree": "linear"})


# ---------------------------------------------------------------------------------------------
# Matrices: determinant and inverse (2x2, 3x3)
# ---------------------------------------------------------------------------------------------

_MAT_LATEX = re.compile(r"\\begin\{([pbBvV]?matrix)\}(.*?)\\end\{\1\}", re.DOTALL)


def _parse_matrix_text(t: str):
    """A SymPy Matrix from `[[1,2],[3,4]]` or `\\begin{pmatrix}1&2\\\\3&4\\end{pmatrix}`; None if absent."""
    sp = _sympy()
    m = _MAT_LATEX.search(t)
    if m:
        rows = [r.split("&") for r in re.split(r"\\\\", m.group(2)) if r.strip()]
    else:
        m = re.search(r"[\[(]\s*[\[(](.*)[\])]\s*[\])]", t, re.DOTALL)
        if not m:
            return None
        rows = [r.split(",") for r in re.split(r"[\])]\s*,?\s*[\[(]", m.group(1))]
    if not rows or len(rows) > 3 or len({len(r) for r in rows}) != 1:
        raise Unsupported("I can work with square 2×2 or 3×3 matrices, written like [[1,2],[3,4]].")
    vals = [[_ratify(_parse_any(cell)) for cell in r] for r in rows]
    M = sp.Matrix(vals)
    if M.shape[0] != M.shape[1] or M.shape[0] < 2:
        raise Unsupported("Determinants and inverses need a square matrix (2×2 or 3×3).")
    return M


def _try_matrix(s: str):
    t = s.strip()
    m = re.match(r"^(?:the\s+)?(determinant|det|inverse|invert)\b(?:\s+(?:matrix|of))*\s*(?:the\s+)?(?:matrix\s*)?(.*)$",
                 t, re.I | re.DOTALL)
    what = None
    if m:
        what, body = ("det" if m.group(1).lower().startswith("det") else "inv"), m.group(2)
    elif re.match(r"^\\det\b", t):
        what, body = "det", t[4:]
    elif re.fullmatch(r"\s*\\begin\{vmatrix\}.*\\end\{vmatrix\}\s*", t, re.DOTALL):
        what, body = "det", t
    elif _MAT_LATEX.search(t) and re.search(r"\^\s*\{?\s*-\s*1\s*\}?\s*$", t):
        what, body = "inv", t
    if what is None:
        return None
    A = _parse_matrix_text(body)
    if A is None:
        raise Unsupported("Write the matrix like [[1,2],[3,4]] or with \\begin{pmatrix}...\\end{pmatrix}.")
    return _determinant(A) if what == "det" else _inverse(A)


def _vm(A) -> str:
    """A matrix as |...| (determinant bars)."""
    return _L(A, mat_delim="").replace("\\begin{matrix}", "\\begin{vmatrix}").replace("\\end{matrix}", "\\end{vmatrix}")


def _p(e) -> str:
    """LaTeX of a number, parenthesised when negative (for products)."""
    t = _L(e)
    return f"\\left({t}\\right)" if (e.could_extract_minus_sign() or isinstance(e, _sympy().Add)) else t


def _det_steps(A):
    sp = _sympy()
    n = A.shape[0]
    steps = []
    if n == 2:
        a, b, c, d = A[0, 0], A[0, 1], A[1, 0], A[1, 1]
        det = sp.expand(a * d - b * c)
        steps.append(f"For a $2\\times 2$ matrix $\\begin{{vmatrix}} a & b \\\\ c & d \\end{{vmatrix}} = ad - bc$: "
                     f"$${_vm(A)} = {_p(a)} \\cdot {_p(d)} - {_p(b)} \\cdot {_p(c)} = {_L(a * d)} - {_p(b * c)} = {_L(det)}$$")
        return det, steps
    steps.append("Use **cofactor expansion** along the first row: $\\det A = a_{11}M_{11} - a_{12}M_{12} + "
                 "a_{13}M_{13}$, where $M_{1j}$ is the $2\\times 2$ minor left after deleting row 1 and column $j$.")
    terms, parts = [], []
    for j in range(3):
        minor = A.minor_submatrix(0, j)
        md = sp.expand(minor.det())
        sign = "+" if j % 2 == 0 else "-"
        steps.append(f"$M_{{1{j + 1}}} = {_vm(minor)} = {_p(minor[0, 0])} \\cdot {_p(minor[1, 1])} - "
                     f"{_p(minor[0, 1])} \\cdot {_p(minor[1, 0])} = {_L(md)}$")
        terms.append((-1) ** j * A[0, j] * md)
        parts.append(f"{sign if j else ''} {_p(A[0, j])} \\cdot {_p(md)}")
    det = sp.expand(sum(terms))
    steps.append(f"So $$\\det A = {' '.join(parts)} = {_L(det)}$$")
    return det, steps


def _determinant(A) -> Solution:
    sp = _sympy()
    problem = f"\\det {_L(A)}"
    steps = [f"We want the determinant of $$A = {_L(A)}$$"]
    det, st = _det_steps(A)
    steps += st
    if sp.simplify(det - A.det()) != 0:  # pragma: no cover - safety net
        det = sp.expand(A.det())
    if det == 0:
        steps.append("The determinant is $0$, so the matrix is **singular** (it has no inverse).")
    return Solution("determinant", problem, steps, _L(det), det, {"matrix": A})


def _inverse(A) -> Solution:
    sp = _sympy()
    n = A.shape[0]
    problem = f"{_L(A)}^{{-1}}"
    steps = [f"We want the inverse of $$A = {_L(A)}$$",
             "A matrix is invertible exactly when its determinant is not $0$; then "
             "$A^{-1} = \\frac{1}{\\det A}\\operatorname{adj}(A)$. First the determinant:"]
    det, st = _det_steps(A)
    steps += st
    if sp.simplify(det) == 0:
        steps.append("$\\det A = 0$, so $A$ is **singular**: it has **no inverse** (its rows are linearly dependent).")
        return Solution("inverse", problem, steps, "\\text{no inverse (the matrix is singular)}", None,
                        {"matrix": A, "singular": True})
    if n == 2:
        a, b, c, d = A[0, 0], A[0, 1], A[1, 0], A[1, 1]
        adj = sp.Matrix([[d, -b], [-c, a]])
        steps.append(f"For a $2\\times 2$ matrix, swap the diagonal entries and change the sign of the other two: "
                     f"$$\\operatorname{{adj}}(A) = {_L(adj)}$$")
    else:
        minors = sp.Matrix(3, 3, lambda i, j: sp.expand(A.minor_submatrix(i, j).det()))
        cof = sp.Matrix(3, 3, lambda i, j: (-1) ** (i + j) * minors[i, j])
        adj = cof.T
        steps.append(f"Matrix of minors (each entry is the determinant left after deleting its row and column): "
                     f"$${_L(minors)}$$")
        steps.append(f"Apply the checkerboard of signs $\\begin{{smallmatrix}} + & - & + \\\\ - & + & - \\\\ + & - & + "
                     f"\\end{{smallmatrix}}$ to get the cofactors: $${_L(cof)}$$")
        steps.append(f"Transpose to get the adjugate: $$\\operatorname{{adj}}(A) = {_L(adj)}$$")
    inv = (adj / det).applyfunc(sp.simplify)
    steps.append(f"Divide by $\\det A = {_L(det)}$: $$A^{{-1}} = \\frac{{1}}{{{_L(det)}}}{_L(adj)} = {_L(inv)}$$")
    prod = (A * inv).applyfunc(sp.simplify)
    steps.append(f"Check: $A A^{{-1}} = {_L(prod)} = I$ ✓")
    return Solution("inverse", problem, steps, _L(inv), inv, {"matrix": A})


# ---------------------------------------------------------------------------------------------
# Systems of three linear equations
# ---------------------------------------------------------------------------------------------


def _row_eq(row, syms):
    sp = _sympy()
    return _L(sp.Eq(sum(c * v for c, v in zip(row[:-1], syms)), row[-1], evaluate=False))


def _combine_rows(ri, rj, li, lj, k, syms):
    """Eliminate unknown number ``k`` from row ``ri`` using row ``rj``: (new row, explanation)."""
    sp = _sympy()
    ai, aj = ri[k], rj[k]
    if ai == aj:
        new, how = [p - q for p, q in zip(ri, rj)], f"subtract ({lj}) from ({li})"
    elif ai == -aj:
        new, how = [p + q for p, q in zip(ri, rj)], f"add ({li}) and ({lj})"
    elif aj == 1:
        new = [sp.expand(p - ai * q) for p, q in zip(ri, rj)]
        how = f"subtract ${_L(ai)} \\times$ ({lj}) from ({li})"
    else:
        new = [sp.expand(aj * p - ai * q) for p, q in zip(ri, rj)]
        how = f"multiply ({li}) by ${_L(aj)}$ and ({lj}) by ${_L(ai)}$, then subtract"
    g = sp.gcd_list([c for c in new if c != 0]) if any(c != 0 for c in new) else 1
    if all(c.is_Rational for c in new) and g not in (0, 1):
        new = [c / g for c in new]
        how += f" (and divide by ${_L(g)}$)"
    return new, how


def _solve_system3(eqs, syms) -> Solution:
    sp = _sympy()
    problem = "\\begin{cases} " + " \\\\ ".join(_L(sp.Eq(l, r, evaluate=False)) for l, r in eqs) + " \\end{cases}"
    rows = []
    for l, r in eqs:
        e = sp.expand(l - r)
        try:
            p = sp.Poly(e, *syms)
        except Exception:
            raise Unsupported("I can only solve systems of *linear* equations.") from None
        if p.total_degree() > 1 or any(cf.free_symbols for cf in p.coeffs()):
            raise Unsupported("I can only solve systems of *linear* equations.")
        rows.append([e.coeff(v) for v in syms] + [-e.subs({v: 0 for v in syms})])
    steps = ["Write each equation in standard form:"
             + "".join(f" $${_row_eq(r, syms)} \\quad ({i + 1})$$" for i, r in enumerate(rows))]
    A = sp.Matrix([r[:3] for r in rows])
    Ab = sp.Matrix(rows)
    data_eqs = list(eqs)
    if A.det() == 0:
        if A.rank() < Ab.rank():
            steps.append("Eliminating leads to a contradiction such as $0 = c$ with $c \\neq 0$ "
                         f"(the coefficient matrix has rank {A.rank()} but the augmented matrix rank {Ab.rank()}), "
                         "so the system has **no solution**.")
            return Solution("linear_system", problem, steps, "\\text{no solution}", [], _eq_data(data_eqs, syms, []))
        steps.append(f"The equations are dependent (the coefficient matrix has rank {A.rank()} < 3), so the system "
                     "has **infinitely many solutions**.")
        return Solution("linear_system", problem, steps, "\\text{infinitely many solutions}", [],
                        _eq_data(data_eqs, syms, None))
    x, y, z = syms
    labels = [1, 2, 3]
    piv = next(i for i in range(3) if rows[i][0] != 0)
    order = [piv] + [i for i in range(3) if i != piv]
    r1 = rows[order[0]]
    l1 = labels[order[0]]
    derived = []
    for i, lab in zip(order[1:], (4, 5)):
        ri = rows[i]
        if ri[0] == 0:
            new, how = ri, f"({labels[i]}) has no ${_L(x)}$ already, so keep it"
        else:
            new, how = _combine_rows(ri, r1, labels[i], l1, 0, syms)
        derived.append((new, lab))
        steps.append(f"Eliminate ${_L(x)}$: {how}: $${_row_eq(new, syms)} \\quad ({lab})$$")
    (r4, l4), (r5, l5) = derived
    if r4[1] == 0:
        (r4, l4), (r5, l5) = (r5, l5), (r4, l4)
    if r5[1] == 0:
        r6, how = r5, f"({l5}) has no ${_L(y)}$ already"
    else:
        r6, how = _combine_rows(r5, r4, l5, l4, 1, syms)
    steps.append(f"Now (4) and (5) involve only ${_L(y)}$ and ${_L(z)}$. Eliminate ${_L(y)}$: {how}: "
                 f"$${_row_eq(r6, syms)} \\quad (6)$$")
    zv = sp.simplify(r6[3] / r6[2])
    if r6[2] != 1:
        steps.append(f"From (6): ${_L(z)} = \\frac{{{_L(r6[3])}}}{{{_L(r6[2])}}} = {_L(zv)}$.")
    yv = sp.simplify((r4[3] - r4[2] * zv) / r4[1])
    steps.append(f"Substitute ${_L(z)} = {_L(zv)}$ into ({l4}): "
                 f"${_L(sp.Eq(r4[1] * y + r4[2] * sp.UnevaluatedExpr(zv), r4[3], evaluate=False))}$, "
                 f"so ${_L(y)} = {_L(yv)}$.")
    xv = sp.simplify((r1[3] - r1[1] * yv - r1[2] * zv) / r1[0])
    steps.append(f"Substitute both into ({l1}): "
                 f"${_L(sp.Eq(r1[0] * x + r1[1] * sp.UnevaluatedExpr(yv) + r1[2] * sp.UnevaluatedExpr(zv), r1[3], evaluate=False))}$, "
                 f"so ${_L(x)} = {_L(xv)}$.")
    sol = {x: xv, y: yv, z: zv}
    checks = ", ".join(f"${_L(sp.simplify(l.subs(sol)))} = {_L(sp.simplify(r.subs(sol)))}$" for l, r in eqs)
    steps.append(f"Check in all three original equations: {checks} ✓")
    ans = ", \\; ".join(f"{_L(v)} = {_L(sol[v])}" for v in syms)
    return Solution("linear_system", problem, steps, ans, sol, _eq_data(data_eqs, syms, [sol]))


# ---------------------------------------------------------------------------------------------
# Exponential and logarithmic equations
#
# In *equations*, plain-text `log` means the common logarithm log_10 (as on school calculators),
# `ln` is the natural logarithm, and `log(x, b)` / LaTeX `\log_b` have base b.  LaTeX `\log`
# without a base is read as base 10 by the LaTeX parser, which agrees.
# ---------------------------------------------------------------------------------------------

_LOG10 = False  # set while parsing an equation's plain text (worker only, single-threaded)
_LOG_PRINTER = None


def _log10_fn(a, b=10):
    return _sympy().log(a, b)


def _LL(e) -> str:
    """LaTeX that shows log(u)/log(b) as \\log_b(u)."""
    global _LOG_PRINTER
    sp = _sympy()
    if _LOG_PRINTER is None:
        from sympy.printing.latex import LatexPrinter

        class _P(LatexPrinter):
            def _print_Mul(self, expr):
                inv = [a for a in expr.args if a.is_Pow and a.exp == -1 and isinstance(a.base, sp.log)
                       and a.base.args[0].is_number]
                logs = [a for a in expr.args if isinstance(a, sp.log) and a.args[0].free_symbols]
                if len(inv) == 1 and len(logs) == 1:
                    rest = sp.Mul(*[a for a in expr.args if a is not inv[0] and a is not logs[0]])
                    t = (f"\\log_{{{self._print(inv[0].base.args[0])}}}"
                         f"\\left({self._print(logs[0].args[0])}\\right)")
                    if rest == 1:
                        return t
                    if rest == -1:
                        return "- " + t
                    return self._print(rest) + " " + t
                return super()._print_Mul(expr)

        _LOG_PRINTER = _P
    return _LOG_PRINTER({"ln_notation": True}).doprint(e)


def _is_exp_log(e, x) -> bool:
    sp = _sympy()
    for a in sp.preorder_traversal(e):
        if isinstance(a, sp.log) and a.has(x):
            return True
        if isinstance(a, sp.exp) and a.has(x):
            return True
        if a.is_Pow and a.exp.has(x):
            return True
    return False


def _log_base_of(term, x):
    """(k, u, b) with term == k*log(u)/log(b) (b = E for ln), or None."""
    sp = _sympy()
    c, rest = term.as_independent(x, as_Add=False)
    if not isinstance(rest, sp.log):
        return None
    u = rest.args[0]
    num, den = sp.fraction(c)
    if isinstance(den, sp.log) and den.args[0].is_number:
        return num, u, den.args[0]
    if c.has(sp.log):
        return None
    return c, u, sp.E


def _exp_log_equation(lhs, rhs, x) -> Solution:
    sp = _sympy()
    problem = _LL(sp.Eq(lhs, rhs, evaluate=False))
    steps = [f"We want to solve $${problem}$$ for ${_LL(x)}$."]
    logs = sorted({a for a in sp.preorder_traversal(lhs - rhs) if isinstance(a, sp.log) and a.has(x)}, key=str)
    domain = [sp.Gt(a.args[0], 0) for a in logs]
    if domain:
        steps.append("**Domain:** a logarithm is only defined for positive arguments, so we need "
                     + ", ".join(f"${_LL(d)}$" for d in domain) + ". Any candidate outside this domain must be "
                     "rejected at the end.")
    E = sp.expand(lhs - rhs)
    cands = None
    has_exp = any((a.is_Pow and a.exp.has(x)) or (isinstance(a, sp.exp) and a.has(x))
                  for a in sp.preorder_traversal(E))
    if logs and not has_exp:
        k0, xpart = E.as_independent(x, as_Add=True)
        C = -k0
        infos = [_log_base_of(t, x) for t in sp.Add.make_args(xpart)]
        bases = {i[2] for i in infos if i}
        if all(infos) and len(bases) == 1:
            b = bases.pop()
            bl = "\\ln" if b == sp.E else f"\\log_{{{_LL(b)}}}"
            if b == 10:
                steps.append("Here $\\log$ means the common logarithm $\\log_{10}$ (write `ln` for the natural log).")
            inner = sp.logcombine(sp.Add(*[k * sp.log(u) for k, u, _ in infos]), force=True)
            if isinstance(inner, sp.log):
                G = inner.args[0]
                if len(infos) > 1 or infos[0][0] != 1:
                    steps.append("Combine the logarithms with the log laws ($\\log u + \\log v = \\log(uv)$, "
                                 "$\\log u - \\log v = \\log\\frac{u}{v}$, $k\\log u = \\log u^k$): "
                                 f"$${bl}\\left({_LL(G)}\\right) = {_LL(C)}$$")
                elif k0 != 0:
                    steps.append(f"Isolate the logarithm: $${bl}\\left({_LL(G)}\\right) = {_LL(C)}$$")
                rhs_val = b ** C
                steps.append(f"Rewrite in exponential form (${bl} u = c \\iff u = {_LL(b)}^c$): "
                             f"$${_LL(G)} = {_LL(rhs_val)}$$")
                n, d = sp.fraction(sp.together(G - rhs_val))
                poly = sp.expand(n)
                deg, _ = _poly_degree(poly, x)
                if deg == 2:
                    steps.append(f"Multiply out and move everything to one side: $${_LL(poly)} = 0$$")
                    roots, st = _quadratic_steps(poly, sp.Integer(0), x)
                    steps += st
                    cands = roots
                elif deg == 1:
                    r, st = _linear_steps(G if d == 1 else poly, rhs_val if d == 1 else sp.Integer(0), x)
                    steps += [t for t in st if not t.startswith("Check")]
                    cands = [r]
    elif has_exp and not logs:
        k0, xpart = E.as_independent(x, as_Add=True)
        c, P = xpart.as_independent(x, as_Add=False)
        if isinstance(P, sp.exp) or (P.is_Pow and not P.base.has(x)):
            a, f = (sp.E, P.args[0]) if isinstance(P, sp.exp) else (P.base, P.exp)
            R = sp.simplify(-k0 / c)
            if k0 != 0 or c != 1:
                steps.append(f"Isolate the exponential: $${_LL(P)} = {_LL(R)}$$")
            if R.is_positive is False or R == 0:
                steps.append(f"An exponential ${_LL(a)}^{{u}}$ is always **positive**, so it can never equal ${_LL(R)}$: "
                             "there is no solution.")
                cands = []
            else:
                k = sp.nsimplify(sp.simplify(sp.log(R) / sp.log(a)))
                if k.is_rational and sp.simplify(a ** k - R) == 0 and a != sp.E:
                    steps.append(f"Write ${_LL(R)}$ as a power of ${_LL(a)}$: ${_LL(R)} = {_LL(a)}^{{{_LL(k)}}}$. "
                                 f"The bases are equal, so the exponents are equal: $${_LL(sp.Eq(f, k))}$$")
                else:
                    k = sp.log(R) if a == sp.E else sp.log(R) / sp.log(a)
                    if a == sp.E:
                        steps.append(f"Take the natural logarithm of both sides ($\\ln e^u = u$): $${_LL(sp.Eq(f, k))}$$")
                    else:
                        steps.append(f"Take the natural logarithm of both sides and use $\\ln a^u = u \\ln a$: "
                                     f"$${_LL(f)} \\cdot \\ln {_LL(a)} = \\ln {_LL(R)}$$, so $${_LL(sp.Eq(f, k))}$$")
                deg, _ = _poly_degree(sp.expand(f - k), x)
                if deg == 1:
                    r, st = _linear_steps(f, k, x)
                    steps += [t for t in st if not t.startswith("Check")]
                    cands = [sp.simplify(r)]
        elif not k0.has(x) and k0 == 0 and isinstance(xpart, sp.Add) and len(xpart.args) == 2:
            pass
    if cands is None:
        if has_exp and not logs:
            steps.append("Take the natural logarithm of both sides (where both are positive) and solve for "
                         f"${_LL(x)}$.")
        else:
            steps.append(f"Solve for ${_LL(x)}$ (SymPy's equation solver over the real numbers).")
        S = sp.solveset(E, x, sp.S.Reals)
        if not isinstance(S, sp.FiniteSet):
            raise Unsupported("I couldn't solve that exponential/logarithmic equation exactly.")
        cands = sorted(S, key=lambda r: float(sp.N(r)) if r.is_real else 0)
        if cands:
            steps.append("Candidates: " + ", ".join(f"${_LL(x)} = {_LL(r)}$" for r in cands) + ".")
    roots = []
    for r in cands:
        r = sp.nsimplify(r) if r.has(sp.Float) else r
        if r.is_real is False:
            steps.append(f"Reject ${_LL(x)} = {_LL(r)}$: it is not a real number.")
            continue
        bad = [dc for dc in domain if not bool(sp.simplify(dc.subs(x, r)))]
        if bad:
            steps.append(f"Reject ${_LL(x)} = {_LL(r)}$: the logarithm's argument ${_LL(bad[0].lhs)}$ would be "
                         f"${_LL(bad[0].lhs.subs(x, r))} \\le 0$, so the logarithm is undefined. It is an "
                         "**extraneous root** (it appeared when we combined the logarithms / removed them).")
            continue
        diff = sp.simplify((lhs - rhs).subs(x, r))
        if diff != 0 and abs(complex(sp.N(diff))) > 1e-9:
            steps.append(f"Reject ${_LL(x)} = {_LL(r)}$: it does not satisfy the original equation.")
            continue
        roots.append(r)
    if domain and roots:
        steps.append("Domain check: " + ", ".join(f"${_LL(x)} = {_LL(r)}$" for r in roots)
                     + " keeps every logarithm's argument positive ✓")
    if not roots:
        steps.append("There is no valid (real) solution.")
        return Solution("exp_log_equation", problem, steps, "\\text{no solution}", [],
                        _eq_data([(lhs, rhs)], [x], [], domain or None))
    for r in roots:
        approx = "" if r.is_Rational else f" \\approx {sp.N(r, 6)}"
        steps.append(f"Check ${_LL(x)} = {_LL(r)}{approx}$ in the original equation: the left side is "
                     f"${_LL(sp.nsimplify(sp.simplify(lhs.subs(x, r))))}$ and the right side is "
                     f"${_LL(sp.simplify(rhs.subs(x, r)))}$ ✓")
    ans = " \\text{ or } ".join(f"{_LL(x)} = {_LL(r)}" for r in roots)
    return Solution("exp_log_equation", problem, steps, ans, [{x: r} for r in roots],
                    _eq_data([(lhs, rhs)], [x], roots, domain or None))
