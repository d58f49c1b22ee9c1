"""`$REF:` references: a plan step's argument that stands for part of an earlier step's data.

Grammar (the SDK docs write `$REF:<your-app>[0].some_field`):

    $REF:<step_id><path>        the `ActionResult.data` of step <step_id>
    $REF:<app_id>[<n>]<path>    the data of the n-th step of app <app_id>, counted from 0 in
                                the plan as given
    <path>  :=  ( "." <key> | "[" <index> "]" )*     keys: letters, digits, _ ; index: 0, 1, ...

A string value that is exactly one reference becomes the referenced JSON value, its type kept
(a list stays a list, a number a number). A reference inside a longer string is replaced by
its text: a string as it is, anything else as compact JSON. `$$REF:` is a literal `$REF:`.

Pure functions only: finding references, rewriting them, looking them up in results, and
checking a path against a declared data schema (the JSON schema of a `data_model`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

PREFIX = "$REF:"
NAME = r"[A-Za-z0-9_][A-Za-z0-9_-]*"  # a step id or an app id
_KEY = r"[A-Za-z0-9_]+"
_TOKEN = re.compile(rf"(?P<esc>\$\$REF:)|\$REF:(?P<head>{NAME})(?P<path>(?:\.{_KEY}|\[\d+\])*)")
_SEGMENT = re.compile(rf"\.(?P<key>{_KEY})|\[(?P<index>\d+)\]")

Path = tuple[str | int, ...]


class RefSyntaxError(ValueError):
    """A `$REF:` that does not follow the grammar."""


class RefError(LookupError):
    """A reference whose path is not in the data the step actually returned."""


@dataclass(frozen=True)
class Ref:
    """One reference as written: `head` is a step id or an app id; `path` what follows it."""

    text: str
    head: str
    path: Path

    def app_index(self) -> tuple[int, Path] | None:
        """(n, rest) when the path starts with an index: the `<app_id>[<n>]` reading."""
        if self.path and isinstance(self.path[0], int):
            return self.path[0], self.path[1:]
        return None


def format_path(path: Path) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path)


def token(step_id: str, path: Path) -> str:
    """The reference to `path` in step `step_id`'s data, as written in arguments."""
    return f"{PREFIX}{step_id}{format_path(path)}"


def _ref(match: re.Match) -> Ref:
    path: list[str | int] = []
    for seg in _SEGMENT.finditer(match["path"]):
        path.append(int(seg["index"]) if seg["index"] is not None else seg["key"])
    return Ref(match[0], match["head"], tuple(path))


def _check_leftovers(text: str) -> None:
    """Every `$REF:` must be a reference or the `$$REF:` escape."""
    rest = _TOKEN.sub("", text)
    if PREFIX in rest:
        at = text.find(PREFIX)
        raise RefSyntaxError(
            f"malformed reference in {text[at : at + 40]!r}: write $REF:<step_id>.<path> or "
            "$REF:<app_id>[<n>].<path> (a literal $REF: is written $$REF:)"
        )


def find(value: Any) -> list[Ref]:
    """Every reference in a JSON value (strings inside dicts and lists), in order."""
    found: list[Ref] = []
    for text in _strings(value):
        if PREFIX not in text:
            continue
        _check_leftovers(text)
        found += [_ref(m) for m in _TOKEN.finditer(text) if m["head"] is not None]
    return found


def _strings(value: Any):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list | tuple):
        for v in value:
            yield from _strings(v)


