"""The fairness attack (issue 23), as a script so the test runs the attacker in its own process
and the same script gives before/after figures against any running app:

    python tests/fairness_attack.py attack URL SECONDS     # floods from X-Forwarded-For 203.0.113.7
    python tests/fairness_attack.py victim URL N           # N simple problems from 198.51.100.9

The attacker sends the slow-problem classes that took the one shared worker away from a class:
a 40th power of a four-term sum, an integral with no closed form, a huge factorisation (each runs
to the 5 s time limit), `/verify` of such a reply, and `/grade` with a gold answer math-verify
cannot compare quickly, from four threads, each with fresh sessions, ignoring refusals. The
victim prints one JSON line: its latencies and how many replies it got."""

from __future__ import annotations

import json
import sys
import threading
import time

ATTACKER = "203.0.113.7"
VICTIM = "198.51.100.9"
SLOW = [
    "expand (a+b+c+d)^40",
    "integrate exp(x^3)*sin(x^2)*log(x+5) dx",
    "factor x^200 - y^200 + x^97*y^3 - 17",
]


def _client(url: str, address: str):
    from gradio_client import Client

    return Client(url, verbose=False, headers={"X-Forwarded-For": address})


def attack(url: str, seconds: float) -> None:
    stop = time.time() + seconds
    submitted: list = []  # every job sent; counted at the end, whether or not a thread waited on it

    def flood(i: int) -> None:
        while time.time() < stop:
            try:
                c = _client(url, ATTACKER)  # a fresh session each round
                jobs = [c.submit(p, api_name="/solve") for p in SLOW]
                jobs.append(c.submit("Solve x", SLOW[0] + " gives \\boxed{0}", api_name="/verify"))
                jobs.append(c.submit("#### 1", "(x+y+z+w)^{40}+1", api_name="/grade"))
                submitted.extend(jobs)
                for job in jobs:
                    try:
                        job.result(timeout=120)
                    except Exception:  # noqa: BLE001 - refusals are expected
                        pass
            except Exception:  # noqa: BLE001
                time.sleep(0.2)

    threads = [threading.Thread(target=flood, args=(i,), daemon=True) for i in range(4)]
    for t in threads:
        t.start()
    time.sleep(seconds)  # then leave (daemon threads): what is still queued is the app's to drain
    # a refusal at the door ends its job at once, while a thread may still wait on a slow accepted
    # one: count every job sent and every one already ended refused (a busy machine sends few rounds)
    refused = sum(1 for j in list(submitted) if j.done() and j.exception() is not None)
    print(json.dumps({"sent": len(submitted), "refused": refused}), flush=True)


def victim(url: str, n: int) -> None:
    c = _client(url, VICTIM)
    took, answered = [], 0
    for i in range(n):
        t0 = time.perf_counter()
        out = c.predict(f"Solve 2x = {2 * (i + 2)}", api_name="/solve")
        took.append(round(time.perf_counter() - t0, 2))
        answered += f"x = {i + 2}" in str(out)
        time.sleep(1.0)  # a student reads the reply before the next one
    print(json.dumps({"latencies": took, "answered": answered, "asked": n}), flush=True)


if __name__ == "__main__":
    what, url, arg = sys.argv[1], sys.argv[2], float(sys.argv[3])
    attack(url, arg) if what == "attack" else victim(url, int(arg))
