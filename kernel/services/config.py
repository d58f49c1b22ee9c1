"""`ctx.config` in the kernel: the extension's resolved configuration for this call (read-only)."""

from __future__ import annotations

import copy
from typing import Any

from kernel.host.scope import CallScope, RemoteError
from kernel.services.common import param


async def handle(scope: CallScope, method: str, params: dict[str, Any]) -> Any:
    """`all` -> the whole dict (the worker resolves dot paths); `get` {key, default}."""
    if method == "all":
        return copy.deepcopy(scope.config or {})
    if method == "get":
        node: Any = scope.config or {}
        for part in param(params, "key", str).split("."):
            if not isinstance(node, dict) or part not in node:
                return params.get("default")
            node = node[part]
        return copy.deepcopy(node)
    raise RemoteError("NotImplementedError", f"ctx.config has no method {method!r}")
