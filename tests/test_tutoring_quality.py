"""Tutoring quality in Evaluate: the hint answer-leak judgement, the math core's verdict rates,
maj@k and reply length, in the report JSON/CSV (tiny random model: the pipeline, not the scores)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

import tutor.evaluation.evaluate as ev

GSM8K_TEST = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "gsm8k" / "test.jsonl"
QUESTION = (
    "Janet's ducks lay 16 eggs per day. She eats three for breakfast every morning and "
    "bakes muffins for her friends every day with four. She sells the remainder at the "
    "farmers' market daily for $2 per fresh duck egg. How much in dollars does she make "
    "every day at the farmers' market?"
)


@pytest.mark.parametrize(
    "hint",
    [
        "She has 16 - 3 - 4 = 9 eggs left, and 9 * 2 = 18 dollars.",
        "The answer is $18.",
        "So she makes 18 dollars a day; check it against the 16 eggs.",
        "The final answer is 18.",
    ],
)
def test_a_hint_that_states_the_answer_leaks(hint):
    assert ev.answer_leak(hint, "18", QUESTION)


@pytest.mark.parametrize(
    "hint",
    [
        "First work out how many eggs are left after breakfast and baking.",
        "Start from the 16 eggs and take away the 3 she eats and the 4 for muffins.",
        "Multiply the eggs she sells by the price of one egg, $2.",
        "",
    ],
)
def test_a_hint_that_does_not_state_the_answer_does_not_leak(hint):
    assert not ev.answer_leak(hint, "18", QUESTION)


def test_majority_and_rates_from_items():
    assert ev.majority(["The final answer is 18.", "so 18.0", "The final answer is 7."], "18") == ("18", True)
    assert ev.majority(["no idea"], "18") == (None, False)
    items = [
        {
            "adapter": "base",
            "index": k,
            "correct": False,
            "new_tokens": 10 + k,
            "reply_words": 5,
            "verdict": v,
            "hint_leak": leak,
            "maj_k": 3,
            "maj_correct": mc,
        }
        for k, (v, leak, mc) in enumerate(
            [
                ("calculations_checked", True, True),
                ("calculation_error", False, False),
                ("none", False, True),
                ("calculations_checked", False, False),
            ]
        )
    ]
    r = ev.summarize(items, ["base"], range(4), {})["base"]
    assert r["calculations_checked_rate"] == 0.5 and r["calculation_error_rate"] == 0.25
    assert r["hint_leak_rate"] == 0.25 and r["hints_n"] == 4
    assert r["maj_accuracy"] == 0.5 and r["maj_k"] == 3 and r["avg_reply_tokens"] == 11.5
    assert r["verdicts"] == {"calculations_checked": 2, "calculation_error": 1, "none": 1}


@pytest.mark.skipif(not GSM8K_TEST.exists(), reason="GSM8K not in ../shared/data")
def test_evaluation_reports_quality_in_json_and_csv(tiny_model_dir, tmp_path):
    from tutor.core.loading import load_model

    loaded = load_model(str(tiny_model_dir), precision="fp32", device="cpu")
    out = tmp_path / "q.json"
    report = ev.evaluate(
        None,
        dataset="gsm8k",
        limit=2,
        batch_size=2,
        max_new_tokens=6,
        output=out,
        loaded=loaded,
        show_progress=False,
        hints=True,
        maj_k=2,
    )
    res = report["results"]["base"]
    for key in (
        "verdicts",
        "calculations_checked_rate",
        "calculation_error_rate",
        "hint_leak_rate",
        "maj_accuracy",
        "avg_reply_tokens",
        "avg_reply_words",
    ):
        assert key in res
    assert res["hints_n"] == 2 and res["maj_k"] == 2 and 0 <= res["hint_leak_rate"] <= 1
    assert sum(res["verdicts"].values()) == 2
    assert report["config"]["answer_convention"] == "final-answer-sentence"
    for it in report["items"]:
        assert it["verdict"] in ("verified", "calculations_checked", "calculation_error", "wrong", "none")
        assert isinstance(it["hint"], str) and isinstance(it["hint_leak"], bool)
        assert it["hint_leak"] == ev.answer_leak(it["hint"], it["gold"], it["question"])
    rows = list(csv.DictReader(out.with_suffix(".csv").open(encoding="utf-8")))
    assert {"verdict", "hint_leak", "maj_correct", "reply_words"} <= set(rows[0])
    assert json.loads(out.read_text())["results"]["base"]["hints_n"] == 2
    # resuming with other quality options is refused, not silently mixed
    with pytest.raises(ev.EvaluationError, match="hints"):
        ev.evaluate(
            None,
            dataset="gsm8k",
            limit=2,
            batch_size=2,
            max_new_tokens=6,
            output=out,
            loaded=loaded,
            show_progress=False,
            hints=False,
            maj_k=2,
        )
