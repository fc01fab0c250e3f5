"""Test and demo scaffolding: tiny random-weight models built here (never used in production paths)."""
