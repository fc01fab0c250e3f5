"""lm-evaluation-harness parity: its `gsm8k` task's "strict-match" and "flexible-extract" filters
and its exact_match normalisation (ignore_case, regexes_to_ignore ``,`` ``\\$`` ``(?s).*#### ``
``\\.$``), so Evaluate's figures compare with the harness's."""

from __future__ import annotations

import re

__all__ = [
    "INVALID",
    "harness_extract_strict",
    "harness_extract_flexible",
    "harness_strict",
    "harness_flexible",
]


_HARNESS_STRICT = re.compile(r"#### (\-?[0-9\.\,]+)")
_HARNESS_FLEX = re.compile(r"(-?[$0-9.,]{2,})|(-?[0-9]+)")
_HARNESS_IGNORE = [",", "\\$", "(?s).*#### ", "\\.$"]
INVALID = "[invalid]"


def _harness_regex(pattern: re.Pattern, text: str, group_select: int) -> str:
    # lm_eval.filters.extraction.RegexFilter
    match = pattern.findall(text)
    if match:
        match = match[group_select]
        if isinstance(match, tuple):
            match = [m for m in match if m]
            match = match[0] if match else INVALID
        return match.strip()
    return INVALID


def harness_extract_strict(response: str) -> str:
    return _harness_regex(_HARNESS_STRICT, response or "", 0)


def harness_extract_flexible(response: str) -> str:
    return _harness_regex(_HARNESS_FLEX, response or "", -1)


def _harness_norm(s: str) -> str:
    # exact_match with ignore_case=True, ignore_punctuation=False, regexes_to_ignore
    for pat in _HARNESS_IGNORE:
        s = re.sub(pat, "", s)
    return s.lower()


def harness_strict(response: str, gold: str) -> bool:
    """lm-eval `gsm8k` exact_match under the "strict-match" filter (`gold`: the GSM8K answer text
    or a bare number)."""
    return _harness_norm(harness_extract_strict(response)) == _harness_norm(str(gold))


def harness_flexible(response: str, gold: str) -> bool:
    """lm-eval `gsm8k` exact_match under the "flexible-extract" filter."""
    return _harness_norm(harness_extract_flexible(response)) == _harness_norm(str(gold))
