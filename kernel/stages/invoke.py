"""Stage 3, invoke: run the handler in its extension's worker, under the caps.

The call's store writes are staged (`db.staged`) and nothing is written while it runs; every
`ctx.*` request from the worker is answered here with the call's `CallScope`. Whatever
happens to the worker (an exception, `sys.exit`, a crash, the cap), the outcome comes back as
an `Invoked` value, never as an exception out of the kernel.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from kernel.host.scope import CallScope, RemoteError
from kernel.host.supervisor import CallTimedOut, HostError

log = logging.getLogger("kernel.invoke")

INLINE_CAP_S = 180.0
LONG_RUNNING_CAP_S = 1800.0


@dataclass
class Invoked:
    status: str  # validated | invalid | returned | raised | timeout | crashed
    args_json: str = ""
    result: Any = None
    message: str = ""
    error_type: str = ""
    stage: Any = None
    extra: dict[str, Any] = field(default_factory=dict)


class Invoker:
    def __init__(self, host, db, catalog, *, data_dir, services, shared, config=None,
                 inline_cap: float = INLINE_CAP_S, long_cap: float = LONG_RUNNING_CAP_S):  # fmt: skip
        self.host = host
        self.db = db
        self.catalog = catalog
        self.data_dir = data_dir
        self.services = services  # dispatch(scope, service, method, params)
        self.shared = shared  # kernel.services.dispatch.KernelServices
        self.config = config or {}  # app id -> its settings (ctx.config)
        self.inline_cap = inline_cap
        self.long_cap = long_cap

    def scope(self, *, user_id: str, tenant_id: str, app_id: str, function: str,
              tool_type: str, read_only: bool, chain: tuple[str, ...] = (),
              role: str = "admin", scopes: tuple[str, ...] = ("*",)) -> CallScope:  # fmt: skip
        manifest = self.catalog.extensions.get(app_id)
        return CallScope(
            call_id=uuid.uuid4().hex[:12],
            user_id=user_id,
            tenant_id=tenant_id,
            app_id=app_id,
            function=function,
            tool_type=tool_type,
            read_only=read_only,
            data_dir=self.data_dir,
            store=self.db.staged(
                user_id=user_id, tenant_id=tenant_id, app_id=app_id, read_only=read_only
            ),
            declared_secrets=_declared_secrets(manifest),
            config=dict(self.config.get(app_id, {})),
            chain=chain,
            role=role,
            scopes=tuple(scopes),
            services=self.shared.mapping(),
        )

    async def rpc(self, scope: CallScope, service: str, method: str, params: dict) -> Any:
        if service == "lifecycle":
            return await self._lifecycle(scope, method, params)
        return await self.services(scope, service, method, params)

    async def _lifecycle(self, scope: CallScope, method: str, params: dict) -> Any:
        hooks: dict[str, Callable[..., Awaitable[Any]] | None] = {
            "progress": scope.progress,
            "chat_message": scope.chat_message,
        }
        hook = hooks.get(method)
        if method not in hooks:
            raise RemoteError("Unavailable", f"no lifecycle hook {method!r}")
        if hook is None:
            return None  # a panel render has no progress to show
        if method == "progress":
            await hook(float(params.get("percent", 0.0)), str(params.get("message", "")))
        else:
            await hook(dict(params))
        return None

    def cap_for(self, fd) -> float:
        return self.long_cap if getattr(fd, "long_running", False) else self.inline_cap

    async def run(self, scope: CallScope, kind: str, name: str, args: dict, *, cap: float,
                  validate_only: bool = False,
                  on_validated: Callable[[str], None] | None = None,
                  on_background: Callable[[dict], Awaitable[Any]] | None = None) -> Invoked:  # fmt: skip
        manifest = self.catalog.extensions.get(scope.app_id)
        if manifest is None:
            return Invoked("crashed", message=f"no extension {scope.app_id!r} is loaded")
        request = {
            "kind": kind,
            "name": name,
            "args": args,
            "validate_only": validate_only,
            "ctx": {
                "user_id": scope.user_id,
                "tenant_id": scope.tenant_id,
                "tool_type": scope.tool_type,
                "config": scope.config,
                "role": scope.role,
                "scopes": list(scope.scopes),
            },
        }

        async def on_rpc(service: str, method: str, params: dict) -> Any:
            return await self.rpc(scope, service, method, params)

        try:
            reply = await self.host.run(
                scope.app_id, self.catalog.path(scope.app_id), request, on_rpc,
                timeout=cap, on_validated=on_validated, on_background=on_background,
            )  # fmt: skip
        except CallTimedOut as exc:
            scope.store.discard()
            return Invoked("timeout", message=str(exc), stage=scope.store)
        except HostError as exc:  # WorkerDied, LoadFailed, shutting down
            scope.store.discard()
            return Invoked("crashed", message=str(exc), stage=scope.store)
        except BaseException:  # cancelled: whatever it staged is dropped, and stays dropped
            scope.store.discard()
            raise
        status = reply.get("status", "raised")
        if status != "returned":
            scope.store.discard()
        return Invoked(
            status,
            args_json=reply.get("args_json", ""),
            result=reply.get("result"),
            message=reply.get("problem") or reply.get("message", ""),
            extra={
                "kernel_message": reply.get("kernel_message", ""),
                "where": reply.get("where", ""),
            },
            error_type=reply.get("error_type", ""),
            stage=scope.store,
        )


def _declared_secrets(manifest) -> tuple[str, ...] | dict[str, dict]:
    """The extension's secrets: name -> declaration when the manifest has them, else names."""
    if manifest is None:
        return ()
    specs = getattr(manifest, "secret_specs", None) or {}
    if specs and set(specs) == set(manifest.secrets):
        return dict(specs)
    return tuple(manifest.secrets)
