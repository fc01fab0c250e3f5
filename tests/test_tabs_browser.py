"""Browser: the Compare and Evaluate tabs with a model and two adapters, in Debian's Chromium."""

import json
import re
import time

import pytest

from tests.conftest import REPO, AppProcess
from tests.test_browser import ARGS, CHROMIUM  # noqa: F401 - skips/raises as that module does without Chromium
from tutor.testing.tiny_model import build_lora

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def app(tiny_model_dir, tmp_path_factory):
    root = tmp_path_factory.mktemp("tab-loras")
    a = build_lora(tiny_model_dir, root / "lora-a", seed=1)
    b = build_lora(tiny_model_dir, root / "lora-b", seed=2, targets=("k_proj", "o_proj"))
    runs = tmp_path_factory.mktemp("tab-runs")
    proc = AppProcess(
        "--model",
        str(tiny_model_dir),
        "--precision",
        "fp32",
        "--adapter",
        str(a),
        "--adapter",
        str(b),
        "--max-new-tokens",
        "24",
        "--runs-dir",
        str(runs),
    )
    proc.runs = runs
    yield proc
    proc.stop()


def test_compare_two_adapters_side_by_side(page, app):
    page.get_by_role("tab", name="Compare").click()
    models = page.locator("#compare-models")
    models.get_by_label("lora-a").check()
    models.get_by_label("lora-b").check()
    if models.get_by_label("base").is_checked():
        models.get_by_label("base").uncheck()
    page.fill("#compare-problem textarea", "Solve 3x + 7 = 22")
    page.click("#compare-run")
    page.wait_for_function(
        """() => ['#compare-stats-0', '#compare-stats-1'].every(
                 s => /tok\\/s|tokens/.test(document.querySelector(s)?.innerText || ''))""",
        timeout=60000,
    )
    texts = [page.inner_text(f"#compare-chat-{k}") for k in (0, 1)]
    assert all(t.strip() for t in texts)
    (REPO / "tests" / "_artifacts").mkdir(exist_ok=True)
    page.locator("#compare-chat-0").scroll_into_view_if_needed()
    page.screenshot(path=str(REPO / "tests" / "_artifacts" / "compare.png"))
    # the two columns are the two adapters' own greedy answers, as /compare gives them
    api = app.client().predict("Solve 3x + 7 = 22", ["lora-a", "lora-b"], 24, api_name="/compare")
    assert api[0] != api[1]
    page.locator("#compare-vote").get_by_label("A", exact=True).check()
    page.fill("#compare-note textarea", "A shows its steps")
    page.click("#compare-save-vote")
    votes = app.runs / "votes.jsonl"
    for _ in range(50):
        if votes.exists() and votes.read_text().strip():
            break
        page.wait_for_timeout(200)
    vote = json.loads(votes.read_text().splitlines()[-1])
    assert "A shows its steps" in json.dumps(vote) and "Solve 3x + 7 = 22" in json.dumps(vote)


def test_evaluate_tab_runs_and_shows_results(page):
    page.get_by_role("tab", name="Evaluate").click()
    page.get_by_label("Problems (limit; 0 = all)").fill("2")
    page.get_by_label("Problems (limit; 0 = all)").press("Tab")
    page.locator("#eval-adapters").get_by_label("lora-a").check()
    page.click("#eval-run")
    page.wait_for_function(
        "() => document.querySelector('#eval-results').innerText.includes('lora-a')", timeout=120000
    )
    table = page.inner_text("#eval-results")
    assert "base" in table and "lora-a" in table


def test_an_adapter_loaded_elsewhere_appears_in_the_tutor_picker(page, app, tiny_model_dir, tmp_path_factory):
    # as when the Train tab loads a finished run's adapter: the open page was built before it
    late = build_lora(tiny_model_dir, tmp_path_factory.mktemp("late") / "lora-late", seed=3)
    name = app.client().predict(str(late), "", api_name="/load_adapter")
    page.click("#adapter-pick input")
    page.wait_for_timeout(800)
    options = page.locator("ul[role=listbox] li, [role=option]").all_inner_texts()
    assert name in options, options


