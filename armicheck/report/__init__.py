"""Stage 5: render results (JSON contract entries) as table, JSON, JSON Lines, SARIF, ..."""
