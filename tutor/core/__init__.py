"""Shared lower layer used by both the app (tutor.*) and the training job (train.*): chat prompts and model loading."""
