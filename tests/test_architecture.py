"""The layout's rules, read from the source (AST, nothing imported): Gradio only in the UI, and the
training CLI and the app meet only in the shared lower layer."""

from __future__ import annotations

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PACKAGES = ("tutor", "train", "bench")


def _modules():
    for pkg in PACKAGES:
        for path in sorted((REPO / pkg).rglob("*.py")):
            yield path.relative_to(REPO)
    yield Path("app.py")


def _imports(path: Path) -> list[tuple[str, list[str], int]]:
    """(module, imported names, line) for every import in the file, lazy ones inside functions too."""
    tree = ast.parse((REPO / path).read_text(encoding="utf-8"), filename=str(path))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(a.name, [], node.lineno) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.append((node.module, [a.name for a in node.names], node.lineno))
    return out


def test_the_scan_sees_the_ui_importing_gradio():
    # the rule below is only worth something if the scan finds real imports
    assert any(m == "gradio" for m, _, _ in _imports(Path("tutor/ui/app.py")))
    assert any(m.startswith("tutor.core") for m, _, _ in _imports(Path("train/job.py")))


def test_only_the_ui_imports_gradio():
    offenders = [
        f"{path}:{line} imports {mod}"
        for path in _modules()
        if not (path.parts[:2] == ("tutor", "ui") or path == Path("app.py"))
        for mod, _, line in _imports(path)
        if mod == "gradio" or mod.startswith("gradio.")
    ]
    assert offenders == []


def test_train_and_tutor_meet_in_the_lower_layer_only():
    """train/ uses tutor.core (and the tutor package's root constants), never the app's other parts;
    tutor/ never imports train/; no one imports a private name from the other side."""
    problems = []
    for path in _modules():
        side = path.parts[0]
        for mod, names, line in _imports(path):
            top = mod.split(".")[0]
            if side == "train" and top == "tutor" and mod != "tutor" and not mod.startswith("tutor.core"):
                problems.append(f"{path}:{line} imports {mod} (train/ may use tutor.core only)")
            if side == "tutor" and top == "train":
                problems.append(
                    f"{path}:{line} imports {mod} (the app launches `python -m train`, "
                    "it shares tutor.core.train_config with it)"
                )
            if top in ("tutor", "train") and top != side and side in ("tutor", "train"):
                private = [n for n in names if n.startswith("_")]
                if private:
                    problems.append(f"{path}:{line} imports private {', '.join(private)} from {mod}")
    assert problems == []
