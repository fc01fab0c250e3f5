"""Evaluate a model (and LoRA adapters beside it) on a math dataset; no Gradio here.

    python -m tutor.evaluation.evaluate --model google/gemma-3-4b-it --adapter runs/lora1 --adapter runs/lora2 \\
        --dataset gsm8k --limit 200 --batch-size 8 --max-new-tokens 512 --output runs/eval.json

Datasets (`--dataset`)
    gsm8k               the GSM8K test split from ``<repo>/../shared/data/gsm8k/test.jsonl`` (or
                        ``<repo>/shared/...``), else the Hub's ``openai/gsm8k`` (``main``, test).
    PATH.jsonl          (or .json, a list) detected by its fields:
                        GSM8K: ``question`` + ``answer`` ending in ``#### N``;
                        MATH: ``problem`` + ``solution`` with ``\\boxed{}`` (or an ``answer`` field);
                        Math-QA: ``Problem`` + ``options`` + ``correct`` (letter a-e);
                        MMLU: ``question`` + ``choices`` (list) + ``answer`` (index 0-3 or letter);
                        anything else with ``--question-field`` / ``--answer-field``.
    ``--shots K`` takes K worked examples from the train split (``train.jsonl`` beside the test
    file; for ``gsm8k`` the shared train split or the Hub's), drawn with ``--seed``.

Prompt convention (``PROMPT_VERSION``)
    system prompt (``tutor.SYSTEM_PROMPT``) + one user turn: the question, a blank line and an
    instruction that depends on the answer type:
      numeric (GSM8K, custom): "Solve the problem step by step. End with one line of the form
          'The final answer is N.', where N is the final answer (a single number)." -- the
          project's one answer convention (`tutor.core.answers`, recorded as
          config["answer_convention"]): the sentence `train/data.py` writes into training
          targets, the tutor's system prompt asks for and the SymPy solver ends with;
      MATH: "... End with one line of the form 'The final answer is $ANSWER$.'" (LaTeX);
      multiple choice: the options listed as "A) ...", then "... end with a line 'Answer: X',
          where X is the letter of the correct option."
    A tokenizer without a chat template (a base model) gets plain text instead:
    "<system prompt>\n\nQuestion: ...\nAnswer: ...\n\nQuestion: ...\nAnswer:".
    Few-shot examples are prior user/assistant turns in the same format (GSM8K solutions with the
    calculator annotations ``<<...>>`` removed, ending in "The final answer is N."; lm-eval's strict-match filter
    looks for ``#### N``, which this convention does not write, so ``strict_match`` is only
    for comparing with published figures; ``accuracy`` is the grader's). The chat template is applied
    with `tutor.core.prompting.apply_template` (folds the system prompt for templates that reject it).

Generation: greedy, ``max_new_tokens``, batched with LEFT padding, stopping at the tokenizer's eos
and every eos / end-of-turn id in the model's generation_config.

Selection: ``--limit N`` takes the first N rows of a permutation of the dataset drawn with
``--seed`` (default 0), so a larger limit with the same seed extends a smaller one (resume); pass
``--seed -1`` (API: ``seed=None``) for the first N rows in file order.

Output JSON (written atomically after every batch; the same stem with ``.csv`` holds the items)::

    {"config": {...},
     "results": {"base": {"accuracy", "ci95": [lo, hi] (Wilson, 95%), "strict_match",
                          "flexible_extract", "n", "correct", "relative_improvement" (null for
                          base, and when base accuracy is 0; else (acc - base_acc) / base_acc), "tokens_per_s",
                          "generated_tokens", "generation_s"},
                 "<adapter>": {...}},
     "items": [{"adapter", "index", "question", "gold", "response", "extracted", "method",
                "correct", "strict_match", "flexible_extract", "new_tokens"}],
     "cancelled": bool}

Tutoring quality, per adapter beside accuracy (in "results", the table, the chart, the CSV):
    ``verdicts``                counts of the math core's verdict on each reply
                                (`tutor.math.verify`: verified / calculations_checked /
                                calculation_error / wrong / none; multiple-choice sets: none);
    ``calculations_checked_rate`` and ``calculation_error_rate``, ``verified_rate``: shares of
                                replies with that verdict;
    ``hint_leak_rate``          (``hints=True``, ``--hints``): the share of first hints in hint mode
                                (the tutor's hint prompt, `tutor.tutoring.hints`) that already state
                                the final answer (`answer_leak`: the live hint guard's detector);
    ``maj_accuracy``            (``maj_k=K``, ``--maj-k K``): self-consistency maj@K, K answers
                                sampled at temperature 0.7 (seeded), the largest cluster of equal
                                answers (`tutor.tutoring.confidence.cluster_answers`) graded;
    ``avg_reply_tokens`` / ``avg_reply_words``: average reply length.
Items then carry ``verdict``, ``reply_words``, and ``hint`` / ``hint_leak``, ``maj_answer`` /
``maj_correct`` when asked.

Items carry the normalised gold ("18", "B"), the extraction rule (``method``, see
`tutor.math.grading`) and the number of generated tokens. ``strict_match`` / ``flexible_extract``
are lm-evaluation-harness's gsm8k filters (null for
multiple-choice sets). Results are computed over the items of the current selection.

Resume: re-running with the same ``--output`` skips items already there (same adapter name and
row index); the model, dataset, shots, prompt and max_new_tokens must match (else an error: use
another output file or ``--overwrite``).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import random
import sys
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from tutor import SYSTEM_PROMPT
from tutor.core import answers
from tutor.engine.generation import stop_token_ids  # noqa: F401 - the one end-of-sequence rule
from tutor.evaluation.eval_adapters import adapter_name, attach_adapters  # noqa: F401 - re-exported
from tutor.evaluation.eval_data import (  # noqa: F401 - the module's public names, re-exported
    EvaluationError,
    Item,
    load_dataset_items,
    rows_to_items,
    select,
    shared_data_dir,
)
from tutor.evaluation.eval_prompts import (  # noqa: F401 - re-exported
    CHOICE_INSTRUCTION,
    LATEX_INSTRUCTION,
    NUMERIC_INSTRUCTION,
    build_prompt,
    format_question,
    format_solution,
    hint_prompt,
)
from tutor.evaluation.eval_report import CSV_FIELDS, write_outputs  # noqa: F401 - re-exported
from tutor.evaluation.eval_scoring import grade_item, majority, summarize, wilson_ci  # noqa: F401

log = logging.getLogger(__name__)

PROMPT_VERSION = "v2-final-answer-sentence"

RESUME_KEYS = (
    "model",
    "dataset",
    "shots",
    "max_new_tokens",
    "prompt_version",
    "question_field",
    "answer_field",
    "hints",
    "maj_k",
)
RESUME_DEFAULTS = {"hints": False, "maj_k": 0}  # reports written before these options existed
SAMPLE_TEMPERATURE = 0.7  # maj@k sampling (as the tutor's self-consistency)
MAX_MAJ_K = 16
HINT_MAX_NEW_TOKENS = 384  # as the tutor's hint mode


# ---------------------------------------------------------------------------------------------
# generation


def generate_batch(
    model,
    tokenizer,
    prompts: list[str],
    max_new_tokens: int,
    stop_ids: list[int] | None = None,
    samples: int = 0,
) -> tuple[list[str], list[int]]:
    """Generation for a batch of rendered prompts through the one generation core
    (`tutor.engine.generation.run_batch`: left padding, one end-of-sequence rule). Greedy, or with
    `samples` k > 0, k completions per prompt sampled at temperature 0.7 (prompt-major order).
    Returns the decoded completions and the number of new tokens of each (up to and including its
    stop token). Runs on the calling thread on the model as it is (its active adapter)."""
    from tutor.engine.engines import GenerationSettings
    from tutor.engine.generation import GenRequest, run_batch

    if samples > 0:
        settings = GenerationSettings(
            max_new_tokens=max_new_tokens, temperature=SAMPLE_TEMPERATURE, top_p=0.95
        ).clamped()
    else:
        settings = GenerationSettings(max_new_tokens=max_new_tokens, temperature=0.0).clamped()
    requests = [GenRequest(p, settings, num_return_sequences=max(1, samples)) for p in prompts]
    rows = run_batch(model, tokenizer, requests, eos_ids=stop_ids)
    return [r.text.strip() for r in rows], [r.new_tokens for r in rows]


def answer_leak(hint: str, gold: str, question: str = "") -> bool:
    """Does a hint already state the final answer `gold`?  The one answer-leak detector, the
    same the live hint guard enforces (`tutor.tutoring.leaks.answer_leak`)."""
    from tutor.tutoring.leaks import answer_leak as leaks

    return leaks(hint, [gold], question)


# ---------------------------------------------------------------------------------------------
# the evaluation


def evaluate(
    model_source: str | None,
    adapters: Iterable[str] = (),
    dataset: str = "gsm8k",
    limit: int | None = None,
    batch_size: int = 8,
    max_new_tokens: int = 512,
    output: str | os.PathLike | None = None,
    seed: int | None = 0,
    shots: int = 0,
    progress: Callable[[int, int], None] | None = None,
    cancel: threading.Event | None = None,
    loaded=None,
    *,
    precision: str = "auto",
    device: str = "auto",
    question_field: str | None = None,
    answer_field: str | None = None,
    choices_field: str | None = None,
    overwrite: bool = False,
    show_progress: bool = True,
    roots=None,
    hints: bool = False,
    maj_k: int = 0,
) -> dict:
    """Evaluate the base model and each adapter on `dataset`; returns the report dict (see the
    module docstring for its schema) and writes it to `output` (+ .csv) when given.

    `loaded`: an already-loaded `tutor.core.loading.LoadedModel` to reuse (then `model_source` is only
    recorded). `progress(done, total)` is called after every batch; `cancel` (threading.Event) is
    checked between batches and stops the run early (report["cancelled"] is True).
    `hints`: also generate each problem's first hint in hint mode and measure the answer-leak
    rate; `maj_k`: also sample k answers per problem for maj@k (k extra generations each).
    """
    maj_k = max(0, min(int(maj_k or 0), MAX_MAJ_K))
    adapters = [str(a) for a in adapters]
    if batch_size < 1:
        raise ValueError("batch_size must be >= 1")
    items_all = load_dataset_items(
        dataset,
        question_field=question_field,
        answer_field=answer_field,
        choices_field=choices_field,
        roots=roots,
    )
    selection = select(items_all, limit, seed)
    shot_items: list[Item] = []
    if shots:
        pool = load_dataset_items(
            dataset,
            question_field=question_field,
            answer_field=answer_field,
            choices_field=choices_field,
            split="train",
            roots=roots,
        )
        shot_items = random.Random(1234 if seed is None else seed).sample(pool, min(shots, len(pool)))

    if loaded is None and not model_source:
        raise ValueError("model_source or loaded is required")
    source = model_source or getattr(loaded, "source", None)
    config = {
        "model": str(source),
        "adapters": adapters,
        "dataset": str(dataset),
        "limit": limit,
        "seed": seed,
        "shots": shots,
        "batch_size": batch_size,
        "max_new_tokens": max_new_tokens,
        "precision": precision,
        "device": device,
        "prompt_version": PROMPT_VERSION,
        "system_prompt": SYSTEM_PROMPT,
        "answer_convention": answers.CONVENTION,
        "question_field": question_field,
        "answer_field": answer_field,
        "greedy": True,
        "padding_side": "left",
        "hints": bool(hints),
        "maj_k": maj_k,
    }

    out_path = Path(output) if output else None
    prior_items: list[dict] = []
    timing: dict[str, dict] = {}
    if out_path and out_path.exists() and not overwrite:
        try:
            prior = json.loads(out_path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise EvaluationError(
                f"{out_path} is not a readable evaluation file ({exc}); use another output or overwrite=True"
            ) from exc
        pc = prior.get("config", {})
        diff = [k for k in RESUME_KEYS if pc.get(k, RESUME_DEFAULTS.get(k)) != config.get(k)]
        if diff:
            raise EvaluationError(
                f"{out_path} holds an evaluation with a different "
                f"{', '.join(diff)}: use another output file or --overwrite"
            )
        prior_items = list(prior.get("items", []))
        timing = {
            k: {"generated_tokens": v.get("generated_tokens", 0), "generation_s": v.get("generation_s", 0.0)}
            for k, v in prior.get("results", {}).items()
        }

    if loaded is None:
        if not model_source:
            raise ValueError("model_source or loaded is required")
        from tutor.core.loading import load_model

        loaded = load_model(model_source, precision=precision, device=device)
    config["precision"] = getattr(loaded, "precision", precision)
    config["device"] = getattr(loaded, "device", device)

    model, tokenizer = loaded.model, loaded.tokenizer
    models = attach_adapters(model, adapters, loaded)
    names = ["base"] + list(models.names)
    items_out = prior_items
    done_keys = {(it["adapter"], it["index"]) for it in items_out}
    total = len(selection) * len(names)
    done = sum((n, it.index) in done_keys for n in names for it in selection)
    stop_ids = stop_token_ids(model, tokenizer)
    prompts = {it.index: build_prompt(tokenizer, it, shot_items) for it in selection}
    hint_prompts = {it.index: hint_prompt(tokenizer, it) for it in selection} if hints else {}
    cancelled = False

    report: dict = {}

    def refresh():
        indices = [it.index for it in selection]
        report.update(
            {
                "config": config,
                "results": summarize(items_out, names, indices, timing),
                "items": items_out,
                "cancelled": cancelled,
            }
        )
        if out_path:
            write_outputs(out_path, report)

    bar = None
    if show_progress:
        from tqdm.auto import tqdm

        bar = tqdm(total=total, initial=done, desc="evaluating", unit="item", file=sys.stderr)
    if progress:
        progress(done, total)
    try:
        for name in names:
            todo = [it for it in selection if (name, it.index) not in done_keys]
            t = timing.setdefault(name, {"generated_tokens": 0, "generation_s": 0.0})
            # longest prompts first: batches of similar length waste less on padding
            todo.sort(key=lambda it: -len(prompts[it.index]))
            with models.use(name) as m:
                for start in range(0, len(todo), batch_size):
                    if cancel is not None and cancel.is_set():
                        cancelled = True
                        break
                    batch = todo[start : start + batch_size]
                    t0 = time.perf_counter()
                    texts, counts = generate_batch(
                        m, tokenizer, [prompts[it.index] for it in batch], max_new_tokens, stop_ids
                    )
                    t["generation_s"] += time.perf_counter() - t0
                    t["generated_tokens"] += sum(counts)
                    extra = _quality(
                        m,
                        tokenizer,
                        batch,
                        texts,
                        [prompts[it.index] for it in batch],
                        hint_prompts,
                        maj_k,
                        max_new_tokens,
                        stop_ids,
                        seed,
                    )
                    for it, text, n, more in zip(batch, texts, counts, extra):
                        g = grade_item(it, text)
                        items_out.append(
                            {
                                "adapter": name,
                                "index": it.index,
                                "question": it.question,
                                **g,
                                "response": text,
                                "new_tokens": n,
                                "reply_words": len(text.split()),
                                **more,
                            }
                        )
                    done += len(batch)
                    refresh()
                    if bar is not None:
                        bar.update(len(batch))
                    if progress:
                        progress(done, total)
            if cancelled:
                break
        items_out.sort(
            key=lambda r: (
                names.index(r["adapter"]) if r["adapter"] in names else len(names),
                r["adapter"],
                r["index"],
            )
        )
        refresh()
    finally:
        if bar is not None:
            bar.close()
        models.restore()
    return report


def _quality(
    model,
    tokenizer,
    batch: list[Item],
    texts: list[str],
    prompts: list[str],
    hint_prompts: dict,
    maj_k: int,
    max_new_tokens: int,
    stop_ids: list[int],
    seed: int | None,
) -> list[dict]:
    """Tutoring-quality fields for a generated batch: the math core's verdict on each reply,
    and (when asked) the first hint with its leak judgement and maj@k."""
    from tutor.math.checks import verify_many

    out: list[dict] = [{} for _ in batch]
    numeric = [k for k, it in enumerate(batch) if it.kind != "choice"]
    if numeric:
        verdicts = verify_many([(batch[k].question, texts[k]) for k in numeric])
        for k, v in zip(numeric, verdicts):
            out[k]["verdict"] = v.status
    if hint_prompts:
        hint_texts, _ = generate_batch(
            model,
            tokenizer,
            [hint_prompts[it.index] for it in batch],
            min(max_new_tokens, HINT_MAX_NEW_TOKENS),
            stop_ids,
        )
        for k, (it, h) in enumerate(zip(batch, hint_texts)):
            out[k]["hint"] = h
            out[k]["hint_leak"] = answer_leak(h, it.gold_short(), it.question)
    if maj_k:
        import torch

        torch.manual_seed(0 if seed is None else seed)
        sampled, _ = generate_batch(model, tokenizer, prompts, max_new_tokens, stop_ids, samples=maj_k)
        for k, it in enumerate(batch):
            answer, right = majority(sampled[k * maj_k : (k + 1) * maj_k], it.gold_short(), it.kind)
            out[k].update(maj_k=maj_k, maj_answer=answer, maj_correct=right)
    return out


# ---------------------------------------------------------------------------------------------
# CLI


def _print_summary(report: dict, file=None) -> None:
    file = file or sys.stdout
    print(
        f"{'model':<28} {'n':>5} {'accuracy':>9} {'95% CI':>17} {'strict':>7} {'flex':>7} "
        f"{'rel.':>7} {'tok/s':>7} {'leak':>6} {'calc✓':>6} {'calc✗':>6} {'maj@k':>6} "
        f"{'tokens':>6}",
        file=file,
    )

    def f(x, fmt="{:.3f}"):
        return "-" if x is None else fmt.format(x)

    for name, r in report["results"].items():
        ci = r["ci95"]
        ci_s = f"[{ci[0]:.3f}, {ci[1]:.3f}]" if ci else "-"
        print(
            f"{name[:28]:<28} {r['n']:>5} {f(r['accuracy']):>9} {ci_s:>17} "
            f"{f(r['strict_match']):>7} {f(r['flexible_extract']):>7} "
            f"{f(r['relative_improvement'], '{:+.1%}'):>7} {f(r['tokens_per_s'], '{:.1f}'):>7} "
            f"{f(r.get('hint_leak_rate'), '{:.0%}'):>6} "
            f"{f(r.get('calculations_checked_rate'), '{:.0%}'):>6} "
            f"{f(r.get('calculation_error_rate'), '{:.0%}'):>6} "
            f"{f(r.get('maj_accuracy'), '{:.0%}'):>6} {f(r.get('avg_reply_tokens'), '{:.0f}'):>6}",
            file=file,
        )


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        prog="python -m tutor.evaluation.evaluate",
        description="Evaluate a model and LoRA adapters on a math set.",
    )
    p.add_argument("--model", required=True, help="Hub id, local folder or path/to/model.gguf")
    p.add_argument("--gguf-file", help="a GGUF file in the --model folder or Hub repo")
    p.add_argument(
        "--adapter", action="append", default=[], help="LoRA adapter folder or Hub id (repeat for several)"
    )
    p.add_argument("--dataset", default="gsm8k", help="'gsm8k' or a .jsonl/.json path")
    p.add_argument("--limit", type=int, default=None)
    p.add_argument("--batch-size", type=int, default=8)
    p.add_argument("--max-new-tokens", type=int, default=512)
    p.add_argument("--output", required=True, help="report .json (a .csv is written beside it)")
    p.add_argument("--seed", type=int, default=0, help="sample seed for --limit; -1: file order")
    p.add_argument("--shots", type=int, default=0, help="few-shot examples from the train split")
    p.add_argument("--precision", default="auto", choices=("auto", "4bit", "8bit", "bf16", "fp16", "fp32"))
    p.add_argument("--device", default="auto")
    p.add_argument("--question-field")
    p.add_argument("--answer-field")
    p.add_argument("--choices-field")
    p.add_argument("--overwrite", action="store_true", help="start afresh instead of resuming")
    p.add_argument(
        "--hints",
        action="store_true",
        help="also measure the hint-mode answer-leak rate (one more generation each)",
    )
    p.add_argument(
        "--maj-k",
        type=int,
        default=0,
        help="also measure self-consistency maj@K (K sampled answers per problem)",
    )
    args = p.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    from tutor.core.loading import ModelLoadError

    try:
        loaded = None
        if args.gguf_file:  # a .gguf --model path is loaded by load_model as it is
            from tutor.core.loading import load_model

            loaded = load_model(
                args.model, precision=args.precision, device=args.device, gguf_file=args.gguf_file
            )
        report = evaluate(
            args.model,
            args.adapter,
            args.dataset,
            limit=args.limit,
            batch_size=args.batch_size,
            max_new_tokens=args.max_new_tokens,
            output=args.output,
            seed=None if args.seed < 0 else args.seed,
            shots=args.shots,
            precision=args.precision,
            device=args.device,
            question_field=args.question_field,
            answer_field=args.answer_field,
            choices_field=args.choices_field,
            overwrite=args.overwrite,
            hints=args.hints,
            maj_k=args.maj_k,
            loaded=loaded,
        )
    except (EvaluationError, ModelLoadError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    _print_summary(report)
    print(f"wrote {args.output} and {Path(args.output).with_suffix('.csv')}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
