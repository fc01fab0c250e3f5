"""tutor.security and the settings object, in-process (fast): quotas, allowed roots, CSV cells,
roles, the time limit, and the adapter registry's limit on loaded adapters."""

from __future__ import annotations

import csv
import io
import threading
import time

import pytest

from tutor.security import (
    AllowedRoots,
    Limits,
    PathRefused,
    QuotaExceeded,
    Quotas,
    csv_safe,
)
from tutor.security.roles import teacher_refusal
from tutor.settings import AppConfig, parse_args


class Clock:
    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


def test_quotas_count_requests_and_tokens_per_session_and_ip():
    clock = Clock()
    q = Quotas(
        Limits(
            requests_per_minute=3, ip_requests_per_minute=4, tokens_per_minute=100, ip_tokens_per_minute=1000
        ),
        clock=clock,
    )
    for _ in range(3):
        q.admit("s1", "ip", 10).settle(5)
    with pytest.raises(QuotaExceeded, match="this session may send 3 per minute"):
        q.admit("s1", "ip", 10)
    q.admit("s2", "ip", 10)
    with pytest.raises(QuotaExceeded, match="your network address may send 4"):
        q.admit("s3", "ip", 10)
    clock.t += 61  # the window has passed
    lease = q.admit("s1", "ip", 90)
    with pytest.raises(QuotaExceeded, match="Token quota reached.*used 90 of 100") as info:
        q.admit("s1", "ip", 20)
    assert 0 < info.value.retry_after_s <= 60
    lease.settle(10)  # the reply was short: the rest of the reservation is given back
    q.admit("s1", "ip", 20)
    with pytest.raises(QuotaExceeded, match="more than the 100 per minute"):
        q.admit("s9", "ip9", 101)
    assert q.usage("s1", "ip")["session"] == {"requests": 2, "tokens": 30}


def test_quotas_track_a_bounded_number_of_keys():
    q = Quotas(Limits(), max_keys=50)
    for k in range(500):
        q.admit(f"s{k}", f"ip{k}", 1)
    assert len(q._events) == 50


def test_allowed_roots_resolve_symlinks_and_refuse_with_one_message(tmp_path):
    runs, outside = tmp_path / "runs", tmp_path / "outside"
    runs.mkdir(), outside.mkdir()
    (outside / "f.jsonl").write_text("{}")
    (runs / "in.jsonl").write_text("{}")
    (runs / "link").symlink_to(outside)
    roots = AllowedRoots([("the runs folder", runs)])
    assert roots.check(runs / "in.jsonl") == (runs / "in.jsonl").resolve()
    assert roots.check("in.jsonl", base=runs) == (runs / "in.jsonl").resolve()
    messages = set()
    for bad in (
        outside / "f.jsonl",
        outside / "missing",
        runs / "link" / "f.jsonl",
        f"{runs}/../outside/f.jsonl",
        "/etc/passwd",
        "",
        "x\x00y",
        "file:///etc",
        "a" * 5000,
    ):
        with pytest.raises(PathRefused) as info:
            roots.check(bad)
        messages.add(str(info.value))
    assert len(messages) == 1 and "the runs folder" in messages.pop()
    assert AllowedRoots([("r", runs)], enforce=False).check(outside / "f.jsonl")


def test_csv_safe_neutralises_formulas_and_keeps_numbers():
    assert csv_safe('=HYPERLINK("http://x")') == '\'=HYPERLINK("http://x")'
    assert [csv_safe(v) for v in ("+1+cmd", "@SUM(A1)", "-2+3", "\t=1")] == [
        "'+1+cmd",
        "'@SUM(A1)",
        "'-2+3",
        "'\t=1",
    ]
    assert csv_safe("-3.5") == "-3.5" and csv_safe(7) == 7 and csv_safe("A") == "A"


def test_votes_export_is_formula_safe(tmp_path):
    from tutor.evaluation.compare import VoteLog

    log = VoteLog(tmp_path / "votes.jsonl")
    log.add("=cmd|' /C calc'!A0", ["base", "=2+5"], "A", note="@SUM(1+1)*cmd|' /C calc'!A0")
    rows = list(csv.DictReader(io.StringIO(log.to_csv())))
    cells = [v for r in rows for v in r.values() if v]
    assert cells and not [c for c in cells if c[0] in "=+@"], cells


