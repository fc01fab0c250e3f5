"""The adapter leaderboard (Bradley–Terry from Compare votes) and the vote record it reads."""

import csv
import io
import json
import random

import numpy as np
import pytest

from tutor.evaluation import leaderboard as lb
from tutor.evaluation.compare import (
    CompareError,
    VoteLog,
    blind_order,
    column_title,
    problem_key,
    session_key,
)


def synthetic_votes(n=6000, strengths=(-1.2, -0.6, 0.0, 0.5, 1.1), seed=7, columns=2):
    """Votes drawn from a Bradley–Terry model with known log-strengths (no ties)."""
    rng = np.random.default_rng(seed)
    names = [f"adapter-{k}" for k in range(len(strengths))]
    theta = np.asarray(strengths)
    m = len(names)
    first = rng.integers(0, m, n)
    second = (first + rng.integers(1, m, n)) % m  # a different model
    a_wins = rng.random(n) < 1 / (1 + np.exp(theta[second] - theta[first]))
    out = []
    for v, (a, b) in enumerate(zip(first.tolist(), second.tolist())):
        out.append(
            {
                "time": f"2026-11-{1 + v % 28:02d}T10:00:00Z",
                "session": f"s{v}",
                "problem": f"problem {v}",
                "vote": "A" if a_wins[v] else "B",
                "columns": [names[a], names[b]],
                "kind": "linear_equation" if v % 2 else "word_problem",
            }
        )
    truth = {n: lb.CENTRE + lb.SCALE * (t - theta.mean()) for n, t in zip(names, theta)}
    return out, names, truth


def test_known_strengths_rank_in_order_and_intervals_cover_the_truth():
    votes, names, truth = synthetic_votes()
    board = lb.leaderboard(votes, rounds=200, seed=0)
    assert [e.model for e in board.entries] == names[::-1]  # strongest first
    for e in board.entries:
        assert e.ci95[0] <= truth[e.model] <= e.ci95[1], (e.model, e.ci95, truth[e.model])
        assert e.ci95[1] - e.ci95[0] < 60  # informative, not "anything goes"
    assert board.votes_counted == len(votes) and sum(e.votes for e in board.entries) == 2 * len(votes)
    # the win-rate matrix agrees with the fitted order: the top model beats the bottom one
    assert board.win_rate[0][-1] > 0.8 and board.win_rate[-1][0] < 0.2
    assert board.win_rate[0][0] is None


def test_ties_count_half_and_all_bad_is_apart():
    votes = [
        {
            "time": "2026-11-01T00:00:00Z",
            "session": f"s{k}",
            "problem": f"p{k}",
            "vote": "tie",
            "columns": ["a", "b"],
        }
        for k in range(10)
    ]
    votes += [
        {
            "time": "2026-11-01T00:00:00Z",
            "session": "x",
            "problem": "q",
            "vote": "all bad",
            "columns": ["a", "b", "c"],
        }
    ]
    board = lb.leaderboard(votes, rounds=20)
    by = {e.model: e for e in board.entries}
    assert by["a"].rating == pytest.approx(by["b"].rating, abs=1e-6)
    assert by["a"].wins == by["a"].losses == 5 and by["a"].ties == 10
    assert by["a"].all_bad == by["c"].all_bad == 1 and board.all_bad == 1
    assert by["c"].votes == 0  # "all bad" gives no comparison


def test_per_session_cap_holds_on_the_board_and_in_the_log(tmp_path):
    # one session votes 50 times for "spam" on one problem; 10 honest sessions prefer "good"
    stuffed = [
        {
            "time": f"2026-11-02T00:00:{k:02d}Z",
            "session": "attacker",
            "problem": "1+1",
            "vote": "A",
            "columns": ["spam", "good"],
        }
        for k in range(50)
    ]
    honest = [
        {
            "time": "2026-11-02T01:00:00Z",
            "session": f"h{k}",
            "problem": "1+1",
            "vote": "B",
            "columns": ["spam", "good"],
        }
        for k in range(10)
    ]
    board = lb.leaderboard(stuffed + honest, cap=2, rounds=0)
    assert board.votes_counted == 12 and board.votes_capped == 48
    assert board.entries[0].model == "good"
    assert lb.leaderboard(stuffed + honest, cap=0, rounds=0).entries[0].model == "spam"

    log = VoteLog(tmp_path / "votes.jsonl", cap=2)
    s = session_key("browser-session-1")
    for _ in range(2):
        log.add("Solve x + 1 = 2", ["base", "lora"], "A", session=s)
    with pytest.raises(CompareError, match="already voted 2 times"):
        log.add("  solve X + 1 = 2 ", ["base", "lora"], "A", session=s)  # same problem
    log.add("Solve x + 1 = 2", ["base", "lora"], "B", session=session_key("another"))
    log.add("Solve x + 2 = 3", ["base", "lora"], "B", session=s)  # another problem
    assert len(log.records()) == 4


def test_filters_by_kind_and_date():
    votes, names, _ = synthetic_votes(n=400)
    board = lb.leaderboard(votes, kinds=["linear_equation"], rounds=0)
    assert board.votes_counted == 200 and board.votes_filtered == 200
    board = lb.leaderboard(votes, since="2026-11-10", until="2026-11-11", rounds=0)
    assert board.votes_counted == sum(1 for v in votes if v["time"][:10] in ("2026-11-10", "2026-11-11"))
    with pytest.raises(ValueError):
        lb.leaderboard(votes, since="last tuesday")


def test_exports_and_chart():
    votes, names, _ = synthetic_votes(n=300)
    board = lb.leaderboard(votes, rounds=10)
    rows = list(csv.DictReader(io.StringIO(board.to_csv())))
    assert [r["model"] for r in rows] == [e.model for e in board.entries]
    assert float(rows[0]["ci95_lo"]) <= float(rows[0]["rating"]) <= float(rows[0]["ci95_hi"])
    data = json.loads(board.to_json())
    assert data["models"] == [e.model for e in board.entries] and len(data["win_rate"]) == 5
    fig = lb.win_rate_figure(board)
    assert fig.axes and fig.axes[0].get_title().startswith("win rate")
    assert lb.leaderboard([], rounds=5).notes  # no votes: said so, no crash


def test_vote_record_keeps_true_names_gold_and_correctness(tmp_path):
    log = VoteLog(tmp_path / "votes.jsonl")
    rec = log.add(
        "Solve 3x + 7 = 22",
        ["lora-b", "base"],
        "A",
        gold="5",
        answers=["5", "4"],
        correct=[True, False],
        session=session_key("abc"),
        kind="linear_equation",
        blind=True,
    )
    stored = log.records()[-1]
    assert stored == rec and stored["winner"] == "lora-b" and stored["blind"] is True
    assert stored["columns"] == ["lora-b", "base"] and stored["correct"] == [True, False]
    assert stored["session"] != "abc" and stored["problem_key"] == problem_key("solve 3x + 7 = 22")
    assert stored["time"].endswith("Z")


def test_blind_order_shuffles_and_titles_hide_names():
    labels = ["base", "lora-a", "lora-b"]
    orders = {tuple(blind_order(labels, random.Random(k))) for k in range(40)}
    assert len(orders) > 3 and all(sorted(o) == sorted(labels) for o in orders)
    assert column_title(0, "lora-a", blind=True) == "### A"
    assert "lora-a" in column_title(0, "lora-a", blind=True, revealed=True)
    assert "lora-a" in column_title(0, "lora-a", blind=False)
