"""One way to check a wire dict against a strict pydantic contract model.

Rules are `<PREFIX>1` (the payload is not a JSON object), `<PREFIX>2` (a required field is
missing), `<PREFIX>3` (an unknown field), `<PREFIX>4` (a value of the wrong type or shape).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ValidationError


def _issue(rule: str, message: str, fix: str) -> Any:
    from sdk.validator import ValidationIssue

    return ValidationIssue(rule=rule, level="ERROR", message=message, fix=fix)


def check(model: type[BaseModel], prefix: str, data: Any) -> list[Any]:
    if not isinstance(data, dict):
        return [
            _issue(
                f"{prefix}1",
                f"the payload must be a JSON object, not {type(data).__name__}",
                f"Send a {model.__name__} object",
            )
        ]
    try:
        model.model_validate(data)
    except ValidationError as exc:
        out = []
        for err in exc.errors():
            where = ".".join(str(p) for p in err.get("loc", ())) or "<root>"
            kind = err.get("type", "")
            rule = {"missing": "2", "extra_forbidden": "3"}.get(kind, "4")
            fix = (
                f"Drop '{where}': {model.__name__} has no such field"
                if rule == "3"
                else f"Give '{where}' a valid value"
            )
            out.append(_issue(prefix + rule, f"[{where}] {err.get('msg', '')}", fix))
        return out
    return []
