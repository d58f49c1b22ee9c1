"""Argument checks: the kernel's pure guards, and the worker's Pydantic validation."""

from __future__ import annotations

import re
from typing import Any

from pydantic import ValidationError

from kernel.canonical import canonical_json

# A whole value that is a name in angle brackets: `<PLACEHOLDER>`, `<unknown>`, `< TODO >`,
# `<Manager Name>`, `<user.email>`. A letter first and only word characters, spaces, dots and
# hyphens inside (at most 60), so "<3", "a < b", "<a@b.c>" or "<https://x>" are real values.
_PLACEHOLDER = re.compile(r"^<\s*[^\W\d_][\w .\-]{0,60}>$")


def placeholder_paths(value: Any, path: str = "", pattern: re.Pattern = _PLACEHOLDER) -> list[str]:
    """JSON paths of placeholder values an LLM left in instead of real data (`<unknown>`,
    `< TODO >`, `<Manager Name>`: see `_PLACEHOLDER`), or whatever `pattern` matches (the
    classifier's looser one). Each string is matched whole, surrounding blanks ignored."""
    if isinstance(value, str):
        return [path or "<root>"] if pattern.match(value.strip()) else []
    if isinstance(value, dict):
        return [p for k, v in value.items()
                for p in placeholder_paths(v, f"{path}.{k}" if path else k, pattern)]  # fmt: skip
    if isinstance(value, list | tuple):
        return [p for i, v in enumerate(value)
                for p in placeholder_paths(v, f"{path}[{i}]", pattern)]  # fmt: skip
    return []


def describe_validation(exc: Any) -> str:
    """A pydantic ValidationError as one line: `loc: problem; ...`."""
    parts = []
    for err in exc.errors():
        loc = ".".join(str(x) for x in err.get("loc", ())) or "<root>"
        if err.get("type") == "missing":
            parts.append(f"{loc}: required")
        elif err.get("type") == "extra_forbidden":
            parts.append(f"{loc}: unknown argument")
        else:
            parts.append(f"{loc}: {err.get('msg', 'invalid')}")
    return "; ".join(parts)


def validate_args(fd: Any, args: dict[str, Any]) -> tuple[str, dict[str, Any], str]:
    """(problem, call kwargs, canonical args JSON) for a chat function's arguments."""
    model = fd.params_model
    if model is None:
        return "", dict(args), canonical_json(args)
    try:
        validated = model.model_validate(args)
    except ValidationError as exc:
        return describe_validation(exc), {}, ""
    unknown = sorted(set(args) - set(model.model_fields))
    if unknown:
        s = "s" if len(unknown) > 1 else ""
        return f"unknown argument{s}: {', '.join(unknown)}", {}, ""
    dumped = validated.model_dump(mode="json")
    return "", {_model_param(fd): validated}, canonical_json(dumped)


_param_names: dict[Any, str] = {}


def _model_param(fd: Any) -> str:
    """The name of the handler's parameter annotated with its params model (looked up once
    per handler: signature and type hints are slow to read on every call)."""
    name = _param_names.get(fd.func)
    if name is None:
        from sdk.chat.extension import detect_params_model

        name = _param_names[fd.func] = detect_params_model(fd.func)[1]
    return name
