"""Who may do what, per request, on a public deployment: the Gradio side of `tutor.security`.

* Teachers: the Gradio password login (`request.username`, TUTOR_AUTH) or, on a Space, the Hugging
  Face login read through Gradio's `gr.OAuthProfile` parameter; `tutor.security.roles` decides.
* Quotas: every generating request is admitted by `admit` (requests and tokens per minute, per
  session and per client IP; the `max_new_tokens` cap) and settled with the tokens it generated.
* Time limit: `Deadline` sets a request's stop event after `--time-limit` seconds. (Gradio's own
  `time_limit` only applies to `.stream()` events, not to these generator events.)

Local runs (not public) pass every check, as before.
"""

from __future__ import annotations

import threading

import gradio as gr

from tutor.math import pool
from tutor.security import QuotaExceeded, teacher_refusal
from tutor.ui import gate


def visitor(request: gr.Request | None, profile=None) -> str | None:
    """The logged-in user: the Hugging Face login (OAuthProfile), else the password login."""
    if profile is not None:
        name = getattr(profile, "username", None) or (
            profile.get("preferred_username") if hasattr(profile, "get") else None
        )
        if name:
            return str(name)
    user = getattr(request, "username", None) if request is not None else None
    return str(user) if user else None


def refusal(ctx, request: gr.Request | None, profile=None, feature: str = "This feature") -> str | None:
    return teacher_refusal(ctx.config, visitor(request, profile), feature)


def is_teacher(ctx, request: gr.Request | None, profile=None) -> bool:
    return refusal(ctx, request, profile) is None


def require_teacher(ctx, request: gr.Request | None, profile=None, feature: str = "This feature") -> None:
    why = refusal(ctx, request, profile, feature)
    if why:
        raise gr.Error(why, title="For teachers only")


def client_ip(ctx, request: gr.Request | None) -> str | None:
    """The client's address (`tutor.ui.gate.visitor`: X-Forwarded-For only from trusted proxies)."""
    v = gate.of_request(ctx, request)
    if v is not None:
        return v.ip
    client = getattr(request, "client", None)
    return getattr(client, "host", None)


def session_key(request: gr.Request | None, ctx=None) -> str | None:
    """The session (for an MCP call: the MCP client's own key, not the shared loopback's)."""
    v = gate.of_request(ctx, request) if ctx is not None else None
    if v is not None:
        return v.session
    return getattr(request, "session_hash", None) if request is not None else None


def math_visitor(ctx, request: gr.Request | None) -> pool.Visitor | None:
    """Whose share and budget of the SymPy workers a handler's math calls use (None locally)."""
    return gate.of_request(ctx, request)


def bound(ctx, request: gr.Request | None, replies):
    """`replies` with each step's math calls charged to the request's visitor."""
    return pool.bound(math_visitor(ctx, request), replies)


def check_max_new_tokens(ctx, max_new_tokens) -> int:
    """On a public app, refuse a reply longer than the cap (the UI's sliders stop there)."""
    n = int(max_new_tokens or 0)
    cap = ctx.config.public_max_new_tokens
    if ctx.config.is_public and n > cap:
        raise gr.Error(
            f"max_new_tokens is at most {cap} on this public app (asked for {n}).", title="Too long"
        )
    return n


def admit(ctx, request: gr.Request | None, max_new_tokens, answers: int = 1, count_tokens: bool = True):
    """Admit one generating request on a public app (None on a local run): the cap on
    `max_new_tokens`, then the quotas. Raises gr.Error with the reason and when to retry."""
    if not ctx.config.is_public or ctx.quotas is None:
        return None
    n = check_max_new_tokens(ctx, max_new_tokens)
    need = n * max(1, int(answers)) if count_tokens else 0
    queued = gate.claim_lease(request)  # charged and reserved when it joined the queue
    if queued is not None and queued.reserved >= need:
        return queued
    if queued is not None:
        queued.settle(0)  # reserved less than this handler needs: reserve it here instead
    try:
        return ctx.quotas.admit(
            session_key(request, ctx),
            client_ip(ctx, request),
            need,
            # counted when it joined the queue (tutor.ui.gate); only its tokens here
            count_request=getattr(ctx, "admission", None) is None,
        )
    except QuotaExceeded as exc:
        raise gr.Error(str(exc), title="Quota reached") from None


def settle(ctx, lease, reply) -> None:
    """Charge a finished request (its last `Reply`, or None) the tokens it generated: the
    engine's count where it gives one, else its text re-tokenized."""
    if lease is None:
        return
    if reply is None:
        lease.settle(0)
    else:
        lease.settle(int(reply.new_tokens) if reply.new_tokens else count_tokens(ctx, reply.text or ""))


def count_tokens(ctx, text: str) -> int:
    tokenizer = getattr(ctx.engine, "tokenizer", None)
    if tokenizer is not None:
        try:
            return len(tokenizer(text, add_special_tokens=False)["input_ids"])
        except Exception:  # noqa: BLE001 - fall back to a rough count
            pass
    return max(1, len(text) // 4) if text else 0


class Deadline:
    """Sets `event` after the public time limit (no limit on a local run); `fired` says so."""

    def __init__(self, ctx, event: threading.Event) -> None:
        limit = float(ctx.config.time_limit or 0) if ctx.config.is_public else 0.0
        self.limit = limit
        self.fired = False
        self._event = event
        self._timer = threading.Timer(limit, self._fire) if limit > 0 else None

    def _fire(self) -> None:
        self.fired = True
        self._event.set()

    def note(self) -> str:
        return f"Stopped at this app's time limit ({self.limit:g} s)."

    def __enter__(self) -> Deadline:
        if self._timer is not None:
            self._timer.daemon = True
            self._timer.start()
        return self

    def __exit__(self, *exc) -> None:
        if self._timer is not None:
            self._timer.cancel()
