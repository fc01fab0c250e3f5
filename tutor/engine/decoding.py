"""The decode loop of the generation core: a running batch of rows on ONE key/value cache that
rows join between steps and leave the moment they end (continuous batching).

A `Lane` holds the rows that decode together: their KV cache (a `DynamicCache`, rows left-padded
to one length), the 2-D attention mask (0 over each row's padding), each row's next position id
and the token it feeds next. `join` prefills newcomers as a batch of their own on a fresh cache (or
on the remembered states of a prompt beginning they share: `tutor.engine.prefix_cache`),
picks their first token, and merges that cache into the running one (the shorter side is padded
on the left, its mask 0 there, so every row's real tokens stay right-aligned: its position ids
and the causal mask see what they would alone; a row that started from a shared prefix has padding
between the prefix and its own tokens, so models with a sliding window take no prefixes). `step` runs
one forward pass for every row, picks each row's token with its OWN settings (greedy or sampled,
repetition penalty), streams it to the row, and drops the rows that ended (end of sequence, their
`max_new_tokens`, their stop event): `DynamicLayer.batch_select_indices` frees their slots, and
columns that only held padding of rows that left are cut from the left.

Per-row LoRA adapters: the lane asks its owner (`adapters(names)`, a context manager) before every
forward how to run its rows' adapter names: one adapter for all (the registry's `activate`) or
PEFT's `adapter_names=` for a mixed batch (`mixed_rows`). Sampling draws from torch's global
generator, as `generate` does, so a caller's `torch.manual_seed` makes it repeatable.

Device-agnostic: every tensor lives on the model's device. No Gradio here.
"""

from __future__ import annotations

import contextlib
import inspect
from collections.abc import Callable, Iterator
from typing import Any

from tutor.engine.prefix_cache import PrefixCache
from tutor.engine.prefix_cache import supported as prefix_supported


def encode(tokenizer, prompts: list[str], device):
    """Left-padded input ids and attention mask for `prompts`, padded by hand: a fast tokenizer
    keeps its padding setting as state on one shared object, so `padding=True` here while request
    threads tokenize (`prepare`) could return an unpadded batch (transformers issue #47085)."""
    pad = pad_id(tokenizer)
    return left_padded(tokenizer(list(prompts), add_special_tokens=False)["input_ids"], pad, device), pad


def pad_id(tokenizer) -> int:
    """The token that fills left padding (masked out, so any id the model knows will do)."""
    if tokenizer.pad_token_id is not None:
        return tokenizer.pad_token_id
    # a tokenizer without a pad token is never changed
    return tokenizer.eos_token_id if tokenizer.eos_token_id is not None else 0


def left_padded(seqs: list[list[int]], pad: int, device) -> dict:
    """`seqs` as one left-padded batch: input ids and attention mask (0 over the padding)."""
    import torch

    width = max(len(s) for s in seqs)
    ids = torch.tensor([[pad] * (width - len(s)) + list(s) for s in seqs])
    mask = torch.tensor([[0] * (width - len(s)) + [1] * len(s) for s in seqs])
    return {"input_ids": ids.to(device), "attention_mask": mask.to(device)}


@contextlib.contextmanager
def same_model(names: list[str]) -> Iterator[list[str] | None]:
    """The default adapter rule: run every row on the model as it is (no `adapter_names`)."""
    yield None


def _keeps_last_logits(model) -> bool:
    """Whether the model's forward takes `logits_to_keep` (the prefill needs the last position's
    logits only: a [rows, prompt, vocab] float tensor otherwise)."""
    base = model.get_base_model() if hasattr(model, "get_base_model") else model
    try:
        return "logits_to_keep" in inspect.signature(base.forward).parameters
    except (TypeError, ValueError):
        return False


