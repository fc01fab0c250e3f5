"""Compare the base model and LoRA adapters on one problem, side by side; teachers' votes.

No Gradio here. `compare()` yields snapshots (one `Column` per requested model) while all columns
stream. With a transformers engine the columns go to the engine as ONE group
(`Engine.generate_group`, the generation core's group), so they run as one batch: the same prompt per row
(left-padded), PEFT's mixed-batch LoRA (`adapter_names=[...]`, "__base__" for the base) picks each
row's adapter. Where PEFT cannot mix the adapters of a model, the core runs one batch per adapter
(`Column.batched` is False then). Engines without a core (an OpenAI-compatible server) run the
columns one after another (`Engine.generate`), each under its own adapter (the server's LoRA
model name).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import logging
import random
import re
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from tutor.core.paths import REPO_ROOT
from tutor.engine.types import Failed, GenerationSettings, Queued
from tutor.tutoring.reasoning import split_reasoning
from tutor.tutoring.service import Reply, validate_problem

log = logging.getLogger(__name__)

MAX_COLUMNS = 4
LETTERS = "ABCD"
VOTE_CHOICES = ["A", "B", "C", "D", "tie", "all bad"]
GSM8K_TEST = REPO_ROOT.parent / "shared" / "data" / "gsm8k" / "test.jsonl"


class CompareError(ValueError):
    """A compare request that cannot run; the message says why."""


@dataclass
class Column:
    label: str  # "base" or the adapter's name
    reply: Reply = field(default_factory=Reply)
    tokens: int = 0
    seconds: float = 0.0
    answer: str | None = None  # the final answer pulled out of the reply (when done)
    method: str = ""
    correct: bool | None = None  # against the gold answer, when one was given
    batched: bool = False

    @property
    def tokens_per_s(self) -> float:
        return self.tokens / self.seconds if self.seconds > 0 else 0.0

    def summary(self) -> str:
        bits = [f"{self.tokens} tokens", f"{self.seconds:.1f} s", f"{self.tokens_per_s:.1f} tok/s"]
        if self.reply.done:
            bits.insert(0, f"answer: {self.answer}" if self.answer is not None else "no answer")
            if self.correct is not None:
                bits.insert(1, "✅ right" if self.correct else "❌ wrong")
        return " · ".join(bits)


def _finish(col: Column, gold: str | None) -> None:
    from tutor.math.grading import extract_answer, grade

    col.reply.parts = split_reasoning(col.reply.text, final=True)
    col.reply.done = True
    response = col.reply.parts.answer or col.reply.text
    if gold not in (None, ""):
        g = grade(response, str(gold))
        col.answer, col.method, col.correct = g.extracted, g.method, bool(g.correct)
    else:
        col.answer, col.method = extract_answer(response)


def compare(
    engine,
    problem,
    adapters: list[str],
    settings: GenerationSettings | None = None,
    stop: threading.Event | None = None,
    gold: str | None = None,
    batched: bool = True,
) -> Iterator[list[Column]]:
    """Stream every column's reply to `problem`; the last snapshot has every column done."""
    settings = (settings or GenerationSettings()).clamped()
    stop = stop or threading.Event()
    labels = [str(a).strip() or "base" for a in (adapters or [])]
    if not labels:
        raise CompareError("pick at least one model to compare (base or an adapter)")
    if len(labels) > MAX_COLUMNS:
        raise CompareError(f"compare at most {MAX_COLUMNS} models at a time")
    registry = getattr(engine, "adapters", None)
    if not engine.info.adapters:
        raise CompareError(
            "comparing adapters needs a model: start the app with "
            "--model HUB_ID_OR_FOLDER (the SymPy solver has no adapters)"
        )
    if registry is not None:
        labels = [registry.resolve(a) for a in labels]  # raises AdapterError for unknown names
    elif any(lbl.lower() != "base" for lbl in labels):
        bad = ", ".join(lbl for lbl in labels if lbl.lower() != "base")
        raise CompareError(f"no adapters are loaded, so {bad} cannot be compared; load one first")
    else:
        labels = ["base"] * len(labels)
    clean, notices, error = validate_problem(problem)
    if error:
        raise CompareError(error)
    prompt = engine.prepare(clean, [], max_new_tokens=settings.max_new_tokens)
    columns = [Column(label) for label in labels]
    for col in columns:
        col.reply.notices.extend(notices + list(prompt.notices))

    if batched and len(columns) > 1 and engine.batches_groups:
        failure = yield from _compare_batched(engine, prompt, columns, settings, stop, gold)
        if failure is None:
            return
        log.warning("batched compare not possible (%s); running the columns one after another", failure)
        for col in columns:
            col.reply.notices.append("Ran one after another (this model cannot batch adapters).")
    yield from _compare_sequential(engine, prompt, columns, settings, stop, gold)


