"""testing.autonomous_mock (6.x)."""

from sdk.testing.autonomous_mock import AutonomousMockContext, MockBilling, MockRBAC, MockStore


async def test_autonomous_mock_context():
    ctx = AutonomousMockContext()
    assert ctx.as_context() is ctx and ctx.imperal_id == "mock_user_123"
    assert await ctx.ai.complete("x") == "Mocked AI reasoning response"
    billing = MockBilling()
    assert await billing.charge(10, "r") is True and await billing.get_balance() == 99990
    assert await billing.charge(10**9) is False and await billing.get_balance() == 99990
    assert await billing.check_plan() == "pro"
    assert await MockRBAC().get_roles() == ["user", "developer"]
    assert not await MockRBAC().has_scope("x")
    assert await MockRBAC(roles=["admin"]).has_scope("anything")
    store = MockStore()
    await store.set("k", 1)
    assert await store.get("k") == 1 and await store.delete("k") is True
    assert await store.get("k", "d") == "d" and await store.delete("k") is False
