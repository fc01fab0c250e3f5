"""Hint mode: the next step only, never the final answer until the student asks (no Gradio).

Two sources of hints:

* **SymPy** (`sympy_plan`): the solver's own steps, minus the opening restatement and minus
  every step that states the final answer (checked with the grader); used by the offline engine
  and as the replacement when a model hint gives the answer away.
* **The model** (`Tutor.hint` in tutor/service.py): prompted with :data:`HINT_SYSTEM_PROMPT` for
  one step; every model hint goes through :func:`guard`, which replaces a hint that contains the
  SymPy-known final answer (or any ``\\boxed{}`` / "the answer is") with the SymPy step or a
  generic nudge.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tutor.math import symbolic
from tutor.math.grading import answers_equal, extract_answer, grade

__all__ = [
    "HINT_SYSTEM_PROMPT",
    "GENERIC_NUDGES",
    "HintState",
    "HintPlan",
    "sympy_plan",
    "reveals",
    "guard",
    "hint_request",
]

HINT_SYSTEM_PROMPT = (
    "You are a patient mathematics tutor. The student asked for a HINT, not a solution. "
    "Reply with ONLY the next single step the student should take (one or two sentences), "
    "building on the hints already given. Never state the final answer, never use \\boxed{}, "
    "and do not solve the whole problem."
)

GENERIC_NUDGES = [
    "Write down what is given and what you are asked to find. Which operation was applied to "
    "the unknown last? Undo that first.",
    "Simplify one side at a time, and do the same thing to both sides of an equation.",
    "Check your last line: substitute your numbers back in and see whether it still holds.",
]


@dataclass
class HintState:
    """Per-session hint progress (kept in a gr.State by the UI)."""

    problem: str = ""
    index: int = 0  # hints given so far
    hints: list[str] = field(default_factory=list)  # the hints shown, in order
    revealed: bool = False


@dataclass
class HintPlan:
    """What SymPy knows about a problem: safe hints, the answer and its full solution."""

    hints: list[str]
    answer: str | None  # LaTeX
    values: list[str]  # the answer's individual values (LaTeX), e.g. each root
    solution: str  # full solution markdown (<think> steps, then the answer)
    steps: list[str] = field(default_factory=list)


def sympy_plan(problem: str, timeout: float = 5.0) -> HintPlan | None:
    """SymPy's hints for `problem`, or None when SymPy can't solve it."""
    try:
        cleaned = symbolic.precheck(problem)
        out = symbolic.call("tutor.tutoring.hints:_plan_worker", cleaned, timeout=timeout)
    except symbolic.Unsupported:
        return None
    plan = HintPlan(
        hints=[], answer=out["answer"], values=out["values"], solution=out["solution"], steps=out["steps"]
    )
    for step in out["steps"]:
        if re.match(r"^We want\b", step):
            continue  # restates the problem
        if re.match(
            r"^(?:Check|Result|Therefore|So\b|Factored form|Simplify:|In lowest terms|"
            r"Numerically|Add the constant)",
            step,
        ):
            continue  # states (or confirms) the answer
        if reveals(step, plan):
            continue
        plan.hints.append(step)
    return plan


def _compact(s: str) -> str:
    return re.sub(r"\s+|\\[,;!]|\\left|\\right|[{}$]", "", s or "")


def reveals(text: str, plan: HintPlan | None) -> bool:
    """Does `text` give away the final answer?  (the grader, plus a literal search for the
    answer and each of its values written as ``x = v``)."""
    if not text:
        return False
    if re.search(r"\\boxed|\\fbox|\b(?:final\s+)?answer\s+is\b|\bfinal\s+answer\b|####", text, re.IGNORECASE):
        return True
    if plan is None or not plan.answer:
        return False
    if grade(text, plan.answer).correct:
        return True
    flat = _compact(text)
    if len(_compact(plan.answer)) >= 3 and _compact(plan.answer) in flat:
        return True
    for v in plan.values:
        cv = _compact(v)
        if not cv:
            continue
        if grade(text, v).correct:
            return True
        if re.search(r"(?<![\w.])[A-Za-z]=" + re.escape(cv) + r"(?![\w.])", flat):
            return True
        if len(cv) >= 4 and cv in flat:
            return True
    extracted = extract_answer(text)[0]
    return extracted is not None and any(answers_equal(extracted, v) for v in plan.values)


def guard(text: str, plan: HintPlan | None, index: int) -> tuple[str, bool]:
    """A model hint made safe: (text, replaced)."""
    if not reveals(text, plan):
        return text, False
    if plan is not None and index < len(plan.hints):
        return plan.hints[index], True
    return GENERIC_NUDGES[index % len(GENERIC_NUDGES)], True


def hint_request(problem: str, index: int) -> str:
    """The user message sent to the model for hint number `index` (0-based)."""
    which = "a first hint" if index == 0 else f"hint number {index + 1} (the next step only)"
    return f"{problem}\n\nPlease give me {which}. Don't tell me the answer."


def _plan_worker(problem: str) -> dict:  # runs in the SymPy worker
    sol = symbolic.solve_here(problem)
    sp = symbolic.sympy_module()
    values = []
    ans = sol.answer
    if isinstance(ans, dict):
        values = [sp.latex(v) for v in ans.values()]
    elif isinstance(ans, list):
        for a in ans:
            if isinstance(a, dict):
                values += [sp.latex(v) for v in a.values()]
    elif ans is not None:
        try:
            values = [sp.latex(ans)]
        except Exception:  # noqa: BLE001
            values = []
    values = [v for v in values if v] or [sol.answer_latex]
    return {
        "steps": list(sol.steps),
        "answer": sol.answer_latex,
        "values": values,
        "solution": sol.to_markdown(),
    }
