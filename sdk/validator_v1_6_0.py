"""The source-tree rules (`validate_source_tree`) and SDK-VERSION-1 (`validate_manifest_v1_6_0`).

`validate_source_tree(path)` reads every .py file under a folder without importing it and
reports, all as ERROR with file and line:

- SKEL-GUARD-1: `ctx.skeleton.get(...)` inside a function that is not an `@ext.skeleton` tool
  (or at module level). A lambda belongs to the function around it.
- SKEL-GUARD-2: any `ctx.skeleton_data`.
- SKEL-GUARD-3: any `ctx.skeleton.update(...)`.
- CACHE-MODEL-1: once some class carries `@<x>.cache_model(...)`, a `ctx.cache.set(key, M(...))`
  / `ctx.cache.set(key, m)` or `ctx.cache.get(key, M)` / `get_or_fetch(key, M, ...)` whose model
  name is not one of those classes.
- CACHE-TTL-1: `ctx.cache.set(..., ttl_seconds=N)` with a literal N outside [5, 300].
- MANIFEST-SKELETON-1: `@<x>.tool("skeleton_refresh_...")` (the name given positionally).
- PANEL-SLOT-1: `@<x>.panel(..., slot="...")` with a literal slot that is not allowed.

A file that does not parse is skipped (importing it fails loudly anyway). A path that is not a
folder has nothing to scan. Issues name files as `os.path.join(path, relative)`.

`validate_manifest_v1_6_0(manifest)` is SDK-VERSION-1: an ERROR unless `sdk_version` is a
version of at least 5.0.0 (the platform refuses older or missing ones at load time).
"""

from __future__ import annotations

import ast
import os
from collections.abc import Iterator
from typing import Any

from sdk.validator import ERROR, ValidationIssue, _ctx_attr

ALLOWED_PANEL_SLOTS = frozenset({"bottom", "center", "chat-sidebar", "left", "overlay", "right"})
SKIP_DIRS = frozenset(
    {
        "venv",
        ".venv",
        "__pycache__",
        ".git",
        "node_modules",
        "dist",
        "build",
        ".pytest_cache",
        ".mypy_cache",
        ".ruff_cache",
    }
)
CACHE_TTL_RANGE = (5, 300)
MIN_SDK_VERSION = (5, 0, 0)


# ------------------------------------------------------------------------- source files


def iter_source_files(path: str | os.PathLike) -> Iterator[tuple[str, str]]:
    """(path as shown, absolute path) of every .py file under the folder `path`, in a stable
    order, skipping virtualenvs, caches, VCS and build folders."""
    base = os.fspath(path)
    for dirpath, dirnames, filenames in os.walk(base):
        dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS)
        for fname in sorted(filenames):
            if fname.endswith(".py"):
                full = os.path.join(dirpath, fname)
                yield os.path.join(base, os.path.relpath(full, base)), full


def parse_file(file: str) -> ast.AST | None:
    """The module's AST, or None when it cannot be read or does not parse."""
    try:
        with open(file, encoding="utf-8") as fh:
            return ast.parse(fh.read(), filename=file)
    except (OSError, UnicodeDecodeError, SyntaxError, ValueError):
        return None


def _decorator_call(dec: ast.AST, method: str) -> ast.Call | None:
    """`dec` when it is a call of an attribute named `method` (`@ext.tool(...)`)."""
    if (
        isinstance(dec, ast.Call)
        and isinstance(dec.func, ast.Attribute)
        and dec.func.attr == method
    ):
        return dec
    return None


def _has_decorator(node: ast.AST, method: str) -> bool:
    """True for `@<x>.method(...)` and `@<x>.method` (not for a bare `@method(...)`)."""
    for dec in getattr(node, "decorator_list", []):
        if _decorator_call(dec, method) is not None:
            return True
        if isinstance(dec, ast.Attribute) and dec.attr == method:
            return True
    return False


