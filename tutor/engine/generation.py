"""The one generation core for transformers models: batched, streamed, stoppable per request.

Everything that generates with a local model goes through here: the tutor's replies, hints and
checks (`HFEngine.generate`), self-consistency samples (`num_return_sequences`), Compare's columns
(base and adapters side by side in one batch) and Evaluate's batches.

The decode loop is continuous batching (`tutor.engine.decoding.Lane`): rows join a running batch
between decode steps (the newcomers are prefilled and their KV cache merged into the running one,
left-padded) and leave it the moment they end (end of sequence or end of turn, their own
`max_new_tokens`, their request's stop event), so a request that arrives while others generate
starts at the next step instead of waiting for the whole batch. Each row has its own sampling
settings (greedy and sampled rows share a batch) and its own LoRA adapter (PEFT's
`adapter_names=`, or the registry's `activate` while every row has the same one).

* `run_batch(model, tokenizer, requests)` runs a list of `GenRequest`s to the end on the calling
  thread (Evaluate, tests): one lane, nobody joins.
* `GenerationCore` serves concurrent requests to one engine from one worker thread: the first
  request after an idle spell waits up to `gather_s` for company (unless it is the first after a
  quiet second; while more keep arriving, up to `gather_s` after the latest of them, at most
  `GATHER_BURSTS` windows in all), later ones join the running batch at the next step while it has room (at most
  `max_batch_size` rows); the line is strictly first come, first served (a group that does not fit
  waits, and those behind it wait too, so nobody is passed over for ever; queued requests are told
  their place in line). A group's rows (Compare's columns) always join together.

Why not transformers' own continuous batching (`generate_batch`, `init_continuous_batching`,
`transformers serve --continuous-batching`)? In transformers 5.23 it has no per-request LoRA
adapter (nothing in `generation/continuous_batching` takes PEFT's `adapter_names`) and needs a
paged-attention implementation; the app needs mixed adapters in one batch (Compare, students on
different adapters). `transformers serve --continuous-batching` is still a fine server behind the
OpenAI-compatible backend (`tutor.engine.openai_backend`).

No Gradio here.
"""

from __future__ import annotations

import collections
import contextlib
import logging
import os
import queue
import threading
import time
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass, field

from tutor.engine.decoding import Lane, encode, same_model
from tutor.engine.prefix_cache import PrefixCache
from tutor.engine.types import Done, Failed, GenerationSettings, GroupEvent, Queued, Step

__all__ = ["END_OF_TURN_TOKENS", "GenRequest", "GenerationCore", "Row", "encode", "rows_for", "run_batch"]

log = logging.getLogger(__name__)

END_OF_TURN_TOKENS = ("<end_of_turn>", "<|eot_id|>", "<|im_end|>", "<|end|>", "<|endoftext|>")
QUIET_S = 1.0  # a request this long after requests last overlapped does not wait for company
GATHER_BURSTS = 5  # a burst of arrivals keeps a new batch open for at most this many gather windows
FLUSH_INTERVAL_S = 0.02  # at most ~50 text hand-offs a second per request (see token_streamer)


def stop_token_ids(model, tokenizer) -> list[int]:
    """The one end-of-sequence rule: eos ids from the generation config, the model config and the
    tokenizer, plus the known end-of-turn tokens that the vocabulary has."""
    ids: list[int] = []
    for src in (
        getattr(getattr(model, "generation_config", None), "eos_token_id", None),
        getattr(getattr(model, "config", None), "eos_token_id", None),
        tokenizer.eos_token_id,
    ):
        if src is None:
            continue
        ids += list(src) if isinstance(src, (list, tuple)) else [src]
    vocab = tokenizer.get_vocab()
    for tok in END_OF_TURN_TOKENS:
        if tok in vocab:
            ids.append(vocab[tok])
    return sorted({int(i) for i in ids if i is not None})


def _default_settings() -> GenerationSettings:
    return GenerationSettings()


@dataclass
class GenRequest:
    """One prompt to complete. `adapter`: a PEFT adapter name, or None/"base" for the base model
    (names are resolved by the caller, e.g. `AdapterRegistry.resolve`)."""

    prompt: str
    # clamped by the caller; defaults to `GenerationSettings()` (an explicit None too)
    settings: GenerationSettings = field(default_factory=_default_settings)
    adapter: str | None = None
    stop: threading.Event | None = None
    num_return_sequences: int = 1
    images: tuple = ()  # pictures the prompt's image markers stand for (tutor.engine.vision)

    def __post_init__(self) -> None:
        if self.settings is None:  # callers outside the type check may still pass None
            self.settings = _default_settings()
        self.num_return_sequences = max(1, int(self.num_return_sequences or 1))


