"""Extension: the registry an extension fills with decorators; the kernel reads it."""

from __future__ import annotations

import asyncio
import inspect
from dataclasses import dataclass, field
from typing import Any

ALLOWED_PANEL_SLOTS = frozenset({"center", "left", "right", "overlay", "bottom", "chat-sidebar"})
PANEL_SLOT_RENDERING_STATUS = {
    "left": "permanent",
    "right": "permanent",
    "center": "center-overlay",
    "overlay": "reserved",
    "bottom": "reserved",
    "chat-sidebar": "reserved",
}
SYNTHETIC_PREFIXES = ("__panel__", "__widget__", "__tray__", "__webhook__")
_SKELETON_FORBIDDEN = set("*?[]:/")


@dataclass
class ToolDef:
    name: str
    func: Any
    scopes: list[str] = field(default_factory=list)
    description: str = ""


@dataclass
class SignalDef:
    name: str
    func: Any


@dataclass
class ScheduleDef:
    name: str
    func: Any
    cron: str


@dataclass
class LifecycleHook:
    name: str
    func: Any
    version: str = ""


@dataclass
class HealthCheckDef:
    func: Any


@dataclass
class WebhookDef:
    path: str
    func: Any
    method: str = "POST"
    secret_header: str = ""

    def to_manifest(self) -> dict:
        return {"path": self.path, "method": self.method, "secret_header": self.secret_header}


@dataclass
class EventHandlerDef:
    event_type: str
    func: Any

    def to_manifest(self) -> dict:
        return {"type": self.event_type, "handler": self.func.__name__}


@dataclass
class EmitsDef:
    event_type: str
    schema_ref: str | None = None

    def to_manifest(self) -> dict:
        out = {"type": self.event_type}
        if self.schema_ref is not None:
            out["schema_ref"] = self.schema_ref
        return out


@dataclass
class ExposedMethod:
    name: str
    func: Any
    action_type: str = "read"

    def to_manifest(self) -> dict:
        return {"name": self.name, "action_type": self.action_type}


@dataclass
class TrayDef:
    tray_id: str
    func: Any
    icon: str = "Circle"
    tooltip: str = ""

    def to_manifest(self) -> dict:
        return {"tray_id": self.tray_id, "icon": self.icon, "tooltip": self.tooltip}


async def _maybe_await(func: Any, *args: Any, **kwargs: Any) -> Any:
    if inspect.iscoroutinefunction(func):
        return await func(*args, **kwargs)
    return await asyncio.to_thread(func, *args, **kwargs)


def _ui_wrapper(func: Any, key: str, value: str, **extra: Any):
    async def wrapper(ctx: Any, **kwargs: Any) -> Any:
        result = await _maybe_await(func, ctx, **kwargs)
        if hasattr(result, "to_dict"):
            return {"ui": result.to_dict(), key: value, **extra}
        return result

    wrapper.__name__ = getattr(func, "__name__", "wrapper")
    wrapper.__wrapped__ = func
    return wrapper


