"""Gradio UI: one module per tab. No model logic lives here."""
