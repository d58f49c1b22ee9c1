"""Extension validators: `validate_extension` (V1–V24, V24-AST, V31, V33, V34 over a loaded
extension) and `validate_path`, which runs everything the CLI's `validate` runs (the extension
rules, the source-tree rules of `sdk.validator_v1_6_0`, and the manifest checks when
imperal.json exists).

Rule ids, severities and what triggers them follow imperal-sdk 5.11 (observed as a black box);
the messages and fix hints are our own. Every issue carries a rule id, a level (ERROR, WARN or
INFO), a message, a `fix` hint and, where a function or a source file is involved, the file
and line.
"""

from __future__ import annotations

import ast
import contextlib
import importlib.util
import inspect
import json
import linecache
import os
import re
import sys
import textwrap
import traceback
import typing
import zlib
from dataclasses import asdict, dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

from pydantic import BaseModel

ERROR = "ERROR"
WARN = "WARN"
INFO = "INFO"

APP_ID_PATTERN = r"^[a-z0-9][a-z0-9-]*[a-z0-9]$"
SEMVER_PATTERN = r"^\d+\.\d+\.\d+"
APP_ID_RE = re.compile(APP_ID_PATTERN)
VERSION_RE = re.compile(SEMVER_PATTERN)
VALID_ACTION_TYPES = {"read", "write", "destructive"}
ACTION_TYPES = ("read", "write", "destructive")
SYNTHETIC_PREFIXES = ("__panel__", "__widget__", "__tray__", "__webhook__")
LIFECYCLE_REQUIRED_KWARGS = {"on_refresh": "message", "on_upgrade": "from_version"}
ICON_MAX_BYTES = 100 * 1024
LLM_TOOL_NAME_MAX = 64  # providers cap tool names; the kernel shows `<app_id>__<function>`


@dataclass
class ValidationIssue:
    rule: str
    level: str
    message: str
    file: str = ""
    line: int = 0
    fix: str = ""

    _ALIASES = {"severity": "level", "detail": "message"}

    def get(self, key: str, default: Any = None) -> Any:
        """Dict-style access; `severity` means `level` and `detail` means `message`."""
        return getattr(self, self._ALIASES.get(key, key), default)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def __str__(self) -> str:
        where = f"[{self.file}:{self.line}]  " if self.file else ""
        return f"{self.level:<5}  {where}[{self.rule}] {self.message}"


@dataclass
class ValidationReport:
    app_id: str
    version: str
    issues: list[ValidationIssue] = field(default_factory=list)
    function_count: int = 0
    tool_count: int = 0
    event_count: int = 0

    @property
    def errors(self) -> list[ValidationIssue]:
        return [i for i in self.issues if i.level == ERROR]

    @property
    def warnings(self) -> list[ValidationIssue]:
        return [i for i in self.issues if i.level == WARN]

    @property
    def infos(self) -> list[ValidationIssue]:
        return [i for i in self.issues if i.level == INFO]

    @property
    def is_valid(self) -> bool:
        return not self.errors

    def to_dict(self) -> dict[str, Any]:
        return {
            "app_id": self.app_id,
            "version": self.version,
            "valid": self.is_valid,
            "function_count": self.function_count,
            "tool_count": self.tool_count,
            "event_count": self.event_count,
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "infos": len(self.infos),
            "issues": [i.to_dict() for i in self.issues],
        }


# ---------------------------------------------------------------------------- helpers


def _unwrap(func: Any) -> Any:
    try:
        return inspect.unwrap(func)
    except Exception:
        return func


def _location(func: Any) -> tuple[str, int]:
    func = _unwrap(func)
    try:
        file = inspect.getsourcefile(func) or ""
    except (TypeError, OSError):
        file = ""
    code = getattr(func, "__code__", None)
    if code is not None:  # where the definition starts (its first decorator), without re-reading
        return file, code.co_firstlineno
    try:
        line = inspect.getsourcelines(func)[1]
    except (TypeError, OSError):
        line = 0
    return file, line


