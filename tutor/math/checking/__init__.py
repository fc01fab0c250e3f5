"""The math core's checks of replies and students' work, one idea a module:

* :mod:`~tutor.math.checking.api` — the front door in the app process (:func:`verify`,
  :func:`verify_many`, :func:`check_student`, :func:`calculation_verdict`);
* :mod:`~tutor.math.checking.entry` — the entry points the SymPy worker runs;
* :mod:`~tutor.math.checking.values` — answer text read into SymPy values and compared;
* :mod:`~tutor.math.checking.equations` — equations and systems (substitution, solution sets);
* :mod:`~tutor.math.checking.kinds` — one checker per kind of solved problem, and the choice;
* :mod:`~tutor.math.checking.student` — a student's lines of work.

:mod:`tutor.math.checks` re-exports the public names (the old module path)."""
