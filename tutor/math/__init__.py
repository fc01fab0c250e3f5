"""The math core: parsing problems, the SymPy solver, checks of replies and the grader."""
