"""Self-consistency confidence for model answers (no Gradio here).

Sample the model `k` more times at temperature 0.7, extract each final answer with the grader,
cluster the answers with `grading.answers_equal`, and report the agreement rate (the share of
samples in the largest cluster) and whether the shown reply's answer is that majority.  It costs
`k` extra generations (one batch of k rows on a model engine), so it is off by default (a teacher's
setting; slow on CPU).
"""

from __future__ import annotations

import threading
from dataclasses import asdict, dataclass, field

from tutor.engine.engines import Engine, GenerationSettings
from tutor.math.grading import answers_equal, extract_answer

__all__ = ["Confidence", "cluster_answers", "self_consistency", "SAMPLE_TEMPERATURE", "MAX_SAMPLES"]

SAMPLE_TEMPERATURE = 0.7
MAX_SAMPLES = 16


@dataclass
class Confidence:
    samples: int
    answers: list = field(default_factory=list)  # extracted answer per sample (None: none found)
    clusters: list = field(default_factory=list)  # [[representative, count], ...] largest first
    agreement: float = 0.0  # largest cluster / samples
    majority: str | None = None
    agrees_with_reply: bool | None = None  # the reply's own answer is in the largest cluster

    def note(self) -> str:
        if not self.samples:
            return ""
        top = self.clusters[0][1] if self.clusters else 0
        s = f"Self-consistency: {top}/{self.samples} samples agree ({self.agreement:.0%})" + (
            f" on {self.majority}" if self.majority else ""
        )
        if self.agrees_with_reply is not None:
            s += "; the reply's answer " + ("is" if self.agrees_with_reply else "is not") + " the majority"
        return s + "."

    def to_dict(self) -> dict:
        return asdict(self)


def cluster_answers(answers: list) -> list[list]:
    """[[representative, count], ...] of equal answers (answers_equal), largest first; None
    answers are left out."""
    clusters: list[list] = []
    for a in answers:
        if a is None:
            continue
        for c in clusters:
            if answers_equal(a, c[0]):
                c[1] += 1
                break
        else:
            clusters.append([a, 1])
    return sorted(clusters, key=lambda c: -c[1])


def self_consistency(
    engine: Engine,
    prompt,
    k: int,
    settings: GenerationSettings | None = None,
    stop: threading.Event | None = None,
    adapter: str | None = None,
    reply_answer: str | None = None,
) -> Confidence:
    k = max(0, min(int(k or 0), MAX_SAMPLES))
    base = (settings or GenerationSettings()).clamped()
    sample = GenerationSettings(base.max_new_tokens, SAMPLE_TEMPERATURE, 0.95, base.repetition_penalty)
    # One request for all k samples: a model engine runs them as k rows of one batch
    # (num_return_sequences); samples cut short by the stop event are left out.
    texts = engine.sample(prompt, sample, k, stop, adapter=adapter) if k else []
    answers = [extract_answer(text)[0] for text in texts]
    clusters = cluster_answers(answers)
    n = len(answers)
    agreement = clusters[0][1] / n if clusters and n else 0.0
    majority = clusters[0][0] if clusters else None
    agrees = None
    if reply_answer is not None and majority is not None:
        agrees = answers_equal(reply_answer, majority)
    return Confidence(
        samples=n,
        answers=answers,
        clusters=clusters,
        agreement=agreement,
        majority=majority,
        agrees_with_reply=agrees,
    )
