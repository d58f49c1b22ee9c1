"""How much of the real `imperal_sdk` public API our `sdk` has: present, missing, differing.

Reads the introspection listing (`imperal_sdk_api.md`: every public module and name of the real
5.11.0 and 6.3.7 packages with signatures, fields and constants) and introspects this shell's
`sdk` through the `imperal_sdk` alias. For each version it prints, per module, the names that
are present, missing, and present with a different signature (parameter names, order, kinds and
defaults; annotations are ignored, as in the listing). Class members (methods, properties,
constants, dataclass fields) are checked too.

    python scripts/sdk_coverage.py                       # summary for 5.11.0 and 6.3.7
    python scripts/sdk_coverage.py --module imperal_sdk.ui --details
    python scripts/sdk_coverage.py --json                # machine-readable figures

The listing defaults to `../shared/reference/sdk_api/imperal_sdk_api.md` beside the checkout,
else the copy in `tests/sdk/golden/` (override with `--listing PATH` or `IMPERAL_SDK_LISTING`).
"""

from __future__ import annotations

import argparse
import ast
import dataclasses
import importlib
import inspect
import json
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_SHARED_LISTING = ROOT.parent / "shared" / "reference" / "sdk_api" / "imperal_sdk_api.md"
_SHIPPED_LISTING = ROOT / "tests" / "sdk" / "golden" / "imperal_sdk_api.md"  # a copy
DEFAULT_LISTING = _SHARED_LISTING if _SHARED_LISTING.is_file() else _SHIPPED_LISTING
VERSIONS = ("5.11.0", "6.3.7")

_TICK = re.compile(r"`([^`]*)`")
_ADDR = re.compile(r" at 0x[0-9a-fA-F]+")


@dataclass
class Member:
    name: str
    kind: str  # "method" | "async" | "static" | "classmethod" | "property" | "const" | "other"
    signature: str | None
    only: str | None  # "6.x" | "5.11 only" | None


@dataclass
class Name:
    module: str
    name: str
    kind: str  # "class" | "def" | "const" | "object" | "async function" | "reexport"
    signature: str | None = None
    only: str | None = None
    target: str | None = None  # re-exports: the defining module
    fields: list[str] | None = None
    members: list[Member] = field(default_factory=list)

    def in_version(self, version: str) -> bool:
        if self.only == "6.x":
            return version.startswith("6")
        if self.only == "5.11 only":
            return version.startswith("5")
        return True


@dataclass
class Module:
    name: str
    only: str | None
    names: list[Name] = field(default_factory=list)

    def in_version(self, version: str) -> bool:
        return Name(self.name, "", "module", only=self.only).in_version(version)


def _marker(text: str) -> str | None:
    if "[6.x]" in text:
        return "6.x"
    if "[5.11 only]" in text:
        return "5.11 only"
    return None


def parse_listing(text: str) -> list[Module]:
    modules: list[Module] = []
    current: Module | None = None
    last: Name | None = None
    for raw in text.splitlines():
        if raw.startswith("## "):
            head = raw[3:].strip()
            current = Module(head.split()[0], _marker(head))
            modules.append(current)
            last = None
            continue
        if current is None or not raw.strip().startswith("- "):
            continue
        if raw.startswith("  - "):
            if last is None:
                continue
            body = raw[4:]
            if body.startswith("fields:"):
                ticks = _TICK.findall(body)
                last.fields = _split_params(ticks[0]) if ticks else []
                continue
            ticks = _TICK.findall(body)
            if len(ticks) < 2:
                continue
            member_name, spec = ticks[0], ticks[1]
            after = body.split("`", 4)[-1]
            only = _marker(after)
            kind, sig = _member_kind(spec)
            last.members.append(Member(member_name, kind, sig, only))
            continue
        body = raw[2:]
        if body.startswith("re-exports:"):
            for item in _TICK.findall(body):
                only = "6.x" if item.endswith("[6.x]") else None
                item = item.replace("[6.x]", "").strip()
                name, _, target = item.partition(" -> ")
                current.names.append(
                    Name(current.name, name.strip(), "reexport", only=only, target=target.strip())
                )
            last = None
            continue
        ticks = _TICK.findall(body)
        if not ticks:
            continue
        only = _marker(body)
        if body.startswith("class "):
            sig = ticks[1] if len(ticks) > 1 else None
            last = Name(current.name, ticks[0], "class", signature=sig, only=only)
        elif body.startswith("def "):
            call = ticks[0]
            name, _, rest = call.partition("(")
            last = Name(current.name, name, "def", signature="(" + rest, only=only)
        elif " = " in body.split("`", 2)[-1] or body.rstrip().endswith("`") and len(ticks) > 1:
            last = Name(
                current.name,
                ticks[0],
                "const",
                signature=ticks[1] if len(ticks) > 1 else None,
                only=only,
            )
        elif "async function" in body:
            last = Name(current.name, ticks[0], "async function", only=only)
        else:
            last = Name(current.name, ticks[0], "object", only=only)
        current.names.append(last)
    return modules


