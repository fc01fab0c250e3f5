"""The typed results of the math core: a :class:`Solution` or a :class:`Refusal` (no SymPy
import at module level, no Gradio)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from tutor.math.everyday_table import capabilities_text as everyday_capabilities

__all__ = [
    "CAPABILITIES",
    "Solution",
    "Refusal",
    "Unsupported",
    "Timeout",
    "CheckData",
    "EquationData",
    "FunctionData",
    "ExpressionData",
    "MatrixData",
    "SetData",
    "NumberData",
]

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
    "factorisation** and **mean / median / standard deviation** (`gcd of 12 and 18`, `mean of 2, 4, 9`), "
    "and " + everyday_capabilities() + ". "
    "Type plain text or LaTeX such as `\\int_0^1 x^2\\,dx`."
)


# ---- what a checker needs to verify an answer, one class per kind of check -----------------
# Frozen: a solution's check data is read, never edited (the fields hold SymPy objects).


@dataclass(frozen=True)
class EquationData:
    """Equations and systems: the original ``(lhs, rhs)`` equations, the unknowns, the solution
    set (values for one unknown, ``{unknown: value}`` dicts for a system, ``None`` = every value),
    the domain conditions (exp/log equations) and the unknown a system was solved "for"."""

    equations: Sequence[tuple]
    variables: Sequence
    solutions: Sequence | None
    domain: Sequence | None = None
    asked: object = None

    def __post_init__(self):
        # stored as tuples whatever the solver passed (the data is never edited)
        for name in ("equations", "variables", "solutions", "domain"):
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, tuple(value))


@dataclass(frozen=True)
class FunctionData:
    """Derivatives and indefinite integrals: the function ``f``, the variable, and how many times
    it was differentiated (1 for an integral)."""

    f: object
    var: object
    order: int = 1


@dataclass(frozen=True)
class ExpressionData:
    """Simplify / expand / factor: the expression as read."""

    expr: object


@dataclass(frozen=True)
class MatrixData:
    """Determinants and inverses: the matrix, and whether it is singular (no inverse)."""

    matrix: object
    singular: bool = False


@dataclass(frozen=True)
class SetData:
    """Inequalities: the unknown, the solution set, the inequality as read (``(lhs, op, rhs)`` or
    ``(a, op1, mid, op2, c)``) and its degree ("linear" / "quadratic")."""

    var: object
    set: object
    relation: tuple
    degree: str


@dataclass(frozen=True)
class NumberData:
    """Prime factorisation: the number factorised."""

    n: int


CheckData = EquationData | FunctionData | ExpressionData | MatrixData | SetData | NumberData


@dataclass
class Solution:
    """A problem SymPy solved: its kind ("linear_equation", "arithmetic", "unit_conversion", …),
    the problem as LaTeX, the worked steps (markdown with LaTeX), the answer as LaTeX and as a
    SymPy object, and what a checker needs to verify an answer (`check`: the equations, the
    integrand, …, one of the typed :data:`CheckData` classes; None when the answer alone is
    compared)."""

    kind: str
    problem_latex: str
    steps: list = field(default_factory=list)
    answer_latex: str = ""
    answer: object = None
    check: CheckData | None = None
    # variables the family brings in by convention, not written in the problem ("n" of an nth-term
    # formula, "x" and "y" of a line's equation): the front door's guard accepts exactly these
    introduces: tuple[str, ...] = ()

    ok = True

    def to_markdown(self) -> str:
        """The worked solution as the reply itself: the steps, then the answer."""
        from tutor.core.answers import final_answer_line  # the project's one answer convention

        body = "\n\n".join(self.steps)
        return f"{body}\n\n{final_answer_line(self.answer_latex, latex=True)}".strip()


@dataclass
class Refusal:
    """A problem the core could not type or solve; `reason` says what it could not read."""

    reason: str
    message: str = ""  # the reason followed by what the solver can do (shown to a user)

    ok = False

    def to_markdown(self) -> str:
        return self.message or self.reason


class Unsupported(ValueError):
    """Raised for input the offline solver cannot handle; ``str(exc)`` is a friendly message."""

    def __init__(self, reason: str = "I couldn't understand that problem."):
        self.reason = reason
        super().__init__(f"{reason}\n\n{CAPABILITIES}")

    def __reduce__(self):
        return (Unsupported, (self.reason,))


class Timeout(Unsupported):
    """The worker did not answer in time (it has been killed; the next call restarts it)."""

    def __reduce__(self):
        return (Timeout, (self.reason,))
