"""In-memory mock clients for `MockContext` (contract section 6).

State lives in plain attributes that extension tests read directly: `MockStore._data`,
`MockNotify.sent`, `MockStorage._files`, `MockSkeleton._sections`, `MockExtensions._emitted`.
"""

from __future__ import annotations

import copy
import hashlib
import inspect
import json
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

from sdk._store_rules import COLUMNS as _COLUMNS
from sdk._store_rules import MAX_LIMIT as _MAX_LIMIT
from sdk._store_rules import check_collection as _collection
from sdk._store_rules import check_doc_id as _doc_id
from sdk._store_rules import check_limit as _limit
from sdk._store_rules import check_where as _where
from sdk._store_rules import json_copy as _json_copy
from sdk._store_rules import make_cursor as _make_cursor
from sdk._store_rules import matches as _matches
from sdk._store_rules import parse_order as _order
from sdk._store_rules import resolve_cursor as _resolve_cursor
from sdk._store_rules import sort_value as _sort_value
from sdk.errors import ExtensionError, ValidationError
from sdk.store import (
    DEFAULT_PAGE_SIZE,
    SYSTEM_USER_ID,
    StoreConflict,
    StoreContractError,
    check_cross_user_args,
)
from sdk.types.models import (
    AutoTopupSettings,
    BalanceInfo,
    ChangePlanResult,
    CompletionResult,
    Document,
    FileInfo,
    HTTPResponse,
    LimitsResult,
    Page,
    SetupIntentResult,
    SubscriptionInfo,
    TopupResult,
)

__all__ = [
    "MockAI",
    "MockBilling",
    "MockConfig",
    "MockExtensions",
    "MockHTTP",
    "MockNotify",
    "MockSkeleton",
    "MockStorage",
    "MockStore",
]


def _short_id() -> str:
    return str(uuid.uuid4())[:8]


# -- MockStore: the kernel's store rules in memory (tests/kernel/test_store_contract.py runs
# one suite against both, so an extension's tests see what the shell will do) ---------------


