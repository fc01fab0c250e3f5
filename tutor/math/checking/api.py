"""The checks' front door in the app process: independent checks of replies with SymPy and exact
arithmetic (no Gradio here).

:func:`verify` checks a *model's* reply to a problem; :func:`check_student` checks a *student's*
answer (or worked lines). Both return a :class:`tutor.math.verdicts.Verdict` (statuses
``verified`` / ``calculations_checked`` / ``calculation_error`` / ``wrong`` / ``none``, see that
module). SymPy work runs in the solver's killable worker process (:func:`tutor.math.symbolic.call`)
with a time limit, so a check can never hang the app; the arithmetic statements are checked in
this process by :mod:`tutor.math.calculations` (exact fractions, bounded sizes).

* The problem is typed (SymPy solves it): the final answer is substituted, differentiated back
  or compared with SymPy's answer: ``verified`` or ``wrong``.
* Otherwise (a word problem, a proof): every ``a op b = c`` statement of the reply is checked:
  ``calculation_error`` on the first wrong one, ``calculations_checked`` when all are right
  (the setup is not checked, so never a ✓), ``none`` when there is nothing to check.
"""

from __future__ import annotations

import logging
import re

import tutor.math.client as symbolic  # the pool's side; `symbolic` is the name tests patch
from tutor.math.calculations import check_calculations
from tutor.math.grading import extract_answer
from tutor.math.verdicts import CALCULATION_ERROR, CALCULATIONS_CHECKED, NONE, VERIFIED, Verdict

log = logging.getLogger(__name__)

__all__ = ["verify", "verify_many", "check_student", "calculation_verdict", "DEFAULT_TIMEOUT"]

DEFAULT_TIMEOUT = 4.0
MAX_REPLY_CHARS = 20_000

_ASSIGNMENT = re.compile(r"(?<![A-Za-z\\])([A-Za-z])\s*=\s*([^=\n]+?)\s*\$?\s*[.;,]?\s*$")


def _answer_for_check(response: str) -> tuple[str | None, bool]:
    """(final answer, weak). When the reply states no answer (no boxed / "the answer is" / …),
    the grader's last resort is the last number, which for "x = \\ln 7/\\ln 10" is 10: then
    the last `v = …` statement is used instead, and the answer is *weak* — it may be verified
    but never marked wrong, since a badge that calls a right answer wrong is worse than none."""
    answer, method = extract_answer(response or "")
    if answer is None or method.endswith("last_number"):
        claim = _claim(response)
        if claim is not None:
            return claim, False
    if not method.endswith("last_number"):
        return answer, False
    for line in reversed(_tail(response).splitlines()):
        m = _ASSIGNMENT.search(line.strip())
        if m:
            return f"{m.group(1)} = {m.group(2).strip().strip('$').strip()}", True
    return answer, True


_CLAIM_NONE = re.compile(
    r"\b(?:there\s+(?:is|are)\s+no\s+(?:real\s+)?solutions?|(?:has|have)\s+no\s+(?:real\s+)?solutions?|"
    r"no\s+(?:real\s+)?solutions?\s+exists?)\b",
    re.IGNORECASE,
)
_CLAIM_ALL = re.compile(
    r"^(?:(?:the\s+)?(?:answer|solution)\s+is\s+|so\s+|x\s+(?:can\s+be|is)\s+)?(?:all|every|any)\s+real\s+numbers?\b"
    r"|\b(?:infinitely\s+many\s+solutions|every\s+(?:value|real\s+number)\s+(?:of\s+\w+\s+)?is\s+a\s+solution)\b",
    re.IGNORECASE,
)


def _claim(response: str) -> str | None:
    """A final line that says in words there is no solution, or that every value is one (the
    extractor finds no answer in "There is no real solution."): the answer it states."""
    lines = [ln.strip() for ln in _tail(response).splitlines() if ln.strip()]
    if not lines:
        return None
    last = re.split(r"(?<=[.!])\s+(?=[A-Z])", lines[-1])[-1]
    if re.search(r"(?<![\\A-Za-z])[A-Za-z]\s*=\s*-?\d", last):
        return None  # it also states a value
    if _CLAIM_NONE.search(last):
        return "no real solution"
    if _CLAIM_ALL.search(last):
        return "all real numbers"
    return None


def _tail(response: str) -> str:
    text = response or ""
    return text.rsplit("</think>", 1)[1] if "</think>" in text else text


