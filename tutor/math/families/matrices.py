"""Matrices: determinants (2×2 rule, cofactor expansion) and inverses (adjugate over the
determinant) of 2×2 and 3×3 matrices.
"""

from __future__ import annotations

import re

from tutor.math.families.common import ratify
from tutor.math.parse import latex, parse_any, sympy_module
from tutor.math.problems import MatrixData, Solution, Unsupported

_MAT_LATEX = re.compile(r"\\begin\{([pbBvV]?matrix)\}(.*?)\\end\{\1\}", re.DOTALL)


def _parse_matrix_text(t: str):
    """A SymPy Matrix from `[[1,2],[3,4]]` or `\\begin{pmatrix}1&2\\\\3&4\\end{pmatrix}`; None if absent."""
    sp = sympy_module()
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
    vals = [[ratify(parse_any(cell)) for cell in r] for r in rows]
    M = sp.Matrix(vals)
    if M.shape[0] != M.shape[1] or M.shape[0] < 2:
        raise Unsupported("Determinants and inverses need a square matrix (2×2 or 3×3).")
    return M


def try_matrix(s: str):
    """The determinant or inverse of a 2×2 / 3×3 matrix in ``s``, or None when it asks neither."""
    t = s.strip()
    m = re.match(
        r"^(?:the\s+)?(determinant|det|inverse|invert)\b(?:\s+(?:matrix|of))*\s*(?:the\s+)?(?:matrix\s*)?(.*)$",
        t,
        re.I | re.DOTALL,
    )
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
    return (
        latex(A, mat_delim="")
        .replace("\\begin{matrix}", "\\begin{vmatrix}")
        .replace("\\end{matrix}", "\\end{vmatrix}")
    )


def _paren_latex(e) -> str:
    """LaTeX of a number, parenthesised when negative (for products)."""
    t = latex(e)
    return f"\\left({t}\\right)" if (e.could_extract_minus_sign() or isinstance(e, sympy_module().Add)) else t


def _det_steps(A):
    sp = sympy_module()
    n = A.shape[0]
    steps = []
    if n == 2:
        a, b, c, d = A[0, 0], A[0, 1], A[1, 0], A[1, 1]
        det = sp.expand(a * d - b * c)
        steps.append(
            f"For a $2\\times 2$ matrix $\\begin{{vmatrix}} a & b \\\\ c & d \\end{{vmatrix}} = ad - bc$: "
            f"$${_vm(A)} = {_paren_latex(a)} \\cdot {_paren_latex(d)} - {_paren_latex(b)} \\cdot {_paren_latex(c)} = {latex(a * d)} - {_paren_latex(b * c)} = {latex(det)}$$"
        )
        return det, steps
    steps.append(
        "Use **cofactor expansion** along the first row: $\\det A = a_{11}M_{11} - a_{12}M_{12} + "
        "a_{13}M_{13}$, where $M_{1j}$ is the $2\\times 2$ minor left after deleting row 1 and column $j$."
    )
    terms, parts = [], []
    for j in range(3):
        minor = A.minor_submatrix(0, j)
        md = sp.expand(minor.det())
        sign = "+" if j % 2 == 0 else "-"
        steps.append(
            f"$M_{{1{j + 1}}} = {_vm(minor)} = {_paren_latex(minor[0, 0])} \\cdot {_paren_latex(minor[1, 1])} - "
            f"{_paren_latex(minor[0, 1])} \\cdot {_paren_latex(minor[1, 0])} = {latex(md)}$"
        )
        terms.append((-1) ** j * A[0, j] * md)
        parts.append(f"{sign if j else ''} {_paren_latex(A[0, j])} \\cdot {_paren_latex(md)}")
    det = sp.expand(sum(terms))
    steps.append(f"So $$\\det A = {' '.join(parts)} = {latex(det)}$$")
    return det, steps


def _determinant(A) -> Solution:
    sp = sympy_module()
    problem = f"\\det {latex(A)}"
    steps = [f"We want the determinant of $$A = {latex(A)}$$"]
    det, st = _det_steps(A)
    steps += st
    if sp.simplify(det - A.det()) != 0:  # pragma: no cover - safety net
        det = sp.expand(A.det())
    if det == 0:
        steps.append("The determinant is $0$, so the matrix is **singular** (it has no inverse).")
    return Solution("determinant", problem, steps, latex(det), det, MatrixData(A))


def _inverse(A) -> Solution:
    sp = sympy_module()
    n = A.shape[0]
    problem = f"{latex(A)}^{{-1}}"
    steps = [
        f"We want the inverse of $$A = {latex(A)}$$",
        "A matrix is invertible exactly when its determinant is not $0$; then "
        "$A^{-1} = \\frac{1}{\\det A}\\operatorname{adj}(A)$. First the determinant:",
    ]
    det, st = _det_steps(A)
    steps += st
    if sp.simplify(det) == 0:
        steps.append(
            "$\\det A = 0$, so $A$ is **singular**: it has **no inverse** (its rows are linearly dependent)."
        )
        return Solution(
            "inverse",
            problem,
            steps,
            "\\text{no inverse (the matrix is singular)}",
            None,
            MatrixData(A, singular=True),
        )
    if n == 2:
        a, b, c, d = A[0, 0], A[0, 1], A[1, 0], A[1, 1]
        adj = sp.Matrix([[d, -b], [-c, a]])
        steps.append(
            f"For a $2\\times 2$ matrix, swap the diagonal entries and change the sign of the other two: "
            f"$$\\operatorname{{adj}}(A) = {latex(adj)}$$"
        )
    else:
        minors = sp.Matrix(3, 3, lambda i, j: sp.expand(A.minor_submatrix(i, j).det()))
        cof = sp.Matrix(3, 3, lambda i, j: (-1) ** (i + j) * minors[i, j])
        adj = cof.T
        steps.append(
            f"Matrix of minors (each entry is the determinant left after deleting its row and column): "
            f"$${latex(minors)}$$"
        )
        steps.append(
            f"Apply the checkerboard of signs $\\begin{{smallmatrix}} + & - & + \\\\ - & + & - \\\\ + & - & + "
            f"\\end{{smallmatrix}}$ to get the cofactors: $${latex(cof)}$$"
        )
        steps.append(f"Transpose to get the adjugate: $$\\operatorname{{adj}}(A) = {latex(adj)}$$")
    inv = (adj / det).applyfunc(sp.simplify)
    steps.append(
        f"Divide by $\\det A = {latex(det)}$: $$A^{{-1}} = \\frac{{1}}{{{latex(det)}}}{latex(adj)} = {latex(inv)}$$"
    )
    prod = (A * inv).applyfunc(sp.simplify)
    steps.append(f"Check: $A A^{{-1}} = {latex(prod)} = I$ ✓")
    return Solution("inverse", problem, steps, latex(inv), inv, MatrixData(A))
