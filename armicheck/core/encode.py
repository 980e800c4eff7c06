"""JSON text of one result line (an incident entry, a finding).

orjson, when installed, encodes an incident entry several times faster than the standard
encoder (writing a run's results costs most there; bench/README.md). Its lines are compact
(no space after `,` and `:`); what it cannot encode (an integer beyond 64 bits, a key that
is not a string) takes the standard encoder. One difference remains: a float that is not
finite, which JSON cannot carry, orjson writes as null where `json` writes the non-JSON
`Infinity`; validation refuses the inputs that could make one (distances beyond 20,000 km).
"""

from __future__ import annotations

import json
from typing import Any

try:
    import orjson
except ImportError:  # pragma: no cover - a dependency; kept optional for odd platforms
    orjson = None


def dumps(value: Any) -> str:
    if orjson is not None:
        try:
            return orjson.dumps(value).decode("utf-8")
        except TypeError:  # orjson.JSONEncodeError is a TypeError
            pass
    return json.dumps(value, ensure_ascii=False)


def dumps_bytes(value: Any) -> bytes:
    if orjson is not None:
        try:
            return orjson.dumps(value)
        except TypeError:
            pass
    return json.dumps(value, ensure_ascii=False).encode("utf-8")

