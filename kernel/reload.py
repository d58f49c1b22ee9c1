"""Load one extension folder on its own and swap it into a live catalog (`imperal-shell dev`).

A reload re-imports the folder through `loader.load_one`, then replaces the catalog's mapping in
one assignment, so a call in flight sees either the old version or the new one. A version that
fails to import leaves the previous working one in place, its private modules included.
"""

from __future__ import annotations

import sys
from pathlib import Path

from kernel import isolation
from kernel.catalog import Catalog, ExtensionInfo, LoadedExtension, LoadError
from kernel.loader import describe_load_failure, load_one


def load_folder(path: Path) -> LoadedExtension | LoadError:
    """Import one extension folder; a failure becomes a LoadError naming file and line."""
    path = Path(path).resolve()
    if not (path / "main.py").is_file():
        return LoadError(path.name, str(path), f"no main.py in {path}")
    before = {k: v for k, v in sys.modules.items() if k.startswith(isolation.PREFIX)}
    try:
        return load_one(path)
    except Exception as exc:  # an extension's import may raise anything
        _restore_modules(before)
        return LoadError(path.name, str(path), describe_load_failure(exc, path))


def _restore_modules(before: dict) -> None:
    """Put back the private modules a failed import purged, drop the half-imported ones."""
    for name in [m for m in sys.modules if m.startswith(isolation.PREFIX) and m not in before]:
        del sys.modules[name]
    sys.modules.update(before)


def add_extensions(catalog: Catalog, paths) -> None:
    """At open: load each folder given on top of the discovered ones; a same app id overrides."""
    for path in paths:
        result = load_folder(path)
        if isinstance(result, LoadError):
            catalog.errors.append(result)
        else:
            swap(catalog, result)


def reload_into(catalog: Catalog, path: Path) -> LoadError | ExtensionInfo:
    """Re-import `path` and swap it in; on failure the catalog keeps what it had."""
    path = Path(path).resolve()
    result = load_folder(path)
    if isinstance(result, LoadError):
        catalog.errors = [e for e in catalog.errors if Path(e.path) != path] + [result]
        return result
    swap(catalog, result)
    return result.info()


def swap(catalog: Catalog, le: LoadedExtension) -> None:
    """Replace whatever this folder provided before (its app id may have changed) in one step."""
    path = Path(le.path).resolve()
    extensions: dict[str, LoadedExtension] = {}
    for app_id, old in catalog.extensions.items():
        if app_id == le.app_id or Path(old.path).resolve() == path:
            extensions.setdefault(le.app_id, le)  # in the old one's place: panels keep order
        else:
            extensions[app_id] = old
    extensions.setdefault(le.app_id, le)
    catalog.extensions = extensions
    catalog.errors = [e for e in catalog.errors if Path(e.path) != path]