def _member_kind(spec: str) -> tuple[str, str | None]:
    if spec.startswith("("):
        return "method", spec
    for prefix in ("async", "static", "classmethod"):
        if spec.startswith(prefix + " ("):
            return prefix, spec[len(prefix) + 1 :]
    if spec == "property":
        return "property", None
    if spec.startswith("const "):
        return "const", spec[6:]
    return "other", spec


def _split_params(sig: str) -> list[str]:
    """Split `a, b=[1, 2], *, c` into top-level parts."""
    parts, depth, buf = [], 0, []
    for ch in sig:
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        if ch == "," and depth == 0:
            parts.append("".join(buf).strip())
            buf = []
        else:
            buf.append(ch)
    if "".join(buf).strip():
        parts.append("".join(buf).strip())
    return parts


def _norm(sig: str) -> str:
    sig = _ADDR.sub("", sig.strip())
    if sig.startswith("(") and sig.endswith(")"):
        sig = sig[1:-1]
    return ", ".join(_split_params(sig))


_EMPTY = ("{}", "[]", "set()", "()", "<factory>")


def same_signature(ours: str, want: str) -> bool:
    """Equal, treating a default factory and an empty literal default as the same default."""
    if ours == want:
        return True
    a, b = _split_params(ours), _split_params(want)
    if len(a) != len(b):
        return False
    for x, y in zip(a, b, strict=True):
        if x == y:
            continue
        xn, _, xd = x.partition("=")
        yn, _, yd = y.partition("=")
        if xn != yn or not (xd in _EMPTY and yd in _EMPTY):
            return False
    return True


def _same_value(obj: object, want: str) -> bool:
    """Our constant equals the listed repr (compared as values where the repr parses)."""
    mine = _ADDR.sub("", repr(obj))
    if mine == want or want.startswith("<"):
        return True
    try:
        return ast.literal_eval(want) == obj
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        pass
    if isinstance(obj, (set, frozenset)):
        ours = f"{type(obj).__name__}({sorted(obj)!r})"
        # the listing prints sets sorted and cuts long values short
        return ours == want or (not want.endswith(")") and ours.startswith(want))
    # A listed container cut short (the listing truncates long values): nothing to compare.
    return want[:1] in "{[(" and isinstance(obj, (dict, list, tuple))


def _param_text(p: inspect.Parameter) -> str:
    prefix = {p.VAR_POSITIONAL: "*", p.VAR_KEYWORD: "**"}.get(p.kind, "")
    text = prefix + p.name
    if p.default is not p.empty:
        text += "=" + repr(p.default)
    return text


def signature_text(obj: object) -> str | None:
    try:
        sig = inspect.signature(obj)
    except (TypeError, ValueError):
        return None
    parts: list[str] = []
    saw_kwonly = False
    params = list(sig.parameters.values())
    for i, p in enumerate(params):
        if p.kind == p.POSITIONAL_ONLY and (
            i + 1 == len(params) or params[i + 1].kind != p.POSITIONAL_ONLY
        ):
            parts.append(_param_text(p))
            parts.append("/")
            continue
        if p.kind == p.KEYWORD_ONLY and not saw_kwonly:
            if not any(q.kind == q.VAR_POSITIONAL for q in params):
                parts.append("*")
            saw_kwonly = True
        parts.append(_param_text(p))
    return _norm("(" + ", ".join(parts) + ")")


def _import(module: str):
    try:
        return importlib.import_module(module), None
    except Exception as exc:  # noqa: BLE001 - a module that fails to import counts as missing
        return None, f"{type(exc).__name__}: {exc}"


def _class_member(cls: type, name: str):
    for klass in inspect.getmro(cls):
        if name in vars(klass):
            return vars(klass)[name]
    return getattr(cls, name, None)


def _check_member(cls: type, member: Member) -> str:
    """'ok' | 'missing' | 'differs: ...'."""
    sentinel = object()
    raw = _class_member(cls, member.name)
    if raw is None and getattr(cls, member.name, sentinel) is sentinel:
        fields = getattr(cls, "model_fields", None) or {}
        if member.name in fields or member.name in {f.name for f in _dc_fields(cls)}:
            return "ok"
        return "missing"
    if member.signature is None or member.kind in ("property", "other", "const"):
        return "ok"
    target = raw.__func__ if isinstance(raw, (staticmethod, classmethod)) else raw
    ours = signature_text(target)
    want = _norm(member.signature)
    if ours is None or same_signature(ours, want):
        return "ok"
    return f"differs: ours ({ours}) want ({want})"


def _dc_fields(cls: type):
    return dataclasses.fields(cls) if dataclasses.is_dataclass(cls) else ()


@dataclass
class Result:
    module: str
    name: str
    status: str  # "present" | "missing" | "differs"
    detail: str = ""


