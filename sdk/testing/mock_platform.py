"""[6.x] In-memory stand-ins for `ctx.conversations`, `ctx.users`, `ctx.apps` and `ctx.rbac`.

Same method names and signatures as the clients (`sdk.conversations.client` etc.); state lives in
plain attributes tests read and seed: `MockConversations._conversations` / `._messages`,
`MockUsers._users` / `._settings`, `MockApps._apps` / `._settings`, `MockRBACClient._roles` /
`._scopes` / `._grants`. An unknown id raises `NotFoundError`.
"""

from __future__ import annotations

import copy
import uuid
from typing import Any

from sdk.errors import NotFoundError

__all__ = ["MockApps", "MockConversations", "MockRBACClient", "MockUsers"]


def _new_id(prefix: str) -> str:
    return f"{prefix}_{uuid.uuid4().hex[:8]}"


def _need(table: dict[str, Any], key: str, what: str) -> dict[str, Any]:
    if key not in table:
        raise NotFoundError(what, key)
    return table[key]


class _PerUser:
    def __init__(self, user_id: str = "test_user"):
        self._user_id = user_id

    @property
    def user_id(self) -> str:
        return self._user_id

    def for_user(self, user_id: str):
        """A view of the same data acting for `user_id`."""
        clone = copy.copy(self)
        clone._user_id = user_id
        return clone


class MockConversations(_PerUser):
    def __init__(self, user_id: str = "test_user"):
        super().__init__(user_id)
        self._conversations: dict[str, dict[str, Any]] = {}
        self._messages: dict[str, list[dict[str, Any]]] = {}
        self.active: str | None = None

    async def list(self, *, limit: int = 50, include_archived: bool = False) -> list[dict]:
        rows = [
            c
            for c in self._conversations.values()
            if c["user_id"] == self._user_id and (include_archived or not c["archived"])
        ]
        return copy.deepcopy(rows[:limit])

    async def create(self, *, title: str = "") -> dict[str, Any]:
        conv = {"id": _new_id("conv"), "title": title, "pinned": False, "archived": False,
                "user_id": self._user_id}  # fmt: skip
        self._conversations[conv["id"]] = conv
        self._messages[conv["id"]] = []
        return dict(conv)

    async def update(
        self,
        conversation_id: str,
        *,
        title: str | None = None,
        pinned: bool | None = None,
        archived: bool | None = None,
    ) -> dict[str, Any]:
        conv = _need(self._conversations, conversation_id, "conversation")
        for key, value in (("title", title), ("pinned", pinned), ("archived", archived)):
            if value is not None:
                conv[key] = value
        return dict(conv)

    async def delete(self, conversation_id: str) -> bool:
        _need(self._conversations, conversation_id, "conversation")
        del self._conversations[conversation_id]
        self._messages.pop(conversation_id, None)
        return True

    async def activate(self, conversation_id: str) -> dict[str, Any]:
        conv = _need(self._conversations, conversation_id, "conversation")
        self.active = conversation_id
        return dict(conv)

    async def messages(self, conversation_id: str, *, limit: int = 50) -> list[dict[str, Any]]:
        _need(self._conversations, conversation_id, "conversation")
        return copy.deepcopy(self._messages.get(conversation_id, [])[-limit:])


class MockUsers(_PerUser):
    def __init__(self, user_id: str = "test_user", email: str = "test@test.com"):
        super().__init__(user_id)
        self._users: dict[str, dict[str, Any]] = {
            user_id: {"imperal_id": user_id, "email": email, "is_active": True}
        }
        self._settings: dict[str, dict[str, Any]] = {}
        self._extensions: dict[str, list[str]] = {}
        self.resets: list[str] = []

    async def list(self, *, search: str = "", include_inactive: bool = False) -> list[dict]:
        needle = search.casefold()
        return [
            dict(u)
            for u in self._users.values()
            if (include_inactive or u.get("is_active", True))
            and (not needle or any(needle in str(v).casefold() for v in u.values()))
        ]

    async def get(self, user_id: str) -> dict[str, Any]:
        return dict(_need(self._users, user_id, "user"))

    async def create(self, **fields: Any) -> dict[str, Any]:
        user = {"is_active": True, **fields}
        user.setdefault("imperal_id", _new_id("user"))
        self._users[user["imperal_id"]] = user
        return dict(user)

    async def update(self, user_id: str, **fields: Any) -> dict[str, Any]:
        user = _need(self._users, user_id, "user")
        user.update(fields)
        return dict(user)

    async def delete(self, user_id: str, *, permanent: bool = False) -> bool:
        user = _need(self._users, user_id, "user")
        if permanent:
            del self._users[user_id]
        else:
            user["is_active"] = False
        return True

    async def set_active(self, user_id: str, active: bool) -> dict[str, Any]:
        return await self.update(user_id, is_active=bool(active))

    async def get_settings(self, user_id: str, *, tenant_id: str = "") -> dict[str, Any]:
        _need(self._users, user_id, "user")
        return copy.deepcopy(self._settings.get(user_id, {}))

    async def update_settings(self, user_id: str, patch: dict[str, Any]) -> dict[str, Any]:
        _need(self._users, user_id, "user")
        self._settings.setdefault(user_id, {}).update(patch or {})
        return copy.deepcopy(self._settings[user_id])

    async def extensions(self, user_id: str) -> list[str]:
        _need(self._users, user_id, "user")
        return list(self._extensions.get(user_id, []))

    async def surfaces(self, user_id: str) -> list[str]:
        _need(self._users, user_id, "user")
        return ["panel"]

    async def reset_conversation(self, user_id: str) -> bool:
        _need(self._users, user_id, "user")
        self.resets.append(user_id)
        return True


