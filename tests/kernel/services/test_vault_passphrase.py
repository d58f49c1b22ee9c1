"""The vault locked with a passphrase (scrypt): opens only with it, never with the key file."""

from __future__ import annotations

import pytest

from kernel.services.secrets import KEY_FILE, VAULT_FILE, SecretsService
from kernel.services.vault import MAGIC_PASSPHRASE, PASSPHRASE_ENV, VaultSecrets
from sdk.secrets.exceptions import SecretVaultUnavailable

PASS = "correct horse battery"
WHERE = ("t", "u", "app", "name")


def service(tmp_path, passphrase=None):
    return SecretsService(
        tmp_path / "data", tmp_path / "config", backend="vault", passphrase=passphrase,
        on_value=lambda _v: None,
    )  # fmt: skip


async def test_a_new_vault_with_a_passphrase_is_scrypt_locked(tmp_path, monkeypatch):
    monkeypatch.delenv(PASSPHRASE_ENV, raising=False)
    await service(tmp_path, PASS).set(*WHERE, "v-1")
    raw = (tmp_path / "data" / VAULT_FILE).read_bytes()
    assert raw.startswith(MAGIC_PASSPHRASE) and b"v-1" not in raw
    assert not (tmp_path / "config" / KEY_FILE).exists()
    assert await service(tmp_path, PASS).get(*WHERE) == "v-1"
    with pytest.raises(SecretVaultUnavailable, match=PASSPHRASE_ENV):
        await service(tmp_path).get(*WHERE)
    with pytest.raises(SecretVaultUnavailable, match="wrong passphrase"):
        await service(tmp_path, "another passphrase").get(*WHERE)


async def test_the_environment_variable_opens_it(tmp_path, monkeypatch):
    await service(tmp_path, PASS).set(*WHERE, "v-2")
    monkeypatch.setenv(PASSPHRASE_ENV, PASS)
    assert await service(tmp_path).get(*WHERE) == "v-2"


async def test_set_passphrase_moves_a_key_file_vault_and_deletes_the_key(tmp_path, monkeypatch):
    monkeypatch.delenv(PASSPHRASE_ENV, raising=False)
    plain = service(tmp_path)
    await plain.set(*WHERE, "v-3")
    assert plain.vault_mode() == "keyfile" and (tmp_path / "config" / KEY_FILE).exists()
    await plain.set_passphrase(PASS)
    assert plain.vault_mode() == "passphrase"
    assert not (tmp_path / "config" / KEY_FILE).exists()
    assert await service(tmp_path, PASS).get(*WHERE) == "v-3"
    assert await plain.get(*WHERE) == "v-3"  # the same service keeps working


async def test_weak_passphrase_refused_and_nothing_changes(tmp_path):
    plain = service(tmp_path)
    await plain.set(*WHERE, "v-4")
    before = (tmp_path / "data" / VAULT_FILE).read_bytes()
    with pytest.raises(ValueError, match="at least"):
        await plain.set_passphrase("short")
    assert (tmp_path / "data" / VAULT_FILE).read_bytes() == before


def test_tampered_header_costs_are_refused(tmp_path):
    vault = VaultSecrets(tmp_path / VAULT_FILE, tmp_path / KEY_FILE, PASS)
    vault.set("k", "v")
    raw = bytearray((tmp_path / VAULT_FILE).read_bytes())
    raw[4 + 16] = 40  # log2 N far beyond any sane cost
    (tmp_path / VAULT_FILE).write_bytes(bytes(raw))
    (tmp_path / VAULT_FILE).chmod(0o600)
    with pytest.raises(SecretVaultUnavailable, match="impossible scrypt"):
        VaultSecrets(tmp_path / VAULT_FILE, tmp_path / KEY_FILE, PASS).get("k")


async def test_entries_list_names_never_values(tmp_path):
    svc = service(tmp_path, PASS)
    await svc.set("t", "u", "app", "a", "value-a")
    await svc.set("t", "", "app", "b", "value-b")
    assert await svc.entries() == [("t", "", "app", "b"), ("t", "u", "app", "a")]
    learnt = []
    svc._on_value = learnt.append
    assert await svc.learn_values() == 2 and sorted(learnt) == ["value-a", "value-b"]
