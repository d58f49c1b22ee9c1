"""`generate_manifest(ext)` / `save_manifest(ext, path)`: the extension's `imperal.json`
(manifest schema v3), and `build_path(path)` for `imperal-shell build PATH`.

`MANIFEST_SCHEMA` and the manifest models (`Manifest`, `Tool`, ...) are those of
`sdk.manifest_schema`, imported on first use.
"""

from __future__ import annotations

import inspect
import json
import os
from pathlib import Path
from typing import Any

MANIFEST_SCHEMA_VERSION = 3
LIFECYCLE_FLAGS = ("on_install", "on_uninstall", "on_enable", "on_disable")
HEALTH_CHECK_INTERVAL_SEC = 60
# [5.0.1] Fields an author may edit in imperal.json that survive a rebuild.
DISK_OVERRIDES = (
    "name",
    "description",
    "author",
    "license",
    "homepage",
    "icon",
    "category",
    "tags",
    "marketplace",
    "pricing",
    "hidden_in_sidebar",
)
# Keys the generator writes; a rebuild replaces whatever the file on disk had for them.
GENERATOR_OWNED_FIELDS = frozenset(
    {
        "manifest_schema_version",
        "sdk_version",
        "app_id",
        "version",
        "actions_explicit",
        "system",
        "capabilities",
        "tools",
        "signals",
        "schedules",
        "required_scopes",
        "icon_size_bytes",
        "webhooks",
        "oauth",
        "events",
        "exposed",
        "lifecycle",
        "lifecycle_hooks",
        "tray",
        "menu",
        "migrations_dir",
        "config_defaults",
        "secrets",
        "file_sinks",
        "search_providers",
        "panels",
    }
)
_FROM_SCHEMA = (
    "Manifest",
    "Schedule",
    "Signal",
    "Tool",
    "ToolParam",
    "get_schema",
    "validate_manifest_dict",
)


def __getattr__(name: str) -> Any:
    """`MANIFEST_SCHEMA`, the schema models and `Extension` resolve on first use (PEP 562)."""
    if name == "MANIFEST_SCHEMA":
        from sdk.manifest_schema import get_schema

        value = get_schema()
    elif name in _FROM_SCHEMA:
        from sdk import manifest_schema

        value = getattr(manifest_schema, name)
    elif name == "Extension":
        from sdk.extension import Extension as value
    else:
        raise AttributeError(f"module 'sdk.manifest' has no attribute {name!r}")
    globals()[name] = value
    return value


def disk_preserved_fields() -> frozenset[str]:
    """Keys an author may edit in imperal.json that survive a rebuild (`save_manifest`)."""
    return frozenset(DISK_OVERRIDES)


_TYPE_NAMES = {
    str: "string",
    int: "integer",
    float: "number",
    bool: "boolean",
    list: "array",
    dict: "object",
}


def _is_synthetic(name: str) -> bool:
    from sdk.extension import SYNTHETIC_PREFIXES

    return name.startswith(SYNTHETIC_PREFIXES)


def _param_type(annotation: Any) -> str:
    # String annotations (PEP 563) and anything unmapped are "string", as the SDK does.
    try:
        return _TYPE_NAMES.get(annotation, "string")
    except TypeError:  # unhashable annotation
        return "string"


def _tool_parameters(func: Any) -> dict[str, dict[str, Any]]:
    try:
        sig = inspect.signature(func)
    except (TypeError, ValueError):
        return {}
    out: dict[str, dict[str, Any]] = {}
    for name, param in sig.parameters.items():
        if name == "ctx":
            continue
        # A **kwargs parameter appears as {"type": "string", "required": true} (SDK quirk).
        out[name] = {
            "type": _param_type(param.annotation),
            "required": param.default is inspect.Parameter.empty,
        }
    return out


def _tool_entry(tool: Any) -> dict[str, Any]:
    return {
        "name": tool.name,
        "description": tool.description or "",
        "scopes": list(tool.scopes or []),
        "parameters": _tool_parameters(tool.func),
    }


def _schema_of(model: Any) -> dict[str, Any]:
    if model is None:
        return {}
    try:
        return model.model_json_schema()
    except Exception:
        return {}


