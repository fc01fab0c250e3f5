"""Training data: sources -> chat messages -> TRL prompt/completion rows, streamed end to end.

Every source is a `datasets.IterableDataset` (`load_dataset(..., streaming=True)` for Hub ids,
`load_dataset("json"|"csv"|"parquet", data_files=..., streaming=True)` for local files), so memory
stays flat however large the source is. Per source: the first `k` rows go to the held-out eval
split, the train split skips them and takes `count`; sources are interleaved (by counts or by
weights, seeded) and the train stream gets a seeded buffer shuffle. Eval and train never overlap
because the split happens before any shuffling.

Each formatter turns one row of a known schema into `[system, user, assistant]` messages;
`to_prompt_completion` splits them into TRL's conversational prompt-completion format
(`{"prompt": [system, user], "completion": [assistant]}`), which is what makes TRL compute the
loss on the assistant reply only (`completion_only_loss=True`).
"""

from __future__ import annotations

import ast
import logging
import re
from collections.abc import Callable
from pathlib import Path

from tutor import SYSTEM_PROMPT
from tutor.core import answers

log = logging.getLogger(__name__)

Messages = list[dict]


class DataSourceError(RuntimeError):
    """A source could not be loaded or read; the message names the source and the reason."""


# ---- helpers ---------------------------------------------------------------------------------

_CALC = re.compile(r"<<[^<>]*>>")
_FINAL = re.compile(r"^\s*####\s*(.+?)\s*$", re.M)


def final_answer_line(answer) -> str:
    """The project's one answer convention (tutor.core.answers): "The final answer is N."."""
    return answers.final_answer_line(answer)


def _msgs(system: str | None, user: str, assistant: str) -> Messages:
    out = []
    if system:
        out.append({"role": "system", "content": system})
    out.append({"role": "user", "content": user.strip()})
    out.append({"role": "assistant", "content": assistant.strip()})
    return out


def _get(row: dict, columns: dict, key: str, *fallbacks: str, required: bool = True):
    for name in (columns.get(key), key, *fallbacks):
        if name and name in row and row[name] is not None:
            return row[name]
    if required:
        wanted = columns.get(key) or " / ".join((key, *fallbacks))
        raise KeyError(f"row has no column {wanted!r} (columns: {', '.join(map(str, row))})")
    return None


def field_value(row: dict, columns: dict, key: str, *fallbacks: str, required: bool = True):
    """A row's value for a formatter field: the mapped column, else the field's own name, else the
    fallbacks (train.data_report reads rows the way the formatters do)."""
    return _get(row, columns, key, *fallbacks, required=required)


# ---- formatters ------------------------------------------------------------------------------


def gsm8k_solution(answer: str) -> tuple[str, str]:
    """GSM8K answer -> (worked solution without calculator annotations, final number)."""
    m = _FINAL.search(answer)
    final = m.group(1).strip() if m else ""
    body = _FINAL.sub("", answer) if m else answer
    body = _CALC.sub("", body).strip()
    return body, final


def format_gsm8k(row: dict, system: str | None = SYSTEM_PROMPT, columns: dict | None = None) -> Messages:
    columns = columns or {}
    question = _get(row, columns, "question", "problem")
    body, final = gsm8k_solution(str(_get(row, columns, "answer", "solution")))
    text = body + ("\n" + final_answer_line(final) if final else "")
    return _msgs(system, question, text)


def format_mathx(row: dict, system: str | None = SYSTEM_PROMPT, columns: dict | None = None) -> Messages:
    """MathX-5M: `question`/`problem`, `generated_solution` (keeps its <think> block), `expected_answer`."""
    columns = columns or {}
    problem = _get(row, columns, "problem", "question")
    solution = str(_get(row, columns, "generated_solution", "solution")).strip()
    answer = _get(row, columns, "expected_answer", "answer", required=False)
    if answer is not None and str(answer).strip():
        tail = solution.rsplit("</think>", 1)[-1]
        if str(answer).strip() not in tail:
            solution = solution + "\n\n" + final_answer_line(answer)
    return _msgs(system, problem, solution)


