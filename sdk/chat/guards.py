"""`imperal_sdk.chat.guards`: argument guards run before a chat function executes.

- `check_placeholder_args` (I-PARAMS-NO-PLACEHOLDER-VALUES, contract 9.2) rejects calls whose
  argument values are template placeholders such as `<EMAIL>` instead of real data.
- `check_id_shape_fabrication` (I-AH-1, contract 9.3) rejects message ids of a shape models
  invent (`name-provider-4`) instead of reading them from inbox()/search()/folder().
"""

from __future__ import annotations

import re
from typing import Any

from sdk.chat.error_codes import ERROR_TAXONOMY, FABRICATED_ID_SHAPE

_PLACEHOLDER_RE = re.compile(r"^<[A-Z][A-Z0-9_]*>$")
_FABRICATED_ID_RE = re.compile(r"^[a-z][a-z0-9]*-[a-z][a-z0-9]*-\d+$")
ID_FIELDS = ("message_id", "thread_id", "email_id", "msg_id")
MAX_REPORTED_PATHS = 5

__all__ = [
    "ERROR_TAXONOMY",
    "FABRICATED_ID_SHAPE",
    "ID_FIELDS",
    "check_guards",
    "check_id_shape_fabrication",
    "check_placeholder_args",
    "check_write_arg_bleed",
]


def _tool_name(tu: Any) -> str:
    if isinstance(tu, dict):
        return str(tu.get("name", ""))
    return str(getattr(tu, "name", ""))


def _tool_input(tu: Any) -> Any:
    if isinstance(tu, dict):
        return tu.get("input")
    return getattr(tu, "input", None)


def _placeholder_paths(value: Any, path: str, out: list[str]) -> None:
    if isinstance(value, str):
        if _PLACEHOLDER_RE.fullmatch(value.strip()):
            out.append(path or "<root>")
    elif isinstance(value, dict):
        for key, item in value.items():
            _placeholder_paths(item, f"{path}.{key}" if path else str(key), out)
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            _placeholder_paths(item, f"{path}[{i}]", out)


def check_placeholder_args(tu: Any, action_type: str) -> str | None:
    """None to proceed, or the rejection reason when any whole argument value is a placeholder.

    `tu` has `.name` and `.input` (a dict); a plain dict with those keys works too. Applies to
    every action type. Never raises: a failure inside the scan lets the call proceed.
    """
    try:
        params = _tool_input(tu)
        if not params:
            return None
        paths: list[str] = []
        _placeholder_paths(params, "", paths)
        if not paths:
            return None
        listed = ", ".join(f"`{p}`" for p in paths[:MAX_REPORTED_PATHS])
        return (
            f"PLACEHOLDER_ARGS rejected: tool call '{_tool_name(tu)}' contains placeholder "
            f"value(s) in: {listed}. These are template tokens, not real data. Ask the user a "
            "clarifying question for the missing values, then retry the call with real data."
        )
    except Exception:
        return None


def check_id_shape_fabrication(params: Any) -> dict[str, str] | None:
    """A FABRICATED_ID_SHAPE rejection for the first id field of an invented shape, else None."""
    if not isinstance(params, dict):
        return None
    for name in ID_FIELDS:
        value = params.get(name)
        if isinstance(value, str) and _FABRICATED_ID_RE.fullmatch(value):
            return {
                "error_code": FABRICATED_ID_SHAPE,
                "field": name,
                "value": value,
                "hint": (
                    f"'{value}' is not a real {name}. Real ids come only from inbox(), "
                    "search(), folder() or the mail_inbox_summary skeleton; call one of them "
                    "first and use an id it returned."
                ),
            }
    return None


def check_write_arg_bleed(tu: Any, functions_called: list[Any], action_type: str) -> str | None:
    """A write whose arguments are exactly those of an earlier call to another function in the
    same turn (the model copied them over): the rejection reason, else None."""
    if action_type == "read":
        return None
    params = _tool_input(tu)
    if not isinstance(params, dict) or not params:
        return None
    name = _tool_name(tu)
    for call in functions_called or []:
        other = call.get("name") if isinstance(call, dict) else getattr(call, "name", "")
        seen = call.get("params") if isinstance(call, dict) else getattr(call, "params", None)
        if other != name and seen == params:
            return (
                f"ARG_BLEED rejected: '{name}' was called with exactly the arguments of the "
                f"earlier '{other}' call. Work out this call's own arguments and retry."
            )
    return None


def check_guards(
    chat_ext: Any, ctx: Any, tu: Any, action_type: str, confirmation_required: bool
) -> str | None:
    """Run the argument guards before a chat function executes: the first rejection reason,
    or None to proceed."""
    reason = check_placeholder_args(tu, action_type)
    if reason:
        return reason
    fabricated = check_id_shape_fabrication(_tool_input(tu))
    if fabricated:
        return f"{fabricated['error_code']}: {fabricated['hint']}"
    return None
