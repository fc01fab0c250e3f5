"""The public app's gate: who a visitor is, and admission when a request joins Gradio's queue.

`install` wraps the queue's `push` (the one door every queued event goes through: the Tutor tab,
practice, the `gradio_client` API, and MCP tools, which Gradio calls through a loopback client),
so quotas are charged and a visitor's waiting requests capped when a request is QUEUED
(`tutor.security.admission`); events that are not queued are cheap (Stop, Clear, showing a
panel) or refuse visitors (`guard_teacher_events`). `visitor` is the one place that says who a
request is from: the browser session and the client address (X-Forwarded-For only from
`--trusted-proxy` addresses), or for an MCP call, the MCP client (its session and real address,
carried by a header only this process can sign). Teachers (logged in) are not capped.
The Gradio internals wrapped here are pinned by tests/test_gradio_internals.py.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import ipaddress
import secrets
import weakref
from collections import Counter

from tutor.math import pool
from tutor.security.admission import Admission, Caps, Refused, client_address, parse_proxies
from tutor.security.roles import teacher_refusal

MCP_HEADER = "x-tutor-mcp-client"
_SECRET = secrets.token_bytes(32)  # per process: a visitor cannot forge the MCP header
_LOOPBACK = {"127.0.0.1", "::1", "localhost"}


def sign_mcp(peer: str, session: str) -> str:
    """The header value the MCP server's loopback calls carry: the MCP client's address and
    session, signed."""
    peer, session = peer.replace("|", ""), session.replace("|", "")
    mac = hmac.new(_SECRET, f"{peer}|{session}".encode(), hashlib.sha256).hexdigest()
    return f"{peer}|{session}|{mac}"


def _mcp_client(headers) -> tuple[str, str] | None:
    value = str((headers or {}).get(MCP_HEADER, "") or "")
    peer, _, rest = value.partition("|")
    session, _, mac = rest.partition("|")
    if not mac:
        return None
    good = hmac.new(_SECRET, f"{peer}|{session}".encode(), hashlib.sha256).hexdigest()
    return (peer, session) if hmac.compare_digest(good, mac) else None


# Hugging Face's own network behind a Space: private, shared (CGNAT), loopback and link-local
# addresses (not `ipaddress.is_private`, which also counts documentation ranges).
# What Hugging Face documents, checked 2026-12: the Spaces docs name no client-address header
# (https://huggingface.co/docs/hub/spaces-overview: "Networking", "Helper environment
# variables"); the one per-visitor header they add is X-IP-Token, a signed ZeroGPU quota token that
# changes with the user, not an address (https://www.gradio.app/docs/python-client/using-zero-gpu-spaces).
# Observed, not documented: the app's TCP peer is an internal address (10.16.3.80) and the client
# is in X-Forwarded-For (https://github.com/embeddings-benchmark/mteb/pull/4754). So on a Space
# the chain is walked from the right past Hugging Face's network: the first public hop is the
# one its edge appended (whether it appends or overwrites), never a visitor's own left part.
SPACE_NETWORK = parse_proxies(
    ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16"]
    + ["::1/128", "fc00::/7", "fe80::/10"]
)


@functools.lru_cache(maxsize=8)
def _nets(values: tuple[str, ...]) -> list:
    return parse_proxies(values)


def _address(config, peer: str | None, headers) -> str | None:
    header = getattr(config, "client_ip_header", None) or None
    nets = _nets(tuple(getattr(config, "trusted_proxy", None) or ()))
    if getattr(config, "space_id", None) and not nets:
        # only Hugging Face's proxy reaches a Space: the peer is trusted, whatever its address
        own = parse_proxies([str(peer)]) if _is_address(peer) else []
        return client_address(peer, headers, SPACE_NETWORK + own, header)
    return client_address(peer, headers, nets, header)


def _is_address(value) -> bool:
    try:
        ipaddress.ip_address(str(value))
        return True
    except ValueError:
        return False


def visitor(config, peer: str | None, headers, session_hash: str | None) -> pool.Visitor:
    """Who a request is from (see the module docstring)."""
    headers = headers or {}
    if peer in _LOOPBACK:
        mcp = _mcp_client(headers)
        if mcp is not None:  # its real address, through a trusted proxy's headers if any
            return pool.Visitor(f"mcp:{mcp[1] or mcp[0]}", _address(config, mcp[0], headers))
    return pool.Visitor(session_hash, _address(config, peer, headers))


def of_request(ctx, request) -> pool.Visitor | None:
    """The visitor of a handler's `gr.Request` (None on a local run: no shares, no budget)."""
    if request is None or not ctx.config.is_public:
        return None
    client = getattr(request, "client", None)
    return visitor(
        ctx.config,
        getattr(client, "host", None),
        dict(getattr(request, "headers", None) or {}),
        getattr(request, "session_hash", None),
    )


