"""What the kernel knows about one running call while the worker executes it.

The worker reaches `ctx.*` by RPC (`service`, `method`, `params`); the kernel answers each with
the call's `CallScope`: identity, the extension, its staged store, and the hooks into the
executor (progress, chat messages, calls into other extensions, background tasks).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


class RemoteError(Exception):
    """An error the kernel sends back to the worker: `kind` names the SDK exception to raise."""

    def __init__(self, kind: str, message: str, data: dict[str, Any] | None = None):
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.data = data or {}


@dataclass
class CallScope:
    call_id: str
    user_id: str
    tenant_id: str
    app_id: str
    function: str
    tool_type: str  # "chat_fn" | "panel" | "skeleton" | "schedule" | "webhook" | ...
    read_only: bool
    data_dir: Path
    store: Any = None  # the staged store for this call (kernel.staging)
    declared_secrets: tuple[str, ...] | dict[str, Any] = ()  # names, or name -> declaration
    config: dict[str, Any] = field(default_factory=dict)
    chain: tuple[str, ...] = ()  # "app.function" of the calls that led here (cycle detection)
    role: str = "admin"  # the profile's role and scopes (kernel.authz), for ctx.user
    scopes: tuple[str, ...] = ("*",)
    # hooks set by the executor; each may be None where it means nothing (a panel render)
    progress: Callable[[float, str], Awaitable[None]] | None = None
    chat_message: Callable[[dict[str, Any]], Awaitable[None]] | None = None
    notify: Callable[[dict[str, Any]], Awaitable[None]] | None = None
    call_extension: Callable[[str, str, dict[str, Any]], Awaitable[dict[str, Any]]] | None = None
    emit: Callable[[str, dict[str, Any]], Awaitable[int]] | None = None
    services: dict[str, Any] = field(default_factory=dict)  # kernel-side service objects