@dataclass
class Row:
    """One sequence being generated (a request has `num_return_sequences` rows)."""

    request: int  # index of its request in the batch
    seq: int  # which of the request's sequences
    max_new_tokens: int
    stop: threading.Event | None
    tokens: list[int] = field(default_factory=list)
    text: str = ""
    done: bool = False
    reason: str = ""  # "eos" | "length" | "stop" | "error"
    ended_eos: bool = False
    started: float = 0.0
    finished_at: float | None = None
    batched: bool = True
    # incremental decoding (like token_streamer: held back while a UTF-8 character is incomplete)
    _cache: list[int] = field(default_factory=list)
    _cache_text: str = ""
    _prefix: str = ""
    _held: int = 0

    @property
    def new_tokens(self) -> int:
        """Generated tokens, counting the stop token when the row ended on one."""
        return len(self.tokens) + (1 if self.ended_eos else 0)

    @property
    def stopped(self) -> bool:
        return self.reason == "stop"

    def finish(self, reason: str, tokenizer=None) -> None:
        """End the row; with `tokenizer`, its text becomes the whole decoded text at once (a
        finished row that waits for its batch-mates shows what it will end with)."""
        if not self.done:
            self.done, self.reason, self.finished_at = True, reason, time.perf_counter()
            if tokenizer is not None:
                self.text = self.final_text(tokenizer)

    def add(self, tokenizer, token: int) -> None:
        self.tokens.append(token)
        self._cache.append(token)
        text = tokenizer.decode(self._cache, skip_special_tokens=True)
        if text.endswith("\ufffd"):
            self._held += 1
            if self._held < 4:  # a UTF-8 character spans at most 4 byte-level tokens
                return
        self._held = 0
        self.text = self._prefix + text
        if text.endswith("\n"):
            self._prefix, self._cache = self.text, []

    def final_text(self, tokenizer) -> str:
        return tokenizer.decode(self.tokens, skip_special_tokens=True)


def rows_for(requests: list[GenRequest]) -> list[Row]:
    rows = []
    for i, r in enumerate(requests):
        for k in range(r.num_return_sequences):
            rows.append(Row(request=i, seq=k, max_new_tokens=int(r.settings.max_new_tokens), stop=r.stop))
    return rows


@contextlib.contextmanager
def _as_given(names: list[str]) -> Iterator[list[str]]:
    yield names


def run_batch(
    model,
    tokenizer,
    requests: list[GenRequest],
    *,
    adapter_names: list[str] | None = None,
    eos_ids: list[int] | None = None,
    on_step: Callable[[list[Row]], None] | None = None,
    rows: list[Row] | None = None,
    processor=None,
) -> list[Row]:
    """Generate `requests` to the end on this thread, as one batch that nobody joins (each row
    with its request's own settings). `adapter_names`: one PEFT adapter name per REQUEST
    ("__base__" for the base) for a mixed batch; None runs every row on the model as it is.
    `on_step(rows)` is called after every step on this thread. `processor`: a multimodal model's,
    used when a request has pictures (text-only rows share the batch). Returns the rows (request
    order, then sequence order)."""
    if not requests:
        return []
    rows = rows if rows is not None else rows_for(requests)
    now = time.perf_counter()
    for row in rows:
        row.started = now
        if row.stop is not None and row.stop.is_set():
            row.finish("stop")
    live = [r for r in rows if not r.done]
    if live:
        eos = eos_ids if eos_ids is not None else stop_token_ids(model, tokenizer)
        names = [adapter_names[r.request] for r in live] if adapter_names is not None else [""] * len(live)
        lane = Lane(
            model,
            tokenizer,
            set(eos),
            adapters=_as_given if adapter_names is not None else same_model,
            processor=processor,
        )
        images = [list(requests[r.request].images) for r in live]
        lane.join(
            live,
            [requests[r.request].prompt for r in live],
            [requests[r.request].settings for r in live],
            names,
            images if any(images) else None,
        )
        while True:
            if on_step is not None:
                on_step(rows)
            if not len(lane):
                break
            lane.step()
    for row in rows:
        if not row.done:
            row.finish("length")
        row.text = row.final_text(tokenizer)
    return rows


# ---------------------------------------------------------------------------------------------
# the batcher