def test_roles_public_students_and_teachers():
    local = AppConfig()
    assert teacher_refusal(local, None) is None  # a local run: unchanged
    public = AppConfig(public=True)
    assert "only for teachers" in teacher_refusal(public, None)
    assert "TUTOR_TEACHERS" in teacher_refusal(public, "someone")  # nobody listed
    space = AppConfig(space_id="me/tutor", teachers=["alice"])
    assert "sign in with Hugging Face" in teacher_refusal(space, None)
    assert "'bob' is not one of them" in teacher_refusal(space, "bob")
    assert teacher_refusal(space, "alice") is None
    pw = AppConfig(share=True, auth=[("t", "p")])
    assert teacher_refusal(pw, "t") is None  # every password login, when no list is given


def test_settings_read_flags_over_environment_over_defaults():
    env = {
        "TUTOR_PUBLIC": "1",
        "TUTOR_TRAIN_USERS": "a,b",
        "TUTOR_AUTH": "a:pw1,b:pw2",
        "TUTOR_VOTES": "/v.jsonl",
        "GRADIO_SERVER_PORT": "9001",
        "TUTOR_MAX_ADAPTERS": "3",
        "TUTOR_ALLOWED_ROOTS": "/data,/more",
    }
    c = parse_args(["--max-adapters", "5"], env=env)
    assert c.is_public and c.teachers == ["a", "b"] and c.auth == [("a", "pw1"), ("b", "pw2")]
    assert c.votes_path().as_posix() == "/v.jsonl" and c.port == 9001
    assert c.max_adapters == 5 and c.allowed_root == ["/data", "/more"]
    d = parse_args([], env={})
    assert d == AppConfig() and not d.is_public and d.votes_path().as_posix() == "runs/votes.jsonl"


def test_deadline_sets_the_stop_event_on_public_apps_only():
    from types import SimpleNamespace

    from tutor.ui.access import Deadline

    event = threading.Event()
    ctx = SimpleNamespace(config=AppConfig(public=True, time_limit=0.2))
    with Deadline(ctx, event) as d:
        assert event.wait(2) and d.fired and "0.2 s" in d.note()
    event = threading.Event()
    with Deadline(SimpleNamespace(config=AppConfig(time_limit=0.05)), event):
        time.sleep(0.2)
    assert not event.is_set()


def test_max_loaded_adapters_unloads_the_lru_and_never_one_in_use(tiny_model_dir, tmp_path):
    from tutor.adapters.registry import AdapterError, AdapterRegistry
    from tutor.core.loading import load_model
    from tutor.engine.engines import HFEngine
    from tutor.testing.tiny_model import build_lora

    engine = HFEngine(load_model(str(tiny_model_dir), precision="fp32"))
    reg = AdapterRegistry(engine, max_loaded=2)
    a, b, c = (build_lora(tiny_model_dir, tmp_path / n, seed=k + 1) for k, n in enumerate("abc"))
    reg.load(str(a)), reg.load(str(b))
    with reg.hold(["a"]):  # a is oldest but in use: b goes
        reg.load(str(c))
        assert sorted(reg.names()) == ["a", "c"] and reg.evicted == ["b"]
        with reg.hold(["c"]):
            with pytest.raises(AdapterError, match="each is in use or the default"):
                reg.load(str(b))
    reg.load(str(b))  # now a (least recently used, idle) goes
    assert sorted(reg.names()) == ["b", "c"] and reg.evicted == ["b", "a"]


def test_remote_adapter_loads_are_bounded_by_the_allowed_roots_on_a_public_app(tmp_path):
    """The OpenAI backend forwards adapter paths to the model server: on a public app a path
    outside the roots gets the one refusal before the server is asked (nothing listens on this
    port, so an attempt to ask it would fail with "cannot reach"), a path inside is resolved and
    forwarded, and Hub ids pass through."""
    from tests.conftest import free_port
    from tutor.adapters.registry import AdapterError
    from tutor.engine.openai_backend import OpenAIEngine

    (tmp_path / "runs" / "r1" / "adapter").mkdir(parents=True)
    engine = OpenAIEngine(f"http://127.0.0.1:{free_port()}/v1", model="m", timeout=2.0)
    roots = AllowedRoots([("the runs folder", tmp_path / "runs")], enforce=True)
    engine.adapters.roots = roots
    for probe in ["/etc", "/etc/passwd", "../../etc", str(tmp_path), "~/.ssh", "/nope/never", "a/b/../../c"]:
        with pytest.raises(AdapterError) as err:
            engine.adapters.load(probe)
        assert str(err.value) == roots.message(), (probe, str(err.value))
    for allowed in [str(tmp_path / "runs" / "r1" / "adapter"), "org/some-lora"]:
        with pytest.raises(AdapterError) as err:
            engine.adapters.load(allowed)
        assert str(err.value) != roots.message() and "127.0.0.1" in str(err.value), str(err.value)