def _literal_str(node: ast.AST | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def _keyword(call: ast.Call, name: str) -> ast.AST | None:
    for kw in call.keywords:
        if kw.arg == name:
            return kw.value
    return None


def _positional(call: ast.Call, index: int) -> ast.AST | None:
    return call.args[index] if len(call.args) > index else None


def cache_model_classes(tree: ast.AST) -> set[str]:
    """Names of the classes decorated with `@<x>.cache_model(...)` in one module."""
    return {
        n.name
        for n in ast.walk(tree)
        if isinstance(n, ast.ClassDef) and _has_decorator(n, "cache_model")
    }


def _cache_method(node: ast.Call) -> str | None:
    """'set' / 'get' / 'get_or_fetch' for a `ctx.cache.<method>(...)` call, else None."""
    func = node.func
    if (
        isinstance(func, ast.Attribute)
        and func.attr in ("set", "get", "get_or_fetch")
        and _ctx_attr(func.value, "cache")
    ):
        return func.attr
    return None


def _cached_model(node: ast.Call, method: str) -> str | None:
    """The model name a cache call names: set's value (a `Model(...)` call or a variable),
    get's and get_or_fetch's model (second argument or `model=`)."""
    if method == "set":
        value = _positional(node, 1)
        if isinstance(value, ast.Call) and isinstance(value.func, ast.Name):
            return value.func.id
        return value.id if isinstance(value, ast.Name) else None
    model = _positional(node, 1) or _keyword(node, "model")
    return model.id if isinstance(model, ast.Name) else None


class _TreeScanner(ast.NodeVisitor):
    def __init__(self, shown: str, cache_models: set[str]):
        self.shown = shown
        self.cache_models = cache_models
        self.functions: list[ast.AST] = []
        self.issues: list[ValidationIssue] = []

    def _add(self, rule: str, node: ast.AST, message: str, fix: str) -> None:
        self.issues.append(
            ValidationIssue(rule, ERROR, message, self.shown, getattr(node, "lineno", 0), fix)
        )

    def _function(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        for dec in node.decorator_list:
            call = _decorator_call(dec, "tool")
            name = _literal_str(_positional(call, 0)) if call is not None else None
            if name is not None and name.startswith("skeleton_refresh_"):
                section = name[len("skeleton_refresh_") :] or "<section>"
                self._add(
                    "MANIFEST-SKELETON-1",
                    dec,
                    f"@tool({name!r}) declares a skeleton refresher as an ordinary tool",
                    f'Declare it with @ext.skeleton("{section}"); the SDK names the tool.',
                )
            call = _decorator_call(dec, "panel")
            slot = _literal_str(_keyword(call, "slot")) if call is not None else None
            if slot is not None and slot not in ALLOWED_PANEL_SLOTS:
                self._add(
                    "PANEL-SLOT-1",
                    dec,
                    f"panel slot {slot!r} does not exist",
                    f"Pick one of {', '.join(sorted(ALLOWED_PANEL_SLOTS))} (the old 'main' "
                    "slot is now 'center').",
                )
        self.functions.append(node)
        self.generic_visit(node)
        self.functions.pop()

    visit_FunctionDef = _function
    visit_AsyncFunctionDef = _function

    def visit_Attribute(self, node: ast.Attribute) -> None:
        if _ctx_attr(node, "skeleton_data"):
            self._add(
                "SKEL-GUARD-2",
                node,
                "ctx.skeleton_data is gone (since SDK 1.6.0)",
                "Inside an @ext.skeleton tool use `await ctx.skeleton.get(section)`; anywhere "
                "else load the data itself (ctx.store, ctx.http, ctx.cache).",
            )
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        if isinstance(func, ast.Attribute) and _ctx_attr(func.value, "skeleton"):
            if func.attr == "get":
                inner = self.functions[-1] if self.functions else None
                if inner is None or not _has_decorator(inner, "skeleton"):
                    where = getattr(inner, "name", "module level")
                    self._add(
                        "SKEL-GUARD-1",
                        node,
                        f"ctx.skeleton.get(...) in {where!r}, which is not an @ext.skeleton "
                        "tool; it raises SkeletonAccessForbidden when it runs",
                        "Read the skeleton only inside @ext.skeleton tools; elsewhere load "
                        "fresh data (ctx.store, ctx.http or ctx.cache).",
                    )
            elif func.attr == "update":
                self._add(
                    "SKEL-GUARD-3",
                    node,
                    "ctx.skeleton.update(...) is not allowed: the kernel stores what a skeleton "
                    "tool returns",
                    "Return the new section state from the @ext.skeleton tool.",
                )
        method = _cache_method(node)
        if method is not None:
            self._cache(node, method)
        self.generic_visit(node)

    def _cache(self, node: ast.Call, method: str) -> None:
        model = _cached_model(node, method)
        if self.cache_models and model and model not in self.cache_models:
            self._add(
                "CACHE-MODEL-1",
                node,
                f"ctx.cache.{method}(...) with {model!r}, which no @ext.cache_model registers",
                f'Register that very class: @ext.cache_model("{model.lower()}") (a parent '
                "class does not count).",
            )
        if method != "set":
            return
        ttl = _keyword(node, "ttl_seconds")
        if (
            isinstance(ttl, ast.Constant)
            and isinstance(ttl.value, int)
            and not CACHE_TTL_RANGE[0] <= ttl.value <= CACHE_TTL_RANGE[1]
        ):
            low, high = CACHE_TTL_RANGE
            self._add(
                "CACHE-TTL-1",
                node,
                f"ctx.cache.set(..., ttl_seconds={ttl.value!r}): allowed is {low} to {high}",
                f"Pick a ttl_seconds from {low} to {high}.",
            )


def validate_source_tree(path: str | os.PathLike) -> list[ValidationIssue]:
    """The AST rules over every .py file under the folder `path` (see the module doc)."""
    parsed: list[tuple[str, ast.AST]] = []
    for shown, full in iter_source_files(path):
        tree = parse_file(full)
        if tree is not None:
            parsed.append((shown, tree))
    cache_models: set[str] = set()
    for _, tree in parsed:
        cache_models |= cache_model_classes(tree)
    issues: list[ValidationIssue] = []
    for shown, tree in parsed:
        scanner = _TreeScanner(shown, cache_models)
        scanner.visit(tree)
        issues.extend(scanner.issues)
    return issues


# ------------------------------------------------------------------------ SDK-VERSION-1


def parse_sdk_version(value: Any) -> tuple[int, int, int] | None:
    """MAJOR.MINOR.PATCH of a recorded sdk_version: the part before any '-' must start with
    three dot-separated runs of digits; anything else is None."""
    if not isinstance(value, str):
        return None
    parts = value.split("-", 1)[0].split(".")
    if len(parts) < 3 or not all(p.isdigit() for p in parts[:3]):
        return None
    return int(parts[0]), int(parts[1]), int(parts[2])


def validate_manifest_v1_6_0(
    manifest: dict[str, Any], source_path: str | os.PathLike | None = None
) -> list[ValidationIssue]:
    """SDK-VERSION-1 over a parsed manifest. `source_path` is accepted for compatibility; the
    rule depends on the recorded version only."""
    if not isinstance(manifest, dict):
        return []
    fix = "Rebuild imperal.json with `imperal-shell build PATH`; it records the SDK version."
    if "sdk_version" not in manifest:
        return [
            ValidationIssue(
                "SDK-VERSION-1",
                ERROR,
                "imperal.json records no sdk_version; the platform loads only extensions "
                "built with SDK 5.0.0 or later",
                "imperal.json",
                0,
                fix,
            )
        ]
    raw = manifest["sdk_version"]
    parsed = parse_sdk_version(raw)
    if parsed is None or parsed < MIN_SDK_VERSION:
        return [
            ValidationIssue(
                "SDK-VERSION-1",
                ERROR,
                f"imperal.json sdk_version {raw!r} is "
                + ("not a MAJOR.MINOR.PATCH version" if parsed is None else "older than 5.0.0")
                + "; the platform refuses to load it",
                "imperal.json",
                0,
                fix,
            )
        ]
    return []


__all__ = [
    "ALLOWED_PANEL_SLOTS",
    "ValidationIssue",
    "validate_manifest_v1_6_0",
    "validate_source_tree",
]
