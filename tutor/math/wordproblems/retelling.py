"""The front door for readers that retell a story and read it again ("6 of the 9 friends could not
come; each friend who came brought 2 gifts" is retold with the 3 who came). The front door
(:mod:`solution`) imports every reader, so a reader cannot import it back: the front door hands
itself over here when it loads, and a reader asks through :func:`read_retold`."""

from __future__ import annotations

from collections.abc import Callable

from tutor.math.problems import Solution, Unsupported

__all__ = ["read_retold", "set_front_door"]

_front_door: Callable[[str], Solution | None] | None = None


def set_front_door(read: Callable[[str], Solution | None]) -> None:
    """Called once by :mod:`tutor.math.wordproblems.solution` with its `try_word_problem`."""
    global _front_door
    _front_door = read


def read_retold(text: str) -> Solution | None:
    """The front door's worked solution of a retold story; None when it refuses or is not loaded."""
    if _front_door is None:
        return None
    try:
        return _front_door(text)
    except Unsupported:  # a refusal (WordProblemRefusal) of the retold story
        return None
