"""Tutoring on top of an engine: the request service, hints, confidence, reasoning split and math text."""
