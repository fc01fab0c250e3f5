"""Real model replies to outside word problems, for the word-problem badge figures (issue 25).

    python -m bench.make_word_replies [--per-corpus N] [--max-new-tokens T]

The real small model (SmolLM2-135M-Instruct, tutor.core.real_model) answers a fixed sample of
ASDiv and GSM8K test problems (both parts of the recorded split; the sample is the rows with the
smallest split hashes, so no choice by content) greedily with the tutor's system prompt. Each row
records the corpus, id, part, the problem, the gold answer and the model's reply; the benchmark
alters copies of the replies itself. Written to bench/data/word_replies.jsonl.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from bench.make_word_split import corpus_rows, load_split, text_hash

OUT = Path(__file__).with_name("data") / "word_replies.jsonl"


def sample(per_corpus: int, corpora: tuple[str, ...] = ("asdiv", "gsm8k")) -> list[dict]:
    split = load_split()
    picked = []
    for corpus in corpora:
        rs = sorted(corpus_rows(corpus), key=lambda r: text_hash(corpus + r["id"]))[:per_corpus]
        for r in rs:
            picked.append({**r, "corpus": corpus, "part": split[(corpus, r["id"])]})
    return picked


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--per-corpus", type=int, default=200)
    ap.add_argument("--max-new-tokens", type=int, default=200)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--corpus", default="asdiv,gsm8k", help="comma-separated: asdiv, gsm8k")
    args = ap.parse_args()

    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    from tutor import SYSTEM_PROMPT
    from tutor.core.real_model import MODEL_NAME, ensure_real_model

    torch.set_num_threads(1)
    path = ensure_real_model()
    tok = AutoTokenizer.from_pretrained(path)
    tok.padding_side = "left"
    model = AutoModelForCausalLM.from_pretrained(path, dtype=torch.float32).eval()
    rows = sample(args.per_corpus, tuple(args.corpus.split(",")))
    done = {}
    if OUT.is_file():
        for line in OUT.read_text().splitlines():
            r = json.loads(line)
            done[(r["corpus"], r["id"])] = r
    todo = [r for r in rows if (r["corpus"], r["id"]) not in done]
    t0 = time.time()
    with OUT.open("a") as f:
        for i in range(0, len(todo), args.batch):
            batch = todo[i : i + args.batch]
            prompts = [
                tok.apply_chat_template(
                    [{"role": "system", "content": SYSTEM_PROMPT}, {"role": "user", "content": r["text"]}],
                    tokenize=False,
                    add_generation_prompt=True,
                )
                for r in batch
            ]
            enc = tok(prompts, return_tensors="pt", padding=True)
            with torch.no_grad():
                out = model.generate(**enc, max_new_tokens=args.max_new_tokens, do_sample=False)
            for r, seq in zip(batch, out):
                reply = tok.decode(seq[enc["input_ids"].shape[1] :], skip_special_tokens=True).strip()
                rec = {
                    "corpus": r["corpus"],
                    "id": r["id"],
                    "part": r["part"],
                    "problem": r["text"],
                    "gold": r["gold"],
                    "model": MODEL_NAME,
                    "reply": reply,
                }
                f.write(json.dumps(rec) + "\n")
            f.flush()
            print(f"{i + len(batch)}/{len(todo)} {time.time() - t0:.0f}s", flush=True)


if __name__ == "__main__":
    main()
