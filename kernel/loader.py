"""Import one extension folder (inside a worker or a scan process, never the kernel), and say
in one line with file and line why one did not load.

Loading is as tolerant as the platform: a plain `def` chat function or event handler is run in
a thread (panels, tools and health checks already are, by the SDK). An import of an
`imperal_sdk` name this shell lacks is explained: which name, and whether it is planned, only
works on the hosted platform, or is no imperal_sdk name at all.
"""

from __future__ import annotations

import asyncio
import functools
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
from sdk._known_names import explain_missing
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
    why = explain_missing(exc)  # a name we lack: say which, and what kind of name it is
    return f"{type(exc).__name__}: {why or text}" + (f" ({where})" if where else "")


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
    for handler in [*functions.values(), *getattr(ext, "_event_handlers", [])]:
        handler.func = in_thread_if_plain(handler.func)
    return LoadedExtension(ext=ext, path=path, functions=functions)


def in_thread_if_plain(func: Any) -> Any:
    """`func` itself when calling it gives something to await; else an `async def` that runs it
    in a worker thread (and awaits what it returns, should that be awaitable)."""
    if inspect.iscoroutinefunction(func) or not callable(func):
        return func

    @functools.wraps(func)
    async def threaded(*args: Any, **kwargs: Any) -> Any:
        result = await asyncio.to_thread(func, *args, **kwargs)
        if inspect.isawaitable(result):
            result = await result
        return result

    return threaded
