"""The schema half of validation: jsonschema-rs, compiled once, as a fast `is_valid` gate for
valid files (the common case in a collection); for an invalid file its errors carry the paths
mapped back to `line:column` with readable messages. `best_error` and `schema_errors` serve the
rule packs' schema checks too.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from armicheck.core.diagnostics import Diagnostic
from armicheck.load import LoadedDocument
from armicheck.schemas import load_schema


@cache
def fast_validator() -> Any:
    import jsonschema_rs

    return jsonschema_rs.validator_for(load_schema("incident"), validate_formats=True)


def schema_diagnostics(doc: LoadedDocument) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    for error in schema_errors(fast_validator(), load_schema("incident"), doc.data):
        out.append(_schema_diagnostic(doc, best_error(error)))
    out.sort(key=lambda d: (d.line, d.column))
    return _dedupe(out)


@dataclass(slots=True)
class SchemaError:
    """A schema error in the terms messages are written in (from jsonschema-rs, which is much
    faster than `jsonschema` and gives the same paths, so bad files are cheap too)."""

    validator: str  # the keyword that failed: type, required, oneOf, ...
    validator_value: Any  # that keyword's value in the schema
    instance: Any
    schema: Any  # the subschema holding the keyword
    absolute_path: list[Any]  # into the instance
    relative_path: list[Any]  # below the oneOf/anyOf this error is an alternative of
    branch: int | None  # which alternative
    message: str
    context: list[SchemaError]


def schema_errors(validator: Any, root: Any, data: Any) -> list[SchemaError]:
    """All errors of a jsonschema-rs validator; `root` is its schema, for keyword values."""
    return [_adapt(e, root, 0, None) for e in validator.iter_errors(data)]


def _adapt(e: Any, root: Any, parent_depth: int, branch: int | None) -> SchemaError:
    spath = list(e.schema_path)
    keyword = str(spath[-1]) if spath else ""
    schema: Any = root
    for step in spath[:-1]:
        try:
            schema = schema[step]
        except (KeyError, IndexError, TypeError):
            schema = {}
            break
    ipath = list(e.instance_path)
    message = e.message
    if keyword == "required":
        message = f"'{getattr(e.kind, 'property', '?')}' is a required property"
    context: list[SchemaError] = []
    if keyword in ("oneOf", "anyOf"):
        for i, alternative in enumerate(getattr(e.kind, "context", None) or []):
            context += [_adapt(sub, root, len(ipath), i) for sub in alternative]
    return SchemaError(
        validator=keyword, instance=e.instance, schema=schema,
        validator_value=schema.get(keyword) if isinstance(schema, dict) else None,
        absolute_path=ipath, relative_path=ipath[parent_depth:], branch=branch,
        message=message, context=context)


_SHAPE_VALIDATORS = ("type", "required", "const")
_ID_PATTERN = "^[A-Za-z0-9][A-Za-z0-9._-]*$"


def best_error(error: SchemaError) -> SchemaError:
    """For a oneOf/anyOf failure, the error of the alternative the value was meant to be.

    An alternative whose type or required keys the value lacks was not meant; of the others,
    the deepest error is the most specific (a typo'd field name, a number out of range).
    When no alternative fits, a `type` error naming every accepted type.
    """
    while error.validator in ("oneOf", "anyOf") and error.context:
        branches: dict[Any, list[SchemaError]] = {}
        for sub in error.context:
            branches.setdefault(sub.branch, []).append(sub)
        fitting = [errs for errs in branches.values()
                   if not any(e.validator in _SHAPE_VALIDATORS and not e.relative_path
                              for e in errs)]
        if not fitting:
            types: list[str] = []
            for sub in error.context:
                if sub.validator == "type" and not sub.relative_path:
                    for t in sub.validator_value if isinstance(sub.validator_value, list) \
                            else [sub.validator_value]:
                        if t not in types:
                            types.append(t)
            if not types or len(types) < len(branches):
                return error.context[0]
            return SchemaError(
                validator="type", validator_value=types, instance=error.instance, schema={},
                absolute_path=error.absolute_path, relative_path=error.relative_path,
                branch=error.branch, message=error.message, context=[])
        errs = max(fitting, key=lambda errs: max(len(e.relative_path) for e in errs))
        error = max(errs, key=lambda e: len(e.relative_path))
    return error


def _schema_diagnostic(doc: LoadedDocument, error: Any) -> Diagnostic:
    path = list(error.absolute_path)
    where = _describe(path)
    validator = error.validator
    if validator == "additionalProperties":
        allowed = list(error.schema.get("properties", {}))
        extras = [k for k in error.instance if k not in allowed] if isinstance(
            error.instance, dict) else []
        key = extras[0] if extras else "?"
        line, col = doc.locate(path + [key], key=True)
        hint = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
        msg = f"unknown field '{key}' in {where}"
        msg += f" (did you mean '{hint[0]}'?)" if hint else f"; allowed: {', '.join(allowed)}"
        return Diagnostic(doc.path, line, col, msg, "unknown-field")
    line, col = doc.locate(path)
    if validator == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        return Diagnostic(doc.path, line, col, f"missing required field '{missing}' in {where}",
                          "missing-field")
    if validator == "enum":
        options = [str(o) for o in error.validator_value]
        hint = difflib.get_close_matches(str(error.instance), options, n=1, cutoff=0.5)
        msg = f"{where}: {error.instance!r} is not one of {', '.join(options)}"
        if hint:
            msg += f" (did you mean '{hint[0]}'?)"
        return Diagnostic(doc.path, line, col, msg, "enum")
    if validator == "type":
        expected = _type_words(error.validator_value)
        if path and path[-1] in ("count", "rounds") and isinstance(error.validator_value, list):
            expected = "a whole number, a range [min, max] or {at_least: N}"  # format 1.1
        got = value_words(error.instance)
        return Diagnostic(doc.path, line, col, f"{where}: expected {expected}, got {got}", "type")
    if validator == "pattern" and path and path[-1] in ("time", "date", "date_end", "utc_offset"):
        fmt = {"time": '"HH:MM" (24-hour, quoted)', "utc_offset": '"+09:00"'}.get(
            str(path[-1]), '"YYYY-MM-DD" (quoted)')
        return Diagnostic(doc.path, line, col, f"{where}: {error.instance!r} is not a valid "
                          f"{path[-1]}; write it as {fmt}", "format")
    if validator == "format" and error.validator_value == "date":
        return Diagnostic(doc.path, line, col, f"{where}: {error.instance!r} is not a real "
                          "calendar date", "format")
    if validator == "pattern" and error.validator_value == _ID_PATTERN:
        return Diagnostic(doc.path, line, col, f"{where}: {error.instance!r} is not a valid id: "
                          "use letters, digits, '.', '_' and '-', starting with a letter or "
                          "digit", "id")
    if validator == "propertyNames":
        return Diagnostic(doc.path, line, col, f"{where}: invalid id: {_short(error.message)}",
                          "id")
    limit = error.validator_value
    size = len(error.instance) if isinstance(error.instance, (str, list, dict)) else 0
    what = {str: "characters", list: "items", dict: "entries"}.get(type(error.instance), "")
    if validator in ("maxLength", "maxItems", "maxProperties"):
        return Diagnostic(doc.path, line, col, f"{where}: {size:,} {what}, over the maximum of "
                          f"{limit:,}", "too-long")
    if validator in ("minLength", "minItems", "minProperties"):
        return Diagnostic(doc.path, line, col, f"{where}: {size:,} {what}, under the minimum of "
                          f"{limit:,}", "too-short")
    if validator == "uniqueItems":
        return Diagnostic(doc.path, line, col, f"{where}: lists an item twice", "duplicate")
    return Diagnostic(doc.path, line, col, f"{where}: {_short(error.message)}", "schema")


def _short(message: str, limit: int = 300) -> str:
    """Schema messages quote the offending value: keep a huge value from flooding the line."""
    return message if len(message) <= limit else message[: limit - 1] + "…"


def _describe(path: list[Any]) -> str:
    if not path:
        return "the incident"
    parts = []
    for step in path:
        parts.append(f"[{step}]" if isinstance(step, int) else ("." + step if parts else step))
    return "".join(parts)


def _type_words(t: Any) -> str:
    names = {"string": "text", "integer": "a whole number", "number": "a number",
             "object": "a mapping", "array": "a list", "boolean": "true or false"}
    if isinstance(t, list):
        return " or ".join(names.get(x, x) for x in t)
    return names.get(t, t)


def value_words(v: Any) -> str:
    if v is None:
        return "nothing (null)"
    if isinstance(v, bool):
        return f"{str(v).lower()}"
    if isinstance(v, dict):
        return "a mapping"
    if isinstance(v, list):
        return "a list"
    return f"{type(v).__name__} {v!r}"


def _dedupe(diags: Iterable[Diagnostic]) -> list[Diagnostic]:
    seen: set[tuple[int, int, str]] = set()
    out = []
    for d in diags:
        k = (d.line, d.column, d.message)
        if k not in seen:
            seen.add(k)
            out.append(d)
    return out
