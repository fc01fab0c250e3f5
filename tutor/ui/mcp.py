"""The tutor as an MCP server (`python app.py --mcp`, or TUTOR_MCP=1): Gradio's own `mcp_server`
option, limited to the tutor's safe tools.

Gradio turns every named API endpoint into an MCP tool. Here only the endpoints named in
`MCP_ENDPOINTS` are offered (listed and callable); the rest of the API (training, adapters,
evaluation, Compare) stays what it is for `gradio_client` and is not offered to agents. The three
tools below are thin, non-streaming wrappers of the same request pipeline (`tutor.ui.pipeline`,
`Tutor.respond`) the chat and `/solve` use. Endpoints of the same name registered elsewhere
(`/verify` and `/grade`, from the math core) are picked up by name when they exist: nothing here
has to change for them.

Clients connect to `http://HOST:PORT/gradio_api/mcp/` (streamable HTTP; `.../mcp/sse` for SSE).
"""

from __future__ import annotations

import json

import gradio as gr

from tutor.engine.engines import GenerationSettings
from tutor.ui import photo_panel, pipeline
from tutor.ui.context import AppContext
from tutor.ui.pipeline import TutorRequest

# api_name of every endpoint offered as an MCP tool, in the order they are listed
MCP_ENDPOINTS = ("solve_problem", "give_hint", "check_answer", "verify", "grade", "read_photo")


def _final(
    ctx: AppContext,
    mode: str,
    problem: str,
    *,
    history: list | None = None,
    answer: str = "",
    max_new_tokens: int | None = None,
    request: gr.Request | None = None,
    image: str = "",
):
    """The last reply of one tool call, through the request pipeline (`tutor.ui.pipeline`), as
    for /solve: a public app's cap and quotas, the time limit, the tokens settled."""
    n = max_new_tokens or ctx.config.max_new_tokens
    images = photo_panel.api_images(image)
    ask = TutorRequest(
        mode=mode,
        problem=problem,
        history=list(history or []),
        settings=GenerationSettings(n, 0.0, 0.95, 1.0),
        adapter=None,
        answer=answer,
        images=images,
    )
    last = None
    for last in pipeline.serve(ctx, ask, request):
        pass
    return last


def register_tools(ctx: AppContext) -> None:
    """The tutor's three MCP tools, as API endpoints (call inside the Blocks context)."""

    def solve_problem(
        problem: str, max_new_tokens: int = 1024, image: str = "", request: gr.Request = None
    ) -> str:
        """Solve a math problem step by step, as a patient tutor would.

        The reply explains each step and ends with the final answer; when SymPy can settle the
        problem, a last line says whether the answer was checked ("✓ checked by SymPy: ...") or
        what SymPy finds instead ("✗ SymPy finds ...").

        Args:
            problem: the problem, in words and/or LaTeX, e.g. "Solve 3x + 7 = 22."
            max_new_tokens: the longest reply, in tokens.
            image: optional photo of the problem (base64 or a data: URL), for a tutor whose model
                reads pictures; otherwise read it with read_photo and send the checked text.
        """
        last = _final(ctx, "solve", problem, max_new_tokens=max_new_tokens, request=request, image=image)
        return last.as_text() if last is not None else ""

    def give_hint(problem: str, earlier_hints: list[str] | None = None, request: gr.Request = None) -> str:
        """The next hint for a math problem, without giving the answer away.

        Args:
            problem: the problem the student is working on.
            earlier_hints: the hints already given, oldest first (empty for the first hint).
        """
        history = []
        for hint in earlier_hints or []:
            history += [{"role": "user", "content": problem}, {"role": "assistant", "content": str(hint)}]
        last = _final(ctx, "hint", problem, history=history, request=request)
        return last.as_text() if last is not None else ""

    def check_answer(problem: str, answer: str, request: gr.Request = None) -> str:
        """Check a student's answer (a final answer, or lines of work) to a math problem.

        Returns a JSON object: {"reply": the tutor's words to the student, "check": the verdict
        as data, or null when it could not be settled}.

        Args:
            problem: the problem, e.g. "Solve 3x + 7 = 22."
            answer: the student's answer or work, e.g. "x = 5".
        """
        last = _final(ctx, "check", problem, answer=answer, request=request)
        data = last.data() if last is not None else {"reply": "", "check": None}
        return json.dumps({"reply": data["reply"], "check": data["check"]}, ensure_ascii=False)

    for fn in (solve_problem, give_hint, check_answer):
        gr.api(ctx.gpu(fn), api_name=fn.__name__, concurrency_id="model", concurrency_limit=ctx.concurrency)


def restrict_tools(demo: gr.Blocks, endpoints: tuple[str, ...] = MCP_ENDPOINTS) -> list[str]:
    """Offer only `endpoints` (api names) as MCP tools; returns the tool names left, in order.

    Call right after `demo.launch(mcp_server=True, prevent_thread_lock=True)`: Gradio builds its
    tool table from every named endpoint, and both `tools/list` and `tools/call` read that table.
    """
    server = demo.mcp_server_obj
    if server is None:
        raise RuntimeError(f"the MCP server did not start: {demo.mcp_error or 'unknown reason'}")
    order = {f"/{name}": i for i, name in enumerate(endpoints)}
    kept = sorted(
        ((tool, ep) for tool, ep in server.tool_to_endpoint.items() if ep in order),
        key=lambda item: order[item[1]],
    )
    server.tool_to_endpoint = dict(kept)
    key_clients(server)
    return [tool for tool, _ in kept]


def key_clients(server) -> None:
    """Give each MCP client its own quotas: Gradio calls every tool through ONE loopback client
    (one session, address 127.0.0.1), so the calls carry a header, signed by this process, with
    the MCP client's real address and MCP session (`tutor.ui.gate.visitor` reads it)."""
    from tutor.ui import gate

    prepare = server._prepare_tool_call_args

    def prepare_with_client(name, arguments):
        endpoint, args, headers, block_fn = prepare(name, arguments)
        request = server.mcp_server.request_context.request
        peer = getattr(getattr(request, "client", None), "host", None) or ""
        lowered = {str(k).lower(): v for k, v in (getattr(request, "headers", None) or {}).items()}
        session = str(lowered.get("mcp-session-id") or "")[:100]
        headers = {k: v for k, v in headers.items() if k.lower() != gate.MCP_HEADER}
        headers[gate.MCP_HEADER] = gate.sign_mcp(peer, session)
        return endpoint, args, headers, block_fn

    server._prepare_tool_call_args = prepare_with_client
