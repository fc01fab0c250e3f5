"""Safety of a public deployment, with no Gradio here: who may use teacher features (roles), which
local folders a visitor's path may name (allowed roots), how much one visitor may ask for (quotas),
and spreadsheet-safe CSV cells. The UI (tutor/ui/access.py) applies these to each request."""

from tutor.security.paths import AllowedRoots, PathRefused
from tutor.security.quotas import Lease, Limits, QuotaExceeded, Quotas
from tutor.security.roles import Access, is_public, teacher_refusal
from tutor.security.text import csv_safe

__all__ = [
    "Access",
    "AllowedRoots",
    "Lease",
    "Limits",
    "PathRefused",
    "QuotaExceeded",
    "Quotas",
    "csv_safe",
    "is_public",
    "teacher_refusal",
]