def _compare_sequential(engine, prompt, columns, settings, stop, gold):
    for col in columns:
        started = time.perf_counter()
        col_stop = threading.Event()  # the engine sets it when a generation ends
        if stop.is_set():
            col_stop.set()
        stream = engine.generate(prompt, settings, col_stop, adapter=col.label)
        col_tokens = lambda stream=stream: getattr(stream, "new_tokens", engine.stats.last_new_tokens)  # noqa: E731
        try:
            try:
                for piece in stream:
                    if stop.is_set():
                        col_stop.set()
                    col.reply.text += piece
                    col.reply.pieces += 1
                    col.reply.parts = split_reasoning(col.reply.text)
                    col.seconds = col.reply.elapsed = time.perf_counter() - started
                    col.tokens = col_tokens()
                    yield columns
            finally:
                stream.close()
        except Exception as exc:  # noqa: BLE001 - shown in the column
            log.exception("compare column %s failed", col.label)
            col.reply.error = f"Generation failed ({type(exc).__name__}: {exc})."
        col.tokens = col_tokens()
        col.seconds = col.reply.elapsed = time.perf_counter() - started
        col.reply.stopped = stop.is_set()
        _finish(col, gold)
        yield columns


def _compare_batched(engine, prompt, columns, settings, stop, gold):
    """Generator; returns None when it ran, or the reason it could not start (nothing yielded).
    The columns go to the engine as ONE group (`Engine.generate_group`): one batch, one row per
    column, each row on its own adapter (PEFT's `adapter_names`), all ended by `stop`."""
    started = time.perf_counter()
    events = engine.generate_group(prompt, settings, [c.label for c in columns], stop)
    failure = None
    try:
        for ev in events:
            if isinstance(ev, Queued):
                continue
            if isinstance(ev, Failed):
                failure = ev.error
                break
            now = time.perf_counter()
            for col, row in zip(columns, ev.rows):
                if col.reply.done:
                    continue
                if row.text != col.reply.text:
                    col.reply.text, col.reply.pieces = row.text, col.reply.pieces + 1
                    col.reply.parts = split_reasoning(row.text)
                col.tokens = len(row.tokens)
                col.seconds = col.reply.elapsed = (row.finished_at or now) - started
                col.batched = row.batched
                if row.done:  # the row's text is the whole decoded text now
                    col.reply.text = row.text
                    col.reply.stopped = row.stopped
                    _finish(col, gold)
            yield columns
    finally:
        events.close()
    for col in columns:
        if failure is not None:
            col.reply.error = f"Generation failed ({type(failure).__name__}: {failure})."
        if not col.reply.done:
            col.reply.stopped = stop.is_set()
            _finish(col, gold)
    yield columns
    return None


# ---------------------------------------------------------------------------------------------
# GSM8K examples and teachers' votes


def gsm8k_examples(limit: int = 12, path: Path | None = None) -> list[tuple[str, str]]:
    """(question, gold answer) pairs from the shared GSM8K test file, when it is present."""
    from tutor.math.grading import normalize_gold

    path = Path(path) if path else GSM8K_TEST
    rows: list[tuple[str, str]] = []
    if not path.is_file():
        return rows
    with open(path, encoding="utf-8") as f:
        for line in f:
            try:
                item = json.loads(line)
                rows.append((str(item["question"]).strip(), normalize_gold(item["answer"])))
            except (ValueError, KeyError, TypeError):
                continue
            if len(rows) >= limit:
                break
    return rows


# ---------------------------------------------------------------------------------------------
# Blind mode: the columns' order is shuffled per problem and the names stay hidden until the vote


def blind_order(labels: list[str], rng: random.Random | None = None) -> list[str]:
    """`labels` in a fresh random order (one shuffle per problem, from the OS's randomness
    unless `rng` is given), so a column's letter says nothing about which model it is."""
    order = list(labels)
    (rng or random.SystemRandom()).shuffle(order)
    return order


def column_title(k: int, label: str, blind: bool, revealed: bool = False) -> str:
    """The heading of column `k`: its letter, and its model's name unless blind and not yet
    revealed."""
    if blind and not revealed:
        return f"### {LETTERS[k]}"
    return f"### {LETTERS[k]}: {label}"


def session_key(session: str | None) -> str | None:
    """A stable, non-reversible id for a browser session (the vote cap counts per session)."""
    if not session:
        return None
    return hashlib.sha256(f"tutor-votes:{session}".encode()).hexdigest()[:16]


