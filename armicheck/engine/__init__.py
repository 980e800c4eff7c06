"""Stage 4, engine: rules × facts → findings, then compared with official determinations."""

from armicheck.engine.evaluate import evaluate
from armicheck.engine.model import Evaluation, Finding

__all__ = ["Evaluation", "Finding", "evaluate"]
