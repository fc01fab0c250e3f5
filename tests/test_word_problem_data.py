"""The word-problem skill's data: deterministic, checkable, train and test disjoint by construction."""

from __future__ import annotations

import json
import re

from train import word_problems as wp
from tutor.evaluation.evaluate import load_dataset_items
from tutor.math import grading

COMMITTED = wp.DEFAULT_OUT


def _rows(split: str) -> list[dict]:
    return [json.loads(line) for line in (COMMITTED / f"{split}.jsonl").read_text().splitlines()]


def test_the_committed_files_are_the_generators_output(tmp_path):
    train, test = _rows("train"), _rows("test")
    paths = wp.write(tmp_path, len(train), len(test))
    for split, path in paths.items():
        assert path.read_bytes() == (COMMITTED / f"{split}.jsonl").read_bytes(), split


def test_no_held_out_problem_is_in_the_training_data():
    def key(row):  # template and numbers, without the names and objects
        return (row["template"], tuple(int(n) for n in re.findall(r"\d+", row["question"])))

    train, test = {key(r) for r in _rows("train")}, [key(r) for r in _rows("test")]
    assert len(set(test)) == len(test)  # no repeats inside a split either
    assert not train & set(test)
    assert {t for t, _ in test} == {t.name for t in wp.TEMPLATES}  # every template is tested
    # the split is a function of the key alone, and each split holds only its own keys
    assert all(wp.split_of((t, *nums)) == "test" for t, nums in test)
    assert all(wp.split_of((t, *nums)) == "train" for t, nums in train)


def test_every_answer_is_right_and_in_the_answer_convention():
    items = load_dataset_items(str(COMMITTED / "test.jsonl"))  # Evaluate reads it as GSM8K-style
    assert len(items) == len(_rows("test")) and all(it.kind == "numeric" for it in items)
    for row in _rows("train")[:300] + _rows("test"):
        steps, final = row["answer"].split("\n#### ")
        # every step's arithmetic holds, and the last step's value is the answer
        for a, op, b, c in re.findall(r"(\d+) ([+\-×]) (\d+) = (\d+)", steps):
            assert {"+": int(a) + int(b), "-": int(a) - int(b), "×": int(a) * int(b)}[op] == int(c)
        assert steps.rstrip(".").endswith(f"= {final}") and int(final) >= 0
    from train.data import format_gsm8k

    reply = format_gsm8k(_rows("train")[0])[-1]["content"]
    assert reply.splitlines()[-1].startswith("The final answer is ")
    assert grading.grade(reply, _rows("train")[0]["answer"]).method == "answer_is"


def test_a_different_seed_draws_other_problems_from_the_same_splits():
    a, b = wp.generate(50, 20, seed=0), wp.generate(50, 20, seed=1)
    assert a["test"] != b["test"]
    for rows in (a["train"], b["train"]):
        for r in rows:
            nums = tuple(int(n) for n in re.findall(r"\d+", r["question"]))
            assert wp.split_of((r["template"], *nums)) == "train"