def _file_mentions(file: str, *words: str) -> bool:
    """A cheap pre-check before parsing: can the file contain what a rule looks for at all?"""
    text = "".join(linecache.getlines(file)) if file else ""
    return not text or any(w in text for w in words)


def _issue(rule: str, level: str, message: str, fix: str, func: Any = None) -> ValidationIssue:
    file, line = _location(func) if func is not None else ("", 0)
    return ValidationIssue(rule, level, message, file, line, fix)


def _is_synthetic(name: str) -> bool:
    return name.startswith(SYNTHETIC_PREFIXES)


def _chat_functions(ext: Any) -> list[tuple[str, Any]]:
    """(owner chat tool name, FunctionDef) for every `@chat.function` of every ChatExtension."""
    out = []
    for tool_name, chat in (getattr(ext, "_chat_extensions", None) or {}).items():
        for fd in (getattr(chat, "_functions", None) or {}).values():
            out.append((tool_name, fd))
    return out


def _hints(func: Any) -> dict[str, Any]:
    try:
        return typing.get_type_hints(func)
    except Exception:
        return dict(getattr(func, "__annotations__", {}) or {})


def _is_model(obj: Any) -> bool:
    return isinstance(obj, type) and issubclass(obj, BaseModel)


def _return_annotation(func: Any) -> Any:
    func = _unwrap(func)
    hints = _hints(func)
    if "return" in hints:
        return hints["return"]
    try:
        return inspect.signature(func).return_annotation
    except (TypeError, ValueError):
        return inspect.Signature.empty


def _is_action_result(ann: Any) -> bool:
    if ann is inspect.Signature.empty or ann is None:
        return False
    for candidate in (ann, typing.get_origin(ann)):
        if isinstance(candidate, type) and candidate.__name__ == "ActionResult":
            return True
    text = ann if isinstance(ann, str) else repr(ann)
    return "ActionResult" in text


def _signature(func: Any) -> inspect.Signature | None:
    try:
        return inspect.signature(_unwrap(func))
    except (TypeError, ValueError):
        return None


def ext_source_dir(ext: Any) -> Path | None:
    """The folder of the module that defines the extension's handlers (for relative icons)."""
    funcs: list[Any] = [t.func for t in getattr(ext, "_tools", {}).values()]
    funcs += [fd.func for _, fd in _chat_functions(ext)]
    funcs += [h.func for h in getattr(ext, "_lifecycle", {}).values()]
    if getattr(ext, "_health_check", None) is not None:
        funcs.append(ext._health_check.func)
    for func in funcs:
        file, _ = _location(func)
        if file:
            return Path(file).resolve().parent
    return None


def resolve_icon(ext: Any, base_dir: str | os.PathLike | None = None) -> Path | None:
    """The icon file: as given (absolute or under the CWD), under `base_dir`, or next to the
    extension's source. None when it does not resolve."""
    icon = getattr(ext, "icon", "") or ""
    if not icon:
        return None
    candidates = [Path(icon), Path.cwd() / icon]
    if base_dir is not None:
        candidates.append(Path(base_dir) / icon)
    src = ext_source_dir(ext)
    if src is not None:
        candidates.append(src / icon)
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    return None


def _v23_level() -> str:
    """V23 is an ERROR; IMPERAL_VALIDATOR_V23_SEVERITY=warn lowers it to a WARN."""
    value = os.environ.get("IMPERAL_VALIDATOR_V23_SEVERITY", "").strip().lower()
    return WARN if value == "warn" else ERROR


# ------------------------------------------------------------------ validate_extension


