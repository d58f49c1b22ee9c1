import asyncio
import logging
import os
import stat

import pytest
from keyring.backends import chainer, fail, null

from kernel.host.scope import RemoteError
from kernel.services import dispatch
from kernel.services.secrets import (
    KEY_FILE,
    VAULT_FILE,
    KeyringSecrets,
    SecretsService,
    _keyring_backend_usable,
    keyring_usable,
)
from sdk import Extension
from sdk.secrets.exceptions import (
    SecretNotDeclaredError,
    SecretValueTooLarge,
    SecretVaultUnavailable,
    SecretWriteForbidden,
)

VALUE = "sk-live-Zq8v3TOPSECRETvalue"


def vault(tmp_path):
    return SecretsService(tmp_path / "data", tmp_path / "config", backend="vault")


def mode(path):
    return stat.S_IMODE(path.stat().st_mode)


# -- vault file, kernel side ----------------------------------------------------------------------


async def test_vault_round_trip_is_encrypted_and_private(tmp_path):
    svc = vault(tmp_path)
    assert await svc.get("default", "alice", "notes", "api_key") is None
    await svc.set("default", "alice", "notes", "api_key", VALUE)
    assert await svc.get("default", "alice", "notes", "api_key") == VALUE
    meta = await svc.meta("default", "alice", "notes", "api_key")
    assert meta is not None and meta["last_accessed_at"]

    vault_file = tmp_path / "data" / VAULT_FILE
    key_file = tmp_path / "config" / KEY_FILE
    assert mode(vault_file) == 0o600 and mode(key_file) == 0o600
    raw = vault_file.read_bytes()
    assert VALUE.encode() not in raw and b"api_key" not in raw and b"alice" not in raw
    assert (tmp_path / "data" / "secrets.backend").read_text().strip() == "vault"

    # a new service (a kernel restart) reads what the first one wrote
    again = vault(tmp_path)
    assert await again.get("default", "alice", "notes", "api_key") == VALUE
    assert await again.delete("default", "alice", "notes", "api_key") is True
    assert await again.delete("default", "alice", "notes", "api_key") is False
    assert await again.get("default", "alice", "notes", "api_key") is None
    assert await again.meta("default", "alice", "notes", "api_key") is None


async def test_vault_scopes_never_mix(tmp_path):
    svc = vault(tmp_path)
    await svc.set("default", "alice", "notes", "token", "a-notes")
    await svc.set("default", "bob", "notes", "token", "b-notes")
    await svc.set("default", "alice", "mail", "token", "a-mail")
    await svc.set("acme", "alice", "notes", "token", "acme-a-notes")
    assert await svc.get("default", "alice", "notes", "token") == "a-notes"
    assert await svc.get("default", "bob", "notes", "token") == "b-notes"
    assert await svc.get("default", "alice", "mail", "token") == "a-mail"
    assert await svc.get("acme", "alice", "notes", "token") == "acme-a-notes"
    assert await svc.get("default", "carol", "notes", "token") is None


async def test_concurrent_writes_all_persist(tmp_path):
    svc = vault(tmp_path)
    await asyncio.gather(
        *(svc.set("default", f"user{i}", "notes", "token", f"v{i}") for i in range(20))
    )
    again = vault(tmp_path)
    for i in range(20):
        assert await again.get("default", f"user{i}", "notes", "token") == f"v{i}"


async def test_wrong_key_fails_closed_and_keeps_the_vault(tmp_path):
    svc = vault(tmp_path)
    await svc.set("default", "alice", "notes", "token", VALUE)
    vault_file = tmp_path / "data" / VAULT_FILE
    before = vault_file.read_bytes()
    key_file = tmp_path / "config" / KEY_FILE
    key_file.write_bytes(os.urandom(32))
    with pytest.raises(SecretVaultUnavailable, match="cannot be decrypted") as err:
        await vault(tmp_path).get("default", "alice", "notes", "token")
    assert VALUE not in str(err.value)
    with pytest.raises(SecretVaultUnavailable):
        await vault(tmp_path).set("default", "alice", "notes", "other", "x")
    assert vault_file.read_bytes() == before


