"""SDK-VERSION-1: a manifest whose code uses the v1.6.0 features (ctx.cache, ctx.skeleton.get,
`@ext.skeleton`) must record an `sdk_version` of at least 1.6.0.

[5.0.1] semantics: a missing `sdk_version` is WARN when the source uses those features and INFO
otherwise; a recorded version below 1.6.0 is WARN when the features are used.
"""

from __future__ import annotations

import ast
import os
import re
from pathlib import Path
from typing import Any

from sdk.validator import (
    INFO,
    WARN,
    ValidationIssue,
    _ctx_attr,
    _has_decorator,
    iter_source_files,
    parse_source,
)

MIN_FEATURE_VERSION = (1, 6, 0)
_VERSION = re.compile(r"^\s*v?(\d+)(?:\.(\d+))?(?:\.(\d+))?")


def _parse_version(text: str) -> tuple[int, int, int] | None:
    match = _VERSION.match(text)
    if not match:
        return None
    return tuple(int(part or 0) for part in match.groups())  # type: ignore[return-value]


def _feature_in(tree: ast.AST) -> tuple[str, int] | None:
    for node in ast.walk(tree):
        if _ctx_attr(node, "cache"):
            return "ctx.cache", node.lineno
        if (
            isinstance(node, ast.Attribute)
            and node.attr == "get"
            and _ctx_attr(node.value, "skeleton")
        ):
            return "ctx.skeleton.get", node.lineno
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and _has_decorator(
            node, "skeleton"
        ):
            return "@ext.skeleton", node.lineno
    return None


def uses_v1_6_features(source_path: str | os.PathLike | None) -> tuple[str, str, int] | None:
    """(feature, file, line) of the first v1.6.0 feature found under `source_path`, or None."""
    if source_path is None:
        return None
    root = Path(source_path)
    base = root.parent if root.is_file() else root
    for file in iter_source_files(root):
        try:
            shown = str(file.relative_to(base))
        except ValueError:
            shown = str(file)
        tree, _ = parse_source(file, shown)
        if tree is None:
            continue
        found = _feature_in(tree)
        if found is not None:
            return found[0], shown, found[1]
    return None


def validate_manifest_v1_6_0(
    manifest: dict[str, Any], source_path: str | os.PathLike | None = None
) -> list[ValidationIssue]:
    """Rule SDK-VERSION-1 over a parsed manifest and (optionally) the extension's source."""
    if not isinstance(manifest, dict):
        return []
    feature = uses_v1_6_features(source_path)
    raw = manifest.get("sdk_version")
    fix = "Rebuild with `imperal-shell build PATH`; it records this SDK's version (5.0.1)."
    if raw in (None, ""):
        if feature is not None:
            name, file, line = feature
            return [
                ValidationIssue(
                    "SDK-VERSION-1",
                    WARN,
                    f"imperal.json has no sdk_version but the code uses {name} (SDK ≥ 1.6.0)",
                    "imperal.json",
                    0,
                    f"{fix} ({name} at {file}:{line})",
                )
            ]
        return [
            ValidationIssue(
                "SDK-VERSION-1",
                INFO,
                "imperal.json has no sdk_version",
                "imperal.json",
                0,
                fix,
            )
        ]
    parsed = _parse_version(str(raw))
    if parsed is None:
        return [
            ValidationIssue(
                "SDK-VERSION-1",
                WARN,
                f"imperal.json sdk_version {raw!r} is not a version number",
                "imperal.json",
                0,
                fix,
            )
        ]
    if parsed < MIN_FEATURE_VERSION and feature is not None:
        name, file, line = feature
        return [
            ValidationIssue(
                "SDK-VERSION-1",
                WARN,
                f"imperal.json sdk_version {raw} is older than 1.6.0 but the code uses {name}",
                "imperal.json",
                0,
                f"{fix} ({name} at {file}:{line})",
            )
        ]
    return []


__all__ = ["validate_manifest_v1_6_0"]
