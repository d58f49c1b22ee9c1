"""Tools the kernel itself offers the model in every chat loop (not extension functions)."""

from __future__ import annotations

from typing import Any

HUB_DISPATCH_NAME = "hub_dispatch"
HUB_DISPATCH_TOOL: dict[str, Any] = {
    "name": HUB_DISPATCH_NAME,
    "description": (
        "Hand the request to another installed app when none of this app's functions fits; "
        "name the app and say what the user wants."
    ),
    "input_schema": {
        "type": "object",
        "properties": {
            "app_id": {"type": "string", "description": "The app to hand the request to"},
            "request": {"type": "string", "description": "What the user asked, restated"},
        },
        "required": ["app_id", "request"],
    },
}

__all__ = ["HUB_DISPATCH_TOOL", "is_hub_dispatch_tool_use"]


def is_hub_dispatch_tool_use(tool_name: str) -> bool:
    return tool_name == HUB_DISPATCH_NAME
