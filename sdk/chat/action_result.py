"""Re-export: `imperal_sdk.chat.action_result.ActionResult`."""

from sdk.types.action_result import ActionResult

__all__ = ["ActionResult"]
