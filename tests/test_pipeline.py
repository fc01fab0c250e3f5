"""The one request pipeline (tutor.ui.pipeline): admit, stop event, replies, time limit, settle,
in that order, for every caller (the Tutor tab, /solve, MCP, Compare)."""

from __future__ import annotations

from types import SimpleNamespace

import gradio as gr
import pytest

from tests.test_verify import StubEngine
from tutor.engine.types import GenerationSettings
from tutor.settings import AppConfig
from tutor.ui import access, pipeline
from tutor.ui.context import AppContext
from tutor.ui.pipeline import TutorRequest

REPLY = "3x = 15, so the answer is $x = 5$. " * 20


def _visitor(session: str = "s1"):
    return SimpleNamespace(session_hash=session, client=None, headers={})


@pytest.fixture
def settled(monkeypatch):
    calls: list = []
    real = access.settle
    monkeypatch.setattr(
        access, "settle", lambda ctx, lease, reply: (calls.append(reply), real(ctx, lease, reply))
    )
    return calls


def test_a_request_closed_early_is_settled_and_its_generation_stopped(settled):
    ctx = AppContext(AppConfig(public=True), StubEngine(REPLY, delay=0.01))
    ask = TutorRequest(problem="Solve 3x + 7 = 22", settings=GenerationSettings(64))
    replies = pipeline.serve(ctx, ask, _visitor(), stop_key="s1")
    next(replies), next(replies)
    stop = ctx.stops._events["s1"]
    assert not stop.is_set() and settled == []
    replies.close()  # the visitor went away
    assert stop.is_set() and len(settled) == 1 and settled[0].text  # charged what it generated


def test_a_refused_request_does_not_stop_the_sessions_running_one():
    ctx = AppContext(AppConfig(public=True, public_max_new_tokens=128), StubEngine(REPLY))
    ok = TutorRequest(problem="Solve 3x + 7 = 22", settings=GenerationSettings(64))
    running = pipeline.serve(ctx, ok, _visitor(), stop_key="s1")
    next(running)
    stop = ctx.stops._events["s1"]
    too_long = TutorRequest(problem="Solve 3x + 7 = 22", settings=GenerationSettings(4096))
    with pytest.raises(gr.Error, match="at most 128"):
        pipeline.serve(ctx, too_long, _visitor(), stop_key="s1")  # refused at once, not when read
    assert not stop.is_set()
    running.close()


def test_the_time_limit_stops_the_reply_and_the_reply_says_so(settled):
    ctx = AppContext(AppConfig(public=True, time_limit=0.3), StubEngine(REPLY * 5, delay=0.02))
    replies = list(pipeline.serve(ctx, TutorRequest(problem="Solve 3x + 7 = 22"), _visitor()))
    last = replies[-1]
    assert last.done and last.stopped and "time limit (0.3 s)" in last.as_text()
    assert len(last.text) < len(REPLY * 5) and settled == [last]


def test_with_samples_the_whole_reservation_stands(settled):
    ctx = AppContext(AppConfig(), StubEngine(REPLY))
    ask = TutorRequest(problem="Solve 3x + 7 = 22", samples=2)
    assert ask.answers == 3
    assert list(pipeline.serve(ctx, ask))[-1].done and settled == []


def test_every_caller_goes_through_the_pipeline():
    # the Tutor tab, the API, MCP and Compare: none runs the tutor or a deadline itself
    from pathlib import Path

    ui = Path(pipeline.__file__).parent
    for name in ("tutor_tab.py", "app.py", "mcp.py", "compare_tab.py", "photo_panel.py"):
        text = (ui / name).read_text(encoding="utf-8")
        assert "Deadline(" not in text and "tutor.respond(" not in text and "access.settle(" not in text, name
