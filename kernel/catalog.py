"""What the kernel knows about loaded extensions: their manifests, never their code.

Extensions are imported in worker processes; the kernel holds each one's
`ExtensionManifest` (functions, action types, parameter facts, panels) and looks functions up
here only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kernel.host.manifest import ExtensionManifest, FunctionMeta


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
    # declared secrets: SecretSpec.to_manifest_dict() each (name, scope, write_mode, ...)
    secrets: tuple[dict[str, Any], ...] = ()


@dataclass(frozen=True)
class LoadError:
    name: str
    path: str
    message: str


def info_of(m: ExtensionManifest) -> ExtensionInfo:
    return ExtensionInfo(
        app_id=m.app_id,
        display_name=m.display_name or m.app_id,
        version=m.version,
        path=m.path,
        functions=tuple(
            FunctionInfo(f.name, f.action_type, f.description, f.params_schema)
            for f in m.functions.values()
        ),
        panels=panels_of(m),
        secrets=tuple(
            m.secret_specs.get(name) or {"name": name, "scope": "user"} for name in m.secrets
        ),
    )


def panels_of(m: ExtensionManifest) -> tuple[PanelInfo, ...]:
    return tuple(
        PanelInfo(m.app_id, p.panel_id, p.slot, p.title or p.panel_id, p.icon, p.refresh)
        for p in m.panels
    )


class Catalog:
    """Manifests by app id; the only place functions are looked up."""

    def __init__(self, manifests: list[ExtensionManifest], errors: list[LoadError]):
        self.extensions: dict[str, ExtensionManifest] = {}
        self.parked: dict[str, ExtensionManifest] = {}  # disabled by the user (kernel.disabled)
        self.errors = list(errors)
        for m in manifests:
            if m.app_id in self.extensions:
                self.errors.append(
                    LoadError(
                        Path(m.path).name,
                        m.path,
                        f"app_id {m.app_id!r} is already provided by "
                        f"{self.extensions[m.app_id].path}",
                    )
                )
                continue
            self.extensions[m.app_id] = m

    def function(self, app_id: str, name: str) -> FunctionMeta | None:
        m = self.extensions.get(app_id)
        return m.functions.get(name) if m else None

    def path(self, app_id: str) -> Path:
        """Where the extension's workers import it from (a dev snapshot, or its folder)."""
        m = self.extensions[app_id]
        return Path(m.extras.get("code_path") or m.path)

    def all_functions(self) -> list[tuple[str, FunctionMeta]]:
        return [(app, fd) for app, m in self.extensions.items() for fd in m.functions.values()]

    def names(self) -> list[str]:
        return sorted(f"{app}.{fd.name}" for app, fd in self.all_functions())

    def infos(self) -> list[ExtensionInfo]:
        return [info_of(m) for m in self.extensions.values()]

    def panels(self) -> list[PanelInfo]:
        return [p for m in self.extensions.values() for p in panels_of(m)]

    def park(self, app_ids: set[str]) -> None:
        """Take these extensions out of the catalog (disabled); unknown ids are ignored. One
        assignment of `extensions`, so caches keyed on it (the shortlist) rebuild."""
        moving = {a: m for a, m in self.extensions.items() if a in app_ids}
        if moving:
            self.parked.update(moving)
            self.extensions = {a: m for a, m in self.extensions.items() if a not in moving}

    def unpark(self, app_id: str) -> bool:
        """Put a disabled extension back (last in order); False when it was not disabled."""
        manifest = self.parked.pop(app_id, None)
        if manifest is None:
            return False
        self.extensions = {**self.extensions, app_id: manifest}
        return True

    def parked_infos(self) -> list[ExtensionInfo]:
        return [info_of(m) for m in self.parked.values()]

    def replace(self, path: Path, manifest: ExtensionManifest | None, error: LoadError | None):
        """Swap in what `path` provides now (dev reload), in one assignment; keep order."""
        path = Path(path).resolve()
        extensions: dict[str, ExtensionManifest] = {}
        for app_id, old in self.extensions.items():
            same = Path(old.path).resolve() == path
            if manifest is not None and (same or app_id == manifest.app_id):
                extensions.setdefault(manifest.app_id, manifest)
            elif same and manifest is None:
                extensions[app_id] = old  # a failed reload keeps the working version
            else:
                extensions[app_id] = old
        if manifest is not None:
            extensions.setdefault(manifest.app_id, manifest)
        for app_id in [a for a in extensions if a in self.parked]:  # a disabled one stays off
            self.parked[app_id] = extensions.pop(app_id)
        self.extensions = extensions
        self.errors = [e for e in self.errors if Path(e.path).resolve() != path]
        if error is not None:
            self.errors.append(error)
