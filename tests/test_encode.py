"""Result lines are the same JSON whichever encoder writes them (armicheck.report.encode)."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from armicheck.core import encode

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20)


@settings(max_examples=300, deadline=None)
@given(json_values)
def test_any_json_value_reads_back_as_itself(value: object) -> None:
    assert json.loads(encode.dumps(value)) == value
    assert json.loads(encode.dumps_bytes(value)) == value


def test_what_orjson_refuses_takes_the_standard_encoder() -> None:
    huge = {"n": 2**80, 3: "int key"}  # beyond 64 bits; a key that is not a string
    assert encode.dumps(huge) == json.dumps(huge, ensure_ascii=False)
    assert json.loads(encode.dumps_bytes(huge)) == {"n": 2**80, "3": "int key"}


def test_text_is_written_as_text_not_escapes() -> None:
    assert "판문점" in encode.dumps({"place": "판문점"})


def test_without_orjson_the_standard_encoder_writes_every_line(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(encode, "orjson", None)
    value = {"a": [1, 2.5, None, "판문점"]}
    assert encode.dumps(value) == json.dumps(value, ensure_ascii=False)
    assert json.loads(encode.dumps_bytes(value)) == value