class MockApps(_PerUser):
    def __init__(self, user_id: str = "test_user"):
        super().__init__(user_id)
        self._apps: dict[str, dict[str, Any]] = {}
        self._settings: dict[str, dict[str, Any]] = {}
        self._users: dict[str, list[str]] = {}

    def add(self, app_id: str, status: str = "active", **fields: Any) -> None:
        """Seed an installed app (test helper)."""
        self._apps[app_id] = {"app_id": app_id, "status": status, **fields}

    async def list_all(self) -> list[dict[str, Any]]:
        return [dict(a) for a in self._apps.values()]

    async def list_pending(self) -> list[dict[str, Any]]:
        return [dict(a) for a in self._apps.values() if a["status"] == "pending"]

    async def approve(self, app_id: str) -> dict[str, Any]:
        return await self.set_status(app_id, "active")

    async def reject(self, app_id: str, reason: str) -> dict[str, Any]:
        app = _need(self._apps, app_id, "app")
        app.update(status="rejected", reason=reason)
        return dict(app)

    async def remove(self, app_id: str) -> bool:
        _need(self._apps, app_id, "app")
        del self._apps[app_id]
        return True

    async def set_status(self, app_id: str, status: str) -> dict[str, Any]:
        app = _need(self._apps, app_id, "app")
        app["status"] = status
        return dict(app)

    async def get_settings(self, app_id: str) -> dict[str, Any]:
        _need(self._apps, app_id, "app")
        return copy.deepcopy(self._settings.get(app_id, {}))

    async def update_settings(
        self,
        app_id: str,
        patch: dict[str, Any],
        *,
        updated_by: str | None = None,
        replace_paths: list[str] | None = None,
    ) -> dict[str, Any]:
        _need(self._apps, app_id, "app")
        settings = self._settings.setdefault(app_id, {})
        for path in replace_paths or []:
            settings.pop(path, None)
        settings.update(patch or {})
        return copy.deepcopy(settings)

    async def users(self, app_id: str) -> list[str]:
        _need(self._apps, app_id, "app")
        return list(self._users.get(app_id, []))


class MockRBACClient(_PerUser):
    """Roles (`_roles`), scopes (`_scopes`) and which roles a user holds (`_grants`)."""

    def __init__(self, user_id: str = "test_user", scopes: list[str] | None = None):
        super().__init__(user_id)
        self._roles: dict[str, dict[str, Any]] = {}
        self._scopes: dict[str, dict[str, Any]] = {}
        self._grants: dict[str, list[str]] = {user_id: []}
        self._user_scopes: dict[str, list[str]] = {user_id: list(scopes or ["*"])}

    async def list_roles(self) -> list[dict[str, Any]]:
        return [dict(r) for r in self._roles.values()]

    async def create_role(self, **fields: Any) -> dict[str, Any]:
        role = {"scopes": [], **fields}
        role.setdefault("id", _new_id("role"))
        self._roles[role["id"]] = role
        return dict(role)

    async def update_role(self, role_id: str, *, cascade: bool = False, **fields: Any) -> dict:
        role = _need(self._roles, role_id, "role")
        role.update(fields)
        return dict(role)

    async def delete_role(self, role_id: str) -> bool:
        _need(self._roles, role_id, "role")
        del self._roles[role_id]
        return True

    async def list_scopes(self, *, resource: str = "") -> list[dict[str, Any]]:
        return [
            dict(s) for s in self._scopes.values() if not resource or s.get("resource") == resource
        ]

    async def create_scope(self, **fields: Any) -> dict[str, Any]:
        scope = dict(fields)
        scope.setdefault("id", _new_id("scope"))
        self._scopes[scope["id"]] = scope
        return dict(scope)

    async def delete_scope(self, scope_id: str) -> bool:
        _need(self._scopes, scope_id, "scope")
        del self._scopes[scope_id]
        return True

    async def effective_scopes(self, user_id: str) -> list[str]:
        """The user's own scopes plus those of every role granted to them."""
        out = list(self._user_scopes.get(user_id, []))
        for role_id in self._grants.get(user_id, []):
            for scope in self._roles.get(role_id, {}).get("scopes", []):
                if scope not in out:
                    out.append(scope)
        return out
