"""Coordinate geometry in textbook phrasing: the slope (gradient) of the line through two points
or of a line given by its equation, the midpoint and the distance (length) between two points, the
equation of the line through two points or through a point with a given slope. Exact values.
"""

from __future__ import annotations

import re

from tutor.math.families.common import ratify
from tutor.math.families.phrases import ASK, ITEM, NUM, clean, number
from tutor.math.parse import latex, parse_any, sympy_module
from tutor.math.problems import Solution, Unsupported

_PT = r"\(\s*(" + ITEM + r")\s*,\s*(" + ITEM + r")\s*\)"
_TWO = (
    r"(?:the\s+)?(?:points?\s+)?(?:[A-Z]\s*)?"
    + _PT
    + r"\s*(?:,\s*)?(?:and|to)\s+(?:the\s+point\s+)?(?:[A-Z]\s*)?"
    + _PT
)
_LINE = r"(?:the\s+)?(?:straight\s+)?line(?:\s+segment)?"


def _pts(m, first: int):
    vals = [number(m.group(first + i)) for i in range(4)]
    if any(v is None for v in vals):
        return None
    return (vals[0], vals[1]), (vals[2], vals[3])


def _p(pt) -> str:
    return f"({latex(pt[0])}, {latex(pt[1])})"


def _line_eq(k, c):
    sp = sympy_module()
    x, y = sp.symbols("x y")
    return sp.Eq(y, sp.expand(k * x + c))


