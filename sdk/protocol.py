"""`ExtensionProtocol`: what the host relies on an extension object to have."""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable


@runtime_checkable
class ExtensionProtocol(Protocol):
    app_id: str
    version: str

    @property
    def tools(self) -> dict[str, Any]: ...

    @property
    def panels(self) -> dict[str, dict]: ...

    async def call_tool(self, name: str, ctx: Any, **kwargs: Any) -> Any: ...
