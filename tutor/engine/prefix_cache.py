"""Prefix caching for the generation core: the key/value states of a prompt beginning that many
requests share (the system prompt and the chat template's header, about two thirds of a short
tutoring prompt) are computed once per adapter and reused, so a class's prompts prefill only the
part that differs. vLLM's automatic prefix caching and `transformers serve`'s block sharing do the
same.

What is remembered: the states of prompt beginnings (at most `MAX_TOKENS` tokens each, the last
`MAX_ENTRIES` used), per adapter name. They come from a request's own prefill (`remember`: a
request that prefilled in full leaves its prompt's states behind for the next ones) or from the
common beginning of requests joining together (`choose`), computed once.

How a joining batch uses them (`choose`): the longest beginning that every newcomer shares with a
remembered prompt, or with each other, if at least `MIN_TOKENS`; each row keeps at least one
token of its own to prefill (its first reply token comes from it). A remembered prompt serves any
shorter part of itself (its states are cut to the shared length).

States are dropped whenever `version()` changes: the batcher passes the model object and the
adapter registry's revision, which moves on every load and unload (a LoRA adapter on the
attention projections changes the states). Only decoder models whose every layer attends to the
whole past take part (`supported`): with a sliding window the padding between the prefix and a
row's own tokens would count in the window. No Gradio here.
"""

from __future__ import annotations

import collections
from collections.abc import Callable, Hashable, Sequence
from typing import Any

MIN_TOKENS = 16  # shorter shared beginnings are prefilled with the rest
MAX_TOKENS = 256  # longest beginning remembered (system prompt, template, a short history)
MAX_ENTRIES = 8  # beginnings remembered; each holds MAX_TOKENS x layers x (keys, values) at most

States = list[tuple[Any, Any]]  # per layer: keys and values of one row, [1, heads, tokens, dim]


def supported(model) -> bool:
    """Whether rows of `model` can start from shared prefix states: a text decoder whose every
    layer is full attention (no sliding window, no recurrent state)."""
    config = getattr(model, "config", None)
    if config is None:
        return False
    text = config.get_text_config(decoder=True) if hasattr(config, "get_text_config") else config
    if getattr(text, "is_encoder_decoder", False):
        return False
    layer_types = getattr(text, "layer_types", None)
    if layer_types is not None and any(t != "full_attention" for t in layer_types):
        return False
    if getattr(text, "sliding_window", None) and getattr(text, "use_sliding_window", True):
        return False
    return True


def common_length(a: Sequence[int], b: Sequence[int]) -> int:
    """How many tokens `a` and `b` share from the start."""
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


class PrefixCache:
    """Remembered prompt beginnings: tokens -> adapter name -> `States`. One thread uses it (the
    batcher's)."""

    def __init__(self, version: Callable[[], Hashable] = lambda: 0) -> None:
        self._version_of = version
        self._version: Hashable = None
        self._entries: collections.OrderedDict[tuple[int, ...], dict[str, States]]
        self._entries = collections.OrderedDict()
        self.hits = 0  # lookups (per join and adapter) served from remembered states
        self.computed = 0  # prefix forward passes run
        self.rows = 0  # rows that started from a prefix

    def __len__(self) -> int:
        return len(self._entries)

    def _fresh(self) -> None:
        """Forget everything when the model or its adapters changed."""
        version = self._version_of()
        if version != self._version:
            self._entries.clear()
            self._version = version

    def choose(self, token_lists: list[list[int]]) -> tuple[tuple[int, ...], int] | None:
        """(a remembered or new beginning, the length of it the newcomers share), or None:
        prefill them as before."""
        self._fresh()
        if not token_lists:
            return None
        most = min(len(t) for t in token_lists) - 1  # every row keeps a token of its own
        best: tuple[tuple[int, ...], int] | None = None
        for key in self._entries:
            n = min([common_length(key, t) for t in token_lists] + [most])
            if best is None or n > best[1]:
                best = (key, n)
        if len(token_lists) > 1:
            first = token_lists[0]
            n = min([common_length(first, t) for t in token_lists[1:]] + [most, MAX_TOKENS])
            if best is None or n > best[1]:
                best = (tuple(first[:n]), n)
        return best if best is not None and best[1] >= MIN_TOKENS else None

    def states(
        self, key: tuple[int, ...], length: int, name: str, compute: Callable[[tuple[int, ...]], States]
    ):
        """The `States` of `key[:length]` under adapter `name`: remembered ones cut to `length`,
        or `compute(tokens)`d now and remembered."""
        self._fresh()
        entry = self._entries.get(key)
        if entry is None or name not in entry:
            key = key[:length]
            entry = self._entries.get(key)
        if entry is not None and name in entry:
            self._entries.move_to_end(key)
            self.hits += 1
            return [(k[:, :, :length], v[:, :, :length]) for k, v in entry[name]]
        found = compute(key)
        self.computed += 1
        self._store(key, name, found)
        return found

    def remember(self, tokens: Sequence[int], name: str, states: Callable[[int], States]) -> None:
        """Keep the beginning of a prompt that was just prefilled in full (its first
        min(len - 1, MAX_TOKENS) tokens; `states(n)` cuts them from the prefill's cache), unless a
        remembered one under `name` already covers it."""
        self._fresh()
        n = min(len(tokens) - 1, MAX_TOKENS)
        if n < MIN_TOKENS:
            return
        key = tuple(tokens[:n])
        for known, entry in self._entries.items():
            if name in entry and common_length(known, key) >= n:
                self._entries.move_to_end(known)
                return
        self._store(key, name, states(n))

    def _store(self, key: tuple[int, ...], name: str, states: States) -> None:
        self._entries.setdefault(key, {})[name] = states
        self._entries.move_to_end(key)
        while len(self._entries) > MAX_ENTRIES:
            self._entries.popitem(last=False)
