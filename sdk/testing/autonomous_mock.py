"""[6.x] A small, dependency-free stand-in context for autonomous agent code.

`AutonomousMockContext` carries `imperal_id`, `email`, `tenant_id` and four simple clients:
`ai` (always the same answer), `billing` (a token balance that `charge` spends), `rbac` (roles
and scopes; the "admin" role holds every scope) and `store` (a key/value dict). For extension
handlers use `MockContext` instead: it is a real `Context`.
"""

from __future__ import annotations

from typing import Any

__all__ = ["AutonomousMockContext", "MockAI", "MockBilling", "MockRBAC", "MockStore"]


class MockAI:
    def __init__(self, default_response: str = "Mocked AI reasoning response"):
        self.default_response = default_response
        self.prompts: list[str] = []

    async def complete(self, prompt: str, model: str = "gpt-4o", **kwargs: Any) -> str:
        self.prompts.append(prompt)
        return self.default_response


class MockBilling:
    def __init__(self, balance: int = 100000, plan: str = "pro"):
        self.balance = balance
        self.plan = plan
        self.charges: list[tuple[int, str]] = []

    async def get_balance(self) -> int:
        return self.balance

    async def charge(self, amount: int, reason: str = "") -> bool:
        """Spend `amount` tokens; False (and nothing spent) when the balance is too low."""
        if amount > self.balance:
            return False
        self.balance -= amount
        self.charges.append((amount, reason))
        return True

    async def check_plan(self) -> str:
        return self.plan


class MockRBAC:
    def __init__(self, roles: list[str] | None = None, scopes: list[str] | None = None):
        self.roles = list(roles) if roles is not None else ["user", "developer"]
        self.scopes = list(scopes or [])

    async def get_roles(self) -> list[str]:
        return list(self.roles)

    async def has_scope(self, scope: str) -> bool:
        return "admin" in self.roles or "*" in self.scopes or scope in self.scopes


class MockStore:
    def __init__(self) -> None:
        self._data: dict[str, Any] = {}

    async def get(self, key: str, default: Any = None) -> Any:
        return self._data.get(key, default)

    async def set(self, key: str, value: Any) -> None:
        self._data[key] = value

    async def delete(self, key: str) -> bool:
        return self._data.pop(key, None) is not None


class AutonomousMockContext:
    def __init__(
        self,
        imperal_id: str = "mock_user_123",
        email: str = "author@imperal.io",
        tenant_id: str = "default_tenant",
        roles: list[str] | None = None,
        scopes: list[str] | None = None,
        balance: int = 100000,
        plan: str = "pro",
    ):
        self.imperal_id = imperal_id
        self.email = email
        self.tenant_id = tenant_id
        self.billing = MockBilling(balance, plan)
        self.rbac = MockRBAC(roles, scopes)
        self.ai = MockAI()
        self.store = MockStore()

    def as_context(self) -> AutonomousMockContext:
        return self
