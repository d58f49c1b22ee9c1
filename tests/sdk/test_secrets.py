"""Secrets: `SecretSpec`, `SecretClient` over a backend, `MockSecretStore`, `Extension.secret`."""

import pytest

from sdk import alias
from sdk.extension import Extension
from sdk.secrets import (
    SecretClient,
    SecretDeclarationConflict,
    SecretNotDeclaredError,
    SecretSpec,
    SecretStatus,
    SecretValueTooLarge,
    SecretVaultUnavailable,
    SecretWriteForbidden,
)
from sdk.testing import MockContext
from sdk.testing.mock_secrets import MockSecretStore

# -- SecretSpec -----------------------------------------------------------------------------------


def test_spec_defaults_frozen_and_manifest_dict():
    spec = SecretSpec("api_key", "The service API key")
    assert (spec.required, spec.write_mode, spec.max_bytes, spec.rotation_hint_days) == (
        False,
        "user",
        4096,
        None,
    )
    with pytest.raises(AttributeError):
        spec.name = "x"
    assert spec.to_manifest_dict() == {
        "name": "api_key",
        "description": "The service API key",
        "required": False,
        "write_mode": "user",
        "max_bytes": 4096,
        "scope": "user",
    }
    full = SecretSpec(
        "t", "d", required=True, write_mode="both", max_bytes=1, rotation_hint_days=30
    )
    assert full.to_manifest_dict()["rotation_hint_days"] == 30


@pytest.mark.parametrize(
    "kwargs",
    [
        {"name": "ApiKey"},
        {"name": "1key"},
        {"name": "_key"},
        {"name": "a" * 64},
        {"name": "api-key"},
        {"name": "api_key\n"},
        {"name": ""},
        {"write_mode": "admin"},
        {"max_bytes": 0},
        {"max_bytes": 65537},
        {"max_bytes": True},
        {"rotation_hint_days": 0},
        {"description": "   "},
        {"description": ""},
    ],
)
def test_spec_rejects(kwargs):
    base = {"name": "api_key", "description": "d"}
    with pytest.raises(ValueError):
        SecretSpec(**{**base, **kwargs})


def test_spec_accepts_edges():
    SecretSpec("a" * 63, "d", max_bytes=65536, rotation_hint_days=1)
    SecretSpec("a", "d", write_mode="extension")


def test_exceptions_are_direct_exception_subclasses():
    for cls in (
        SecretNotDeclaredError,
        SecretWriteForbidden,
        SecretVaultUnavailable,
        SecretValueTooLarge,
        SecretDeclarationConflict,
    ):
        assert cls.__bases__ == (Exception,)


# -- SecretClient -----------------------------------------------------------------------------------


class MemoryBackend:
    def __init__(self):
        self.values = {}

    async def get(self, ext_id, user_id, name):
        return self.values.get((ext_id, user_id, name))

    async def set(self, ext_id, user_id, name, value):
        self.values[(ext_id, user_id, name)] = value

    async def delete(self, ext_id, user_id, name):
        return self.values.pop((ext_id, user_id, name), None) is not None

    async def meta(self, ext_id, user_id, name):
        if (ext_id, user_id, name) in self.values:
            return {"last_accessed_at": "2026-01-01T00:00:00Z"}
        return None


def client(backend=None, **specs):
    declared = {
        "api_key": SecretSpec("api_key", "user key"),
        "token": SecretSpec("token", "ext token", write_mode="extension", max_bytes=8),
        **specs,
    }
    if backend is None:
        return SecretClient(
            ext_id="mail",
            imperal_id="u1",
            auth_gw_base="https://gw",
            session_token="s",
            declared=declared,
        )
    return SecretClient.with_backend(
        ext_id="mail", imperal_id="u1", declared=declared, backend=backend
    )


@pytest.fixture(autouse=True)
def _no_dev_mode(monkeypatch):
    monkeypatch.delenv("IMPERAL_DEV_MODE", raising=False)


async def test_client_round_trip_and_errors():
    backend = MemoryBackend()
    c = client(backend)
    assert await c.get("token") is None
    assert await c.is_set("token") is False
    await c.set("token", "abc")
    assert await c.get("token") == "abc"
    assert await c.is_set("token") is True
    with pytest.raises(SecretNotDeclaredError):
        await c.get("other")
    with pytest.raises(SecretWriteForbidden):
        await c.set("api_key", "x")
    with pytest.raises(SecretWriteForbidden):
        await c.delete("api_key")
    with pytest.raises(SecretValueTooLarge) as err:
        await c.set("token", "é" * 5)  # 10 UTF-8 bytes > 8
    assert "é" not in str(err.value)
    statuses = await c.list()
    assert statuses == [
        SecretStatus("api_key", "user key", False, None),
        SecretStatus("token", "ext token", True, "2026-01-01T00:00:00Z"),
    ]
    assert "abc" not in repr(statuses) and "abc" not in repr(c)
    assert await c.delete("token") is True
    assert await c.delete("token") is False


async def test_client_is_user_scoped_and_rebinds():
    backend = MemoryBackend()
    c = client(backend)
    await c.set("token", "one")
    other = c.for_user("u2")
    assert await other.get("token") is None
    assert await c.get("token") == "one"


