"""`imperal_sdk.cli.linter`: quick manifest checks, with optional safe fixes.

`lint_dict` returns `(errors, warnings, manifest)`, the manifest fixed when `fix=True` (a copy;
the input is never changed). `lint_file` returns `(errors, warnings, written)` and rewrites the
file only when `fix=True` changed something.
"""

from __future__ import annotations

import json
from typing import Any

__all__ = ["ManifestLinter"]

_REQUIRED = ("app_id", "name", "version", "description")


class ManifestLinter:
    DEFAULT_CATEGORY = "productivity"
    LATEST_SCHEMA_VERSION = "1.6.0"

    @classmethod
    def lint_dict(
        cls, manifest: dict[str, Any], fix: bool = False
    ) -> tuple[list[str], list[str], dict[str, Any]]:
        data = dict(manifest) if isinstance(manifest, dict) else {}
        errors = [f"manifest: required field {k!r} is missing" for k in _REQUIRED if k not in data]
        warnings: list[str] = []
        defaults = (
            ("schema_version", cls.LATEST_SCHEMA_VERSION),
            ("category", cls.DEFAULT_CATEGORY),
            ("search_providers", []),
        )
        for key, value in defaults:
            if key in data:
                continue
            if fix:
                data[key] = value
                warnings.append(f"fixed: added {key!r} = {value!r}")
            else:
                warnings.append(f"{key!r} is missing (suggested: {value!r})")
        return errors, warnings, data

    @classmethod
    def lint_file(cls, path: str, fix: bool = False) -> tuple[list[str], list[str], bool]:
        try:
            with open(path, encoding="utf-8") as fh:
                manifest = json.load(fh)
        except FileNotFoundError:
            return [f"no such file: {path}"], [], False
        except (OSError, ValueError) as exc:
            return [f"cannot read {path} as JSON: {exc}"], [], False
        errors, warnings, fixed = cls.lint_dict(manifest, fix=fix)
        written = fix and fixed != manifest
        if written:
            with open(path, "w", encoding="utf-8") as fh:
                json.dump(fixed, fh, indent=2)
                fh.write("\n")
        return errors, warnings, written
