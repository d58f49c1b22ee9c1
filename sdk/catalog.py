"""What an extension offers to be called: its tools and chat functions, one flat list.

`callable_functions(ext)` gives one dict per entry, tools first (in registration order), then
the chat functions of each ChatExtension: `name`, `description`, `scopes`, `action_type`, `kind`
("tool" or "chat_function") and `owner_chat_tool` ("" for tools). Synthetic tools (names that
start with `__`: panels, widgets, tray, menu items, webhooks) are left out unless
`include_synthetic=True`.
"""

from __future__ import annotations

from typing import Any

SYNTHETIC_TOOL_PREFIX = "__"

__all__ = ["SYNTHETIC_TOOL_PREFIX", "callable_function_names", "callable_functions"]


def callable_functions(ext: Any, *, include_synthetic: bool = False) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for name, tool in (getattr(ext, "_tools", None) or {}).items():
        if name.startswith(SYNTHETIC_TOOL_PREFIX) and not include_synthetic:
            continue
        out.append(
            {
                "name": name,
                "description": tool.description or "",
                "scopes": list(tool.scopes or []),
                "action_type": "read",
                "kind": "tool",
                "owner_chat_tool": "",
            }
        )
    for owner, chat in (getattr(ext, "_chat_extensions", None) or {}).items():
        for fd in (getattr(chat, "functions", None) or {}).values():
            out.append(
                {
                    "name": fd.name,
                    "description": fd.description or "",
                    "scopes": [],
                    "action_type": fd.action_type,
                    "kind": "chat_function",
                    "owner_chat_tool": owner,
                }
            )
    return out


def callable_function_names(ext: Any) -> set[str]:
    return {entry["name"] for entry in callable_functions(ext)}
