"""The one verdict vocabulary of the math core (no SymPy, no Gradio here).

Every check the app shows — the badge under a model's reply, `/solve_verified`, `/verify`,
check-my-answer — is a :class:`Verdict` whose ``status`` is one of:

* ``verified``            (✓) the final answer to the problem itself is established
  independently: substituted into the equations, differentiated back, or equal to SymPy's own
  answer to the typed problem.
* ``calculations_checked`` every arithmetic statement in the reply (``a op b = c`` on any line)
  is right; the *setup* of a word problem is not checked, so this is neutral information, never ✓.
* ``calculation_error``   the first wrong calculation, quoted with its line and the correct value
  ("line 4: 500/6 = 83.33…, not 83"). It says nothing about the problem's answer.
* ``wrong``               (✗) SymPy settled the typed problem and the final answer disagrees;
  ``expected`` holds SymPy's answer.
* ``none``                nothing can be said (no badge); ``reason`` says why.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

__all__ = [
    "STATUSES",
    "VERIFIED",
    "CALCULATIONS_CHECKED",
    "CALCULATION_ERROR",
    "WRONG",
    "NONE",
    "Verdict",
    "LABELS",
]

VERIFIED = "verified"
CALCULATIONS_CHECKED = "calculations_checked"
CALCULATION_ERROR = "calculation_error"
WRONG = "wrong"
NONE = "none"
STATUSES = (VERIFIED, CALCULATIONS_CHECKED, CALCULATION_ERROR, WRONG, NONE)

# What the UI writes in bold in front of the message (one place for the wording).
LABELS = {
    VERIFIED: "✓ verified",
    CALCULATIONS_CHECKED: "calculations checked",
    CALCULATION_ERROR: "⚠ calculation error",
    WRONG: "✗ wrong",
    NONE: "",
}


@dataclass
class Verdict:
    status: str = NONE  # one of STATUSES
    message: str = ""  # markdown with LaTeX: what was established (for the badge / the student)
    line: int | None = None  # 1-based line of the reply (or the student's work) it points at
    expected: str | None = None  # LaTeX: SymPy's answer ("wrong") or the correct value of the
    #                              calculation ("calculation_error")
    steps: list[str] = field(default_factory=list)  # SymPy's worked solution, for "wrong"
    reason: str = ""  # why there is no verdict ("none"), for logs and API callers
    kind: str = ""  # the typed problem's kind when SymPy settled it ("linear_equation", ...)
    method: str = "none"  # what decided: "sympy" | "calculations" | "reference" | "none"

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ValueError(f"unknown verdict status {self.status!r}")

    @property
    def label(self) -> str:
        return LABELS[self.status]

    @property
    def badge(self) -> str:
        """The short badge text shown under a reply ("" for no badge)."""
        if self.status == WRONG and self.expected and self.kind != "word_problem":
            # (a word problem's message already says "the problem gives 42, not 40")
            return f"✗ wrong — SymPy finds ${self.expected}$"
        return self.label

    def note(self) -> str:
        """One line for plain-text consumers (`Reply.as_text`, `/solve`); "" for no verdict."""
        if self.status == NONE:
            return ""
        if self.status == VERIFIED:
            return f"✓ verified by SymPy: {self.message}"
        if self.status == WRONG:
            head = f"✗ wrong: SymPy finds ${self.expected}$" if self.expected else "✗ wrong"
            return f"{head} ({self.message})" if self.message else head
        return f"{self.label}: {self.message}"

    def to_dict(self) -> dict:
        return asdict(self)
