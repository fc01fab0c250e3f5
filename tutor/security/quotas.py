"""Quotas for a public deployment: requests per minute and generated tokens per minute, per
session and per client IP, in a sliding window.

A request is admitted when, for each of its keys, the requests in the window are under the limit
and the tokens already used plus what this request may generate (its `max_new_tokens`, times the
number of answers it asks for) fit the token limit. The reservation is settled to the tokens
actually generated when the request ends (`Lease.settle`), so a short reply does not use a long
one's budget. Keys are forgotten when their window is empty; at most `max_keys` are tracked (the
oldest are dropped), so many fresh sessions cannot grow memory without bound."""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict, deque
from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    requests_per_minute: int = 20  # per session
    ip_requests_per_minute: int = 60
    tokens_per_minute: int = 6000  # per session
    ip_tokens_per_minute: int = 20000
    window_s: float = 60.0

    def for_kind(self, kind: str) -> tuple[int, int]:
        return (
            (self.requests_per_minute, self.tokens_per_minute)
            if kind == "session"
            else (self.ip_requests_per_minute, self.ip_tokens_per_minute)
        )


class QuotaExceeded(Exception):
    """The request would go over a quota; the message says which and when to try again."""

    def __init__(self, message: str, retry_after_s: float) -> None:
        super().__init__(message)
        self.retry_after_s = retry_after_s


class Lease:
    """One admitted request's reservation."""

    def __init__(self, quotas: Quotas, entries: list, reserved: int) -> None:
        self._quotas, self._entries, self.reserved = quotas, entries, reserved
        self.settled = False

    def settle(self, tokens: int) -> None:
        """Replace the reservation by the tokens the request really generated."""
        if self.settled:
            return
        self.settled = True
        with self._quotas._lock:
            for entry in self._entries:
                entry[1] = max(0, int(tokens))


def _requests(q: deque) -> int:
    return sum(e[2] for e in q)


class Quotas:
    def __init__(self, limits: Limits, clock=time.monotonic, max_keys: int = 20000) -> None:
        self.limits = limits
        self._clock = clock
        self._lock = threading.Lock()
        self._events: OrderedDict[tuple[str, str], deque] = OrderedDict()
        self.max_keys = max_keys

    def _window(self, key: tuple[str, str], now: float) -> deque:
        q = self._events.get(key)
        if q is None:
            q = self._events[key] = deque()
            while len(self._events) > self.max_keys:
                self._events.popitem(last=False)
        else:
            self._events.move_to_end(key)
        while q and q[0][0] <= now - self.limits.window_s:
            q.popleft()
        return q

    def admit(
        self, session: str | None, ip: str | None, reserve_tokens: int = 0, count_request: bool = True
    ) -> Lease:
        """Admit one request (raises QuotaExceeded) and reserve `reserve_tokens` for it.
        `count_request=False`: the request was already counted when it was queued
        (`tutor.security.admission`); only its tokens are reserved here."""
        reserve = max(0, int(reserve_tokens))
        keys = [(kind, value) for kind, value in (("session", session), ("ip", ip)) if value]
        with self._lock:
            now = self._clock()
            windows = [(kind, self._window((kind, value), now)) for kind, value in keys]
            for kind, q in windows:
                max_requests, max_tokens = self.limits.for_kind(kind)
                who = "this session" if kind == "session" else "your network address"
                if count_request and _requests(q) >= max_requests:
                    wait = next(e[0] for e in q if e[2]) + self.limits.window_s - now
                    raise QuotaExceeded(
                        f"Too many requests: {who} may send {max_requests} per minute on this "
                        f"public app. Try again in {math.ceil(wait)} s.",
                        wait,
                    )
                used = sum(e[1] for e in q)
                if reserve > max_tokens:
                    raise QuotaExceeded(
                        f"This request may generate up to {reserve} tokens, more than the "
                        f"{max_tokens} per minute {who} is allowed on this public app: ask for "
                        "fewer new tokens (or fewer samples).",
                        0.0,
                    )
                if used + reserve > max_tokens:
                    wait, freed = 0.0, 0
                    for t, n, _ in q:  # when enough of the window has expired
                        freed += n
                        if used - freed + reserve <= max_tokens:
                            wait = t + self.limits.window_s - now
                            break
                    raise QuotaExceeded(
                        f"Token quota reached: {who} has used {used} of {max_tokens} generated "
                        f"tokens this minute, and this request may need {reserve}. Try again in "
                        f"{math.ceil(wait)} s, or ask for fewer new tokens.",
                        wait,
                    )
            entries = []
            for _, q in windows:
                entry = [now, reserve, 1 if count_request else 0]
                q.append(entry)
                entries.append(entry)
        return Lease(self, entries, reserve)

    def usage(self, session: str | None, ip: str | None) -> dict:
        with self._lock:
            now = self._clock()
            out = {}
            for kind, value in (("session", session), ("ip", ip)):
                if value:
                    q = self._window((kind, value), now)
                    out[kind] = {"requests": _requests(q), "tokens": sum(e[1] for e in q)}
            return out