def substitute(value: Any, replace: Callable[[Ref], Any], *, unescape: bool) -> Any:
    """`value` with each reference replaced by `replace(ref)`: a whole-string reference by the
    value itself, an embedded one by its text. `unescape` turns `$$REF:` into `$REF:` (only
    when resolving: a rewritten plan keeps its escapes)."""
    if isinstance(value, str):
        if PREFIX not in value:
            return value
        whole = _TOKEN.fullmatch(value)
        if whole is not None and whole["head"] is not None:
            return replace(_ref(whole))

        def one(match: re.Match) -> str:
            if match["head"] is None:
                return PREFIX if unescape else match[0]
            return as_text(replace(_ref(match)))

        return _TOKEN.sub(one, value)
    if isinstance(value, dict):
        return {k: substitute(v, replace, unescape=unescape) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [substitute(v, replace, unescape=unescape) for v in value]
    return value


def as_text(value: Any) -> str:
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def lookup(data: Any, path: Path, where: str) -> Any:
    """The value at `path` in `data`; RefError says which part is missing. `where` names the
    data for the message (e.g. `s1 (notes.list_notes)`)."""
    node = data
    for depth, seg in enumerate(path):
        here = f"{where}{format_path(path[:depth])}"
        if isinstance(seg, int):
            if not isinstance(node, list):
                raise RefError(f"{here} is {_kind(node)}, not a list, so it has no [{seg}]")
            if seg >= len(node):
                raise RefError(f"{here} has {len(node)} item(s), so it has no [{seg}]")
            node = node[seg]
        else:
            if not isinstance(node, dict):
                raise RefError(f"{here} is {_kind(node)}, so it has no field {seg!r}")
            if seg not in node:
                known = ", ".join(sorted(map(str, node))) or "none"
                raise RefError(f"{here} has no field {seg!r} (it has: {known})")
            node = node[seg]
    return node


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    return {dict: "an object", list: "a list", str: "a string", bool: "a boolean"}.get(
        type(value), "a number" if isinstance(value, int | float) else type(value).__name__
    )


# --- the declared data schema ------------------------------------------------------------------
def schema_problem(schema: dict[str, Any], path: Path, where: str) -> str | None:
    """Why `path` cannot exist in data of this JSON schema, or None when it can (or when the
    schema does not say: an empty schema, an open object, an unknown construct)."""
    if not isinstance(schema, dict) or not schema:
        return None

    def deref(node: Any) -> dict[str, Any]:
        seen = 0
        while isinstance(node, dict) and isinstance(node.get("$ref"), str) and seen < 32:
            ref, seen = node["$ref"], seen + 1
            if not ref.startswith("#/"):
                return {}
            target: Any = schema
            for part in ref[2:].split("/"):
                target = target.get(part) if isinstance(target, dict) else None
            node = target
        if (
            isinstance(node, dict)
            and isinstance(node.get("allOf"), list)
            and len(node["allOf"]) == 1
        ):
            return deref(node["allOf"][0])
        return node if isinstance(node, dict) else {}

    def walk(node: Any, depth: int) -> str | None:
        node = deref(node)
        if depth == len(path):
            return None
        branches = node.get("anyOf") or node.get("oneOf")
        if isinstance(branches, list):
            live = [b for b in branches if deref(b).get("type") != "null"]
            problems = [walk(b, depth) for b in live]
            return None if not problems or None in problems else problems[0]
        seg = path[depth]
        here = f"{where}{format_path(path[:depth])}"
        kind = node.get("type")
        types = set(kind) if isinstance(kind, list) else {kind} if isinstance(kind, str) else set()
        if isinstance(seg, int):
            if "array" in types or "items" in node or "prefixItems" in node:
                prefix = node.get("prefixItems")
                if isinstance(prefix, list) and seg < len(prefix):
                    return walk(prefix[seg], depth + 1)
                items = node.get("items")
                return walk(items, depth + 1) if isinstance(items, dict) else None
            return f"{here} is declared {_declared(types)}, not a list" if types else None
        if "object" in types or "properties" in node or "additionalProperties" in node:
            props = node.get("properties") if isinstance(node.get("properties"), dict) else {}
            if seg in props:
                return walk(props[seg], depth + 1)
            extra = node.get("additionalProperties")
            if isinstance(extra, dict):
                return walk(extra, depth + 1)
            if extra is True or (not props and extra is None):
                return None
            known = ", ".join(sorted(props)) or "none"
            return f"{here} declares no field {seg!r} (it declares: {known})"
        return f"{here} is declared {_declared(types)}, it has no field {seg!r}" if types else None

    return walk(schema, 0)


def _declared(types: set) -> str:
    return " or ".join(sorted(str(t) for t in types))
