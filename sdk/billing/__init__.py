"""`imperal_sdk.billing`."""

from sdk.billing.client import BillingClient, LimitsResult, SubscriptionInfo

__all__ = ["BillingClient", "LimitsResult", "SubscriptionInfo"]