def _function_entry(owner: str, fd: Any) -> dict[str, Any]:
    return {
        "name": fd.name,
        "description": fd.description,
        "action_type": fd.action_type,
        "chain_callable": bool(fd.chain_callable),
        "effects": list(fd.effects or []),
        "id_projection": fd.id_projection or "",
        "params_schema": _schema_of(getattr(fd, "_pydantic_model", None)),
        "return_schema": _schema_of(getattr(fd, "_return_model", None)),
        "event": fd.event or "",
        "background": bool(fd.background),
        "long_running": bool(fd.long_running),
        "scopes": [],
        "owner_chat_tool": owner,
    }


def _icon_size(ext: Any, base_dir: str | os.PathLike | None) -> int | None:
    from sdk.validator import resolve_icon

    path = resolve_icon(ext, base_dir)
    return path.stat().st_size if path is not None else None


def _secret_entry(spec: Any) -> dict[str, Any]:
    if hasattr(spec, "to_manifest_dict"):
        return dict(spec.to_manifest_dict())
    if isinstance(spec, dict):
        return dict(spec)
    out = {
        "name": spec.name,
        "description": spec.description,
        "required": bool(getattr(spec, "required", False)),
        "write_mode": getattr(spec, "write_mode", "user"),
        "max_bytes": getattr(spec, "max_bytes", 4096),
    }
    if getattr(spec, "rotation_hint_days", None) is not None:
        out["rotation_hint_days"] = spec.rotation_hint_days
    return out


def _signature_text(func: Any) -> str:
    try:
        return str(inspect.signature(func))
    except (TypeError, ValueError):
        return "(...)"


