"""`imperal_sdk.bom_extractor`: the hosted marathon agent's bill of materials (screens, routes,
models) of a project. The dataclasses are real; the extraction heuristics are platform-only."""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from typing import Any

from sdk._platform_only import unavailable

__all__ = ["BOMEntity", "BOMExtractor", "BOMReport"]


@dataclass
class BOMEntity:
    entity_id: str
    kind: str
    name: str
    category: str = "core"
    source_file: str = ""
    status: str = "pending"
    maturity: float = 0.0
    spec: dict[str, Any] = field(default_factory=dict)


@dataclass
class BOMReport:
    project_id: str
    source_root: str
    total_screens: int
    total_routes: int
    total_models: int
    entities: list[BOMEntity] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


class BOMExtractor:
    def __init__(self, project_id: str = "wpanel"):
        self.project_id = project_id

    def extract_from_directory(self, target_dir: str) -> BOMReport:
        if not os.path.isdir(target_dir):
            raise FileNotFoundError(f"no such directory: {target_dir!r}")
        unavailable(
            "BOMExtractor.extract_from_directory",
            "its source heuristics serve the hosted platform's long-running build agent",
        )
