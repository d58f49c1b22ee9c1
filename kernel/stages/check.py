"""Stage 1, check: the function exists and the arguments are not obviously fabricated.

Pure and in the kernel: nothing here runs extension code. Pydantic validation against the
function's own model happens in its worker (the model is the extension's code) before any
card is shown or any handler runs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kernel import events as ev
from kernel.canonical import canonical_json
from kernel.host.manifest import FunctionMeta
from kernel.host.validation import placeholder_paths

ACTION_TYPES = ("read", "write", "destructive")


@dataclass
class Checked:
    fd: FunctionMeta
    action_type: str
    raw_json: str


@dataclass
class Rejected:
    code: str
    message: str
    action_type: str
    raw_json: str


def raw_args_json(args: Any) -> str:
    try:
        return canonical_json(args)
    except (TypeError, ValueError):
        return canonical_json({"unserialisable": repr(args)[:500]})


def check(catalog, app_id: str, function: str, args: Any) -> Checked | Rejected:
    raw = raw_args_json(args)
    name = f"{app_id}.{function}"
    fd = catalog.function(app_id, function)
    if fd is None:
        msg = f"Unknown function {name}."
        known = [n for n in catalog.names() if n.startswith(app_id + ".")]
        if known:
            msg += f" {app_id} has: {', '.join(known)}."
        elif app_id not in catalog.extensions:
            msg += f" No extension {app_id!r} is loaded."
        return Rejected(ev.UNKNOWN_FUNCTION, msg, "unknown", raw)
    action_type = fd.action_type if fd.action_type in ACTION_TYPES else "write"
    if not isinstance(args, dict):
        problem = "arguments must be a JSON object"
    else:
        bad = placeholder_paths(args)
        problem = f"placeholder values instead of real data in: {', '.join(bad[:5])}" if bad else ""
    if problem:
        return Rejected(
            ev.INVALID_ARGS, f"Invalid arguments for {name}: {problem}.", action_type, raw
        )
    return Checked(fd, action_type, raw)