def _teacher(config, request, username: str | None) -> bool:
    user = username
    if not user:
        try:  # the Hugging Face login (Gradio keeps it in the signed session cookie)
            user = request.session["oauth_info"]["userinfo"]["preferred_username"]
        except Exception:  # noqa: BLE001 - no login, or no session middleware
            user = None
    return bool(user) and teacher_refusal(config, user) is None


def _event_visitor(config, event) -> pool.Visitor:
    request = getattr(event, "request", None)
    client = getattr(request, "client", None)
    headers = dict(getattr(request, "headers", None) or {})
    return visitor(config, getattr(client, "host", None), headers, getattr(event, "session_hash", None))


def _shows_messages(block) -> bool:
    """Whether the browser can show a validation message on `block` (a visible component)."""
    return (
        block is not None
        and getattr(block, "visible", True) is not False
        and type(block).__name__ not in ("State", "BrowserState")
    )


def queued(queue, config) -> tuple[Counter, Counter]:
    """Requests waiting or running, per session and per client address."""
    sessions: Counter = Counter()
    ips: Counter = Counter()
    events = [e for q in list(queue.event_queue_per_concurrency_id.values()) for e in list(q.queue)]
    events += [e for job in list(queue.active_jobs) if job for e in job]
    for event in events:
        v = _event_visitor(config, event)
        if v.session:
            sessions[v.session] += 1
        if v.ip:
            ips[v.ip] += 1
    return sessions, ips


TOKEN_PARAMS = ("max_new_tokens",)  # a handler's parameter for its reply's token budget
SAMPLE_PARAMS = ("samples", "n_samples")  # extra answers it asks for (each with that budget)
TOKEN_LABEL = "Max new tokens"  # the page's slider, whatever the handler calls the parameter
_SPECIAL = ("Request", "OAuthProfile", "OAuthToken", "Progress", "EventData")
_LEASE_KEY = "tutor.queued_lease"


def _data_params(fn) -> list:
    """The handler's parameters that take the event's inputs, in order (Gradio passes the
    request, login and progress by their annotations, not from the inputs)."""
    import inspect

    try:
        params = list(inspect.signature(fn.fn).parameters.values())
    except (TypeError, ValueError):
        return []
    return [
        p
        for p in params
        if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
        and p.name not in ("request", "profile", "progress")
        and not any(name in str(p.annotation) for name in _SPECIAL)
    ]


@functools.lru_cache(maxsize=512)
def _token_inputs(fn) -> tuple[int | None, int | None, object, object]:
    """Where an event's inputs hold its token budget: (index of max_new_tokens, index of the
    extra samples, their handler defaults); None where the event generates nothing."""
    params = _data_params(fn)
    names = [p.name for p in params] if len(params) == len(fn.inputs or []) else []
    labels = [getattr(c, "label", None) for c in fn.inputs or []]
    tokens = next((i for i, n in enumerate(names) if n in TOKEN_PARAMS), None)
    if tokens is None:
        tokens = next((i for i, label in enumerate(labels) if label == TOKEN_LABEL), None)
    samples = next((i for i, n in enumerate(names) if n in SAMPLE_PARAMS), None)

    def default(i):
        return (
            params[i].default
            if i is not None and names and params[i].default is not params[i].empty
            else None
        )

    return tokens, samples, default(tokens), default(samples)


def token_budget(config, fn, data) -> int:
    """The tokens a queued event may generate (its `max_new_tokens`, at most the public cap,
    times 1 + its samples), as its inputs say; 0 for an event that generates nothing."""
    if fn is None:
        return 0
    tokens, samples, tokens_default, samples_default = _token_inputs(fn)
    if tokens is None:
        return 0
    data = list(data or [])
    cap = int(config.public_max_new_tokens)

    def number(i, fallback):
        value = data[i] if i is not None and i < len(data) else fallback
        try:
            return int(float(value))
        except (TypeError, ValueError):
            return None

    n = number(tokens, tokens_default if tokens_default is not None else config.max_new_tokens)
    # not a number, or over the public cap: the handler refuses it with its own reason (a teacher
    # endpoint says "only for teachers"); until then it holds at most the cap
    n = cap if n is None else min(max(0, n), cap)
    extra = number(samples, samples_default or 0) if samples is not None else 0
    return n * (1 + max(0, extra or 0))


def claim_lease(request):
    """The token reservation made when this request joined the queue (given once: the request's
    handler settles it), or None (a teacher's request, an event that was not queued)."""
    scope = getattr(getattr(request, "request", None), "scope", None)
    ticket = scope.get(_LEASE_KEY) if isinstance(scope, dict) else None
    return ticket.pop() if ticket else None


def _keep_lease(request, lease) -> None:
    """Hand `lease` to the queued request's handler (`claim_lease`); a request whose handler
    never claims it (an event that generated nothing after all, one cancelled while waiting)
    gives its reservation back when Gradio lets go of the request."""
    ticket = [lease]
    request.scope[_LEASE_KEY] = ticket
    weakref.finalize(request, _unclaimed, ticket)


