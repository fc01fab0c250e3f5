"""A CPU fine-tune of the real model (SmolLM2-135M-Instruct) measurably teaches it a narrow skill.

The short CI version of the benchmark in BENCHMARKS.md ("A fine-tune that measurably teaches"):
`python -m train` runs the default CPU recipe (QLoRA, 4-bit NF4 on CPU) for a few steps, started
from a folder outside the project so the recipe's relative paths (model folder, data file) must
resolve against the project folder; then Evaluate scores base and adapter on the same held-out
word problems. A no-op adapter (LoRA's B starts at zero) gives the base's replies exactly, so the
gain asserted here cannot come from anything but training.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
TEST_SPLIT = REPO / "train" / "data" / "word-problems" / "test.jsonl"

# The run is the session's one training of the real model (tests/conftest.py `real_finetune_run`:
# the recipe cut short to 16 steps of 8 rows at its peak learning rate held constant). The full
# recipe (40 steps, BENCHMARKS.md) teaches the one-step problems best (add 12/15, times 8/11 against
# the base's 2/15 and 3/11), so the short version is scored on held-out one-step problems.
TEMPLATES = ("add", "groups")
PER_TEMPLATE = 8
MIN_GAIN = 4  # of 16 rows (25 points); measured: base 0/16, adapter 6/16; a no-op adapter scores as the base


def _held_out_rows(path: Path) -> Path:
    """The first PER_TEMPLATE held-out rows of each of TEMPLATES, as a file Evaluate reads."""
    rows = [json.loads(line) for line in TEST_SPLIT.read_text().splitlines()]
    picked = [r for t in TEMPLATES for r in [r for r in rows if r["template"] == t][:PER_TEMPLATE]]
    path.write_text("".join(json.dumps(r) + "\n" for r in picked))
    return path


@pytest.mark.slow  # the run is `python -m train` (a process)
def test_a_short_cpu_finetune_beats_the_base_on_held_out_problems(
    real_model_dir, real_finetune_run, tmp_path
):
    from tutor.evaluation.evaluate import evaluate

    assert Path(real_model_dir).resolve() == (REPO / "runs" / ".real-model").resolve()
    out = real_finetune_run
    events = [json.loads(line) for line in (out / "events.jsonl").read_text().splitlines()]
    start = next(e for e in events if e["event"] == "start")
    assert start["model"] == str((REPO / "runs" / ".real-model").resolve())  # the project's, not cwd's
    assert start["datasets"] == {"word-problems": "gsm8k"}
    steps = [e for e in events if e["event"] == "step"]
    assert steps[-1]["step"] == 16 and steps[-1]["loss"] < steps[0]["loss"]
    assert (out / "adapter" / "adapter_model.safetensors").is_file()

    report = evaluate(
        str(real_model_dir),
        [str(out / "adapter")],
        dataset=str(_held_out_rows(tmp_path / "held-out.jsonl")),
        batch_size=16,
        max_new_tokens=40,
        precision="fp32",
        device="cpu",
        show_progress=False,
    )
    base = report["results"]["base"]
    (name,) = [k for k in report["results"] if k != "base"]
    tuned = report["results"][name]
    items = len(TEMPLATES) * PER_TEMPLATE
    assert base["n"] == tuned["n"] == items
    gain = tuned["correct"] - base["correct"]
    replies = [(it["gold"], it["response"][:80]) for it in report["items"] if it["adapter"] == name]
    assert gain >= MIN_GAIN, (base["correct"], tuned["correct"], replies[:6])
    # what it learned is the project's answer convention, read by the grader's first rule
    methods = [it["method"] for it in report["items"] if it["adapter"] == name]
    assert methods.count("answer_is") >= items * 3 // 4, methods
