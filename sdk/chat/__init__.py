"""`imperal_sdk.chat`: chat extensions, their functions and results."""

from sdk.chat.exceptions import TaskCancelled
from sdk.chat.extension import ChatExtension, FunctionDef
from sdk.types.action_result import ActionResult

__all__ = ["ActionResult", "ChatExtension", "FunctionDef", "TaskCancelled"]