def format_numina(row: dict, system: str | None = SYSTEM_PROMPT, columns: dict | None = None) -> Messages:
    """NuminaMath-CoT: `problem` + `solution` (or its `messages` list)."""
    columns = columns or {}
    problem = _get(row, columns, "problem", required=False)
    solution = _get(row, columns, "solution", required=False)
    if problem is None or solution is None:
        msgs = _get(row, columns, "messages")
        user = next(m["content"] for m in msgs if m["role"] == "user")
        assistant = next(m["content"] for m in msgs if m["role"] == "assistant")
        return _msgs(system, user, assistant)
    return _msgs(system, problem, solution)


def format_gsm_hard(row: dict, system: str | None = SYSTEM_PROMPT, columns: dict | None = None) -> Messages:
    """gsm-hard: `input` (problem), `code` (a Python solution), `target` (its result)."""
    columns = columns or {}
    problem = _get(row, columns, "input", "question", "problem")
    code = str(_get(row, columns, "code")).strip()
    target = _get(row, columns, "target", "answer")
    text = (
        f"Let's solve it with a short Python program:\n\n```python\n{code}\n```\n\n"
        f"Running it gives {answers.plain_number(target)}.\n{final_answer_line(target)}"
    )
    return _msgs(system, problem, text)


_OPTION = re.compile(r"([a-eA-E])\s*\)\s*(.*?)\s*(?=(?:,\s*[a-eA-E]\s*\))|$)", re.S)


def parse_mathqa_options(options) -> list[tuple[str, str]]:
    """ "a ) 38 , b ) 27.675 , ..." (or a dict / list) -> [("A", "38"), ("B", "27.675"), ...]."""
    if isinstance(options, dict):
        return [(str(k).upper(), str(v).strip()) for k, v in options.items()]
    if isinstance(options, list):
        if options and isinstance(options[0], str) and ")" in options[0]:
            options = " , ".join(options)
        else:
            return [(chr(65 + i), str(v).strip()) for i, v in enumerate(options)]
    text = str(options).strip()
    if text.startswith("[") and text.endswith("]"):
        try:
            return parse_mathqa_options(ast.literal_eval(text))
        except (ValueError, SyntaxError):
            pass
    return [(k.upper(), v.strip().rstrip(",").strip()) for k, v in _OPTION.findall(text)]


def _choices_block(options: list[tuple[str, str]]) -> str:
    return "\n".join(f"{k}) {v}" for k, v in options)


def format_mathqa(row: dict, system: str | None = SYSTEM_PROMPT, columns: dict | None = None) -> Messages:
    """Math-QA: `Problem`, `Rationale`, `options`, `correct` (a letter)."""
    columns = columns or {}
    problem = str(_get(row, columns, "Problem", "problem")).strip()
    rationale = str(_get(row, columns, "Rationale", "rationale")).strip().strip('"').strip()
    options = parse_mathqa_options(_get(row, columns, "options"))
    correct = str(_get(row, columns, "correct", "answer")).strip().upper()
    chosen = dict(options).get(correct, "")
    user = f"{problem}\n\nOptions:\n{_choices_block(options)}\n\nChoose the correct option."
    text = f"{rationale}\nThe correct option is ({correct}) {chosen}".rstrip() + "."
    return _msgs(system, user, text)


def format_mmlu(row: dict, system: str | None = SYSTEM_PROMPT, columns: dict | None = None) -> Messages:
    """MMLU: `question`, `choices` (list), `answer` (index or letter)."""
    columns = columns or {}
    if "question" not in row and isinstance(row.get("train"), dict):  # auxiliary_train nests rows
        row = row["train"]
    question = str(_get(row, columns, "question")).strip()
    choices = list(_get(row, columns, "choices"))
    answer = _get(row, columns, "answer")
    idx = answer if isinstance(answer, int) else "ABCDEFGHIJ".index(str(answer).strip().upper()[0])
    options = [(chr(65 + i), str(c).strip()) for i, c in enumerate(choices)]
    letter, text = options[idx]
    subject = row.get("subject")
    head = (
        f"The following is a multiple choice question about {str(subject).replace('_', ' ')}.\n\n"
        if subject
        else ""
    )
    user = f"{head}{question}\n\nOptions:\n{_choices_block(options)}\n\nChoose the correct option."
    return _msgs(system, user, f"The correct option is ({letter}) {text}.")