def _check_icon(ext: Any, base_dir: Any) -> list[ValidationIssue]:
    icon = getattr(ext, "icon", "") or ""
    if not icon:
        return [
            ValidationIssue(
                "V21",
                ERROR,
                "Extension(icon=...) is not set",
                fix='Ship an SVG icon and pass icon="icon.svg" to Extension(...).',
            )
        ]
    if not icon.lower().endswith(".svg"):
        return [
            ValidationIssue(
                "V21",
                ERROR,
                f"icon {icon!r} is not an .svg file",
                fix="Use an SVG icon (24×24 with a viewBox), e.g. icon.svg.",
            )
        ]
    path = resolve_icon(ext, base_dir)
    if path is None:
        return []
    where = str(path)
    raw = path.read_bytes()
    if len(raw) > ICON_MAX_BYTES:
        return [
            ValidationIssue(
                "V21",
                ERROR,
                f"icon {icon!r} is {len(raw)} bytes; the limit is {ICON_MAX_BYTES} (100 KB)",
                where,
                0,
                "Simplify the SVG (remove metadata, embedded fonts or rasters).",
            )
        ]
    import xml.etree.ElementTree as ET

    try:
        root = ET.fromstring(raw)
    except ET.ParseError as exc:
        line = exc.position[0] if getattr(exc, "position", None) else 0
        return [
            ValidationIssue(
                "V21",
                ERROR,
                f"icon {icon!r} is not well-formed XML: {exc}",
                where,
                line,
                "Fix the SVG markup so it parses as XML.",
            )
        ]
    issues = []
    tag = root.tag.rsplit("}", 1)[-1]
    if tag != "svg":
        issues.append(
            ValidationIssue(
                "V21",
                ERROR,
                f"icon {icon!r}: the root element is <{tag}>, not <svg>",
                where,
                0,
                "Make <svg> the root element.",
            )
        )
    elif "viewBox" not in root.attrib:
        issues.append(
            ValidationIssue(
                "V21",
                ERROR,
                f"icon {icon!r}: the <svg> has no viewBox",
                where,
                0,
                'Add a viewBox, e.g. <svg viewBox="0 0 24 24" ...>.',
            )
        )
    for el in root.iter():
        if el.tag.rsplit("}", 1)[-1] != "image":
            continue
        for key, value in el.attrib.items():
            if key.rsplit("}", 1)[-1] == "href" and re.match(
                r"\s*data:image/[^;,]*;base64", value, re.I
            ):
                issues.append(
                    ValidationIssue(
                        "V21",
                        ERROR,
                        f"icon {icon!r} embeds a base64 raster <image>",
                        where,
                        0,
                        "Use vector paths only; do not embed PNG/JPEG data in the SVG.",
                    )
                )
                break
    return issues


def _ctx_attr(node: ast.AST, attr: str) -> bool:
    return (
        isinstance(node, ast.Attribute)
        and node.attr == attr
        and isinstance(node.value, ast.Name)
        and node.value.id == "ctx"
    )


def _v24_ast(fd: Any) -> list[ValidationIssue]:
    func = _unwrap(fd.func)
    if not _file_mentions(_location(func)[0], "skeleton"):
        return []
    try:
        lines, start = inspect.getsourcelines(func)
        file = inspect.getsourcefile(func) or ""
    except (TypeError, OSError):
        return []
    try:
        tree = ast.parse(textwrap.dedent("".join(lines)))
    except SyntaxError:
        return []
    for node in ast.walk(tree):
        if _ctx_attr(node, "skeleton"):
            return [
                ValidationIssue(
                    "V24-AST",
                    ERROR,
                    f"chat function '{fd.name}' reads ctx.skeleton; only @ext.skeleton refresh "
                    "tools may touch the skeleton",
                    file,
                    start + node.lineno - 1,
                    "Fetch fresh data with ctx.store / ctx.http (or ctx.cache) inside the "
                    "function instead of reading ctx.skeleton.",
                )
            ]
    return []


