"""`imperal_sdk.billing.client`: the hosted `BillingClient` and the billing results it returns.

A local shell charges nothing and runs no billing gateway, so every `BillingClient` call raises
`NotAvailableInShell`. `LimitsResult` and `SubscriptionInfo` are plain dataclasses usable
anywhere (tests, mocks).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sdk._platform_only import HostedClient
from sdk._shared_http import shared_http

__all__ = ["BillingClient", "LimitsResult", "SubscriptionInfo", "shared_http"]

_MODELS = ("AutoTopupSettings", "BalanceInfo", "ChangePlanResult", "PaymentMethod",
           "PaymentRecord", "PlanInfo", "SetupIntentResult", "TopupResult")  # fmt: skip


def __getattr__(name: str) -> Any:  # the result models of sdk.types.models, as re-exports
    if name in _MODELS:
        from sdk.types import models

        if hasattr(models, name):
            return getattr(models, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@dataclass
class LimitsResult:
    plan: str
    usage: dict[str, Any]
    limits: dict[str, Any]
    exceeded: Any  # the meters over their limit (a list or a dict keyed by meter)

    @property
    def any_exceeded(self) -> bool:
        return bool(self.exceeded)

    def is_exceeded(self, meter: str) -> bool:
        return meter in self.exceeded


@dataclass
class SubscriptionInfo:
    plan: str
    status: str
    started_at: str | None = None
    expires_at: str | None = None
    cancel_at_period_end: bool = False
    billing_mode: str = "card"
    card_required: bool = False
    contract_amount_cents: int | None = None
    billing_note: str | None = None

    @property
    def settles_off_stripe(self) -> bool:
        """True when the plan is settled by hand (an invoice outside the card processor)."""
        return self.billing_mode == "manual"


class BillingClient(HostedClient):
    _reason = (
        "imperal-shell charges nothing and runs no billing gateway (ctx.billing is not served)"
    )
    _shown = ("user_id",)

    def __init__(
        self, gateway_url: str, auth_token: str = "", service_token: str = "", user_id: str = ""
    ):
        self._keep(gateway_url, service_token=service_token, auth_token=auth_token, user_id=user_id)

    async def get_balance(self, user: Any = None) -> Any:
        self._refuse("get_balance")

    async def check_limits(self, user: Any = None) -> Any:
        self._refuse("check_limits")

    async def track_usage(self, meter: str, quantity: int = 1, user: Any = None) -> Any:
        self._refuse("track_usage")

    async def get_subscription(self, user: Any = None) -> Any:
        self._refuse("get_subscription")

    async def list_plans(self, user: Any = None) -> Any:
        self._refuse("list_plans")

    async def change_plan(self, plan_id: str, period: str = "monthly", user: Any = None) -> Any:
        self._refuse("change_plan")

    async def cancel_subscription(self, user: Any = None) -> Any:
        self._refuse("cancel_subscription")

    async def resume_subscription(self, user: Any = None) -> Any:
        self._refuse("resume_subscription")

    async def renew_subscription(self, user: Any = None) -> Any:
        self._refuse("renew_subscription")

    async def topup(
        self,
        tokens: int,
        price_cents: int,
        save_payment_method: bool = True,
        off_session: bool = True,
        user: Any = None,
    ) -> Any:
        self._refuse("topup")

    async def get_auto_topup(self, user: Any = None) -> Any:
        self._refuse("get_auto_topup")

    async def set_auto_topup(
        self,
        enabled: bool,
        threshold_pct: int = 10,
        recharge_tokens: int = 20000,
        payment_method_id: str = "",
        user: Any = None,
    ) -> Any:
        self._refuse("set_auto_topup")

    async def list_payment_methods(self, user: Any = None) -> Any:
        self._refuse("list_payment_methods")

    async def set_default_payment_method(self, pm_id: str, user: Any = None) -> Any:
        self._refuse("set_default_payment_method")

    async def remove_payment_method(self, pm_id: str, user: Any = None) -> Any:
        self._refuse("remove_payment_method")

    async def create_setup_intent(self, user: Any = None) -> Any:
        self._refuse("create_setup_intent")

    async def create_billing_portal_session(self, user: Any = None) -> Any:
        self._refuse("create_billing_portal_session")

    async def list_payments(self, user: Any = None, limit: int = 50, offset: int = 0) -> Any:
        self._refuse("list_payments")

    async def update_billing_profile(self, profile: dict[str, Any], user: Any = None) -> Any:
        self._refuse("update_billing_profile")