@dataclass
class _Group:
    """Requests submitted together: they always join the running batch together (Compare's
    columns)."""

    requests: list[GenRequest]
    adapters: list[str]  # resolved registry names ("base" for the base model)
    events: queue.Queue = field(default_factory=queue.Queue)
    rows: list[Row] = field(default_factory=list)
    position: int = 0
    seq: int = 0  # the order it was submitted in (0 = first), per core
    posted: bool = False  # its "done" event was sent
    arrived: float = 0.0
    company_seen: float = float("-inf")  # when requests last overlapped (one came while others ran)

    @property
    def size(self) -> int:
        return sum(r.num_return_sequences for r in self.requests)

    @property
    def running(self) -> int:
        return sum(not r.done for r in self.rows)


MIXED = "*"  # the lane whose rows may each have their own adapter


class GenerationCore:
    """Serves concurrent requests to one `HFEngine` from one worker thread by continuous
    batching. While rows run the worker holds `engine.lock`, so adapter loads and evaluations
    never interleave with a step: while one waits, newcomers stop joining, so it goes next once
    the running rows end (:class:`tutor.engine.model_lock.ModelLock`)."""

    def __init__(self, engine, max_batch_size: int = 16, gather_s: float = 0.01) -> None:
        self.engine = engine
        self.max_batch_size = max(1, int(max_batch_size))
        self.gather_s = max(0.0, float(gather_s))
        self._pending: collections.deque[_Group] = collections.deque()
        self._cond = threading.Condition()
        self._thread: threading.Thread | None = None
        self._busy = False  # rows are running
        self._running = 0  # rows in the running batch (as of the last step)
        self._last_overlap = float("-inf")  # when a request last arrived while others were in
        # On ZeroGPU Spaces the GPU exists only inside each `spaces.GPU` call, so a shared
        # worker thread cannot use it: there each request runs its own batch from the caller.
        self.inline = bool(os.environ.get("SPACES_ZERO_GPU"))
        self._submitted = 0
        # the groups let into the running batch at each admission, by submission number, in
        # order: what the fairness promise is checked on (first come, first served; the head of
        # the line always goes next), not on completion order, which depends on the replies'
        # lengths and the machine
        self.admitted: collections.deque[tuple[int, ...]] = collections.deque(maxlen=1000)
        self.batches = 0  # running batches started from idle so far
        self.largest_batch = 0  # most rows running at once
        self._mixable: dict[frozenset, bool] = {}  # adapter sets PEFT can run in one forward
        # shared prompt beginnings (system prompt, template header) prefilled once per adapter;
        # forgotten when the model or its adapters change. Not on ZeroGPU: its GPU exists only
        # inside each call, so states kept on it between calls would not survive.
        self.prefixes: PrefixCache | None = (
            None
            if self.inline
            else PrefixCache(
                version=lambda: (id(engine.model), getattr(getattr(engine, "adapters", None), "revision", 0))
            )
        )

    # -- submitting -------------------------------------------------------------------------

    def submit(self, requests: list[GenRequest], adapters: list[str]) -> _Group:
        for r in requests:
            if r.stop is None:  # every row can be ended on its own
                r.stop = threading.Event()
        group = _Group(list(requests), list(adapters))
        with self._cond:
            group.seq, self._submitted = self._submitted, self._submitted + 1
        if self.inline:  # no shared worker: a thread of the caller's own runs its batch
            threading.Thread(
                target=self._run_one, args=(group,), name="generation-inline", daemon=True
            ).start()
            return group
        with self._cond:
            group.arrived = time.perf_counter()
            if self._busy or self._pending:
                self._last_overlap = group.arrived
            group.company_seen = self._last_overlap
            self._pending.append(group)
            ahead = self._running + sum(g.size for g in self._pending)
            if self._busy and ahead > self.max_batch_size:  # no room at the next step: in line
                group.position = len(self._pending)
                group.events.put(Queued(group.position))
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._loop, name="generation-core", daemon=True)
                self._thread.start()
            self._cond.notify_all()
        return group

    def stream(self, requests: list[GenRequest], adapters: list[str]) -> Generator[GroupEvent, None, None]:
        """Submit a group and yield its events (`tutor.engine.types`): `Queued(position)`,
        `Step(rows)` and finally `Done(rows)` or `Failed(error)`. Closing the iterator stops the
        group's rows."""
        group = self.submit(requests, adapters)
        finished = False
        try:
            while True:
                ev = group.events.get()
                if isinstance(ev, Step):  # coalesce steps that arrived while the consumer was busy
                    try:
                        while True:
                            nxt = group.events.get_nowait()
                            ev = nxt
                            if not isinstance(nxt, Step):
                                break
                    except queue.Empty:
                        pass
                if isinstance(ev, (Done, Failed)):
                    finished = True
                yield ev
                if finished:
                    return
        finally:
            if not finished:  # closed early (Stop, a disconnect): end the group's rows
                for r in group.requests:
                    if r.stop is not None:
                        r.stop.set()
                with self._cond:  # a request that never ran leaves the line
                    queued = group in self._pending
                    if queued:
                        self._pending.remove(group)
                deadline = time.perf_counter() + 60
                while not queued and time.perf_counter() < deadline:  # its rows end at the next step
                    try:
                        if isinstance(group.events.get(timeout=1), (Done, Failed)):
                            break
                    except queue.Empty:
                        continue

    # -- the line ---------------------------------------------------------------------------

    def _admit(self, running: int) -> list[_Group]:
        """Groups from the head of the line that fit beside `running` rows, in order (the head
        always when nothing runs, however big). Called with the condition held."""
        taken: list[_Group] = []
        while self._pending:
            g = self._pending[0]
            if running + g.size > self.max_batch_size and (running or taken):
                break  # the head waits for room, and so does everyone behind it
            taken.append(self._pending.popleft())
            running += g.size
        if taken:
            self.admitted.append(tuple(g.seq for g in taken))
        self._running = running
        for k, g in enumerate(self._pending, start=1):
            if g.position != k:
                g.position = k
                g.events.put(Queued(k))
        return taken

    def _gather(self) -> list[_Group]:
        """The first groups of a batch started from idle: the head waits up to `gather_s` for
        company while requests overlap (a class at work). Called with the condition held."""
        head = self._pending[0]
        wait = self.gather_s if head.arrived - head.company_seen < QUIET_S else 0.0
        # a burst (a class pressing Send together) keeps the batch open while it goes on: up to
        # `gather_s` after the latest arrival, at most GATHER_BURSTS x `gather_s` after the first
        latest = time.perf_counter() + GATHER_BURSTS * wait
        while True:
            rows = 0
            for g in self._pending:
                if rows and rows + g.size > self.max_batch_size:
                    break
                rows += g.size
            newest = max(g.arrived for g in self._pending) if self._pending else 0.0
            left = min(newest + wait, latest) - time.perf_counter()
            if rows >= self.max_batch_size or left <= 0 or not self._pending:
                return self._admit(0)
            self._cond.wait(left)

    # -- the worker -------------------------------------------------------------------------

    def _loop(self) -> None:
        while True:
            with self._cond:
                while not self._pending:
                    if not self._cond.wait(timeout=30):
                        if not self._pending:  # idle: the thread ends, submit() restarts it
                            self._thread = None
                            return
                first = self._gather()
                if not first:
                    continue
                self._busy = True
            try:
                self._serve(first, join=True)
            finally:
                with self._cond:
                    self._busy, self._running = False, 0

    def _run_one(self, group: _Group) -> None:
        self._serve([group], join=False)

    def _serve(self, first: list[_Group], join: bool) -> None:
        """Run `first` (and, with `join`, whoever joins from the line) until no row runs. A
        failure is delivered to every group that has not had its last event."""
        owed = list(first)
        try:
            self._decode(first, join, owed)
        except BaseException as exc:  # noqa: BLE001 - delivered to every running request
            log.exception("generation failed")
            for g in owed:
                if not g.posted:
                    g.posted = True
                    g.events.put(Failed(exc))

    def _decode(self, first: list[_Group], join: bool, owed: list[_Group]) -> None:
        engine = self.engine
        live = list(first)
        lanes: dict[str, Lane] = {}
        every: list[Row] = []  # this batch's rows, for the engine's stats
        last = 0.0  # last hand-off time
        with engine.lock:
            self.batches += 1
            stats = engine.stats
            stats.active, started = True, time.perf_counter()
            try:
                self._enter(list(live), lanes, every)
                while True:
                    finished = [g for g in live if not g.running]
                    live[:] = [g for g in live if g.running]
                    # newcomers join between steps, except while someone waits for the model (an
                    # adapter load, an evaluation): it goes next, not after the class's whole stream
                    if join and not getattr(engine.lock, "waiting", 0):
                        with self._cond:
                            newcomers = self._admit(sum(g.running for g in live))
                        if newcomers:
                            live += newcomers
                            owed += newcomers
                            self._enter(newcomers, lanes, every)
                    if not live:
                        break
                    self.largest_batch = max(self.largest_batch, sum(g.running for g in live))
                    self._post(finished, final=True)
                    now = time.perf_counter()
                    if finished or now - last >= FLUSH_INTERVAL_S:  # ~50 hand-offs a second at most
                        last = now
                        self._post(live, final=False)
                    for key in list(lanes):
                        lanes[key].step()
                        if not len(lanes[key]):
                            del lanes[key]
            finally:
                # settled before the last groups hear they are done (what `/status` reads)
                stats.active = False
                stats.last_seconds = time.perf_counter() - started
                stats.last_new_tokens = max((r.new_tokens for r in every), default=0)
                stats.last_stopped = any(r.stopped for r in every)
        self._post(finished, final=True)

    def _post(self, groups: list[_Group], final: bool) -> None:
        tokenizer = self.engine.tokenizer
        for g in groups:
            if g.posted:
                continue
            if final:
                for r in g.rows:
                    r.text = r.final_text(tokenizer)
                g.posted = True
                g.events.put(Done(g.rows))
            else:
                g.events.put(Step(g.rows))

    def _enter(self, groups: list[_Group], lanes: dict[str, Lane], every: list[Row]) -> None:
        """Prefill `groups`' rows into the running batch: the mixed lane where PEFT can run their
        adapters beside the others in one forward, else a lane per adapter."""
        engine = self.engine
        now = time.perf_counter()
        joining: list[tuple[Row, GenRequest, str]] = []
        for g in groups:
            g.rows = rows_for(g.requests)
            every += g.rows
            engine.stats.generations += len(g.requests)
            for r in g.rows:
                r.started = now
                if r.stop is not None and r.stop.is_set():
                    r.finish("stop")
                else:
                    joining.append((r, g.requests[r.request], g.adapters[r.request]))
        if not joining:
            return
        mixed = lanes.get(MIXED)
        names = {a for _, _, a in joining} | set(mixed.names if mixed is not None else ())
        mix = len(names) == 1 or self._can_mix(frozenset(names))
        by_lane: dict[str, list[tuple[Row, GenRequest, str]]] = {}
        for item in joining:
            by_lane.setdefault(MIXED if mix else item[2], []).append(item)
        for key, items in by_lane.items():
            if key not in lanes:
                lanes[key] = Lane(
                    engine.model,
                    engine.tokenizer,
                    set(engine.eos_ids),
                    adapters=self._adapters,
                    processor=getattr(engine, "processor", None),
                    prefixes=self.prefixes,
                )
            images = [list(req.images) for _, req, _ in items]
            lanes[key].join(
                [r for r, _, _ in items],
                [req.prompt for _, req, _ in items],
                [req.settings for _, req, _ in items],
                [a for _, _, a in items],
                images if any(images) else None,
            )
        if len(by_lane) > 1:  # a group split over lanes did not run as one batch
            for g in groups:
                if len({g.adapters[r.request] for r in g.rows}) > 1:
                    for r in g.rows:
                        r.batched = False

    @contextlib.contextmanager
    def _adapters(self, names: list[str]) -> Iterator[list[str] | None]:
        """How a lane's next forward runs its rows' adapters: the registry's `activate` while
        they all have the same one, PEFT's `adapter_names=` (`mixed_rows`) when they differ."""
        registry = getattr(self.engine, "adapters", None)
        if registry is None:  # no adapters: every row runs on the base
            yield None
            return
        distinct = set(names)
        if len(distinct) == 1:
            with registry.activate(next(iter(distinct))):
                yield None
            return
        yield registry.mixed_rows(names)

    def _can_mix(self, names: frozenset) -> bool:
        """Whether PEFT runs these adapters side by side in one forward (a one-token probe, once
        per set of names): some adapter kinds cannot be mixed, their rows get a lane each."""
        if names not in self._mixable:
            import torch

            ok = getattr(self.engine, "adapters", None) is not None
            if ok:
                model, order = self.engine.model, sorted(names)
                device = next(model.parameters()).device
                try:
                    with torch.inference_mode(), self._adapters(order) as peft_names:
                        ids = torch.zeros((len(order), 1), dtype=torch.long, device=device)
                        model(input_ids=ids, adapter_names=peft_names, use_cache=False)
                except Exception as exc:  # noqa: BLE001 - a model PEFT cannot mix: a lane each
                    log.warning("adapters %s cannot share a batch (%s): one lane each", order, exc)
                    ok = False
            self._mixable[names] = ok
        return self._mixable[names]
