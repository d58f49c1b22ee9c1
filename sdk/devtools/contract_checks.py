"""`imperal_sdk.devtools.contract_checks`: compare SDK claims with the platform contract."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sdk._platform_only import unavailable
from sdk.devtools._reason import DEVTOOLS

__all__ = [
    "ContractFinding",
    "check_constant_depth",
    "check_decorator_roles",
    "check_wire_payload",
]


@dataclass
class ContractFinding:
    layer: str
    detail: str
    expected: Any
    actual: Any


def check_constant_depth(sdk_claim: dict, contract: dict) -> list[ContractFinding]:
    unavailable("devtools.contract_checks.check_constant_depth", DEVTOOLS)


def check_decorator_roles(sdk_roles: dict, contract: dict) -> list[ContractFinding]:
    unavailable("devtools.contract_checks.check_decorator_roles", DEVTOOLS)


def check_wire_payload(route: str, payload_fields: set, contract: dict) -> list[ContractFinding]:
    unavailable("devtools.contract_checks.check_wire_payload", DEVTOOLS)
