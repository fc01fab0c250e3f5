"""Admission of a public app's requests when they are QUEUED, not when they start (no Gradio here;
`tutor.ui.gate` applies it to Gradio's queue, so the Tutor tab, the API and MCP share it).

A request joining the queue is admitted when

* its visitor (session, and client address) has fewer than `max_queued` requests waiting or
  running (per session; `max_queued_ip` per address), so one visitor cannot fill the global
  queue, and a flood queues nowhere;
* the request quotas (requests and tokens per minute, `tutor.security.quotas`) allow it: it is
  charged now, its token budget reserved (and settled with the real count when it ends);
* the visitor's maths time (`tutor.math.pool.Budget`) is not spent.

Otherwise it is refused with a message that says when to come back. Who the visitor is comes
from :func:`client_address` (X-Forwarded-For only from configured proxies)."""

from __future__ import annotations

import ipaddress
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from tutor.security.quotas import Lease, QuotaExceeded, Quotas

__all__ = ["Refused", "Admission", "client_address", "parse_proxies"]


class Refused(Exception):
    """Not admitted; `str()` is the message for the visitor, `retry_after_s` when to come back."""

    def __init__(self, message: str, retry_after_s: float) -> None:
        super().__init__(message)
        self.retry_after_s = retry_after_s


def parse_proxies(values: Iterable[str]) -> list:
    """Addresses or networks ("127.0.0.1", "10.0.0.0/8") of the proxies whose X-Forwarded-For is
    trusted. A bad entry is an error (a typo must not silently trust nothing, or everyone)."""
    nets = []
    for value in values:
        value = str(value).strip()
        if value:
            nets.append(ipaddress.ip_network(value, strict=False))
    return nets


def _ip(value: str | None):
    try:
        return ipaddress.ip_address(str(value or "").strip())
    except ValueError:
        return None


def client_address(
    peer: str | None,
    headers: Mapping[str, str],
    trusted: list,
    header: str | None = None,
    last_hop: bool = False,
) -> str | None:
    """The visitor's address.

    `peer` is the TCP peer. Only when it is a trusted proxy are forwarded headers read: then
    `header` (a platform's single client-IP header, when configured) or else X-Forwarded-For,
    walked from the right (the hop each proxy appended) past the trusted proxies: the first
    untrusted hop is the client. A visitor's own X-Forwarded-For (the left part) is never taken,
    so spoofed values get no fresh quota. `last_hop`: take the hop the (one, trusted) proxy
    appended, whatever it is (a Space: only Hugging Face's proxy reaches the app)."""
    address = _ip(peer)
    if address is None or not any(address in net for net in trusted):
        return peer
    lowered = {str(k).lower(): v for k, v in headers.items()}
    if header:
        value = _ip(lowered.get(header.lower()))
        return str(value) if value is not None else peer
    hops = [h.strip() for h in str(lowered.get("x-forwarded-for", "")).split(",") if h.strip()]
    if last_hop:
        last = _ip(hops[-1]) if hops else None
        return str(last) if last is not None else peer
    for hop in reversed(hops):
        ip = _ip(hop)
        if ip is None:
            return peer  # a malformed chain: trust none of it
        if not any(ip in net for net in trusted):
            return str(ip)
    return str(_ip(hops[0])) if hops else peer


@dataclass(frozen=True)
class Caps:
    max_queued: int = 2  # per session, waiting or running
    max_queued_ip: int = 8  # per client address (a class behind one NAT shares it)


class Admission:
    def __init__(self, quotas: Quotas | None, caps: Caps = Caps(), budget=None) -> None:
        self.quotas, self.caps, self.budget = quotas, caps, budget

    def admit(
        self,
        session: str | None,
        ip: str | None,
        queued_session: int,
        queued_ip: int,
        reserve_tokens: int = 0,
    ) -> Lease | None:
        """Admit one request joining the queue (raises :class:`Refused`), charging the request
        quotas and reserving `reserve_tokens` (its token budget: `max_new_tokens` times the
        answers it asks for) now, so waiting requests count too; the returned lease is settled
        with the tokens really generated when the request ends. `queued_*`: the visitor's
        requests already waiting or running."""
        if session and queued_session >= self.caps.max_queued:
            raise Refused(
                f"You already have {queued_session} requests waiting or running (at most "
                f"{self.caps.max_queued} at a time on this public app). Send this one again "
                "when one of them has finished (in a few seconds).",
                5.0,
            )
        if ip and queued_ip >= self.caps.max_queued_ip:
            raise Refused(
                f"Your network address already has {queued_ip} requests waiting or running (at "
                f"most {self.caps.max_queued_ip} at a time on this public app). Try again in a "
                "few seconds, when one has finished.",
                5.0,
            )
        if self.budget is not None:
            from tutor.math.pool import Visitor

            wait = self.budget.retry_after(Visitor(session, ip))
            if wait > 0:
                raise Refused(
                    "You have used this app's maths time for this minute (slow problems use "
                    f"more of it). Try again in {math.ceil(wait)} s.",
                    wait,
                )
        if self.quotas is None:
            return None
        try:
            return self.quotas.admit(session, ip, reserve_tokens)
        except QuotaExceeded as exc:
            raise Refused(str(exc), exc.retry_after_s) from None