def _check_function(ext: Any, owner: str, fd: Any) -> list[ValidationIssue]:
    issues: list[ValidationIssue] = []
    name = fd.name
    func = fd.func
    action = fd.action_type
    writes = action in ("write", "destructive")

    if action not in ACTION_TYPES:
        issues.append(
            _issue(
                "V4",
                ERROR,
                f"function '{name}' has action_type {action!r}",
                'Use action_type="read", "write" or "destructive".',
                func,
            )
        )

    ret = _return_annotation(func)
    if not _is_action_result(ret):
        shown = "none" if ret is inspect.Signature.empty else getattr(ret, "__name__", str(ret))
        issues.append(
            _issue(
                "V5",
                ERROR,
                f"function '{name}' must be annotated to return ActionResult (found: {shown})",
                f"Declare `async def {getattr(func, '__name__', name)}(ctx, params: Params) -> "
                "ActionResult[YourDataModel]:`.",
                func,
            )
        )

    sig = _signature(func)
    others = []
    if sig is not None:
        others = [p for p in sig.parameters.values() if p.name not in ("ctx", "self")]
    if others and fd._pydantic_model is None:
        hints = _hints(_unwrap(func))
        if not any(_is_model(hints.get(p.name, p.annotation)) for p in others):
            issues.append(
                _issue(
                    "V6",
                    WARN,
                    f"function '{name}' takes {', '.join(p.name for p in others)} but none of "
                    "them is a pydantic model",
                    "Gather the arguments into one BaseModel and take it as `params: Params`.",
                    func,
                )
            )

    if writes and not fd.event:
        suffix = name[3:] if name.startswith("fn_") else name
        issues.append(
            _issue(
                "V10",
                WARN,
                f"{action} function '{name}' publishes no event",
                f'Add event="{ext.app_id}.{suffix}" so other extensions and panels can react.',
                func,
            )
        )

    if not inspect.getdoc(_unwrap(func)):
        issues.append(
            _issue(
                "V11",
                WARN,
                f"function '{name}' has no docstring",
                "Add a one-line docstring describing what the function does.",
                func,
            )
        )

    if not name.startswith("__") and len((fd.description or "").strip()) < 20:
        issues.append(
            _issue(
                "V16",
                ERROR,
                f"function '{name}' description is {len((fd.description or '').strip())} "
                "characters; at least 20 are required",
                "Describe what it does and when to use it in a full sentence.",
                func,
            )
        )

    if fd._pydantic_model is None:
        issues.append(
            _issue(
                "V17",
                ERROR,
                f"function '{name}' has no pydantic params model",
                "Take the arguments as one parameter annotated with a module-level BaseModel "
                "(e.g. `params: CreateParams`) and drop the explicit params= dict.",
                func,
            )
        )

    ret_ok = _is_action_result(ret) or _is_model(ret) or fd._return_model is not None
    if not ret_ok:
        issues.append(
            _issue(
                "V18",
                ERROR,
                f"function '{name}' returns neither an ActionResult nor a pydantic model",
                "Return ActionResult (annotate `-> ActionResult[Model]`) or pass data_model=.",
                func,
            )
        )

    if getattr(ext, "actions_explicit", False) is True and writes and not fd.chain_callable:
        issues.append(
            _issue(
                "V19",
                ERROR,
                f"{action} function '{name}' sets chain_callable=False under actions_explicit=True",
                "Remove chain_callable=False (write/destructive functions must be chain-callable).",
                func,
            )
        )

    if writes and not fd.effects:
        issues.append(
            _issue(
                "V20",
                WARN,
                f"{action} function '{name}' declares no effects",
                f'Add effects=["{"delete" if action == "destructive" else "update"}:<entity>"].',
                func,
            )
        )

    if fd._return_model is None:
        if action == "read":
            issues.append(
                _issue(
                    "V23",
                    _v23_level(),
                    f"read function '{name}' has no data_model",
                    "Pass data_model=YourModel (or annotate `-> ActionResult[YourModel]`) so "
                    "chains and the tool catalog know the shape of ActionResult.data.",
                    func,
                )
            )
        elif writes:
            issues.append(
                _issue(
                    "V24",
                    WARN,
                    f"{action} function '{name}' has no data_model",
                    "Pass data_model=YourModel (or annotate `-> ActionResult[YourModel]`).",
                    func,
                )
            )

    issues.extend(_v24_ast(fd))

    shown = f"{ext.app_id}__{name}"
    if len(shown) > LLM_TOOL_NAME_MAX:
        issues.append(
            _issue(
                "V33",
                WARN,
                f"function '{name}' reaches the model as '{shown}', {len(shown)} characters; "
                f"model providers accept at most {LLM_TOOL_NAME_MAX}, so the kernel will "
                "substitute a hashed alias",
                f"Keep len(app_id) + 2 + len(function name) <= {LLM_TOOL_NAME_MAX}: shorten "
                "the function name or the app_id.",
                func,
            )
        )
    return issues