def try_geometry(text: str):
    """A coordinate-geometry question in plain phrasing, or None."""
    sp = sympy_module()
    s = clean(text)

    # midpoint
    m = re.fullmatch(
        ASK + r"(?:the\s+)?mid-?\s?point\s+(?:of|between)\s+(?:the\s+)?(?:(?:line\s+)?segment\s+)?"
        r"(?:(?:joining|connecting|from|between)\s+)?" + _TWO,
        s,
        re.I,
    )
    if m:
        pts = _pts(m, 1)
        if pts is None:
            return None
        (x1, y1), (x2, y2) = pts
        mx, my = (x1 + x2) / 2, (y1 + y2) / 2
        steps = [
            "The midpoint averages the coordinates: $M = \\left(\\frac{x_1 + x_2}{2}, \\frac{y_1 + y_2}{2}\\right)$.",
            f"$$M = \\left(\\frac{{{latex(x1)} + ({latex(x2)})}}{{2}}, \\frac{{{latex(y1)} + ({latex(y2)})}}{{2}}\\right) = ({latex(mx)}, {latex(my)})$$",
        ]
        return Solution(
            "midpoint", f"{_p(pts[0])}, {_p(pts[1])}", steps, f"({latex(mx)}, {latex(my)})", sp.Tuple(mx, my)
        )

    # distance / length
    m = re.fullmatch(
        ASK + r"(?:the\s+)?(?:distance\s+(?:between|from)|length\s+of\s+(?:the\s+)?(?:line\s+)?segment\s+"
        r"(?:joining|connecting|from|between)?)\s*" + _TWO,
        s,
        re.I,
    )
    if m:
        pts = _pts(m, 1)
        if pts is None:
            return None
        (x1, y1), (x2, y2) = pts
        dx, dy = x2 - x1, y2 - y1
        d = sp.sqrt(dx**2 + dy**2)
        steps = [
            "Use the distance formula $d = \\sqrt{(x_2 - x_1)^2 + (y_2 - y_1)^2}$:",
            f"$$d = \\sqrt{{({latex(dx)})^2 + ({latex(dy)})^2}} = \\sqrt{{{latex(dx**2 + dy**2)}}} = {latex(d)}$$",
        ]
        return Solution("distance", f"{_p(pts[0])}, {_p(pts[1])}", steps, latex(d), d)

    # slope through two points
    m = re.fullmatch(
        ASK + r"(?:the\s+)?(slope|gradient)\s+of\s+" + _LINE + r"\s+(?:that\s+)?(?:through|passing\s+through|"
        r"passes\s+through|joining|connecting|containing|between)\s+" + _TWO,
        s,
        re.I,
    )
    if m:
        pts = _pts(m, 2)
        if pts is None:
            return None
        (x1, y1), (x2, y2) = pts
        if x1 == x2:
            raise Unsupported("Those points are on a vertical line, whose slope is undefined.")
        k = (y2 - y1) / (x2 - x1)
        steps = [
            f"$$m = \\frac{{y_2 - y_1}}{{x_2 - x_1}} = \\frac{{{latex(y2)} - ({latex(y1)})}}{{{latex(x2)} - ({latex(x1)})}} = {latex(k)}$$"
        ]
        return Solution("slope", f"{_p(pts[0])}, {_p(pts[1])}", steps, latex(k), k)

    # slope / y-intercept of a line given by its equation
    m = re.fullmatch(
        ASK
        + r"(?:the\s+)?(slope|gradient|y-intercept)\s+of\s+(?:(?:the\s+)?(?:straight\s+)?(?:line|graph\s+of)\s*:?\s*)?([^()]*?=[^=]+)",
        s,
        re.I,
    )
    if m:
        l_, r_ = m.group(2).split("=")
        x, y = sp.symbols("x y")
        lhs, rhs = ratify(parse_any(l_)), ratify(parse_any(r_))
        e = sp.expand(lhs - rhs)
        if e.free_symbols - {x, y} or y not in e.free_symbols:
            return None
        try:
            p = sp.Poly(e, x, y)
        except Exception:  # noqa: BLE001
            return None
        if p.total_degree() != 1:
            return None
        ys = sp.solve(e, y)
        if len(ys) != 1:
            return None
        f = sp.expand(ys[0])
        k, c = f.coeff(x, 1), f.subs(x, 0)
        what = m.group(1).lower()
        val = c if what == "y-intercept" else k
        steps = [
            f"Rearrange into $y = mx + c$: $${latex(sp.Eq(y, f))}$$",
            f"The {'y-intercept is $c' if what == 'y-intercept' else what + ' is $m'} = {latex(val)}$.",
        ]
        return Solution("slope", latex(sp.Eq(lhs, rhs)), steps, latex(val), val)

    # equation of the line through two points
    m = re.fullmatch(
        ASK
        + r"(?:the\s+|an\s+)?equation\s+of\s+"
        + _LINE
        + r"\s+(?:that\s+)?(?:through|passing\s+through|passes\s+through|"
        r"joining|connecting|containing)\s+" + _TWO,
        s,
        re.I,
    )
    if m:
        pts = _pts(m, 1)
        if pts is None:
            return None
        (x1, y1), (x2, y2) = pts
        if (x1, y1) == (x2, y2):
            raise Unsupported("The two points are the same, so they don't fix one line.")
        if x1 == x2:
            eq = sp.Eq(sp.Symbol("x"), x1)
            steps = [f"Both points have $x = {latex(x1)}$, so the line is vertical: $x = {latex(x1)}$."]
            return Solution(
                "line_equation", f"{_p(pts[0])}, {_p(pts[1])}", steps, latex(eq), eq, introduces=("x", "y")
            )
        k = (y2 - y1) / (x2 - x1)
        c = y1 - k * x1
        eq = _line_eq(k, c)
        steps = [
            f"Slope: $m = \\frac{{{latex(y2)} - ({latex(y1)})}}{{{latex(x2)} - ({latex(x1)})}} = {latex(k)}$.",
            f"Put the point ${_p(pts[0])}$ into $y = mx + c$: ${latex(y1)} = {latex(k)} \\cdot ({latex(x1)}) + c$, so $c = {latex(c)}$.",
            f"$${latex(eq)}$$",
        ]
        return Solution(
            "line_equation", f"{_p(pts[0])}, {_p(pts[1])}", steps, latex(eq), eq, introduces=("x", "y")
        )

    # equation of the line with slope k through a point (either order)
    slope = r"(?:slope|gradient)\s+(?:of\s+)?(" + NUM + r")"
    through = (
        r"(?:that\s+)?(?:through|passing\s+through|passes\s+through|containing|which\s+passes\s+through)\s+(?:the\s+point\s+)?"
        + _PT
    )
    m = re.fullmatch(
        ASK
        + r"(?:the\s+|an\s+)?equation\s+of\s+"
        + _LINE
        + r"\s+(?:with|having|that\s+has)\s+(?:a\s+)?"
        + slope
        + r"\s+(?:and\s+)?"
        + through,
        s,
        re.I,
    )
    m2 = re.fullmatch(
        ASK
        + r"(?:the\s+|an\s+)?equation\s+of\s+"
        + _LINE
        + r"\s+"
        + through
        + r"\s+(?:and\s+)?(?:with|having|that\s+has)\s+(?:a\s+)?"
        + slope,
        s,
        re.I,
    )
    if m or m2:
        k, px, py = (number(m.group(i)) for i in (1, 2, 3)) if m else (number(m2.group(i)) for i in (3, 1, 2))
        if k is None or px is None or py is None:
            return None
        c = py - k * px
        eq = _line_eq(k, c)
        steps = [
            f"Use $y - y_1 = m(x - x_1)$ with $m = {latex(k)}$ and $({latex(px)}, {latex(py)})$: "
            f"$y - ({latex(py)}) = {latex(k)}(x - ({latex(px)}))$.",
            f"Rearrange: $${latex(eq)}$$",
        ]
        return Solution(
            "line_equation",
            f"m = {latex(k)}, ({latex(px)}, {latex(py)})",
            steps,
            latex(eq),
            eq,
            introduces=("x", "y"),
        )
    return None
