"""`imperal_sdk.vault_ram_client`: the hosted marathon agent's per-tenant working memory.

The dataclasses are real; `TenantVaultRAM`'s operations are platform-only in imperal-shell.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sdk._platform_only import unavailable

__all__ = ["TargetEntity", "TenantVaultRAM", "WorkingRAMSnapshot"]

_REASON = (
    "the working-RAM vault belongs to the hosted platform's long-running agent; "
    "imperal-shell keeps no such store (use ctx.store for extension data)"
)


@dataclass
class TargetEntity:
    entity_id: str
    project_id: str
    kind: str
    name: str
    category: str = "core"
    status: str = "pending"
    maturity: float = 0.0
    spec: dict[str, Any] = field(default_factory=dict)
    dwell_steps: int = 0
    dwell_seconds: float = 0.0


@dataclass
class WorkingRAMSnapshot:
    project_id: str
    total_entities: int
    macro_coverage: float
    entities: dict[str, Any]
    active_blockers: list[dict[str, Any]]
    proof_count: int


class TenantVaultRAM:
    def __init__(self, db_path: str | None = None, project_id: str = "default"):
        self.db_path = db_path
        self.project_id = project_id

    def get_snapshot(self) -> WorkingRAMSnapshot:
        unavailable("TenantVaultRAM.get_snapshot", _REASON)

    def get_micro_slice(self, entity_id: str) -> dict[str, Any]:
        unavailable("TenantVaultRAM.get_micro_slice", _REASON)

    def ingest_bom(self, entities: list[Any]) -> int:
        unavailable("TenantVaultRAM.ingest_bom", _REASON)

    def update_maturity(
        self,
        entity_id: str,
        maturity: float,
        status: str | None = None,
        dwell_delta: int = 1,
    ) -> None:
        unavailable("TenantVaultRAM.update_maturity", _REASON)

    def commit_proof_of_done(
        self,
        entity_id: str,
        verification_type: str,
        evidence: Any,
        verified_by: str = "adversarial_oracle",
    ) -> str:
        unavailable("TenantVaultRAM.commit_proof_of_done", _REASON)

    def defer_blocker(
        self,
        title: str,
        details: str,
        source_entity_id: str | None = None,
        workaround: str | None = None,
    ) -> str:
        unavailable("TenantVaultRAM.defer_blocker", _REASON)
