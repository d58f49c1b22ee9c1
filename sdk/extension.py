"""Extension: the registry an extension fills with decorators; the kernel reads it.

Handlers may be `async def` or plain `def`: a plain one is accepted when decorated and runs in a
worker thread (`asyncio.to_thread`) when called through `call_tool` / `call_signal` or a
synthetic ui tool (panel, widget, tray, menu item).
"""

from __future__ import annotations

import asyncio
import inspect
import re
from dataclasses import dataclass, field
from typing import Any

from sdk.search import SearchProviderDef
from sdk.types.contributions import (
    ALLOWED_MENU_SECTIONS,
    ALLOWED_PANEL_SLOTS,
    ALLOWED_TRAY_BADGE_STYLES,
    ALLOWED_TRAY_ICON_COLORS,
    ALLOWED_TRAY_ZONES,
    DEFAULT_TRAY_BADGE_STYLE,
    DEFAULT_TRAY_ICON_COLOR,
    PANEL_SLOT_RENDERING_STATUS,
    RESERVED_MENU_SECTIONS,
    normalize_tray_icon_color,
)

# Tools the decorators register for ui contributions; the catalog and manifest skip them.
SYNTHETIC_PREFIXES = ("__panel__", "__widget__", "__tray__", "__webhook__", "__menu__")
_SKELETON_FORBIDDEN = set("*?[]:/")
FILE_SINK_ARG_KINDS = ("text", "file_id", "bytes_ref")
_TOOL_NAME_RE = re.compile(r"^[a-z][a-z0-9_]{0,62}$")

__all__ = [
    "ALLOWED_MENU_SECTIONS",
    "ALLOWED_PANEL_SLOTS",
    "ALLOWED_TRAY_BADGE_STYLES",
    "ALLOWED_TRAY_ICON_COLORS",
    "ALLOWED_TRAY_ZONES",
    "DEFAULT_TRAY_BADGE_STYLE",
    "DEFAULT_TRAY_ICON_COLOR",
    "PANEL_SLOT_RENDERING_STATUS",
    "EmitsDef",
    "EventHandlerDef",
    "ExposedMethod",
    "Extension",
    "HealthCheckDef",
    "LifecycleHook",
    "MenuItemDef",
    "OAuthDef",
    "ScheduleDef",
    "SearchProviderDef",
    "SignalDef",
    "ToolDef",
    "TrayDef",
    "WebhookDef",
    "normalize_tray_icon_color",
]


@dataclass
class ToolDef:
    name: str
    func: Any
    scopes: list[str] = field(default_factory=list)
    description: str = ""
    inputs: list[Any] = field(default_factory=list)
    outputs: list[Any] = field(default_factory=list)


@dataclass
class SignalDef:
    name: str
    func: Any
    inputs: list[Any] = field(default_factory=list)
    outputs: list[Any] = field(default_factory=list)


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
    zone: str = "status"
    order: int = 100
    badge_style: str = DEFAULT_TRAY_BADGE_STYLE
    icon_color: str = DEFAULT_TRAY_ICON_COLOR

    def to_manifest(self) -> dict:
        out = {
            "tray_id": self.tray_id,
            "icon": self.icon,
            "tooltip": self.tooltip,
            "zone": self.zone,
            "order": self.order,
        }
        # 5.11 has neither key; they appear once set to something other than the default.
        if self.badge_style != DEFAULT_TRAY_BADGE_STYLE:
            out["badge_style"] = self.badge_style
        if self.icon_color != DEFAULT_TRAY_ICON_COLOR:
            out["icon_color"] = self.icon_color
        return out


@dataclass
class MenuItemDef:
    item_id: str
    func: Any
    label: str = ""
    icon: str = ""
    section: str = "main"
    path: str = ""
    order: int = 100
    danger: bool = False

    def to_manifest(self) -> dict:
        return {
            "item_id": self.item_id,
            "label": self.label or self.item_id,
            "icon": self.icon,
            "section": self.section,
            "path": self.path,
            "order": self.order,
            "danger": self.danger,
        }


@dataclass
class OAuthDef:
    provider: str
    collection: str | None = None
    scopes: list[str] | None = None
    has_hook: bool = False

    def to_manifest(self) -> dict:
        return {
            "provider": self.provider,
            "collection": self.collection,
            "scopes": list(self.scopes or []),
            "has_hook": self.has_hook,
        }


def _file_sink_model() -> type:
    """`manifest_schema.FileSink` (the manifest's own entry model) once it exists there."""
    from sdk import manifest_schema

    found = getattr(manifest_schema, "FileSink", None)
    return found if found is not None else _FallbackFileSink()


def _FallbackFileSink() -> type:  # noqa: N802 - returns a class
    from typing import Literal

    from pydantic import BaseModel, ConfigDict, Field

    class FileSink(BaseModel):
        model_config = ConfigDict(extra="forbid")
        tool: str = Field(pattern=_TOOL_NAME_RE.pattern)
        accepts: list[str] = Field(min_length=1)
        arg: str = Field(min_length=1)
        arg_kind: Literal["text", "file_id", "bytes_ref"] = "text"
        description: str = ""

    return FileSink


