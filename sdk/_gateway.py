"""`imperal_sdk._gateway`: the base of the 6.x gateway clients (`ctx.users`, `ctx.apps`, ...).

A `GatewayClient` carries who is asking (service token, acting user, extension, tenant) and
sends each operation through `_send(op, args, route)`. Here `_send` speaks HTTP to the gateway
at `gateway_url` (JSON in and out, transient errors retried); 404 becomes `NotFoundError`,
401/403 `AuthError`, any other failure `APIError`. imperal-shell runs no hosted gateway: inside
an extension these clients are the kernel's (kernel.host.ctx_proxy overrides `_send`), and a
client built here without a URL raises `NotAvailableInShell` when used.
"""

from __future__ import annotations

from typing import Any, NamedTuple
from urllib.parse import quote

from sdk._http_retry import retry_transient
from sdk._shared_http import shared_http
from sdk.errors import APIError, AuthError, NotAvailableInShell, NotFoundError

__all__ = [
    "DEFAULT_TIMEOUT",
    "APIError",
    "AuthError",
    "GatewayClient",
    "NotFoundError",
    "Route",
    "refuse_hosted",
    "require",
    "retry_transient",
    "seg",
    "shared_http",
]

DEFAULT_TIMEOUT = 15.0


def require(value: Any, name: str) -> Any:
    """`value` when it is truthy; `ValueError("<name> is required")` otherwise."""
    if not value:
        raise ValueError(f"{name} is required")
    return value


def seg(value: Any) -> str:
    """One URL path segment (slashes and the rest escaped)."""
    return quote(str(value), safe="")


class Route(NamedTuple):
    """Where an operation goes over HTTP: method, path, query, JSON body, what a 404 names."""

    method: str
    path: str
    query: dict[str, Any] | None = None
    body: Any = None
    resource: str = ""
    id: Any = ""


def _query_value(value: Any) -> str:
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


def _detail(resp: Any) -> str:
    try:
        body = resp.json()
    except ValueError:
        return resp.text or f"HTTP {resp.status_code}"
    if isinstance(body, dict):
        for key in ("detail", "error", "message"):
            if body.get(key):
                return str(body[key])
    return str(body) if body else f"HTTP {resp.status_code}"


class GatewayClient:
    __slots__ = ("_gateway_url", "_service_token", "_user_id", "_extension_id", "_tenant_id")

    _service = "gateway"  # the ctx attribute this client backs (messages, kernel RPC service)

    def __init__(
        self,
        gateway_url: str,
        service_token: str = "",
        user_id: str = "",
        extension_id: str = "",
        tenant_id: str = "",
    ):
        self._gateway_url = str(gateway_url or "").rstrip("/")
        self._service_token = service_token
        self._user_id = user_id
        self._extension_id = extension_id
        self._tenant_id = tenant_id

    def __repr__(self) -> str:  # never shows the token
        return (
            f"{type(self).__name__}(user_id={self._user_id!r}, extension_id={self._extension_id!r})"
        )

    @property
    def user_id(self) -> str:
        return self._user_id

    def for_user(self, user_id: str) -> Any:
        """The same client acting for `user_id` (every other setting kept)."""
        if not isinstance(user_id, str) or not user_id:
            raise ValueError("for_user() needs a non-empty user_id")
        clone = object.__new__(type(self))
        for klass in type(self).__mro__:
            for slot in getattr(klass, "__slots__", ()):
                if hasattr(self, slot):
                    object.__setattr__(clone, slot, getattr(self, slot))
        clone._user_id = user_id
        return clone

    def _headers(self) -> dict[str, str]:
        headers = {"X-Service-Token": self._service_token}
        for name, value in (("X-Acting-User", self._user_id),
                            ("X-Extension-ID", self._extension_id),
                            ("X-Tenant-ID", self._tenant_id)):  # fmt: skip
            if value:
                headers[name] = value
        return headers

    async def _send(self, op: str, args: dict[str, Any], route: Route) -> Any:
        """Run operation `op` (its arguments `args`) over HTTP as `route` says."""
        if not self._gateway_url:
            raise NotAvailableInShell(
                f"{type(self).__name__}.{op}",
                "no gateway URL was given and imperal-shell runs no hosted gateway; inside an "
                f"extension use ctx.{self._service}, which the local kernel serves",
            )
        from sdk.transport import DefaultHttpTransport

        query = {k: _query_value(v) for k, v in (route.query or {}).items()}
        try:
            return await DefaultHttpTransport().request(
                route.method, self._gateway_url + route.path, headers=self._headers(),
                params=query or None, json_data=route.body, timeout=DEFAULT_TIMEOUT,
                op=f"{self._service}.{op}",
            )  # fmt: skip
        except NotFoundError:
            raise NotFoundError(route.resource or self._service, route.id) from None


def refuse_hosted(what: str, ctx_name: str) -> NotAvailableInShell:
    """The error a hosted-only client call raises in imperal-shell (`raise refuse_hosted(...)`)."""
    return NotAvailableInShell(
        what,
        "it talks to the hosted Imperal gateway, which imperal-shell does not run; inside an "
        f"extension use ctx.{ctx_name}, which the local kernel serves",
    )
