"""What the model will see, before a run: `python -m train.data_report --config RECIPE.yaml [--json]`.

For a recipe's data sources: a page of rows rendered through the base model's chat template, split
into the prompt (no loss) and the completion (the part that carries the loss, TRL's
completion-only loss), with the project's answer convention applied by the same formatters the
job trains with (train/data.py); the token length of every measured row against `max_length`
(how many rows are truncated, how many lose their whole reply and are dropped, as
train.job's trainer does); the rows per source in the mix; and the checks of
tutor.core.data_checks (no answer, duplicates, inconsistent answers, contamination against the
Evaluate sets). The Train tab runs this as a subprocess (the app never imports train/);
`python -m train --dry-run` prints its checks.
"""

from __future__ import annotations

import argparse
import json
import sys
from itertools import islice
from pathlib import Path

from tutor import SYSTEM_PROMPT
from tutor.core.answers import plain_number
from tutor.core.data_checks import Row, read_questions, run_checks
from tutor.core.train_config import REPO_ROOT, ConfigError, TrainConfig, load_config

MAX_ROWS = 50_000  # rows read per source for the checks
MEASURE_ROWS = 1000  # rows per source tokenized for the length histogram
PAGE = 6
DRY_RUN_MEASURE_ROWS = 200  # the dry run measures fewer rows: it is run often


def default_eval_sets() -> dict[str, Path]:
    """The Evaluate sets in use: GSM8K's test split from the shared data folder (Evaluate's
    default dataset), where it is present."""
    for base in (REPO_ROOT.parent / "shared" / "data", REPO_ROOT / "shared" / "data"):
        p = base / "gsm8k" / "test.jsonl"
        if p.is_file():
            return {"GSM8K test": p}
    return {}


def _check_row(fmt: str, row: dict, columns: dict, label: str, index: int, messages: list) -> Row:
    from train import data

    question = next((m["content"] for m in messages if m["role"] == "user"), "")
    solution, answer = messages[-1]["content"], None
    if fmt == "gsm8k":
        solution, answer = data.gsm8k_solution(str(data.field_value(row, columns, "answer", "solution")))
        question = str(data.field_value(row, columns, "question", "problem"))
    elif fmt == "mathx":
        solution = str(data.field_value(row, columns, "generated_solution", "solution"))
        answer = data.field_value(row, columns, "expected_answer", "answer", required=False)
    elif fmt == "columns":
        question = str(data.field_value(row, columns, "problem", "question", "input", "prompt"))
        sol = data.field_value(row, columns, "solution", "output", "response", "completion", required=False)
        solution = str(sol or "")
        answer = data.field_value(row, columns, "answer", required=False)
        if "####" in solution:
            solution, answer = data.gsm8k_solution(solution)
    elif fmt in ("mathqa", "mmlu"):
        solution, answer = "", "(choice)"  # a choice letter: nothing to check it against
    elif fmt == "numina":
        question = str(data.field_value(row, columns, "problem", required=False) or question)
    return Row(label, index, question, solution, None if answer is None else plain_number(answer))


def _texts(tokenizer, pc: dict) -> tuple[str, str]:
    prompt = tokenizer.apply_chat_template(pc["prompt"], tokenize=False, add_generation_prompt=True)
    full = tokenizer.apply_chat_template(pc["prompt"] + pc["completion"], tokenize=False)
    if full.startswith(prompt):
        return prompt, full[len(prompt) :]
    return prompt, pc["completion"][0]["content"]  # a template that rewrites earlier turns


