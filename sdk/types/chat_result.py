"""A chat turn's result (`ChatResult`) and its audit entries (`FunctionCall`).

On the wire the private fields carry a leading underscore: `_handled`, `_functions_called`,
`_had_successful_action`, `_message_type`, `_action_meta`, `_intercepted`, `_task_cancelled`,
`_narration_emission`. A `FunctionCall` writes `result` only when it has one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["ChatResult", "FunctionCall"]

_PRIVATE = (
    "handled",
    "functions_called",
    "had_successful_action",
    "message_type",
    "action_meta",
    "intercepted",
    "task_cancelled",
    "narration_emission",
)


@dataclass
class FunctionCall:
    name: str
    params: dict[str, Any]
    action_type: str
    success: bool
    result: Any = None
    intercepted: bool = False
    event: str = ""

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "name": self.name,
            "params": self.params,
            "action_type": self.action_type,
            "success": self.success,
            "intercepted": self.intercepted,
            "event": self.event,
        }
        if self.result is not None:
            result = self.result
            out["result"] = result.to_dict() if hasattr(result, "to_dict") else result
        return out

    @staticmethod
    def from_dict(d: dict[str, Any]) -> FunctionCall:
        result = d.get("result")
        if isinstance(result, dict) and "status" in result:
            from sdk.types.action_result import ActionResult

            result = ActionResult.from_dict(result)
        return FunctionCall(
            name=d.get("name", ""),
            params=dict(d.get("params") or {}),
            action_type=d.get("action_type", "read"),
            success=bool(d.get("success", False)),
            result=result,
            intercepted=bool(d.get("intercepted", False)),
            event=d.get("event", ""),
        )


@dataclass
class ChatResult:
    response: str
    handled: bool = False
    functions_called: list[FunctionCall] = field(default_factory=list)
    had_successful_action: bool = False
    message_type: str = "text"
    action_meta: dict[str, Any] = field(default_factory=dict)
    intercepted: bool = False
    task_cancelled: bool = False
    narration_emission: Any = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"response": self.response}
        for name in _PRIVATE:
            value = getattr(self, name)
            if name == "functions_called":
                value = [fc.to_dict() if hasattr(fc, "to_dict") else fc for fc in value]
            out["_" + name] = value
        return out

    @staticmethod
    def from_dict(d: dict[str, Any]) -> ChatResult:
        calls = [
            FunctionCall.from_dict(fc) if isinstance(fc, dict) else fc
            for fc in d.get("_functions_called") or []
        ]
        return ChatResult(
            response=d.get("response", ""),
            handled=bool(d.get("_handled", False)),
            functions_called=calls,
            had_successful_action=bool(d.get("_had_successful_action", False)),
            message_type=d.get("_message_type", "text"),
            action_meta=dict(d.get("_action_meta") or {}),
            intercepted=bool(d.get("_intercepted", False)),
            task_cancelled=bool(d.get("_task_cancelled", False)),
            narration_emission=d.get("_narration_emission"),
        )
