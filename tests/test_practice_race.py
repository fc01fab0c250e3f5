"""The practice race (the last stop's "noticed and left alone"): "Try a similar problem" pressed while
the Tutor's reply is still streaming or being checked must find the problem, not say "Solve a
problem first". The Send event is stepped by hand through Gradio's own `process_api` (one snapshot
at a time, in one session's state), so the order is fixed and nothing depends on timing: after the
reply's first snapshot, before the event ends, practice is asked for a similar problem."""

from __future__ import annotations

import asyncio

import pytest
from gradio.state_holder import SessionState

PROBLEM = "Solve 3x + 7 = 22"


@pytest.fixture(scope="module")
def demo():
    from tutor.engine.startup import create_engine
    from tutor.settings import parse_args
    from tutor.ui.app import AppContext, build_demo

    config = parse_args(["--engine", "symbolic"])
    built = build_demo(AppContext(config, create_engine(config)))
    built.queue()
    return built


def _event(demo, api_name: str, elem_id: str):
    """The event named `api_name` (its handler's name) that writes the component `elem_id`."""
    (fn,) = [
        f
        for f in demo.fns.values()
        if f.api_name == api_name and any(getattr(o, "elem_id", None) == elem_id for o in f.outputs)
    ]
    return fn


def _inputs(fn, **by_elem_id) -> list:
    """The event's raw input data: each component's default, or the value given by its elem_id."""
    return [by_elem_id.get(getattr(c, "elem_id", None), c.value) for c in fn.inputs]


def _text(value) -> str:
    return str(value.get("value", "") if isinstance(value, dict) else value)


def test_practice_finds_the_problem_while_its_reply_is_still_running(demo):
    send = _event(demo, "routed", "tutor-chat")  # the Send button / Enter (routed through the photo panel)
    make = _event(demo, "make", "practice-problem")  # "Try a similar problem"
    loop = asyncio.new_event_loop()
    state = SessionState(demo)
    try:
        data = _inputs(send, **{"tutor-input": {"text": PROBLEM, "files": []}})
        out = loop.run_until_complete(demo.process_api(send, data, state=state, session_hash="race"))
        snapshots = 0
        while out["is_generating"]:
            chat = out["data"][0]
            if isinstance(chat, list) and len(chat) >= 2:  # the reply has started
                snapshots += 1
                break
            out = loop.run_until_complete(
                demo.process_api(send, data, state=state, session_hash="race", iterator=out["iterator"])
            )
        assert snapshots == 1 and out["is_generating"], "the Send event ended before its reply streamed"
        # pressed now, while the reply is still running: practice sees the problem
        shown = loop.run_until_complete(
            demo.process_api(make, _inputs(make), state=state, session_hash="race")
        )["data"]
        assert "Practice" in _text(shown[1]) and "first" not in _text(shown[1]), shown
        # the event then ends as before: the model's history holds the problem and the whole reply
        while out["is_generating"]:
            out = loop.run_until_complete(
                demo.process_api(send, data, state=state, session_hash="race", iterator=out["iterator"])
            )
    finally:
        loop.close()
    raw_id = send.outputs[1]._id
    raw = state[raw_id].value if hasattr(state[raw_id], "value") else state[raw_id]
    assert [t["role"] for t in raw] == ["user", "assistant"] and raw[0]["content"] == PROBLEM, raw
    assert "x = 5" in raw[1]["content"].replace(" ", " "), raw
