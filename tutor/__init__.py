"""Math Tutor Studio: engine-side code (no Gradio imports outside tutor/ui)."""

SYSTEM_PROMPT = (
    "You are an expert mathematics tutor. Solve problems step-by-step, "
    "showing your reasoning clearly. End with one line of the form "
    "'The final answer is N.'"
)
DEFAULT_BASE_MODEL = "google/gemma-3-4b-it"
