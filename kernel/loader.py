"""Import one extension folder (inside a worker or a scan process, never the kernel), and say
in one line with file and line why one did not load."""

from __future__ import annotations

import importlib.util
import inspect
import re
import sys
import traceback
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kernel import isolation
from sdk import alias
from sdk.extension import Extension

_SAFE = re.compile(r"[^A-Za-z0-9_]")


@dataclass
class LoadedExtension:
    """An imported extension (inside its worker): its `Extension` object and functions."""

    ext: Any
    path: Path
    functions: dict[str, Any]  # name -> sdk FunctionDef, across all its ChatExtensions

    @property
    def app_id(self) -> str:
        return self.ext.app_id


def _where(exc: BaseException, path: Path) -> str:
    """'file:line' (relative to the extension folder) of the deepest frame inside it, or ''."""

    def short(file: str) -> str:
        return str(Path(file).relative_to(path)) if Path(file).is_relative_to(path) else file

    if isinstance(exc, SyntaxError) and exc.filename:
        return f"{short(exc.filename)}:{exc.lineno}"
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename.startswith(str(path)):
            return f"{short(frame.filename)}:{frame.lineno}"
    return ""


def describe_load_failure(exc: BaseException, path: Path) -> str:
    """One line for people: what went wrong and where, never a traceback."""
    text = exc.msg if isinstance(exc, SyntaxError) and exc.msg else str(exc)
    where = _where(exc, path)
    return f"{type(exc).__name__}: {text}" + (f" ({where})" if where else "")


def load_one(path: Path) -> LoadedExtension:
    """Import `path/main.py` as its own package so sibling modules stay private to it."""
    alias.install()
    pkg = (
        isolation.PREFIX
        + _SAFE.sub("_", path.name)
        + "_"
        + format(zlib.crc32(str(path).encode()), "08x")
    )
    for name in [m for m in sys.modules if m == pkg or m.startswith(pkg + ".")]:
        del sys.modules[name]
    pkg_spec = importlib.util.spec_from_file_location(
        pkg, path / "__init__.py", submodule_search_locations=[str(path)]
    )
    package = importlib.util.module_from_spec(pkg_spec)
    sys.modules[pkg] = package
    isolation.register(pkg, path)
    spec = importlib.util.spec_from_file_location(f"{pkg}.main", path / "main.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    ext = getattr(module, "ext", None)
    if not isinstance(ext, Extension):
        ext = next((v for v in vars(module).values() if isinstance(v, Extension)), None)
    if ext is None:
        raise LookupError("main.py defines no Extension (expected a module-level `ext`)")
    functions = {}
    for chat in getattr(ext, "_chat_extensions", {}).values():
        functions.update(chat.functions)
    not_async = [
        f"{kind} {name!r} ({_source_of(func, path)})"
        for kind, name, func in _handlers(ext, functions)
        if not inspect.iscoroutinefunction(inspect.unwrap(func))
    ]
    if not_async:
        raise TypeError(
            "handlers must be `async def`: " + "; ".join(not_async) + " is a plain function"
        )
    return LoadedExtension(ext=ext, path=path, functions=functions)


def _handlers(ext, functions):
    """Every handler the kernel awaits: chat functions and panels."""
    for name, fd in functions.items():
        yield "chat function", name, fd.func
    for name, tool in ext.tools.items():
        if name.startswith("__panel__"):
            yield "panel", name.removeprefix("__panel__"), tool.func


def _source_of(func, root: Path) -> str:
    func = inspect.unwrap(func)
    try:
        file = inspect.getsourcefile(func) or "?"
        line = inspect.getsourcelines(func)[1]
    except (OSError, TypeError):
        return "unknown location"
    if Path(file).is_relative_to(root):
        file = str(Path(file).relative_to(root))
    return f"{file}:{line}"
