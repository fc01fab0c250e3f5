"""Issue 23's attack list, re-run against a running `--public` app (hand-run; not in `python -m bench`).

    python -m bench.bench_fairness [--repo DIR] [--only 1,2,6] [--json OUT]

Starts `DIR/app.py --engine symbolic --public --trusted-proxy 127.0.0.1` (DIR: this checkout, or
an older one for a before/after in one sitting), attacks it as a stranger would, and prints one
JSON line per item with what it saw. 127.0.0.1 is trusted as a local proxy, so the attacker and
the victim come from two X-Forwarded-For addresses. Timings are from whatever machine runs it.
Items 8 (MCP keys) and the Stop registry are unit-tested in tests/test_fairness.py; the images
item by a Chromium test there.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]
ATTACK = HERE / "tests" / "fairness_attack.py"


class App:
    def __init__(self, repo: Path, *flags: str) -> None:
        sys.path.insert(0, str(HERE))
        from tests.conftest import free_port

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.log = open(f"/tmp/fairness-bench-{self.port}.log", "w")  # noqa: SIM115
        cmd = [sys.executable, str(repo / "app.py"), "--port", str(self.port), "--engine", "symbolic"]
        cmd += ["--public", "--trusted-proxy", "127.0.0.1", *flags]
        self.proc = subprocess.Popen(cmd, cwd=repo, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.time() + 240
        while time.time() < deadline:
            try:
                urllib.request.urlopen(self.url, timeout=2)
                break
            except Exception:  # noqa: BLE001
                time.sleep(0.5)
        self.config = json.loads(urllib.request.urlopen(self.url + "config").read())

    def rss_mb(self) -> float:
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return float("nan")

    def fn_index(self, api_name: str) -> int:
        return next(d["id"] for d in self.config["dependencies"] if d.get("api_name") == api_name)

    def trigger(self, elem_id: str, event: str = "click") -> tuple[int, int]:
        comp = next(
            c["id"] for c in self.config["components"] if c.get("props", {}).get("elem_id") == elem_id
        )
        dep = next(d for d in self.config["dependencies"] if [comp, event] in d["targets"])
        return dep["id"], comp

    def post(
        self, path: str, body: dict, address: str | None = None, raw: bytes | None = None
    ) -> tuple[int, str]:
        headers = {"Content-Type": "application/json"}
        if address:
            headers["X-Forwarded-For"] = address
        data = raw if raw is not None else json.dumps(body).encode()
        req = urllib.request.Request(self.url + path, data=data, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(req, timeout=120) as r:
                return r.status, r.read(2_000_000).decode(errors="replace")
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read(2000).decode(errors="replace")
        except Exception as exc:  # noqa: BLE001 - a dropped connection is an outcome too
            return -1, type(exc).__name__

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()


def _client(app: App, address: str):
    from gradio_client import Client

    return Client(app.url, verbose=False, headers={"X-Forwarded-For": address})


def _victim(app: App, n: int) -> dict:
    out = subprocess.run(
        [sys.executable, str(ATTACK), "victim", app.url, str(n)], capture_output=True, text=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def item1_slow_problems(app: App) -> dict:
    """Four threads of slow problems (+ /verify, /grade) from one address; a victim from another."""
    attacker = subprocess.Popen(
        [sys.executable, str(ATTACK), "attack", app.url, "30"], stdout=subprocess.PIPE, text=True
    )
    time.sleep(6)
    victim = _victim(app, 6)
    flood = json.loads(attacker.communicate(timeout=300)[0].strip().splitlines()[-1])
    lat = victim["latencies"]
    return {"victim_median_s": statistics.median(lat), "victim_max_s": max(lat), **victim, "flood": flood}


def item2_queue_fill(app: App) -> dict:
    """70 concurrent /solve from one address (fresh sessions); a victim from another meanwhile."""
    outcomes: list[str] = []
    errors: dict[str, str] = {}

    def one() -> None:
        try:
            _client(app, "203.0.113.20").predict("expand (a+b+c+d)^40", api_name="/solve")
            outcomes.append("ran")
        except Exception as exc:  # noqa: BLE001
            text = str(exc)
            kind = "queue full" if "full" in text.lower() else "refused" if "again" in text else "error"
            outcomes.append(kind)
            errors.setdefault(kind, f"{type(exc).__name__}: {text[:100]}")

    threads = [threading.Thread(target=one, daemon=True) for _ in range(70)]
    for t in threads:
        t.start()
    time.sleep(4)
    victim = _victim(app, 3)
    for t in threads:
        t.join(120)
    counts = {k: outcomes.count(k) for k in sorted(set(outcomes))}
    return {
        "attacker": counts,
        "victim_latencies": victim["latencies"],
        "victim_answered": victim["answered"],
        "examples": errors,
    }


def item3_uncounted_events(app: App) -> dict:
    """'Try a similar problem' 70 times in a row from one session, straight into the queue."""
    fn, comp = app.trigger("practice-new")
    session = uuid.uuid4().hex[:10]
    codes: dict[int, int] = {}
    t0 = time.perf_counter()
    for _ in range(70):
        body = {"data": [], "fn_index": fn, "session_hash": session, "trigger_id": comp, "event_data": None}
        code, _ = app.post("gradio_api/queue/join", body, "203.0.113.30")
        codes[code] = codes.get(code, 0) + 1
    return {"join_status_codes": codes, "seconds": round(time.perf_counter() - t0, 1)}


def item4_grade_gold(app: App) -> dict:
    t0 = time.perf_counter()
    try:
        out = str(_client(app, "203.0.113.40").predict("#### 1", "(x+y+z+w)^{40}+1", api_name="/grade"))[:120]
    except Exception as exc:  # noqa: BLE001
        out = str(exc)[:120]
    return {"grade_seconds": round(time.perf_counter() - t0, 1), "outcome": out}


def item5_yaml_bomb(app: App) -> dict:
    bomb = "a: &a [x,x,x,x,x,x,x,x,x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(6)
    )
    fn, comp = app.trigger("train-yaml", "input")
    rss = app.rss_mb()
    t0 = time.perf_counter()
    body = {"data": [bomb], "fn_index": fn, "session_hash": uuid.uuid4().hex[:10], "trigger_id": comp}
    code, text = app.post("gradio_api/run/predict", body, "203.0.113.50")
    return {
        "status": code,
        "reply_bytes": len(text),
        "seconds": round(time.perf_counter() - t0, 2),
        "rss_growth_mb": round(app.rss_mb() - rss, 1),
        "says": text[:90],
    }


def item6_session_memory(app: App, n: int = 500) -> dict:
    """`n` fresh sessions, each hitting an uncounted event once (`/status`): the app's RSS growth."""
    fn = app.fn_index("status")

    def hit(i: int) -> None:
        body = {"data": [], "fn_index": fn, "session_hash": f"s{i}-{uuid.uuid4().hex[:8]}"}
        app.post("gradio_api/run/predict", body, "203.0.113.60")

    for i in range(30):  # warm up (imports, caches)
        hit(i)
    before = app.rss_mb()
    t0 = time.perf_counter()
    for i in range(n):
        hit(i)
    grew = app.rss_mb() - before
    return {
        "sessions": n,
        "rss_growth_mb": round(grew, 1),
        "kb_per_session": round(grew * 1024 / n, 1),
        "seconds": round(time.perf_counter() - t0, 1),
    }


