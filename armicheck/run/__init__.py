"""Orchestration: one file, many files, the result cache, the JSON contract's entries, and the
rule commands (`rules test` runs the whole pipeline)."""
