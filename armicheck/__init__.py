"""armicheck: check incidents on the Korean DMZ against the armistice regime.

The Python API (`armicheck.run.api`), imported on first use so that `armicheck --version`
stays instant:

    import armicheck
    entries = armicheck.evaluate("incidents/")          # one JSON-contract entry per file
    entry = armicheck.evaluate_text(yaml_text, name="draft.yaml")
    problems = armicheck.validate("incidents/")
    rules = armicheck.load_rules(["my-packs/"])         # then evaluate(..., rules=rules)
"""

__version__ = "0.8.0"

_API = ("evaluate", "evaluate_text", "validate", "load_rules")
__all__ = ["__version__", *_API]


def __getattr__(name: str) -> object:  # the API, on first use
    if name in _API:
        from armicheck.run import api  # lazy: start-up of `--version` and of the CLI

        return getattr(api, name)
    raise AttributeError(f"module 'armicheck' has no attribute {name!r}")
