"""A narrow skill with checkable answers: templated one- and two-step arithmetic word problems.

    python -m train.word_problems [--out train/data/word-problems] [--train 1200] [--test 300]

Writes ``train.jsonl`` and ``test.jsonl`` in GSM8K's schema (``question``, ``answer`` = worked
steps then ``#### N``), so the training CLI reads them with its ``gsm8k`` formatter (the target
ends in the project's answer sentence, "The final answer is N.") and Evaluate reads the test
split as a GSM8K-style file. The recipe `train/recipes/real-cpu.yaml` trains SmolLM2 on the train
split; Evaluate on the test split measures what it learned (BENCHMARKS.md, "A fine-tune that
measurably teaches").

Deterministic: the same arguments give byte-identical files (a seeded `random.Random`, no clock,
no hash randomisation); `tests/test_word_problems.py` checks the committed files against it.

Train and test are disjoint by construction. A problem is a *key*, its template and its numbers
(``("add_then_take", 23, 9, 7)``); names and objects are decoration drawn afterwards. Every key
is assigned to one split by a fixed function of the key alone (`split_of`: SHA-256 of the key,
1 in 5 to test), and each split draws only keys assigned to it, so no test problem's template and
numbers occur in the training data under any name or object.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tutor.core.paths import REPO_ROOT

DEFAULT_OUT = REPO_ROOT / "train" / "data" / "word-problems"
TEST_SHARE = 5  # one key in five goes to the test split
SEED = 0

NAMES = [
    ("Ana", "she"), ("Ben", "he"), ("Chloe", "she"), ("David", "he"), ("Emma", "she"),
    ("Farid", "he"), ("Grace", "she"), ("Hiro", "he"), ("Isla", "she"), ("Jonas", "he"),
    ("Keiko", "she"), ("Luis", "he"), ("Maya", "she"), ("Noah", "he"), ("Olga", "she"),
    ("Pablo", "he"), ("Priya", "she"), ("Sam", "he"), ("Tara", "she"), ("Omar", "he"),
]  # fmt: skip
THINGS = [
    "apples", "pencils", "stickers", "marbles", "cookies", "books", "stamps", "shells",
    "cards", "balloons", "coins", "buttons", "crayons", "eggs", "oranges", "beads",
]  # fmt: skip
BOXES = ["bags", "boxes", "packs", "jars", "baskets", "bundles"]


@dataclass(frozen=True)
class Template:
    """One kind of problem: its operand ranges, its wording and its worked steps."""

    name: str
    ranges: tuple[range, ...]
    valid: Callable[..., bool]
    question: str  # str.format fields: the operands a, b, c and the decoration
    steps: Callable[..., list[tuple[str, int]]]  # operands -> [(step text, value after it)]


def _add(a, b):
    return [(f"{a} + {b} = {a + b}", a + b)]


def _sub(a, b):
    return [(f"{a} - {b} = {a - b}", a - b)]


def _mul(a, b):
    return [(f"{a} \u00d7 {b} = {a * b}", a * b)]


TEMPLATES = [
    # one step
    Template(
        "add", (range(5, 60), range(2, 40)), lambda a, b: True,
        "{name} has {a} {thing}. {Pron} gets {b} more {thing}. How many {thing} does {name} have now?",
        _add,
    ),
    Template(
        "take", (range(10, 80), range(2, 40)), lambda a, b: b < a,
        "{name} has {a} {thing} and gives {b} of them to a friend. How many {thing} does {name} have left?",
        _sub,
    ),
    Template(
        "groups", (range(2, 13), range(2, 21)), lambda a, b: True,
        "{name} buys {a} {boxes} of {thing}. Each of the {boxes} holds {b} {thing}. "
        "How many {thing} does {name} buy?",
        _mul,
    ),
    # two steps
    Template(
        "add_then_take", (range(5, 50), range(2, 30), range(2, 30)), lambda a, b, c: c < a + b,
        "{name} has {a} {thing}. {Pron} gets {b} more, then gives {c} away. "
        "How many {thing} does {name} have now?",
        lambda a, b, c: _add(a, b) + _sub(a + b, c),
    ),
    Template(
        "groups_then_take", (range(2, 10), range(2, 11), range(2, 20)), lambda a, b, c: c < a * b,
        "{name} buys {a} {boxes} of {thing} with {b} {thing} in each. {Pron} gives away {c} of them. "
        "How many {thing} are left?",
        lambda a, b, c: _mul(a, b) + _sub(a * b, c),
    ),
    Template(
        "add_groups", (range(2, 40), range(2, 7), range(2, 11)), lambda a, b, c: True,
        "{name} has {a} {thing}. Then {pron} buys {b} {boxes} with {c} {thing} in each. "
        "How many {thing} does {name} have now?",
        lambda a, b, c: _mul(b, c) + _add(a, b * c),
    ),
]  # fmt: skip
TEMPLATES_BY_NAME = {t.name: t for t in TEMPLATES}


def split_of(key: tuple) -> str:
    """The split of a problem key, "test" or "train": from the key alone, the same on every run."""
    digest = hashlib.sha256(repr(key).encode()).digest()
    return "test" if int.from_bytes(digest[:8], "big") % TEST_SHARE == 0 else "train"


def keys(template: Template) -> list[tuple]:
    """Every valid key of a template, in a fixed order."""
    return [(template.name, *ops) for ops in itertools.product(*template.ranges) if template.valid(*ops)]


def render(key: tuple, rng: random.Random) -> dict:
    """A key -> a GSM8K-style row (``question``, ``answer`` ending in ``#### N``, ``template``)."""
    template = TEMPLATES_BY_NAME[key[0]]
    ops = key[1:]
    name, pron = rng.choice(NAMES)
    fields = dict(zip("abc", ops))
    fields.update(
        name=name, pron=pron, Pron=pron.capitalize(), thing=rng.choice(THINGS), boxes=rng.choice(BOXES)
    )
    steps = template.steps(*ops)
    answer = steps[-1][1]
    body = " ".join(f"{text}." for text, _ in steps)
    return {
        "question": template.question.format(**fields),
        "answer": f"{body}\n#### {answer}",
        "template": template.name,
    }


def generate(n_train: int, n_test: int, seed: int = SEED) -> dict[str, list[dict]]:
    """{"train": rows, "test": rows}: keys drawn without replacement within their split, so no
    problem repeats inside a split and none is shared between them."""
    rng = random.Random(seed)
    pools: dict[str, dict[str, list[tuple]]] = {"train": {}, "test": {}}
    for template in TEMPLATES:
        for split in pools:
            pools[split][template.name] = []
        for key in keys(template):
            pools[split_of(key)][template.name].append(key)
    out: dict[str, list[dict]] = {}
    for split, n in (("train", n_train), ("test", n_test)):
        for pool in pools[split].values():
            rng.shuffle(pool)
        # templates in turn; one whose keys run out drops out of the turn (the small ones, such
        # as the times table, have fewer problems than the others)
        order = [list(pools[split][t.name]) for t in TEMPLATES]
        rows: list[dict] = []
        while len(rows) < n:
            live = [pool for pool in order if pool]
            if not live:
                raise ValueError(f"only {len(rows)} distinct {split} problems exist, {n} were asked")
            for pool in live[: n - len(rows)]:
                rows.append(render(pool.pop(), rng))
        out[split] = rows
    return out


def write(out_dir: str | Path, n_train: int = 1200, n_test: int = 300, seed: int = SEED) -> dict[str, Path]:
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = {}
    for split, rows in generate(n_train, n_test, seed).items():
        path = out_dir / f"{split}.jsonl"
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
        paths[split] = path
    return paths


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(DEFAULT_OUT))
    parser.add_argument("--train", type=int, default=1200)
    parser.add_argument("--test", type=int, default=300)
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    for split, path in write(args.out, args.train, args.test, args.seed).items():
        print(f"{split}: {path}")


if __name__ == "__main__":
    main()
