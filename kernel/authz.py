"""Who may run what: local profiles, their roles and scopes, and the scopes a call needs.

The model. The operating-system user who owns the data directory owns everything in it; the
kernel's socket and files are private to that user (`kernel.private_paths`, `kernel.endpoint`).
Profiles inside it (`--user NAME`) are roles, not authentication: they keep what one person
(or script) may do narrower than what the owner may do, and they keep the ledger honest about
who asked. Anyone who can run `imperal-shell` as the owner can pick any listed profile.

config.toml:

    [users.alice]             # a profile: its role, and the tenant its data lives in
    role = "user"             # admin | user | viewer | a role of [roles]
    tenant = "default"

    [roles.notes_editor]      # a role of your own: the scopes it grants
    scopes = ["notes.*", "*.read"]

Without a `[users]` table every profile name is `admin` (the owner's own, as before roles
existed). Once `[users]` exists, a name it does not list is refused (`UnknownUser`: exit 4,
`denied`, like a missing scope).

Scopes: every function needs `APP.ACTION_TYPE` (`notes.read`, `notes.write`,
`notes.destructive`), a panel render `APP.read`, plus the scopes the extension declares
(`ext.tool(scopes=...)`, the manifest's `required_scopes`), which apply to each of its calls.
Built-in roles: `admin` holds `*`; `user` every app's read, write and destructive scopes but
no declared ones (grant those with a role of your own); `viewer` only `*.read`. Wildcards
follow `sdk._scopes.scope_grants`, the same rule `ctx.user.has_scope` uses.

The system context (`__system__`: schedules, skeletons) holds `*` and is the only one whose
`ctx.as_user` works; no client may take that name (`reserved`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SYSTEM_USER_ID = "__system__"
DEFAULT_TENANT = "default"
BUILTIN_ROLES: dict[str, tuple[str, ...]] = {
    "admin": ("*",),
    "user": ("*.read", "*.write", "*.destructive"),
    "viewer": ("*.read",),
}
ACTION_TYPES = ("read", "write", "destructive")
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}$")
_SCOPE = re.compile(r"^(?:\*|[A-Za-z0-9_*-]+(?:[.:][A-Za-z0-9_*-]+)*)$")
USER_KEYS = ("role", "tenant")
ROLE_KEYS = ("scopes",)


class AuthzConfigError(ValueError):
    """[users] or [roles] in config.toml cannot be used; the message names the key."""


class UnknownUser(Exception):
    """A profile name the [users] table does not list (or a name only the kernel may use)."""


@dataclass(frozen=True)
class Profile:
    """Who a call runs as, as the kernel alone decides: never taken from a call's arguments."""

    user_id: str
    role: str
    scopes: tuple[str, ...]
    tenant: str = DEFAULT_TENANT


@dataclass(frozen=True)
class Directory:
    """The profiles of config.toml's [users] and the roles they may hold."""

    users: Mapping[str, tuple[str, str]] = field(default_factory=dict)  # name -> (role, tenant)
    roles: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: dict(BUILTIN_ROLES))

    @property
    def open(self) -> bool:
        """No [users] table: every profile name is the owner's own (`admin`)."""
        return not self.users

    def profile(self, user_id: str) -> Profile:
        """The profile `user_id` acts as; `UnknownUser` when it may not act at all."""
        if user_id == SYSTEM_USER_ID:
            return Profile(SYSTEM_USER_ID, "system", ("*",))
        if not isinstance(user_id, str) or not user_id:
            raise UnknownUser("a call needs a user")
        if self.open:
            return Profile(user_id, "admin", BUILTIN_ROLES["admin"])
        entry = self.users.get(user_id)
        if entry is None:
            raise UnknownUser(
                f"user {user_id!r} is not listed in [users] of config.toml; nothing ran"
                f" (listed: {', '.join(sorted(self.users))})"
            )
        role, tenant = entry
        return Profile(user_id, role, self.roles[role], tenant)

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any], where: Path | str) -> Directory:
        """The [users] and [roles] tables of a parsed config.toml, checked; a bad entry is an
        `AuthzConfigError` naming it (nothing is half-applied)."""
        roles = dict(BUILTIN_ROLES)
        raw_roles = _table(settings, "roles", where)
        for name, body in raw_roles.items():
            if name in BUILTIN_ROLES:
                raise AuthzConfigError(f"[roles.{name}] redefines a built-in role ({where})")
            _check_name(name, "role", where)
            body = _entry(body, f"roles.{name}", ROLE_KEYS, where)
            scopes = body.get("scopes")
            if not isinstance(scopes, list) or not all(isinstance(s, str) for s in scopes):
                raise AuthzConfigError(f"[roles.{name}] scopes must be a list of strings ({where})")
            for scope in scopes:
                if not _SCOPE.match(scope):
                    raise AuthzConfigError(
                        f"[roles.{name}] scope {scope!r} is not a scope such as 'notes.read',"
                        f" 'notes.*', '*.read' or '*' ({where})"
                    )
            roles[name] = tuple(scopes)
        users: dict[str, tuple[str, str]] = {}
        for name, body in _table(settings, "users", where).items():
            _check_name(name, "user", where)
            body = _entry(body, f"users.{name}", USER_KEYS, where)
            role = body.get("role")
            if role not in roles:
                raise AuthzConfigError(
                    f"[users.{name}] role = {role!r} is not one of {', '.join(roles)} ({where})"
                )
            tenant = body.get("tenant", DEFAULT_TENANT)
            if not isinstance(tenant, str) or not _NAME.match(tenant):
                raise AuthzConfigError(
                    f"[users.{name}] tenant = {tenant!r} must be a short name of letters,"
                    f" digits, '_', '-', '.', '@' ({where})"
                )
            users[name] = (role, tenant)
        return cls(users, roles)


