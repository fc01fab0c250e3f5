"""Photos of problems: checking a visitor's picture, reading printed math with OCR, light repair."""
