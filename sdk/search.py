"""[6.x] Search providers: `@ext.search_provider(entity_type)` and the rows they return.

A provider is `async def handler(ctx, query, ...)` returning `SearchEntityResult`s (or their
dicts); the manifest lists each one under `search_providers`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["SearchEntityResult", "SearchProviderDef"]


@dataclass
class SearchEntityResult:
    id: str
    title: str
    type: str
    snippet: str = ""
    score: float = 1.0
    url: str = ""
    metadata: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "type": self.type,
            "snippet": self.snippet,
            "score": self.score,
            "url": self.url,
            "metadata": dict(self.metadata),
        }


@dataclass
class SearchProviderDef:
    entity_type: str
    func: Any
    description: str = ""

    def to_manifest(self) -> dict[str, Any]:
        return {
            "entity_type": self.entity_type,
            "handler": getattr(self.func, "__name__", str(self.func)),
            "description": self.description,
        }