def format_messages(row: dict, system: str | None = SYSTEM_PROMPT, columns: dict | None = None) -> Messages:
    """Rows that already hold chat `messages` (the system prompt is added when missing)."""
    columns = columns or {}
    msgs = [{"role": m["role"], "content": m["content"]} for m in _get(row, columns, "messages")]
    if system and (not msgs or msgs[0]["role"] != "system"):
        msgs.insert(0, {"role": "system", "content": system})
    return msgs


def format_columns(row: dict, system: str | None = SYSTEM_PROMPT, columns: dict | None = None) -> Messages:
    """Generic local file: `problem` and `solution` columns (mapped), optional `answer`."""
    columns = columns or {}
    problem = _get(row, columns, "problem", "question", "input", "prompt")
    answer = _get(row, columns, "answer", required=False)
    has_answer = answer is not None and str(answer).strip()
    solution = _get(row, columns, "solution", "output", "response", "completion", required=not has_answer)
    solution = str(solution or "").strip()
    reasoning = _get(row, columns, "reasoning", required=False) if columns.get("reasoning") else None
    if reasoning is not None and str(reasoning).strip():  # a mapped reasoning column: the <think> block
        solution = f"<think>\n{str(reasoning).strip()}\n</think>\n\n{solution}".rstrip()
    if "####" in solution:
        body, final = gsm8k_solution(solution)
        solution = body + ("\n" + final_answer_line(final) if final else "")
    elif has_answer and answers.PREFIX not in solution.rsplit("</think>", 1)[-1]:  # the answer convention
        solution = (solution + "\n" + final_answer_line(answer)).strip()
    return _msgs(system, problem, solution)


FORMATTERS: dict[str, Callable] = {
    "gsm8k": format_gsm8k,
    "mathx": format_mathx,
    "numina": format_numina,
    "gsm_hard": format_gsm_hard,
    "mathqa": format_mathqa,
    "mmlu": format_mmlu,
    "messages": format_messages,
    "columns": format_columns,
}

_HUB_FORMATS = {
    "xenarcai/mathx-5m": "mathx",
    "openai/gsm8k": "gsm8k",
    "gsm8k": "gsm8k",
    "ai-mo/numinamath-cot": "numina",
    "reasoning-machines/gsm-hard": "gsm_hard",
    "allenai/math_qa": "mathqa",
    "math_qa": "mathqa",
    "rvv-karma/math-qa": "mathqa",
    "cais/mmlu": "mmlu",
}


def infer_format(source, first_row: dict | None = None) -> str:
    if source.format != "auto":
        return source.format
    key = (source.name or "").lower()
    if key in _HUB_FORMATS:
        return _HUB_FORMATS[key]
    for hub_id, fmt in _HUB_FORMATS.items():
        if hub_id in key or (source.path and hub_id.split("/")[-1] in source.path.lower()):
            return fmt
    if first_row is not None:
        cols = set(first_row)
        if "messages" in cols:
            return "messages"
        if {"question", "answer"} <= cols and "####" in str(first_row.get("answer", "")):
            return "gsm8k"
        if "generated_solution" in cols:
            return "mathx"
        if {"input", "code", "target"} <= cols:
            return "gsm_hard"
        if {"Problem", "options", "correct"} <= cols:
            return "mathqa"
        if {"question", "choices", "answer"} <= cols:
            return "mmlu"
    return "columns"


