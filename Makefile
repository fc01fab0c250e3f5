# `make run` serves the app, `make test` runs every test, `make test-fast` the edit loop (no
# processes started, no browser), `make lint` the style and type checks. Each sets itself up.
ARGS ?=
PYTEST_ARGS ?=

.PHONY: run test test-fast lint setup setup-dev tiny-model real-model bench demo

run: setup
	.venv/bin/python app.py $(ARGS)

test: setup-dev
	.venv/bin/python -m pytest $(PYTEST_ARGS)

test-fast: setup-dev
	.venv/bin/python -m pytest -m "not slow and not browser" $(PYTEST_ARGS)

lint: setup-dev
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/mypy

setup:
	./scripts/setup.sh app

setup-dev:
	./scripts/setup.sh dev

tiny-model: setup
	.venv/bin/python -m tutor.testing.tiny_model runs/.tiny-model

real-model: setup
	.venv/bin/python -m tutor.core.real_model runs/.real-model

# the demo on a laptop: the real small model (SmolLM2-135M-Instruct, CPU) with the math core's checks
demo: real-model
	.venv/bin/python app.py --model runs/.real-model --engine hf $(ARGS)

bench: setup-dev
	.venv/bin/python -m bench $(ARGS)