async def test_missing_key_with_a_vault_is_an_error_not_a_new_key(tmp_path):
    svc = vault(tmp_path)
    await svc.set("default", "alice", "notes", "token", VALUE)
    (tmp_path / "config" / KEY_FILE).unlink()
    with pytest.raises(SecretVaultUnavailable, match="key file .* is missing"):
        await vault(tmp_path).set("default", "alice", "notes", "token", "new")
    assert not (tmp_path / "config" / KEY_FILE).exists()


async def test_a_key_file_others_can_read_is_refused(tmp_path):
    svc = vault(tmp_path)
    await svc.set("default", "alice", "notes", "token", VALUE)
    (tmp_path / "config" / KEY_FILE).chmod(0o644)
    with pytest.raises(SecretVaultUnavailable, match="chmod 600"):
        await vault(tmp_path).get("default", "alice", "notes", "token")


async def test_a_damaged_vault_is_reported(tmp_path):
    svc = vault(tmp_path)
    await svc.set("default", "alice", "notes", "token", VALUE)
    path = tmp_path / "data" / VAULT_FILE
    raw = bytearray(path.read_bytes())
    raw[-1] ^= 1
    path.write_bytes(bytes(raw))
    with pytest.raises(SecretVaultUnavailable, match="altered"):
        await vault(tmp_path).get("default", "alice", "notes", "token")


# -- backend choice ---------------------------------------------------------------------------------


def test_fail_null_and_empty_chainer_keyrings_are_not_usable():
    assert _keyring_backend_usable(fail.Keyring()) is False
    assert _keyring_backend_usable(null.Keyring()) is False
    chain = chainer.ChainerBackend()
    usable_children = [b for b in chain.backends if _keyring_backend_usable(b)]
    assert _keyring_backend_usable(chain) is bool(usable_children)


def test_auto_picks_the_vault_without_a_keyring(tmp_path):
    svc = SecretsService(tmp_path / "data", tmp_path / "config")
    assert svc.backend_name() == ("keyring" if keyring_usable() else "vault")


async def test_the_first_choice_is_remembered(tmp_path, monkeypatch):
    monkeypatch.delenv("IMPERAL_SHELL_SECRETS", raising=False)
    data = tmp_path / "data"
    data.mkdir()
    (data / "secrets.backend").write_text("keyring\n")
    svc = SecretsService(data, tmp_path / "config")
    assert svc.backend_name() == "keyring"
    if not keyring_usable():
        with pytest.raises(SecretVaultUnavailable, match="OS keyring, which is not available"):
            await svc.get("default", "alice", "notes", "token")


def test_an_unknown_forced_backend_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("IMPERAL_SHELL_SECRETS", "plaintext")
    with pytest.raises(ValueError, match="IMPERAL_SHELL_SECRETS"):
        SecretsService(tmp_path, tmp_path)


@pytest.mark.skipif(not keyring_usable(), reason="no OS keyring backend on this machine")
async def test_real_keyring_round_trip(tmp_path):
    svc = SecretsService(tmp_path / "data", tmp_path / "config", backend="keyring")
    try:
        await svc.set("default", "alice", "notes", "token", VALUE)
        assert await svc.get("default", "alice", "notes", "token") == VALUE
        assert await svc.get("default", "bob", "notes", "token") is None
    finally:
        await svc.delete("default", "alice", "notes", "token")
    assert KeyringSecrets(tmp_path / "data").service.startswith("imperal-shell:")


# -- dispatch: declared names, scope, read-only --------------------------------------------------


