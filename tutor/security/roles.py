"""Roles: on a public deployment visitors are students (the Tutor only); teacher features need an
authorized user. Local runs are unchanged: whoever runs the app is its teacher.

Who a visitor is comes from the UI (the Gradio password login's `request.username`, or the Hugging
Face login's `gr.OAuthProfile`); this module only decides."""

from __future__ import annotations

from dataclasses import dataclass

TEACHER_FEATURES = "Compare, Evaluate, loading adapters, the votes export, Train and Push"


def is_public(config) -> bool:
    """`--public`/TUTOR_PUBLIC, `--share` or a Hugging Face Space (SPACE_ID)."""
    return bool(
        getattr(config, "public", False)
        or getattr(config, "share", False)
        or getattr(config, "space_id", None)
    )


def where(config) -> str:
    if getattr(config, "space_id", None):
        return f"a public Space ({config.space_id})"
    if getattr(config, "share", False):
        return "shared with --share"
    return "public (TUTOR_PUBLIC)"


def how_to_get_access(config) -> str:
    if getattr(config, "auth", None):
        return (
            "log in with a teacher account of this app (the operator lists them in "
            "TUTOR_AUTH and TUTOR_TEACHERS)"
        )
    if getattr(config, "space_id", None):
        return (
            "sign in with Hugging Face (the button on the page); the operator lists teachers' "
            "usernames in TUTOR_TEACHERS"
        )
    return "ask the operator to set TUTOR_AUTH=user:password and TUTOR_TEACHERS=user, then log in"


def teacher_refusal(config, user: str | None, feature: str = "This feature") -> str | None:
    """Why `user` (None: not logged in) may not use a teacher feature, or None when allowed."""
    if not is_public(config):
        return None
    teachers = set(getattr(config, "teachers", None) or [])
    if not user:
        return (
            f"This app is {where(config)}: {feature} is only for teachers ({TEACHER_FEATURES});"
            f" students can use the Tutor. To get access, {how_to_get_access(config)}."
        )
    if teachers and user not in teachers:
        return (
            f"{feature} is only for this app's teachers, and {user!r} is not one of them "
            "(TUTOR_TEACHERS). Ask the operator to add you."
        )
    if not teachers and not getattr(config, "auth", None):
        # a Hugging Face login alone is anyone with an account: teachers must be listed
        return (
            f"This app is {where(config)}: {feature} needs a teacher, and none is listed. "
            "The operator sets TUTOR_TEACHERS (comma-separated usernames)."
        )
    return None


@dataclass(frozen=True)
class Access:
    """What one visitor may do (computed per request)."""

    user: str | None
    teacher: bool
    why_not: str | None = None

    @classmethod
    def of(cls, config, user: str | None) -> Access:
        why = teacher_refusal(config, user)
        return cls(user=user, teacher=why is None, why_not=why)
