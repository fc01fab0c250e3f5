"""Check every arithmetic statement (``a op b = c``) in a reply or a student's lines.

Exact rational arithmetic (:class:`fractions.Fraction`), no SymPy and no worker process needed:
the expressions are numbers, ``+ - * / × ÷ ^`` and parentheses, read by :mod:`ast` with bounded
sizes, so a hostile reply cannot make a check run long.

A statement is a chain ``e0 = e1 = ... = en`` of such expressions inside one line (GSM8K's
calculator annotations ``<<48/2=24>>`` included). Consecutive sides must have the same value;
a side written as a decimal may be the exact value correctly rounded to the places shown (or to
any places after ``≈`` / "about"). The run-on style "3 + 4 = 7 + 2 = 9" is read as two
statements. Text around the arithmetic (words, units, ``$``) is not part of it; a side that is not
pure arithmetic ends the statement there.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from fractions import Fraction

from tutor.math.calculation_units import ambiguous_result, read_unit_left, unit_result_agrees

__all__ = ["Calculation", "CalcReport", "check_calculations", "evaluate_arithmetic", "fmt_value"]

MAX_TEXT = 20_000
MAX_STATEMENTS = 300
MAX_EXPR_CHARS = 200
MAX_POWER = 64
MAX_DIGITS = 60


@dataclass
class Calculation:
    line: int  # 1-based line number in the text
    text: str  # the statement as written ("500/6 = 83")
    left: str  # the side whose value is computed
    right: str  # the side that states it
    value: Fraction  # the left side's exact value
    ok: bool

    @property
    def correct_text(self) -> str:
        return fmt_value(self.value)


@dataclass
class CalcReport:
    calculations: list[Calculation]

    @property
    def first_error(self) -> Calculation | None:
        return next((c for c in self.calculations if not c.ok), None)

    @property
    def checked(self) -> int:
        return len(self.calculations)


class _NotArithmetic(ValueError):
    pass


def fmt_value(v: Fraction) -> str:
    """An exact value as a student reads it: 24, 83.33…, 2.5, -1/7 shown as -0.142857…"""
    if v.denominator == 1:
        return str(v.numerator)
    q = v.denominator
    for p in (2, 5):
        while q % p == 0:
            q //= p
    if q == 1:  # terminating decimal
        s = f"{v.numerator / v.denominator:.12f}".rstrip("0").rstrip(".")
        if Fraction(s) == v:
            return s
    return f"{float(v):.2f}…"


def _eval_node(node) -> Fraction:
    if isinstance(node, ast.Expression):
        return _eval_node(node.body)
    if (
        isinstance(node, ast.Constant)
        and isinstance(node.value, (int, float))
        and not isinstance(node.value, bool)
    ):
        raise _NotArithmetic("constants come from the text, not from ast")  # see _num_sub
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "N"
        and len(node.args) == 1
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, str)
    ):
        return Fraction(node.args[0].value)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        v = _eval_node(node.operand)
        return -v if isinstance(node.op, ast.USub) else v
    if isinstance(node, ast.BinOp):
        a, b = _eval_node(node.left), _eval_node(node.right)
        if isinstance(node.op, ast.Add):
            return a + b
        if isinstance(node.op, ast.Sub):
            return a - b
        if isinstance(node.op, ast.Mult):
            return a * b
        if isinstance(node.op, ast.Div):
            if b == 0:
                raise _NotArithmetic("division by zero")
            return a / b
        if isinstance(node.op, ast.Pow):
            if b.denominator != 1 or abs(b) > MAX_POWER or (a == 0 and b < 0):
                raise _NotArithmetic("power out of range")
            if len(str(a.numerator)) * abs(int(b)) > 4 * MAX_DIGITS:
                raise _NotArithmetic("too large")
            return a ** int(b)
    raise _NotArithmetic(type(node).__name__)


_NUMBER = re.compile(r"\d+(?:\.\d+)?|\.\d+")


def evaluate_arithmetic(expr: str) -> Fraction:
    """The exact value of a plain arithmetic expression; raises ValueError when it is not one."""
    s = _normalise(expr)
    if not s or len(s) > MAX_EXPR_CHARS or not re.search(r"\d", s):
        raise _NotArithmetic("empty")
    if re.search(r"[^\d.+\-*/() ]", s):
        raise _NotArithmetic("not arithmetic")
    if any(len(m.group(0)) > MAX_DIGITS or re.match(r"0\d", m.group(0)) for m in _NUMBER.finditer(s)):
        raise _NotArithmetic("too many digits")
    code = _NUMBER.sub(lambda m: f"N('{m.group(0)}')", s)
    code = re.sub(r"\)\s*(?=N\(|\()", ")*", code)  # 3(4) and (2)(3): implicit products
    try:
        tree = ast.parse(code, mode="eval")
    except SyntaxError:
        raise _NotArithmetic("syntax") from None
    return _eval_node(tree)


def _normalise(expr: str) -> str:
    s = expr.strip()
    s = s.replace("\\left", "").replace("\\right", "")
    for _ in range(3):
        s = re.sub(r"\\[dt]?frac\s*\{([^{}]*)\}\s*\{([^{}]*)\}", r"((\1)/(\2))", s)
    s = re.sub(r"\\(?:cdot|times|ast)", "*", s).replace("\\div", "/")
    s = s.replace("×", "*").replace("·", "*").replace("÷", "/").replace("−", "-").replace("–", "-")
    s = s.replace("\\$", "").replace("$", "").replace("\\%", "%").replace("{", "(").replace("}", ")")
    s = re.sub(r"\\[,;! ]", "", s)
    s = re.sub(r"(?<=\d),(?=\d{3}(?!\d))", "", s)  # 1,000
    s = re.sub(r"(?<=[\d)])\s*[xX]\s*(?=[\d(])", "*", s)  # 5 x 3
    s = re.sub(r"(?<![\d./])(\d+)\s+(\d+)/(\d+)(?![\d.])", r"(\1+\2/\3)", s)  # 1 1/2
    s = re.sub(r"(\d+(?:\.\d+)?)\s*%", r"(\1/100)", s)
    s = s.replace("^", "**").replace("**", "^")  # keep one token for power
    s = s.replace("^", "**")
    return s.strip()


def _decimals(side: str) -> int | None:
    m = re.fullmatch(r"\s*-?\d+\.(\d+)\s*", _normalise(side))
    return len(m.group(1)) if m else None


def _agrees(value: Fraction, stated: Fraction, stated_text: str, approx: bool) -> bool:
    if value == stated:
        return True
    places = _decimals(stated_text)
    if places is not None and abs(value - stated) <= Fraction(1, 2 * 10**places) + Fraction(1, 10**12):
        return True  # correctly rounded to the places shown
    if approx:
        scale = max(abs(value), Fraction(1))
        return (
            abs(value - stated) <= scale / 100
            or abs(value - stated) < 1
            and places is None
            and abs(value - stated) <= Fraction(1, 2)
        )
    return False


_ANNOTATION = re.compile(r"<<([^<>]{1,300})>>")
# an arithmetic run: numbers, operators, parentheses, LaTeX fractions/products, $ and %
_ARITH_CHARS = r"[\d.,+\-*/×÷·()\[\]{}^%$\s\\a-z]"
_APPROX = re.compile(r"≈|\\approx|\babout\b|\bapproximately\b|\broughly\b|\baround\b", re.IGNORECASE)


_OPERATOR_END = re.compile(
    r"(?:[-+*/×÷·^(=<>]|\\cdot|\\times|\\div|\bx|\bof|\btimes|\bby|\bminus|"
    r"\bplus|\bper|\d\s+and)\s*$",
    re.IGNORECASE,
)


def _parses(cand: str) -> bool:
    try:
        evaluate_arithmetic(cand)
        return True
    except (ValueError, ZeroDivisionError, OverflowError):
        return False


def _left_side(seg: str) -> str | None:
    """The arithmetic at the end of `seg`, when nothing before it belongs to the expression
    (a unit word between operands, "2 liters * 20%", makes the statement unreadable: None)."""
    cut = len(seg) > MAX_EXPR_CHARS + 40
    seg = seg[-(MAX_EXPR_CHARS + 40) :]  # a longer side is not read anyway (bounded work)
    m = re.search(r"(?:[-(]?\s*(?:\\[dt]?frac|\\left)?[\d(\[{$\\.].*)$", seg)
    if not m:
        return None
    cand = m.group(0).lstrip()
    while cand:
        if _parses(cand):
            prefix = seg[: len(seg) - len(cand)]
            if cut and not prefix.strip():
                return None  # the expression may start before the part looked at
            bare = prefix.rstrip().rstrip("$").rstrip("\\")
            if bare != prefix.rstrip() and _OPERATOR_END.search(bare):
                return None  # "$100+($100*...": a dollar sign inside a longer expression
            if prefix and not prefix[-1].isspace() and (prefix[-1].isalnum() or prefix[-1] in ".,"):
                return None  # "4:2(50+...)", "1.2Y": the expression starts earlier
            if _OPERATOR_END.search(prefix) or re.search(r"[\d)]\s*[A-Za-z]+\s*[-+*/×÷]\s*$", prefix):
                return None
            if re.match(r"[-+*/×÷]", cand) and re.search(r"(?:\d\s*[A-Za-z]+|\b[A-Za-z]|[)\]}])\s*$", prefix):
                return None  # "3y + 10 + 20 = 45": the side starts with a term in an unknown, not arithmetic
            return cand.strip()
        nxt = re.search(r"[\s(]", cand[1:])
        if not nxt:
            return None
        cand = cand[1 + nxt.start() :].lstrip()
        if cand.startswith(")"):
            return None
    return None


def _right_side(seg: str) -> str | None:
    """The arithmetic at the start of `seg`, when what follows does not continue it."""
    cut = len(seg) > MAX_EXPR_CHARS + 40
    seg = seg[: MAX_EXPR_CHARS + 40]
    m = re.match(r"\s*(-?\s*[\d(\\$.][^=]*)", seg)
    if not m:
        return None
    cand = m.group(1)
    while cand:
        if _parses(cand):
            rest = seg[seg.index(cand) + len(cand) :]
            if cut and not rest.strip():
                return None  # the expression may go on past the part looked at
            if rest and (rest[0].isalnum() or rest[0] in "(^"):
                return None  # "5A/5", "3x": not a plain number
            if re.match(r"\s*(?:[-+*/×÷^]|x\s*\d|\d)", rest):
                return None
            if re.match(r"\s*cents?\b", rest, re.IGNORECASE):
                return None  # "$1 / 2 = 50 cents": a change of unit
            return cand.strip()
        cut = cand.rstrip().rfind(" ")
        if cut <= 0:
            m2 = re.match(r"\s*(-?[\d$\\(][\d.,$]*\d%?|\d%?)", cand)
            if m2 and m2.group(1) != cand:
                cand = m2.group(1)
                continue
            return None
        cand = cand[:cut]
    return None


def _after(seg: str, right: str) -> str:
    """What follows the stated value `right` at the start of `seg` ("toys" of " 33 toys.")."""
    s = seg.lstrip()
    return s[len(right) :] if s.startswith(right) else ""


def _statements(line: str):
    """(sides as text, approx) for each chain of '=' in a line."""
    pieces = []
    for m in _ANNOTATION.finditer(line):
        pieces.append(m.group(1))
    text = _ANNOTATION.sub(" ", line)
    text = re.sub(r"\\[()\[\]]", " ", text)  # \( \) \[ \]; "$" stays (currency or math, both stripped)
    pieces.append(text)
    out = []
    for piece in pieces:
        if "=" not in piece:
            continue
        approx = bool(_APPROX.search(piece))
        piece = (
            _APPROX.sub("=", piece)
            if "=" not in piece.replace("\\approx", "")
            else piece.replace("≈", "=").replace("\\approx", "=")
        )
        parts = re.split(r"(?<![<>!=])=(?!=)", piece)
        out.append((parts, approx))
    return out


def check_calculations(text: str, max_statements: int = MAX_STATEMENTS) -> CalcReport:
    """Every arithmetic statement in `text` checked exactly (see the module docstring)."""
    text = (text or "")[:MAX_TEXT]
    calcs: list[Calculation] = []
    for n, line in enumerate(text.splitlines(), 1):
        for parts, approx in _statements(line):
            for i in range(len(parts) - 1):
                left = _left_side(parts[i]) if i == 0 else _right_side(parts[i])
                right = _right_side(parts[i + 1])
                if right is None:
                    continue
                written = None
                if left is not None and i > 0 and left.strip() != parts[i].strip().strip("$ ").strip():
                    left = None  # a middle side with words after it: not one chain
                if left is None:
                    # "60 toys / 2 = 30 toys": unit words between the operands
                    units = read_unit_left(parts[i], whole=i > 0)
                    if units is None or not unit_result_agrees(units, right, _after(parts[i + 1], right)):
                        continue
                    left, written = units.arithmetic, units.written
                if not re.search(
                    r"\d\s*\)?\s*(?:[-+*/×÷^·]|\\cdot|\\times|\\div|\\frac|x\s*\d)|"
                    r"\\frac|%",
                    left,
                ):
                    if i > 0:
                        continue
                    continue  # "x = 5" or "total = 18": nothing to compute
                try:
                    value, stated = evaluate_arithmetic(left), evaluate_arithmetic(right)
                except (ValueError, ZeroDivisionError, OverflowError):
                    continue
                ok = _agrees(value, stated, right, approx)
                if not ok and ambiguous_result(_after(parts[i + 1], right), value, stated):
                    continue  # "= 1.2 million", "= 1 hour 30 minutes": the value may mean more
                if not ok and "%" in left and re.search(r"[-+]", left.lstrip("-")):
                    continue  # "$50 - 10% = $45": a percent of the amount, not of one
                if not ok and i + 2 < len(parts) + 1:
                    # run-on chain "3 + 4 = 7 + 2 = 9": the right side starts with the value
                    head = re.match(r"\s*(-?\d[\d,]*(?:\.\d+)?)", right)
                    if (
                        head
                        and right.strip() != head.group(1)
                        and _agrees(value, evaluate_arithmetic(head.group(1)), head.group(1), approx)
                    ):
                        ok = True
                calcs.append(Calculation(n, f"{written or left} = {right}", left, right, value, ok))
                if len(calcs) >= max_statements:
                    return CalcReport(calcs)
    return CalcReport(calcs)
