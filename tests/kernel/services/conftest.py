"""Fixtures for the ctx services: real files in tmp dirs, an in-process rpc that speaks JSON."""

import json

import pytest

from kernel.host.ctx_proxy import build_worker_context
from kernel.host.scope import CallScope, RemoteError
from kernel.services import KernelServices, dispatch
from sdk import Extension


@pytest.fixture
def services(tmp_path):
    return KernelServices.open(tmp_path / "data", tmp_path / "config", secrets_backend="vault")


@pytest.fixture
def make_scope(tmp_path, services):
    def make(**kw):
        fields = {
            "call_id": "c1",
            "user_id": "alice",
            "tenant_id": "default",
            "app_id": "notes",
            "function": "fn",
            "tool_type": "chat_fn",
            "read_only": False,
            "data_dir": tmp_path / "data",
            "services": services.mapping(),
        }
        fields.update(kw)
        return CallScope(**fields)

    return make


def json_rpc(scope):
    """rpc(service, method, params) as a worker sees it: JSON both ways, errors as RemoteError."""

    async def rpc(service, method, params):
        wire = json.loads(json.dumps(params, allow_nan=False))
        try:
            result = await dispatch(scope, service, method, wire)
        except RemoteError as err:
            raise RemoteError(*json.loads(json.dumps([err.kind, err.message, err.data]))) from None
        return json.loads(json.dumps(result, allow_nan=False))

    return rpc


@pytest.fixture
def worker_ctx(make_scope):
    """(scope, ctx): a worker-side ctx whose rpc reaches the kernel through dispatch."""

    def make(ext=None, config=None, **scope_fields):
        ext = ext or Extension(scope_fields.get("app_id", "notes"))
        scope = make_scope(app_id=ext.app_id, config=config or {}, **scope_fields)
        scope.declared_secrets = tuple(ext.secrets)
        ctx = build_worker_context(
            rpc=json_rpc(scope),
            user_id=scope.user_id,
            tenant_id=scope.tenant_id,
            app_id=scope.app_id,
            tool_type=scope.tool_type,
            ext=ext,
            config=scope.config,
        )
        return scope, ctx

    return make