class Extension:
    def __init__(
        self,
        app_id: str,
        version: str = "0.1.0",
        capabilities: list[str] | None = None,
        migrations_dir: str | None = None,
        config_defaults: dict | None = None,
        *,
        display_name: str = "",
        description: str = "",
        icon: str = "",
        actions_explicit: bool = True,
        system: bool = False,
    ):
        self.app_id = app_id
        self.version = version
        self.capabilities = list(capabilities or [])
        self.migrations_dir = migrations_dir
        self.config_defaults = dict(config_defaults or {})
        self.display_name = display_name
        self.description = description
        self.icon = icon
        self.actions_explicit = actions_explicit
        self.system = system
        self._tools: dict[str, ToolDef] = {}
        self._signals: dict[str, SignalDef] = {}
        self._schedules: dict[str, ScheduleDef] = {}
        self._lifecycle: dict[str, LifecycleHook] = {}
        self._health_check: HealthCheckDef | None = None
        self._webhooks: dict[str, WebhookDef] = {}
        self._event_handlers: list[EventHandlerDef] = []
        self._declared_emits: list[EmitsDef] = []
        self._exposed: dict[str, ExposedMethod] = {}
        self._panels: dict[str, dict] = {}
        self._tray: dict[str, TrayDef] = {}
        self._cache_models: dict[str, type] = {}
        self._secrets: dict[str, Any] = {}
        self._chat_extensions: dict[str, Any] = {}

    # read-only views -------------------------------------------------------
    tools = property(lambda self: self._tools)
    signals = property(lambda self: self._signals)
    schedules = property(lambda self: self._schedules)
    lifecycle = property(lambda self: self._lifecycle)
    webhooks = property(lambda self: self._webhooks)
    event_handlers = property(lambda self: self._event_handlers)
    declared_emits = property(lambda self: self._declared_emits)
    exposed = property(lambda self: self._exposed)
    tray_items = property(lambda self: self._tray)
    panels = property(lambda self: self._panels)
    secrets = property(lambda self: dict(self._secrets))

    # decorators --------------------------------------------------------------
    def tool(self, name: str, scopes: list[str] | None = None, description: str = ""):
        def decorator(func):
            self._tools[name] = ToolDef(
                name, func, list(scopes or []), description or func.__doc__ or ""
            )
            return func

        return decorator

    def signal(self, name: str):
        def decorator(func):
            self._signals[name] = SignalDef(name, func)
            return func

        return decorator

    def schedule(self, name: str, cron: str):
        def decorator(func):
            self._schedules[name] = ScheduleDef(name, func, cron)
            return func

        return decorator

    def skeleton(
        self, section_name: str, *, alert: bool = False, ttl: int = 300, description: str = ""
    ):
        if not isinstance(section_name, str) or not section_name:
            raise ValueError("skeleton section name must be a non-empty string")
        if _SKELETON_FORBIDDEN & set(section_name):
            raise ValueError(f"skeleton section name {section_name!r} may not contain * ? [ ] : /")

        def decorator(func):
            tool = ToolDef(
                f"skeleton_refresh_{section_name}",
                func,
                [],
                description or f"Skeleton refresh: {section_name}",
            )
            tool._skeleton = {
                "section_name": section_name,
                "alert_on_change": bool(alert),
                "ttl": int(ttl) or 300,
            }
            self._tools[tool.name] = tool
            return func

        return decorator

    def cache_model(self, name: str, model: type | None = None):
        """`@ext.cache_model("name")` on a class, or the call form `ext.cache_model("name", Cls)`."""

        def decorator(cls):
            from pydantic import BaseModel

            if not (isinstance(cls, type) and issubclass(cls, BaseModel)):
                raise TypeError("@ext.cache_model decorates pydantic BaseModel subclasses only")
            if name in self._cache_models:
                raise ValueError(f"cache model {name!r} is already registered")
            self._cache_models[name] = cls
            return cls

        return decorator if model is None else decorator(model)

    def secret(
        self,
        name: str,
        description: str,
        *,
        required: bool = False,
        write_mode: str = "user",
        max_bytes: int = 4096,
        rotation_hint_days: int | None = None,
    ):
        """Declare a per-user secret; the call itself registers it.

        Returns an identity decorator, so `ext.secret(...)` and `@ext.secret(...)` both work.
        `SecretSpec` checks raise ValueError; a second declaration of a name raises
        `SecretDeclarationConflict`. The first declaration also registers the synthetic
        "secrets" panel (slot right, title Secrets, icon KeyRound) unless one exists.
        """
        from sdk.secrets.exceptions import SecretDeclarationConflict
        from sdk.secrets.spec import SecretSpec

        spec = SecretSpec(
            name=name,
            description=description,
            required=required,
            write_mode=write_mode,
            max_bytes=max_bytes,
            rotation_hint_days=rotation_hint_days,
        )
        if name in self._secrets:
            raise SecretDeclarationConflict(
                f"secret {name!r} is already declared by extension {self.app_id!r}"
            )
        self._secrets[name] = spec

        if "secrets" not in self._panels:

            async def secrets_panel(ctx: Any, **kwargs: Any) -> Any:
                from sdk import ui

                client = getattr(ctx, "secrets", None)
                items = []
                for decl in self._secrets.values():
                    state, color = "unknown", "gray"
                    if client is not None:
                        try:
                            is_set = await client.is_set(decl.name)
                            state, color = ("set", "green") if is_set else ("not set", "yellow")
                        except Exception:
                            state, color = "unavailable", "red"
                    meta = "required" if decl.required else "optional"
                    items.append(
                        ui.ListItem(
                            id=decl.name,
                            title=decl.name,
                            subtitle=decl.description,
                            meta=f"{meta}, written by {decl.write_mode}",
                            badge=ui.Badge(label=state, color=color),
                        )
                    )
                return ui.Stack(
                    [
                        ui.Header(text="Secrets", level=3),
                        ui.Text(
                            content="Values are stored encrypted and are never shown here.",
                            variant="caption",
                        ),
                        ui.List(items=items),
                    ]
                )

            self.panel("secrets", slot="right", title="Secrets", icon="KeyRound")(secrets_panel)

        return lambda func: func

    def _hook(self, key: str, func: Any, version: str = "") -> Any:
        self._lifecycle[key] = LifecycleHook(key.split(":")[0], func, version)
        return func

    def on_install(self, func):
        return self._hook("on_install", func)

    def on_uninstall(self, func):
        return self._hook("on_uninstall", func)

    def on_enable(self, func):
        return self._hook("on_enable", func)

    def on_disable(self, func):
        return self._hook("on_disable", func)

    def on_upgrade(self, version: str):
        return lambda func: self._hook(f"on_upgrade:{version}", func, version)

    def health_check(self, func):
        self._health_check = HealthCheckDef(func)
        return func

    def webhook(self, path: str, method: str = "POST", secret_header: str = ""):
        bare = path.strip("/")

        def decorator(func):
            self._webhooks["/" + bare] = WebhookDef("/" + bare, func, method, secret_header)
            self._tools[f"__webhook__{bare}"] = ToolDef(
                f"__webhook__{bare}", func, [], f"Webhook handler for path: {path}"
            )
            return func

        return decorator

    def on_event(self, event_type: str):
        def decorator(func):
            self._event_handlers.append(EventHandlerDef(event_type, func))
            return func

        return decorator

    def emits(self, event_type: str, *, schema_ref: str | None = None) -> None:
        if "." not in event_type or not event_type.startswith(self.app_id + "."):
            raise ValueError(f"emitted event {event_type!r} must start with '{self.app_id}.'")
        self._declared_emits.append(EmitsDef(event_type, schema_ref))

    def expose(self, name: str, action_type: str = "read"):
        def decorator(func):
            self._exposed[name] = ExposedMethod(name, func, action_type)
            return func

        return decorator

    def tray(self, tray_id: str, icon: str = "Circle", tooltip: str = ""):
        def decorator(func):
            self._tray[tray_id] = TrayDef(tray_id, func, icon, tooltip)
            self._tools[f"__tray__{tray_id}"] = ToolDef(
                f"__tray__{tray_id}",
                _ui_wrapper(func, "tray_id", tray_id, icon=icon),
                [],
                f"Tray: {tooltip or tray_id}",
            )
            return func

        return decorator

    def panel(
        self,
        panel_id: str,
        slot: str = "center",
        title: str = "",
        icon: str = "",
        refresh: str = "manual",
        center_overlay: bool = False,
        **kwargs: Any,
    ):
        if slot not in ALLOWED_PANEL_SLOTS:
            raise ValueError(
                f"panel {panel_id!r}: slot {slot!r} is not one of {sorted(ALLOWED_PANEL_SLOTS)}"
            )

        def decorator(func):
            self._panels[panel_id] = {
                "slot": slot,
                "title": title,
                "icon": icon,
                "refresh": refresh,
                "center_overlay": center_overlay,
                **kwargs,
            }
            self._tools[f"__panel__{panel_id}"] = ToolDef(
                f"__panel__{panel_id}",
                _ui_wrapper(func, "panel_id", panel_id),
                [],
                f"Panel: {title or panel_id}",
            )
            return func

        return decorator

    def widget(
        self,
        widget_id: str,
        slot: str = "dashboard.stats",
        label: str = "",
        icon: str = "",
        **kwargs: Any,
    ):
        def decorator(func):
            self._tools[f"__widget__{widget_id}"] = ToolDef(
                f"__widget__{widget_id}",
                _ui_wrapper(func, "widget_id", widget_id),
                [],
                f"Widget: {label or widget_id}",
            )
            return func

        return decorator

    # helpers -----------------------------------------------------------------
    async def call_tool(self, name: str, ctx: Any, **kwargs: Any) -> Any:
        if name not in self._tools:
            raise ValueError(f"Unknown tool: {name}")
        return await _maybe_await(self._tools[name].func, ctx, **kwargs)

    async def call_signal(self, name: str, ctx: Any, **kwargs: Any) -> Any:
        if name not in self._signals:
            raise ValueError(f"Unknown signal: {name}")
        return await _maybe_await(self._signals[name].func, ctx, **kwargs)
