"""Which `imperal_sdk` names exist in the real SDK, so a failed import can say what it was.

`sdk/_known_names.json` lists every public module of the real imperal-sdk 5.11.0 and 6.3.7 with
its public names (generated from the introspection listing, see `main`). When an extension
uses a name this shell does not have, `explain_missing(exc)` turns the ImportError /
AttributeError into one sentence: the missing name, and whether it is

- a real imperal_sdk name imperal-shell plans to provide (it is in the real SDK's public API),
- a platform-only name (its module only talks to the hosted Imperal platform), or
- not an imperal_sdk name at all (a typo, or a name from another package or version).

    python -m sdk._known_names LISTING.md     # regenerate sdk/_known_names.json
"""

from __future__ import annotations

import functools
import json
import re
import sys
from pathlib import Path
from typing import Any

DATA = Path(__file__).with_name("_known_names.json")
ALIAS, REAL = "imperal_sdk", "sdk"

# Modules whose names only make sense against the hosted platform: gateway RPC, the IR compiler,
# code index, devtools generators, hosted runtimes and clients, the platform's own CLI.
PLATFORM_ONLY_PREFIXES = (
    "imperal_sdk._gateway",
    "imperal_sdk.adversarial_oracle",
    "imperal_sdk.bom_extractor",
    "imperal_sdk.cli",
    "imperal_sdk.code_index",
    "imperal_sdk.cross_surface_bus",
    "imperal_sdk.devtools",
    "imperal_sdk.dwell_guard",
    "imperal_sdk.gnc_guard",
    "imperal_sdk.ir._impl",
    "imperal_sdk.ir.produce",
    "imperal_sdk.rpc",
    "imperal_sdk.runtime",
    "imperal_sdk.vault_ram_client",
)

_NO_MODULE = re.compile(r"No module named '([^']+)'")
_CANNOT_IMPORT = re.compile(r"cannot import name '([^']+)' from '([^']+)'")
_NO_ATTR = re.compile(r"module '([^']+)' has no attribute '([^']+)'")


@functools.cache
def known() -> dict[str, dict[str, Any]]:
    """{module: {"six": bool, "names": {name: "6.x" | "5.11"}}} of the real SDK."""
    try:
        return json.loads(DATA.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def public_name(module: str) -> str:
    """`sdk.ui` -> `imperal_sdk.ui` (the name extensions use)."""
    if module == REAL or module.startswith(REAL + "."):
        return ALIAS + module[len(REAL) :]
    return module


def is_platform_only(module: str) -> bool:
    return any(module == p or module.startswith(p + ".") for p in PLATFORM_ONLY_PREFIXES)


def classify(module: str, name: str | None = None) -> str:
    """'planned', 'platform-only' or 'unknown' for `module` (and `name` in it)."""
    module = public_name(module)
    entry = known().get(module)
    exists = entry is not None and (name is None or name in entry["names"])
    if not exists:
        return "unknown"
    return "platform-only" if is_platform_only(module) else "planned"


def _versions(module: str, name: str | None) -> str:
    entry = known().get(module) or {}
    six = entry.get("six") or (name is not None and entry.get("names", {}).get(name) == "6.x")
    return "imperal-sdk 6.x" if six else "imperal-sdk 5.11 and 6.x"


def describe(module: str, name: str | None = None) -> str:
    """One sentence about a missing `module` (or `name` in it), for people."""
    module = public_name(module)
    what = f"{module}.{name}" if name else module
    kind = classify(module, name)
    if kind == "planned":
        return (
            f"{what} is part of the real SDK ({_versions(module, name)}) but imperal-shell "
            "does not provide it yet; it is planned"
        )
    if kind == "platform-only":
        return (
            f"{what} is part of the real SDK ({_versions(module, name)}) but only works on the "
            "hosted Imperal platform; imperal-shell does not provide it"
        )
    if name and module in known():
        return f"{name!r} is not an imperal_sdk name: {module} has no such name in any version"
    return f"{what} is not an imperal_sdk name: no such module in any version"


def missing_from(exc: BaseException) -> tuple[str, str | None] | None:
    """(module, name or None) when `exc` is an import of an imperal_sdk name we lack."""
    text = str(exc)
    if isinstance(exc, ImportError):
        match = _CANNOT_IMPORT.search(text)
        if match and _ours(match.group(2)):
            return public_name(match.group(2)), match.group(1)
        match = _NO_MODULE.search(text)
        if match and _ours(match.group(1)):
            return public_name(match.group(1)), None
    if isinstance(exc, AttributeError):
        match = _NO_ATTR.search(text)
        if match and _ours(match.group(1)):
            return public_name(match.group(1)), match.group(2)
    return None


def _ours(module: str) -> bool:
    return any(module == m or module.startswith(m + ".") for m in (ALIAS, REAL))


def explain_missing(exc: BaseException) -> str | None:
    """The `describe` sentence for an import failure caused by a name we lack, else None."""
    found = missing_from(exc)
    return describe(*found) if found else None


# --------------------------------------------------------------------- regenerating the data


def from_listing(text: str) -> dict[str, dict[str, Any]]:
    """The JSON data from the introspection listing (`imperal_sdk_api.md`)."""
    root = Path(__file__).resolve().parent.parent
    sys.path.insert(0, str(root / "scripts"))
    try:
        from sdk_coverage import parse_listing  # the lead's listing parser
    finally:
        sys.path.pop(0)
    data: dict[str, dict[str, Any]] = {}
    for module in parse_listing(text):
        names = {n.name: ("6.x" if n.only == "6.x" else "5.11") for n in module.names}
        data[module.name] = {"six": module.only == "6.x", "names": dict(sorted(names.items()))}
    return dict(sorted(data.items()))


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m sdk._known_names LISTING.md", file=sys.stderr)
        return 2
    data = from_listing(Path(args[0]).read_text(encoding="utf-8"))
    DATA.write_text(json.dumps(data, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{DATA}: {len(data)} modules, {sum(len(m['names']) for m in data.values())} names")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
