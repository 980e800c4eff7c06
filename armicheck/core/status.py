"""The statuses a rule's try on an event ends in, their rank, and their words in each report.

Plain strings (they are JSON contract values): a finding is a violation, a possible
violation or an exception applied; --explain also reports a rule that passed, was not in
force, or whose instrument the actor is no party to.
"""

from __future__ import annotations

VIOLATION = "violation"
POSSIBLE = "possible-violation"
EXCEPTION = "exception-applied"
PASS = "pass"
NOT_IN_FORCE = "not-in-force"
NOT_APPLICABLE = "not-applicable"

FINDING_STATUSES = (VIOLATION, POSSIBLE, EXCEPTION)  # what a finding may be, worst first
EXPLAINED_STATUSES = (*FINDING_STATUSES, PASS, NOT_IN_FORCE, NOT_APPLICABLE)
# how bad a status is (ties at 0: nothing found)
RANK = {VIOLATION: 3, POSSIBLE: 2, EXCEPTION: 1, NOT_IN_FORCE: 0, PASS: 0, NOT_APPLICABLE: 0}
# `--fail-on X`: the statuses that make the exit code 1
AT_LEAST: dict[str, set[str]] = {
    "violation": {VIOLATION},
    "possible": {VIOLATION, POSSIBLE},
    "never": set(),
}
# the words reports use
WORD = {VIOLATION: "Violation", POSSIBLE: "Possible violation",  # markdown, SARIF
        EXCEPTION: "Exception applied"}
LABEL = {VIOLATION: "VIOLATION", POSSIBLE: "POSSIBLE", EXCEPTION: "EXCEPTION",  # table
         PASS: "pass", NOT_IN_FORCE: "not in force", NOT_APPLICABLE: "n/a"}
GITHUB_LEVEL = {VIOLATION: "error", POSSIBLE: "warning", EXCEPTION: "notice"}
