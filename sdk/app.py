"""[6.x] `App`: an `Extension` with a display name, a category and self-describing tools.

`@app.tool()` registers a tool named after the function (or `name=`), described by `description`
or the docstring, with the scope `<app_id>:<name>` unless `scopes=` says otherwise; its JSON
parameter schema comes from the signature. `app.to_manifest()` is the App's own manifest form
(`generate_manifest(app)` still gives the extension manifest).
"""

from __future__ import annotations

import inspect
from typing import Any

from sdk.auto_ui import project_to_declarative_ir
from sdk.context import Context
from sdk.extension import Extension, ToolDef
from sdk.types.identity import TenantContext, UserContext

DEFAULT_APP_ICON = (
    '<svg viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" '
    'stroke-linecap="round" stroke-linejoin="round" class="lucide lucide-atom">'
    '<circle cx="12" cy="12" r="1.5"/><ellipse cx="12" cy="12" rx="10" ry="4"/>'
    '<ellipse cx="12" cy="12" rx="10" ry="4" transform="rotate(60 12 12)"/>'
    '<ellipse cx="12" cy="12" rx="10" ry="4" transform="rotate(120 12 12)"/></svg>'
)
DEFAULT_QUANTUM_ICON = DEFAULT_APP_ICON
MANIFEST_VERSION = "1.0.0"
_JSON_TYPES = {int: "integer", float: "number", bool: "boolean", list: "array", dict: "object"}

__all__ = [
    "DEFAULT_APP_ICON",
    "DEFAULT_QUANTUM_ICON",
    "App",
    "Context",
    "Extension",
    "TenantContext",
    "ToolDef",
    "UserContext",
    "create_ambient_context",
    "project_to_declarative_ir",
]


def _param_schema(func: Any) -> dict[str, Any]:
    props: dict[str, Any] = {}
    required: list[str] = []
    for name, param in inspect.signature(func).parameters.items():
        if name in ("ctx", "self") or param.kind in (param.VAR_POSITIONAL, param.VAR_KEYWORD):
            continue
        json_type = _JSON_TYPES.get(param.annotation, "string")
        entry: dict[str, Any] = {"type": json_type, "description": f"Argument {name}"}
        if json_type == "array":
            entry["items"] = {"type": "string"}
        if param.default is inspect.Parameter.empty:
            required.append(name)
        else:
            entry["default"] = param.default
        props[name] = entry
    schema: dict[str, Any] = {"type": "object", "properties": props}
    if required:
        schema["required"] = required
    return schema


class App(Extension):
    def __init__(
        self,
        app_id: str,
        name: str = "",
        description: str = "",
        category: str = "general",
        icon: str = "",
        version: str = "1.0.0",
        system: bool = False,
        **kwargs: Any,
    ):
        display = name or app_id.replace("-", " ").replace("_", " ").title()
        super().__init__(
            app_id,
            version,
            display_name=display,
            description=description or f"{display} app",
            icon=icon or DEFAULT_APP_ICON,
            system=system,
            **kwargs,
        )
        self.category = category
        self._tool_handlers: dict[str, Any] = {}
        self._tool_schemas: dict[str, dict[str, Any]] = {}

    def tool(  # type: ignore[override]
        self,
        name: str | None = None,
        description: str | None = None,
        pricing: int = 1,
        destructive: bool = False,
        scopes: list[str] | None = None,
        chain_callable: bool = True,
    ):
        def decorator(func: Any) -> Any:
            tool_name = name or func.__name__
            text = description or inspect.getdoc(func) or ""
            tool_scopes = list(scopes) if scopes else [f"{self.app_id}:{tool_name}"]
            self._tools[tool_name] = ToolDef(tool_name, func, tool_scopes, text)
            self._tool_handlers[tool_name] = func
            self._tool_schemas[tool_name] = {
                "name": tool_name,
                "description": text,
                "parameters": _param_schema(func),
                "pricing": pricing,
                "action_type": "destructive" if destructive else "write",
                "destructive": destructive,
                "chain_callable": chain_callable,
                "scopes": tool_scopes,
            }
            return func

        return decorator

    def to_manifest(self) -> dict[str, Any]:
        tools = list(self._tool_schemas.values())
        scopes = sorted({s for t in tools for s in t["scopes"]})
        return {
            "manifest_version": MANIFEST_VERSION,
            "app_id": self.app_id,
            "name": self.display_name,
            "version": self.version,
            "description": self.description,
            "category": self.category,
            "icon": self.icon,
            "entrypoint": "app:app",
            "tools": tools,
            "permissions": {"scopes": scopes},
            "system": self.system,
        }


def create_ambient_context(user_id: str = "ambient_user") -> Context:
    """A Context for code that runs outside any user request (an admin identity, no clients)."""
    return Context(
        user=UserContext(
            imperal_id=user_id,
            email=f"{user_id}@ambient.local",
            tenant_id="ambient_tenant",
            role="admin",
            scopes=[],
        ),
        tenant=TenantContext(tenant_id="ambient_tenant", name="ambient"),
    )
