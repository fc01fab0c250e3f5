"""A recipe's relative paths start at the project folder, wherever the CLI or the app runs from.

The rule (tutor.core.train_config, README "Training"): `model` folders, data files and
`output_dir` given as relative paths resolve against the project folder (where app.py is), not
against the current directory nor the recipe file's folder; `~` is the home folder.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tutor.core.train_config import DEFAULT_RECIPE, RECIPES_DIR, REPO_ROOT, ConfigError, load_config
from tutor.jobs.manager import list_recipes, recipe_text, validate_config

RECIPE = RECIPES_DIR / f"{DEFAULT_RECIPE}.yaml"


def _expected(_=None) -> tuple[str, str, str]:
    return (
        str(REPO_ROOT / "runs" / ".real-model"),
        str(REPO_ROOT / "runs" / "smollm2-word-problems"),
        str(REPO_ROOT / "train" / "data" / "word-problems" / "train.jsonl"),
    )


def _paths(cfg) -> tuple[str, str, str]:
    return cfg.model, cfg.output_dir, cfg.datasets[0].path


def test_the_default_recipe_resolves_the_same_from_any_folder(tmp_path, monkeypatch):
    here = _paths(load_config(RECIPE))
    assert here == _expected(None)
    monkeypatch.chdir(tmp_path)  # the CLI's and the app's parsing, from another folder
    assert _paths(load_config(RECIPE)) == here
    assert _paths(load_config(f"train/recipes/{DEFAULT_RECIPE}.yaml")) == here  # found by name
    assert _paths(validate_config(recipe_text(DEFAULT_RECIPE))) == here  # the Train tab's text
    # a copy of the recipe elsewhere still means the project's folders, not its own folder's
    copy = tmp_path / "mine" / "recipe.yaml"
    copy.parent.mkdir()
    copy.write_text(RECIPE.read_text())
    assert _paths(load_config(copy)) == here


def test_a_missing_relative_path_says_where_relative_paths_start(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "rows.jsonl").write_text('{"question": "1+1?", "answer": "#### 2"}\n')
    with pytest.raises(ConfigError) as err:
        load_config(RECIPE, ["datasets.0.path=rows.jsonl"])
    (line,) = [p for p in err.value.problems if "rows.jsonl" in p]
    assert str(REPO_ROOT / "rows.jsonl") in line and "start at the project folder" in line
    # an absolute path is taken as it is
    cfg = load_config(RECIPE, [f"datasets.0.path={tmp_path / 'rows.jsonl'}"])
    assert cfg.datasets[0].path == str(tmp_path / "rows.jsonl")


def test_the_train_tab_starts_on_the_real_model_recipe():
    assert DEFAULT_RECIPE in list_recipes()
    cfg = load_config(RECIPE)
    assert cfg.model == str(REPO_ROOT / "runs" / ".real-model") and cfg.quantization == "4bit"


@pytest.mark.slow
def test_the_cli_dry_run_from_another_folder(real_model_dir, tmp_path):
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT), "HF_HUB_OFFLINE": "1"}
    p = subprocess.run(
        [sys.executable, "-m", "train", "--config", str(RECIPE), "--dry-run"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert p.returncode == 0, p.stderr[-2000:]
    model, out, data = _expected(None)
    assert f"model: {model}" in p.stdout and f"output_dir: {out}" in p.stdout and data in p.stdout
    assert "trainable_params: 4," in p.stdout  # the model folder was found and inspected
    assert not any(Path(tmp_path).iterdir())  # nothing written where the command ran


def test_the_job_makes_the_standard_model_folder_only_when_the_recipe_names_it(tmp_path, monkeypatch):
    import tutor.core.real_model as real_model
    from train.standard_model import ensure_standard_model

    folder = tmp_path / "runs" / ".real-model"
    made = []

    def fake_convert(out):  # stands in for the 15 s GGUF conversion
        made.append(Path(out))
        Path(out).mkdir(parents=True)
        (Path(out) / real_model.MARKER).write_text("{}")
        return Path(out)

    monkeypatch.setattr(real_model, "DEFAULT_DIR", folder)
    monkeypatch.setattr(real_model, "ensure_real_model", fake_convert)
    assert ensure_standard_model(str(tmp_path / "some-other-model")) is False and made == []
    assert ensure_standard_model("google/gemma-3-4b-it") is False and made == []
    assert ensure_standard_model(str(folder)) is True and made == [folder]
    assert ensure_standard_model(str(folder)) is False and made == [folder]  # made once
