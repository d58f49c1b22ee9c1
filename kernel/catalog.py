"""What the kernel knows about loaded extensions: public info types and function lookup."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class FunctionInfo:
    name: str
    action_type: str
    description: str = ""
    params_schema: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class PanelInfo:
    app_id: str
    panel_id: str
    slot: str
    title: str = ""
    icon: str = ""
    refresh: str = "manual"


@dataclass(frozen=True)
class ExtensionInfo:
    app_id: str
    display_name: str
    version: str
    path: str
    functions: tuple[FunctionInfo, ...]
    panels: tuple[PanelInfo, ...]


@dataclass(frozen=True)
class LoadError:
    name: str
    path: str
    message: str


@dataclass
class LoadedExtension:
    """An extension the loader imported: its `Extension` object and where it came from."""

    ext: Any
    path: Path
    functions: dict[str, Any]  # name -> sdk FunctionDef, across all its ChatExtensions

    @property
    def app_id(self) -> str:
        return self.ext.app_id

    def info(self) -> ExtensionInfo:
        funcs = []
        for fd in self.functions.values():
            model = fd._pydantic_model
            funcs.append(
                FunctionInfo(
                    name=fd.name,
                    action_type=fd.action_type,
                    description=fd.description,
                    params_schema=model.model_json_schema() if model else {},
                )
            )
        return ExtensionInfo(
            app_id=self.app_id,
            display_name=self.ext.display_name or self.app_id,
            version=self.ext.version,
            path=str(self.path),
            functions=tuple(funcs),
            panels=self.panels(),
        )

    def panels(self) -> tuple[PanelInfo, ...]:
        return tuple(
            PanelInfo(
                app_id=self.app_id,
                panel_id=pid,
                slot=meta.get("slot", "center"),
                title=meta.get("title", "") or pid,
                icon=meta.get("icon", ""),
                refresh=meta.get("refresh", "manual"),
            )
            for pid, meta in self.ext._panels.items()
        )


class Catalog:
    """Loaded extensions by app id; the only place functions are looked up."""

    def __init__(self, loaded: list[LoadedExtension], errors: list[LoadError]):
        self.extensions = {le.app_id: le for le in loaded}
        self.errors = list(errors)

    def function(self, app_id: str, name: str) -> Any | None:
        le = self.extensions.get(app_id)
        return le.functions.get(name) if le else None

    def all_functions(self) -> list[tuple[str, Any]]:
        return [(app, fd) for app, le in self.extensions.items() for fd in le.functions.values()]

    def names(self) -> list[str]:
        return sorted(f"{app}.{fd.name}" for app, fd in self.all_functions())