def validate_extension(ext: Any) -> ValidationReport:
    """Run V1–V24, V24-AST, V31, V33 and V34 over a loaded extension (a relative icon is
    looked up from the CWD and next to the extension's source)."""
    return validate_extension_in(ext, None)


def validate_extension_in(ext: Any, base_dir: str | os.PathLike | None) -> ValidationReport:
    """`validate_extension`, also resolving a relative icon against `base_dir` (the CLI passes
    the extension folder)."""
    app_id = str(getattr(ext, "app_id", ""))
    version = str(getattr(ext, "version", ""))
    tools = getattr(ext, "_tools", {}) or {}
    real_tools = {n: t for n, t in tools.items() if not _is_synthetic(n)}
    chats = getattr(ext, "_chat_extensions", None) or {}
    functions = _chat_functions(ext)
    handlers = getattr(ext, "_event_handlers", []) or []
    report = ValidationReport(
        app_id=app_id,
        version=version,
        function_count=len(functions),
        tool_count=len(real_tools),
        event_count=sum(1 for _, fd in functions if fd.event) + len(handlers),
    )
    add = report.issues.append

    if not APP_ID_RE.match(app_id):
        add(
            ValidationIssue(
                "V1",
                ERROR,
                f"app_id {app_id!r} is invalid",
                fix="Use lowercase letters, digits and '-', starting and ending with a letter "
                "or digit (e.g. 'my-notes').",
            )
        )
    if not VERSION_RE.match(version):
        add(
            ValidationIssue(
                "V2",
                ERROR,
                f"version {version!r} is not semantic (MAJOR.MINOR.PATCH)",
                fix='Use a version like "1.0.0".',
            )
        )
    if not real_tools and not chats:
        add(
            ValidationIssue(
                "V3",
                ERROR,
                "the extension has no tools: no @ext.tool and no ChatExtension",
                fix="Create a ChatExtension and add at least one @chat.function "
                "(panels, widgets, trays and webhooks do not count).",
            )
        )

    for owner, fd in functions:
        add_all = _check_function(ext, owner, fd)
        report.issues.extend(add_all)

    add(
        ValidationIssue(
            "V8",
            WARN,
            "cannot verify imperal.json from the extension object alone",
            fix="Run `imperal-shell build PATH` to write imperal.json, then validate the folder.",
        )
    )
    if getattr(ext, "_health_check", None) is None:
        add(
            ValidationIssue(
                "V9",
                WARN,
                "no @ext.health_check",
                fix="Add `@ext.health_check` on `async def health(ctx)` returning a status.",
            )
        )
    if "on_install" not in (getattr(ext, "_lifecycle", {}) or {}):
        add(
            ValidationIssue(
                "V12",
                INFO,
                "no @ext.on_install hook",
                fix="Add `@ext.on_install` if the extension needs first-run setup.",
            )
        )
    for name, tool in real_tools.items():
        if name.startswith("refresh_"):
            add(
                _issue(
                    "V13",
                    WARN,
                    f"tool '{name}' looks like a skeleton refresh but lacks the skeleton_ prefix",
                    f'Use @ext.skeleton("{name[len("refresh_") :]}") instead.',
                    tool.func,
                )
            )
        elif name.startswith("alert_"):
            add(
                _issue(
                    "V13",
                    INFO,
                    f"tool '{name}' looks like a skeleton alert but lacks the skeleton_ prefix",
                    f'Name it "skeleton_alert_{name[len("alert_") :]}".',
                    tool.func,
                )
            )

    description = (getattr(ext, "description", "") or "").strip()
    if len(description) < 40 or description == app_id:
        add(
            ValidationIssue(
                "V14",
                ERROR,
                f"extension description is {len(description)} characters"
                + (" and equals the app_id" if description == app_id and description else "")
                + "; at least 40 are required",
                fix="Pass description= with a sentence of at least 40 characters saying what "
                "the extension does.",
            )
        )
    display_name = (getattr(ext, "display_name", "") or "").strip()
    if len(display_name) < 3 or display_name == app_id:
        add(
            ValidationIssue(
                "V15",
                ERROR,
                f"display_name {display_name!r} is missing, shorter than 3 characters or equal "
                "to the app_id",
                fix='Pass display_name="Human Name" to Extension(...).',
            )
        )
    if getattr(ext, "actions_explicit", False) is not True:
        add(
            ValidationIssue(
                "V19",
                ERROR,
                "actions_explicit is not True",
                fix="Pass actions_explicit=True to Extension(...).",
            )
        )
    report.issues.extend(_check_icon(ext, base_dir))

    for key, hook in (getattr(ext, "_lifecycle", {}) or {}).items():
        needed = LIFECYCLE_REQUIRED_KWARGS.get(key)
        sig = _signature(hook.func)
        if needed is None or sig is None:
            continue
        params = sig.parameters.values()
        if needed in sig.parameters or any(p.kind is p.VAR_KEYWORD for p in params):
            continue
        add(
            _issue(
                "V22",
                ERROR,
                f"lifecycle hook '{key}' does not accept the keyword '{needed}'",
                f"Declare it as `async def {getattr(hook.func, '__name__', 'hook')}(ctx, "
                f"{needed}=None, **kwargs)`.",
                hook.func,
            )
        )

    if getattr(ext, "system", False):
        author = os.environ.get("IMPERAL_AUTHOR_ID", "").strip()
        allowed_raw = os.environ.get("IMPERAL_FIRSTPARTY_AUTHOR_IDS", "").strip()
        allowed = {a.strip() for a in allowed_raw.split(",") if a.strip()}
        if author and allowed_raw and author not in allowed:
            add(
                ValidationIssue(
                    "V31",
                    ERROR,
                    f"system=True is reserved for first-party authors; author {author!r} is "
                    "not in IMPERAL_FIRSTPARTY_AUTHOR_IDS",
                    fix="Remove system=True from Extension(...).",
                )
            )

    scoped = any(getattr(t, "scopes", None) for t in real_tools.values())
    if not (getattr(ext, "capabilities", None) or scoped):
        add(
            ValidationIssue(
                "V34",
                ERROR if getattr(ext, "system", False) else WARN,
                f"{app_id!r} declares neither capabilities nor scopes on any @ext.tool, so "
                "the kernel grants it every scope",
                fix='Pass capabilities=["<area>:read", "<area>:write"] to Extension(...) or '
                "scopes=[...] to each @ext.tool, so calls are checked against what it needs.",
            )
        )
    return report


