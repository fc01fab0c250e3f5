"""Browser: practice after a solved problem in Debian's Chromium — the core-checked similar
problem, check-my-answer on it, and the tried/right summary surviving a page reload."""

import re

import pytest

from tests.conftest import AppProcess
from tests.test_browser import ARGS, CHROMIUM  # noqa: F401 - skips as that module does
from tutor.math import solve

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def app():
    proc = AppProcess("--engine", "symbolic")
    yield proc
    proc.stop()


def _practice_problem(page) -> str:
    # The solved problem reaches practice as soon as its reply starts (tests/test_practice_race.py
    # fixes the order), so one click after the reply is shown makes the similar problem.
    page.click("#practice-new")
    page.wait_for_function(
        "() => (document.querySelector('#practice-problem')?.innerText || '').includes('Practice')",
        timeout=30000,
    )
    text = page.inner_text("#practice-problem")
    return text.split(":", 1)[1].strip()


def test_practice_checks_an_answer_and_the_summary_survives_a_reload(page):
    page.fill("#tutor-input textarea", "Solve 3x + 7 = 22")
    page.click("#tutor-send")
    page.wait_for_function(
        "() => (document.querySelector('#tutor-chat')?.innerText || '').includes('final answer')",
        timeout=30000,
    )
    shown = _practice_problem(page)
    assert shown.startswith("Solve") and shown != "Solve 3x + 7 = 22"
    sol = solve(shown)  # the shown problem is one the core solves (a linear equation)
    assert sol.ok and sol.kind == "linear_equation"
    value = sol.answer_latex.split("=")[1].strip()
    page.fill("#practice-answer textarea", f"{value}1")  # a wrong answer first
    page.click("#practice-check")
    page.wait_for_function(
        "() => (document.querySelector('#practice-feedback')?.innerText || '').includes('Not yet')",
        timeout=30000,
    )
    page.fill("#practice-answer textarea", value)
    page.click("#practice-check")
    page.wait_for_function(
        "() => (document.querySelector('#practice-feedback')?.innerText || '').includes('Right')",
        timeout=30000,
    )
    summary = re.compile(r"linear equation\s+1\s+1")
    page.wait_for_function(
        "() => /linear equation\\s+1\\s+1/.test(document.querySelector('#practice-summary')"
        "?.innerText || '')",
        timeout=30000,
    )
    page.reload()
    page.wait_for_function(
        "() => /linear equation\\s+1\\s+1/.test(document.querySelector('#practice-summary')"
        "?.innerText || '')",
        timeout=30000,
    )
    assert summary.search(page.inner_text("#practice-summary"))
