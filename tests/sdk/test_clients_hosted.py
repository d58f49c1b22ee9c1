"""The 5.x hosted clients: real constructors, deep modules import, and a clear
NotAvailableInShell (or a real HTTP call where one makes sense) when used directly."""

from __future__ import annotations

import importlib

import pytest

from sdk.errors import NotAvailableInShell

DEEP = [
    "sdk.ai.client", "sdk.auth.client", "sdk.auth.middleware", "sdk.billing.client",
    "sdk.cache.client", "sdk.cache.protocol", "sdk.config.client", "sdk.http.client",
    "sdk.notify.client", "sdk.storage.client", "sdk.store.client", "sdk.store.exceptions",
    "sdk.skeleton.client", "sdk.signals.client", "sdk.conversations.client", "sdk.users.client",
    "sdk.apps.client", "sdk.rbac.client", "sdk.secrets.panel_handler", "sdk._gateway",
    "sdk._shared_http", "sdk._http_retry",
]  # fmt: skip


@pytest.mark.parametrize("name", DEEP)
def test_deep_module_imports_under_both_names(name):
    ours = importlib.import_module(name)
    assert importlib.import_module(name.replace("sdk", "imperal_sdk", 1)) is ours


async def test_hosted_clients_say_what_is_not_available():
    from sdk.ai import AIClient
    from sdk.billing import BillingClient
    from sdk.notify import NotifyClient
    from sdk.skeleton import SkeletonClient
    from sdk.storage import StorageClient
    from sdk.store import StoreClient

    calls = [
        (AIClient("https://gw").complete("hi"), "ctx.ai"),
        (BillingClient("https://gw").get_balance(), "billing"),
        (NotifyClient("https://gw").send("hi"), "ctx.notify"),
        (SkeletonClient("https://gw").get("inbox"), "ctx.skeleton"),
        (StorageClient("https://gw").download("a.txt"), "ctx.storage"),
        (StoreClient("https://gw").get("notes", "1"), "ctx.store"),
    ]
    for coro, hint in calls:
        with pytest.raises(NotAvailableInShell, match=f"not available in imperal-shell: .*{hint}"):
            await coro


async def test_bad_input_is_refused_first():
    from sdk.storage import StorageClient
    from sdk.store import StoreClient
    from sdk.store.exceptions import StoreContractError

    with pytest.raises(TypeError):
        await StorageClient("https://gw").upload("a", "not bytes")  # type: ignore[arg-type]
    with pytest.raises(StoreContractError):
        await StoreClient("https://gw").create("", {})
    with pytest.raises(NotAvailableInShell):
        async for _ in StoreClient("https://gw").list_users("notes"):
            pass


def test_billing_results_and_ai_result():
    from sdk.ai.client import CompletionResult
    from sdk.billing import LimitsResult, SubscriptionInfo

    limits = LimitsResult("free", {"calls": 9}, {"calls": 10}, ["calls"])
    assert limits.any_exceeded and limits.is_exceeded("calls") and not limits.is_exceeded("x")
    assert not LimitsResult("free", {}, {}, {}).any_exceeded
    assert SubscriptionInfo("pro", "active", billing_mode="manual").settles_off_stripe
    assert not SubscriptionInfo("pro", "active").settles_off_stripe
    assert CompletionResult("t").tokens_used == 0


def test_store_conflict_defaults_and_clients_hide_tokens():
    from sdk.notify import NotifyClient
    from sdk.store import StoreClient
    from sdk.store.exceptions import StoreConflict

    assert StoreConflict().doc_id == ""
    client = StoreClient("https://gw", "secret-token", "mail", "u1")
    assert "secret-token" not in repr(client) and client.for_user("u2").user_id == "u2"
    assert NotifyClient("https://gw", user_id="u1").for_user("u2")._user_id == "u2"


def test_config_client_reads_copies_and_dotted_keys():
    from sdk.config import ConfigClient

    cfg = ConfigClient({"smtp": {"port": 25}})
    assert cfg.get("smtp.port") == 25 and cfg.get("nope", 1) == 1
    cfg.get_section("smtp")["port"] = 99
    assert cfg.all() == {"smtp": {"port": 25}}
    with pytest.raises(TypeError):
        ConfigClient(["not", "a", "dict"])  # type: ignore[arg-type]


async def test_retry_transient_retries_transport_errors_only(monkeypatch):
    import httpx

    from sdk import _http_retry

    monkeypatch.setattr(_http_retry, "BACKOFF_BASE_S", 0.0)
    tries = []

    async def flaky():
        tries.append(1)
        if len(tries) < 3:
            raise httpx.ConnectError("down")
        return "ok"

    assert await _http_retry.retry_transient(flaky, op="t") == "ok" and len(tries) == 3

    async def broken():
        tries.append(1)
        raise ValueError("not transient")

    tries.clear()
    with pytest.raises(ValueError):
        await _http_retry.retry_transient(broken, op="t")
    assert len(tries) == 1
    assert httpx.ConnectError in _http_retry.TRANSIENT_EXC
