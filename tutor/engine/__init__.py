"""Generation engines: the transformers engine, the SymPy engine, and how the app picks one at start-up."""
