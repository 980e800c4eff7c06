"""What every stage shares: diagnostics, three-valued answers, time, statuses and the run
summary, JSON encoding. Leaves: nothing here imports the rest of armicheck."""
