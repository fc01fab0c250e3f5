# The two commands: `make run` serves the app, `make test` runs the tests. Each sets itself up.
ARGS ?=
PYTEST_ARGS ?=

.PHONY: run test setup setup-dev tiny-model bench

run: setup
	.venv/bin/python app.py $(ARGS)

test: setup-dev
	.venv/bin/python -m pytest $(PYTEST_ARGS)

setup:
	./scripts/setup.sh app

setup-dev:
	./scripts/setup.sh dev

tiny-model: setup
	.venv/bin/python -m tutor.testing.tiny_model runs/.tiny-model

bench: setup-dev
	.venv/bin/python -m bench $(ARGS)
