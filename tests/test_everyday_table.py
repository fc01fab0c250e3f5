"""The everyday phrasings as a table (issue 24): every row's handler exists, no two rows of one
priority match one input (overlaps are found here, not by a user), every example is read by its
own row, and the solver's capabilities text is made from the table."""

from __future__ import annotations

import importlib

import pytest

from tutor.math.everyday_common import question_body
from tutor.math.everyday_table import TABLE, Phrasing, capabilities_text, compiled, ordered, overlaps
from tutor.math.problems import CAPABILITIES

EXAMPLES = [(p.name, e) for p in TABLE for e in p.examples]


def _views(example: str) -> tuple[str, str]:
    text = " ".join(example.split())
    return text, question_body(text)


def test_every_row_names_a_handler_that_exists_and_has_an_example():
    for row in TABLE:
        module, _, function = row.handler.partition(":")
        assert callable(getattr(importlib.import_module(module), function)), row.name
        assert row.examples, f"{row.name} has no example"
        assert row.on in ("text", "body")


@pytest.mark.parametrize("name, example", EXAMPLES)
def test_no_two_rows_of_one_priority_match_one_input(name, example):
    assert overlaps(*_views(example)) == []


def test_the_overlap_finder_finds_an_overlap():
    # two rows of one priority that both read "Is 7 prime?": the finder must name them
    twin = Phrasing("prime again", 40, "tutor.math.everyday_numbers:prime", (r"is\s+(\d+)\s+prime\s*\??",))
    import tutor.math.everyday_table as table

    original = table.TABLE
    table.TABLE = original + (twin,)
    try:
        assert ("prime", "prime again", 40) in overlaps(*_views("Is 7 prime?"))
    finally:
        table.TABLE = original


@pytest.mark.parametrize("name, example", [(n, e) for n, e in EXAMPLES])
def test_each_pattern_rows_examples_match_its_own_patterns(name, example):
    row = next(p for p in TABLE if p.name == name)
    if not row.patterns:
        return  # a reader: it knows its own phrasings
    text, body = _views(example)
    view = body if row.on == "body" else text
    assert any(compiled(p).fullmatch(view) for p in row.patterns), (name, example)


def test_the_loop_runs_rows_by_priority():
    priorities = [p.priority for p in ordered()]
    assert priorities == sorted(priorities)


def test_the_capabilities_text_is_made_from_the_table():
    shown = [p.examples[0] for p in TABLE if p.shown]
    assert len(shown) >= 8
    assert capabilities_text() in CAPABILITIES
    for example in shown:
        assert f"`{example}`" in CAPABILITIES


@pytest.mark.parametrize("example", [p.examples[0] for p in TABLE if p.shown])
def test_the_examples_the_capabilities_text_shows_are_solved(example):
    from tutor.math import solve
    from tutor.math.problems import Solution

    assert isinstance(solve(example), Solution), example
