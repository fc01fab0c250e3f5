"""The one generation core for transformers models: batched, streamed, stoppable per request.

Everything that generates with a local model goes through here: the tutor's replies, hints and
checks (`HFEngine.generate`), self-consistency samples (`num_return_sequences`), Compare's columns
(base and adapters side by side in one batch) and Evaluate's batches.

* `run_batch(model, tokenizer, requests)` runs ONE `model.generate` call for a list of
  `GenRequest`s on the calling thread: prompts left-padded by the tokenizer call
  (`padding_side="left"`, the tokenizer is not mutated), one end-of-sequence rule
  (`stop_token_ids`: the generation config's and tokenizer's eos plus end-of-turn tokens), a
  per-row stopping criterion (each request's own stop event and its own `max_new_tokens`), and
  per-row LoRA adapters through PEFT's `adapter_names=`. Each row's text streams to a callback.
* `GenerationCore` gathers concurrent requests to one engine into batches: a request waits up to
  `gather_s` for company (unless it is the first after a quiet second), a batch holds at most
  `max_batch_size` rows, requests that arrive while
  a batch runs go into the next batch (queued requests are told their place in line), and
  requests whose sampling settings differ go into different batches.

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
import logging
import os
import queue
import threading
import time
from collections.abc import Callable, Generator
from dataclasses import dataclass, field

from tutor.engine.types import Done, Failed, GenerationSettings, GroupEvent, Queued, Step

log = logging.getLogger(__name__)

END_OF_TURN_TOKENS = ("<end_of_turn>", "<|eot_id|>", "<|im_end|>", "<|end|>", "<|endoftext|>")
QUIET_S = 1.0  # a request this long after requests last overlapped does not wait for company
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

    def sampling_key(self) -> tuple:
        s = self.settings
        if s.temperature > 0:
            return ("sample", s.temperature, s.top_p, s.repetition_penalty)
        return ("greedy", s.repetition_penalty)


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


def _generation_kwargs(settings, max_new_tokens: int, pad_id, eos_ids) -> dict:
    kwargs = dict(
        max_new_tokens=max_new_tokens,
        repetition_penalty=settings.repetition_penalty,
        pad_token_id=pad_id,
        eos_token_id=list(eos_ids),
    )
    if settings.temperature > 0:
        kwargs.update(do_sample=True, temperature=settings.temperature, top_p=settings.top_p, top_k=None)
    else:
        kwargs.update(do_sample=False, temperature=None, top_p=None, top_k=None)
    return kwargs


class _Streamer:
    """Receives the prompt once, then one [batch] tensor of new tokens per step."""

    def __init__(self, rows: list[Row], tokenizer, eos: set[int], on_step) -> None:
        self.rows, self.tokenizer, self.eos, self.on_step = rows, tokenizer, eos, on_step
        self._prompt = True

    def put(self, value) -> None:
        if self._prompt:
            self._prompt = False
            return
        ids = value.reshape(-1).tolist()
        for row, t in zip(self.rows, ids):
            if row.done:
                continue
            if t in self.eos:
                row.ended_eos = True
                row.finish("eos", self.tokenizer)
            else:
                row.add(self.tokenizer, t)
        if self.on_step is not None:
            self.on_step(self.rows)

    def end(self) -> None:
        pass


class _RowCriteria:
    """Per-row stopping: the request's stop event, or its own max_new_tokens."""

    def __init__(self, rows: list[Row], tokenizer=None) -> None:
        self.rows, self.tokenizer = rows, tokenizer

    def __call__(self, input_ids, scores, **kwargs):
        import torch

        out = []
        for row in self.rows:
            if not row.done:
                if row.stop is not None and row.stop.is_set():
                    row.finish("stop", self.tokenizer)
                elif len(row.tokens) >= row.max_new_tokens:
                    row.finish("length", self.tokenizer)
            out.append(row.done)
        return torch.tensor(out, dtype=torch.bool, device=input_ids.device)


