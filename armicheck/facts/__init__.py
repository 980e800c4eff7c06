"""Stage 3, facts: an incident's data → per-event facts (three-valued where spatial)."""

from armicheck.facts.derive import EventFacts, IncidentFacts, derive_facts
from armicheck.facts.vocabulary import FACT_COST, FACTS

__all__ = ["FACTS", "FACT_COST", "EventFacts", "IncidentFacts", "derive_facts"]
