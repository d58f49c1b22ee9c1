"""`imperal_sdk.ir.actions`: the argument schema of each declarative step verb, and a check.

A step is `{"op": <verb>, "args": {...}}`; `validate_step` returns the problems found.
"""

from __future__ import annotations

from typing import Any

from sdk.core import SchemaValidator

__all__ = ["ACTION_SCHEMAS", "validate_step"]

_S, _N, _I, _O, _A = (
    {"type": "string"},
    {"type": "number"},
    {"type": "integer"},
    {"type": "object"},
    {"type": "array"},
)


def _args(op: str, required: list[str], **props: dict[str, Any]) -> dict[str, Any]:
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"imperal-shell:actions/{op}",
        "title": f"{op} arguments",
        "type": "object",
        "required": required,
        "properties": props,
        "additionalProperties": True,
    }


ACTION_SCHEMAS: dict[str, dict[str, Any]] = {
    "ai.complete": _args(
        "ai.complete", ["prompt"], prompt=_S, model=_S, temperature=_N, max_tokens=_I, output=_S
    ),
    "call": _args("call", ["function"], function=_S, params=_O),
    "conditional": _args("conditional", ["if", "then"], **{"if": _O, "then": _S, "else": {}}),
    "navigate": _args("navigate", ["url"], url=_S, target=_S),
    "open": _args("open", ["target"], target=_S, params=_O),
    "send": _args("send", ["message"], message=_S, channel=_S, metadata=_O),
    "store.create": _args("store.create", ["kind", "data"], kind=_S, data=_O),
    "store.delete": _args("store.delete", ["kind"], kind=_S, id=_S, ids=_A, where=_O),
    "store.get": _args("store.get", ["kind", "id"], kind=_S, id=_S),
    "store.list": _args("store.list", ["kind"], kind=_S, where=_O, ids=_A, limit=_I),
    "store.update": _args(
        "store.update", ["kind", "set"], kind=_S, id=_S, ids=_A, where=_O, set=_O
    ),
}


def validate_step(step: dict[str, Any]) -> list[str]:
    if not isinstance(step, dict):
        return [f"a step must be an object, got {type(step).__name__}"]
    op = step.get("op")
    schema = ACTION_SCHEMAS.get(op) if isinstance(op, str) else None
    if schema is None:
        return [f"unknown step op {op!r}; known ops: {sorted(ACTION_SCHEMAS)}"]
    args = step.get("args", {})
    return SchemaValidator.validate(args, schema)
