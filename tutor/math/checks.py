"""The old path of the math core's checks (kept importable): the code is in :mod:`tutor.math.checking`
(the front door is :mod:`tutor.math.checking.api`)."""

from __future__ import annotations

import tutor.math.client as symbolic  # noqa: F401 - the old name: tests patch `checks.symbolic.call`
from tutor.math.checking.api import (
    DEFAULT_TIMEOUT,
    MAX_REPLY_CHARS,
    calculation_verdict,
    check_student,
    verify,
    verify_many,
)

__all__ = [
    "verify",
    "verify_many",
    "check_student",
    "calculation_verdict",
    "DEFAULT_TIMEOUT",
    "MAX_REPLY_CHARS",
]
