"""Why the multi-step reader (:mod:`chains`) refuses a story: the first sentence, clause or number
it could not read, or why the equations it read did not settle the answer. A developer's tool for
grouping refusals by the shape of what was not read (never used to answer)."""

from __future__ import annotations

from tutor.math.wordproblems.chain_story import Unread
from tutor.math.wordproblems.chains import _GATE, _solve, read_story

__all__ = ["why_refused", "unread_pieces"]


def why_refused(text: str) -> str | None:
    """None when the chain reader answers `text`; else what stopped it, in words."""
    if not _GATE.search(text):
        return "gate: no 'how many/much/old/long/far' question"
    try:
        story, asked = read_story(text)
    except Unread as e:
        return f"unread: {e}"
    if _solve(story, asked) is None:
        return "not settled: the equations read do not give one value from every number"
    return None


def unread_pieces(text: str) -> list[str]:
    """Every story sentence's first unread piece (each such sentence passed over, the rest read
    on), then the question's if it is unread: how far a story is from being read."""
    pieces: list[str] = []
    try:
        read_story(text, pieces)
    except Unread as e:
        pieces.append(f"question/end: {e}")
    return pieces
