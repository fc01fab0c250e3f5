"""Compare: one batch with per-row adapters equals one-at-a-time generation; the batch streamer;
errors; GSM8K examples; the vote log."""

from __future__ import annotations

import csv
import io

import pytest

from tests.conftest import GSM8K_DIR, TWINS
from tests.test_adapters import PROBLEM, SETTINGS, answer, engine, expected, lora_dirs  # noqa: F401
from tutor.adapters.registry import AdapterError, AdapterRegistry
from tutor.engine.engines import SymbolicEngine
from tutor.evaluation.compare import CompareError, VoteLog, compare, gsm8k_examples


@pytest.fixture()
def engine_ab(engine, lora_dirs):  # noqa: F811
    reg = AdapterRegistry(engine)
    reg.load(str(lora_dirs["A"]))
    reg.load(str(lora_dirs["B"]))
    return engine


@pytest.mark.parametrize("base_dir", TWINS, indirect=True)
def test_batched_per_row_adapters_equal_one_at_a_time(engine_ab, expected):  # noqa: F811
    labels = ["base", "A", "B", "A"]
    snapshots = list(compare(engine_ab, PROBLEM, labels, SETTINGS, gold="5"))
    final = snapshots[-1]
    assert len(snapshots) > 2  # it streamed
    assert [c.label for c in final] == labels and all(c.batched for c in final)
    assert [c.reply.text for c in final] == [expected[x] for x in labels]
    for c in final:
        assert c.reply.done and c.tokens > 0 and c.seconds > 0 and c.tokens_per_s > 0
        assert c.correct is False and c.method  # graded against the gold answer
    # the same through the one-after-another path, with names and sources mixed
    seq = list(compare(engine_ab, PROBLEM, ["B", "base"], SETTINGS, batched=False))[-1]
    assert [c.reply.text for c in seq] == [expected["B"], expected["base"]]
    assert not any(c.batched for c in seq) and seq[0].correct is None
    # and the engine still answers per request afterwards
    assert answer(engine_ab, "A") == expected["A"]


def test_all_base_batch_without_adapters(engine, expected):  # noqa: F811
    final = list(compare(engine, PROBLEM, ["base", "base"], SETTINGS))[-1]
    assert [c.reply.text for c in final] == [expected["base"]] * 2
    with pytest.raises(CompareError, match="no adapters are loaded"):
        next(compare(engine, PROBLEM, ["base", "A"], SETTINGS))


def test_compare_refuses_bad_requests(engine_ab):
    with pytest.raises(AdapterError, match="no adapter named 'C'"):
        next(compare(engine_ab, PROBLEM, ["base", "C"], SETTINGS))
    with pytest.raises(CompareError, match="at most 4"):
        next(compare(engine_ab, PROBLEM, ["base"] * 5, SETTINGS))
    with pytest.raises(CompareError, match="Please type a math problem"):
        next(compare(engine_ab, "   ", ["base", "A"], SETTINGS))
    with pytest.raises(CompareError, match="needs a model"):
        next(compare(SymbolicEngine(), PROBLEM, ["base", "A"], SETTINGS))


def test_votes_append_as_jsonl_and_export_as_csv(tmp_path):
    log = VoteLog(tmp_path / "runs" / "votes.jsonl")
    log.add(
        "Solve 3x + 7 = 22",
        ["base", "A"],
        "B",
        note="A shows the check",
        gold="5",
        answers=["4", "5"],
        correct=[False, True],
    )
    log.add("1/2 + 1/3", ["base", "A", "B"], "tie")
    with pytest.raises(CompareError, match="no column C"):
        log.add("x", ["base", "A"], "C")
    with pytest.raises(CompareError, match="vote must be one of"):
        log.add("x", ["base", "A"], "maybe")
    records = log.records()
    assert [r["winner"] for r in records] == ["A", "tie"]
    rows = list(csv.DictReader(io.StringIO(log.to_csv())))
    assert rows[0]["columns"] == "base | A" and rows[0]["correct"] == "False | True"
    assert rows[0]["note"] == "A shows the check" and rows[1]["vote"] == "tie"
    assert log.write_csv(tmp_path / "v.csv").read_text().startswith("time,vote,winner")


@pytest.mark.skipif(not (GSM8K_DIR / "test.jsonl").is_file(), reason="no shared GSM8K data")
def test_gsm8k_examples_come_with_gold_answers():
    rows = gsm8k_examples(3)
    assert len(rows) == 3 and rows[0][0].startswith("Janet") and rows[0][1] == "18"


@pytest.mark.slow
def test_adapter_endpoints_say_they_need_a_model_on_the_symbolic_engine():
    from tests.conftest import AppProcess

    app = AppProcess("--engine", "symbolic")
    try:
        client = app.client()
        for args, api in [
            (("org/lora", ""), "/load_adapter"),
            ((), "/adapters"),
            ((PROBLEM, ["base", "A"]), "/compare"),
        ]:
            with pytest.raises(Exception, match="adapters need a model"):
                client.predict(*args, api_name=api)
        with pytest.raises(Exception, match="adapters need a model"):
            client.predict(problem=PROBLEM, adapter="A", api_name="/solve")
        assert "x = 5" in client.predict(PROBLEM, api_name="/solve")  # base still answers
    finally:
        app.stop()