def problem_key(problem: str) -> str:
    return hashlib.sha256(" ".join(str(problem or "").split()).lower().encode()).hexdigest()[:16]


def problem_kind(problem: str, timeout: float = 3.0) -> str:
    """The problem's kind from the math core (the leaderboard's topic filter): the solver's kind
    ("linear equation", "derivative", ...); "word_problem" for prose with numbers the core does
    not type; "other" for anything else."""
    from tutor.math import solve

    try:
        kind = getattr(solve(str(problem or ""), timeout=timeout), "kind", None)  # Refusal: None
        if kind:
            return str(kind)
    except Exception:  # noqa: BLE001 - a worker failure: no kind from the core
        log.warning("problem_kind: the math core failed", exc_info=True)
    text = str(problem or "")
    return "word_problem" if len(text.split()) >= 8 and re.search(r"\d", text) else "other"


CSV_FIELDS = [
    "time",
    "vote",
    "winner",
    "note",
    "problem",
    "gold",
    "kind",
    "blind",
    "session",
    "columns",
    "answers",
    "correct",
]
DEFAULT_VOTE_CAP = 3  # votes per session and problem that count (and are stored)


class VoteLog:
    """Teachers' verdicts, one JSON object per line; exportable as CSV.

    A record: time (UTC, ISO 8601), vote (A-D / tie / all bad), winner (the true model name, or
    the verdict), note, problem, problem_key, gold (or null), kind (the math core's), blind
    (whether names were hidden until the vote), session (a hash of the browser session),
    columns (the true model names in the order shown), answers and correct (each column's final
    answer and whether it matched the gold answer; null without gold)."""

    def __init__(self, path: str | Path, cap: int = DEFAULT_VOTE_CAP) -> None:
        self.path = Path(path)
        self.cap = cap
        self._lock = threading.Lock()

    def votes_on(self, session: str | None, problem: str) -> int:
        """How many votes this session already gave on this problem."""
        if not session:
            return 0
        key = problem_key(problem)
        return sum(1 for r in self.records() if r.get("session") == session and r.get("problem_key") == key)

    def add(
        self,
        problem: str,
        columns: list[str],
        vote: str,
        note: str = "",
        gold: str | None = None,
        answers: list | None = None,
        correct: list | None = None,
        *,
        session: str | None = None,
        kind: str | None = None,
        blind: bool = False,
    ) -> dict:
        """Store one vote; `session` is a `session_key`. Refused (CompareError) past `cap` votes
        by one session on one problem."""
        if vote not in VOTE_CHOICES:
            raise CompareError(f"vote must be one of {', '.join(VOTE_CHOICES)}")
        if not columns:
            raise CompareError("run a comparison before voting")
        if len(vote) == 1 and LETTERS.index(vote) >= len(columns):
            raise CompareError(f"there is no column {vote} in this comparison")
        winner = columns[LETTERS.index(vote)] if len(vote) == 1 else vote
        record = {
            "time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "vote": vote,
            "winner": winner,
            "note": (note or "").strip()[:2000],
            "problem": str(problem)[:4000],
            "problem_key": problem_key(problem),
            "gold": gold,
            "kind": kind,
            "blind": bool(blind),
            "session": session,
            "columns": list(columns),
            "answers": list(answers or []),
            "correct": list(correct or []),
        }
        with self._lock:
            if self.cap and session and self.votes_on(session, problem) >= self.cap:
                raise CompareError(
                    f"this session has already voted {self.cap} times on this "
                    f"problem; only {self.cap} votes per session and problem "
                    f"count, so this one was not saved"
                )
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with open(self.path, "a", encoding="utf-8") as f:
                f.write(json.dumps(record, ensure_ascii=False) + "\n")
        return record

    def records(self) -> list[dict]:
        if not self.path.is_file():
            return []
        out = []
        for line in self.path.read_text(encoding="utf-8").splitlines():
            try:
                out.append(json.loads(line))
            except ValueError:
                continue
        return out

    def to_csv(self) -> str:
        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=CSV_FIELDS)
        w.writeheader()
        from tutor.security.text import csv_safe

        for r in self.records():  # cells a spreadsheet would run as formulas are made text
            w.writerow(
                {
                    k: csv_safe(
                        " | ".join("" if x is None else str(x) for x in r.get(k) or [])
                        if isinstance(r.get(k), list)
                        else r.get(k)
                    )
                    for k in CSV_FIELDS
                }
            )
        return buf.getvalue()

    def write_csv(self, out: str | Path | None = None) -> Path:
        out = Path(out) if out else self.path.with_suffix(".csv")
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(self.to_csv(), encoding="utf-8")
        return out
