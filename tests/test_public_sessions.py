"""A public app's per-session memory stays small, and idle sessions are forgotten (issue 23,
item 3; `tutor.ui.sessions`). Before: each fresh session snapshotted the config of all ~300
blocks, the hidden teacher tabs' included (~0.47 MB a session; 2,000 sessions added 0.8 GB), and
sessions went only when 1,000 newer ones had come. And (item 2) the token budget each queued
event of the built app asks for is read from its inputs at the queue (`tutor.ui.gate`)."""

from __future__ import annotations

import gc
import json
import tracemalloc

import pytest
from gradio.state_holder import SessionState, StateHolder

from tutor.settings import parse_args
from tutor.ui import sessions

PER_SESSION_BOUND = 64 * 1024  # bytes; Gradio's own sessions of this app take ~470 KB


@pytest.fixture(scope="module")
def public_demo():
    from tutor.engine.startup import create_engine
    from tutor.settings import parse_args
    from tutor.ui.app import AppContext, build_demo

    config = parse_args(["--engine", "symbolic", "--public", "--mcp"])
    demo = build_demo(AppContext(config, create_engine(config)))
    demo.queue()
    return demo


def _holder(demo, lean: bool) -> StateHolder:
    holder = StateHolder()
    holder.set_blocks(demo)
    if lean:
        demo.state_holder = holder
        sessions.install(demo, 0)
    return holder


def _bytes_per_session(holder: StateHolder, n: int = 12) -> float:
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for i in range(n):
            holder[f"visitor-{i}"]  # what every event of a fresh session does first
        gc.collect()
        return (tracemalloc.get_traced_memory()[0] - before) / n
    finally:
        tracemalloc.stop()


def test_a_fresh_visitor_session_is_small_on_the_public_app(public_demo):
    gradio_own = _bytes_per_session(_holder(public_demo, lean=False))
    lean = _bytes_per_session(_holder(public_demo, lean=True))
    assert lean < PER_SESSION_BOUND, (lean, gradio_own)  # failed before: ~470 KB
    assert lean * 5 < gradio_own, (lean, gradio_own)  # the measure itself sees the difference


def test_a_lean_session_gives_a_deep_link_the_same_components(public_demo):
    holder = _holder(public_demo, lean=True)
    lean = holder["deep"]
    assert isinstance(lean, sessions.LeanSession)
    plain = SessionState(public_demo)
    key = next(k for k, b in public_demo.blocks.items() if type(b).__name__ == "Textbox")
    for state in (lean, plain):  # a handler changed one block's value in this session
        state[key] = public_demo.blocks[key]
        state._update_value_in_config(key, "changed by this session")
    assert json.dumps(list(lean.components), default=str) == json.dumps(list(plain.components), default=str)


def test_idle_sessions_are_forgotten_and_used_ones_kept(public_demo):
    holder = _holder(public_demo, lean=True)
    now = [1000.0]
    holder.clock = lambda: now[0]
    holder.max_idle_s = 600.0
    holder["left"]
    holder["stays"]
    now[0] += 500
    holder["stays"]  # used again: its idle time restarts
    now[0] += 200  # "left" idle 700 s, "stays" 200 s
    holder["new"]
    assert "left" not in holder.session_data
    assert {"stays", "new"} <= set(holder.session_data)
    assert "left" not in holder.last_used and "left" not in holder.time_last_used
    now[0] += 601
    assert holder.forget_idle() == 2 and not holder.session_data


def test_the_count_cap_still_applies(public_demo):
    holder = _holder(public_demo, lean=True)
    holder.capacity = 3
    for i in range(5):
        holder[f"s{i}"]
    assert list(holder.session_data) == ["s2", "s3", "s4"]
    assert set(holder.last_used) == {"s2", "s3", "s4"}


def test_the_idle_limit_is_a_setting():
    assert parse_args(["--public"]).session_idle_minutes == 60.0
    assert parse_args(["--public", "--session-idle-minutes", "5"]).session_idle_minutes == 5.0
    assert parse_args([], env={"TUTOR_SESSION_IDLE_MINUTES": "0"}).session_idle_minutes == 0.0


# ---------------------------------------------------------------------------------------------
# the token budget a queued event asks for, read from its inputs (item 2)


def _event(demo, name: str):
    return next(fn for fn in demo.fns.values() if fn.api_name == name)


def _data(fn, **values) -> list:
    """The event's input data with the named handler parameters set (others: None)."""
    from tutor.ui.gate import _data_params

    names = [p.name for p in _data_params(fn)]
    return [values.get(n) for n in names]


def test_every_generating_event_a_visitor_can_queue_has_its_token_budget_read(public_demo):
    from tutor.ui.gate import _data_params, token_budget

    config = parse_args(["--public"])
    routed = _event(public_demo, "routed")  # the Tutor's Send (page event)
    assert token_budget(config, routed, _data(routed, max_new_tokens=300, samples=2)) == 900
    for name in ("on_next_hint", "on_reveal"):  # the tab's form; its samples are a fixed 0
        hint = _event(public_demo, name)
        data = [None] * len(hint.inputs)
        data[[c.label for c in hint.inputs].index("Max new tokens")] = 200
        samples = [p.name for p in _data_params(hint)].index("samples")
        data[samples] = hint.inputs[samples].value
        assert data[samples] == 0 and token_budget(config, hint, data) == 200
    for api in ("solve", "solve_verified"):
        fn = _event(public_demo, api)
        assert token_budget(config, fn, _data(fn, max_new_tokens=256, samples=1)) == 512
        assert token_budget(config, fn, ["2x = 4"]) == 1024  # the handler's default
    mcp = _event(public_demo, "solve_problem")
    assert token_budget(config, mcp, _data(mcp, max_new_tokens=100)) == 100
    for quiet in ("verify", "grade", "status"):
        assert token_budget(config, _event(public_demo, quiet), ["x", "y"]) == 0


def test_a_budget_over_the_public_cap_holds_the_cap_until_its_handler_refuses_it(public_demo):
    from tutor.ui.gate import token_budget

    fn = _event(public_demo, "solve")
    assert token_budget(parse_args(["--public"]), fn, _data(fn, max_new_tokens=4096)) == 1024
    assert token_budget(parse_args(["--public"]), fn, _data(fn, max_new_tokens="many")) == 1024
