"""Teacher measurements: side-by-side Compare and GSM8K-style evaluation."""
