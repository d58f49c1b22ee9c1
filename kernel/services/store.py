"""`ctx.store` bridge: forwards each call to the call's staged store and returns JSON.

The staged store (`scope.store`, kernel.staging) owns scoping, staging and versions; this module
only checks the parameters, refuses writes in read-only renders, and turns `Document` and `Page`
into dicts the worker rebuilds. `as_user` from a system context reaches `scope.store.for_user`.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from kernel.host.scope import CallScope, RemoteError
from kernel.services.common import acting_user, param, refuse_in_read_only
from sdk.store import DEFAULT_PAGE_SIZE, check_cross_user_args

WRITES = frozenset({"create", "update", "delete", "set"})
READS = frozenset({"get", "query", "count", "list", "list_users", "query_all"})


def document_to_json(doc: Any) -> dict[str, Any] | None:
    if doc is None:
        return None
    if dataclasses.is_dataclass(doc) and not isinstance(doc, type):
        # shallow: the reply is encoded to JSON at once, so nothing shares the data afterwards
        return {f.name: getattr(doc, f.name) for f in dataclasses.fields(doc)}
    raise RemoteError("StoreError", f"the store returned {type(doc).__name__}, not a Document")


def page_to_json(page: Any) -> dict[str, Any]:
    return {
        "data": [document_to_json(d) for d in page.data],
        "cursor": page.cursor,
        "has_more": bool(page.has_more),
        "total": page.total,
    }


def _store(scope: CallScope, params: dict[str, Any]) -> Any:
    if scope.store is None:
        raise RemoteError(
            "StoreContractError", f"ctx.store is not available in a {scope.tool_type}"
        )
    user_id = acting_user(scope, params)
    if user_id == scope.user_id:
        return scope.store
    for_user = getattr(scope.store, "for_user", None)
    if not callable(for_user):
        raise RemoteError("StoreContractError", "ctx.as_user(...).store is not supported here")
    return for_user(user_id)


async def handle(scope: CallScope, method: str, params: dict[str, Any]) -> Any:
    if method not in WRITES | READS:
        raise RemoteError("NotImplementedError", f"ctx.store has no method {method!r}")
    if method in WRITES:
        refuse_in_read_only(scope, f"ctx.store.{method}", "StoreContractError")
    store = _store(scope, params)
    if method == "create":
        return document_to_json(
            await store.create(param(params, "collection", str), param(params, "data", dict))
        )
    if method == "get":
        doc_id = param(params, "doc_id", str, None)
        return document_to_json(await store.get(param(params, "collection", str), doc_id))
    if method == "query":
        page = await store.query(
            param(params, "collection", str),
            where=param(params, "where", dict, None),
            order_by=param(params, "order_by", str, None),
            limit=param(params, "limit", int, 100),
            cursor=param(params, "cursor", str, None),
        )
        return page_to_json(page)
    if method == "update":
        collection = param(params, "collection", str)
        doc_id = param(params, "doc_id", str)
        data = param(params, "data", dict)
        if_match = param(params, "if_match", str, "")
        if if_match:
            return document_to_json(await store.update(collection, doc_id, data, if_match=if_match))
        return document_to_json(await store.update(collection, doc_id, data))
    if method == "delete":
        return bool(
            await store.delete(param(params, "collection", str), param(params, "doc_id", str))
        )
    if method == "count":
        where = param(params, "where", dict, None)
        return int(await store.count(param(params, "collection", str), where))
    if method == "set":
        if "data" not in params:
            raise RemoteError("TypeError", "missing parameter 'data'")
        return document_to_json(await store.set(param(params, "key", str), params["data"]))
    if method == "list":
        return [document_to_json(d) for d in await store.list(param(params, "prefix", str, ""))]
    collection = param(params, "collection", str)
    size = param(params, "page_size" if method == "list_users" else "limit", int, DEFAULT_PAGE_SIZE)
    try:
        check_cross_user_args(scope.user_id, collection, page_size=size)
    except RuntimeError as exc:
        raise RemoteError("RuntimeError", str(exc)) from None
    if method == "list_users":
        return [u async for u in store.list_users(collection, page_size=size)]
    return [document_to_json(d) for d in await store.query_all(collection, limit=size)]