def build_report(
    cfg: TrainConfig,
    *,
    page: int = 0,
    page_size: int = PAGE,
    eval_sets: dict[str, Path] | None = None,
    tokenize: bool = True,
    hub: bool = True,
    measure_rows: int = MEASURE_ROWS,
) -> dict:
    """The report as a dict (see the module docstring); raises DataSourceError naming the source
    and row a formatter failed on."""
    from train import data

    tokenizer, fold, notes = None, False, []
    if tokenize and any(s.path or hub for s in cfg.datasets):  # else there is nothing to measure
        try:
            from tutor.core.loading import load_tokenizer
            from tutor.core.prompting import template_rejects_system

            tokenizer = load_tokenizer(cfg.model, revision=cfg.revision)
            fold = bool(tokenizer.chat_template) and template_rejects_system(tokenizer)
        except Exception as exc:  # noqa: BLE001 - the checks still run without it
            notes.append(f"the base model's tokenizer could not be loaded ({str(exc).splitlines()[0][:200]})")
    system = cfg.system_prompt if cfg.system_prompt is not None else SYSTEM_PROMPT
    eval_ks = data.eval_rows_per_source(cfg.eval_size, cfg.datasets)
    rows: list[Row] = []
    preview: list[dict] = []
    lengths: list[dict] = []
    sources = []
    start = page * page_size
    for src, k in zip(cfg.datasets, eval_ks):
        if not src.path and not hub:
            notes.append(f"{src.label}: a Hub dataset, not read here (the Train tab's preview reads it)")
            continue
        raw = data.load_source(src)
        fmt = src.format
        if fmt == "auto":
            fmt = data.infer_format(src, data.peek(raw, src))
        fn, columns, n = data.FORMATTERS[fmt], dict(src.columns), 0
        limit = MAX_ROWS if src.count is None else min(MAX_ROWS, k + src.count)  # the rows the run uses
        for n, row in enumerate(islice(iter(raw), limit), 1):
            try:
                messages = fn(row, system, columns)
                pc = data.to_prompt_completion(messages, fold)
                rows.append(_check_row(fmt, row, columns, src.label, n, messages))
            except Exception as exc:  # noqa: BLE001 - name the source and the row
                raise data.DataSourceError(
                    f"dataset {src.label!r} row {n} ({fmt} format): {type(exc).__name__}: {exc}"
                ) from exc
            if tokenizer is not None and n <= measure_rows:
                prompt, completion = _texts(tokenizer, pc)
                p_len = len(tokenizer(prompt, add_special_tokens=False)["input_ids"])
                c_len = len(tokenizer(completion, add_special_tokens=False)["input_ids"])
                lengths.append({"source": src.label, "prompt": p_len, "total": p_len + c_len})
                if start < len(lengths) <= start + page_size:
                    preview.append(
                        {
                            "source": src.label,
                            "row": n,
                            "prompt": prompt,
                            "completion": completion,
                            "tokens": p_len + c_len,
                        }
                    )
        taken = max(0, n - k) if src.count is None else min(src.count, max(0, n - k))
        sources.append({"source": src.label, "format": fmt, "rows": n, "eval": min(k, n), "train": taken})
    if cfg.num_examples is not None and sources:  # a weighted mix capped by num_examples
        weights = [s.weight or 1.0 for s in cfg.datasets[: len(sources)]]
        for s, w in zip(sources, weights):
            s["train"] = min(s["train"], round(cfg.num_examples * w / sum(weights)))
    sets = default_eval_sets() if eval_sets is None else eval_sets
    checks = run_checks(rows, {name: read_questions(p) for name, p in sets.items()})
    truncated = sum(1 for x in lengths if x["total"] > cfg.max_length and x["prompt"] < cfg.max_length)
    dropped = sum(1 for x in lengths if x["prompt"] >= cfg.max_length)
    return {
        "model": cfg.model,
        "max_length": cfg.max_length,
        "fold_system_prompt": fold,
        "page": page,
        "preview": preview,
        "lengths": [x["total"] for x in lengths],
        "measured": len(lengths),
        "truncated": truncated,
        "dropped": dropped,
        "sources": sources,
        "rows": len(rows),
        "checks": [c.as_dict() for c in checks],
        "eval_sets": {name: str(p) for name, p in sets.items()},
        "notes": notes,
    }


def summary_lines(report: dict) -> list[str]:
    """The report in plain lines, as the dry run prints them."""
    out = [f"data: {report['rows']} rows read"]
    for s in report["sources"]:
        out.append(
            f"data source {s['source']} ({s['format']}): {s['rows']} rows, {s['train']} for training, "
            f"{s['eval']} held out for eval"
        )
    if report["measured"]:
        out.append(
            f"data lengths: max_length {report['max_length']} truncates {report['truncated']} and drops "
            f"{report['dropped']} (no reply left) of {report['measured']} rows measured"
        )
    from tutor.core.data_checks import Check

    for c in report["checks"] if report["rows"] else []:  # no rows read: nothing was checked
        out.append(Check(**c).line())
    if report["rows"] and not report["eval_sets"]:
        out.append("data check: no Evaluate set found to check contamination against")
    out += [f"data note: {n}" for n in report["notes"]]
    return out


def print_dry_run_checks(cfg: TrainConfig, out) -> None:
    """The dry run's data lines (local files only: a dry run reads nothing from the Hub)."""
    from train.data import DataSourceError

    try:
        report = build_report(cfg, page_size=0, hub=False, measure_rows=DRY_RUN_MEASURE_ROWS)
    except DataSourceError as exc:
        print(f"data check: {exc}", file=out)
        return
    for line in summary_lines(report):
        print(line, file=out)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m train.data_report", description=__doc__.splitlines()[0])
    p.add_argument("--config", "-c", required=True)
    p.add_argument("--set", dest="overrides", action="append", default=[], metavar="KEY=VALUE")
    p.add_argument("--page", type=int, default=0)
    p.add_argument(
        "--eval-set", action="append", default=None, metavar="NAME=PATH", help="default: GSM8K test"
    )
    p.add_argument("--json", action="store_true", help="the whole report as JSON on stdout")
    args = p.parse_args(argv)
    try:
        cfg = load_config(args.config, args.overrides)
    except ConfigError as exc:
        for line in exc.problems:
            print(f"config error: {line}", file=sys.stderr)
        return 2
    sets = None
    if args.eval_set is not None:
        sets = {}
        for item in args.eval_set:
            name, _, path = item.rpartition("=")
            sets[name or Path(path).stem] = Path(path)
    from train.data import DataSourceError

    try:
        report = build_report(cfg, page=max(0, args.page), eval_sets=sets)
    except DataSourceError as exc:
        print(f"data error: {exc}", file=sys.stderr)
        return 3
    if args.json:
        json.dump(report, sys.stdout, ensure_ascii=False)
    else:
        print("\n".join(summary_lines(report)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