def _etag(data: Any) -> str:
    """A document's etag: the SHA-256 of its data as canonical JSON (sorted keys, no blanks),
    so equal data has equal etags, as in the SDK's MockStore."""
    text = json.dumps(data, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


class MockStore:
    """`ctx.store` in memory: `_data[collection][doc_id] = data`.

    Same rules as the shell's store: names, JSON-only data, `where` / `order_by` / `limit` /
    offset cursors, `if_match` compare-and-set, `StoreContractError` for bad input."""

    def __init__(self) -> None:
        self._data: dict[str, dict[str, dict[str, Any]]] = {}
        self._etags: dict[tuple[str, str], str] = {}
        self._owners: dict[tuple[str, str], str] = {}
        self._times: dict[tuple[str, str], tuple[str, str]] = {}
        self.user_id = ""
        self.extension_id = ""  # set by MockContext; 5.11 documents leave it empty

    def _doc(
        self, collection: str, doc_id: str, *, etag: bool = True, owner: bool = False
    ) -> Document:
        """The Document 5.11's MockStore hands back: data and etag only (no owner, app or
        times; a query's documents carry no etag either). `_owners` and `_times` stay
        internal: `list_users` and `order_by="created_at"` read them, and the cross-user
        `query_all` (which 5.11's mock lacks) names each document's owner."""
        return Document(
            id=doc_id,
            collection=collection,
            data=copy.deepcopy(self._data[collection][doc_id]),
            user_id=self._owners.get((collection, doc_id), "") if owner else "",
            etag=self._etags.get((collection, doc_id), "") if etag else "",
        )

    def _column(self, collection: str, doc_id: str, column: str) -> str:
        if column == "id":
            return doc_id
        created, updated = self._times.get((collection, doc_id), ("", ""))
        return created if column == "created_at" else updated

    def _touch(self, collection: str, doc_id: str) -> None:
        key = (collection, doc_id)
        now = _now()
        self._etags[key] = _etag(self._data[collection][doc_id])
        self._owners.setdefault(key, self.user_id)
        self._times[key] = (self._times.get(key, (now, now))[0], now)

    def _forget(self, collection: str, doc_id: str) -> None:
        for table in (self._etags, self._owners, self._times):
            table.pop((collection, doc_id), None)

    async def create(self, collection: str, data: dict[str, Any]) -> Document:
        _collection(collection)
        data = _json_copy(data)
        doc_id = _short_id()
        self._data.setdefault(collection, {})[doc_id] = data
        self._touch(collection, doc_id)
        return self._doc(collection, doc_id)

    async def get(self, collection: str, doc_id: str) -> Document | None:
        _collection(collection)
        if doc_id is None or doc_id == "":
            return None
        doc_id = _doc_id(doc_id)
        if doc_id not in self._data.get(collection, {}):
            return None
        return self._doc(collection, doc_id)

    async def query(
        self,
        collection: str,
        where: dict[str, Any] | None = None,
        order_by: str | None = None,
        limit: int = 100,
        cursor: str | None = None,
    ) -> Page[Document]:
        """Exact-match filter, `order_by` ("field" or "-field"; ties keep insertion order),
        `limit`, and the cursor of the previous page (anything else starts at the top)."""
        _collection(collection)
        where, order_by, offset = _resolve_cursor(collection, _where(where), order_by, cursor)
        field, desc = _order(order_by)
        limit = _limit(limit)
        docs = self._data.get(collection, {})
        ids = [doc_id for doc_id, data in docs.items() if _matches(data, where)]
        if field is not None:
            ids.sort(
                key=lambda i: _sort_value(
                    self._column(collection, i, field) if field in _COLUMNS else docs[i].get(field)
                ),
                reverse=desc,
            )
        more = len(ids) > offset + limit
        return Page(
            data=[self._doc(collection, i, etag=False) for i in ids[offset : offset + limit]],
            has_more=more,
            cursor=_make_cursor(collection, where, order_by, offset + limit) if more else None,
        )

    async def update(
        self, collection: str, doc_id: str, data: dict[str, Any], if_match: str = ""
    ) -> Document:
        """Merge into the document, or create it under `doc_id` when it is missing.
        `if_match`: the etag the caller saw; another (or no document) raises StoreConflict."""
        _collection(collection)
        doc_id = _doc_id(doc_id)
        data = _json_copy(data, "store updates")
        if not isinstance(if_match, str):
            raise StoreContractError("if_match is an etag string")
        docs = self._data.setdefault(collection, {})
        current = self._etags.get((collection, doc_id), "") if doc_id in docs else ""
        if if_match and (doc_id not in docs or if_match != current):
            raise StoreConflict(doc_id, if_match, current)
        docs.setdefault(doc_id, {}).update(data)
        self._touch(collection, doc_id)
        return self._doc(collection, doc_id)

    async def delete(self, collection: str, doc_id: str) -> bool:
        _collection(collection)
        doc_id = _doc_id(doc_id)
        existed = self._data.get(collection, {}).pop(doc_id, None) is not None
        self._forget(collection, doc_id)
        return existed

    async def count(self, collection: str, where: dict[str, Any] | None = None) -> int:
        _collection(collection)
        where = _where(where)
        return sum(1 for data in self._data.get(collection, {}).values() if _matches(data, where))

    async def set(self, key: str, data: Any) -> Document:
        """Replace the document at `"collection/id"`; when there is none, create one with a
        new id (the SDK's quirk). A non-dict value is stored as `{"value": data}`."""
        if not isinstance(key, str):
            raise StoreContractError("set takes a 'collection/id' string")
        payload = data if isinstance(data, dict) else {"value": data}
        collection, _, doc_id = key.partition("/")
        _collection(collection)
        if doc_id and _doc_id(doc_id) in self._data.get(collection, {}):
            self._data[collection][doc_id] = _json_copy(payload)
            self._touch(collection, doc_id)
            return self._doc(collection, doc_id)
        return await self.create(collection, payload)

    async def list(self, prefix: str = "") -> list[Document]:
        """The documents of collection `prefix` (the part before any "/"); "" lists nothing."""
        collection = str(prefix).split("/", 1)[0]
        if not collection:
            return []
        return list((await self.query(collection, limit=_MAX_LIMIT)).data)

    async def list_users(
        self, collection: str, *, page_size: int = DEFAULT_PAGE_SIZE
    ) -> AsyncIterator[str]:
        """Distinct owners of documents in `collection` (MockStore does not know the caller)."""
        check_cross_user_args(SYSTEM_USER_ID, collection, page_size=page_size)
        seen: list[str] = []
        for doc_id in self._data.get(collection, {}):
            owner = self._owners.get((collection, doc_id), "")
            if owner and owner not in seen:
                seen.append(owner)
        for owner in seen:
            yield owner

    async def query_all(self, collection: str, *, limit: int = DEFAULT_PAGE_SIZE) -> list[Document]:
        check_cross_user_args(SYSTEM_USER_ID, collection, page_size=limit)
        ids = list(self._data.get(collection, {}))[:limit]
        return [self._doc(collection, d, owner=True) for d in ids]


class MockAI:
    """`ctx.ai`: the first registered pattern that is a substring of the prompt wins
    (exact case first, then ignoring case)."""

    DEFAULT_TEXT = "Mock AI response"

    def __init__(self) -> None:
        self._responses: list[tuple[str, str]] = []
        self.calls: list[dict[str, Any]] = []

    def set_response(self, pattern: str, response: str) -> None:
        self._responses.append((pattern, response))

    async def complete(self, prompt: str, model: str = "", **kwargs: Any) -> CompletionResult:
        """A case-sensitive substring match wins first; failing that, a case-insensitive one
        (the seed README registers "summarize" and prompts "Summarize this deal")."""
        self.calls.append({"prompt": prompt, "model": model, **kwargs})
        text = next((r for p, r in self._responses if p in prompt), None)
        if text is None:
            folded = prompt.casefold()
            text = next(
                (r for p, r in self._responses if p.casefold() in folded), self.DEFAULT_TEXT
            )
        return CompletionResult(text=text, model=model or "mock")


class MockBilling:
    """`ctx.billing` in memory: a balance, a plan, payment methods and the calls it saw
    (`calls`, one tuple per state-changing call)."""

    CAP = 250000

    def __init__(self, balance: int = 50000, plan: str = "pro"):
        self.balance = balance
        self.plan = plan
        self.payment_methods: list[dict[str, Any]] = [
            {"id": "pm_mock_1", "brand": "visa", "last4": "4242", "exp_month": 12,
             "exp_year": 2030, "is_default": True},
        ]  # fmt: skip
        self.payments: list[dict[str, Any]] = []
        self.plans: list[dict[str, Any]] = [
            {"id": "pro", "name": "Pro", "price_cents": 2900, "tokens": 250000},
            {"id": "business", "name": "Business", "price_cents": 9900, "tokens": 1000000},
        ]
        self.auto_topup: dict[str, Any] = {
            "enabled": False, "threshold_pct": 10, "recharge_tokens": 20000,
            "payment_method_id": "",
        }  # fmt: skip
        self.billing_profile: dict[str, Any] = {}
        self.subscription_status = "active"
        self.calls: list[tuple[Any, ...]] = []

    async def check_limits(self) -> LimitsResult:
        return LimitsResult(allowed=True, balance=self.balance, plan=self.plan)

    async def get_subscription(self) -> SubscriptionInfo:
        return SubscriptionInfo(
            plan_id=self.plan, plan_name=self.plan.title(), status=self.subscription_status
        )

    async def get_balance(self) -> BalanceInfo:
        return BalanceInfo(balance=self.balance, plan=self.plan, cap=self.CAP)

    async def track_usage(self, meter: str, quantity: int = 1, user: Any = None) -> bool:
        """Spend `quantity` of `meter` (the balance never goes below 0)."""
        self.balance = max(0, self.balance - int(quantity))
        return True

    async def list_plans(self, user: Any = None) -> list[dict[str, Any]]:
        return copy.deepcopy(self.plans)

    async def change_plan(
        self, plan_id: str, period: str = "monthly", user: Any = None
    ) -> ChangePlanResult:
        self.calls.append(("change_plan", plan_id, period))
        self.plan = plan_id
        return ChangePlanResult(action="change_plan", plan=plan_id, succeeded=True)

    async def cancel_subscription(self, user: Any = None) -> dict[str, Any]:
        self.calls.append(("cancel_subscription",))
        self.subscription_status = "canceling"
        return {"status": "success", "cancel_at_period_end": True}

    async def resume_subscription(self, user: Any = None) -> dict[str, Any]:
        self.calls.append(("resume_subscription",))
        self.subscription_status = "active"
        return {"status": "success", "cancel_at_period_end": False}

    async def renew_subscription(self, user: Any = None) -> dict[str, Any]:
        self.calls.append(("renew_subscription",))
        return {"status": "success", "plan_id": self.plan}

    async def topup(
        self,
        tokens: int,
        price_cents: int,
        save_payment_method: bool = True,
        off_session: bool = True,
        user: Any = None,
    ) -> TopupResult:
        self.calls.append(("topup", tokens, price_cents))
        self.balance += int(tokens)
        self.payments.append(
            {"type": "topup", "tokens": tokens, "amount_cents": price_cents, "status": "succeeded"}
        )
        return TopupResult(
            payment_intent_id="pi_mock_topup", publishable_key="pk_test_mock", succeeded=True
        )

    async def list_payment_methods(self, user: Any = None) -> list[dict[str, Any]]:
        return copy.deepcopy(self.payment_methods)

    async def set_default_payment_method(self, pm_id: str, user: Any = None) -> bool:
        self.calls.append(("set_default_payment_method", pm_id))
        for pm in self.payment_methods:
            pm["is_default"] = pm["id"] == pm_id
        return True

    async def remove_payment_method(self, pm_id: str, user: Any = None) -> bool:
        self.calls.append(("remove_payment_method", pm_id))
        before = len(self.payment_methods)
        self.payment_methods = [pm for pm in self.payment_methods if pm["id"] != pm_id]
        return len(self.payment_methods) < before

    async def create_setup_intent(self, user: Any = None) -> SetupIntentResult:
        return SetupIntentResult(client_secret="seti_mock_secret", publishable_key="pk_test_mock")

    async def create_billing_portal_session(self, user: Any = None) -> str:
        return "https://billing.example.test/session/mock"

    async def list_payments(
        self, user: Any = None, limit: int = 50, offset: int = 0
    ) -> list[dict[str, Any]]:
        return copy.deepcopy(self.payments[offset : offset + limit])

    async def get_auto_topup(self, user: Any = None) -> AutoTopupSettings:
        return AutoTopupSettings(**self.auto_topup)

    async def set_auto_topup(
        self,
        enabled: bool,
        threshold_pct: int = 10,
        recharge_tokens: int = 20000,
        payment_method_id: str = "",
        user: Any = None,
    ) -> bool:
        self.calls.append(("set_auto_topup", enabled))
        self.auto_topup = {
            "enabled": bool(enabled), "threshold_pct": threshold_pct,
            "recharge_tokens": recharge_tokens, "payment_method_id": payment_method_id,
        }  # fmt: skip
        return True

    async def update_billing_profile(self, profile: dict[str, Any], user: Any = None) -> bool:
        self.calls.append(("update_billing_profile", profile))
        self.billing_profile.update(profile or {})
        return True


class MockSkeleton:
    def __init__(self) -> None:
        self._sections: dict[str, Any] = {}

    async def get(self, section: str) -> Any:
        return self._sections.get(section)

    def update(self, section: str, data: Any) -> None:
        """Seed a section (test helper; the real client is read-only)."""
        self._sections[section] = data

    _seed = update


class MockNotify:
    """`ctx.notify`: call it or use `send`; every notification lands in `sent`."""

    def __init__(self) -> None:
        self.sent: list[dict[str, Any]] = []

    async def __call__(self, message: str, **kwargs: Any) -> None:
        channel = kwargs.pop("channel", "in_app")
        self.sent.append({"message": message, "channel": channel, **kwargs})

    async def send(self, message: str, channel: str = "in_app", **kwargs: Any) -> None:
        await self(message, channel=channel, **kwargs)

    async def push(self, message: str = "", **kwargs: Any) -> None:
        """Alias the seed README uses (`push(title=, body=)`); not in any real release."""
        title = kwargs.pop("title", "")
        await self(message or title or kwargs.get("body", ""), **kwargs)


class MockStorage:
    """`ctx.storage` in memory. As in 5.11, only `upload` reports the content type; `list`
    gives sizes and paths with `content_type=""`."""

    def __init__(self) -> None:
        self._files: dict[str, bytes] = {}

    async def upload(
        self, path: str, data: bytes, content_type: str = "application/octet-stream"
    ) -> FileInfo:
        self._files[path] = bytes(data)
        return FileInfo(path=path, size=len(data), content_type=content_type)

    async def download(self, path: str) -> bytes:
        if path not in self._files:
            raise FileNotFoundError(path)
        return self._files[path]

    async def delete(self, path: str) -> bool:
        return self._files.pop(path, None) is not None

    async def list(self, prefix: str = "") -> Page[FileInfo]:
        infos = [
            FileInfo(path=p, size=len(b), content_type="")
            for p, b in self._files.items()
            if p.startswith(prefix)
        ]
        return Page(data=infos)


class MockHTTP:
    """`ctx.http`: registered GET/POST patterns matched as substrings of the URL; else 404."""

    def __init__(self) -> None:
        self._mocks: list[tuple[str, str, Any, int, dict[str, str]]] = []
        self.calls: list[dict[str, Any]] = []

    def _register(
        self, method: str, url_pattern: str, response: Any, status: int, headers: Any
    ) -> None:
        self._mocks.append((method, url_pattern, response, status, dict(headers or {})))

    def mock_get(
        self, url_pattern: str, response: Any, status: int = 200, headers: Any = None
    ) -> None:
        self._register("GET", url_pattern, response, status, headers)

    def mock_post(
        self, url_pattern: str, response: Any, status: int = 200, headers: Any = None
    ) -> None:
        self._register("POST", url_pattern, response, status, headers)

    async def _request(self, method: str, url: str, **kwargs: Any) -> HTTPResponse:
        self.calls.append({"method": method, "url": url, **kwargs})
        for m, pattern, response, status, headers in self._mocks:
            if m == method and pattern in url:
                return HTTPResponse(status_code=status, body=response, headers=dict(headers))
        return HTTPResponse(status_code=404, body={"error": "No mock registered"})

    async def get(self, url: str, **kwargs: Any) -> HTTPResponse:
        return await self._request("GET", url, **kwargs)

    async def post(self, url: str, **kwargs: Any) -> HTTPResponse:
        return await self._request("POST", url, **kwargs)

    async def put(self, url: str, **kwargs: Any) -> HTTPResponse:
        return await self._request("PUT", url, **kwargs)

    async def patch(self, url: str, **kwargs: Any) -> HTTPResponse:
        return await self._request("PATCH", url, **kwargs)

    async def delete(self, url: str, **kwargs: Any) -> HTTPResponse:
        return await self._request("DELETE", url, **kwargs)


_MISSING = object()


class MockConfig:
    def __init__(self, data: dict[str, Any] | None = None):
        self._data: dict[str, Any] = dict(data or {})

    def get(self, key: str, default: Any = None) -> Any:
        node: Any = self._data
        for part in str(key).split("."):
            if not isinstance(node, dict) or part not in node:
                return default
            node = node[part]
        return node

    def get_section(self, section: str) -> dict[str, Any]:
        value = self.get(section)
        return copy.deepcopy(value) if isinstance(value, dict) else {}

    def all(self) -> dict[str, Any]:
        return copy.deepcopy(self._data)

    def require(self, key: str) -> Any:
        value = self.get(key)
        if value is None:
            raise ValidationError(key, "Required config key not found")
        return value


class MockExtensions:
    def __init__(self) -> None:
        self._handlers: dict[tuple[str, str], Any] = {}
        self._emitted: list[dict[str, Any]] = []

    def register(self, app_id: str, method: str, handler: Any) -> None:
        self._handlers[(app_id, method)] = handler

    async def call(self, app_id: str, method: str, **kwargs: Any) -> Any:
        handler = self._handlers.get((app_id, method))
        if handler is None:
            raise ExtensionError(app_id, f"Method '{method}' not found")
        if inspect.iscoroutinefunction(handler):
            return await handler(**kwargs)
        return handler(**kwargs)

    async def emit(self, event_type: str, data: dict[str, Any]) -> None:
        self._emitted.append({"event_type": event_type, "data": data})