# ------------------------------------------------------------------------ validate_path


def extension_root(path: str | os.PathLike) -> Path:
    root = Path(path).resolve()
    return root.parent if root.is_file() else root


def load_main(path: str | os.PathLike) -> ModuleType:
    """Import `<path>/main.py` freshly (as its own package, with `imperal_sdk` aliased)."""
    from sdk import alias

    root = extension_root(path)
    main = root / "main.py"
    if not main.is_file():
        raise FileNotFoundError(f"no main.py in {root}")
    alias.install()
    safe = re.sub(r"[^A-Za-z0-9_]", "_", root.name)
    pkg = f"_imperal_check_{safe}_{zlib.crc32(str(root).encode()):08x}"
    for name in [m for m in sys.modules if m == pkg or m.startswith(pkg + ".")]:
        del sys.modules[name]
    pkg_spec = importlib.util.spec_from_file_location(
        pkg, root / "__init__.py", submodule_search_locations=[str(root)]
    )
    sys.modules[pkg] = importlib.util.module_from_spec(pkg_spec)
    spec = importlib.util.spec_from_file_location(f"{pkg}.main", main)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    added = str(root) not in sys.path
    if added:
        sys.path.insert(0, str(root))
    try:
        spec.loader.exec_module(module)
    except BaseException:
        sys.modules.pop(spec.name, None)
        raise
    finally:
        if added:
            with contextlib.suppress(ValueError):
                sys.path.remove(str(root))
    return module