def has_scope(granted: Iterable[str], needed: str) -> bool:
    """Whether any of `granted` covers `needed` (`*`, `notes.*`, `*.read`: `scope_grants`)."""
    from sdk._scopes import scope_grants  # here: config.py, on the thin client's path, is light

    return any(scope_grants(g, needed) for g in granted)


def missing_scopes(granted: Iterable[str], needed: Iterable[str]) -> list[str]:
    """The scopes of `needed` that nothing in `granted` covers, in order."""
    granted = tuple(granted)
    return [n for n in needed if not has_scope(granted, n)]


def needed_scopes(app_id: str, action_type: str, declared: Iterable[str] = ()) -> list[str]:
    """What one call needs: `APP.ACTION_TYPE`, then the extension's declared scopes."""
    out = [f"{app_id}.{action_type}"]
    out.extend(s for s in declared if s not in out)
    return out


def declared_scopes(manifest: Any) -> tuple[str, ...]:
    """The scopes an extension declares (its manifest's `required_scopes`), if any."""
    extras = getattr(manifest, "extras", None) or {}
    found = extras.get("required_scopes") or ()
    return tuple(s for s in found if isinstance(s, str))


def reserved(user_id: str) -> bool:
    """A name no client may act as: the system context's, and every `__...__` name."""
    return user_id.startswith("__")


def denial_text(profile: Profile, what: str, missing: list[str]) -> str:
    """The message of a refused call: who, in which role, lacks which scope(s)."""
    lacks = " and ".join(missing)
    plural = "scopes" if len(missing) > 1 else "scope"
    return (
        f"{what} needs {plural} {lacks}, which {profile.user_id} (role {profile.role}) does "
        "not hold; nothing ran."
    )


def _table(settings: Mapping[str, Any], name: str, where: Path | str) -> dict[str, Any]:
    table = settings.get(name, {})
    if not isinstance(table, dict):
        raise AuthzConfigError(f"[{name}] must be a table of [{name}.NAME] tables ({where})")
    return table


def _entry(body: Any, label: str, keys: tuple[str, ...], where: Path | str) -> dict[str, Any]:
    if not isinstance(body, dict):
        raise AuthzConfigError(f"[{label}] must be a table ({where})")
    unknown = sorted(set(body) - set(keys))
    if unknown:
        raise AuthzConfigError(
            f"[{label}] has unknown key(s) {', '.join(unknown)}; known: {', '.join(keys)} ({where})"
        )
    return body


def _check_name(name: str, what: str, where: Path | str) -> None:
    if reserved(name) or not _NAME.match(name):
        raise AuthzConfigError(
            f"{what} name {name!r} must start with a letter or digit and hold only letters,"
            f" digits, '_', '-', '.', '@' (at most 64) ({where})"
        )
