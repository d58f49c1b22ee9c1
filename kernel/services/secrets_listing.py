"""Which secrets a user sees and where each one lives: shared by `imperal-shell secrets` and
the TUI's secrets screen (no values here, ever).

A row is {app, user, name, set, declared, required, scope}: every secret an installed extension
declares (set or not, for this user), every stored one of this user or of the tenant's apps,
and the shell's own (`app` = "imperal-shell": its LLM API keys), minus the kernel's signing
keys, which nobody manages by hand."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

SHELL_APP = "imperal-shell"  # the kernel's own secrets (kernel.llm.keys.OWNER)


def internal_names() -> frozenset[str]:
    """The kernel's own entries: listed nowhere, set and deleted by nobody but the kernel."""
    from kernel.anchor import KEY_NAME
    from kernel.tokens import KEY_NAME as TOKEN_KEY_NAME

    return frozenset({KEY_NAME, TOKEN_KEY_NAME})


def location(
    spec: dict[str, Any], tenant: str, user: str, app_id: str
) -> tuple[str, str, str, str]:
    """(tenant, user, app, name) of a declared secret: `scope="app"` has no user."""
    owner = "" if spec.get("scope") == "app" else user
    return (tenant, owner, app_id, str(spec.get("name")))


def shell_location(name: str) -> tuple[str, str, str, str]:
    return ("", "", SHELL_APP, name)


def rows(
    stored: Iterable[tuple[str, str, str, str]],
    extensions: Iterable[Any],
    *,
    user: str,
    tenant: str,
    app: str | None = None,
) -> list[dict[str, Any]]:
    """The rows `user` (of `tenant`) sees, sorted by app, name, user; `app` narrows them."""
    hidden = internal_names()
    found: dict[tuple[str, str, str], dict[str, Any]] = {}
    for t, u, a, name in stored:
        if app not in (None, a):
            continue
        if a == SHELL_APP:
            if name in hidden:
                continue
        elif t != tenant or u not in ("", user):
            continue
        found[(a, u, name)] = {
            "app": a, "user": u, "name": name, "set": True, "declared": a == SHELL_APP,
            "required": False, "scope": "app" if not u else "user",
        }  # fmt: skip
    if app in (None, SHELL_APP):  # the shell's own API keys: always offered, set or not
        from kernel.llm.keys import NAMES

        for name in NAMES:
            row = found.setdefault(
                (SHELL_APP, "", name),
                {"app": SHELL_APP, "user": "", "name": name, "set": False, "scope": "app"},
            )
            row.update(declared=True, required=False, description="API key of the LLM provider")
    for info in extensions:
        if app not in (None, info.app_id):
            continue
        for spec in info.secrets:
            _t, owner, a, name = location(spec, tenant, user, info.app_id)
            row = found.setdefault(
                (a, owner, name),
                {"app": a, "user": owner, "name": name, "set": False},
            )
            row.update(
                declared=True,
                required=bool(spec.get("required")),
                scope=spec.get("scope", "user"),
                description=str(spec.get("description", "")),
                write_mode=spec.get("write_mode", "user"),
            )
    return sorted(found.values(), key=lambda r: (r["app"], r["name"], r["user"]))
