"""Background training jobs: launching `python -m train` and following its run folder."""