def _panel_entry(panel_id: str, spec: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {
        "panel_id": panel_id,
        "slot": spec.get("slot", "center"),
        "title": spec.get("title", ""),
        "tree": {},
    }
    out.update((k, v) for k, v in spec.items() if k not in ("slot", "title"))
    return out


def _file_sink_entry(sink: Any) -> dict[str, Any]:
    return sink.model_dump() if hasattr(sink, "model_dump") else dict(sink)


def generate_manifest(ext: Any) -> dict[str, Any]:
    """The manifest dict for `ext`, keys in the SDK's emission order.

    A relative icon is looked for (for `icon_size_bytes`) in the CWD and beside the
    extension's source; `save_manifest` into a folder also looks in that folder.
    """
    return _generate(ext, None)


def _generate(ext: Any, base_dir: str | os.PathLike | None) -> dict[str, Any]:
    import sdk

    tools_registry = getattr(ext, "_tools", {}) or {}
    real_tools = [t for n, t in tools_registry.items() if not _is_synthetic(n)]
    tools: list[dict[str, Any]] = [_tool_entry(t) for t in real_tools]
    for owner, chat in (getattr(ext, "_chat_extensions", None) or {}).items():
        for fd in (getattr(chat, "_functions", None) or {}).values():
            tools.append(_function_entry(owner, fd))

    manifest: dict[str, Any] = {
        "manifest_schema_version": MANIFEST_SCHEMA_VERSION,
        "sdk_version": sdk.__version__,
        "app_id": ext.app_id,
        "version": ext.version,
        "name": getattr(ext, "display_name", "") or ext.app_id,
        "description": getattr(ext, "description", "") or "",
        "icon": getattr(ext, "icon", "") or "",
        "actions_explicit": getattr(ext, "actions_explicit", True),
        "system": bool(getattr(ext, "system", False)),
        "capabilities": list(getattr(ext, "capabilities", None) or []),
        "tools": tools,
        "signals": [{"name": s.name} for s in (getattr(ext, "_signals", {}) or {}).values()],
        "schedules": [
            {"name": s.name, "cron": s.cron}
            for s in (getattr(ext, "_schedules", {}) or {}).values()
        ],
        "required_scopes": sorted({scope for t in real_tools for scope in (t.scopes or [])}),
    }

    size = _icon_size(ext, base_dir)
    if size:
        manifest["icon_size_bytes"] = size

    webhooks = [w.to_manifest() for w in (getattr(ext, "_webhooks", {}) or {}).values()]
    if webhooks:
        manifest["webhooks"] = webhooks
    oauth = [o.to_manifest() for o in (getattr(ext, "_oauth_providers", {}) or {}).values()]
    if oauth:
        manifest["oauth"] = oauth

    subscribes = [h.to_manifest() for h in getattr(ext, "_event_handlers", []) or []]
    emits = [e.to_manifest() for e in getattr(ext, "_declared_emits", []) or []]
    if subscribes or emits:
        manifest["events"] = {"subscribes": subscribes, "emits": emits}

    exposed = [e.to_manifest() for e in (getattr(ext, "_exposed", {}) or {}).values()]
    if exposed:
        manifest["exposed"] = exposed

    hooks = getattr(ext, "_lifecycle", {}) or {}
    lifecycle: dict[str, Any] = {flag: True for flag in LIFECYCLE_FLAGS if flag in hooks}
    upgrades = sorted(h.version for k, h in hooks.items() if k.startswith("on_upgrade"))
    if upgrades:
        lifecycle["on_upgrade"] = upgrades
    if getattr(ext, "_health_check", None) is not None:
        lifecycle["health_check"] = {"interval_sec": HEALTH_CHECK_INTERVAL_SEC}
    if lifecycle:
        manifest["lifecycle"] = lifecycle
    if hooks:
        manifest["lifecycle_hooks"] = {
            key: {"signature": _signature_text(hook.func)} for key, hook in hooks.items()
        }

    tray = [t.to_manifest() for t in (getattr(ext, "_tray", {}) or {}).values()]
    if tray:
        manifest["tray"] = tray
    menu = [m.to_manifest() for m in (getattr(ext, "_menu_items", {}) or {}).values()]
    if menu:
        manifest["menu"] = menu
    if getattr(ext, "migrations_dir", None):
        manifest["migrations_dir"] = ext.migrations_dir
    if getattr(ext, "config_defaults", None):
        manifest["config_defaults"] = dict(ext.config_defaults)
    secrets = getattr(ext, "_secrets", None) or {}
    if secrets:
        manifest["secrets"] = [_secret_entry(spec) for spec in secrets.values()]
    sinks = [_file_sink_entry(s) for s in getattr(ext, "_file_sinks", None) or []]
    if sinks:
        manifest["file_sinks"] = sinks
    providers = [p.to_manifest() for p in (getattr(ext, "_search_providers", {}) or {}).values()]
    if providers:
        manifest["search_providers"] = providers
    panels = [_panel_entry(pid, spec) for pid, spec in (getattr(ext, "_panels", {}) or {}).items()]
    if panels:
        manifest["panels"] = panels
    return manifest


def save_manifest(ext: Any, path: str | os.PathLike = "manifest.json") -> str:
    """Write the manifest and return the written path.

    A directory `path` means `path/imperal.json`, merged with the file already there: its
    `name, description, author, license, homepage, icon, category, tags, marketplace, pricing`
    override the generated values. Any other `path` is written as given.
    """
    target = Path(path)
    if target.is_dir():
        manifest = _generate(ext, target)
        out = target / "imperal.json"
        if out.is_file():
            try:
                existing = json.loads(out.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, json.JSONDecodeError):
                existing = {}
            if isinstance(existing, dict):
                for key in DISK_OVERRIDES:
                    if key in existing:
                        manifest[key] = existing[key]
    else:
        manifest = generate_manifest(ext)
        out = target
    out.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return str(out)


def build_path(path: str | os.PathLike = ".") -> Path:
    """`imperal-shell build PATH`: import PATH/main.py, take its first Extension and write
    PATH/imperal.json (merged with the existing file). Returns the written path.

    Raises FileNotFoundError without main.py and LookupError without an Extension; errors
    raised while importing main.py propagate.
    """
    return build_extension(path)[0]


def build_extension(path: str | os.PathLike = ".") -> tuple[Path, Any]:
    """`build_path`, also returning the Extension it built (its registries give the counts
    `imperal build` prints: `len(ext.tools)` counts registered tools, synthetic ones
    included, and no chat functions)."""
    from sdk.validator import extension_root, find_extension, load_main

    root = extension_root(path)
    module = load_main(root)
    ext = find_extension(module)
    if ext is None:
        raise LookupError(f"{root / 'main.py'} defines no Extension")
    return Path(save_manifest(ext, root)), ext


__all__ = [
    "GENERATOR_OWNED_FIELDS",
    "build_extension",
    "build_path",
    "disk_preserved_fields",
    "generate_manifest",
    "save_manifest",
]