async def test_dispatch_checks_declaration_scope_and_size(make_scope):
    scope = make_scope(declared_secrets=("token",))
    await dispatch(scope, "secrets", "set", {"name": "token", "value": VALUE})
    assert await dispatch(scope, "secrets", "get", {"name": "token"}) == VALUE

    cases = [
        ({"name": "other"}, "SecretNotDeclaredError"),
        ({"name": "token", "user_id": "bob"}, "PermissionError"),
        ({"name": "token", "ext_id": "mail"}, "PermissionError"),
    ]
    for params, kind in cases:
        with pytest.raises(RemoteError) as err:
            await dispatch(scope, "secrets", "get", params)
        assert err.value.kind == kind
    with pytest.raises(RemoteError) as err:
        await dispatch(scope, "secrets", "set", {"name": "token", "value": "x" * 70000})
    assert err.value.kind == "SecretValueTooLarge" and "x" * 10 not in err.value.message

    panel = make_scope(declared_secrets=("token",), read_only=True, tool_type="panel")
    assert await dispatch(panel, "secrets", "get", {"name": "token"}) == VALUE
    with pytest.raises(RemoteError) as err:
        await dispatch(panel, "secrets", "set", {"name": "token", "value": "new"})
    assert err.value.kind == "SecretWriteForbidden"


async def test_a_system_scope_may_act_for_a_user(make_scope):
    system = make_scope(user_id="__system__", declared_secrets=("token",))
    await dispatch(system, "secrets", "set", {"name": "token", "value": "b", "user_id": "bob"})
    bob = make_scope(user_id="bob", declared_secrets=("token",))
    assert await dispatch(bob, "secrets", "get", {"name": "token"}) == "b"
    alice = make_scope(declared_secrets=("token",))
    assert await dispatch(alice, "secrets", "get", {"name": "token"}) is None


async def test_a_secret_value_never_reaches_errors_or_logs(make_scope, tmp_path, caplog):
    caplog.set_level(logging.DEBUG)
    scope = make_scope(declared_secrets=("token",))
    await dispatch(scope, "secrets", "set", {"name": "token", "value": VALUE})
    (tmp_path / "config" / KEY_FILE).chmod(0o644)  # the vault now refuses to open
    messages = []
    for method, params in [
        ("set", {"name": "token", "value": VALUE}),
        ("get", {"name": "token"}),
        ("set", {"name": "undeclared", "value": VALUE}),
        ("set", {"name": "token", "value": VALUE * 3000}),
        ("set", {"name": "token", "value": VALUE, "user_id": "bob"}),
    ]:
        with pytest.raises(RemoteError) as err:
            await dispatch(scope, "secrets", method, params)
        messages.append(f"{err.value.kind} {err.value.message} {err.value.data}")
    assert all(VALUE not in m for m in messages), messages
    assert VALUE not in caplog.text


# -- through the worker's ctx.secrets -----------------------------------------------------------


def _ext():
    ext = Extension("notes")
    ext.secret("api_key", description="API key", write_mode="both", max_bytes=64)
    ext.secret("user_only", description="only the user sets it")
    return ext


async def test_ctx_secrets_through_the_proxy(worker_ctx):
    scope, ctx = worker_ctx(_ext())
    assert await ctx.secrets.get("api_key") is None
    await ctx.secrets.set("api_key", VALUE)
    assert await ctx.secrets.get("api_key") == VALUE
    assert await ctx.secrets.is_set("api_key") is True
    listing = {s.name: s.is_set for s in await ctx.secrets.list()}
    assert listing == {"api_key": True, "user_only": False}
    assert VALUE not in repr(ctx.secrets) and VALUE not in repr(await ctx.secrets.list())

    with pytest.raises(SecretNotDeclaredError):
        await ctx.secrets.get("nope")
    with pytest.raises(SecretWriteForbidden):
        await ctx.secrets.set("user_only", "x")
    with pytest.raises(SecretValueTooLarge) as err:
        await ctx.secrets.set("api_key", VALUE * 10)
    assert VALUE not in str(err.value)

    # another user of the same extension sees nothing of alice's
    _, bob = worker_ctx(_ext(), user_id="bob")
    assert await bob.secrets.get("api_key") is None
    assert await ctx.secrets.delete("api_key") is True
    assert await ctx.secrets.is_set("api_key") is False


