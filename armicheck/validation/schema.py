"""The schema half of validation: jsonschema-rs, compiled once, as a fast `is_valid` gate for
valid files (the common case in a collection); for an invalid file its errors carry the paths
mapped back to `line:column` with readable messages. `best_error` and `schema_errors` serve the
rule packs' schema checks too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from armicheck.core.diagnostics import Diagnostic
from armicheck.load import LoadedDocument
from armicheck.schemas import load_schema
from armicheck.validation.hints import advise_field, advise_value
from armicheck.validation.quoting import comma_split


@cache
def fast_validator() -> Any:
    import jsonschema_rs

    return jsonschema_rs.validator_for(load_schema("incident"), validate_formats=True)


def schema_diagnostics(doc: LoadedDocument) -> list[Diagnostic]:
    return check_schema(doc, {}).diagnostics


@dataclass(slots=True)
class SchemaCheck:
    """What the schema found: one diagnostic per problem, and the paths of the values it
    refused, which the meaning checks must not read."""

    diagnostics: list[Diagnostic]
    refused: list[tuple[Any, ...]]
    choices: dict[tuple[Any, ...], list[str]]  # the words a placeholder's field takes


# Errors that leave the value itself readable: an unknown or a missing field of a mapping,
# an id key that is not an id (the actor or source it names still exists).
_VALUE_READABLE = ("additionalProperties", "required", "propertyNames")
# Of several errors about one value, the one reported: a date like "2017-2-3" fails both its
# pattern and its format, and the pattern's message says how to write it.
_PRIORITY = {v: i for i, v in enumerate(
    ("type", "const", "enum", "pattern", "format", "minimum", "maximum", "exclusiveMinimum",
     "exclusiveMaximum", "minLength", "maxLength", "minItems", "maxItems", "uniqueItems"))}


def check_schema(doc: LoadedDocument, placeholders: dict[tuple[Any, ...], str]) -> SchemaCheck:
    """Every schema problem of an invalid document, once each: every unknown field of every
    mapping, all the missing fields of a mapping in one message, one message per value."""
    schema = load_schema("incident")
    refused: list[tuple[Any, ...]] = []
    choices: dict[tuple[Any, ...], list[str]] = {}
    unknown: dict[tuple[Any, ...], tuple[Any, list[str]]] = {}  # mapping -> (value, allowed)
    missing: dict[tuple[Any, ...], list[str]] = {}
    per_value: dict[tuple[Any, ...], SchemaError] = {}
    out: list[Diagnostic] = []
    pairs = [(raw, error) for raw in schema_errors(fast_validator(), schema, doc.data)
             for error in best_errors(raw)]
    for raw, error in pairs:
        if error.validator in ("pattern", "maxLength") and isinstance(error.instance, dict):
            error.validator = "propertyNames"  # a key of the mapping is not an id
        where = tuple(raw.absolute_path)
        if error.validator not in _VALUE_READABLE:
            refused.append(where)
        path = tuple(error.absolute_path)
        if _under_placeholder(path, placeholders) or _under_placeholder(where, placeholders):
            if error.validator == "enum" and path in placeholders:
                choices[path] = [str(o) for o in error.validator_value]
            continue
        if error.validator == "additionalProperties":
            allowed = list(error.schema.get("properties", {}))
            unknown[path] = (error.instance, allowed)
        elif error.validator == "required":
            name = error.message.split("'")[1] if "'" in error.message else error.message
            missing.setdefault(path, []).append(name)
        elif error.validator == "propertyNames":
            out += _bad_ids(doc, list(path), error.instance)
        else:
            kept = per_value.get(path)
            if kept is None or _PRIORITY.get(error.validator, 99) < \
                    _PRIORITY.get(kept.validator, 99):
                per_value[path] = error
    for path, (instance, allowed) in unknown.items():
        out += _unknown_fields(doc, list(path), instance, allowed, missing.get(path, []))
    for path, names in missing.items():
        if names:
            out.append(_missing(doc, list(path), names))
    for error in per_value.values():
        out.append(_schema_diagnostic(doc, error))
    out.sort(key=lambda d: (d.line, d.column))
    return SchemaCheck(_dedupe(out), refused, choices)


def _under_placeholder(path: tuple[Any, ...], placeholders: dict[tuple[Any, ...], str]) -> bool:
    return bool(placeholders) and any(path[:n] in placeholders for n in range(len(path) + 1))


def _unknown_fields(doc: LoadedDocument, path: list[Any], instance: Any, allowed: list[str],
                    missing: list[str]) -> list[Diagnostic]:
    """One message for each unknown field of a mapping. A field that is a missing required
    one misspelt takes the missing field's message along (one problem, one message); words
    a comma split from a value are one quoting problem."""
    where = describe_path(path)
    out: list[Diagnostic] = []
    done: set[str] = set()
    for key in instance if isinstance(instance, dict) else ():
        if key in allowed or key in done:
            continue
        split = comma_split(doc, path, key)
        if split is not None:
            done.update(split.stray_keys)
            out.append(Diagnostic(doc.path, split.line, split.column, split.message(where),
                                  "quoting"))
            continue
        line, col = doc.locate(path + [key], key=True)
        hint = advise_field(path, key, allowed)
        msg = f"unknown field '{key}' in {where}"
        meant = [m for m in missing if hint == f"did you mean '{m}'?"]
        if meant:
            missing.remove(meant[0])
            msg += f" (did you mean '{meant[0]}'? it is required)"
        else:
            msg += f" ({hint})" if hint else f"; allowed: {', '.join(allowed)}"
        out.append(Diagnostic(doc.path, line, col, msg, "unknown-field"))
    return out


def _missing(doc: LoadedDocument, path: list[Any], names: list[str]) -> Diagnostic:
    line, col = doc.locate(path)
    where = describe_path(path)
    if len(names) == 1:
        return Diagnostic(doc.path, line, col, f"missing required field '{names[0]}' in {where}",
                          "missing-field")
    listed = ", ".join(f"'{n}'" for n in names[:-1]) + f" and '{names[-1]}'"
    return Diagnostic(doc.path, line, col, f"missing required fields {listed} in {where}",
                      "missing-field")


def _bad_ids(doc: LoadedDocument, path: list[Any], instance: Any) -> list[Diagnostic]:
    """Each key of an id-keyed mapping (actors, sources) that is not an id, at the key."""
    out = []
    for key in instance if isinstance(instance, dict) else ():
        if isinstance(key, str) and _ID.fullmatch(key) and len(key) <= _ID_MAX:
            continue
        line, col = doc.locate(path + [key], key=True)
        why = f"over {_ID_MAX} characters" if _ID.fullmatch(str(key)) else (
            "not a valid id: use letters, digits, '.', '_' and '-', starting with a letter or "
            "digit")
        out.append(Diagnostic(doc.path, line, col, f"{describe_path(path)}: {key!r} is {why}",
                              "id"))
    return out


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
_ID = re.compile(_ID_PATTERN[1:-1])
_ID_MAX = 120


def best_error(error: SchemaError) -> SchemaError:
    """For a oneOf/anyOf failure in a rule pack, the one error of the alternative meant: an
    alternative whose type or required keys the value lacks was not meant; of the others,
    the deepest error is the most specific. When none fits, a `type` error naming every
    accepted type. (Incident files take `best_errors`, every problem of the value.)"""
    while error.validator in ("oneOf", "anyOf") and error.context:
        branches: dict[Any, list[SchemaError]] = {}
        for sub in error.context:
            branches.setdefault(sub.branch, []).append(sub)
        fitting = [errs for errs in branches.values()
                   if not any(e.validator in _SHAPE_VALIDATORS and not e.relative_path
                              for e in errs)]
        if not fitting:
            return _no_alternative(error)
        errs = max(fitting, key=lambda errs: max(len(e.relative_path) for e in errs))
        error = max(errs, key=lambda e: len(e.relative_path))
    return error


def _no_alternative(error: SchemaError) -> SchemaError:
    """A value no alternative takes: a `type` error naming every accepted type (or the first
    alternative's error when the alternatives differ by more than type)."""
    types: list[str] = []
    for sub in error.context:
        if sub.validator == "type" and not sub.relative_path:
            for t in sub.validator_value if isinstance(sub.validator_value, list) \
                    else [sub.validator_value]:
                if t not in types:
                    types.append(t)
    branches = {sub.branch for sub in error.context}
    if not types or len(types) < len(branches):
        return error.context[0]
    return SchemaError(
        validator="type", validator_value=types, instance=error.instance, schema={},
        absolute_path=error.absolute_path, relative_path=error.relative_path,
        branch=error.branch, message=error.message, context=[])


def best_errors(error: SchemaError) -> list[SchemaError]:
    """For a oneOf/anyOf failure, the errors of the alternative the value was meant to be
    (every one of them: two bad fields of one mapping are two problems).

    An alternative was not meant when the value has another type than it takes, is a mapping
    or a list where it takes words, or lacks a required key without having any key it does
    not know (an unknown key is the misspelt required one: that alternative was meant). Of
    the alternatives left, the one with the deepest error is the most specific (a typo'd
    field name, a number out of range), an unknown key first. When no alternative fits, a
    `type` error naming every accepted type.
    """
    alternatives = error.validator_value if isinstance(error.validator_value, list) else []
    if error.validator == "oneOf" and "more than one" in error.message and alternatives and \
            all(isinstance(alt, dict) and set(alt) == {"required"} for alt in alternatives):
        return [SchemaError(  # {place, bearing_deg} where one of them is meant
            validator="one-of-keys", validator_value=[k for alt in alternatives
                                                      for k in alt["required"]],
            instance=error.instance, schema=error.schema, absolute_path=error.absolute_path,
            relative_path=error.relative_path, branch=error.branch, message=error.message,
            context=[])]
    if error.validator not in ("oneOf", "anyOf") or not error.context:
        return [error]
    branches: dict[Any, list[SchemaError]] = {}
    for sub in error.context:
        branches.setdefault(sub.branch, []).append(sub)
    fitting = [errs for errs in branches.values() if _meant(errs, error.instance)]
    if not fitting:
        chosen = _no_alternative(error)
        return best_errors(chosen) if chosen is error.context[0] else [chosen]
    errs = max(fitting, key=lambda errs: (max(len(e.relative_path) for e in errs),
                                          any(e.validator == "additionalProperties"
                                              for e in errs)))
    return [found for e in errs for found in best_errors(e)]


def _meant(errs: list[SchemaError], instance: Any) -> bool:
    """Was the value meant to be this alternative, given the alternative's errors?"""
    unknown_key = any(e.validator == "additionalProperties" and not e.relative_path
                      for e in errs)
    for e in errs:
        if e.relative_path:
            continue
        if e.validator in ("type", "const"):
            return False
        if e.validator == "enum" and isinstance(instance, dict | list):
            return False  # a mapping or a list where the alternative takes words
        if e.validator == "required" and not unknown_key:
            return False
    return True


def _schema_diagnostic(doc: LoadedDocument, error: Any) -> Diagnostic:
    path = list(error.absolute_path)
    where = describe_path(path)
    validator = error.validator
    line, col = doc.locate(path)
    if validator == "enum":
        options = [str(o) for o in error.validator_value]
        hint = advise_value(path, error.instance, options)
        msg = f"{where}: {error.instance!r} is not one of {', '.join(options)}"
        if hint:
            msg += f" ({hint})"
        return Diagnostic(doc.path, line, col, msg, "enum")
    if validator == "type" and error.instance is None and path:
        split = comma_split(doc, path[:-1], path[-1])
        if split is not None:
            return Diagnostic(doc.path, split.line, split.column,
                              split.message(describe_path(path[:-1])), "quoting")
    if validator == "type":
        expected = _type_words(error.validator_value)
        if path and path[-1] in ("count", "rounds") and isinstance(error.validator_value, list):
            expected = "a whole number, a range [min, max] or {at_least: N}"  # format 1.1
        got = value_words(error.instance)
        return Diagnostic(doc.path, line, col, f"{where}: expected {expected}, got {got}", "type")
    if validator == "pattern" and path and path[-1] in _PATTERN_WORDS:
        what, fmt = _PATTERN_WORDS[str(path[-1])]
        return Diagnostic(doc.path, line, col, f"{where}: {error.instance!r} is not a valid "
                          f"{what}; write it as {fmt}", "format")
    if validator == "format" and error.validator_value == "date":
        return Diagnostic(doc.path, line, col, f"{where}: {error.instance!r} is not a real "
                          "calendar date", "format")
    if validator == "pattern" and error.validator_value == _ID_PATTERN:
        return Diagnostic(doc.path, line, col, f"{where}: {error.instance!r} is not a valid id: "
                          "use letters, digits, '.', '_' and '-', starting with a letter or "
                          "digit", "id")
    limit = error.validator_value
    size = len(error.instance) if isinstance(error.instance, (str, list, dict)) else 0
    what = {str: "characters", list: "items", dict: "entries"}.get(type(error.instance), "")
    if validator in ("maxLength", "maxItems", "maxProperties"):
        return Diagnostic(doc.path, line, col, f"{where}: {size:,} {what}, over the maximum of "
                          f"{limit:,}", "too-long")
    if validator in ("minLength", "minItems", "minProperties"):
        return Diagnostic(doc.path, line, col, f"{where}: {size:,} {what}, under the minimum of "
                          f"{limit:,}", "too-short")
    if validator == "one-of-keys":
        return Diagnostic(doc.path, line, col, f"{where}: give one of "
                          f"{', '.join(error.validator_value)}, not several", "schema")
    if validator == "uniqueItems":
        return Diagnostic(doc.path, line, col, f"{where}: lists an item twice", "duplicate")
    return Diagnostic(doc.path, line, col, f"{where}: {_short(error.message)}", "schema")


# what a field with a pattern holds, and how to write it (never the pattern itself)
_TIME_WORDS = ("time", '"HH:MM" (24-hour, quoted)')
_DATE_WORDS = ("date", '"YYYY-MM-DD" (quoted)')
_PATTERN_WORDS = {
    "time": _TIME_WORDS, "time_latest": _TIME_WORDS, "time_end": _TIME_WORDS,
    "date": _DATE_WORDS, "date_end": _DATE_WORDS,
    "utc_offset": ("utc_offset", '"+09:00"'),
    "language": ("language code", "an ISO 639 code in lower case, e.g. ko, en, ja"),
}


def _short(message: str, limit: int = 300) -> str:
    """Schema messages quote the offending value: keep a huge value from flooding the line."""
    return message if len(message) <= limit else message[: limit - 1] + "…"


def describe_path(path: list[Any]) -> str:
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
