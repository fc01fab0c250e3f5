"""The project's standard small model as a recipe's base: made on first use.

The CPU recipe `train/recipes/smollm2-word-problems.yaml` (the Train tab's default) names the
folder `runs/.real-model`, which `make real-model` fills from the packaged SmolLM2 GGUF file. A
teacher who presses Start before running that command would get a "no such model" failure; the
training job instead converts it (about 15 s) when the recipe names that folder and it is not there
yet. Any other model path is left alone.
"""

from __future__ import annotations

import logging
from pathlib import Path

log = logging.getLogger(__name__)


def ensure_standard_model(model: str) -> bool:
    """Convert the packaged SmolLM2 into `model` when `model` is the standard folder and it is not
    made yet; True when it did. Failures are left to the model loader's own message."""
    from tutor.core.real_model import DEFAULT_DIR, MARKER, ensure_real_model

    try:
        if Path(model).resolve() != DEFAULT_DIR.resolve() or (DEFAULT_DIR / MARKER).is_file():
            return False
    except OSError:
        return False
    log.info("%s is not made yet: converting the packaged SmolLM2-135M-Instruct GGUF file once", model)
    try:
        ensure_real_model(DEFAULT_DIR)
    except Exception as exc:  # noqa: BLE001 - the loader then says the folder is missing
        log.warning("could not make the standard model (%s: %s)", type(exc).__name__, exc)
        return False
    return True
