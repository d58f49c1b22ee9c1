"""Normalise whatever a handler returns into the ActionResult wire dict, and say what a failed
call reported (its error code, or the exception it raised and where) in words safe to show."""

from __future__ import annotations

import re
import traceback
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from sdk.types.action_result import ActionResult


def normalise(result: Any) -> dict[str, Any]:
    if isinstance(result, ActionResult):
        return result.to_dict()
    if isinstance(result, BaseModel):
        return {"status": "success", "summary": "", "data": result.model_dump(mode="json")}
    if isinstance(result, dict):
        if result.get("status") in ("success", "error"):
            return {"summary": "", "data": {}, **result}
        if result.get("RESULT") == "ERROR" or "error" in result or result.get("success") is False:
            return {
                "status": "error",
                "summary": "",
                "data": result,
                "error": str(
                    result.get("error") or result.get("detail") or "the function reported an error"
                ),
            }
        return {"status": "success", "summary": str(result.get("text", "")), "data": result}
    if result is None:
        return {"status": "success", "summary": "", "data": {}}
    return {"status": "success", "summary": str(result), "data": {"value": result}}


# --- what a failed call tells the user ---------------------------------------------------
DETAIL_MAX = 300  # characters of an exception's message shown to the user
CODE_MAX = 100
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def one_line(text: Any, limit: int = DETAIL_MAX) -> str:
    """Extension-supplied text made safe to show: one line, every control character written as
    an escape (`\\x1b`), at most `limit` characters (an ellipsis marks a cut)."""
    text = " ".join(str(text).split())
    text = _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def error_code_of(result: dict[str, Any]) -> tuple[str, bool]:
    """The `error_code` and `retryable` a result carries (`ActionResult.error(..., code=...)`);
    `("", False)` when it carries none."""
    code = result.get("error_code")
    code = one_line(code, CODE_MAX) if isinstance(code, str) and code.strip() else ""
    return code, bool(result.get("retryable"))


def message_of(exc: BaseException, limit: int = 500) -> str:
    """What an exception says (`str(exc)`), even when its `__str__` itself fails."""
    try:
        return str(exc)[:limit]
    except Exception:  # noqa: BLE001 - an extension's exception class may break anything
        return ""


def origin(exc: BaseException, root: Path) -> str:
    """`file:line` of the innermost frame of `exc`'s traceback inside the folder `root` (the
    file relative to it), or "" when none of its frames are there."""
    try:
        base = root.resolve()
    except OSError:
        return ""
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        try:
            rel = Path(frame.filename).resolve().relative_to(base)
        except (ValueError, OSError):
            continue
        return f"{rel.as_posix()}:{frame.lineno}"
    return ""


def exception_text(error_type: str, message: str = "", where: str = "") -> str:
    """`KeyError: 'city' (main.py:27)`: what raised, what it said, and where, for people."""
    text = one_line(error_type or "an error", CODE_MAX)
    said = one_line(message) if message and message.strip() else ""
    if said:
        text += f": {said}"
    if where:
        text += f" ({one_line(where, CODE_MAX)})"
    return text