def calculation_verdict(text: str, who: str = "reply") -> Verdict:
    """The verdict of the arithmetic statements alone (word problems, unsettled problems)."""
    report = check_calculations(text)
    bad = report.first_error
    if bad is not None:
        return Verdict(
            CALCULATION_ERROR,
            f"line {bad.line}: ${_tex(bad.left)} = {_tex(bad.correct_text)}$, not ${_tex(bad.right)}$",
            line=bad.line,
            expected=bad.correct_text,
            method="calculations",
        )
    if report.checked:
        n = report.checked
        return Verdict(
            CALCULATIONS_CHECKED,
            f"{n} calculation{'s' if n != 1 else ''} in the {who} checked, all right; "
            "the setup of the problem is not checked",
            method="calculations",
        )
    return Verdict(NONE, reason="SymPy can't settle this problem and there is no calculation to check")


def _tex(text: str) -> str:
    """Arithmetic as written, safe inside $...$ (no currency signs, % not a LaTeX comment)."""
    t = text.replace("\\$", "").replace("$", "").replace("\\%", "%").replace("%", "\\%")
    t = t.replace("**", "^").replace("*", " \\times ").replace("×", " \\times ").replace("÷", " \\div ")
    return re.sub(r"\s+", " ", t.replace("…", "\\ldots")).strip()


def _none(reason: str) -> dict:
    """The worker's "no verdict" result (made here when the worker gave none)."""
    return {"status": NONE, "check": "", "expected": None, "steps": [], "reason": reason}


def _student(status: str, message: str) -> dict:
    return {
        "status": status,
        "message": message,
        "first_wrong_line": None,
        "method": "none",
        "expected": None,
    }


def _from_worker(d: dict) -> Verdict:
    return Verdict(
        status=d["status"],
        message=d.get("check", ""),
        line=d.get("line"),
        expected=d.get("expected"),
        steps=list(d.get("steps") or []),
        reason=d.get("reason", ""),
        kind=d.get("kind", ""),
        method="sympy" if d["status"] != NONE else "none",
    )


def verify(problem: str, response: str, timeout: float = DEFAULT_TIMEOUT) -> Verdict:
    """Check `response` (a model reply) to `problem` (see the module docstring)."""
    return verify_many([(problem, response)], timeout=timeout)[0]


def verify_many(items: list[tuple[str, str]], timeout: float = 30.0) -> list[Verdict]:
    """Verify (problem, response) pairs in one trip to the worker."""
    jobs, out = [], [None] * len(items)
    for i, (problem, response) in enumerate(items):
        response = str(response or "")[:MAX_REPLY_CHARS]
        answer, weak = _answer_for_check(response)
        if answer is None or not str(answer).strip():
            out[i] = Verdict(NONE, reason="no final answer found")
            continue
        try:
            jobs.append((i, symbolic.precheck(problem), str(answer)[:2000], _tail(response)[-4000:], weak))
        except symbolic.Unsupported as exc:
            out[i] = Verdict(NONE, reason=exc.reason)
    if jobs:
        try:
            results = symbolic.call(
                "tutor.math.checking.entry:_verify_many_worker", [j[1:] for j in jobs], timeout=timeout
            )
        except symbolic.Unsupported as exc:
            results = [_none(exc.reason)] * len(jobs)
        except Exception as exc:  # noqa: BLE001 - a check must never break a reply
            log.exception("the SymPy check failed")
            results = [_none(f"the check failed ({type(exc).__name__})")] * len(jobs)
        if not isinstance(results, list) or len(results) != len(jobs):
            results = [_none("the check returned no result")] * len(jobs)
        for (i, *_), r in zip(jobs, results):
            try:
                out[i] = _from_worker(r)
            except Exception:  # noqa: BLE001
                out[i] = Verdict(NONE, reason="the check returned an unreadable result")
    unsettled = [i for i in range(len(items)) if out[i].status == NONE]
    tails = {i: _tail(str(items[i][1] or "")[:MAX_REPLY_CHARS]) for i in unsettled}
    # the equation lines only where SymPy did not solve the problem (where it did, its verdict
    # stands: a reply with no clear final answer is never marked wrong)
    open_ = [i for i in unsettled if not out[i].kind]
    found = _equation_slips([(str(items[i][0]), tails[i].splitlines()) for i in open_], timeout)
    slips = dict(zip(open_, found))
    for i in unsettled:
        slip = slips.get(i)
        calc = _with_equations(calculation_verdict(tails[i]), slip)
        if calc.status != NONE or not out[i].reason:
            out[i] = calc if calc.status != NONE else out[i]
    return out


