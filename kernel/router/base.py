"""The router interface the session talks to; the offline router is one implementation, and
LLM-backed routers are others. A router turns a message into a plan and phrases the replies.
"""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable

from kernel.router.plan import Conversation, Plan, Unmapped


@runtime_checkable
class Router(Protocol):
    name: str

    async def route(self, message: str, context: Conversation | None = None) -> Plan | Unmapped:
        """The steps that answer `message`, or why it cannot be mapped."""
        ...

    def reply(self, finished: Any) -> list[Any]:
        """The TextDelta events that report a finished step to the user."""
        ...
