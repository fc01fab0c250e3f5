"""The MCP server end to end: `python app.py --mcp` on a free port, reached with the `mcp` SDK's
streamable-HTTP client as an agent would: the tools are listed, only the safe ones, and called."""

from __future__ import annotations

import asyncio
import json

import pytest

from tests.conftest import AppProcess

pytestmark = pytest.mark.slow  # starts `python app.py`


@pytest.fixture(scope="module")
def mcp_app():
    app = AppProcess("--engine", "symbolic", "--enable-training", env={"TUTOR_MCP": "1"})
    yield app
    app.stop()


async def _session(url: str, calls):
    from mcp import ClientSession
    from mcp.client.streamable_http import streamablehttp_client

    async with streamablehttp_client(url) as (read, write, _), ClientSession(read, write) as session:
        await session.initialize()
        return [await call(session) for call in calls]


def _run(app, *calls):
    return asyncio.run(asyncio.wait_for(_session(f"{app.url}gradio_api/mcp/", calls), timeout=120))


def test_lists_only_the_safe_tools_and_solves_over_mcp(mcp_app):
    async def tools(session):
        return (await session.list_tools()).tools

    async def solve(session):
        return await session.call_tool("solve_problem", {"problem": "Solve 3x + 7 = 22."})

    async def check(session):
        return await session.call_tool("check_answer", {"problem": "Solve 3x + 7 = 22.", "answer": "x = 4"})

    async def check_right(session):
        return await session.call_tool("check_answer", {"problem": "Solve 3x + 7 = 22.", "answer": "x = 5"})

    async def hint(session):
        return await session.call_tool("give_hint", {"problem": "Solve 3x + 7 = 22.", "earlier_hints": []})

    async def train(session):  # on the API (training is on here), but not an MCP tool
        return await session.call_tool("train_start", {"config_yaml": "model: x"})

    listed, solved, checked, right, hinted, refused = _run(
        mcp_app, tools, solve, check, check_right, hint, train
    )
    names = [t.name for t in listed]
    assert names[:3] == ["solve_problem", "give_hint", "check_answer"]
    assert set(names) <= {"solve_problem", "give_hint", "check_answer", "verify", "grade", "read_photo"}
    solve_tool = next(t for t in listed if t.name == "solve_problem")
    assert "step by step" in solve_tool.description
    assert solve_tool.inputSchema["properties"]["problem"]["type"] == "string"

    assert not solved.isError
    text = solved.content[0].text
    assert "x = 5" in text.replace("$", "") or "x=5" in text.replace(" ", "").replace("$", ""), text

    assert not checked.isError
    verdict = json.loads(checked.content[0].text)
    assert verdict["check"]["status"] == "wrong" and verdict["reply"], verdict
    # a wrong answer is not told the answer: neither in the words nor in the data
    assert verdict["check"]["expected"] is None and "x = 5" not in checked.content[0].text.replace("$", "")
    assert json.loads(right.content[0].text)["check"]["status"] == "verified"

    assert not hinted.isError and hinted.content[0].text.strip()
    assert "x = 5" not in hinted.content[0].text.replace("$", "")  # a hint, not the answer

    assert refused.isError and "Unknown tool" in refused.content[0].text
    # ... while the API for gradio_client keeps every endpoint
    api = mcp_app.client().view_api(print_info=False, return_format="dict")["named_endpoints"]
    assert {"/train_start", "/solve", "/solve_problem", "/check_answer"} <= set(api)


def test_mcp_is_off_by_default():
    from tutor.settings import parse_args

    assert parse_args([]).mcp is False
    assert parse_args(["--mcp"]).mcp is True