def check_name(mod, entry: Name, version: str) -> Result:
    sentinel = object()
    obj = getattr(mod, entry.name, sentinel)
    if obj is sentinel:
        return Result(entry.module, entry.name, "missing")
    if entry.kind == "reexport":
        return Result(entry.module, entry.name, "present")
    problems: list[str] = []
    if entry.kind in ("class", "def") and entry.signature:
        ours = signature_text(obj)
        want = _norm(entry.signature)
        if ours is not None and not same_signature(ours, want):
            problems.append(f"signature: ours ({ours}) want ({want})")
    if (
        entry.kind == "const"
        and entry.signature is not None
        and not (entry.name.endswith("VERSION") and isinstance(obj, str))  # our own version
        and not _same_value(obj, entry.signature)
    ):
        mine = _ADDR.sub("", repr(obj))
        problems.append(f"value: ours {mine[:80]} want {entry.signature[:80]}")
    if entry.kind == "class" and isinstance(obj, type):
        if entry.fields is not None and (
            dataclasses.is_dataclass(obj) or hasattr(obj, "model_fields")
        ):
            ours_fields = [f.name for f in _dc_fields(obj)] or list(obj.model_fields)
            want_fields = [f.split("=", 1)[0] for f in entry.fields]
            if set(ours_fields) != set(want_fields):
                missing = [f for f in want_fields if f not in ours_fields]
                extra = [f for f in ours_fields if f not in want_fields]
                problems.append(f"fields: missing {missing} extra {extra}")
        for member in entry.members:
            if member.only == "6.x" and not version.startswith("6"):
                continue
            if member.only == "5.11 only" and not version.startswith("5"):
                continue
            if member.name == "__init__":
                continue  # the class signature above covers it
            status = _check_member(obj, member)
            if status != "ok":
                problems.append(f".{member.name}: {status}")
    if problems:
        return Result(entry.module, entry.name, "differs", "; ".join(problems))
    return Result(entry.module, entry.name, "present")


def coverage(modules: list[Module], version: str, prefix: str = "") -> dict:
    from sdk import alias

    alias.install()
    per_module: dict[str, dict] = {}
    totals = {"present": 0, "missing": 0, "differs": 0, "modules_missing": 0}
    for module in modules:
        if not module.in_version(version):
            continue
        if prefix and not (module.name == prefix or module.name.startswith(prefix + ".")):
            continue
        mod, error = _import(module.name)
        entries = [n for n in module.names if n.in_version(version)]
        report = {"import_error": error, "present": [], "missing": [], "differs": []}
        if mod is None:
            totals["modules_missing"] += 1
            report["missing"] = [n.name for n in entries]
            totals["missing"] += len(entries)
        else:
            for entry in entries:
                result = check_name(mod, entry, version)
                totals[result.status] += 1
                if result.status == "differs":
                    report["differs"].append({"name": entry.name, "detail": result.detail})
                else:
                    report[result.status].append(entry.name)
        per_module[module.name] = report
    names = totals["present"] + totals["missing"] + totals["differs"]
    totals["names"] = names
    totals["modules"] = len(per_module)
    totals["matching_pct"] = round(100.0 * totals["present"] / names, 1) if names else 100.0
    totals["present_pct"] = (
        round(100.0 * (totals["present"] + totals["differs"]) / names, 1) if names else 100.0
    )
    return {"version": version, "totals": totals, "modules": per_module}


def _print_human(report: dict, details: bool) -> None:
    t = report["totals"]
    print(
        f"imperal_sdk {report['version']}: {t['names']} names in {t['modules']} modules: "
        f"{t['present']} match, {t['differs']} differ, {t['missing']} missing "
        f"({t['matching_pct']}% matching, {t['present_pct']}% present; "
        f"{t['modules_missing']} modules fail to import)"
    )
    for name, mod in report["modules"].items():
        bad = len(mod["missing"]) + len(mod["differs"])
        if not bad and not mod["import_error"]:
            continue
        line = f"  {name}: {len(mod['present'])} ok, {len(mod['differs'])} differ, "
        line += f"{len(mod['missing'])} missing"
        if mod["import_error"]:
            line += f"  [import: {mod['import_error'][:100]}]"
        print(line)
        if details:
            for missing in mod["missing"]:
                print(f"      missing  {missing}")
            for diff in mod["differs"]:
                print(f"      differs  {diff['name']}: {diff['detail']}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--listing", default=os.environ.get("IMPERAL_SDK_LISTING", str(DEFAULT_LISTING))
    )
    parser.add_argument("--version", choices=VERSIONS, action="append")
    parser.add_argument("--module", default="", help="only modules under this dotted prefix")
    parser.add_argument("--details", action="store_true", help="list every missing/differing name")
    parser.add_argument("--json", action="store_true", help="print JSON figures")
    args = parser.parse_args(argv)
    listing = Path(args.listing)
    if not listing.is_file():
        print(f"error: listing not found: {listing}", file=sys.stderr)
        return 2
    sys.path.insert(0, str(ROOT))
    modules = parse_listing(listing.read_text(encoding="utf-8"))
    reports = [coverage(modules, v, args.module) for v in (args.version or VERSIONS)]
    if args.json:
        print(json.dumps({"listing": listing.name, "reports": reports}, indent=1))
    else:
        for report in reports:
            _print_human(report, args.details)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
