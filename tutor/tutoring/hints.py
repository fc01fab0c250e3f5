"""Hint mode: the next step only, never the final answer until the student asks (no Gradio).

Two sources of hints:

* **SymPy** (`sympy_plan`): the solver's own steps, minus the opening restatement and minus
  every step that states the final answer (checked with the grader); used by the offline engine
  and as the replacement when a model hint gives the answer away.
* **The model** (`Tutor.hint` in tutor/service.py): prompted with :data:`HINT_SYSTEM_PROMPT` for
  one step. While it streams, :func:`stream_view` checks every piece before it is shown (and
  holds back a number still arriving); the finished hint goes through :func:`guard`, which
  replaces a hint that gives the SymPy-known final answer away (the one answer-leak detector,
  `tutor.tutoring.leaks`, the same one Evaluate's hint answer-leak rate uses) or announces a
  final answer of its own, with the SymPy step or a generic nudge.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tutor.math import symbolic
from tutor.math.grading import grade
from tutor.tutoring.leaks import announces_an_answer, answer_leak

__all__ = [
    "HINT_SYSTEM_PROMPT",
    "GENERIC_NUDGES",
    "HintState",
    "HintPlan",
    "sympy_plan",
    "reveals",
    "guard",
    "stream_view",
    "replacement",
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
    problem: str = ""  # as SymPy read it: its own numbers are not a leak when a hint repeats them


def sympy_plan(problem: str, timeout: float = 5.0) -> HintPlan | None:
    """SymPy's hints for `problem`, or None when SymPy can't solve it."""
    try:
        cleaned = symbolic.precheck(problem)
        out = symbolic.call("tutor.tutoring.hints:_plan_worker", cleaned, timeout=timeout)
    except symbolic.Unsupported:
        return None
    plan = HintPlan(
        hints=[],
        answer=out["answer"],
        values=out["values"],
        solution=out["solution"],
        steps=out["steps"],
        problem=cleaned,
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
        if reveals(step, plan) or any(grade(step, a).correct for a in [plan.answer, *plan.values] if a):
            continue  # SymPy's own steps also go when any grader rule reads the answer in them
        plan.hints.append(step)
    return plan


def reveals(text: str, plan: HintPlan | None, *, quick: bool = False) -> bool:
    """Would showing `text` as a hint give the final answer away?  It states SymPy's answer or one
    of its values (:func:`tutor.tutoring.leaks.answer_leak`, the one detector), or it announces
    a final answer of its own, right or wrong ("the answer is 7", ``\\boxed{7}``): a hint states
    none. "The answer is" with no value after it states nothing. `quick`: the detector's cheap
    rules only (for every streamed piece; the finished hint gets the whole detector)."""
    if not text:
        return False
    if announces_an_answer(text):
        return True
    if plan is None or not plan.answer:
        return False
    return answer_leak(text, [plan.answer, *plan.values], plan.problem, quick=quick)


def stream_view(text: str, plan: HintPlan | None) -> str | None:
    """What of a hint still streaming may be on screen: None when the text so far gives the answer
    away, else the text up to its last complete word (a number still arriving, the "1" of "12",
    is held back until the piece after it shows where it ends)."""
    if reveals(text, plan, quick=True):
        return None
    cut = max(text.rfind(" "), text.rfind("\n"))
    return text[: cut + 1] if cut >= 0 else ""


def replacement(plan: HintPlan | None, index: int) -> str:
    """The hint shown instead of a model hint that gave the answer away: SymPy's step, or a nudge."""
    if plan is not None and index < len(plan.hints):
        return plan.hints[index]
    return GENERIC_NUDGES[index % len(GENERIC_NUDGES)]


def guard(text: str, plan: HintPlan | None, index: int) -> tuple[str, bool]:
    """A finished model hint made safe: (text, replaced)."""
    if not reveals(text, plan):
        return text, False
    return replacement(plan, index), True


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
