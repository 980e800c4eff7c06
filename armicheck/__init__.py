"""armicheck: check incidents on the Korean DMZ against the armistice regime."""

__version__ = "0.1.0"