def _equation_slips(jobs: list[tuple[str, list[str]]], timeout: float) -> list[dict | None]:
    """The first line with an unknown not implied by the lines before it, per (problem, lines)
    (:mod:`tutor.math.checking.lines`, in the worker); None where none was found or the check
    could not run."""
    if not jobs:
        return []
    try:
        got = symbolic.call("tutor.math.checking.lines:first_unimplied_many", jobs, timeout=timeout)
    except Exception:  # noqa: BLE001 - a check must never break a reply
        return [None] * len(jobs)
    return got if isinstance(got, list) and len(got) == len(jobs) else [None] * len(jobs)


def _a(word: str) -> str:
    return ("an " if word[:1] in "aeiou" else "a ") + word


def _with_equations(calc: Verdict, slip: dict | None) -> Verdict:
    """The arithmetic verdict, or the equation slip when it comes first (a line with an unknown is
    checked as an equation implied by the lines before it, never as arithmetic)."""
    if not slip or (calc.status == CALCULATION_ERROR and calc.line is not None and calc.line <= slip["line"]):
        return calc
    n, expected = slip["line"], slip["expected"]
    written = f", not ${slip['written']}$" if slip.get("written") else ""
    return Verdict(
        CALCULATION_ERROR,
        f"line {n}: ${expected}${written} — it does not follow from the equation before it "
        f"({_a(slip['slip'])} slip)",
        line=n,
        expected=slip.get("value") or expected,
        method="equations",
    )


def check_student(problem: str, work: str, timeout: float = DEFAULT_TIMEOUT) -> Verdict:
    """Check a student's final answer, or several lines of work (one step a line; the last line
    is the final answer): ``verified`` (right), ``wrong``, ``calculation_error`` (a line's
    arithmetic is off), ``calculations_checked`` or ``none``; ``message`` is for the student and
    never holds the full solution."""
    lines = [ln.strip() for ln in str(work or "").splitlines() if ln.strip()]
    if not lines:
        return Verdict(NONE, "Type your answer (or your last lines of work) first.", reason="empty answer")
    try:
        cleaned = symbolic.precheck(problem)
    except symbolic.Unsupported as exc:
        return Verdict(NONE, exc.reason, reason=exc.reason)
    try:
        out = symbolic.call(
            "tutor.math.checking.entry:_student_worker",
            cleaned,
            [ln[:500] for ln in lines[:30]],
            timeout=timeout,
        )
    except symbolic.Unsupported as exc:
        out = _student(NONE, exc.reason)
    except Exception as exc:  # noqa: BLE001 - a check must never break check-my-answer
        log.exception("the SymPy student check failed")
        out = _student(NONE, f"I couldn't check that ({type(exc).__name__}).")
    try:
        verdict = Verdict(
            status=out["status"],
            message=out["message"],
            line=out["first_wrong_line"],
            # the student sees this data (/solve_verified, MCP check_answer): SymPy's answer only
            # once theirs is right, never for a wrong or unread one
            expected=out["expected"] if out["status"] == VERIFIED else None,
            method=out["method"],
            kind=out.get("kind", ""),
            reason=out.get("reason", ""),
        )
    except Exception:  # noqa: BLE001
        verdict = Verdict(NONE, "I couldn't check that.", reason="the check returned an unreadable result")
    if verdict.status == NONE and len(lines) > 1 or verdict.status == NONE and "=" in lines[-1]:
        # the worker gives SymPy's answer when it solved the problem
        unsolved = not isinstance(out, dict) or out.get("expected") is None
        slip = _equation_slips([(str(problem), lines)], timeout)[0] if len(lines) > 1 and unsolved else None
        calc = _with_equations(calculation_verdict("\n".join(lines), who="work"), slip)
        if calc.status == CALCULATION_ERROR and calc.method == "equations":
            calc.message = (
                f"⚠ **Check line {calc.line}:** `{lines[calc.line - 1]}` does not follow from the "
                f"line before it: it should say ${slip['expected']}$ ({_a(slip['slip'])} slip). (SymPy "
                "can't settle the problem itself, so only your steps were checked.)"
            )
            return calc
        if calc.status == CALCULATION_ERROR:
            calc.message = (
                f"⚠ **Check line {calc.line}:** `{lines[calc.line - 1]}` — the arithmetic "
                f"gives ${calc.expected}$. (SymPy can't settle the problem itself, so only "
                "your calculations were checked.)"
            )
            return calc
        if calc.status == CALCULATIONS_CHECKED:
            calc.message = (
                "Your calculations are right. SymPy can't settle the problem itself, so "
                "whether the setup is right is not checked."
            )
            return calc
    return verdict