def find_extension(module: ModuleType, *, require_ext_name: bool = False) -> Any:
    """The module-level `ext`, or (unless `require_ext_name`) the first Extension instance."""
    from sdk.extension import Extension

    ext = getattr(module, "ext", None)
    if isinstance(ext, Extension):
        return ext
    if not require_ext_name:
        for value in vars(module).values():
            if isinstance(value, Extension):
                return value
    return None


def _load_error(exc: BaseException, root: Path) -> ValidationIssue:
    file, line = "main.py", 0
    if isinstance(exc, SyntaxError) and exc.filename:
        file, line = exc.filename, exc.lineno or 0
    else:
        for frame in reversed(traceback.extract_tb(exc.__traceback__)):
            if frame.filename.startswith(str(root)):
                file, line = frame.filename, frame.lineno or 0
                break
    from sdk._known_names import classify, explain_missing, missing_from

    message = f"main.py failed to import: {type(exc).__name__}: {exc}"
    fix = "Fix the error above; `python main.py` in the extension folder reproduces it."
    why = explain_missing(exc)
    if why:
        message = f"main.py failed to import: {type(exc).__name__}: {why}"
        kind = classify(*missing_from(exc))
        fix = {
            "planned": "Until imperal-shell provides it, avoid the name or guard its import.",
            "platform-only": "Guard the import (try/except ImportError) or run this part on "
            "the hosted platform only.",
        }.get(kind, "Check the spelling against the imperal_sdk API reference.")
    return ValidationIssue("LOAD", ERROR, message, file, line, fix)


def _extension_line(main: Path) -> int:
    """Line of the `Extension(...)` call in main.py (where extension-level issues point)."""
    try:
        tree = ast.parse(main.read_text(encoding="utf-8"))
    except (OSError, SyntaxError, UnicodeDecodeError, ValueError):
        return 0
    for node in ast.walk(tree):
        func = node.func if isinstance(node, ast.Call) else None
        name = getattr(func, "id", None) or getattr(func, "attr", None)
        if name == "Extension":
            return node.lineno
    return 0


def _relative(issues: list[ValidationIssue], root: Path) -> None:
    for issue in issues:
        if issue.file and os.path.isabs(issue.file):
            with contextlib.suppress(ValueError):
                issue.file = str(Path(issue.file).resolve().relative_to(root))