class Lane:
    """Rows decoding together on one KV cache. `rows` are the core's `Row`s (duck-typed: `tokens`,
    `done`, `stop`, `max_new_tokens`, `add`, `finish`). Not thread-safe: one thread drives it."""

    def __init__(
        self,
        model,
        tokenizer,
        eos: set[int],
        *,
        adapters: Callable[[list[str]], contextlib.AbstractContextManager] = same_model,
        processor=None,
        prefixes: PrefixCache | None = None,
    ) -> None:
        self.model, self.tokenizer, self.eos = model, tokenizer, set(eos)
        self.adapters, self.processor = adapters, processor
        self.prefixes = prefixes if prefixes is not None and prefix_supported(model) else None
        self.device = next(model.parameters()).device
        self.rows: list[Any] = []
        self.names: list[str] = []  # each row's adapter name (whatever `adapters` understands)
        self.settings: list[Any] = []  # each row's GenerationSettings
        self.seen: list[Any] = []  # each row's prompt + tokens so far (for a repetition penalty)
        self.cache: Any = None  # a DynamicCache once rows run
        self.mask: Any = None  # [rows, cache length]: 0 over each row's left padding
        self.positions: Any = None  # [rows]: the position id of the token each row feeds next
        self.next_ids: Any = None  # [rows]: the token each row feeds next
        self._keep = _keeps_last_logits(model)
        self.forwards = 0  # forward passes run (prefills and steps)

    def __len__(self) -> int:
        return len(self.rows)

    # -- joining --------------------------------------------------------------------------

    def join(self, rows: list, prompts: list[str], settings: list, names: list[str], images=None) -> None:
        """Prefill `rows` (prompt i for row i) and merge them into the running batch; each gets its
        first token now. `images`: per row a list of pictures (a multimodal model's processor).
        With a `PrefixCache`, text rows start from the states of a prompt beginning they share."""
        import torch
        from transformers import DynamicCache

        if not rows:
            return
        with torch.inference_mode():
            chosen: tuple[tuple[int, ...], int] | None = None  # a shared beginning, its length
            seqs: list[list[int]] = []
            if images is not None and any(images):
                from tutor.engine.vision import encode_with_images

                if self.processor is None:
                    raise ValueError("this model does not read pictures")
                dtype = next((p.dtype for p in self.model.parameters() if p.is_floating_point()), None)
                inputs, _ = encode_with_images(self.processor, prompts, images, self.device, dtype)
                whole = [i[m.bool()] for i, m in zip(inputs["input_ids"], inputs["attention_mask"])]
            else:
                seqs = self.tokenizer(list(prompts), add_special_tokens=False)["input_ids"]
                if self.prefixes is not None:
                    chosen = self.prefixes.choose(seqs)
                cut = chosen[1] if chosen else 0
                inputs = left_padded([s[cut:] for s in seqs], pad_id(self.tokenizer), self.device)
                whole = [torch.tensor(s, device=self.device) for s in seqs]
            mask = inputs["attention_mask"]
            positions = (mask.long().cumsum(-1) - 1).clamp(min=0)
            if chosen:  # [prefix][padding][the row's own tokens]: positions go on after the prefix
                cache = DynamicCache(ddp_cache_data=self._prefix_rows(chosen, list(names)))
                positions = positions + chosen[1]
                mask = torch.cat([torch.ones_like(mask[:, :1]).expand(-1, chosen[1]), mask], dim=1)
            else:
                cache = DynamicCache()
            extra: dict[str, Any] = {"logits_to_keep": 1} if self._keep else {}
            with self.adapters(list(names)) as adapter_names:
                if adapter_names is not None:
                    extra["adapter_names"] = list(adapter_names)
                out = self.model(
                    **{**inputs, "attention_mask": mask},
                    position_ids=positions,
                    past_key_values=cache,
                    use_cache=True,
                    **extra,
                )
            self.forwards += 1
            if seqs and not chosen and self.prefixes is not None:  # the next ones may start from it
                start = inputs["input_ids"].shape[1] - len(seqs[0])
                self.prefixes.remember(
                    seqs[0],
                    names[0],
                    lambda n: [
                        (
                            layer.keys[:1, :, start : start + n].clone(),
                            layer.values[:1, :, start : start + n].clone(),
                        )
                        for layer in cache.layers
                    ],
                )
            # what a repetition penalty looks at (kept only for rows that have one)
            seen = [w if s.repetition_penalty != 1.0 else None for w, s in zip(whole, settings)]
            first = self._choose(self._no_early_end(out.logits[:, -1, :], list(rows)), settings, seen)
            self._merge(cache, mask.long(), positions[:, -1] + 1, first)
        self.rows += list(rows)
        self.names += list(names)
        self.settings += list(settings)
        self.seen += seen
        self._take(first.tolist(), len(self.rows) - len(rows))

    def _prefix_rows(self, chosen: tuple[tuple[int, ...], int], names: list[str]) -> list[tuple[Any, Any]]:
        """Per layer, the (keys, values) of the shared beginning for each row: its adapter's
        remembered states (computed now, one row, when new), stacked as the rows' first positions."""
        import torch

        assert self.prefixes is not None
        key, length = chosen
        by_name = {n: self.prefixes.states(key, length, n, self._computer(n)) for n in names}
        self.prefixes.rows += len(names)
        if len(by_name) == 1:  # one adapter: a view per layer, copied once when the rows' tokens go on
            states = by_name[names[0]]
            return [(k.expand(len(names), -1, -1, -1), v.expand(len(names), -1, -1, -1)) for k, v in states]
        layers = len(by_name[names[0]])
        return [
            (
                torch.cat([by_name[n][i][0] for n in names]),
                torch.cat([by_name[n][i][1] for n in names]),
            )
            for i in range(layers)
        ]

    def _computer(self, name: str) -> Callable[[tuple[int, ...]], list[tuple[Any, Any]]]:
        return lambda tokens: self._prefix_states(tokens, name)

    def _prefix_states(self, tokens: tuple[int, ...], name: str) -> list[tuple[Any, Any]]:
        """One forward over `tokens` under adapter `name`: its per-layer (keys, values)."""
        import torch
        from transformers import DynamicCache

        cache = DynamicCache()
        extra: dict[str, Any] = {"logits_to_keep": 1} if self._keep else {}
        with self.adapters([name]) as adapter_names:
            if adapter_names is not None:
                extra["adapter_names"] = list(adapter_names)
            self.model(
                input_ids=torch.tensor([tokens], device=self.device),
                past_key_values=cache,
                use_cache=True,
                **extra,
            )
        self.forwards += 1
        return [(layer.keys, layer.values) for layer in cache.layers]

    def _merge(self, cache, mask, positions, next_ids) -> None:
        """The newcomers' cache, mask and positions appended (as rows) to the running ones."""
        import torch

        if self.cache is None:
            self.cache, self.mask, self.positions, self.next_ids = cache, mask, positions, next_ids
            return
        old, new = self.mask.shape[1], mask.shape[1]
        width = max(old, new)
        for mine, theirs in zip(self.cache.layers, cache.layers):
            if not getattr(mine, "is_initialized", True) or not getattr(theirs, "is_initialized", True):
                continue
            mine.keys = torch.cat([_pad_left(mine.keys, width), _pad_left(theirs.keys, width)])
            mine.values = torch.cat([_pad_left(mine.values, width), _pad_left(theirs.values, width)])
        self.mask = torch.cat([_pad_left(self.mask, width, dim=1), _pad_left(mask, width, dim=1)])
        self.positions = torch.cat([self.positions, positions])
        self.next_ids = torch.cat([self.next_ids, next_ids])

    # -- decoding -------------------------------------------------------------------------

    def step(self) -> None:
        """One forward pass for every row: each row's next token; rows stopped meanwhile leave
        first (a row that ended leaves at once, see `leave`)."""
        import torch

        self.leave()
        if not self.rows:
            return
        with torch.inference_mode():
            ones = torch.ones((len(self.rows), 1), dtype=self.mask.dtype, device=self.device)
            self.mask = torch.cat([self.mask, ones], dim=1)
            with self.adapters(list(self.names)) as adapter_names:
                extra = {"adapter_names": list(adapter_names)} if adapter_names is not None else {}
                out = self.model(
                    input_ids=self.next_ids[:, None],
                    attention_mask=self.mask,
                    position_ids=self.positions[:, None],
                    past_key_values=self.cache,
                    use_cache=True,
                    **extra,
                )
            self.forwards += 1
            self.seen = [
                s if s is None else torch.cat([s, t.view(1)]) for s, t in zip(self.seen, self.next_ids)
            ]
            chosen = self._choose(
                self._no_early_end(out.logits[:, -1, :], self.rows), self.settings, self.seen
            )
            self.positions = self.positions + 1
            self.next_ids = chosen
        self._take(chosen.tolist(), 0)
        self.leave()

    def _take(self, tokens: list[int], start: int) -> None:
        """Hand rows[start:] their new tokens: the end of sequence, or one more token."""
        for row, t in zip(self.rows[start:], tokens):
            if row.done:
                continue
            if t in self.eos:
                row.ended_eos = True
                row.finish("eos", self.tokenizer)
                continue
            row.add(self.tokenizer, t)
            if len(row.tokens) >= row.max_new_tokens:
                row.finish("length", self.tokenizer)

    def leave(self) -> list:
        """Rows whose stop event is set end now; ended rows leave the batch (their cache slots
        freed). Returns the rows that left."""
        import torch

        for row in self.rows:
            if not row.done and row.stop is not None and row.stop.is_set():
                row.finish("stop", self.tokenizer)
        keep = [i for i, r in enumerate(self.rows) if not r.done]
        if len(keep) == len(self.rows):
            return []
        gone = [r for r in self.rows if r.done]
        if not keep:
            self.rows, self.names, self.settings, self.seen = [], [], [], []
            self.cache = self.mask = self.positions = self.next_ids = None
            return gone
        with torch.inference_mode():
            index = torch.tensor(keep, device=self.device)
            self.cache.batch_select_indices(index)
            self.mask, self.positions = self.mask[index], self.positions[index]
            self.next_ids = self.next_ids[index]
            # padding columns nobody needs any more (they were the left-padding of rows that left)
            used = self.mask.any(dim=0).nonzero()
            cut = int(used[0]) if len(used) else 0
            if cut > 0:
                for layer in self.cache.layers:
                    if getattr(layer, "is_initialized", True) and layer.keys is not None:
                        layer.keys = layer.keys[..., cut:, :]
                        layer.values = layer.values[..., cut:, :]
                self.mask = self.mask[:, cut:]
        self.rows = [self.rows[i] for i in keep]
        self.names = [self.names[i] for i in keep]
        self.settings = [self.settings[i] for i in keep]
        self.seen = [self.seen[i] for i in keep]
        return gone

    # -- choosing tokens ------------------------------------------------------------------

    def _no_early_end(self, logits, rows: list):
        """The model's `generation_config.min_new_tokens`, as `generate` honours it: no end of
        sequence for a row before it has that many tokens (the benchmarks' fixed-length runs)."""
        least = int(getattr(getattr(self.model, "generation_config", None), "min_new_tokens", None) or 0)
        early = [i for i, r in enumerate(rows) if len(r.tokens) < least]
        if early and self.eos:
            logits = logits.clone()
            eos = [t for t in self.eos if t < logits.shape[-1]]
            logits[[[i] for i in early], eos] = float("-inf")
        return logits

    @staticmethod
    def _choose(logits, settings: list, seen: list):
        """Each row's next token under its own settings, in the order `generate` applies them:
        repetition penalty, then greedy argmax, or temperature, top-p and a draw."""
        import torch

        scores = logits.float()
        picks = scores.argmax(dim=-1)  # greedy rows without a penalty: all at once
        for i, s in enumerate(settings):
            if s.temperature <= 0 and s.repetition_penalty == 1.0:
                continue
            row = scores[i]
            if s.repetition_penalty != 1.0 and seen[i] is not None and len(seen[i]):
                ids = seen[i].to(row.device)
                prior = row.gather(0, ids)
                row = row.scatter(
                    0, ids, torch.where(prior < 0, prior * s.repetition_penalty, prior / s.repetition_penalty)
                )
            if s.temperature <= 0:
                picks[i] = row.argmax()
                continue
            row = row / s.temperature
            if s.top_p < 1.0:  # keep the smallest set of tokens whose probability reaches top_p
                ordered, order = torch.sort(row, descending=False)
                cumulative = ordered.softmax(dim=-1).cumsum(dim=-1)
                drop = cumulative <= (1 - s.top_p)
                drop[-1] = False
                row = row.masked_fill(torch.zeros_like(drop).scatter(0, order, drop), float("-inf"))
            picks[i] = torch.multinomial(row.softmax(dim=-1), 1)[0]
        return picks


def _pad_left(t, width: int, dim: int = -2):
    """`t` padded with zeros on the left of `dim` to `width`."""
    import torch

    missing = width - t.shape[dim]
    if missing <= 0:
        return t
    shape = list(t.shape)
    shape[dim] = missing
    return torch.cat([torch.zeros(shape, dtype=t.dtype, device=t.device), t], dim=dim)