def to_prompt_completion(messages: Messages, fold_system_prompt: bool = False) -> dict:
    """[system, user, ..., assistant] -> {"prompt": [...], "completion": [last assistant]}."""
    if not messages or messages[-1]["role"] != "assistant":
        raise ValueError("a training example must end with an assistant message")
    prompt = list(messages[:-1])
    if fold_system_prompt:
        from tutor.core.prompting import fold_system

        prompt = fold_system(prompt)
    return {"prompt": prompt, "completion": [messages[-1]]}


# ---- streaming pipeline ----------------------------------------------------------------------

PARQUET_BATCH_ROWS = 1000


def _builder_for(path: str) -> str:
    suffixes = "".join(Path(path).suffixes).lower()
    if ".jsonl" in suffixes or ".json" in suffixes:
        return "json"
    if ".csv" in suffixes or ".tsv" in suffixes:
        return "csv"
    if ".parquet" in suffixes:
        return "parquet"
    raise DataSourceError(f"dataset {path}: unknown file type (use .jsonl, .json, .csv or .parquet)")


def load_source(source):
    """The raw rows of one source as a streaming IterableDataset (lazy; nothing read yet)."""
    from datasets import load_dataset

    try:
        if source.path:
            p = Path(source.path)
            files = (
                [str(x) for x in sorted(p.glob("*")) if x.suffix in (".jsonl", ".json", ".csv", ".parquet")]
                if p.is_dir()
                else source.path
            )
            first = files[0] if isinstance(files, list) and files else files
            if not first:
                raise DataSourceError(f"dataset {source.label}: no data files in {source.path}")
            builder = _builder_for(first)
            kwargs = {"delimiter": "\t"} if builder == "csv" and str(first).endswith(".tsv") else {}
            if builder == "parquet":
                # Arrow batches of PARQUET_BATCH_ROWS rows instead of whole row groups: with
                # 50k-row groups Arrow memory grew to ~580 MiB over 300k rows, with 1000-row
                # batches it stays near 100 MiB (bench/bench_data.py, 1M rows)
                kwargs["batch_size"] = PARQUET_BATCH_ROWS
            if not source.streaming:  # downloaded/cached as Arrow first, then iterated lazily
                return load_dataset(builder, data_files=files, split="train", **kwargs).to_iterable_dataset()
            return load_dataset(builder, data_files=files, split="train", streaming=True, **kwargs)
        if not source.streaming:
            return load_dataset(source.name, source.config, split=source.split).to_iterable_dataset()
        return load_dataset(source.name, source.config, split=source.split, streaming=True)
    except DataSourceError:
        raise
    except Exception as exc:  # noqa: BLE001 - turned into a plain message
        raise DataSourceError(f"could not load dataset {source.label!r}: {explain_data_error(exc)}") from exc


def explain_data_error(exc: Exception) -> str:
    text = f"{type(exc).__name__}: {exc}".splitlines()[0][:300]
    low = text.lower()
    if (
        "offline" in low
        or "connection" in low
        or "couldn't reach" in low
        or "localentrynotfound" in low
        or "not found in cache" in low
        or "couldn't find" in low
        and "cache" in low
    ):
        return f"no network and the dataset is not in the local Hugging Face cache ({text})"
    if "gated" in low or "401" in low or "403" in low:
        return f"the dataset is gated: accept its terms on the Hub and set HF_TOKEN ({text})"
    if "doesn't exist" in low or "not found" in low or "404" in low:
        return f"no such dataset on the Hub or file on disk ({text})"
    return text


def _formatter_map(source, fmt: str, system: str | None, fold: bool):
    fn = FORMATTERS[fmt]
    columns = dict(source.columns)
    label = source.label

    def convert(row):
        try:
            return to_prompt_completion(fn(row, system, columns), fold)
        except Exception as exc:  # noqa: BLE001 - name the source in the message
            raise DataSourceError(f"dataset {label!r} ({fmt} format): {type(exc).__name__}: {exc}") from exc

    return convert