def encode(tokenizer, prompts: list[str], device):
    """Left-padded input ids and attention mask for `prompts`, padded by hand: a fast tokenizer
    keeps its padding setting as state on one shared object, so `padding=True` here while request
    threads tokenize (`prepare`) could return an unpadded batch (transformers issue #47085)."""
    import torch

    if tokenizer.pad_token_id is not None:
        pad = tokenizer.pad_token_id
    else:  # a tokenizer without a pad token is never changed
        pad = tokenizer.eos_token_id if tokenizer.eos_token_id is not None else 0
    seqs = tokenizer(list(prompts), add_special_tokens=False)["input_ids"]
    width = max(len(s) for s in seqs)
    ids = torch.tensor([[pad] * (width - len(s)) + s for s in seqs])
    mask = torch.tensor([[0] * (width - len(s)) + [1] * len(s) for s in seqs])
    return {"input_ids": ids.to(device), "attention_mask": mask.to(device)}, pad


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
    """One `model.generate` call for `requests` (all with the same sampling settings) on this
    thread. `adapter_names`: one PEFT adapter name per REQUEST ("__base__" for the base) for a
    mixed batch; None runs every row on the model as it is. `on_step(rows)` is called after every
    step on this thread. `processor`: a multimodal model's, used when a request has pictures
    (text-only rows share the batch). Returns the rows (request order, then sequence order)."""
    import torch
    from transformers import StoppingCriteriaList

    if not requests:
        return []
    keys = {r.sampling_key() for r in requests}
    if len(keys) > 1:
        raise ValueError("one batch needs one set of sampling settings")
    rows = rows if rows is not None else rows_for(requests)
    now = time.perf_counter()
    for row in rows:
        row.started = now
        if row.stop is not None and row.stop.is_set():
            row.finish("stop")
    live = [r for r in rows if not r.done]
    if not live:
        return rows
    eos = eos_ids if eos_ids is not None else stop_token_ids(model, tokenizer)
    prompts = [requests[r.request].prompt for r in rows]
    device = next(model.parameters()).device
    if any(requests[r.request].images for r in rows):
        from tutor.engine.vision import encode_with_images

        if processor is None:
            raise ValueError("this model does not read pictures")
        dtype = next((p.dtype for p in model.parameters() if p.is_floating_point()), None)
        images = [list(requests[r.request].images) for r in rows]
        inputs, pad_id = encode_with_images(processor, prompts, images, device, dtype)
    else:
        inputs, pad_id = encode(tokenizer, prompts, device)
    kwargs = _generation_kwargs(requests[0].settings, max(r.max_new_tokens for r in rows), pad_id, eos)
    if adapter_names is not None:
        kwargs["adapter_names"] = [adapter_names[r.request] for r in rows]
    streamer = _Streamer(rows, tokenizer, set(eos), on_step)
    with torch.inference_mode():  # not generate's no_grad: ~9% faster on CPU, BENCHMARKS.md
        model.generate(
            **inputs,
            streamer=streamer,
            stopping_criteria=StoppingCriteriaList([_RowCriteria(rows, tokenizer)]),
            **kwargs,
        )
    for row in rows:
        if not row.done:  # generate ended on its own limit
            row.finish("length")
        row.text = row.final_text(tokenizer)
    return rows


# ---------------------------------------------------------------------------------------------
# the batcher


@dataclass
class _Group:
    """Requests submitted together: they always run in the same batch (Compare's columns)."""

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