def test_blind_compare_never_shows_names_before_the_vote(page, app):
    page.get_by_role("tab", name="Compare").click()
    models = page.locator("#compare-models")
    models.get_by_label("lora-a").check()
    models.get_by_label("lora-b").check()
    if models.get_by_label("base").is_checked():
        models.get_by_label("base").uncheck()
    page.locator("#compare-blind").get_by_role("checkbox").check()
    page.fill("#compare-problem textarea", "Solve 2x + 3 = 11")
    page.click("#compare-run")

    def visible_text() -> str:
        return "\n".join(page.inner_text(s) for s in ("#compare-columns", "#compare-message", "#vote-status"))

    seen = []
    for _ in range(200):  # while it streams and after it is done
        text = visible_text()
        seen.append(text)
        assert "lora-a" not in text and "lora-b" not in text, text
        if (
            all(re.search(r"tok/s", page.inner_text(f"#compare-stats-{k}")) for k in (0, 1))
            and "Mark the better answer" in text
        ):
            break
        page.wait_for_timeout(100)
    assert "Mark the better answer" in seen[-1]
    assert page.inner_text("#compare-title-0").strip() == "A"
    page.locator("#compare-vote").get_by_label("B", exact=True).check()
    page.click("#compare-save-vote")
    page.wait_for_function(
        "() => (document.querySelector('#vote-status')?.innerText || '').includes('Revealed')", timeout=30000
    )
    vote = json.loads((app.runs / "votes.jsonl").read_text().splitlines()[-1])
    assert vote["blind"] is True and sorted(vote["columns"]) == ["lora-a", "lora-b"]
    assert vote["winner"] == vote["columns"][1] and vote["problem"] == "Solve 2x + 3 = 11"
    assert vote["kind"] == "linear_equation" and vote["session"]
    assert vote["columns"][0] in page.inner_text("#compare-title-0")  # revealed after the vote
    assert vote["columns"][1] in page.inner_text("#compare-title-1")
    board = app.client().predict("", "", "", 20, api_name="/leaderboard")
    assert {e["model"] for e in board["entries"]} >= {"lora-a", "lora-b"}
    assert board["votes_counted"] >= 1 and board["rounds"] == 20
    only = app.client().predict("linear_equation", "", "", 0, api_name="/leaderboard")
    assert only["kinds"] == ["linear_equation"] and only["votes_counted"] >= 1
    # the leaderboard section of the tab: table and chart
    page.click("#leaderboard button, #leaderboard .label-wrap")
    page.click("#lb-update")
    page.wait_for_function(
        "() => (document.querySelector('#lb-table')?.innerText || '').includes('lora-a')", timeout=30000
    )
    assert "votes counted" in page.inner_text("#lb-note")


def test_closing_the_page_cancels_its_evaluation(page, app):
    """A teacher who closes the tab mid-run frees the model: the run stops after its batch and
    its partial report says cancelled (the whole run would take minutes)."""
    evals = app.runs / "evals"
    before = set(evals.glob("*.json")) if evals.exists() else set()
    page.get_by_role("tab", name="Evaluate").click()
    page.get_by_label("Problems (limit; 0 = all)").fill("300")
    page.get_by_label("Problems (limit; 0 = all)").press("Tab")
    page.locator("#eval-adapters").get_by_label("lora-a").check()
    page.click("#eval-run")
    deadline = time.time() + 60
    new: set = set()
    while not new and time.time() < deadline:  # the report file appears after the first batch
        page.wait_for_timeout(300)
        new = (set(evals.glob("*.json")) if evals.exists() else set()) - before
    assert new, "the evaluation did not start"
    page.close()
    report = {}
    deadline = time.time() + 90
    while time.time() < deadline:
        report = json.loads(next(iter(new)).read_text())
        if report.get("cancelled"):
            break
        time.sleep(0.5)
    assert report.get("cancelled") is True, {k: report.get(k) for k in ("cancelled", "total")}
    assert len(report["items"]) < 2 * 300
