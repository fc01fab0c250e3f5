"""The adapter registry: LoRA adapters loaded onto one base model and switched per request."""
