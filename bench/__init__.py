"""Benchmarks for Math Tutor Studio: `python -m bench [--quick] [--only NAME] [--gpu]`.

Results go to BENCHMARKS.md and bench/results.json (see bench/common.py)."""