async def test_client_without_backend_fails_closed():
    c = client()
    with pytest.raises(SecretVaultUnavailable):
        await c.get("api_key")
    with pytest.raises(SecretNotDeclaredError):
        await c.get("undeclared")  # the declaration check comes first


async def test_dev_mode_reads_env_and_ignores_writes(monkeypatch):
    monkeypatch.setenv("IMPERAL_DEV_MODE", "yes")
    monkeypatch.setenv("IMPERAL_SECRET_API_KEY", "from-env")
    c = client()
    assert await c.get("api_key") == "from-env"
    assert await c.get("token") is None
    assert await c.is_set("api_key") is True
    assert await c.set("token", "x") is None
    assert await c.delete("token") is False
    assert [(s.name, s.is_set) for s in await c.list()] == [("api_key", True), ("token", False)]
    with pytest.raises(SecretNotDeclaredError):
        await c.get("nope")
    with pytest.raises(SecretWriteForbidden):
        await c.set("api_key", "x")


# -- MockSecretStore ---------------------------------------------------------------------------------


async def test_mock_secret_store_basics():
    s = MockSecretStore({"api_key": "k1"})
    assert await s.get("api_key") == "k1"
    assert await s.get("missing") is None
    assert await s.is_set("api_key") is True
    await s.set("token", "t")
    assert await s.delete("token") is True
    assert await s.delete("token") is False
    listed = await s.list()
    assert [(x.name, x.description, x.is_set, x.last_accessed_at) for x in listed] == [
        ("api_key", "(mock)", True, None)
    ]


async def test_mock_secret_store_undeclared_raises_value_error_not_secret_error():
    s = MockSecretStore({"api_key": "k"}, declared={"api_key", "token"})
    for call in (s.get, s.is_set, s.delete):
        with pytest.raises(ValueError):
            await call("other")
    with pytest.raises(ValueError):
        await s.set("other", "v")
    try:
        await s.get("other")
    except ValueError as exc:
        assert not isinstance(exc, SecretNotDeclaredError)
    await s.set("token", "x" * 100000)  # no max_bytes or write_mode checks
    assert await s.get("token") == "x" * 100000


async def test_mock_secret_store_with_mock_context():
    ctx = MockContext()
    ctx.secrets = MockSecretStore({"api_key": "k"})
    assert await ctx.secrets.get("api_key") == "k"


# -- Extension.secret ------------------------------------------------------------------------------


def test_ext_secret_registers_on_call_and_returns_identity_decorator():
    ext = Extension("mail")
    assert "secrets" not in ext.panels and "__panel__secrets" not in ext.tools
    result = ext.secret("api_key", "Provider key", required=True)
    assert callable(result)
    fn = lambda: None  # noqa: E731
    assert ext.secret("token", "Token", write_mode="extension")(fn) is fn
    assert list(ext._secrets) == ["api_key", "token"]
    assert isinstance(ext._secrets["api_key"], SecretSpec)
    assert ext._secrets["api_key"].required is True
    copy = ext.secrets
    copy.clear()
    assert len(ext.secrets) == 2


def test_ext_secret_lazy_synthetic_panel_registered_once():
    ext = Extension("mail")
    ext.secret("api_key", "Provider key")
    ext.secret("token", "Token")
    assert ext.panels["secrets"] == {
        "slot": "right",
        "title": "Secrets",
        "icon": "KeyRound",
        "refresh": "manual",
        "center_overlay": False,
    }
    assert [t for t in ext.tools if t.startswith("__panel__")] == ["__panel__secrets"]


def test_ext_secret_keeps_an_authors_own_secrets_panel():
    ext = Extension("mail")

    @ext.panel("secrets", slot="left", title="Mine")
    async def mine(ctx):
        return None

    ext.secret("api_key", "Provider key")
    assert ext.panels["secrets"]["title"] == "Mine"


def test_ext_secret_duplicate_and_invalid():
    ext = Extension("mail")
    ext.secret("api_key", "Provider key")
    with pytest.raises(SecretDeclarationConflict):
        ext.secret("api_key", "Again")
    with pytest.raises(ValueError):
        ext.secret("Bad-Name", "d")
    with pytest.raises(ValueError):
        ext.secret("ok_name", "  ")
    assert list(ext._secrets) == ["api_key"]


async def test_secrets_panel_renders_status_without_values():
    ext = Extension("mail")
    ext.secret("api_key", "Provider key", required=True)
    ext.secret("token", "Token", write_mode="extension")
    ctx = MockContext(extension_id="mail")
    ctx.secrets = MockSecretStore({"api_key": "super-secret-value"})
    out = await ext.call_tool("__panel__secrets", ctx)
    assert out["panel_id"] == "secrets"
    text = repr(out["ui"])
    assert "super-secret-value" not in text
    assert "api_key" in text and "token" in text
    assert "'set'" in text and "'not set'" in text
    # without ctx.secrets the panel still renders
    bare = await ext.call_tool("__panel__secrets", MockContext())
    assert "unknown" in repr(bare["ui"])


def test_imports_real_extensions_use():
    alias.install()
    import imperal_sdk.secrets as secrets_pkg
    from imperal_sdk.secrets.exceptions import SecretWriteForbidden as W
    from imperal_sdk.secrets.spec import SecretSpec as S

    assert S is SecretSpec and W is SecretWriteForbidden
    assert secrets_pkg.SecretClient is SecretClient