def _unclaimed(ticket: list) -> None:
    if ticket:
        ticket.pop().settle(0)


def install(ctx, demo) -> Admission | None:
    """Admission at queue time on a public app (call after `demo.queue(...)`)."""
    config = ctx.config
    if not config.is_public:
        return None
    _nets(tuple(config.trusted_proxy or ()))  # a bad --trusted-proxy stops the start, not each request
    pool.POOL.budget = pool.Budget(config.math_seconds_per_minute, config.ip_math_seconds_per_minute)
    pool.POOL.prewarm = True
    admission = Admission(
        ctx.quotas, Caps(config.max_queued_per_session, config.max_queued_per_ip), pool.POOL.budget
    )
    queue = demo._queue
    original = queue.push
    joining: Counter = Counter()  # admitted, not yet in the queue (push awaits in between)

    async def push(body, request, username):
        fn = demo.fns.get(body.fn_index) if body.fn_index is not None else None
        if fn is not None and not fn.queue:
            # declared queue=False: cheap by design (/status, Stop, Clear, a mode switch, a
            # guarded teacher form); gradio_client still sends them through the queue
            return await original(body, request, username)
        if _teacher(config, request, username):
            return await original(body, request, username)
        v = visitor(config, getattr(request.client, "host", None), dict(request.headers), body.session_hash)
        sessions, ips = queued(queue, config)
        try:
            lease = admission.admit(
                v.session,
                v.ip,
                sessions[v.session] + joining[("s", v.session)],
                ips[v.ip] + joining[("i", v.ip)],
                token_budget(config, fn, body.data),
            )
        except Refused as exc:
            first = fn.inputs[0] if fn is not None and fn.inputs else None
            if fn is not None and fn.targets and not _shows_messages(first):
                return False, str(exc), "error"  # a page event with no visible input: a toast
            # Gradio's validation refusal (HTTP 422): the browser shows the message by the
            # input, gradio_client raises it as a ValidationError; "queue_full" would lose it
            return (
                False,
                [
                    {
                        "__type__": "validate",
                        "is_valid": False,
                        "message": str(exc),
                        "parameter_name": "request",
                    }
                ],
                "validator_error",
            )
        keys = [("s", v.session), ("i", v.ip)]
        for k in keys:
            joining[k] += 1
        try:
            result = await original(body, request, username)
            if lease is not None:
                if result and result[0] is True:  # queued: its handler settles the reservation
                    _keep_lease(request, lease)
                else:
                    lease.settle(0)
            return result
        finally:
            for k in keys:
                joining[k] -= 1
                if joining[k] <= 0:
                    del joining[k]

    queue.push = push
    ctx.admission = admission
    guard_teacher_events(ctx, demo)
    return admission


def launched(ctx, demo) -> None:
    """After `demo.launch(prevent_thread_lock=True)` on a public app: each visitor's session keeps
    only what it changed, and sessions idle past `--session-idle-minutes` are forgotten
    (`tutor.ui.sessions`)."""
    if ctx.config.is_public:
        from tutor.ui import sessions

        sessions.install(demo, 60.0 * float(ctx.config.session_idle_minutes or 0))


def _descendants(block) -> set[int]:
    ids = {block._id}
    for child in getattr(block, "children", None) or []:
        ids |= _descendants(child)
    return ids


def teacher_events(ctx, demo) -> set[int]:
    """The events whose every trigger is inside a teacher tab (Compare, Train, Evaluate)."""
    inside: set[int] = set()
    for tab in ctx.teacher_only:
        inside |= _descendants(tab)
    return {
        fn._id for fn in demo.fns.values() if fn.targets and all(target[0] in inside for target in fn.targets)
    }


def guard_teacher_events(ctx, demo) -> set[int]:
    """Every event of a teacher tab refuses visitors before its handler runs: queued or not,
    named or hidden (a page's events can be called by anyone imitating a browser), so a
    handler that forgot its own check (the Train tab's YAML-to-form, say) is still closed."""
    import gradio as gr

    guarded = teacher_events(ctx, demo)
    original = demo.process_api

    async def process_api(block_fn, inputs, state=None, request=None, *args, **kwargs):
        fn_id = block_fn if isinstance(block_fn, int) else getattr(block_fn, "_id", None)
        if fn_id in guarded:
            one = request[0] if isinstance(request, list) and request else request
            if not _teacher(ctx.config, one, getattr(one, "username", None)):
                user = getattr(one, "username", None)  # as access.refusal, which imports this module
                why = teacher_refusal(ctx.config, str(user) if user else None, "Teacher features")
                why = why or "For teachers only."
                raise gr.Error(why, title="For teachers only")
        return await original(block_fn, inputs, state, request, *args, **kwargs)

    demo.process_api = process_api
    return guarded