async def test_a_lying_worker_cannot_read_another_scope(worker_ctx):
    """The worker's own checks can be bypassed; the kernel's cannot."""
    scope, ctx = worker_ctx(_ext())
    await ctx.secrets.set("api_key", VALUE)
    backend = ctx.secrets._backend
    with pytest.raises(PermissionError):
        await backend.get("notes", "bob", "api_key")
    with pytest.raises(PermissionError):
        await backend.get("other-ext", "alice", "api_key")
    with pytest.raises(SecretNotDeclaredError):
        await backend.get("notes", "alice", "undeclared")


async def test_with_specs_the_kernel_enforces_write_mode_and_max_bytes(worker_ctx):
    ext = _ext()
    scope, ctx = worker_ctx(ext)
    scope.declared_secrets = ext.secrets  # name -> SecretSpec, as the catalog knows them
    backend = ctx.secrets._backend  # a worker skipping the SDK client's own checks
    with pytest.raises(SecretWriteForbidden, match="write_mode='user'"):
        await backend.set("notes", "alice", "user_only", "x")
    with pytest.raises(SecretWriteForbidden):
        await backend.delete("notes", "alice", "user_only")
    with pytest.raises(SecretValueTooLarge, match="max_bytes=64"):
        await backend.set("notes", "alice", "api_key", "y" * 65)
    await backend.set("notes", "alice", "api_key", "y" * 64)
    assert await ctx.secrets.get("api_key") == "y" * 64
    assert await ctx.secrets.get("user_only") is None


async def test_manifest_dicts_and_write_mode_strings_work_as_specs(make_scope):
    for declared in (
        {"token": {"name": "token", "write_mode": "user", "max_bytes": 10}},
        {"token": "user"},
    ):
        scope = make_scope(declared_secrets=declared)
        with pytest.raises(RemoteError) as err:
            await dispatch(scope, "secrets", "set", {"name": "token", "value": "v"})
        assert err.value.kind == "SecretWriteForbidden"
        assert await dispatch(scope, "secrets", "get", {"name": "token"}) is None


async def test_an_app_scoped_secret_is_one_value_for_every_user(make_scope):
    spec = {"token": {"name": "token", "scope": "app", "write_mode": "both"}}
    alice = make_scope(declared_secrets=spec)
    await dispatch(alice, "secrets", "set", {"name": "token", "value": "shared-value"})
    bob = make_scope(user_id="bob", declared_secrets=spec)
    assert await dispatch(bob, "secrets", "get", {"name": "token"}) == "shared-value"
    per_user = make_scope(user_id="bob", declared_secrets=("token",))
    assert await dispatch(per_user, "secrets", "get", {"name": "token"}) is None


async def test_env_fallback_only_where_declared(make_scope, monkeypatch):
    monkeypatch.setenv("IMPERAL_APPSECRET_NOTES_TOKEN", "from-the-environment")
    monkeypatch.setenv("HOME_SECRET", "never-read")
    declared = {
        "token": {"name": "token", "scope": "app", "env_fallback": "IMPERAL_APPSECRET_NOTES_TOKEN"}
    }
    scope = make_scope(declared_secrets=declared)
    assert await dispatch(scope, "secrets", "get", {"name": "token"}) == "from-the-environment"
    undeclared = make_scope(declared_secrets={"token": {"name": "token", "scope": "app"}})
    assert await dispatch(undeclared, "secrets", "get", {"name": "token"}) is None
    sneaky = make_scope(
        declared_secrets={"token": {"name": "token", "scope": "app", "env_fallback": "HOME_SECRET"}}
    )
    assert await dispatch(sneaky, "secrets", "get", {"name": "token"}) is None
    # a stored value wins over the environment
    await dispatch(scope, "secrets", "set", {"name": "token", "value": "stored-value"})
    assert await dispatch(scope, "secrets", "get", {"name": "token"}) == "stored-value"