def formatted_source(source, system: str | None = SYSTEM_PROMPT, fold_system_prompt: bool = False):
    """One source as a stream of {"prompt", "completion"} rows (format inferred from the first row)."""
    raw = load_source(source)
    fmt = source.format
    if fmt == "auto":
        first = None
        if (source.name or "").lower() not in _HUB_FORMATS:
            first = peek(raw, source)
        fmt = infer_format(source, first)
    convert = _formatter_map(source, fmt, system, fold_system_prompt)
    return raw.map(convert).select_columns(["prompt", "completion"]), fmt


def peek(ds, source=None) -> dict:
    try:
        return next(iter(ds))
    except StopIteration:
        raise DataSourceError(f"dataset {getattr(source, 'label', '?')!r} is empty") from None
    except DataSourceError:
        raise
    except Exception as exc:  # noqa: BLE001
        label = getattr(source, "label", "?")
        raise DataSourceError(f"could not read dataset {label!r}: {explain_data_error(exc)}") from exc


def _split_eval(total: int, sources) -> list[int]:
    """Share `total` eval rows over the sources in proportion to their counts/weights."""
    if total <= 0:
        return [0] * len(sources)
    shares = [float(s.count if s.count is not None else (s.weight or 1.0)) for s in sources]
    norm = sum(shares)
    ks = [int(total * sh / norm) for sh in shares]
    i = 0
    while sum(ks) < total:
        ks[i % len(ks)] += 1
        i += 1
    return ks


def eval_rows_per_source(total: int, sources) -> list[int]:
    """How many of the `total` eval rows each source gives (the split build_datasets makes)."""
    return _split_eval(total, sources)


def build_datasets(cfg, system: str | None = None, fold_system_prompt: bool = False):
    """-> (train IterableDataset, eval IterableDataset | None, info dict). Nothing is materialized."""
    from datasets import interleave_datasets

    system = SYSTEM_PROMPT if system is None and cfg.system_prompt is None else (system or cfg.system_prompt)
    streams, formats = [], []
    for src in cfg.datasets:
        ds, fmt = formatted_source(src, system, fold_system_prompt)
        peek(ds, src)  # fail now, naming this source, if it cannot be read (one row is read)
        streams.append(ds)
        formats.append(fmt)
    eval_ks = _split_eval(cfg.eval_size, cfg.datasets)
    train_parts, eval_parts = [], []
    for src, ds, k in zip(cfg.datasets, streams, eval_ks):
        if k:
            eval_parts.append(ds.take(k))
        part = ds.skip(k) if k else ds
        if src.count is not None:
            part = part.take(src.count)
        train_parts.append(part)

    seed = cfg.seed
    if len(train_parts) == 1:
        train = train_parts[0]
    elif all(s.count is not None for s in cfg.datasets):
        total = sum(s.count for s in cfg.datasets)
        probs = [s.count / total for s in cfg.datasets]
        train = interleave_datasets(
            train_parts, probabilities=probs, seed=seed, stopping_strategy="all_exhausted_without_replacement"
        )
    else:
        weights = [s.weight or 1.0 for s in cfg.datasets]
        probs = [w / sum(weights) for w in weights]
        train = interleave_datasets(
            train_parts, probabilities=probs, seed=seed, stopping_strategy="first_exhausted"
        )
    if cfg.num_examples is not None:
        train = train.take(cfg.num_examples)
    # Several shards (files, Hub parquet parts) fill the buffer from up to 10 of them at once; a
    # single shard skips that interleaving layer, which hands every row through a thread pool
    # (about 90 µs a row) and sleeps 5 s when the stream ends (bench/bench_data.py).
    shards = max(1, min(10, getattr(train, "num_shards", 1) or 1))
    train = train.shuffle(seed=seed, buffer_size=cfg.shuffle_buffer, max_buffer_input_shards=shards)

    evals = None
    if eval_parts:
        from datasets import concatenate_datasets

        evals = eval_parts[0] if len(eval_parts) == 1 else concatenate_datasets(eval_parts)
    info = {
        "formats": {s.label: f for s, f in zip(cfg.datasets, formats)},
        "num_examples": cfg.known_train_examples(),
        "eval_examples": sum(eval_ks),
    }
    return train, evals, info
