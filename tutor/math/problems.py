"""The typed results of the math core: a :class:`Solution` or a :class:`Refusal` (no SymPy
import at module level, no Gradio)."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["Solution", "Refusal"]


@dataclass
class Solution:
    """A problem SymPy solved: its kind ("linear_equation", "arithmetic", "unit_conversion", …),
    the problem as LaTeX, the worked steps (markdown with LaTeX), the answer as LaTeX and as a
    SymPy object, and what a checker needs to verify an answer (`data`: the equations, the
    integrand, …)."""

    kind: str
    problem_latex: str
    steps: list = field(default_factory=list)
    answer_latex: str = ""
    answer: object = None
    data: dict = field(default_factory=dict)

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
