"""Rule packs: instruments, clauses with their text and status, and rules compiled from YAML.

Not named `rules`: the wheel ships the YAML packs themselves as `armicheck/rules`.
"""

from armicheck.packs.load import builtin_rules_dir, load_builtin, load_rules
from armicheck.packs.model import Clause, Pack, Rule, RuleSet

__all__ = ["Clause", "Pack", "Rule", "RuleSet", "builtin_rules_dir", "load_builtin",
           "load_rules"]
