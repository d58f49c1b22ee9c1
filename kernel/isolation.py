"""Keep extensions' own modules apart: two extensions that both have `app.py`, `handlers.py`
or `panels.py` each import their own.

Real extensions import siblings absolutely (`from app import ext`, `import handlers`), as if
their folder were on `sys.path`. Each extension is loaded as a private package
(`_imperal_ext_<name>_<hash>`), and this import hook turns such an absolute import made by
that package's code into the package-relative one when the sibling exists on disk.
"""

from __future__ import annotations

import builtins
import importlib
import threading
from pathlib import Path

PREFIX = "_imperal_ext_"

_roots: dict[str, Path] = {}  # private package name -> extension folder
_lock = threading.Lock()
_original_import = builtins.__import__


def register(package: str, folder: Path) -> None:
    with _lock:
        _roots[package] = folder
        if builtins.__import__ is not _isolating_import:
            builtins.__import__ = _isolating_import


def _owner(globals_: dict | None) -> str | None:
    if not globals_:
        return None
    name = globals_.get("__name__") or ""
    if not name.startswith(PREFIX):
        return None
    return name.split(".", 1)[0]


def _sibling_exists(folder: Path, top: str) -> bool:
    return (
        (folder / f"{top}.py").is_file()
        or (folder / top / "__init__.py").is_file()
        or ((folder / top).is_dir() and any((folder / top).glob("*.py")))
    )


def _isolating_import(name, globals=None, locals=None, fromlist=(), level=0):
    if level == 0 and name:
        package = _owner(globals)
        if package is not None:
            folder = _roots.get(package)
            top = name.split(".", 1)[0]
            if folder is not None and top != package and _sibling_exists(folder, top):
                module = importlib.import_module(f"{package}.{name}")
                if fromlist:
                    return module
                return importlib.import_module(f"{package}.{top}")
    return _original_import(name, globals, locals, fromlist, level)
