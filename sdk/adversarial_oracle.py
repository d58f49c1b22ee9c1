"""`imperal_sdk.adversarial_oracle`: the hosted marathon agent's delivery audit.

The result dataclasses are real; `AdversarialOracle.audit_project` needs the hosted working-RAM
vault (`sdk.vault_ram_client`) and is platform-only in imperal-shell.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sdk._platform_only import unavailable
from sdk.vault_ram_client import TenantVaultRAM, WorkingRAMSnapshot

__all__ = [
    "AdversarialOracle",
    "AuditFinding",
    "OracleAuditResult",
    "TenantVaultRAM",
    "WorkingRAMSnapshot",
]


@dataclass
class AuditFinding:
    entity_id: str
    kind: str
    passed: bool
    maturity: float
    evidence: Any
    missing_elements: list[str] = field(default_factory=list)


@dataclass
class OracleAuditResult:
    timestamp: float
    project_id: str
    total_entities: int
    verified_entities: int
    macro_coverage: float
    can_deliver: bool
    veto_reason: str | None = None
    findings: list[AuditFinding] = field(default_factory=list)


class AdversarialOracle:
    def __init__(self, ram: TenantVaultRAM):
        self.ram = ram

    def audit_project(self, project_root: str) -> OracleAuditResult:
        unavailable(
            "AdversarialOracle.audit_project",
            "it audits the hosted agent's working-RAM vault, which imperal-shell does not keep",
        )
