# ruff: noqa: E501  (regular expressions, one a line)
"""Speeds for the multi-step reader (:mod:`chain_clauses`): "Tom swims for 2 hours at a speed of 2
miles per hour", "She drives at 60 mph for 3 hours", "A fox can run at 50 kilometers per hour" are
a distance done per hour (distance = speed x time): the clause is rewritten as the rate the reader
already reads ("Tom swims 2 miles per hour for 2 hours"), its numerals kept as written."""

from __future__ import annotations

import re

from tutor.math.wordproblems.chain_words import NUM

__all__ = ["speed_form", "MOTION"]

# verbs of moving: only these take a speed
MOTION = "run|runs|ran|walk|walks|walked|swim|swims|swam|drive|drives|drove|ride|rides|rode|bike|bikes|biked|travel|travels|traveled|travelled|hike|hikes|hiked|fly|flies|flew|jog|jogs|jogged|sail|sails|sailed|row|rows|rowed|skate|skates|skated|cycle|cycles|cycled"
_UNITS = {"mph": ("miles", "hour"), "km/h": ("kilometers", "hour"), "kph": ("kilometers", "hour"),
          "km/hr": ("kilometers", "hour"), "kmph": ("kilometers", "hour")}  # fmt: skip
_DIST = r"miles?|kilometers?|meters?|feet|foot|yards?"
_TIME = r"hours|minutes|seconds|hour|minute|second"
_SPEED = re.compile(
    rf"^(?P<pre>.*?\b(?:{MOTION}))(?:\s(?:for|in)\s(?P<t>{NUM})\s(?P<tu>{_TIME}))?\s(?:at|with)\s(?:(?:a|an|the|his|her|their|its)\s(?:(?:top|average|constant|steady|maximum|usual|normal)\s)?(?:speed|rate|pace)\sof\s)?(?P<s>{NUM})\s(?:(?P<u>{_DIST})\s(?:per|an|a|each|every)\s(?P<per>hour|minute|second)|(?P<abbr>mph|km/h|kph|km/hr|kmph))(?:\s(?:for|in)\s(?P<t2>{NUM})\s(?P<tu2>{_TIME}))?$"
)


def speed_form(t: str) -> str:
    """A clause with a speed as the rate the reader reads ("Tom swims 2 miles per hour for 2
    hours"); any other clause unchanged. Both times given is left as written; a time in another unit than the
    speed's is read with the clock's 60s (30 minutes at 60 miles per hour are 30 miles)."""
    m = _SPEED.match(t)
    if not m or (m.group("t") and m.group("t2")):
        return t
    unit, per = _UNITS[m.group("abbr")] if m.group("abbr") else (m.group("u"), m.group("per"))
    out = f"{m.group('pre')} {m.group('s')} {unit} per {per}"
    time, tu = (m.group("t"), m.group("tu")) if m.group("t") else (m.group("t2"), m.group("tu2"))
    if time:  # in another unit of the clock than the speed's: converted where it is read
        out += f" for {time} {tu}"
    return out
