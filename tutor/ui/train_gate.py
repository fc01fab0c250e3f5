"""Who may train: the Train tab and its API are off unless `--enable-training`; on a public app
(`--share` or a Space) only for a teacher (tutor.security.roles), and a recipe's local paths must
lie under the allowed roots."""

from __future__ import annotations

import gradio as gr

from tutor.jobs import manager as jobs
from tutor.jobs.manager import InvalidConfig
from tutor.security import PathRefused, roles
from tutor.ui import access


def is_public(config) -> bool:
    return roles.is_public(config)


def refusal(config, request: gr.Request | None, profile=None) -> str | None:
    """Why training is refused for this request, or None when it is allowed: it must be enabled,
    and on a public app the user must be a teacher (tutor.security.roles)."""
    if not config.enable_training:
        return (
            "Training is off on this app. Start it with `--enable-training` "
            "(or `TUTOR_ENABLE_TRAINING=1`) to use the Train tab and Push to Hub."
        )
    return roles.teacher_refusal(config, access.visitor(request, profile), "Training")


def check(config, request, profile=None) -> None:
    why = refusal(config, request, profile)
    if why:
        raise gr.Error(why, title="Training is not available")


def check_recipe_paths(ctx, recipe: str | jobs.Recipe) -> None:
    """On a public app, the recipe's local paths (model folder, data files, output folder) must
    lie under the allowed roots; checked before the config is validated, so its messages (which
    say whether a path exists) are never reached for a path outside them."""
    if not ctx.roots.enforce:
        return
    from tutor.core.train_config import REPO_ROOT

    try:
        raw = recipe.raw if isinstance(recipe, jobs.Recipe) else jobs.parse_yaml(recipe)
    except InvalidConfig:
        return  # the validator names the problem
    paths = []
    model = raw.get("model")
    if isinstance(model, str) and (
        model.startswith((".", "/", "~")) or model.count("/") > 1 or (REPO_ROOT / model).exists()
    ):
        paths.append(model)
    if raw.get("output_dir") is not None:
        paths.append(str(raw.get("output_dir")))
    for src in raw.get("datasets") or []:
        if isinstance(src, dict) and src.get("path") is not None:
            paths.append(str(src["path"]))
    for path in paths:
        try:
            ctx.roots.check(path, base=REPO_ROOT)
        except PathRefused as exc:
            raise gr.Error(str(exc), title="Path not allowed") from None