def item7_uploads(app: App) -> dict:
    boundary = "fairnessboundary"

    def body(files: int, size: int) -> bytes:
        part = (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="a.txt"\r\n'
                "Content-Type: text/plain\r\n\r\n"
            ).encode()
            + b"x" * size
            + b"\r\n"
        )
        return part * files + f"--{boundary}--\r\n".encode()

    out = {}
    for name, (files, size) in {"one 30 MB file": (1, 30 << 20), "500 small files": (500, 10)}.items():
        req = urllib.request.Request(
            app.url + "gradio_api/upload",
            data=body(files, size),
            headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(req, timeout=120) as r:
                out[name] = r.status
        except urllib.error.HTTPError as exc:
            out[name] = exc.code
        except Exception as exc:  # noqa: BLE001 - the app closed the connection mid-body
            out[name] = f"connection closed ({type(exc).__name__})"
    return out


def item9_spoofed_addresses(app: App) -> dict:
    """70 /solve calls, each with a fresh spoofed left part; the proxy-appended hop is the same."""
    outcomes: list[str] = []

    def one(i: int) -> None:
        try:
            _client(app, f"10.{i}.0.1, 198.18.{i}.2, 203.0.113.90").predict(
                "expand (a+b+c+d)^40", api_name="/solve"
            )
            outcomes.append("admitted")
        except Exception as exc:  # noqa: BLE001
            kind = "refused" if "again" in str(exc) else "error"
            outcomes.append(kind)
            errors.setdefault(kind, f"{type(exc).__name__}: {str(exc)[:100]}")

    errors: dict[str, str] = {}
    threads = [threading.Thread(target=one, args=(i,), daemon=True) for i in range(70)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(180)
    return {**{k: outcomes.count(k) for k in sorted(set(outcomes))}, "examples": errors}


def minor_history(app: App) -> dict:
    history = [{"role": "user", "content": "hi"}] * 101
    try:
        _client(app, "203.0.113.70").predict("Solve 2x = 4", history, api_name="/solve")
        return {"history_101_turns": "accepted"}
    except Exception as exc:  # noqa: BLE001
        return {"history_101_turns": str(exc)[:100]}


ITEMS = {
    "6": item6_session_memory,  # first: the app's memory before the floods
    "5": item5_yaml_bomb,
    "7": item7_uploads,
    "3": item3_uncounted_events,
    "4": item4_grade_gold,
    "minor": minor_history,
    "1": item1_slow_problems,
    "2": item2_queue_fill,
    "9": item9_spoofed_addresses,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repo", type=Path, default=HERE)
    parser.add_argument("--only", default=",".join(ITEMS))
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    app = App(args.repo.resolve())
    results = {}
    try:
        for name in args.only.split(","):
            results[name] = ITEMS[name](app)
            print(json.dumps({"item": name, **results[name]}), flush=True)
            time.sleep(5)  # let the pool and quotas settle between items
    finally:
        app.stop()
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
