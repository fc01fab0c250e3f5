"""LoRA / QLoRA training pipeline (plain CLI, no Gradio): `python -m train --config RECIPE.yaml`.

The run directory is the contract with the UI: see docs/train_events.md.
"""
