"""The math core's layers (issue 24 item 3, issue 23 item 1): the app process imports the client
side only — no family, no solver, no SymPy — and the worker side never imports its caller, so
there is no circle between the client, the pool, the worker, the solver and the families."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
MATH = REPO / "tutor" / "math"

# the worker side: what runs in the SymPy worker process (the phrasing table is data both sides read)
WORKER_SIDE = (
    "tutor.math.solver",
    "tutor.math.families",
    "tutor.math.everyday",
    "tutor.math.checking.entry",
    "tutor.math.checking.values",
)


def _worker_side(m: str) -> bool:
    return m.startswith(WORKER_SIDE) and m != "tutor.math.everyday_table"


# the app's side: what the main process uses to reach the worker
CLIENT_SIDE = ("tutor.math.client", "tutor.math.pool", "tutor.math.worker")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path) -> set[str]:
    """Modules `path` imports, lazy ones too — except inside a module `__getattr__` (the old names
    kept importable, looked up on use: not a dependency of the module's own code)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef) and node.name == "__getattr__":
            skip |= {id(n) for n in ast.walk(node)}
    out = set()
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("tutor.math"):
            # `from tutor.math import grading` is an edge to tutor.math.grading; the package's own
            # front door (tutor/math/__init__.py) reaches the client only inside its functions
            if node.module != "tutor.math":
                out.add(node.module)
            out |= {f"{node.module}.{a.name}" for a in node.names}
        elif isinstance(node, ast.Import):
            out |= {a.name for a in node.names if a.name.startswith("tutor.math")}
    return out


def _graph() -> dict[str, set[str]]:
    modules = {_module_name(p): p for p in MATH.rglob("*.py")}
    graph = {m: {d for d in _imports(p) if d in modules and d != m} for m, p in modules.items()}
    # the one bridge: tutor.math.offload reaches the client only in the app process (in the worker
    # it runs the step in place; test_the_bridge_runs_in_place_in_the_worker)
    graph["tutor.math.offload"] -= {"tutor.math.client"}
    return graph


def _reaches(graph, start: str, targets: tuple[str, ...]) -> list[str]:
    seen, todo, hit = set(), [start], []
    while todo:
        m = todo.pop()
        if m in seen:
            continue
        seen.add(m)
        if m != start and m.startswith(targets) and m != "tutor.math.everyday_table":
            hit.append(m)
        todo.extend(graph.get(m, ()))
    return sorted(hit)


def test_the_worker_side_never_imports_the_client_side():
    graph = _graph()
    offenders = {
        m: _reaches(graph, m, CLIENT_SIDE)
        for m in graph
        if _worker_side(m) and _reaches(graph, m, CLIENT_SIDE)
    }
    assert offenders == {}


def test_the_client_side_reaches_the_worker_side_only_through_the_worker_entry():
    graph = _graph()
    # client -> pool -> worker; only worker's task loop imports the solver (in the worker process)
    assert _reaches(graph, "tutor.math.client", WORKER_SIDE) == _reaches(
        graph, "tutor.math.worker", WORKER_SIDE
    )
    assert _reaches({**graph, "tutor.math.worker": set()}, "tutor.math.client", WORKER_SIDE) == []


def test_the_scan_sees_a_circle_when_there_is_one():
    graph = _graph()
    graph["tutor.math.solver"] = graph["tutor.math.solver"] | {"tutor.math.client"}
    assert "tutor.math.client" in _reaches(graph, "tutor.math.solver", CLIENT_SIDE)


@pytest.mark.slow
def test_the_app_process_modules_load_no_family_no_sympy_and_no_math_verify():
    code = (
        "import sys\n"
        "import tutor.math, tutor.math.checks, tutor.math.symbolic, tutor.math.client, tutor.math.grading\n"
        "import tutor.tutoring.service, tutor.tutoring.confidence\n"
        "bad = sorted(m for m in sys.modules if m.startswith(('sympy', 'math_verify', 'latex2sympy2',"
        " 'tutor.math.families', 'tutor.math.solver', 'tutor.math.everyday_', 'tutor.math.checking.values'))"
        " and m != 'tutor.math.everyday_table')\n"
        "print(bad)\n"
        "assert not bad, bad\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stdout + out.stderr


def test_the_bridge_runs_in_place_in_the_worker():
    from tutor.math import client, offload

    assert offload.in_worker() is False  # the test process is the app side
    assert client.call("tutor.math.offload:in_worker", timeout=60) is True
