"""The Gradio internals a public app's admission control stands on, pinned against the installed
Gradio, so an upgrade that moves them fails HERE, loudly, instead of silently switching off the
quotas, the teacher-event guard, the per-MCP-client keys or the small sessions (issue 23).

`tutor/ui/gate.py` replaces the queue's `push` (admission when a request joins the queue, the
token reservation handed to the handler through the request) and the app's `process_api` (the
teacher-event guard); `tutor/ui/mcp.py` wraps the MCP server's `_prepare_tool_call_args`;
`tutor/ui/sessions.py` swaps the class of the app's `StateHolder`. One small app, run in this
process, goes through each door and shows what the wrappers were handed."""

from __future__ import annotations

import inspect

import gradio as gr
import pytest

WHY = f"Gradio {gr.__version__} changed an internal that tutor/ui/gate.py, mcp.py or sessions.py wraps"


@pytest.fixture(scope="module")
def tiny_app():
    from tutor.ui import sessions

    seen: dict = {"push": [], "process_api": [], "handler": []}
    with gr.Blocks() as demo:

        def gen(problem: str, max_new_tokens: int = 64, request: gr.Request = None) -> str:
            seen["handler"].append(request)
            return f"{problem}:{max_new_tokens}"

        gr.api(gen, api_name="gen")
    demo.queue()
    queue = demo._queue
    original_push = queue.push

    async def push(body, request, username):  # as gate.install wraps it (before launch)
        seen["push"].append((body.fn_index, list(body.data or []), request, body.session_hash))
        if body.data and body.data[0] == "refuse me":
            return (
                False,
                [
                    {
                        "__type__": "validate",
                        "is_valid": False,
                        "message": "refused: come back in 5 s",
                        "parameter_name": "request",
                    }
                ],
                "validator_error",
            )
        result = await original_push(body, request, username)
        seen.setdefault("result", []).append(result)
        return result

    queue.push = push
    original_api = demo.process_api

    async def process_api(block_fn, inputs, state=None, request=None, *args, **kwargs):
        seen["process_api"].append((block_fn, request))
        return await original_api(block_fn, inputs, state, request, *args, **kwargs)

    demo.process_api = process_api
    demo.launch(prevent_thread_lock=True, server_name="127.0.0.1", quiet=True)
    holder = sessions.install(demo, 0)
    try:
        yield demo, seen, holder
    finally:
        demo.close()


def test_every_queued_call_goes_through_the_queues_push_and_the_handler_gets_the_same_request(tiny_app):
    from gradio_client import Client

    demo, seen, _ = tiny_app
    assert demo._queue.push.__name__ == "push", WHY  # launch kept the wrapped queue
    out = Client(demo.local_url, verbose=False).predict("2x = 4", 7, api_name="/gen")
    assert out == "2x = 4:7"
    fn_index, data, request, session = seen["push"][-1]
    assert demo.fns[fn_index].api_name == "gen" and data == ["2x = 4", 7] and session, WHY
    assert request.client.host == "127.0.0.1" and isinstance(request.scope, dict), WHY
    assert seen["result"][-1][0] is True, WHY  # (success, event id, ...)
    # the token reservation is handed over through this very request object
    assert seen["handler"][-1].request is request, WHY
    block_fn, gr_request = seen["process_api"][-1]
    assert getattr(block_fn, "_id", block_fn) == demo.fns[fn_index]._id, WHY
    assert gr_request.session_hash == session, WHY


def test_a_refusal_at_the_queue_reaches_the_client_with_its_message(tiny_app):
    from gradio_client import Client
    from gradio_client.exceptions import ValidationError

    demo, _, _ = tiny_app
    with pytest.raises(ValidationError, match="come back in 5 s"):
        Client(demo.local_url, verbose=False).predict("refuse me", 7, api_name="/gen")


def test_sessions_are_made_by_the_swapped_state_holder(tiny_app):
    from gradio_client import Client

    from tutor.ui.sessions import LeanHolder, LeanSession

    demo, seen, holder = tiny_app
    assert demo.state_holder is holder and type(holder) is LeanHolder, WHY
    Client(demo.local_url, verbose=False).predict("x", 1, api_name="/gen")
    session = seen["push"][-1][3]
    assert isinstance(holder.session_data.get(session), LeanSession), WHY
    # a LeanSession has every attribute Gradio's own SessionState sets
    from gradio.state_holder import SessionState

    assert set(vars(SessionState(demo))) <= set(vars(LeanSession(demo))), WHY


def test_the_queue_keeps_what_the_gate_counts():
    from gradio.queueing import Event, Queue

    push = inspect.signature(Queue.push)
    assert list(push.parameters)[1:4] == ["body", "request", "username"], WHY
    assert inspect.iscoroutinefunction(Queue.push), WHY
    init = inspect.getsource(Queue.__init__)
    assert "self.event_queue_per_concurrency_id" in init and "self.active_jobs" in init, WHY
    event = inspect.signature(Event.__init__)
    assert list(event.parameters)[1:5] == ["session_hash", "fn", "request", "username"], WHY
    from gradio.blocks import Blocks

    api = inspect.signature(Blocks.process_api)
    assert list(api.parameters)[1:5] == ["block_fn", "inputs", "state", "request"], WHY


def test_the_mcp_servers_argument_hook_is_where_mcp_py_wraps_it():
    from gradio.mcp import GradioMCPServer

    prepare = inspect.signature(GradioMCPServer._prepare_tool_call_args)
    assert list(prepare.parameters) == ["self", "name", "arguments"], WHY
    source = inspect.getsource(GradioMCPServer)
    assert "self._prepare_tool_call_args(" in source, WHY  # called through the instance
    assert "self.tool_to_endpoint" in source and "self.mcp_server.request_context.request" in source, WHY