class GenerationCore:
    """Gathers concurrent requests to one `HFEngine` into batches and runs them on one worker
    thread (holding `engine.lock`, so adapter loads and evaluations never interleave with it)."""

    def __init__(self, engine, max_batch_size: int = 16, gather_s: float = 0.01) -> None:
        self.engine = engine
        self.max_batch_size = max(1, int(max_batch_size))
        self.gather_s = max(0.0, float(gather_s))
        self._pending: collections.deque[_Group] = collections.deque()
        self._cond = threading.Condition()
        self._thread: threading.Thread | None = None
        self._busy = False  # a batch is running
        self._last_overlap = float("-inf")  # when a request last arrived while others were in
        # On ZeroGPU Spaces the GPU exists only inside each `spaces.GPU` call, so a shared
        # worker thread cannot use it: there each request runs its own batch from the caller.
        self.inline = bool(os.environ.get("SPACES_ZERO_GPU"))
        self._submitted = 0
        # the groups of each batch, by submission number, in the order batches were taken: what
        # the fairness promise is checked on (the head of the line always goes next; FIFO among
        # equals), not on completion order, which depends on the replies' lengths and the machine
        self.admitted: collections.deque[tuple[int, ...]] = collections.deque(maxlen=1000)
        self.batches = 0  # batches run so far
        self.largest_batch = 0  # most rows in one batch

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
            if self._busy:  # a batch is running: this request waits for the next one
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

    # -- the worker -------------------------------------------------------------------------

    def _take_batch(self) -> list[_Group]:
        """Called with the condition held and at least one group pending."""
        first = self._pending.popleft()
        batch, rows = [first], first.size
        key = first.requests[0].sampling_key()
        # The window is spent only while requests overlap (a class at work): one student asking
        # again after a reply, or the first request after a quiet spell, starts at once.
        wait = self.gather_s if first.arrived - first.company_seen < QUIET_S else 0.0
        deadline = time.perf_counter() + wait
        while True:
            for g in list(self._pending):
                if rows + g.size > self.max_batch_size:
                    continue
                if all(r.sampling_key() == key for r in g.requests):
                    self._pending.remove(g)
                    batch.append(g)
                    rows += g.size
            left = deadline - time.perf_counter()
            if rows >= self.max_batch_size or left <= 0:
                return batch
            self._cond.wait(left)

    def _loop(self) -> None:
        while True:
            with self._cond:
                while not self._pending:
                    if not self._cond.wait(timeout=30):
                        if not self._pending:  # idle: the thread ends, submit() restarts it
                            self._thread = None
                            return
                batch = self._take_batch()
                self.admitted.append(tuple(g.seq for g in batch))
                self._busy = True
                for k, g in enumerate(self._pending, start=1):
                    if g.position != k:
                        g.position = k
                        g.events.put(Queued(k))
            try:
                self._run(batch)
            except BaseException as exc:  # noqa: BLE001 - delivered to every request
                log.exception("generation batch failed")
                for g in batch:
                    if not g.posted:
                        g.events.put(Failed(exc))
            finally:
                with self._cond:
                    self._busy = False

    def _run_one(self, group: _Group) -> None:
        try:
            self._run([group])
        except BaseException as exc:  # noqa: BLE001 - delivered to the request
            log.exception("generation failed")
            if not group.posted:
                group.events.put(Failed(exc))

    def _run(self, batch: list[_Group]) -> None:
        engine = self.engine
        requests = [r for g in batch for r in g.requests]
        adapters = [a for g in batch for a in g.adapters]
        rows = rows_for(requests)
        owner: list[_Group] = []
        for g in batch:
            owner += [g] * g.size
        for g in batch:
            g.rows = [r for r, o in zip(rows, owner) if o is g]
        last = [0.0, 0]  # last hand-off time, rows done then

        def on_step(all_rows):
            now, done = time.perf_counter(), sum(r.done for r in all_rows)
            if now - last[0] < FLUSH_INTERVAL_S and done == last[1]:
                return
            last[0], last[1] = now, done
            running = done < len(all_rows)
            for g in batch:
                if g.posted:
                    continue
                if running and all(r.done for r in g.rows):
                    # finished while others still run: done now (the last group's done waits for
                    # the batch to end, so the engine's stats are settled when it arrives)
                    for r in g.rows:
                        r.text = r.final_text(engine.tokenizer)
                    g.posted = True
                    g.events.put(Done(g.rows))
                else:
                    g.events.put(Step(g.rows))

        with engine.lock:
            self.batches += 1
            self.largest_batch = max(self.largest_batch, len(rows))
            stats = engine.stats
            stats.active, stats.generations = True, stats.generations + len(requests)
            started = time.perf_counter()
            try:
                self._generate(requests, adapters, rows, on_step)
            finally:
                stats.active = False
                stats.last_seconds = time.perf_counter() - started
                stats.last_new_tokens = max((r.new_tokens for r in rows), default=0)
                stats.last_stopped = any(r.stopped for r in rows)
        for g in batch:
            if not g.posted:
                g.events.put(Done(g.rows))

    def _generate(self, requests, adapters, rows, on_step) -> None:
        engine = self.engine
        registry = getattr(engine, "adapters", None)
        tokenizer = engine.tokenizer
        eos = engine.eos_ids
        proc = getattr(engine, "processor", None)
        names = sorted(set(adapters))
        if len(names) == 1:
            ctx = registry.activate(names[0]) if registry is not None else _null()
            with ctx:
                run_batch(
                    engine.model, tokenizer, requests, eos_ids=eos, on_step=on_step, rows=rows, processor=proc
                )
            return
        # several names: adapters other than "base" exist only through a registry
        assert registry is not None, "a mixed-adapter batch needs the engine's adapter registry"
        peft_names = registry.mixed_rows(adapters)  # every LoRA layer on: a base batch left them off
        try:
            run_batch(
                engine.model,
                tokenizer,
                requests,
                adapter_names=peft_names,
                eos_ids=eos,
                on_step=on_step,
                rows=rows,
                processor=proc,
            )
            return
        except Exception as exc:  # noqa: BLE001 - a model PEFT cannot mix: per adapter below
            if any(r.tokens for r in rows):
                raise
            log.warning("mixed-adapter batch not possible (%s); one batch per adapter", exc)
        for name in names:
            idx = [i for i, a in enumerate(adapters) if a == name]
            sub = [r for r in rows if r.request in idx]
            subreq = [requests[i] for i in idx]
            remap = {old: new for new, old in enumerate(idx)}
            for r in sub:
                r.request, r.batched = remap[r.request], False
            try:
                with registry.activate(name):
                    run_batch(
                        engine.model,
                        tokenizer,
                        subreq,
                        eos_ids=eos,
                        on_step=on_step,
                        rows=sub,
                        processor=proc,
                    )
            finally:
                for r in sub:
                    r.request = idx[r.request]


class _null:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False