async def _maybe_await(func: Any, *args: Any, **kwargs: Any) -> Any:
    """Await an async handler; run a plain one in a worker thread (and await what it returns,
    should a sync wrapper hand back a coroutine)."""
    if inspect.iscoroutinefunction(func):
        return await func(*args, **kwargs)
    result = await asyncio.to_thread(func, *args, **kwargs)
    if inspect.isawaitable(result):
        result = await result
    return result


def _ui_wrapper(func: Any, key: str, value: str, **extra: Any):
    async def wrapper(ctx: Any, **kwargs: Any) -> Any:
        result = await _maybe_await(func, ctx, **kwargs)
        if hasattr(result, "to_dict"):
            return {"ui": result.to_dict(), key: value, **extra}
        return result

    wrapper.__name__ = getattr(func, "__name__", "wrapper")
    wrapper.__wrapped__ = func
    return wrapper


_PANEL_CACHE_KEYS = ("stale_while_revalidate", "cache_ttl")


def _documented_panel(
    self,
    panel_id: str,
    slot: str = "center",
    title: str = "",
    icon: str = "",
    refresh: str = "manual",
    center_overlay: bool = False,
    stale_while_revalidate: bool = True,
    cache_ttl: int = 60,
    **kwargs: Any,
):
    """The signature `Extension.panel` reports (6.x); the real one records only what is given."""


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
        self._menu_items: dict[str, MenuItemDef] = {}
        self._oauth_providers: dict[str, OAuthDef] = {}
        self._search_providers: dict[str, SearchProviderDef] = {}
        self._file_sinks: list[Any] = []
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
    menu_items = property(lambda self: self._menu_items)
    oauth_providers = property(lambda self: self._oauth_providers)
    file_sinks = property(lambda self: list(self._file_sinks))

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

    def cache_model(self, name: str):
        """`@ext.cache_model("name")` on a pydantic model class (or `ext.cache_model("n")(Cls)`)."""

        def decorator(cls):
            from pydantic import BaseModel

            if not (isinstance(cls, type) and issubclass(cls, BaseModel)):
                what = f"class {cls.__name__}" if isinstance(cls, type) else repr(cls)
                raise TypeError(
                    f"@ext.cache_model({name!r}) on {what}: only pydantic BaseModel "
                    "subclasses can be cache models"
                )
            if name in self._cache_models:
                raise ValueError(f"cache model {name!r} is already registered")
            self._cache_models[name] = cls
            return cls

        return decorator

    def secret(
        self,
        name: str,
        description: str,
        *,
        required: bool = False,
        write_mode: str = "user",
        max_bytes: int = 4096,
        rotation_hint_days: int | None = None,
        scope: str = "user",
        env_fallback: str | None = None,
    ):
        """Declare a secret; the call itself registers it.

        `scope="user"` (each user sets their own) or `"app"` (one value for the extension);
        only an app secret may name an `env_fallback` variable, which must be named
        `IMPERAL_APPSECRET_<APP>_<NAME>` (SecretSpec checks both).
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
            scope=scope,
            env_fallback=env_fallback,
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

    def emits(self, event_type: str, *, schema_ref: str | None = None):
        """Declare an event this extension emits (`<app_id>.<name>`).

        A decorator: each decorated function adds one declaration (5.11 keeps repeats), and
        the function comes back unchanged. A plain call only checks the name and declares
        nothing, as in 5.11.
        """
        if not isinstance(event_type, str) or "." not in event_type:
            raise ValueError(f"@ext.emits: {event_type!r} is not a dotted event type")
        if not event_type.startswith(self.app_id + "."):
            raise ValueError(
                f"@ext.emits: {event_type!r} must start with '{self.app_id}.' "
                "(an extension emits only in its own namespace)"
            )

        def decorator(func):
            self._declared_emits.append(EmitsDef(event_type, schema_ref))
            return func

        return decorator

    def expose(self, name: str, action_type: str = "read"):
        def decorator(func):
            self._exposed[name] = ExposedMethod(name, func, action_type)
            return func

        return decorator

    def tray(
        self,
        tray_id: str,
        icon: str = "Circle",
        tooltip: str = "",
        zone: str = "status",
        order: int = 100,
        badge_style: str = "corner",
        icon_color: str = "default",
    ):
        where = f"@ext.tray({tray_id!r}"
        _check_choice(f"{where}, zone={zone!r})", "zone", zone, ALLOWED_TRAY_ZONES)
        _check_choice(
            f"{where}, badge_style={badge_style!r})", "badge style", badge_style,
            ALLOWED_TRAY_BADGE_STYLES,
        )  # fmt: skip
        _check_choice(
            f"{where}, icon_color={icon_color!r})", "colour name", icon_color,
            ALLOWED_TRAY_ICON_COLORS,
        )  # fmt: skip
        color = normalize_tray_icon_color(icon_color)

        def decorator(func):
            tray = TrayDef(tray_id, func, icon, tooltip, zone, order, badge_style, color)
            self._tray[tray_id] = tray
            # The envelope carries the style keys only where the manifest entry does.
            styled = tray.to_manifest()
            extra = {"icon": icon, "zone": zone}
            extra.update((k, styled[k]) for k in ("badge_style", "icon_color") if k in styled)
            self._tools[f"__tray__{tray_id}"] = ToolDef(
                f"__tray__{tray_id}",
                _ui_wrapper(func, "tray_id", tray_id, **extra),
                [],
                f"Tray: {tooltip or tray_id}",
            )
            return func

        return decorator

    def menu_item(
        self,
        item_id: str,
        label: str = "",
        icon: str = "",
        section: str = "main",
        path: str = "",
        order: int = 100,
        danger: bool = False,
    ):
        """A sidebar menu entry; the decorated handler renders what opens when it is chosen."""
        where = f"@ext.menu_item({item_id!r}, section={section!r})"
        _check_choice(where, "section", section, ALLOWED_MENU_SECTIONS)
        if section in RESERVED_MENU_SECTIONS:
            raise ValueError(
                f"{where}: the platform draws the {section!r} section itself; "
                "use 'main' (or 'admin' for administrators)"
            )

        def decorator(func):
            self._menu_items[item_id] = MenuItemDef(
                item_id, func, label, icon, section, path, order, danger
            )
            self._tools[f"__menu__{item_id}"] = ToolDef(
                f"__menu__{item_id}",
                _ui_wrapper(func, "item_id", item_id),
                [],
                f"Menu item: {label or item_id}",
            )
            return func

        return decorator

    def oauth(
        self, provider: str, *, collection: str | None = None, scopes: list[str] | None = None
    ) -> None:
        """Declare an OAuth provider this extension connects to (a plain call, not a decorator).

        A second declaration of the same provider replaces the first. Start the flow with
        `await ctx.oauth_authorize_url(provider)`; keep tokens fresh with `oauth_tokens`.
        """
        if not isinstance(provider, str) or not provider.strip():
            raise ValueError(f"ext.oauth: provider must be a non-empty string, not {provider!r}")
        if collection is not None and not isinstance(collection, str):
            raise ValueError(f"ext.oauth({provider!r}): collection must be a string or None")
        if isinstance(scopes, str) or not all(isinstance(x, str) for x in scopes or []):
            raise ValueError(f"ext.oauth({provider!r}): scopes must be a list of strings")
        self._oauth_providers[provider] = OAuthDef(provider, collection, list(scopes or []))

    def file_sink(
        self,
        tool: str,
        *,
        accepts: list[str],
        arg: str,
        arg_kind: str = "text",
        description: str = "",
    ) -> None:
        """Declare that files of the `accepts` types (MIME types or extensions) may be dropped
        on `tool`, which receives the file in its `arg` parameter as `arg_kind` ("text",
        "file_id" or "bytes_ref"). A plain call; one declaration per tool."""
        model = _file_sink_model()
        sink = model(
            tool=tool, accepts=accepts, arg=arg, arg_kind=arg_kind, description=description
        )
        if any(existing.tool == tool for existing in self._file_sinks):
            raise ValueError(f"ext.file_sink: tool {tool!r} is declared twice in {self.app_id!r}")
        self._file_sinks.append(sink)

    def search_provider(self, entity_type: str, description: str = ""):
        """[6.x] Register a handler that answers global search for `entity_type`."""
        if not isinstance(entity_type, str):
            raise ValueError("@ext.search_provider: entity_type must be a string")

        def decorator(func):
            self._search_providers[entity_type] = SearchProviderDef(
                entity_type, func, description or f"Search provider for {entity_type}"
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
        *more: Any,
        **kwargs: Any,
    ):
        """A panel; extra keywords (`hidden_in_sidebar=`, `default_width=`, ...) pass through
        to the manifest entry.

        `stale_while_revalidate` (default True) and `cache_ttl` (default 60) reach the entry
        only when given, as 5.11 records them; the platform applies the defaults otherwise.
        """
        if len(more) > len(_PANEL_CACHE_KEYS):
            raise TypeError(
                f"@ext.panel({panel_id!r}): takes at most 8 positional arguments after self"
            )
        if slot not in ALLOWED_PANEL_SLOTS:
            raise ValueError(
                f"@ext.panel({panel_id!r}, slot={slot!r}): slot must be one of "
                f"{sorted(ALLOWED_PANEL_SLOTS)} ('main' is now 'center')"
            )
        given = dict(zip(_PANEL_CACHE_KEYS, more, strict=False))
        for key in given:
            if key in kwargs:
                raise TypeError(f"@ext.panel({panel_id!r}): {key} given twice")

        def decorator(func):
            self._panels[panel_id] = {
                "slot": slot,
                "title": title,
                "icon": icon,
                "refresh": refresh,
                "center_overlay": center_overlay,
                **given,
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

    panel.__signature__ = inspect.signature(_documented_panel)  # type: ignore[attr-defined]

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


def _check_choice(where: str, what: str, value: Any, allowed: frozenset) -> None:
    if value not in allowed:
        raise ValueError(f"{where}: unknown {what}; use one of {sorted(allowed)}")
