"""kernel.authz: the wildcard rule (shared with `ctx.user.has_scope`), roles and profiles from
config.toml, and a bad [users] or [roles] table refused with a message naming it."""

from __future__ import annotations

import pytest

from kernel.authz import (
    BUILTIN_ROLES,
    SYSTEM_USER_ID,
    Directory,
    UnknownUser,
    denial_text,
    has_scope,
    missing_scopes,
    needed_scopes,
    reserved,
)
from kernel.config import ConfigError, KernelConfig
from sdk.types.identity import UserContext


@pytest.mark.parametrize(
    "granted, needed, expected",
    [
        ("*", "notes.write", True),
        ("*", "anything", True),
        ("notes.write", "notes.write", True),
        ("notes.write", "notes.read", False),
        ("notes.*", "notes.read", True),
        ("notes.*", "notes", True),
        ("notes.*", "notes.items.read", True),
        ("notes.*", "tasks.read", False),
        ("notes.*", "notesx.read", False),
        ("*.read", "notes.read", True),
        ("*.read", "tasks.read", True),
        ("*.read", "notes.write", False),
        ("*.read", "read", False),
        ("*.read", "notes.items.read", False),
        ("*.*", "notes.destructive", True),
        ("mail:read", "mail:read", True),
        ("notes.read", "notes.*", False),  # a needed wildcard is a literal, never a grant
    ],
)
def test_has_scope_wildcards_match_ctx_user(granted, needed, expected):
    assert has_scope([granted], needed) is expected
    user = UserContext(imperal_id="u", email="u@x", tenant_id="t", role="r", scopes=[granted])
    assert user.has_scope(needed) is expected  # one rule for the SDK and the kernel


def test_builtin_roles():
    assert missing_scopes(BUILTIN_ROLES["admin"], ["x.destructive", "mail.send"]) == []
    user = BUILTIN_ROLES["user"]
    assert missing_scopes(user, ["notes.read", "notes.write", "notes.destructive"]) == []
    assert missing_scopes(user, ["notes.read", "mail.send"]) == ["mail.send"]
    assert missing_scopes(BUILTIN_ROLES["viewer"], needed_scopes("notes", "write")) == [
        "notes.write"
    ]


def test_needed_scopes_are_the_action_type_then_the_declared_ones():
    assert needed_scopes("notes", "read") == ["notes.read"]
    assert needed_scopes("mail", "write", ["mail.send", "mail.send"]) == ["mail.write", "mail.send"]


def test_no_users_table_makes_every_profile_the_owners_admin():
    d = Directory()
    assert d.open
    profile = d.profile("whoever")
    assert (profile.role, profile.scopes, profile.tenant) == ("admin", ("*",), "default")


def test_profiles_from_config(tmp_path):
    (tmp_path / "config.toml").write_text(
        '[roles.editor]\nscopes = ["notes.*", "*.read"]\n'
        '[users.ann]\nrole = "editor"\ntenant = "acme"\n'
        '[users.vic]\nrole = "viewer"\n'
    )
    d = KernelConfig.load(home=tmp_path, env={}).directory
    ann = d.profile("ann")
    assert (ann.role, ann.scopes, ann.tenant) == ("editor", ("notes.*", "*.read"), "acme")
    assert d.profile("vic").tenant == "default"
    with pytest.raises(UnknownUser, match="'eve' is not listed in \\[users\\]"):
        d.profile("eve")
    system = d.profile(SYSTEM_USER_ID)
    assert system.scopes == ("*",)


@pytest.mark.parametrize(
    "toml, named",
    [
        ('[users.ann]\nrole = "boss"\n', "role = 'boss' is not one of admin, user, viewer"),
        ("[users.ann]\n", "role = None"),
        ('[users.ann]\nrole = "user"\ncolour = "red"\n', "unknown key(s) colour"),
        ('[users.ann]\nrole = "user"\ntenant = ""\n', "tenant = ''"),
        ('[users.ann]\nrole = "user"\ntenant = 3\n', "tenant = 3"),
        ('users = "ann"\n', "[users] must be a table"),
        ('[users]\nann = "admin"\n', "[users.ann] must be a table"),
        ('[users."__system__"]\nrole = "admin"\n', "user name '__system__'"),
        ('[users."a b"]\nrole = "admin"\n', "user name 'a b'"),
        ('[roles.admin]\nscopes = ["*"]\n', "redefines a built-in role"),
        ('[roles.ed]\nscopes = "notes.*"\n', "[roles.ed] scopes must be a list"),
        ('[roles.ed]\nscopes = ["notes write"]\n', "scope 'notes write'"),
        ('[roles.ed]\nscopes = [""]\n', "scope ''"),
        ("[roles.ed]\n", "[roles.ed] scopes must be a list"),
    ],
)
def test_bad_users_or_roles_are_a_config_error(tmp_path, toml, named):
    (tmp_path / "config.toml").write_text(toml)
    with pytest.raises(ConfigError) as caught:
        KernelConfig.load(home=tmp_path, env={})
    assert named in str(caught.value)
    assert "config.toml" in str(caught.value)


def test_reserved_names_and_the_denial_text():
    assert reserved(SYSTEM_USER_ID) and reserved("__x") and not reserved("ann")
    d = Directory({"vic": ("viewer", "default")}, dict(BUILTIN_ROLES))
    text = denial_text(d.profile("vic"), "notes.add", ["notes.write", "mail.send"])
    assert text == (
        "notes.add needs scopes notes.write and mail.send, which vic (role viewer) does not "
        "hold; nothing ran."
    )
