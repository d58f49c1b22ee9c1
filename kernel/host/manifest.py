"""What an extension declares, as plain data the kernel can hold without importing its code.

A worker (or the scanner) imports the extension and calls `describe`; the kernel keeps the
resulting `ExtensionManifest`: functions with their action types and parameter facts, panels,
declared secrets. The router and the executor work from this alone.
"""

from __future__ import annotations

import typing
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class ParamMeta:
    """One parameter of a chat function, as far as routing needs it."""

    name: str
    required: bool = False
    choices: tuple[Any, ...] = ()  # a Literal's allowed values
    is_text: bool = False
    maximum: float | None = None

    def is_required(self) -> bool:
        return self.required


@dataclass(frozen=True)
class FunctionMeta:
    name: str
    action_type: str = "read"
    description: str = ""
    long_running: bool = False
    background: bool = False
    id_projection: str = ""
    chain_callable: bool = True
    event: str = ""  # published after a successful call (`@chat.function(event=...)`)
    params_schema: dict[str, Any] = field(default_factory=dict)
    fields: dict[str, ParamMeta] = field(default_factory=dict)
    # JSON schema of `ActionResult.data` (`data_model=`), {} when undeclared: plan `$REF` paths
    # are checked against it before anything runs
    data_schema: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class PanelMeta:
    panel_id: str
    slot: str = "center"
    title: str = ""
    icon: str = ""
    refresh: str = "manual"


@dataclass
class ExtensionManifest:
    app_id: str
    display_name: str
    version: str
    path: str
    functions: dict[str, FunctionMeta]
    panels: list[PanelMeta]
    secrets: tuple[str, ...] = ()
    extras: dict[str, Any] = field(default_factory=dict)
    # name -> SecretSpec.to_manifest_dict(): scope, write_mode, max_bytes, env_fallback...
    secret_specs: dict[str, dict[str, Any]] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "app_id": self.app_id,
            "display_name": self.display_name,
            "version": self.version,
            "path": self.path,
            "functions": [
                {
                    **{k: v for k, v in vars(f).items() if k != "fields"},
                    "fields": [vars(p) for p in f.fields.values()],
                }
                for f in self.functions.values()
            ],  # fmt: skip
            "panels": [vars(p) for p in self.panels],
            "secrets": list(self.secrets),
            "secret_specs": self.secret_specs,
            "extras": self.extras,
        }

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> ExtensionManifest:
        functions = {}
        for f in d["functions"]:
            fields = {
                p["name"]: ParamMeta(**{**p, "choices": tuple(p.get("choices", ()))})
                for p in f.get("fields", ())
            }
            functions[f["name"]] = FunctionMeta(**{**f, "fields": fields})
        return cls(
            app_id=d["app_id"],
            display_name=d["display_name"],
            version=d["version"],
            path=d["path"],
            functions=functions,
            panels=[PanelMeta(**p) for p in d.get("panels", ())],
            secrets=tuple(d.get("secrets", ())),
            extras=dict(d.get("extras", {})),
            secret_specs=dict(d.get("secret_specs", {})),
        )


# --- worker side: read the live objects ------------------------------------------------------
def _param(name: str, info: Any) -> ParamMeta:
    annotation = info.annotation
    choices: tuple[Any, ...] = ()
    if typing.get_origin(annotation) is typing.Literal:
        choices = tuple(typing.get_args(annotation))
    maximum = next((m.le for m in info.metadata if getattr(m, "le", None) is not None), None)
    return ParamMeta(
        name=name,
        required=info.is_required(),
        choices=choices,
        is_text=annotation in (str, str | None),
        maximum=maximum,
    )


def _data_schema(model: Any) -> dict[str, Any]:
    try:
        return model.model_json_schema(mode="serialization") if model is not None else {}
    except Exception:  # a model pydantic cannot describe: no schema, so nothing is checked
        return {}


def describe(le: Any) -> ExtensionManifest:
    """The manifest of a `kernel.loader.LoadedExtension` (runs where the extension is imported)."""
    ext = le.ext
    functions: dict[str, FunctionMeta] = {}
    for fd in le.functions.values():
        model = fd.params_model
        functions[fd.name] = FunctionMeta(
            name=fd.name,
            action_type=fd.action_type,
            description=fd.description or "",
            long_running=bool(fd.long_running),
            background=bool(fd.background),
            id_projection=fd.id_projection or "",
            chain_callable=bool(getattr(fd, "chain_callable", True)),
            event=str(getattr(fd, "event", "") or ""),
            params_schema=model.model_json_schema() if model else {},
            fields={n: _param(n, i) for n, i in model.model_fields.items()} if model else {},
            data_schema=_data_schema(getattr(fd, "_return_model", None)),
        )
    panels = [
        PanelMeta(
            panel_id=pid,
            slot=meta.get("slot", "center"),
            title=meta.get("title", "") or pid,
            icon=meta.get("icon", ""),
            refresh=meta.get("refresh", "manual"),
        )
        for pid, meta in ext.panels.items()
    ]
    secrets = tuple(ext.secrets)
    events = sorted({h.event_type for h in ext.event_handlers})
    return ExtensionManifest(
        app_id=ext.app_id,
        display_name=ext.display_name or ext.app_id,
        version=str(ext.version),
        path=str(le.path),
        functions=functions,
        panels=panels,
        secrets=secrets,
        extras={
            "events": events,
            "required_scopes": _required_scopes(ext),
            "tray": [t.to_manifest() for t in ext.tray_items.values()],
        },
        secret_specs={
            name: spec.to_manifest_dict()
            for name, spec in ext.secrets.items()
            if hasattr(spec, "to_manifest_dict")
        },
    )


def _required_scopes(ext: Any) -> list[str]:
    """The scopes the extension declares (`ext.tool(scopes=...)`, the manifest's
    `required_scopes`, which leaves out the synthetic `__panel__`... tools): each of its calls
    needs them (kernel.authz)."""
    tools = getattr(ext, "tools", None) or {}
    real = [t for name, t in tools.items() if not str(name).startswith("__")]
    return sorted({s for t in real for s in (getattr(t, "scopes", None) or [])})
