"""Adaptive practice (no Gradio): which skill to practise next (the lowest mastery among the
skills the student has started or the teacher assigned) and a verified problem of that skill at
a difficulty that moves with the student's answers. Problems come from the one practice module
(`tutor.tutoring.practice`): none is shown unless the math core established its answer."""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping, Sequence

from tutor.classroom import mastery as bkt
from tutor.tutoring import practice

LEVELS = (1, 2, 3)
UP_AFTER = 2  # right answers in a row at a level before the next level
# One problem per skill and level, from which practice.similar makes a new one with other numbers
# (tests/test_classroom_selection.py checks each is read as its skill by the math core).
SEEDS: dict[str, tuple[str, str, str]] = {
    "arithmetic": ("12 + 7", "48 / 6 + 5 * 3", "3/4 - 2/5 + 1/6"),
    "percentage": ("What is 10% of 50?", "What is 15% of 80?", "What is 35% of 240?"),
    "linear_equation": ("Solve x + 5 = 12", "Solve 3x + 7 = 22", "Solve 5x - 8 = 2x + 13"),
    "quadratic_equation": ("Solve x^2 - 9 = 0", "Solve x^2 - 5x + 6 = 0", "Solve 2x^2 + 3x - 5 = 0"),
    "linear_system": (
        "Solve x + y = 10 and x - y = 2",
        "Solve 2x + 3y = 12 and x - y = 1",
        "Solve 3x + 2y = 16 and 2x - 3y = -11",
    ),
    "inequality": ("Solve 2x + 3 > 7", "Solve 3x - 4 <= 11", "Solve 5 - 2x < 3x + 20"),
    "derivative": ("derivative of x^2", "derivative of x^3 + 4x^2", "derivative of x^2 sin x"),
    "expand": ("Expand (x+2)(x+3)", "Expand (2x+3)(x-4)", "Expand (x+2)^3"),
    "simplify": ("Simplify 2x + 3x - 4", "Simplify 3(x + 2) - 2x", "Simplify 4(2x - 3) - 3(x - 5)"),
}
WORD_STEPS = {1: (1, 2), 2: (3, 3), 3: (4, 99)}  # word problems: steps per level


def level(history: Sequence[tuple[bool, int]]) -> int:
    """The difficulty for the next problem from the student's practice answers on the skill
    ((right, level it was at), in order): start at 1; `UP_AFTER` right in a row at a level goes
    up one, a wrong answer goes down one."""
    current, streak = 1, 0
    for right, _lvl in history:
        if right:
            streak += 1
            if streak >= UP_AFTER:
                current, streak = min(current + 1, LEVELS[-1]), 0
        else:
            current, streak = max(current - 1, LEVELS[0]), 0
    return current


def practicable(skill: str, last_problem: str | None = None) -> bool:
    if skill in SEEDS or skill == practice.WORD_KIND:
        return True
    return bool(last_problem) and skill != "other"  # "other": the core could not read it


def ranked_skills(
    mastery: Mapping[str, float],
    started: Iterable[str],
    assigned: Iterable[str] = (),
    last_problems: Mapping[str, str] | None = None,
) -> list[str]:
    """The started and assigned skills that a problem can be made for, lowest mastery first (an
    assigned skill not yet started counts at the prior, `p_init`); ties go to the assigned
    skill, then by name."""
    last_problems = last_problems or {}
    pool = {s for s in started if practicable(s, last_problems.get(s))}
    pool |= {s for s in assigned if practicable(s)}
    assigned = set(assigned)
    return sorted(pool, key=lambda s: (mastery.get(s, bkt.DEFAULTS.p_init), s not in assigned, s))


def next_skill(
    mastery: Mapping[str, float],
    started: Iterable[str],
    assigned: Iterable[str] = (),
    last_problems: Mapping[str, str] | None = None,
) -> str | None:
    """The skill to practise next (the first of `ranked_skills`); None: nothing started or
    assigned yet."""
    ranked = ranked_skills(mastery, started, assigned, last_problems)
    return ranked[0] if ranked else None


def make_problem(skill: str, lvl: int, last_problem: str | None = None, seed: int | None = None):
    """A verified practice problem of `skill` at level `lvl` (1-3). Raises practice.PracticeError
    with the reason when none could be made."""
    rng = random.Random(seed)
    lvl = min(max(int(lvl), LEVELS[0]), LEVELS[-1])
    if skill == practice.WORD_KIND:
        lo, hi = WORD_STEPS[lvl]
        pool = [t for t in practice.gsm8k_templates() if lo <= len(t.steps) <= hi]
        for _ in range(8):
            if not pool:
                break
            try:
                return practice.word_problem(seed=rng.randrange(2**31), template=rng.choice(pool))
            except practice.PracticeError:
                continue
        return practice.word_problem(seed=rng.randrange(2**31))
    source = SEEDS[skill][lvl - 1] if skill in SEEDS else last_problem
    if not source:
        raise practice.PracticeError(f"No practice problems can be made for {skill.replace('_', ' ')} yet.")
    p = practice.similar(source, seed=rng.randrange(2**31))
    if p.kind != skill:
        raise practice.PracticeError(f"No {skill.replace('_', ' ')} problem could be made; try again.")
    return p


def skill_of(problem: str, timeout: float = 3.0) -> str:
    """The skill a problem practises: the math core's kind; "word_problem" for prose with
    numbers it does not type; "other" otherwise."""
    import re

    from tutor.math import solve

    try:
        sol = solve(problem, timeout=timeout)
    except Exception:  # noqa: BLE001 - a slow or odd problem still gets a row
        sol = None
    kind = getattr(sol, "kind", None) if getattr(sol, "ok", False) else None
    if kind:
        return str(kind)
    if len(str(problem).split()) >= 8 and re.search(r"\d", str(problem)):
        return practice.WORD_KIND
    return "other"
