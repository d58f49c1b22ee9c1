"""`imperal_sdk.config.client`: `ConfigClient`, the read-only `ctx.config`."""

from __future__ import annotations

import copy
from typing import Any

from sdk.errors import ValidationError

__all__ = ["ConfigClient"]

_MISSING = object()


class ConfigClient:
    """`ctx.config`: the extension's resolved configuration (a deep copy), read-only.

    Keys may be dotted paths (`get("smtp.port")`); every read returns a copy.
    """

    def __init__(self, resolved: dict[str, Any] | None):
        if resolved is not None and not isinstance(resolved, dict):
            raise TypeError("ConfigClient needs a dict of resolved settings")
        self._data: dict[str, Any] = copy.deepcopy(dict(resolved or {}))

    def get(self, key: str, default: Any = None) -> Any:
        node: Any = self._data
        for part in str(key).split("."):
            if not isinstance(node, dict) or part not in node:
                return default
            node = node[part]
        return copy.deepcopy(node)

    def get_section(self, section: str) -> dict[str, Any]:
        value = self.get(section)
        return value if isinstance(value, dict) else {}

    def all(self) -> dict[str, Any]:
        return copy.deepcopy(self._data)

    def require(self, key: str) -> Any:
        value = self.get(key, _MISSING)
        if value is _MISSING or value is None:
            raise ValidationError(key, "Required config key not found")
        return value
