"""Stage 3, facts: an incident's data → per-event facts (three-valued where spatial)."""

from armicheck.facts.derive import FACTS, EventFacts, IncidentFacts, derive_facts
from armicheck.facts.registry import Fact

__all__ = ["FACTS", "EventFacts", "Fact", "IncidentFacts", "derive_facts"]