def manifest_issues(root: Path) -> list[ValidationIssue]:
    """Checks of an on-disk `imperal.json`: M0 (not JSON), M1–M5, V25, the M6.3/M7.3/M8.2
    semantic errors (reported as issues here) and SDK-VERSION-1."""
    from sdk.manifest_schema import validate_manifest_dict
    from sdk.validator_v1_6_0 import validate_manifest_v1_6_0

    path = root / "imperal.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        return [
            ValidationIssue(
                "M0",
                ERROR,
                f"imperal.json is not valid JSON: {exc}",
                "imperal.json",
                getattr(exc, "lineno", 0) or 0,
                "Regenerate it with `imperal-shell build PATH`.",
            )
        ]
    try:
        issues = validate_manifest_dict(data)
    except ValueError as exc:
        text = str(exc)
        rule = text.split(":", 1)[0] if text.startswith("M") and ":" in text else "M6"
        issues = [
            ValidationIssue(
                rule,
                ERROR,
                text,
                fix="Fix the duplicate or the event prefix in main.py and rebuild.",
            )
        ]
    issues.extend(validate_manifest_v1_6_0(data, root))
    for issue in issues:
        issue.file = issue.file or "imperal.json"
    return issues


def validate_path_report(path: str | os.PathLike) -> ValidationReport:
    """Everything `imperal-shell validate PATH` checks, as one report.

    Imports main.py (module-level `ext` required), runs `validate_extension` and
    `validate_source_tree`, and when imperal.json exists drops V8 and checks the manifest.
    A main.py that does not import is a LOAD error (the AST rules still run).
    """
    from sdk.validator_v1_6_0 import validate_source_tree

    root = extension_root(path)
    main = root / "main.py"
    if not main.is_file():
        return ValidationReport(
            "",
            "",
            [
                ValidationIssue(
                    "LOAD",
                    ERROR,
                    f"no main.py in {root}",
                    fix="Run validate on an extension folder (one with main.py).",
                )
            ],
        )
    try:
        module = load_main(root)
    except (Exception, SystemExit) as exc:  # an extension's import may raise anything
        report = ValidationReport("", "", [_load_error(exc, root)])
        report.issues.extend(validate_source_tree(root))
        _relative(report.issues, root)
        return report
    ext = find_extension(module, require_ext_name=True)
    if ext is None:
        report = ValidationReport(
            "",
            "",
            [
                ValidationIssue(
                    "LOAD",
                    ERROR,
                    "main.py defines no module-level `ext` Extension",
                    "main.py",
                    0,
                    'Create it as `ext = Extension("my-app", ...)` at module level.',
                )
            ],
        )
        report.issues.extend(validate_source_tree(root))
        _relative(report.issues, root)
        return report
    report = validate_extension_in(ext, root)
    line = _extension_line(main)
    for issue in report.issues:
        if not issue.file and issue.rule != "V8":
            issue.file, issue.line = str(main), line
    report.issues.extend(validate_source_tree(root))
    if (root / "imperal.json").is_file():
        report.issues = [i for i in report.issues if i.rule != "V8"]
        report.issues.extend(manifest_issues(root))
    _relative(report.issues, root)
    return report


def validate_path(path: str | os.PathLike) -> list[ValidationIssue]:
    """The issues of `validate_path_report(path)`."""
    return validate_path_report(path).issues


def __getattr__(name: str) -> Any:
    """`validate_source_tree` lives in `sdk.validator_v1_6_0` (as in the real SDK) and
    `validate_manifest_dict` in `sdk.manifest_schema`; both are reachable here too (lazily:
    those modules import this one)."""
    if name == "validate_source_tree":
        from sdk.validator_v1_6_0 import validate_source_tree

        return validate_source_tree
    if name == "validate_manifest_dict":
        from sdk.manifest_schema import validate_manifest_dict

        return validate_manifest_dict
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "VALID_ACTION_TYPES",
    "ValidationIssue",
    "ValidationReport",
    "find_extension",
    "load_main",
    "validate_extension",
    "validate_path",
    "validate_path_report",
    "validate_source_tree",  # noqa: F822 - provided by __getattr__
    "validate_manifest_dict",  # noqa: F822 - provided by __getattr__
]
